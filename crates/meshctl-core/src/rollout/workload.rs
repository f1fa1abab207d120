//! The new version's workload in a rollout (`canary start --image`): which
//! Deployments play the two parts, what happens to them once the rollout ends, and
//! the stable one as it was before anything changed — stored in the spec, so any later
//! invocation finishes or undoes the same way. [`todo`] decides, from the record and
//! the workloads as they are now, what is still to be done; commands perform it.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::record::{Phase, RolloutRecord};
use super::spec::{FinishPolicy, duration_str};
use crate::duration::Duration;

/// What becomes of the new version's workload after a rollback or an abort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Cleanup {
    /// Scaled to zero, kept for inspection.
    #[default]
    ScaleDown,
    /// Deleted (only when meshctl created it).
    Delete,
    /// Left running: a blue-green's idle colour stays up for the next switch.
    Keep,
}

/// The workloads of a rollout: the spec's `workload` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadPlan {
    /// The namespace of both workloads (the port's snapshot is opaque: its layout is
    /// the port's business).
    pub namespace: String,
    /// The workload serving the stable version.
    pub stable: String,
    /// The new version's workload.
    pub canary: String,
    /// Whether meshctl created `canary` (only then may a clean-up delete it).
    pub created: bool,
    /// The new version's image.
    pub image: String,
    /// The container whose image changes (default: the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<String>,
    #[serde(default)]
    pub cleanup: Cleanup,
    /// After a promotion (`keep`, `remove`): how long the old workload keeps running,
    /// so a revert is instant, before it is scaled to zero.
    #[serde(with = "duration_str")]
    pub scale_down_delay: Duration,
    /// How long to wait for a workload to be ready (the new one, and the stable one
    /// after `primary` or a restore).
    #[serde(with = "duration_str")]
    pub ready_timeout: Duration,
    /// The stable workload before the rollout changed anything (the port's snapshot);
    /// a rollback after promotion puts it back exactly.
    pub stable_before: Value,
}

/// What is left to do with the workloads of a rollout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Todo {
    /// Nothing (the rollout is still running, or everything is done).
    Nothing,
    /// Scale `name` to zero at `at` (now, or after the delay).
    ScaleDown { name: String, at: Timestamp },
    /// `--finish primary`: put the new image on the stable workload, wait until it is
    /// ready, route all traffic back to it, then scale the new one to zero.
    Primary,
    /// After a rollback or abort: scale the new workload to zero or delete it.
    CleanUp { name: String, delete: bool },
}

/// What is left for `record`'s workloads, given the stable and new workloads' wanted
/// copies now (`None`: the workload does not exist).
pub fn todo(record: &RolloutRecord, stable: Option<u32>, canary: Option<u32>) -> Todo {
    let Some(plan) = &record.spec.workload else {
        return Todo::Nothing;
    };
    if record.workload_done.is_some() {
        return Todo::Nothing;
    }
    let running = |n: Option<u32>| n.is_some_and(|n| n > 0);
    match record.phase {
        Phase::Succeeded if record.spec.finish == FinishPolicy::Primary => {
            if record.weights.get(&record.spec.split.canary) > 0 {
                Todo::Primary
            } else if running(canary) {
                Todo::ScaleDown {
                    name: plan.canary.clone(),
                    at: record.updated_at,
                }
            } else {
                Todo::Nothing
            }
        }
        Phase::Succeeded if running(stable) => Todo::ScaleDown {
            name: plan.stable.clone(),
            at: succeeded_at(record)
                .saturating_add(delay(plan.scale_down_delay))
                .unwrap_or(record.updated_at),
        },
        Phase::RolledBack | Phase::Aborted if plan.cleanup != Cleanup::Keep => {
            let delete = plan.cleanup == Cleanup::Delete && plan.created;
            if canary.is_some() && (delete || running(canary)) {
                Todo::CleanUp {
                    name: plan.canary.clone(),
                    delete,
                }
            } else {
                Todo::Nothing
            }
        }
        _ => Todo::Nothing,
    }
}

/// When the rollout was promoted: its last transition to `Succeeded`.
fn succeeded_at(record: &RolloutRecord) -> Timestamp {
    record
        .history
        .iter()
        .rev()
        .find(|h| h.to == Phase::Succeeded)
        .map(|h| h.at)
        .unwrap_or(record.updated_at)
}

