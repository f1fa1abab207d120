//! What `meshctl canary` and `meshctl bluegreen` share: the driver that performs the
//! rollout engine's actions through the mesh store ([`driver`]), the route edits
//! ([`routes`]), the flags for health checks and metric sources, who is driving, and
//! the status views. One copy for both strategies: blue-green is the same engine with
//! other stages.

pub mod driver;
pub mod hooks;
mod live;
pub mod notify;
pub mod plan;
pub mod precheck;
pub mod report;
pub mod rounds;
pub mod signals;
pub mod view;
pub mod workload;

/// The route edits are pure and live in the core; re-exported for the commands.
pub use crate::core::rollout::routes;

#[cfg(test)]
mod live_tests;
#[cfg(test)]
mod sample_report;
#[cfg(test)]
mod tests;

use crate::cmd::Ctx;
use crate::core::analysis::{AnalysisFlags, AnalysisSpec};
use crate::core::duration::Duration;
use crate::core::metrics::MetricSource;
use crate::core::store::{MeshStore, ObjectRef};
use crate::output::progress::{Bar, JsonLines, Lines, Reporter};
use crate::{Error, Result};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

pub use driver::{Driver, Ended, settle};
pub use hooks::HookArgs;

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
    /// How much traffic one analysis round judges (default: the step's `--interval`, at
    /// most 1m)
    #[arg(long, value_name = "DURATION")]
    pub analysis_window: Option<Duration>,
    /// Time between analysis rounds (default: half the window, within the step)
    #[arg(long, value_name = "DURATION")]
    pub analysis_interval: Option<Duration>,
    /// Sequential judgement: the chance of rolling back a canary that errs exactly at
    /// the allowed rate (default 0.01)
    #[arg(long, value_name = "P")]
    pub alpha: Option<f64>,
    /// Sequential judgement: the chance of missing a canary that errs at the allowed
    /// rate plus `--min-detectable-increase` (default 0.05)
    #[arg(long, value_name = "P")]
    pub beta: Option<f64>,
    /// Sequential judgement: the increase of the error rate worth detecting, in
    /// percentage points over what `--min-success-rate` allows (default 10)
    #[arg(long, value_name = "PP")]
    pub min_detectable_increase: Option<f64>,
    /// Sequential judgement: how far above one half the chance that a canary request
    /// is slower than a stable one must be to roll back, with
    /// `compareToStable.maxLatencyIncrease` (default 0.1: slower in 60% of pairs)
    #[arg(long = "min-detectable-shift", value_name = "SHARE")]
    pub min_detectable_latency_shift: Option<f64>,
    /// End a step early when the sequential tests show it healthy (default: every step
    /// holds its `--interval`)
    #[arg(long)]
    pub early_promote: bool,
    #[command(flatten)]
    pub metrics: SourceArgs,
}

/// Where metrics come from: the flags every command that reads metrics shares.
pub use crate::cmd::ctx::SourceArgs;

/// The metric source the flags name (Prometheus, Envoy admins, or on the local mesh
/// its running Envoy), if any; `None` means each subset's pods.
pub fn named_source(ctx: &Ctx, args: &SourceArgs) -> Result<Option<Arc<dyn MetricSource>>> {
    ctx.metrics(args)?.shared()
}

