//! `meshctl metrics SERVICE`: each subset's live traffic as the health checks see it —
//! weight, request rate, success rate and latency quantiles — from the proxies' own
//! stats or from Prometheus.
//!
//! Where the proxies are: `--envoy-admin URL` (or `MESHCTL_ENVOY_ADMIN`, the hook a
//! local mesh sets to name its Envoy's admin endpoint) scrapes those Envoys for every
//! subset; otherwise the pods of each subset (the DestinationRule subset's labels plus
//! the Service's selector) are scraped through the workload cluster's API server.
//! Weights come from the VirtualService routing the service, through the mesh store.

use super::Ctx;
use super::ctx::{Log, SourceArgs};
use crate::cli::flags::OutputArgs;
use crate::core::duration::Duration;
use crate::core::metrics::Target;
pub use crate::core::metrics::view::{MetricsView, SubsetView, all_failed, subset_view};
use crate::core::model::Resource;
use crate::core::service::ServiceMesh;
pub(crate) use crate::core::service::selector;
use crate::core::store::{ISTIO_NETWORKING, ListQuery};
#[cfg(test)]
use crate::output::OutputFormat;
use crate::output::view::Watch;
use crate::{Error, ExitStatus, Result};
use std::collections::BTreeMap;
use std::sync::Arc;

pub use super::ctx::SourceChoice;
pub use super::ctx::{ENVOY_ADMIN_ENV, TOKEN_ENV};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Each subset of `reviews` over the next 30 seconds, from the pods' sidecars
  meshctl metrics reviews -n shop

  # Two subsets from Prometheus, refreshed every 10 seconds
  meshctl metrics reviews --subsets v1,v2 --window 10s --watch \\
    --prometheus-url http://127.0.0.1:9090

  # A local Envoy, as JSON for scripts
  meshctl metrics reviews --subsets v1,v2 --envoy-admin http://127.0.0.1:15000 -o json")]
pub struct Args {
    /// The service (the host of its VirtualService and DestinationRule)
    #[arg(value_name = "SERVICE")]
    pub service: String,

    /// Subsets to show (default: the DestinationRule's subsets)
    // `SUBSET` lets shell completion offer the service's subsets.
    #[arg(long, value_delimiter = ',', value_name = "SUBSET")]
    pub subsets: Vec<String>,

    /// The traffic to measure: the next (Envoy) or last (Prometheus) window
    #[arg(long, default_value = "30s", value_name = "DURATION")]
    pub window: Duration,

    /// Keep measuring: redraw on a terminal, else print a table per window
    #[arg(long)]
    pub watch: bool,

    /// The service port, to tell its clusters from other ports' (default: any port)
    #[arg(long, value_name = "PORT")]
    pub port: Option<u16>,

    /// How long one query or scrape may take
    #[arg(long, default_value = "10s", value_name = "DURATION")]
    pub timeout: Duration,

    #[command(flatten)]
    pub output: OutputArgs,

    // Last: its heading applies to every flag after it.
    #[command(flatten)]
    pub source: SourceArgs,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    if args.window.as_millis() == 0 {
        return Err(Error::usage("`--window` must be longer than zero")
            .with_hint("pass a window such as `--window 30s`"));
    }
    let format = args.output.output;
    // Progress lines from the sources (queries sent, scrapes done), printed with `-v`
    // while the sources work: adapters do not print.
    let (progress, mut lines) = tokio::sync::mpsc::unbounded_channel::<String>();
    let mut metrics = ctx.metrics(&args.source)?.with_timeout(args.timeout);
    if ctx.settings.verbosity > 0 {
        let log: Log = Arc::new(move |line: &str| {
            let _ = progress.send(line.to_string());
        });
        metrics = metrics.with_log(log);
    }
    // Only scraping pods needs a cluster; a local Envoy or Prometheus can do without
    // the mesh when the subsets are named (no weights then).
    let needs_cluster = metrics.needs_cluster();
    let unavailable = |e: Error| {
        ctx.printer.verbose(&format!(
            "no weights: the mesh store is not available: {}",
            e.message()
        ));
    };
    let (namespace, mesh) = match ctx.mesh_namespace().await {
        Ok(ns) => match mesh_view(ctx, &ns, &args.service).await {
            Ok(m) => (ns, m),
            Err(e) if !needs_cluster => {
                unavailable(e);
                (ns, MeshView::default())
            }
            Err(e) => return Err(e),
        },
        Err(e) if !needs_cluster => {
            unavailable(e);
            (ctx.namespace_or_default().to_string(), MeshView::default())
        }
        Err(e) => return Err(e),
    };
    let subsets = if args.subsets.is_empty() {
        mesh.subsets.keys().cloned().collect::<Vec<_>>()
    } else {
        args.subsets.clone()
    };
    if subsets.is_empty() {
        return Err(Error::usage(format!(
            "no subsets to show for `{}` in namespace `{namespace}`",
            args.service
        ))
        .with_hint("name them with `--subsets v1,v2`, or create the service's DestinationRule"));
    }

