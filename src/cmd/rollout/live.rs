//! The sequential half of judging a stage: every `sequential.every`, the counts of the
//! canary (and stable's, when compared) since judging began, fed to the core's
//! [`LiveJudge`]. Runs beside the rounds; returns only when the judge decides. A lane
//! shift runs one test per pair: the first failing pair decides, and success needs
//! every pair's test to pass (`core::analysis::pairs`).
//!
//! The test's state lives in this process only, never in the rollout record: a
//! restarted driver starts a fresh test from the moment it resumes judging.

use super::driver::Pair;
use crate::core::analysis::pairs::decide_looks;
use crate::core::analysis::{AnalysisSpec, LiveJudge, Look, Outcome};
use crate::core::clock::Clock;
use crate::core::duration::Duration;
use crate::core::metrics::{MetricSource, SourceErrorKind};
use jiff::Timestamp;

/// Looks until the judges decide: `(Failed, reason)` on strong evidence of failure of
/// any pair, `(Successful, reason)` on strong evidence of health of every pair when the
/// spec allows an early end. Never returns when there is nothing to test or the source
/// cannot count; a look whose counts cannot be read adds no evidence (the rounds judge
/// the source's errors).
pub async fn judge(
    clock: &dyn Clock,
    spec: &AnalysisSpec,
    source: &dyn MetricSource,
    pairs: &[Pair],
    started: Timestamp,
) -> (Outcome, String) {
    let judges: Option<Vec<LiveJudge>> = pairs.iter().map(|_| LiveJudge::new(spec)).collect();
    let Some(mut judges) = judges.filter(|j| !j.is_empty()) else {
        return std::future::pending().await;
    };
    let mut looks = vec![Look::Continue; pairs.len()];
    loop {
        let age =
            Duration::from_millis(clock.now().duration_since(started).as_millis().max(0) as u64);
        for ((pair, judge), look) in pairs.iter().zip(&mut judges).zip(&mut looks) {
            if matches!(look, Look::Passes(_)) {
                // Passed: its test is over.
                continue;
            }
            match source.counts(&pair.canary, age).await {
                Ok(counts) => {
                    let stable = match judge.needs_stable() {
                        true => source.counts(&pair.stable, age).await.ok(),
                        false => None,
                    };
                    *look = judge.look(counts, stable);
                }
                Err(e) if e.kind == SourceErrorKind::Unsupported => {
                    return std::future::pending().await;
                }
                Err(_) => {}
            }
        }
        let named: Option<Vec<(String, Look)>> = pairs
            .iter()
            .zip(&looks)
            .map(|(p, l)| p.service.clone().map(|s| (s, l.clone())))
            .collect();
        let decided = match named {
            Some(named) => decide_looks(&named),
            // One unnamed pair: its test decides, in its own words.
            None => match &looks[0] {
                Look::Fails(reason) => Some((Outcome::Failed, reason.clone())),
                Look::Passes(reason) => Some((Outcome::Successful, reason.clone())),
                Look::Continue => None,
            },
        };
        if let Some(decided) = decided {
            return decided;
        }
        clock.sleep(spec.sequential.every.as_std()).await;
    }
}
