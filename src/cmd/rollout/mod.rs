//! What `meshctl canary` and `meshctl bluegreen` share: the driver that performs the
//! rollout engine's actions through the mesh store ([`driver`]), the route edits
//! ([`routes`]), the flags for health checks and metric sources, who is driving, and
//! the status views. One copy for both strategies: blue-green is the same engine with
//! other stages.

pub mod driver;
pub mod precheck;
pub mod view;

/// The route edits are pure and live in the core; re-exported for the commands.
pub use crate::core::rollout::routes;

#[cfg(test)]
mod tests;

use crate::adapters::envoy_stats::{EnvoyStatsSource, PodSet, Proxies};
use crate::adapters::prometheus::{PrometheusOptions, PrometheusSource};
use crate::cmd::Ctx;
use crate::core::analysis::{AnalysisFlags, AnalysisSpec};
use crate::core::duration::Duration;
use crate::core::metrics::MetricSource;
use crate::core::store::ObjectRef;
use crate::output::progress::{Bar, JsonLines, Lines, Reporter};
use crate::{Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use driver::{Driver, Ended, settle};

/// The Prometheus bearer token: from `--prometheus-token-file` (trimmed), else
/// `MESHCTL_PROMETHEUS_TOKEN`. Never from a flag value: argv is visible to everyone.
pub fn prometheus_token(file: Option<&Path>) -> Result<Option<String>> {
    match file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                Error::io(
                    format!("cannot read the token file `{}`", path.display()),
                    e,
                )
            })?;
            Ok(Some(text.trim().to_string()))
        }
        None => Ok(std::env::var(crate::cmd::metrics::TOKEN_ENV).ok()),
    }
}

/// Health-check flags: a spec file and/or single checks (flags override the file).
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Analysis")]
pub struct AnalysisArgs {
    /// Analysis spec file (see docs/analysis.md); the flags below override it
    #[arg(long, value_name = "FILE")]
    pub analysis: Option<PathBuf>,
    /// Fail a step when the new version answers less than this percent without 5xx
    #[arg(long, value_name = "PCT")]
    pub min_success_rate: Option<f64>,
    /// Fail a step when the new version's p99 latency is above this
    #[arg(long, value_name = "DURATION")]
    pub max_p99: Option<Duration>,
    /// Fail a step when the new version gets fewer requests per second than this
    #[arg(long, value_name = "RPS")]
    pub min_rps: Option<f64>,
    /// Fewer requests than this in a window is no data, not a verdict
    #[arg(long, value_name = "N")]
    pub min_requests: Option<u64>,
    /// How much traffic one analysis round judges (default 1m)
    #[arg(long, value_name = "DURATION")]
    pub analysis_window: Option<Duration>,
    /// Time between analysis rounds (default 30s)
    #[arg(long, value_name = "DURATION")]
    pub analysis_interval: Option<Duration>,
    #[command(flatten)]
    pub metrics: SourceArgs,
}

/// Where metrics come from: Prometheus, Envoy admin URLs (flag or
/// `MESHCTL_ENVOY_ADMIN`), or neither given: on the local mesh its running Envoy, on
/// Kubernetes the sidecars of each subset's pods through the API server's pod proxy.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Metrics")]
pub struct SourceArgs {
    /// Envoy admin URL to scrape `/stats/prometheus` from (repeatable or comma-separated;
    /// default with `--target local`: the local mesh's Envoy)
    #[arg(long, env = crate::cmd::metrics::ENVOY_ADMIN_ENV, value_delimiter = ',', value_name = "URL")]
    pub envoy_admin: Vec<String>,
    /// Prometheus to ask instead of Envoy admins
    // No clap conflict with `--envoy-admin`: its env var, exported after `local up`,
    // would make every `--prometheus-url` a usage error. Prometheus wins instead.
    #[arg(long, value_name = "URL")]
    pub prometheus_url: Option<String>,
    /// File holding a bearer token for Prometheus (or set `MESHCTL_PROMETHEUS_TOKEN`)
    #[arg(long, value_name = "FILE", requires = "prometheus_url")]
    pub prometheus_token_file: Option<PathBuf>,
    /// The pods' port serving `/stats/prometheus` when scraping pods
    #[arg(long, value_name = "PORT", default_value_t = crate::adapters::envoy_stats::DEFAULT_STATS_PORT)]
    pub stats_port: u16,
}

