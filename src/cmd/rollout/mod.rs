//! What `meshctl canary` and `meshctl bluegreen` share: the driver that performs the
//! rollout engine's actions through the mesh store ([`driver`]), the route edits
//! ([`routes`]), the flags for health checks and metric sources, who is driving, and
//! the status views. One copy for both strategies: blue-green is the same engine with
//! other stages.

pub mod driver;
pub mod routes;
pub mod view;

#[cfg(test)]
mod tests;

use crate::adapters::envoy_stats::{EnvoyStatsSource, Proxies};
use crate::adapters::prometheus::{PrometheusOptions, PrometheusSource};
use crate::cmd::Ctx;
use crate::core::analysis::{AnalysisFlags, AnalysisSpec};
use crate::core::duration::Duration;
use crate::core::metrics::MetricSource;
use crate::core::store::ObjectRef;
use crate::output::progress::{Bar, JsonLines, Lines, Reporter};
use crate::{Error, Result};
use std::path::PathBuf;

pub use driver::{Driver, Ended, settle};

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

/// Where metrics come from.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Metrics")]
pub struct SourceArgs {
    /// Envoy admin URL to scrape `/stats/prometheus` from (repeat for several proxies)
    #[arg(long, value_name = "URL")]
    pub envoy_admin: Vec<String>,
    /// Prometheus to ask instead (token from `MESHCTL_PROMETHEUS_TOKEN`)
    #[arg(long, value_name = "URL", conflicts_with = "envoy_admin")]
    pub prometheus_url: Option<String>,
}

impl SourceArgs {
    /// The metric source named by the flags, if any.
    pub fn source(&self) -> Result<Option<Box<dyn MetricSource>>> {
        if let Some(url) = &self.prometheus_url {
            let options = PrometheusOptions {
                url: url.clone(),
                token: std::env::var(crate::cmd::metrics::TOKEN_ENV).ok(),
                ..Default::default()
            };
            let source = PrometheusSource::new(options).map_err(|e| {
                Error::usage(format!("`--prometheus-url`: {}", e.message))
                    .with_hint("e.g. `--prometheus-url http://prometheus.istio-system:9090`")
            })?;
            return Ok(Some(Box::new(source)));
        }
        if self.envoy_admin.is_empty() {
            return Ok(None);
        }
        Ok(Some(Box::new(EnvoyStatsSource::new(Proxies::Admin(
            self.envoy_admin.clone(),
        )))))
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

    /// The metric source named by the flags, if any.
    pub fn source(&self) -> Result<Option<Box<dyn MetricSource>>> {
        self.metrics.source()
    }
}

/// Flags of every command that drives a rollout.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Driving")]
pub struct DriveArgs {
    /// How long the lock outlives a silent driver (renewed while running)
    #[arg(long, value_name = "DURATION", default_value = "2m")]
    pub lock_ttl: Duration,
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
        reporter,
        source,
        confirm: None,
    })
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
            Err(Error::new(
                crate::ErrorKind::Conflict,
                format!("interrupted: the rollout of `{svc}` is paused at {}", rec.weights),
            )
            .with_hint(format!(
                "continue with `meshctl {group} resume {svc}`, or roll back with `meshctl {group} rollback {svc}`"
            )))
        }
    }
}
