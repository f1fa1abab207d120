//! The sample report committed as `docs/sample-report.html`, made here by the real
//! driver in virtual time (a three-step canary whose errors grow at the last step, so
//! it is rolled back), so readers see a report and it never goes stale: the test fails
//! when the committed file differs; `MESHCTL_UPDATE_SAMPLES=1` rewrites it.

use super::driver::{Ended, record_of};
use super::tests::{MemStore, driver};
use crate::core::analysis::AnalysisFlags;
use crate::core::duration::Duration;
use crate::core::metrics::{Latency, MetricSource, Sample, SourceFuture, Target};
use crate::core::rollout::{Phase, RolloutSpec, Split, Steps};
use crate::output::progress::Recorder;
use std::sync::Mutex;

/// Figures that move from round to round: v1 steady, v2 a little slower and, from its
/// thirteenth round on, failing more and more.
#[derive(Default)]
struct Drifting {
    calls: Mutex<[u32; 2]>,
}

impl MetricSource for Drifting {
    fn sample<'a>(&'a self, target: &'a Target, window: Duration) -> SourceFuture<'a, Sample> {
        Box::pin(async move {
            let canary = target.subset == "v2";
            let n = {
                let mut calls = self.calls.lock().unwrap();
                calls[usize::from(canary)] += 1;
                f64::from(calls[usize::from(canary)])
            };
            let wave = (n * 1.7).sin();
            let (requests, errors, p99) = if canary {
                let errors = if n > 12.0 {
                    (n - 12.0) * 3.0
                } else {
                    wave.abs()
                };
                (150.0 + 20.0 * wave, errors, 180.0 + 25.0 * wave + n * 4.0)
            } else {
                (600.0 + 40.0 * wave, 1.0 + wave.abs(), 140.0 + 15.0 * wave)
            };
            let latency = Latency {
                p99: Some(p99),
                ..Default::default()
            };
            Ok(Sample::from_totals(requests, errors, window, latency))
        })
    }
}

#[tokio::test(start_paused = true)]
async fn the_committed_sample_report_is_fresh() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let source = Drifting::default();
    let d = driver(&store, &rec, Some(&source));
    let mut spec = RolloutSpec::canary(
        "reviews",
        Split::subsets("v1", "v2"),
        Steps::parse("10,25,50").unwrap(),
        Duration::from_secs(60),
    );
    spec.analysis = Some(
        AnalysisFlags {
            success_rate: Some(99.0),
            max_latency: Some(Duration::from_millis(300)),
            min_rps: Some(1.0),
            window: Some(Duration::from_secs(10)),
            interval: Some(Duration::from_secs(10)),
            ..Default::default()
        }
        .apply(None)
        .unwrap(),
    );
    let (record, actions, _) = d.start(&spec, None, false).await.unwrap();
    let Ended::Settled(done) = d.drive(record, actions).await.unwrap() else {
        panic!("not interrupted")
    };
    assert_eq!(done.phase, Phase::RolledBack);
    let stored = record_of(&store.object()).unwrap().unwrap();
    let made = stored.updated_at;
    let html = crate::core::report::render(&stored, "shop", made);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/sample-report.html");
    if std::env::var_os("MESHCTL_UPDATE_SAMPLES").is_some() {
        std::fs::write(&path, &html).unwrap();
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == html,
        "docs/sample-report.html is stale: run `MESHCTL_UPDATE_SAMPLES=1 cargo test --lib sample_report`"
    );
}