    let targets: Vec<Target> = subsets
        .iter()
        .map(|s| {
            let mut t = Target::new(namespace.clone(), args.service.clone(), s.clone());
            if let Some(p) = args.port {
                t = t.with_port(p);
            }
            // Istio reports the pods' `version` label, which need not be the subset name.
            if let Some(v) = mesh.subsets.get(s).and_then(|l| l.get("version")) {
                t = t.with_version(v.clone());
            }
            t
        })
        .collect();
    let names: Vec<&str> = subsets.iter().map(String::as_str).collect();
    let source = metrics
        .for_subsets(&args.service, &namespace, &mesh, &names)
        .await?;
    let source_name = metrics.name();
    drop(metrics);

    // Each window is drawn; on a terminal a table replaces the last one.
    let mut watch = Watch::new(&ctx.printer, format);
    loop {
        let started = ctx.clock().now();
        let mut sampling = std::pin::pin!(futures::future::join_all(
            targets.iter().map(|t| source.sample(t, args.window)),
        ));
        let samples = loop {
            tokio::select! {
                samples = &mut sampling => break samples,
                Some(line) = lines.recv() => ctx.printer.verbose(&line),
            }
        };
        while let Ok(line) = lines.try_recv() {
            ctx.printer.verbose(&line);
        }
        // One look with nothing but failures is an error for scripts, like any
        // unreachable server; `--watch` keeps trying instead.
        if !args.watch
            && let Some(err) = all_failed(&samples)
        {
            return Err(err.clone().into());
        }
        let view = MetricsView {
            service: args.service.clone(),
            namespace: namespace.clone(),
            source: source_name.into(),
            window: args.window,
            subsets: subsets
                .iter()
                .zip(samples)
                .map(|(s, r)| subset_view(s, mesh.weights.get(s).copied(), args.window, r))
                .collect(),
        };
        if !args.watch {
            ctx.printer.show(&view, format)?;
            return Ok(ExitStatus::Success);
        }
        watch.draw_view(&ctx.printer, &view, &args.output)?;
        // Prometheus answers at once: wait out the window so each table is a new one.
        let pause = if source_name == "prometheus" {
            args.window.as_std()
        } else {
            crate::output::view::MIN_REDRAW
        };
        let next = started
            .checked_add(jiff::SignedDuration::try_from(pause).unwrap_or_default())
            .unwrap_or(started);
        ctx.clock().sleep_until(next).await;
    }
}

/// What the mesh says about a service: subset → labels, subset → weight.
pub type MeshView = ServiceMesh;

pub(crate) async fn mesh_view(ctx: &Ctx, namespace: &str, service: &str) -> Result<MeshView> {
    let store = ctx.mesh_store().await?;
    let query = ListQuery {
        namespace: Some(namespace.to_string()),
        label_selector: None,
    };
    let rules = store
        .list(ISTIO_NETWORKING, "DestinationRule", &query)
        .await?;
    let services = store
        .list(ISTIO_NETWORKING, "VirtualService", &query)
        .await?;
    Ok(ServiceMesh::of(
        &Resource::read_all(&rules),
        &Resource::read_all(&services),
        service,
        namespace,
    ))
}

