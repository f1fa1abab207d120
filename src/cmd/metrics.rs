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
use crate::adapters::envoy_stats::{DEFAULT_STATS_PORT, EnvoyStatsSource, PodSet, Proxies};
use crate::adapters::kube::ResourceType;
use crate::adapters::prometheus::{PrometheusOptions, PrometheusSource};
use crate::core::duration::Duration;
use crate::core::metrics::{MetricSource, Sample, SourceError, Target};
use crate::core::model::Resource;
use crate::core::service::ServiceMesh;
pub(crate) use crate::core::service::selector;
use crate::core::store::{ISTIO_NETWORKING, ListQuery};
use crate::output::{OutputFormat, table};
use crate::{Error, ErrorKind, ExitStatus, Result};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The environment variable that carries the Prometheus bearer token.
pub const TOKEN_ENV: &str = "MESHCTL_PROMETHEUS_TOKEN";
/// A local mesh names its Envoy admin endpoints here (comma-separated).
pub const ENVOY_ADMIN_ENV: &str = "MESHCTL_ENVOY_ADMIN";
/// Progress lines from the sources (queries sent, scrapes done), printed with `-v`
/// while the sources work: adapters do not print.
type Progress = tokio::sync::mpsc::UnboundedSender<String>;

/// Fastest redraw of `--watch` on a terminal.
const MIN_REDRAW: std::time::Duration = std::time::Duration::from_millis(200);

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SourceChoice {
    /// Scrape the proxies' `/stats/prometheus` twice, a window apart
    Envoy,
    /// Ask Prometheus about the last window
    Prometheus,
}

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

    /// Where figures come from (default: `prometheus` with `--prometheus-url`, else `envoy`)
    #[arg(long, value_enum, value_name = "SOURCE")]
    pub source: Option<SourceChoice>,

    /// Keep measuring: redraw on a terminal, else print a table per window
    #[arg(long)]
    pub watch: bool,

    /// The service port, to tell its clusters from other ports' (default: any port)
    #[arg(long, value_name = "PORT")]
    pub port: Option<u16>,

    /// Envoy admin URL to scrape (repeatable); skips the pod lookup
    #[arg(long = "envoy-admin", env = ENVOY_ADMIN_ENV, value_delimiter = ',', value_name = "URL")]
    pub envoy_admin: Vec<String>,

    /// Pod port serving `/stats/prometheus` (15020 merged by the Istio agent, 15090 Envoy's)
    #[arg(long, default_value_t = DEFAULT_STATS_PORT, value_name = "PORT")]
    pub stats_port: u16,

    /// Prometheus base URL
    #[arg(long, value_name = "URL", help_heading = "Prometheus")]
    pub prometheus_url: Option<String>,

    /// File holding a bearer token for Prometheus (or set `MESHCTL_PROMETHEUS_TOKEN`)
    #[arg(long, value_name = "FILE", help_heading = "Prometheus")]
    pub prometheus_token_file: Option<PathBuf>,

    /// PEM file of CA certificates to trust for Prometheus
    #[arg(long, value_name = "FILE", help_heading = "Prometheus")]
    pub prometheus_ca: Option<PathBuf>,

    /// How long one query or scrape may take
    #[arg(long, default_value = "10s", value_name = "DURATION")]
    pub timeout: Duration,

    /// Output format: table (default), json or yaml
    #[arg(short = 'o', long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
}

/// One subset's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubsetView {
    pub subset: String,
    /// Percent of the service's traffic the VirtualService sends here; `None` unknown.
    pub weight: Option<i64>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "camel_sample"
    )]
    pub sample: Option<Sample>,
    /// Why there are no figures (no traffic, a proxy failed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What the command shows for one window.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricsView {
    pub service: String,
    pub namespace: String,
    pub source: String,
    #[serde(serialize_with = "display")]
    pub window: Duration,
    pub subsets: Vec<SubsetView>,
}

/// The sample in camelCase like the rest of the output (the core type is snake_case).
fn camel_sample<S: serde::Serializer>(
    sample: &Option<Sample>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    let value = sample.as_ref().map(|x| {
        serde_json::json!({
            "requests": x.requests,
            "errors": x.errors,
            "successRate": x.success_rate,
            "rps": x.rps,
            "latencyMs": x.latency,
            "window": x.window.to_string(),
            "partial": x.partial,
            "proxies": x.proxies,
            "family": x.family,
        })
    });
    value.serialize(s)
}