impl SourceArgs {
    /// The metric source named by the flags, else (with `--target local`) the local
    /// mesh's running Envoy, if any.
    pub fn source(&self, ctx: &Ctx) -> Result<Option<Box<dyn MetricSource>>> {
        if let Some(url) = &self.prometheus_url {
            let options = PrometheusOptions {
                url: url.clone(),
                token: prometheus_token(self.prometheus_token_file.as_deref())?,
                ..Default::default()
            };
            let source = PrometheusSource::new(options).map_err(|e| {
                Error::usage(format!("`--prometheus-url`: {}", e.message))
                    .with_hint("e.g. `--prometheus-url http://prometheus.istio-system:9090`")
            })?;
            return Ok(Some(Box::new(source)));
        }
        let admins = self.admins(ctx)?;
        if admins.is_empty() {
            return Ok(None);
        }
        Ok(Some(Box::new(EnvoyStatsSource::new(Proxies::Admin(
            admins,
        )))))
    }

    /// The Envoy admin URLs to scrape: the flag's (or env's), else the local mesh's.
    fn admins(&self, ctx: &Ctx) -> Result<Vec<String>> {
        let given: Vec<String> = self
            .envoy_admin
            .iter()
            .map(|u| u.trim())
            .filter(|u| !u.is_empty())
            .map(str::to_string)
            .collect();
        if !given.is_empty() {
            return Ok(given);
        }
        if let Some(admin) = ctx.local_envoy_admin()? {
            ctx.printer
                .verbose(&format!("metrics: the local mesh's Envoy admin `{admin}`"));
            return Ok(vec![admin]);
        }
        Ok(Vec::new())
    }

    /// [`SourceArgs::source`], else the pods of each of `subsets` (labels from the
    /// DestinationRule, plus the Service's selector), scraped through the workload
    /// cluster's pod proxy. `extra` adds labels to one subset (`--canary-labels`, not
    /// yet written to the DestinationRule).
    pub async fn source_or_pods(
        &self,
        ctx: &Ctx,
        service: &str,
        subsets: &[&str],
        extra: Option<(&str, &BTreeMap<String, String>)>,
    ) -> Result<Box<dyn MetricSource>> {
        if let Some(source) = self.source(ctx)? {
            return Ok(source);
        }
        let namespace = ctx.mesh_namespace().await?;
        let mut mesh = crate::cmd::metrics::mesh_view(ctx, &namespace, service).await?;
        if let Some((subset, labels)) = extra {
            mesh.subsets
                .entry(subset.to_string())
                .or_default()
                .extend(labels.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        let cluster = ctx.cluster().await?;
        let pods_namespace = ctx.workload_namespace().await?;
        let service_selector =
            crate::cmd::metrics::service_selector(cluster.as_ref(), &pods_namespace, service)
                .await?;
        let mut by_subset = BySubset::default();
        for subset in subsets {
            let Some(labels) = mesh.subsets.get(*subset) else {
                return Err(Error::not_found(format!(
                    "subset `{subset}` is not in the DestinationRule of `{service}` in namespace `{namespace}`, so its pods are unknown"
                ))
                .with_hint("add it (`--canary-labels version=v2`), or name a metric source with `--envoy-admin` or `--prometheus-url`"));
            };
            let selector = crate::cmd::metrics::selector(&service_selector, labels);
            ctx.printer.verbose(&format!(
                "metrics of subset `{subset}`: pods `{selector}` in namespace `{pods_namespace}`, port {}",
                self.stats_port
            ));
            by_subset.0.insert(
                subset.to_string(),
                Box::new(EnvoyStatsSource::new(Proxies::Pods(PodSet {
                    cluster: cluster.clone(),
                    namespace: pods_namespace.clone(),
                    selector,
                    port: self.stats_port,
                }))),
            );
        }
        Ok(Box::new(by_subset))
    }
}

/// The metric source for continuing the recorded rollout of `service`: the flags'
/// source, or (when its spec has checks and splits by subset) the subsets' pods.
pub async fn source_for_record(
    ctx: &Ctx,
    args: &SourceArgs,
    service: &str,
) -> Result<Option<Box<dyn MetricSource>>> {
    if let Some(source) = args.source(ctx)? {
        return Ok(Some(source));
    }
    let store = ctx.mesh_store().await?;
    let Some(vs) = crate::core::store::MeshStore::get(store, &vs_ref(ctx, service).await?).await?
    else {
        return Ok(None);
    };
    match driver::record_of(&vs)? {
        Some(rec)
            if rec.spec.analysis.is_some()
                && rec.spec.split.by == crate::core::rollout::SplitBy::Subset =>
        {
            let split = &rec.spec.split;
            Ok(Some(
                args.source_or_pods(ctx, service, &[&split.stable, &split.canary], None)
                    .await?,
            ))
        }
        _ => Ok(None),
    }
}

/// One source per subset (each subset's own pods), chosen by the target's subset.
#[derive(Default)]
struct BySubset(std::collections::BTreeMap<String, Box<dyn MetricSource>>);

impl MetricSource for BySubset {
    fn sample<'a>(
        &'a self,
        target: &'a crate::core::metrics::Target,
        window: Duration,
    ) -> crate::core::metrics::SourceFuture<'a, crate::core::metrics::Sample> {
        match self.0.get(&target.subset) {
            Some(source) => source.sample(target, window),
            None => Box::pin(async move {
                Err(crate::core::metrics::SourceError::new(
                    crate::core::metrics::SourceErrorKind::NoData,
                    format!("no pods are known for subset `{}`", target.subset),
                ))
            }),
        }
    }
}

