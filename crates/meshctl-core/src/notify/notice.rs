//! What a notification says: one [`Notice`] per event a landed write recorded (the
//! same events `kubectl describe` shows), with where the rollout stands and the
//! judgement that decided it, if one did in that write.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Serialize;

use crate::rollout::{Action, Phase, RolloutRecord};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum NoticeKind {
    /// The rollout's first write (its first step).
    Started,
    /// A step began: weights moved, a hold, an analysis, a header route or mirror, a
    /// blue-green preview or switch.
    Step,
    Paused,
    Resumed,
    Promoted,
    RolledBack,
    Aborted,
}

impl NoticeKind {
    /// The event reasons of the machine, by what they mean to people.
    fn of_reason(reason: &str) -> NoticeKind {
        match reason {
            "CanaryPaused" | "BlueGreenPaused" => NoticeKind::Paused,
            "CanaryResumed" | "BlueGreenResumed" => NoticeKind::Resumed,
            "CanaryPromoted" | "BlueGreenPromoted" => NoticeKind::Promoted,
            "CanaryRolledBack" | "BlueGreenReverted" => NoticeKind::RolledBack,
            "CanaryAborted" | "BlueGreenAborted" => NoticeKind::Aborted,
            _ => NoticeKind::Step,
        }
    }

    /// In a title: "started", "rolled back", …
    pub fn verb(self) -> &'static str {
        match self {
            NoticeKind::Started => "started",
            NoticeKind::Step => "step",
            NoticeKind::Paused => "paused",
            NoticeKind::Resumed => "resumed",
            NoticeKind::Promoted => "promoted",
            NoticeKind::RolledBack => "rolled back",
            NoticeKind::Aborted => "aborted",
        }
    }

    /// Whether people should look: the rollout stopped short of promotion.
    pub fn is_warning(self) -> bool {
        matches!(
            self,
            NoticeKind::Paused | NoticeKind::RolledBack | NoticeKind::Aborted
        )
    }
}

/// The judgement that decided a write: its outcome and figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Figures {
    /// The judged stage, counted from 1.
    pub stage: usize,
    pub outcome: String,
    /// The deciding check's values and limits ("success rate 80% is below 99%").
    pub summary: String,
}

/// One notification, before any channel's shape. Also the body of `webhook`
/// channels, so its field names are part of meshctl's interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Notice {
    pub kind: NoticeKind,
    /// `canary` or `bluegreen`.
    pub strategy: String,
    pub service: String,
    pub namespace: String,
    /// "canary of `reviews` in shop: rolled back", for titles.
    pub title: String,
    pub phase: Phase,
    /// The current stage, counted from 1, of `stages`.
    pub stage: usize,
    pub stages: usize,
    pub weights: BTreeMap<String, u32>,
    /// The weights for people: "`v1` 90%, `v2` 10%".
    pub weights_text: String,
    /// The event's reason (`CanaryStep`, …) and message.
    pub reason: String,
    pub message: String,
    /// Why the rollout is where it is (the last transition's reason).
    pub why: String,
    /// The judgement decided in this write, if any (`null` when none).
    pub analysis: Option<Figures>,
    /// Who made the write.
    pub actor: String,
    pub at: Timestamp,
}

impl Notice {
    /// A notice with every field set, to try templates on.
    pub fn example() -> Notice {
        Notice {
            kind: NoticeKind::RolledBack,
            strategy: "canary".into(),
            service: "reviews".into(),
            namespace: "shop".into(),
            title: "canary of `reviews` in shop: rolled back".into(),
            phase: Phase::RolledBack,
            stage: 2,
            stages: 3,
            weights: [("v1".to_string(), 100), ("v2".to_string(), 0)].into(),
            weights_text: "`v1` 100%, `v2` 0%".into(),
            reason: "CanaryRolledBack".into(),
            message: "restored the routes of `reviews`".into(),
            why: "step 2/3 judged failed: success rate 80% is below 99%".into(),
            analysis: Some(Figures {
                stage: 2,
                outcome: "Failed".into(),
                summary: "success rate 80% is below 99%".into(),
            }),
            actor: "ci@pid-1".into(),
            at: Timestamp::from_second(1_790_000_000).expect("a valid time"),
        }
    }
}

