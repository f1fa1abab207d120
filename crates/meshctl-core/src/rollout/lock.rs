//! The lock in the rollout record: who may drive the rollout (judge stages, advance,
//! resume) and until when. A driver renews it while it runs; if the driver dies, the
//! lock expires and another invocation may take it over. `--force` takes it even when
//! it is live and reports what it overrode. Every lock change is a write of the record
//! with the object's resourceVersion as precondition, so two contenders cannot both win.
//!
//! Stopping a rollout (pause, rollback, abort, promote `--full`) needs no lock: a person
//! must always be able to stop it. The driver notices on its next write (a conflict),
//! re-reads the record and stops.

use jiff::{SignedDuration, Timestamp};

use super::error::{RolloutError, RolloutErrorKind};
use super::record::{HistoryEntry, Lock, RolloutRecord, bounded};
use crate::duration::Duration;

/// How a lock was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Acquired {
    /// Nobody held it.
    Fresh,
    /// The caller already held it; the expiry moved on.
    Renewed,
    /// It had expired; this is the lock that was taken over.
    TookOver(Lock),
}

fn expiry(now: Timestamp, ttl: Duration) -> Timestamp {
    let ttl = SignedDuration::from_millis(i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX));
    now.saturating_add(ttl).unwrap_or(now)
}

/// The refusal when someone else holds a live lock.
pub fn locked_error(record: &RolloutRecord, lock: &Lock) -> RolloutError {
    let mut err = RolloutError::new(
        RolloutErrorKind::Locked,
        format!(
            "the rollout of `{}` is locked by `{}` until {} (acquired {})",
            record.spec.service, lock.holder, lock.expires_at, lock.acquired_at
        ),
    )
    .with_hint("wait for it to finish or for the lock to expire, or use `--force` to take it over");
    err.holder = Some((lock.holder.clone(), lock.expires_at));
    err
}

impl RolloutRecord {
    /// Takes the lock for `holder` until `now + ttl`: free, expired, or already the
    /// holder's. Refused while another holder's lock is live.
    pub fn acquire_lock(
        &mut self,
        holder: &str,
        now: Timestamp,
        ttl: Duration,
    ) -> Result<Acquired, RolloutError> {
        let holder = bounded(holder);
        let acquired = match &self.lock {
            None => Acquired::Fresh,
            Some(lock) if lock.holder == holder => Acquired::Renewed,
            Some(lock) if !lock.is_live(now) => Acquired::TookOver(lock.clone()),
            Some(lock) => return Err(locked_error(self, lock)),
        };
        let acquired_at = match (&acquired, &self.lock) {
            (Acquired::Renewed, Some(lock)) => lock.acquired_at,
            _ => now,
        };
        if let Acquired::TookOver(old) = &acquired {
            self.note_lock_change(
                &holder,
                now,
                format!(
                    "took over the lock of `{}`, expired at {}",
                    old.holder, old.expires_at
                ),
            );
        }
        self.lock = Some(Lock {
            holder,
            acquired_at,
            expires_at: expiry(now, ttl),
        });
        Ok(acquired)
    }

    /// Moves the expiry of the caller's lock on. Refused if the lock was released or
    /// someone else took it over; an expired lock nobody took is still the caller's.
    pub fn renew_lock(
        &mut self,
        holder: &str,
        now: Timestamp,
        ttl: Duration,
    ) -> Result<(), RolloutError> {
        match &mut self.lock {
            Some(lock) if lock.holder == holder => {
                lock.expires_at = expiry(now, ttl);
                Ok(())
            }
            Some(lock) => {
                let lock = lock.clone();
                Err(locked_error(self, &lock))
            }
            None => Err(RolloutError::new(
                RolloutErrorKind::Locked,
                format!(
                    "`{holder}` no longer holds the lock of the rollout of `{}` (it is {})",
                    self.spec.service, self.phase
                ),
            )
            .with_hint(
                "someone paused or ended the rollout; see its history with `meshctl status`",
            )),
        }
    }

    /// Gives the lock up. Releasing a lock one does not hold is refused, so a driver
    /// cannot drop a lock that was taken over from it.
    pub fn release_lock(&mut self, holder: &str) -> Result<(), RolloutError> {
        match &self.lock {
            None => Ok(()),
            Some(lock) if lock.holder == holder => {
                self.lock = None;
                Ok(())
            }
            Some(lock) => {
                let lock = lock.clone();
                Err(locked_error(self, &lock))
            }
        }
    }

    /// Takes the lock whatever its state (`--force`) and returns the lock it replaced,
    /// if one was live, so the command can say what it overrode.
    pub fn force_lock(&mut self, holder: &str, now: Timestamp, ttl: Duration) -> Option<Lock> {
        let holder = bounded(holder);
        let overridden = self
            .lock
            .take()
            .filter(|lock| lock.holder != holder && lock.is_live(now));
        if let Some(old) = &overridden {
            self.note_lock_change(
                &holder,
                now,
                format!(
                    "forced the lock away from `{}`, which held it until {}",
                    old.holder, old.expires_at
                ),
            );
        }
        self.lock = Some(Lock {
            holder,
            acquired_at: now,
            expires_at: expiry(now, ttl),
        });
        overridden
    }

    /// The record a driver leaves when it gives up (an error it could not ride out):
    /// the same phase, stage and weights — the routes are as recorded — with a history
    /// entry and message saying where and why it stopped, and the lock freed so another
    /// driver may resume at once. `None` when there is nothing to say: the rollout is
    /// finished or `holder` no longer holds its lock.
    pub fn stopped_by(&self, holder: &str, now: Timestamp, why: &str) -> Option<RolloutRecord> {
        if self.phase.is_terminal() || self.lock.as_ref().is_none_or(|l| l.holder != holder) {
            return None;
        }
        let mut rec = self.clone();
        rec.lock = None;
        let reason = format!(
            "driver `{holder}` stopped at stage {}/{} with {}: {why}",
            rec.stage + 1,
            rec.spec.stages().len(),
            rec.weights
        );
        rec.message = bounded(&reason);
        rec.note_lock_change(holder, now, reason);
        Some(rec)
    }