impl AnalysisArgs {
    fn any_check(&self) -> bool {
        self.analysis.is_some()
            || self.min_success_rate.is_some()
            || self.max_p99.is_some()
            || self.min_rps.is_some()
    }

    /// The analysis spec the flags ask for; `None`: steps advance on time alone.
    pub fn spec(&self) -> Result<Option<AnalysisSpec>> {
        if !self.any_check() {
            return Ok(None);
        }
        let base = match &self.analysis {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| Error::io(format!("cannot read `{}`", path.display()), e))?;
                Some(AnalysisSpec::from_yaml(&text).map_err(|e| {
                    Error::from(e).context(
                        crate::ErrorKind::Invalid,
                        format!("invalid analysis spec `{}`", path.display()),
                    )
                })?)
            }
            None => None,
        };
        let flags = AnalysisFlags {
            success_rate: self.min_success_rate,
            max_latency: self.max_p99,
            min_rps: self.min_rps,
            min_requests: self.min_requests,
            window: self.analysis_window,
            interval: self.analysis_interval,
            ..Default::default()
        };
        Ok(Some(flags.apply(base)?))
    }

    /// The metric source named by the flags (or the local mesh's Envoy), if any.
    pub fn source(&self, ctx: &Ctx) -> Result<Option<Box<dyn MetricSource>>> {
        self.metrics.source(ctx)
    }
}

/// Flags of every command that drives a rollout.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Driving")]
pub struct DriveArgs {
    /// How long the lock outlives a silent driver (renewed every third of it while
    /// running; at least 1.5 times `--request-timeout`)
    #[arg(long, value_name = "DURATION", default_value = "2m")]
    pub lock_ttl: Duration,
    /// How long reads and writes keep retrying an API server that does not answer
    /// (restarts, 5xx, 429) before the command gives up
    #[arg(long, value_name = "DURATION", default_value = "5m")]
    pub outage_timeout: Duration,
    /// Progress as JSON Lines on stdout (`json`) instead of lines for people
    #[arg(short = 'o', long, value_name = "FORMAT", value_parser = ["json"])]
    pub output: Option<String>,
}

/// Who drives: `MESHCTL_ACTOR`, else `USER@pid` (so two terminals of one person are
/// two holders of the lock).
pub fn actor() -> String {
    if let Ok(a) = std::env::var("MESHCTL_ACTOR")
        && !a.trim().is_empty()
    {
        return a;
    }
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "meshctl".into());
    format!("{user}@pid-{}", std::process::id())
}

/// The reporter for this invocation: JSON Lines with `-o json`, a bar on a terminal,
/// timestamped lines otherwise.
pub fn reporter<'a>(ctx: &'a Ctx, args: &DriveArgs) -> Box<dyn Reporter + 'a> {
    if args.output.as_deref() == Some("json") {
        Box::new(JsonLines::new(&ctx.printer))
    } else if ctx.printer.stderr_is_terminal() && ctx.settings.verbosity >= 0 {
        Box::new(Bar::new())
    } else {
        Box::new(Lines::new(&ctx.printer))
    }
}