fn display<S: serde::Serializer>(d: &Duration, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(d)
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    if args.window.as_millis() == 0 {
        return Err(Error::usage("`--window` must be longer than zero")
            .with_hint("pass a window such as `--window 30s`"));
    }
    let format = match args.output {
        None | Some(OutputFormat::Table) | Some(OutputFormat::Wide) => None,
        Some(f) => Some(f),
    };
    let choice = match args.source {
        Some(c) => c,
        None if args.prometheus_url.is_some() => SourceChoice::Prometheus,
        None => SourceChoice::Envoy,
    };
    // Only scraping pods needs a cluster; a local Envoy or Prometheus can do without
    // the mesh when the subsets are named (no weights then).
    let needs_cluster = choice == SourceChoice::Envoy && envoy_admin(ctx, args)?.is_empty();
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
    let (progress, mut lines) = tokio::sync::mpsc::unbounded_channel();
    let progress = (ctx.settings.verbosity > 0).then_some(progress);
    let sources = build_sources(
        ctx,
        args,
        choice,
        &namespace,
        &subsets,
        &mesh,
        progress.as_ref(),
    )
    .await?;

    loop {
        let started = tokio::time::Instant::now();
        let mut sampling = std::pin::pin!(futures::future::join_all(
            targets
                .iter()
                .zip(&sources)
                .map(|(t, s)| s.sample(t, args.window)),
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
            source: match choice {
                SourceChoice::Envoy => "envoy".into(),
                SourceChoice::Prometheus => "prometheus".into(),
            },
            window: args.window,
            subsets: subsets
                .iter()
                .zip(samples)
                .map(|(s, r)| subset_view(s, mesh.weights.get(s).copied(), args.window, r))
                .collect(),
        };
        let text = match format {
            None => render_table(&view),
            Some(OutputFormat::Json) => format!("{}\n", serde_json::to_string_pretty(&view)?),
            Some(_) => crate::core::yaml::to_yaml(&serde_json::to_value(&view)?),
        };
        if !args.watch {
            ctx.printer.data(&text)?;
            return Ok(ExitStatus::Success);
        }
        if ctx.printer.stdout_is_terminal() && format.is_none() {
            ctx.printer.redraw(&text)?;
        } else {
            ctx.printer.data(&text)?;
        }
        // Prometheus answers at once: wait out the window so each table is a new one.
        let pause = match choice {
            SourceChoice::Prometheus => args.window.as_std(),
            SourceChoice::Envoy => MIN_REDRAW,
        };
        tokio::time::sleep_until(started + pause).await;
    }
}

/// The first failure when every subset failed for a reason other than missing data.
fn all_failed(samples: &[std::result::Result<Sample, SourceError>]) -> Option<&SourceError> {
    let mut first = None;
    for s in samples {
        match s {
            Err(e) if !e.is_no_data() => {
                first.get_or_insert(e);
            }
            _ => return None,
        }
    }
    first
}

/// `window` is the one asked for: the measured one differs by a few milliseconds.
fn subset_view(
    subset: &str,
    weight: Option<i64>,
    window: Duration,
    result: std::result::Result<Sample, SourceError>,
) -> SubsetView {
    match result {
        Ok(sample) if sample.requests > 0.0 => SubsetView {
            subset: subset.to_string(),
            weight,
            reason: sample
                .partial
                .then(|| "some proxies could not be counted".to_string()),
            sample: Some(sample),
        },
        Ok(sample) => SubsetView {
            subset: subset.to_string(),
            weight,
            reason: Some(format!("no requests in {window}")),
            sample: Some(sample),
        },
        Err(e) => SubsetView {
            subset: subset.to_string(),
            weight,
            sample: None,
            reason: Some(e.message),
        },
    }
}

/// The table people read: one row per subset, `-` where there is nothing to show.
pub fn render_table(view: &MetricsView) -> String {
    let with_notes = view.subsets.iter().any(|s| s.reason.is_some());
    let mut headers = vec![
        "subset", "weight", "rps", "success", "p50", "p90", "p99", "requests",
    ];
    if with_notes {
        headers.push("note");
    }
    let mut t = table::new_table(headers);
    for s in &view.subsets {
        let weight = s.weight.map_or("-".to_string(), |w| format!("{w}%"));
        let traffic = s.sample.as_ref().filter(|x| x.requests > 0.0);
        let mut row = vec![s.subset.clone(), weight];
        match traffic {
            Some(x) => row.extend([
                format!("{:.1}", x.rps),
                x.success_rate.map_or("-".into(), |r| format!("{r:.1}%")),
                ms(x.latency.p50),
                ms(x.latency.p90),
                ms(x.latency.p99),
                format!("{:.0}", x.requests),
            ]),
            None => row.extend(std::iter::repeat_n("-".to_string(), 6)),
        }
        if with_notes {
            row.push(s.reason.clone().unwrap_or_default());
        }
        t.add_row(row);
    }
    table::render(&t)
}

fn ms(v: Option<f64>) -> String {
    match v {
        Some(v) if v < 10.0 => format!("{v:.1}ms"),
        Some(v) => format!("{v:.0}ms"),
        None => "-".to_string(),
    }
}

/// `--envoy-admin`, else (with `--target local`) the local mesh's running Envoy.
fn envoy_admin(ctx: &Ctx, args: &Args) -> Result<Vec<String>> {
    if !args.envoy_admin.is_empty() {
        return Ok(args.envoy_admin.clone());
    }
    Ok(ctx.local_envoy_admin()?.into_iter().collect())
}

async fn build_sources(
    ctx: &Ctx,
    args: &Args,
    choice: SourceChoice,
    namespace: &str,
    subsets: &[String],
    mesh: &MeshView,
    progress: Option<&Progress>,
) -> Result<Vec<Arc<dyn MetricSource>>> {
    let log = |prefix: &'static str| {
        progress
            .cloned()
            .map(|tx| -> crate::adapters::envoy_stats::Log {
                Arc::new(move |line: &str| {
                    let _ = tx.send(format!("{prefix}{line}"));
                })
            })
    };
    let envoy = |proxies: Proxies| {
        let source = EnvoyStatsSource::new(proxies).with_timeout(args.timeout.as_std());
        match log("") {
            Some(l) => source.with_log(l),
            None => source,
        }
    };
    match choice {
        SourceChoice::Prometheus => {
            let source: Arc<dyn MetricSource> = Arc::new(prometheus_source(args, log("query: "))?);
            Ok(subsets.iter().map(|_| source.clone()).collect())
        }
        SourceChoice::Envoy if !envoy_admin(ctx, args)?.is_empty() => {
            let source: Arc<dyn MetricSource> =
                Arc::new(envoy(Proxies::Admin(envoy_admin(ctx, args)?)));
            Ok(subsets.iter().map(|_| source.clone()).collect())
        }
        SourceChoice::Envoy => {
            let cluster = ctx.workload().await?.clone();
            let pods_namespace = ctx.workload_namespace().await?;
            let service_selector =
                service_selector(&cluster, &pods_namespace, &args.service).await?;
            let mut out: Vec<Arc<dyn MetricSource>> = Vec::new();
            for subset in subsets {
                let Some(labels) = mesh.subsets.get(subset) else {
                    return Err(Error::not_found(format!(
                        "subset `{subset}` is not in the DestinationRule of `{}` in namespace `{namespace}`",
                        args.service
                    ))
                    .with_hint("name a subset the DestinationRule defines, or scrape a local Envoy with `--envoy-admin`"));
                };
                let selector = selector(&service_selector, labels);
                ctx.printer.verbose(&format!(
                    "subset `{subset}`: pods `{selector}` in namespace `{pods_namespace}`, port {}",
                    args.stats_port
                ));
                out.push(Arc::new(envoy(Proxies::Pods(PodSet {
                    cluster: cluster.clone(),
                    namespace: pods_namespace.clone(),
                    selector,
                    port: args.stats_port,
                }))));
            }
            Ok(out)
        }
    }
}

