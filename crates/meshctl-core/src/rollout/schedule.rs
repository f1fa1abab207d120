//! When a driver renews its lock, and how long and how often it retries an API server
//! that does not answer. Pure functions of the time (`now` is an argument), so they
//! are tested without clocks and a driver only sleeps until the instants they name.

use jiff::{SignedDuration, Timestamp};

use super::error::{RolloutError, RolloutErrorKind};
use crate::duration::Duration;

/// The shortest interval between two renewals of a lock.
pub const MIN_RENEW_EVERY: Duration = Duration::from_millis(1000);
/// How long rollout commands keep retrying an API server that does not answer, when
/// `--outage-timeout` is not given. Long enough for an API server to restart, short
/// enough that a CI job does not hang for ever.
pub const DEFAULT_OUTAGE_TIMEOUT: Duration = Duration::from_secs(300);
/// How often a driver says again that the API server is still unreachable.
pub const OUTAGE_REPORT_EVERY: Duration = Duration::from_secs(15);

fn add(at: Timestamp, d: Duration) -> Timestamp {
    let d = SignedDuration::from_millis(i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    at.saturating_add(d).unwrap_or(at)
}

fn since(earlier: Timestamp, now: Timestamp) -> Duration {
    let ms = now.duration_since(earlier).as_millis().max(0);
    Duration::from_millis(u64::try_from(ms).unwrap_or(u64::MAX))
}

/// How often a driver renews a lock of `ttl`: three times per TTL (at most once a
/// second), whatever the analysis cadence, so two renewals in a row may fail before
/// the lock expires.
pub fn renew_every(ttl: Duration) -> Duration {
    Duration::from_millis((ttl.as_millis() / 3).max(MIN_RENEW_EVERY.as_millis()))
}

/// When the renewal after one at `last` is due.
pub fn next_renewal(last: Timestamp, ttl: Duration) -> Timestamp {
    add(last, renew_every(ttl))
}

/// The shortest lock TTL a driver can keep: a renewal is due a third of the TTL after
/// the last one and may take up to one request's timeout, and it must land before the
/// lock expires — so the TTL must be at least 1.5 request timeouts (and 3 s).
pub fn min_lock_ttl(request_timeout: Duration) -> Duration {
    let needed = request_timeout.as_millis().saturating_mul(3).div_ceil(2);
    Duration::from_millis(needed.max(3 * MIN_RENEW_EVERY.as_millis()))
}

/// Refuses a lock TTL the driver could not renew in time, saying what it needs.
pub fn check_lock_ttl(ttl: Duration, request_timeout: Duration) -> Result<(), RolloutError> {
    let min = min_lock_ttl(request_timeout);
    if ttl.as_millis() >= min.as_millis() {
        return Ok(());
    }
    Err(RolloutError::new(
        RolloutErrorKind::Usage,
        format!(
            "`--lock-ttl {ttl}` is too short: the driver renews the lock every {}, and one renewal may take up to the request timeout of {request_timeout}, so the lock must last at least {min}",
            renew_every(ttl)
        ),
    )
    .with_hint(format!(
        "use `--lock-ttl {min}` or longer (the default is 2m), or lower `--request-timeout`"
    )))
}

/// An API server that stopped answering, as a driver rides it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outage {
    /// The first failed call.
    pub since: Timestamp,
    /// Failed calls so far.
    pub failures: u32,
    /// When the user was last told.
    pub reported: Timestamp,
}

impl Outage {
    pub fn begin(now: Timestamp) -> Outage {
        Outage {
            since: now,
            failures: 1,
            reported: now,
        }
    }

    /// How long it has lasted.
    pub fn lasted(&self, now: Timestamp) -> Duration {
        since(self.since, now)
    }

    /// The time left before giving up, `None` once `patience` is spent.
    pub fn left(&self, now: Timestamp, patience: Duration) -> Option<Duration> {
        let lasted = self.lasted(now).as_millis();
        (lasted < patience.as_millis())
            .then(|| Duration::from_millis(patience.as_millis() - lasted))
    }

    /// The pause before the next try: 0.5 s, doubling up to 5 s, never past the
    /// deadline.
    pub fn next_delay(&self, now: Timestamp, patience: Duration) -> Duration {
        let exp = 500u64.saturating_mul(1 << self.failures.saturating_sub(1).min(10));
        let left = self.left(now, patience).map_or(0, |d| d.as_millis());
        Duration::from_millis(exp.min(5_000).min(left))
    }

    /// Whether to say again that the server is still unreachable.
    pub fn report_due(&self, now: Timestamp) -> bool {
        since(self.reported, now).as_millis() >= OUTAGE_REPORT_EVERY.as_millis()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: i64) -> Timestamp {
        Timestamp::from_millisecond(1_790_000_000_000 + ms).unwrap()
    }

    #[test]
    fn the_lock_is_renewed_three_times_per_ttl_whatever_the_cadence() {
        assert_eq!(
            renew_every(Duration::from_secs(120)),
            Duration::from_secs(40)
        );
        assert_eq!(
            renew_every(Duration::from_secs(10)),
            Duration::from_millis(3333)
        );
        assert_eq!(renew_every(Duration::from_secs(2)), MIN_RENEW_EVERY);
        assert_eq!(next_renewal(at(0), Duration::from_secs(30)), at(10_000));
    }

    #[test]
    fn a_ttl_too_short_to_renew_within_is_refused_with_what_it_needs() {
        let timeout = Duration::from_secs(30);
        assert_eq!(min_lock_ttl(timeout), Duration::from_secs(45));
        assert!(check_lock_ttl(Duration::from_secs(120), timeout).is_ok());
        assert!(check_lock_ttl(Duration::from_secs(45), timeout).is_ok());
        let err = check_lock_ttl(Duration::from_secs(10), timeout).unwrap_err();
        assert_eq!(err.kind, RolloutErrorKind::Usage);
        assert_eq!(
            err.message,
            "`--lock-ttl 10s` is too short: the driver renews the lock every 3.333s, and one renewal may take up to the request timeout of 30s, so the lock must last at least 45s"
        );
        assert!(err.hint.unwrap().contains("`--lock-ttl 45s`"));
        // A short request timeout allows a short lock, down to three renewals a second apart.
        assert!(check_lock_ttl(Duration::from_secs(10), Duration::from_secs(5)).is_ok());
        assert_eq!(
            min_lock_ttl(Duration::from_millis(100)),
            Duration::from_secs(3)
        );
    }

    #[test]
    fn an_outage_is_retried_with_growing_pauses_until_its_deadline() {
        let patience = Duration::from_secs(60);
        let mut o = Outage::begin(at(0));
        assert_eq!(o.next_delay(at(0), patience), Duration::from_millis(500));
        o.failures = 3;
        assert_eq!(o.next_delay(at(0), patience), Duration::from_secs(2));
        o.failures = 30;
        assert_eq!(o.next_delay(at(0), patience), Duration::from_secs(5));
        // Never past the deadline, and nothing left after it.
        assert_eq!(o.next_delay(at(58_000), patience), Duration::from_secs(2));
        assert_eq!(o.left(at(59_000), patience), Some(Duration::from_secs(1)));
        assert_eq!(o.left(at(60_000), patience), None);
        assert_eq!(o.lasted(at(12_500)), Duration::from_millis(12_500));
    }

    #[test]
    fn an_outage_is_reported_again_every_fifteen_seconds() {
        let mut o = Outage::begin(at(0));
        assert!(!o.report_due(at(14_999)));
        assert!(o.report_due(at(15_000)));
        o.reported = at(15_000);
        assert!(!o.report_due(at(20_000)));
    }
}