/// The selector of the Service `service` in the workload cluster's `namespace`.
pub(crate) async fn service_selector(
    cluster: &dyn crate::core::cluster::Cluster,
    namespace: &str,
    service: &str,
) -> Result<BTreeMap<String, String>> {
    cluster.service_selector(namespace, service).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::metrics::{Latency, Sample, SourceError};

    fn sample(requests: f64, errors: f64) -> Sample {
        Sample::from_totals(
            requests,
            errors,
            Duration::from_secs(10),
            Latency {
                p50: Some(4.5),
                p90: Some(52.0),
                p95: Some(60.0),
                p99: Some(98.2),
            },
        )
    }

    #[test]
    fn only_failures_everywhere_make_an_error() {
        use crate::core::metrics::SourceErrorKind as K;
        let down = || Err(SourceError::new(K::Unreachable, "down"));
        let none = || Err(SourceError::new(K::NoData, "none"));
        assert_eq!(all_failed(&[down(), down()]).unwrap().message, "down");
        assert!(all_failed(&[down(), Ok(sample(1.0, 0.0))]).is_none());
        assert!(all_failed(&[down(), none()]).is_none());
        assert!(all_failed(&[]).is_none());
    }

    #[test]
    fn json_output_is_camel_case() {
        let view = MetricsView {
            service: "reviews".into(),
            namespace: "default".into(),
            source: "prometheus".into(),
            window: Duration::from_secs(10),
            subsets: vec![subset_view(
                "v1",
                Some(100),
                Duration::from_secs(10),
                Ok(sample(400.0, 4.0)),
            )],
        };
        let v = serde_json::to_value(&view).unwrap();
        assert_eq!(v["window"], "10s");
        let s = &v["subsets"][0];
        assert_eq!(s["weight"], 100);
        assert_eq!(s["sample"]["successRate"], 99.0);
        assert_eq!(s["sample"]["latencyMs"]["p99"], 98.2);
        assert!(s.get("reason").is_none(), "{s}");
    }

    #[test]
    fn the_table_shows_a_dash_and_a_reason_without_traffic() {
        let view = MetricsView {
            service: "reviews".into(),
            namespace: "default".into(),
            source: "envoy".into(),
            window: Duration::from_secs(10),
            subsets: vec![
                subset_view(
                    "v1",
                    Some(80),
                    Duration::from_secs(10),
                    Ok(sample(400.0, 0.0)),
                ),
                subset_view(
                    "v2",
                    Some(20),
                    Duration::from_secs(10),
                    Ok(sample(0.0, 0.0)),
                ),
                subset_view(
                    "v3",
                    None,
                    Duration::from_secs(10),
                    Err(SourceError::new(
                        crate::core::metrics::SourceErrorKind::Unreachable,
                        "proxy `x` is down",
                    )),
                ),
            ],
        };
        let text = crate::output::view::render(&view, OutputFormat::Table).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        let cells = |l: &str| l.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(
            cells(lines[0]),
            [
                "SUBSET", "WEIGHT", "RPS", "SUCCESS", "P50", "P90", "P99", "REQUESTS", "NOTE"
            ]
        );
        assert_eq!(
            cells(lines[1]),
            [
                "v1", "80%", "40.0", "100.0%", "4.5ms", "52ms", "98ms", "400"
            ]
        );
        assert!(lines[2].starts_with("v2   "), "{text}");
        assert!(lines[2].ends_with("no requests in 10s"), "{text}");
        assert!(
            lines[3].contains(" -  ") && lines[3].ends_with("proxy `x` is down"),
            "{text}"
        );
    }
}

#[cfg(test)]
mod port_tests {
    //! `metrics` against the ports' doubles: weights and subsets from an in-memory mesh
    //! store; figures from a fixed source, or scraped from pods of an in-memory
    //! cluster through its scrape port.

    use crate::ExitStatus;
    use crate::cmd::testing::Doubles;
    use crate::core::duration::Duration;
    use crate::core::fake::FixedSource;
    use crate::core::metrics::{Latency, Sample, SourceError, SourceErrorKind};
    use serde_json::{Value, json};