fn prometheus_source(
    args: &Args,
    log: Option<crate::adapters::envoy_stats::Log>,
) -> Result<PrometheusSource> {
    let Some(url) = &args.prometheus_url else {
        return Err(
            Error::usage("`--source prometheus` needs `--prometheus-url`").with_hint(
                "pass the Prometheus base URL, e.g. `--prometheus-url http://127.0.0.1:9090`",
            ),
        );
    };
    let token = match &args.prometheus_token_file {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| {
                    Error::io(
                        format!("cannot read the token file `{}`", path.display()),
                        e,
                    )
                })?
                .trim()
                .to_string(),
        ),
        None => std::env::var(TOKEN_ENV).ok(),
    };
    let ca_pem =
        match &args.prometheus_ca {
            Some(path) => Some(std::fs::read(path).map_err(|e| {
                Error::io(format!("cannot read the CA file `{}`", path.display()), e)
            })?),
            None => None,
        };
    let source = PrometheusSource::new(PrometheusOptions {
        url: url.clone(),
        token,
        ca_pem,
        timeout: Some(args.timeout.as_std()),
        family: None,
    })
    .map_err(|e| {
        Error::usage(e.message).with_hint("check `--prometheus-url` and `--prometheus-ca`")
    })?;
    Ok(match log {
        Some(l) => source.with_query_log(l),
        None => source,
    })
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

pub(crate) async fn service_selector(
    cluster: &crate::adapters::kube::Cluster,
    namespace: &str,
    service: &str,
) -> Result<BTreeMap<String, String>> {
    let rt = ResourceType {
        group: String::new(),
        version: "v1".into(),
        kind: "Service".into(),
        plural: "services".into(),
        singular: "service".into(),
        short_names: vec!["svc".into()],
        namespaced: true,
    };
    match cluster.get(&rt, Some(namespace), service).await {
        Ok(Some(svc)) => Ok(svc
            .pointer("/spec/selector")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default()),
        // Without the Service the subset's labels alone select the pods.
        Ok(None) => Ok(BTreeMap::new()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::metrics::Latency;

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
        let text = render_table(&view);
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
