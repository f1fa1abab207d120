//! The clock port: what time it is, and how to wait. The core never reads the time:
//! the rollout machine and the stage judge take `now` as an input and say when they
//! want to be woken; whoever drives them asks a [`Clock`] for both. Production uses
//! the wall clock (`meshctl_adapters::clock::SystemClock`); tests use a clock that
//! runs in virtual time, so a ten-minute rollout is judged in milliseconds.

use jiff::{SignedDuration, Timestamp};
use std::future::Future;
use std::pin::Pin;

/// A wait that a [`Clock`] ends.
pub type Sleep<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// What time it is, and a sleeper.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;

    /// Ends after `duration`.
    fn sleep(&self, duration: std::time::Duration) -> Sleep<'_>;

    /// Ends at `at`, at once when `at` has passed.
    fn sleep_until(&self, at: Timestamp) -> Sleep<'_> {
        let left = at.duration_since(self.now());
        if left > SignedDuration::ZERO {
            self.sleep(left.unsigned_abs())
        } else {
            Box::pin(std::future::ready(()))
        }
    }
}