/// The notices of one landed write of `record` with `actions`, in event order.
pub fn notices_for(record: &RolloutRecord, actions: &[Action], namespace: &str) -> Vec<Notice> {
    let started = record
        .history
        .iter()
        .any(|h| h.from == Phase::Pending && h.at == record.updated_at);
    let analysis = record
        .analyses
        .last()
        .filter(|a| a.at == record.updated_at)
        .map(|a| Figures {
            stage: a.stage + 1,
            outcome: a.outcome.to_string(),
            summary: a.summary.clone(),
        });
    let strategy = if record.spec.is_blue_green() {
        "bluegreen"
    } else {
        "canary"
    };
    let actor = record
        .history
        .last()
        .map(|h| h.actor.clone())
        .unwrap_or_else(|| record.written_by.clone());
    let mut out = Vec::new();
    for action in actions {
        let Action::RecordEvent {
            reason, message, ..
        } = action
        else {
            continue;
        };
        let kind = match NoticeKind::of_reason(reason) {
            NoticeKind::Step if started && out.is_empty() => NoticeKind::Started,
            kind => kind,
        };
        let service = &record.spec.service;
        out.push(Notice {
            kind,
            strategy: strategy.to_string(),
            service: service.clone(),
            namespace: namespace.to_string(),
            title: format!("{strategy} of `{service}` in {namespace}: {}", kind.verb()),
            phase: record.phase,
            stage: record.stage + 1,
            stages: record.spec.stages().len(),
            weights: record
                .weights
                .iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            weights_text: record.weights.to_string(),
            reason: reason.to_string(),
            message: message.clone(),
            why: record.message.clone(),
            analysis: analysis.clone(),
            actor: actor.clone(),
            at: record.updated_at,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duration::Duration;
    use crate::rollout::{Input, Outcome, RolloutSpec, Split, Steps, Weights, step};

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + secs).unwrap()
    }

    /// Feeds `input` to the machine at `secs`, holding the lock as a driver does; the
    /// notices of that write.
    fn send(rec: &mut RolloutRecord, input: Input, secs: i64) -> Vec<Notice> {
        let mut locked = rec.clone();
        if input.needs_lock() {
            locked
                .acquire_lock("ci", at(secs), Duration::from_secs(600))
                .unwrap();
        }
        let (next, actions) = step(&locked, &input, "ci", at(secs)).unwrap();
        *rec = next;
        notices_for(rec, &actions, "shop")
    }

    /// A pending canary of `reviews` from v1 to v2 in steps of 20 and 50%.
    fn pending(analysis: bool) -> RolloutRecord {
        let mut spec = RolloutSpec::canary(
            "reviews",
            Split::subsets("v1", "v2"),
            Steps::parse("20,50").unwrap(),
            Duration::from_secs(60),
        );
        spec.analysis = analysis.then(|| {
            crate::analysis::AnalysisSpec::from_yaml("checks:\n  - successRate: {min: 99}\n")
                .unwrap()
        });
        let snapshot = serde_json::json!({"routes": [{
            "id": {"by": "content", "match": null, "hosts": ["reviews"]},
            "destinations": [{"destination": {"host": "reviews", "subset": "v1"}}]
        }]});
        RolloutRecord::new(spec, Weights::split("v1", "v2", 0), snapshot, "ci", at(0)).unwrap()
    }

    fn judged(stage: usize, outcome: Outcome, summary: &str) -> Input {
        Input::Observation {
            stage,
            outcome,
            summary: summary.into(),
        }
    }

    #[test]
    fn the_machines_events_become_notices_with_the_deciding_figures() {
        let mut rec = pending(true);

        let started = send(&mut rec, Input::Start, 0);
        assert_eq!(started.len(), 1);
        let n = &started[0];
        assert_eq!((n.kind, n.stage, n.stages), (NoticeKind::Started, 1, 2));
        assert_eq!(n.weights, [("v1".into(), 80), ("v2".into(), 20)].into());
        assert_eq!(n.title, "canary of `reviews` in shop: started");
        assert_eq!(n.analysis, None);

        let stepped = send(
            &mut rec,
            judged(0, Outcome::Successful, "success rate 100%"),
            60,
        );
        assert_eq!(stepped.len(), 1);
        assert_eq!(stepped[0].kind, NoticeKind::Step);
        assert_eq!(stepped[0].reason, "CanaryStep");
        assert_eq!(
            stepped[0].analysis,
            Some(Figures {
                stage: 1,
                outcome: "Successful".into(),
                summary: "success rate 100%".into()
            })
        );

        let failed = "success rate 50% is below 99%";
        let rolled = send(&mut rec, judged(1, Outcome::Failed, failed), 120);
        assert_eq!(rolled.len(), 1);
        let n = &rolled[0];
        assert_eq!(
            (n.kind, n.phase),
            (NoticeKind::RolledBack, Phase::RolledBack)
        );
        assert!(n.kind.is_warning());
        assert_eq!(n.analysis.as_ref().unwrap().summary, failed);
        assert!(n.why.contains(failed), "{}", n.why);
        assert_eq!(n.weights, [("v1".into(), 100), ("v2".into(), 0)].into());
    }

    #[test]
    fn a_person_stopping_a_rollout_is_told_without_stale_figures() {
        let mut rec = pending(false);
        send(&mut rec, Input::Start, 0);
        let paused = send(&mut rec, Input::Pause, 10);
        assert_eq!(paused[0].kind, NoticeKind::Paused);
        let aborted = send(&mut rec, Input::Abort, 20);
        assert_eq!(aborted[0].kind, NoticeKind::Aborted);
        assert_eq!(aborted[0].analysis, None);
        // A write without events (a lock renewal) tells nothing.
        assert!(notices_for(&rec, &[], "shop").is_empty());
    }
}
