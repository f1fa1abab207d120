//! Starting a rollout where one may already be recorded: a finished one is replaced,
//! an unfinished one is refused (saying who holds it and until when) unless forced.
//! A forced start keeps the running rollout's snapshot, so a later rollback still puts
//! back the routes from before the first rollout, not a half-shifted state.

use jiff::Timestamp;
use serde_json::Value;

use super::error::RolloutError;
use super::lock::locked_error;
use super::machine::{Action, Input, step};
use super::record::{HistoryEntry, Lock, RolloutRecord, Weights};
use super::spec::RolloutSpec;
use crate::duration::Duration;

/// A started rollout: write `record` with the route actions in one update.
#[derive(Debug, Clone, PartialEq)]
pub struct Started {
    pub record: RolloutRecord,
    pub actions: Vec<Action>,
    /// With `force`: the live lock of another holder that was overridden.
    pub overridden_lock: Option<Lock>,
    /// With `force`: the unfinished rollout that was replaced.
    pub replaced: Option<RolloutRecord>,
}

/// Begins `spec`. `original_weights` and `snapshot` describe the routes as they are now
/// (ignored when forcing over an unfinished rollout, whose own are kept); `existing` is
/// the record found in the annotation, if any. The new record holds `actor`'s lock.
#[allow(clippy::too_many_arguments)]
pub fn start(
    existing: Option<&RolloutRecord>,
    spec: RolloutSpec,
    original_weights: Weights,
    snapshot: Value,
    actor: &str,
    now: Timestamp,
    lock_ttl: Duration,
    force: bool,
) -> Result<Started, RolloutError> {
    let unfinished = existing.filter(|r| !r.phase.is_terminal());
    let mut overridden_lock = None;
    let mut record = match unfinished {
        None => RolloutRecord::new(spec, original_weights, snapshot, actor, now)?,
        Some(old) => {
            let svc = &old.spec.service;
            let stages = old.spec.stages().len();
            let live_other = old
                .lock
                .as_ref()
                .filter(|l| l.is_live(now) && l.holder != actor);
            if !force {
                if let Some(lock) = live_other {
                    let mut err = locked_error(old, lock);
                    err.message = format!(
                        "a rollout of `{svc}` is already {} at stage {}/{stages}, locked by `{}` until {}",
                        old.phase,
                        old.stage + 1,
                        lock.holder,
                        lock.expires_at
                    );
                    return Err(err.with_hint(
                        "follow it with `meshctl status`, wait for it to finish, or use `--force` to replace it",
                    ));
                }
                return Err(RolloutError::illegal(format!(
                    "a rollout of `{svc}` is already {} at stage {}/{stages}: {}",
                    old.phase,
                    old.stage + 1,
                    old.message
                ))
                .with_hint("resume it, roll it back, or use `--force` to replace it"));
            }
            if old.spec.split != spec.split {
                return Err(RolloutError::illegal(format!(
                    "the unfinished rollout of `{svc}` shifts `{}` to `{}`; the new one names `{}` and `{}`",
                    old.spec.split.stable,
                    old.spec.split.canary,
                    spec.split.stable,
                    spec.split.canary
                ))
                .with_hint("roll the unfinished rollout back first, then start the new one"));
            }
            overridden_lock = live_other.cloned();
            let mut record = RolloutRecord::new(
                spec,
                old.original_weights.clone(),
                old.snapshot.clone(),
                actor,
                now,
            )?;
            // The routes are where the old rollout left them; the record must say so.
            record.weights = old.weights.clone();
            record.preview_route = old.preview_route;
            record.mirror = old.mirror;
            record.sticky = old.sticky;
            record.history = old.history.clone();
            record.push_history(HistoryEntry {
                at: now,
                actor: actor.to_string(),
                from: old.phase,
                to: record.phase,
                stage: 0,
                reason: format!(
                    "replaced (--force) the rollout started at {} by `{}`",
                    old.created_at, old.created_by
                ),
            });
            record
        }
    };
    record.force_lock(actor, now, lock_ttl);
    let (record, actions) = step(&record, &Input::Start, actor, now)?;
    Ok(Started {
        record,
        actions,
        overridden_lock,
        replaced: unfinished.cloned(),
    })
}
