//! Clocks for the core's clock port: the wall clock, and tokio's clock from a fixed
//! start — virtual time under `tokio::time::pause`, where every sleep ends as soon as
//! all tasks wait and `now` moves by exactly what was slept.

use jiff::{SignedDuration, Timestamp};
use meshctl_core::clock::{Clock, Sleep};

/// The wall clock and tokio's timers: what meshctl runs on.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }

    fn sleep(&self, duration: std::time::Duration) -> Sleep<'_> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// Time as tokio's clock measures it, from `start`. With tokio's time paused (tests:
/// `#[tokio::test(start_paused = true)]`) it is virtual time: a rollout's minutes
/// pass in no time, in the order its waits end.
#[derive(Debug, Clone, Copy)]
pub struct TokioClock {
    start: Timestamp,
    origin: tokio::time::Instant,
}

impl TokioClock {
    /// A clock that reads `start` now.
    pub fn starting_at(start: Timestamp) -> Self {
        TokioClock {
            start,
            origin: tokio::time::Instant::now(),
        }
    }
}

impl Clock for TokioClock {
    fn now(&self) -> Timestamp {
        let elapsed = self.origin.elapsed();
        self.start
            .checked_add(SignedDuration::try_from(elapsed).unwrap_or(SignedDuration::MAX))
            .unwrap_or(self.start)
    }

    fn sleep(&self, duration: std::time::Duration) -> Sleep<'_> {
        Box::pin(tokio::time::sleep(duration))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn paused_time_moves_by_what_was_slept() {
        let start = Timestamp::from_second(1_790_000_000).unwrap();
        let clock = TokioClock::starting_at(start);
        let wall = std::time::Instant::now();
        clock.sleep(std::time::Duration::from_secs(600)).await;
        let later = start.checked_add(SignedDuration::from_secs(600)).unwrap();
        clock.sleep_until(later).await;
        assert_eq!(clock.now(), later);
        assert!(wall.elapsed() < std::time::Duration::from_secs(5));
    }
}