/// [`named_source`], else the pods of each of `subsets` (labels from the
/// DestinationRule, plus the Service's selector), scraped through the workload
/// cluster. `extra` adds labels to one subset (`--canary-labels`, not yet written to
/// the DestinationRule).
pub async fn source_or_pods(
    ctx: &Ctx,
    args: &SourceArgs,
    service: &str,
    subsets: &[&str],
    extra: Option<(&str, &BTreeMap<String, String>)>,
) -> Result<Arc<dyn MetricSource>> {
    let metrics = ctx.metrics(args)?;
    if let Some(source) = metrics.shared()? {
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
    metrics
        .for_subsets(service, &namespace, &mesh, subsets)
        .await
}

/// The metric source for continuing the recorded rollout of `service`: the flags'
/// source, or (when its spec has checks and splits by subset) the subsets' pods.
pub async fn source_for_record(
    ctx: &Ctx,
    args: &SourceArgs,
    service: &str,
    api: Option<Api>,
) -> Result<Option<Arc<dyn MetricSource>>> {
    if let Some(source) = named_source(ctx, args)? {
        return Ok(Some(source));
    }
    let (store, object) = rollout_object(ctx, service, api).await?;
    let Some(vs) = store.get(&object).await? else {
        return Ok(None);
    };
    match driver::record_of(&vs)? {
        Some(rec)
            if rec.spec.has_analysis()
                && rec.spec.split.by == crate::core::rollout::SplitBy::Subset =>
        {
            let split = &rec.spec.split;
            Ok(Some(
                source_or_pods(ctx, args, service, &[&split.stable, &split.canary], None).await?,
            ))
        }
        _ => Ok(None),
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
            alpha: self.alpha,
            beta: self.beta,
            min_detectable_increase: self.min_detectable_increase,
            min_detectable_latency_shift: self.min_detectable_latency_shift,
            early_promote: self.early_promote,
            ..Default::default()
        };
        Ok(Some(flags.apply(base)?))
    }

    /// The metric source named by the flags (or the local mesh's Envoy), if any.
    pub fn source(&self, ctx: &Ctx) -> Result<Option<Arc<dyn MetricSource>>> {
        named_source(ctx, &self.metrics)
    }
}

/// Warns of analysis rounds or windows that do not fit the steps they judge (never
/// a silent override: the spec's values are kept and the warning says what they do).
pub fn warn_cadence(ctx: &Ctx, spec: &crate::core::rollout::RolloutSpec) {
    let mut said = std::collections::BTreeSet::new();
    for (i, stage) in spec.stages().iter().enumerate() {
        let Some(analysis) = spec.analysis_for(i) else {
            continue;
        };
        for warning in analysis.cadence_conflicts(stage.window) {
            if said.insert(warning.clone()) {
                ctx.printer.warn(&warning);
            }
        }
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
    /// The object the rollout shifts: `istio` (the VirtualService SERVICE) or
    /// `gateway-api` (the HTTPRoute SERVICE). A new rollout defaults to `istio`; the
    /// other commands find the one carrying the rollout
    #[arg(long, value_name = "API", value_enum)]
    pub api: Option<Api>,
}

/// Which API's object a rollout is on (`--api`).
pub use crate::cli::flags::Api;

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

/// The HTTPRoute named SERVICE in the namespace of the store that holds routes.
pub async fn http_route_ref(ctx: &Ctx, service: &str) -> Result<ObjectRef> {
    let ns = match &ctx.settings.namespace {
        Some(ns) => ns.clone(),
        None => ctx.route_store().await?.default_namespace().to_string(),
    };
    Ok(ObjectRef::new(
        crate::core::model::GATEWAY_API_GROUP,
        crate::core::rollout::shape::HTTP_ROUTE,
        Some(&ns),
        service,
    ))
}

/// The object the rollout of `service` lives on and the store that holds it: what
/// `--api` names; without it, the VirtualService SERVICE, unless only the HTTPRoute
/// SERVICE carries a rollout record. A VirtualService that cannot be read now is
/// still the one: the driver rides out the outage, or says it is missing.
pub async fn rollout_object<'a>(
    ctx: &'a Ctx,
    service: &str,
    api: Option<Api>,
) -> Result<(&'a dyn MeshStore, ObjectRef)> {
    let mesh = ctx.mesh_store().await?;
    let vs = vs_ref(ctx, service).await?;
    let carries = |found: &Option<serde_json::Value>| {
        found
            .as_ref()
            .is_some_and(|o| driver::annotation(o).is_some())
    };
    match api {
        Some(Api::Istio) => return Ok((mesh, vs)),
        Some(Api::GatewayApi) => {
            return Ok((
                ctx.route_store().await?,
                http_route_ref(ctx, service).await?,
            ));
        }
        None => {}
    }
    match mesh.get(&vs).await {
        Ok(found) if !carries(&found) => {}
        _ => return Ok((mesh, vs)),
    }
    // A cluster without the Gateway API's CRDs has no HTTPRoutes: the VirtualService.
    let Ok(routes) = ctx.route_store().await else {
        return Ok((mesh, vs));
    };
    let route = http_route_ref(ctx, service).await?;
    match routes.get(&route).await {
        Ok(found) if carries(&found) => Ok((routes, route)),
        _ => Ok((mesh, vs)),
    }
}

