//! The sequential half of judging a stage: every `sequential.every`, the counts of the
//! canary (and stable's, when compared) since judging began, fed to the core's
//! [`LiveJudge`]. Runs beside the rounds; returns only when the judge decides.
//!
//! The test's state lives in this process only, never in the rollout record: a
//! restarted driver starts a fresh test from the moment it resumes judging.

use crate::core::analysis::{AnalysisSpec, LiveJudge, Look, Outcome};
use crate::core::clock::Clock;
use crate::core::duration::Duration;
use crate::core::metrics::{MetricSource, SourceErrorKind, Target};
use jiff::Timestamp;

/// Looks until the judge decides: `(Failed, reason)` on strong evidence of failure,
/// `(Successful, reason)` on strong evidence of health when the spec allows an early
/// end. Never returns when there is nothing to test or the source cannot count; a look
/// whose counts cannot be read adds no evidence (the rounds judge the source's errors).
pub async fn judge(
    clock: &dyn Clock,
    spec: &AnalysisSpec,
    source: &dyn MetricSource,
    (canary, stable): &(Target, Target),
    started: Timestamp,
) -> (Outcome, String) {
    let Some(mut judge) = LiveJudge::new(spec) else {
        return std::future::pending().await;
    };
    loop {
        let age =
            Duration::from_millis(clock.now().duration_since(started).as_millis().max(0) as u64);
        match source.counts(canary, age).await {
            Ok(counts) => {
                let stable = match judge.needs_stable() {
                    true => source.counts(stable, age).await.ok(),
                    false => None,
                };
                match judge.look(counts, stable) {
                    Look::Continue => {}
                    Look::Fails(reason) => return (Outcome::Failed, reason),
                    Look::Passes(reason) => return (Outcome::Successful, reason),
                }
            }
            Err(e) if e.kind == SourceErrorKind::Unsupported => {
                return std::future::pending().await;
            }
            Err(_) => {}
        }
        clock.sleep(spec.sequential.every.as_std()).await;
    }
}