fn delay(d: Duration) -> SignedDuration {
    SignedDuration::from_millis(i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rollout::{Input, RolloutSpec, Split, Steps, Weights, start, step};
    use serde_json::json;

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + secs).unwrap()
    }

    fn record(finish: FinishPolicy, cleanup: Cleanup) -> RolloutRecord {
        let mut spec = RolloutSpec::canary(
            "reviews",
            Split::subsets("v1", "v2"),
            Steps::parse("50").unwrap(),
            Duration::from_secs(30),
        );
        spec.finish = finish;
        spec.workload = Some(WorkloadPlan {
            namespace: "shop".into(),
            stable: "reviews-v1".into(),
            canary: "reviews-v2".into(),
            created: true,
            image: "reviews:2".into(),
            container: None,
            cleanup,
            scale_down_delay: Duration::from_secs(30),
            ready_timeout: Duration::from_secs(300),
            stable_before: json!({"metadata": {"name": "reviews-v1"}}),
        });
        let weights = Weights::split("v1", "v2", 0);
        let ttl = Duration::from_secs(120);
        let started = start(None, spec, weights, json!({}), "ci", at(0), ttl, false);
        started.unwrap().record
    }

    fn promoted(finish: FinishPolicy) -> RolloutRecord {
        let rec = record(finish, Cleanup::ScaleDown);
        step(&rec, &Input::Promote { full: true }, "ci", at(10))
            .unwrap()
            .0
    }

    fn scale_down(name: &str, secs: i64) -> Todo {
        Todo::ScaleDown {
            name: name.into(),
            at: at(secs),
        }
    }

    #[test]
    fn nothing_is_done_while_the_rollout_runs() {
        let rec = record(FinishPolicy::Keep, Cleanup::Delete);
        assert_eq!(todo(&rec, Some(3), Some(3)), Todo::Nothing);
    }

    #[test]
    fn keep_and_remove_scale_the_old_workload_down_after_the_delay_once() {
        for finish in [FinishPolicy::Keep, FinishPolicy::Remove] {
            let mut rec = promoted(finish);
            assert_eq!(todo(&rec, Some(3), Some(1)), scale_down("reviews-v1", 40));
            assert_eq!(todo(&rec, Some(0), Some(1)), Todo::Nothing, "already down");
            rec.workload_done = Some(at(40));
            assert_eq!(todo(&rec, Some(3), Some(1)), Todo::Nothing, "done once");
        }
    }

    #[test]
    fn primary_updates_the_stable_workload_then_scales_the_new_one_down() {
        let mut rec = promoted(FinishPolicy::Primary);
        assert_eq!(todo(&rec, Some(3), Some(1)), Todo::Primary);
        // Traffic is back on the stable workload; the new one still runs.
        rec.weights = Weights::split("v1", "v2", 0);
        assert_eq!(
            todo(&rec, Some(3), Some(1)),
            scale_down("reviews-v2", 10),
            "at once"
        );
        assert_eq!(todo(&rec, Some(3), Some(0)), Todo::Nothing);
    }

    #[test]
    fn a_rollback_scales_the_new_workload_down_or_deletes_what_meshctl_created() {
        let rolled = |cleanup, created| {
            let mut rec = record(FinishPolicy::Keep, cleanup);
            rec.spec.workload.as_mut().unwrap().created = created;
            let input = Input::Rollback {
                reason: String::new(),
            };
            step(&rec, &input, "ci", at(5)).unwrap().0
        };
        let gone = |delete| Todo::CleanUp {
            name: "reviews-v2".into(),
            delete,
        };
        let rec = rolled(Cleanup::ScaleDown, true);
        assert_eq!(todo(&rec, Some(3), Some(1)), gone(false));
        assert_eq!(todo(&rec, Some(3), Some(0)), Todo::Nothing);
        let rec = rolled(Cleanup::Delete, true);
        assert_eq!(todo(&rec, Some(3), Some(0)), gone(true));
        assert_eq!(todo(&rec, Some(3), None), Todo::Nothing, "gone already");
        let rec = rolled(Cleanup::Delete, false);
        assert_eq!(
            todo(&rec, Some(3), Some(1)),
            gone(false),
            "not meshctl's to delete"
        );
        let rec = rolled(Cleanup::Keep, true);
        assert_eq!(todo(&rec, Some(3), Some(1)), Todo::Nothing, "left running");
    }

    #[test]
    fn a_promoted_rollout_with_workloads_can_be_rolled_back_and_cleans_up_again() {
        let mut rec = promoted(FinishPolicy::Keep);
        rec.workload_done = Some(at(40));
        let input = Input::Rollback {
            reason: "bad".into(),
        };
        let (back, actions) = step(&rec, &input, "ci", at(50)).unwrap();
        assert_eq!(back.phase, Phase::RolledBack);
        assert_eq!(back.weights, Weights::split("v1", "v2", 0));
        assert!(actions.contains(&crate::rollout::Action::RestoreSnapshot));
        assert_eq!(back.workload_done, None);
        assert_eq!(
            todo(&back, Some(3), Some(1)),
            Todo::CleanUp {
                name: "reviews-v2".into(),
                delete: false
            }
        );
        // Without workloads a promotion stays final.
        rec.spec.workload = None;
        assert!(step(&rec, &input, "ci", at(50)).is_err());
    }
}