/// A driver for the recorded rollout of `service` (on the object `drive.api` names,
/// else the one carrying the record), with the given reporter and metric source.
pub async fn driver<'a>(
    ctx: &'a Ctx,
    service: &str,
    drive: &DriveArgs,
    reporter: &'a dyn Reporter,
    source: Option<&'a dyn MetricSource>,
) -> Result<Driver<'a>> {
    driver_on(ctx, service, drive.api, drive, reporter, source).await
}

/// A driver for a new rollout of `service`: on the HTTPRoute with `--api
/// gateway-api`, else on the VirtualService.
pub async fn start_driver<'a>(
    ctx: &'a Ctx,
    service: &str,
    drive: &DriveArgs,
    reporter: &'a dyn Reporter,
) -> Result<Driver<'a>> {
    let api = Some(drive.api.unwrap_or_default());
    driver_on(ctx, service, api, drive, reporter, None).await
}

async fn driver_on<'a>(
    ctx: &'a Ctx,
    service: &str,
    api: Option<Api>,
    drive: &DriveArgs,
    reporter: &'a dyn Reporter,
    source: Option<&'a dyn MetricSource>,
) -> Result<Driver<'a>> {
    let (store, vs) = rollout_object(ctx, service, api).await?;
    Ok(Driver {
        store,
        vs,
        actor: actor(),
        lock_ttl: drive.lock_ttl,
        outage_timeout: drive.outage_timeout,
        reporter,
        source,
        confirm: None,
        session: driver::Session::new(),
        clock: ctx.clock(),
        poster: Some(ctx.poster()?),
        notifier: Some(notify::Notifier::new(ctx)),
    })
}

/// Refuses, before anything is read or written, a `--lock-ttl` the driver could not
/// renew in time (see `core::rollout::schedule`). For the commands that drive.
pub fn check_drive_args(ctx: &Ctx, drive: &DriveArgs) -> Result<()> {
    crate::core::rollout::schedule::check_lock_ttl(drive.lock_ttl, ctx.write_timeout())?;
    Ok(())
}

/// Says what a forced start overrode: a live lock taken, an unfinished rollout replaced.
pub fn say_overrides(ctx: &Ctx, started: &crate::core::rollout::Started) {
    if let Some(lock) = &started.overridden_lock {
        ctx.printer.warn(&format!(
            "--force: took the lock of `{}` (valid until {})",
            lock.holder, lock.expires_at
        ));
    }
    if let Some(old) = &started.replaced {
        ctx.printer.warn(&format!(
            "--force: replaced the unfinished rollout started at {} by `{}` ({} at stage {}); its original routes are kept for rollback",
            old.created_at,
            old.created_by,
            old.phase,
            old.stage + 1
        ));
    }
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
        Ended::Interrupted(rec, stop) => {
            let svc = &rec.spec.service;
            let _ = group;
            Err(Error::new(
                stop.kind(),
                format!(
                    "stopped by {}: the rollout of `{svc}` is paused at {}",
                    stop.name(),
                    rec.weights
                ),
            )
            .with_hint(driver::continue_hint(&rec)))
        }
    }
}

/// `--dry-run` of a rollout's first write: the VirtualService as the start would
/// write it (as the server would store it, with `server`), shown as a diff; nothing
/// is written and no lock is taken.
pub async fn preview_start(
    ctx: &Ctx,
    driver: &Driver<'_>,
    spec: &crate::core::rollout::RolloutSpec,
    route: Option<&str>,
    force: bool,
    dry_run: crate::cli::flags::DryRunArgs,
) -> Result<crate::ExitStatus> {
    let (live, mut changed) = driver.start_preview(spec, route, force).await?;
    if dry_run.dry_run == crate::cli::flags::DryRun::Server {
        changed = driver.store.replace_dry_run(&changed).await?;
    }
    crate::cmd::policy::edit::show_dry_run(ctx, &driver.vs, &live, &changed, dry_run)?;
    Ok(crate::ExitStatus::Success)
}
