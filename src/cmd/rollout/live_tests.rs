//! The driver's sequential judgement in virtual time: a source whose counts grow with
//! the (virtual) clock at known rates, rounds that take their window as scraping
//! proxies do, and the stage decided by whichever judges first.

use super::driver::Ended;
use super::tests::{MemStore, driver, virtual_clock};
use crate::core::analysis::AnalysisFlags;
use crate::core::clock::Clock;
use crate::core::duration::Duration;
use crate::core::metrics::{Counts, Latency, MetricSource, Sample, SourceFuture, Target};
use crate::core::rollout::{Phase, RolloutSpec, Split, Steps};
use crate::output::progress::{Progress, Recorder};
use jiff::Timestamp;

/// Traffic at fixed rates: `v2` (the canary) and `v1` each with requests per second
/// and an error rate. Counts are exact (errors rounded down), so runs repeat.
struct Rates {
    clock: &'static dyn Clock,
    canary: (f64, f64),
    stable: (f64, f64),
}

impl Rates {
    fn of(&self, target: &Target) -> (f64, f64) {
        if target.subset == "v2" {
            self.canary
        } else {
            self.stable
        }
    }
}

impl MetricSource for Rates {
    /// A round waits its window, as two scrapes a window apart do.
    fn sample<'a>(&'a self, target: &'a Target, window: Duration) -> SourceFuture<'a, Sample> {
        Box::pin(async move {
            self.clock.sleep(window.as_std()).await;
            let (rps, p) = self.of(target);
            let n = (rps * window.as_std().as_secs_f64()).floor();
            Ok(Sample::from_totals(
                n,
                (n * p).floor(),
                window,
                Latency::default(),
            ))
        })
    }

    fn counts<'a>(&'a self, target: &'a Target, age: Duration) -> SourceFuture<'a, Counts> {
        Box::pin(async move {
            let (rps, p) = self.of(target);
            let requests = (rps * age.as_std().as_secs_f64()).floor() as u64;
            Ok(Counts {
                requests,
                errors: (requests as f64 * p).floor() as u64,
                latency: None,
            })
        })
    }
}

/// Steps of 25% and 50%, each held 60s, judged against 95% success; rounds and
/// windows derived from the 60s.
fn spec(early_promote: bool) -> RolloutSpec {
    let mut spec = RolloutSpec::canary(
        "reviews",
        Split::subsets("v1", "v2"),
        Steps::parse("25,50").unwrap(),
        Duration::from_secs(60),
    );
    let flags = AnalysisFlags {
        success_rate: Some(95.0),
        early_promote,
        ..Default::default()
    };
    spec.analysis = Some(flags.apply(None).unwrap());
    spec
}

async fn run(
    canary: (f64, f64),
    early_promote: bool,
) -> (crate::core::rollout::RolloutRecord, f64, Recorder) {
    let store = MemStore::new();
    let rec = Recorder::default();
    let clock = virtual_clock();
    let source = Rates {
        clock,
        canary,
        stable: (15.0, 0.0),
    };
    let d = driver(&store, &rec, Some(&source));
    let began: Timestamp = d.clock.now();
    let (record, actions, _) = d.start(&spec(early_promote), None, false).await.unwrap();
    let Ended::Settled(done) = d.drive(record, actions).await.unwrap() else {
        panic!("not interrupted")
    };
    let took = d.clock.now().duration_since(began).as_secs_f64();
    (done, took, rec)
}

#[tokio::test(start_paused = true)]
async fn a_failing_canary_is_rolled_back_on_the_evidence_long_before_its_interval() {
    // 30% errors at 5 rps (a quarter of 20): the rounds would judge at 60s.
    let (done, took, _) = run((5.0, 0.30), false).await;
    assert_eq!(done.phase, Phase::RolledBack);
    assert!(
        done.message.contains("sequential threshold test"),
        "{}",
        done.message
    );
    assert!(done.message.contains("requests failed"), "{}", done.message);
    assert!(took < 10.0, "rolled back after {took}s of virtual time");
}

#[tokio::test(start_paused = true)]
async fn a_healthy_canary_holds_each_step_for_its_interval_unless_early_promote() {
    let (done, took, rec) = run((5.0, 0.0), false).await;
    assert_eq!(done.phase, Phase::Succeeded);
    assert!(took >= 120.0, "two 60s steps took {took}s");
    // Each round says when the next verdict is due, within the step.
    let next: Vec<f64> = rec
        .events()
        .iter()
        .filter_map(|e| match e {
            Progress::Round { next_seconds, .. } => *next_seconds,
            _ => None,
        })
        .collect();
    assert!(next.iter().all(|s| *s <= 60.0), "{next:?}");

    let (done, took, _) = run((5.0, 0.0), true).await;
    assert_eq!(done.phase, Phase::Succeeded);
    assert!(took < 60.0, "early promotion took {took}s for two steps");
}
