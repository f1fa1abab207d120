//! Runs a command line against the ports' test doubles: a mesh store and a workload
//! cluster in memory ([`FakeStore`]), and optionally a metric source that answers
//! what the test chose ([`FixedSource`]). What the command printed comes back with
//! its exit status, as a user would see it.

use super::{Ctx, Settings, dispatch};
use crate::ExitStatus;
use crate::core::fake::{FakePoster, FakeStore, FixedSource};
use crate::output::Printer;
use std::sync::Arc;

/// The doubles a command runs against.
#[derive(Default)]
pub struct Doubles {
    pub mesh: Arc<FakeStore>,
    pub cluster: Arc<FakeStore>,
    pub metrics: Option<Arc<FixedSource>>,
    /// Receives webhooks and notifications (none sent when unset).
    pub poster: Option<Arc<FakePoster>>,
    /// Seconds after the usual instant at which the next runs' clock starts: a later
    /// CI job.
    pub later: std::sync::atomic::AtomicI64,
}

/// What one run printed.
#[derive(Debug)]
pub struct Ran {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Doubles {
    /// The mesh store holding `objects`; its default namespace is `shop`.
    pub fn mesh(objects: impl IntoIterator<Item = serde_json::Value>) -> Doubles {
        Doubles {
            mesh: Arc::new(FakeStore::new("shop").with(objects)),
            cluster: Arc::new(FakeStore::new("shop")),
            metrics: None,
            poster: None,
            later: Default::default(),
        }
    }

    pub fn with_workloads(mut self, objects: impl IntoIterator<Item = serde_json::Value>) -> Self {
        self.cluster = Arc::new(FakeStore::new("shop").with(objects));
        self
    }

    pub fn with_metrics(mut self, source: FixedSource) -> Self {
        self.metrics = Some(Arc::new(source));
        self
    }

    /// Runs `meshctl ARGS…` against the doubles.
    pub async fn run(&self, args: &[&str]) -> Ran {
        let argv = std::iter::once("meshctl").chain(args.iter().copied());
        let cli = crate::cli::parse(argv).expect("the test's command line parses");
        let (printer, captured) = Printer::capture();
        let settings = Settings::from_cli(&cli);
        let mut ctx = Ctx::for_tests(settings.clone(), printer.with_verbosity(settings.verbosity))
            .with_mesh_store(self.mesh.clone())
            .with_cluster(self.cluster.clone());
        if let Some(source) = &self.metrics {
            ctx = ctx.with_metric_source(source.clone());
        }
        if let Some(poster) = &self.poster {
            ctx = ctx.with_poster(poster.clone());
        }
        // Virtual time when the test paused tokio's clock; the wall clock otherwise.
        let later = self.later.load(std::sync::atomic::Ordering::Relaxed);
        let start = jiff::Timestamp::from_second(1_790_000_000 + later).expect("a valid time");
        ctx = ctx.with_clock(Arc::new(crate::adapters::clock::TokioClock::starting_at(
            start,
        )));
        let status = match dispatch(&ctx, &cli.command).await {
            Ok(status) => status,
            Err(err) => ctx.printer.report(&err),
        };
        Ran {
            status,
            stdout: captured.stdout(),
            stderr: captured.stderr(),
        }
    }
}
