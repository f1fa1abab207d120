//! One round of a command or driver, from annotation text to annotation text: decode
//! the record, take or renew the lock when the input drives the rollout, step, encode.
//! Commands call this instead of repeating that sequence, and get back exactly what
//! goes into the one write (the new annotation and the route actions).

use jiff::Timestamp;

use super::error::RolloutError;
use super::lock::Acquired;
use super::machine::{Action, Input, step};
use super::record::RolloutRecord;
use crate::duration::Duration;

/// What one input does to a recorded rollout.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub record: RolloutRecord,
    pub actions: Vec<Action>,
    /// The new annotation value when anything changed: write it together with the
    /// route actions in one update. `None`: nothing to write.
    pub annotation: Option<String>,
    /// How the caller got the lock, for inputs that drive the rollout (a takeover is
    /// worth telling the user about).
    pub lock: Option<Acquired>,
}

/// Applies `input` to the record in `annotation` (the current value of
/// [`super::ANNOTATION`]).
pub fn transition(
    annotation: &str,
    input: &Input,
    actor: &str,
    now: Timestamp,
    lock_ttl: Duration,
) -> Result<Transition, RolloutError> {
    let record = RolloutRecord::decode(annotation)?;
    transition_record(&record, input, actor, now, lock_ttl)
}

/// [`transition`] on a decoded record. Driving inputs take the lock first (free,
/// expired, or renewing the caller's own), so every write of a driver also renews it.
pub fn transition_record(
    record: &RolloutRecord,
    input: &Input,
    actor: &str,
    now: Timestamp,
    lock_ttl: Duration,
) -> Result<Transition, RolloutError> {
    let mut locked = record.clone();
    // A tick on a rollout nobody drives must not leave a lock behind.
    let drives = input.needs_lock() && (*input != Input::Tick || record.phase.is_active());
    let lock = if drives && !record.phase.is_terminal() {
        Some(locked.acquire_lock(actor, now, lock_ttl)?)
    } else {
        None
    };
    let (next, actions) = step(&locked, input, actor, now)?;
    let annotation = if next != *record {
        Some(next.encode()?)
    } else {
        None
    };
    Ok(Transition {
        record: next,
        actions,
        annotation,
        lock,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rollout::{
        Outcome, Phase, RolloutErrorKind, RolloutSpec, Split, Steps, Weights, start,
    };
    use serde_json::json;

    const TTL: Duration = Duration::from_secs(60);

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + secs).unwrap()
    }

    fn started() -> String {
        let spec = RolloutSpec::canary(
            "reviews",
            Split::subsets("v1", "v2"),
            Steps::parse("10,50").unwrap(),
            Duration::from_secs(30),
        );
        let s = start(
            None,
            spec,
            Weights::split("v1", "v2", 0),
            json!({}),
            "ci-1",
            at(0),
            TTL,
            false,
        )
        .unwrap();
        s.record.encode().unwrap()
    }

    #[test]
    fn a_drivers_tick_renews_its_lock_in_the_same_write() {
        // Within the step's 30s hold: the tick changes nothing but the lock.
        let t = transition(&started(), &Input::Tick, "ci-1", at(20), TTL).unwrap();
        assert_eq!(t.lock, Some(Acquired::Renewed));
        assert!(t.actions.is_empty());
        let written = RolloutRecord::decode(t.annotation.as_deref().unwrap()).unwrap();
        assert_eq!(written.lock.unwrap().expires_at, at(80));
    }

    #[test]
    fn someone_elses_live_lock_refuses_driving_but_not_stopping() {
        let text = started();
        let err = transition(&text, &Input::Tick, "ci-2", at(10), TTL).unwrap_err();
        assert_eq!(err.kind, RolloutErrorKind::Locked);
        let t = transition(&text, &Input::Pause, "alice", at(10), TTL).unwrap();
        assert_eq!(t.record.phase, Phase::Paused);
        assert_eq!(t.lock, None);
        assert!(t.annotation.is_some());
    }

    #[test]
    fn nothing_is_written_when_nothing_changed() {
        let paused = transition(&started(), &Input::Pause, "alice", at(10), TTL).unwrap();
        let text = paused.annotation.unwrap();
        let t = transition(&text, &Input::Tick, "ci-1", at(20), TTL).unwrap();
        assert_eq!((t.annotation, t.lock), (None, None));
    }

    #[test]
    fn a_new_driver_takes_over_after_expiry_and_is_told() {
        let t = transition(&started(), &Input::Resume, "ci-2", at(61), TTL).unwrap();
        assert!(matches!(t.lock, Some(Acquired::TookOver(ref old)) if old.holder == "ci-1"));
        assert!(!t.actions.iter().any(Action::is_write));
        // The old driver's judgement now arrives too late.
        let text = t.annotation.unwrap();
        let late = Input::Observation {
            stage: 0,
            outcome: Outcome::Successful,
            summary: String::new(),
        };
        let err = transition(&text, &late, "ci-1", at(62), TTL).unwrap_err();
        assert_eq!(err.kind, RolloutErrorKind::Locked);
    }

    #[test]
    fn an_unreadable_annotation_is_refused() {
        let err = transition("{}", &Input::Tick, "ci-1", at(0), TTL).unwrap_err();
        assert_eq!(err.kind, RolloutErrorKind::Decode);
    }
}