    fn note_lock_change(&mut self, actor: &str, now: Timestamp, reason: String) {
        self.push_history(HistoryEntry {
            at: now,
            actor: actor.to_string(),
            from: self.phase,
            to: self.phase,
            stage: self.stage,
            reason,
        });
        self.updated_at = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rollout::record::Weights;
    use crate::rollout::spec::{RolloutSpec, Split, Steps};

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + secs).unwrap()
    }

    fn record() -> RolloutRecord {
        let spec = RolloutSpec::canary(
            "reviews",
            Split::subsets("v1", "v2"),
            Steps::parse("50").unwrap(),
            Duration::from_secs(30),
        );
        RolloutRecord::new(
            spec,
            Weights::split("v1", "v2", 0),
            serde_json::json!({}),
            "alice",
            at(0),
        )
        .unwrap()
    }

    const TTL: Duration = Duration::from_secs(60);

    #[test]
    fn a_live_lock_refuses_others_and_says_who_and_until_when() {
        let mut rec = record();
        assert_eq!(
            rec.acquire_lock("alice", at(0), TTL).unwrap(),
            Acquired::Fresh
        );
        let err = rec.acquire_lock("ci-42", at(30), TTL).unwrap_err();
        assert_eq!(err.kind, RolloutErrorKind::Locked);
        assert_eq!(
            err.message,
            format!(
                "the rollout of `reviews` is locked by `alice` until {} (acquired {})",
                at(60),
                at(0)
            )
        );
        assert_eq!(err.holder, Some(("alice".to_string(), at(60))));
        assert!(err.hint.unwrap().contains("--force"));
        assert_eq!(rec.lock.as_ref().unwrap().holder, "alice");
    }

    #[test]
    fn the_holder_renews_and_keeps_its_acquisition_time() {
        let mut rec = record();
        rec.acquire_lock("alice", at(0), TTL).unwrap();
        assert_eq!(
            rec.acquire_lock("alice", at(50), TTL).unwrap(),
            Acquired::Renewed
        );
        rec.renew_lock("alice", at(100), TTL).unwrap();
        let lock = rec.lock.clone().unwrap();
        assert_eq!((lock.acquired_at, lock.expires_at), (at(0), at(160)));
        assert!(rec.renew_lock("bob", at(100), TTL).is_err());
    }

    #[test]
    fn an_expired_lock_is_taken_over_and_the_history_says_so() {
        let mut rec = record();
        rec.acquire_lock("alice", at(0), TTL).unwrap();
        // Exactly at expiry the lock is no longer live.
        let took = rec.acquire_lock("ci-42", at(60), TTL).unwrap();
        let Acquired::TookOver(old) = took else {
            panic!("expected a takeover, got {took:?}")
        };
        assert_eq!(old.holder, "alice");
        assert_eq!(rec.lock.as_ref().unwrap().holder, "ci-42");
        let last = rec.history.last().unwrap();
        assert_eq!(last.actor, "ci-42");
        assert!(
            last.reason.contains("took over the lock of `alice`"),
            "{}",
            last.reason
        );
        // The old holder learns it lost the lock.
        assert_eq!(
            rec.renew_lock("alice", at(61), TTL).unwrap_err().kind,
            RolloutErrorKind::Locked
        );
        assert!(rec.release_lock("alice").is_err());
    }

    #[test]
    fn force_reports_the_live_lock_it_overrode() {
        let mut rec = record();
        assert_eq!(rec.force_lock("alice", at(0), TTL), None);
        let old = rec.force_lock("bob", at(10), TTL).unwrap();
        assert_eq!((old.holder.as_str(), old.expires_at), ("alice", at(60)));
        assert_eq!(rec.lock.as_ref().unwrap().holder, "bob");
        assert!(
            rec.history
                .last()
                .unwrap()
                .reason
                .contains("forced the lock away from `alice`")
        );
        // An expired lock is not "overridden".
        assert_eq!(rec.force_lock("carol", at(1000), TTL), None);
    }

    #[test]
    fn a_driver_that_gives_up_says_where_it_stopped_and_frees_the_lock() {
        let mut rec = record();
        rec.acquire_lock("ci-1", at(0), TTL).unwrap();
        assert_eq!(
            rec.stopped_by("ci-2", at(5), "gone"),
            None,
            "not the holder"
        );
        let stopped = rec
            .stopped_by("ci-1", at(5), "the API server did not answer for 5m")
            .unwrap();
        assert_eq!(stopped.lock, None);
        assert_eq!((stopped.phase, stopped.stage), (rec.phase, rec.stage));
        assert_eq!(stopped.weights, rec.weights);
        assert_eq!(
            stopped.message,
            "driver `ci-1` stopped at stage 1/1 with `v1` 100%, `v2` 0%: the API server did not answer for 5m"
        );
        assert_eq!(stopped.history.last().unwrap().reason, stopped.message);
        assert_eq!(stopped.updated_at, at(5));
    }

    #[test]
    fn release_frees_the_lock_for_others() {
        let mut rec = record();
        rec.acquire_lock("alice", at(0), TTL).unwrap();
        rec.release_lock("alice").unwrap();
        assert_eq!(rec.lock, None);
        assert_eq!(
            rec.acquire_lock("bob", at(1), TTL).unwrap(),
            Acquired::Fresh
        );
    }
}