/// The VirtualService named SERVICE in the mesh namespace.
pub async fn vs_ref(ctx: &Ctx, service: &str) -> Result<ObjectRef> {
    let ns = ctx.mesh_namespace().await?;
    Ok(ObjectRef::istio("VirtualService", &ns, service))
}

/// A driver for `service`, with the given reporter and metric source.
pub async fn driver<'a>(
    ctx: &'a Ctx,
    service: &str,
    drive: &DriveArgs,
    reporter: &'a dyn Reporter,
    source: Option<&'a dyn MetricSource>,
) -> Result<Driver<'a>> {
    let store = ctx.mesh_store().await?;
    Ok(Driver {
        store,
        vs: vs_ref(ctx, service).await?,
        actor: actor(),
        lock_ttl: drive.lock_ttl,
        outage_timeout: drive.outage_timeout,
        reporter,
        source,
        confirm: None,
        session: driver::Session::new(),
    })
}

/// Refuses, before anything is read or written, a `--lock-ttl` the driver could not
/// renew in time (see `core::rollout::schedule`). For the commands that drive.
pub fn check_drive_args(ctx: &Ctx, drive: &DriveArgs) -> Result<()> {
    let request_timeout = match ctx.settings.target {
        crate::cli::Target::Kubernetes => ctx.settings.kube.request_timeout.unwrap_or_else(|| {
            Duration::from_millis(crate::adapters::kube::DEFAULT_TIMEOUT.as_millis() as u64)
        }),
        // Local writes take milliseconds.
        crate::cli::Target::Local => Duration::from_secs(1),
    };
    crate::core::rollout::schedule::check_lock_ttl(drive.lock_ttl, request_timeout)?;
    Ok(())
}

/// Says how a foreground run ended and returns its exit status.
pub fn finish(ctx: &Ctx, ended: Ended, group: &str) -> Result<crate::ExitStatus> {
    match ended {
        Ended::Settled(rec) => {
            if rec.phase == crate::core::rollout::Phase::Succeeded {
                ctx.printer.info(&format!(
                    "rollout of `{}` succeeded: {}",
                    rec.spec.service, rec.weights
                ));
            }
            settle(&rec, group)
        }
        Ended::Interrupted(rec) => {
            let svc = &rec.spec.service;
            let _ = group;
            Err(Error::new(
                crate::ErrorKind::RolloutPaused,
                format!(
                    "interrupted: the rollout of `{svc}` is paused at {}",
                    rec.weights
                ),
            )
            .with_hint(driver::continue_hint(&rec)))
        }
    }
}

#[cfg(test)]
mod source_args_tests {
    use super::*;
    use crate::cmd::Settings;
    use crate::output::{ColorChoice, Printer};

    fn ctx(settings: Settings) -> Ctx {
        Ctx::for_tests(settings, Printer::from_env(ColorChoice::Never))
    }

    #[test]
    fn envoy_admins_are_repeatable_comma_separated_and_allowed_beside_prometheus() {
        let args: SourceArgs = crate::cmd::demo::mesh::parse_args(&[
            "x",
            "--envoy-admin",
            "http://a:1,http://b:2",
            "--envoy-admin",
            "http://c:3",
            "--prometheus-url",
            "http://p:9090",
        ])
        .unwrap();
        assert_eq!(args.envoy_admin, ["http://a:1", "http://b:2", "http://c:3"]);
        assert_eq!(args.prometheus_url.as_deref(), Some("http://p:9090"));
    }

    #[test]
    fn given_admins_are_trimmed_and_empty_ones_dropped() {
        let args = SourceArgs {
            envoy_admin: vec![" http://a:1 ".into(), "".into(), "http://b:2".into()],
            ..Default::default()
        };
        let admins = args.admins(&ctx(Settings::default())).unwrap();
        assert_eq!(admins, ["http://a:1", "http://b:2"]);
    }

    #[test]
    fn without_flags_kubernetes_has_no_admin_and_a_stopped_local_mesh_neither() {
        let args = SourceArgs::default();
        assert!(args.source(&ctx(Settings::default())).unwrap().is_none());
        let dir = tempfile::tempdir().unwrap();
        let local = ctx(Settings {
            target: crate::cli::Target::Local,
            local_dir: Some(dir.path().to_path_buf()),
            ..Default::default()
        });
        assert!(args.admins(&local).unwrap().is_empty());
    }
}