    fn vs() -> Value {
        json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
               "metadata": {"name": "reviews"},
               "spec": {"hosts": ["reviews"], "http": [{"route": [
                   {"destination": {"host": "reviews", "subset": "v1"}, "weight": 90},
                   {"destination": {"host": "reviews", "subset": "v2"}, "weight": 10}]}]}})
    }

    fn dr() -> Value {
        json!({"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
               "metadata": {"name": "reviews"},
               "spec": {"host": "reviews", "subsets": [
                   {"name": "v1", "labels": {"version": "v1"}},
                   {"name": "v2", "labels": {"version": "v2"}}]}})
    }

    fn pod(version: &str) -> Value {
        json!({"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": format!("reviews-{version}"), "labels": {"app": "reviews", "version": version}},
               "status": {"phase": "Running"}})
    }

    /// One sidecar's `istio_requests_total` for `version`: `ok` 200s and `failed` 503s.
    fn stats(version: &str, ok: u64, failed: u64) -> String {
        let series = |code: u16, n: u64| {
            format!(
                "istio_requests_total{{reporter=\"destination\",destination_service_name=\"reviews\",destination_service_namespace=\"shop\",destination_version=\"{version}\",response_code=\"{code}\"}} {n}\n"
            )
        };
        format!("{}{}", series(200, ok), series(503, failed))
    }

    #[tokio::test]
    async fn figures_and_weights_per_subset_from_a_metric_source() {
        let sample = Sample::from_totals(
            300.0,
            3.0,
            Duration::from_secs(30),
            Latency {
                p50: Some(4.0),
                p90: Some(9.0),
                p99: Some(20.0),
                ..Default::default()
            },
        );
        let source = FixedSource::default().with("v1", sample).failing(
            "v2",
            SourceError::new(SourceErrorKind::NoData, "no requests for subset `v2`"),
        );
        let ran = Doubles::mesh([vs(), dr()])
            .with_metrics(source)
            .run(&["metrics", "reviews"])
            .await;
        assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
        insta::assert_snapshot!(ran.stdout, @r"
        SUBSET   WEIGHT   RPS    SUCCESS   P50     P90     P99    REQUESTS   NOTE
        v1       90%      10.0   99.0%     4.0ms   9.0ms   20ms   300
        v2       10%      -      -         -       -       -      -          no requests for subset `v2`
        ");
    }

    #[tokio::test]
    async fn without_a_source_flag_each_subsets_pods_are_scraped_through_the_cluster() {
        let doubles = Doubles::mesh([vs(), dr()]).with_workloads([
            pod("v1"),
            pod("v2"),
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "reviews"},
                   "spec": {"selector": {"app": "reviews"}}}),
        ]);
        for (version, before, after) in [("v1", (100, 0), (190, 0)), ("v2", (10, 0), (18, 2))] {
            let pod = format!("reviews-{version}");
            doubles
                .cluster
                .set_scrape("shop", &pod, 15020, &stats(version, before.0, before.1));
            doubles
                .cluster
                .set_scrape("shop", &pod, 15020, &stats(version, after.0, after.1));
        }
        let ran = doubles
            .run(&["metrics", "reviews", "--window", "20ms", "-o", "json"])
            .await;
        assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
        let view: Value = serde_json::from_str(&ran.stdout).unwrap();
        assert_eq!(view["source"], "envoy");
        assert_eq!(view["subsets"][0]["subset"], "v1");
        assert_eq!(view["subsets"][0]["sample"]["requests"], 90.0);
        assert_eq!(view["subsets"][1]["weight"], 10);
        assert_eq!(view["subsets"][1]["sample"]["requests"], 10.0);
        assert_eq!(view["subsets"][1]["sample"]["errors"], 2.0);
    }

    #[tokio::test]
    async fn a_pod_that_does_not_answer_fails_the_look() {
        let doubles = Doubles::mesh([vs(), dr()]).with_workloads([pod("v1")]);
        let ran = doubles
            .run(&["metrics", "reviews", "--subsets", "v1", "--window", "10ms"])
            .await;
        assert_eq!(ran.status, ExitStatus::Failure, "{}", ran.stdout);
        assert!(
            ran.stderr
                .contains("cannot scrape pod `reviews-v1` port 15020 through the API server"),
            "{}",
            ran.stderr
        );
    }
}
