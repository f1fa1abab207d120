//! `meshctl bluegreen switch`: verify the idle colour through its preview route, ask
//! (or require `--yes`), move all traffic in one guarded update, verify again and
//! switch back on failure — the rollout engine's blue-green stages, driven by the same
//! driver as a canary.

use crate::cmd::Ctx;
use crate::cmd::canary::start::default_stable;
use crate::cmd::rollout::{
    self, AnalysisArgs, DriveArgs,
    driver::{Confirm, record_of},
    precheck,
    routes::Selector,
};
use crate::core::duration::Duration;
use crate::core::metrics::MetricSource;
use crate::core::rollout::{BlueGreen, Preview, RolloutRecord, RolloutSpec, Split, Weights};
use crate::output::prompt;
use crate::{Error, ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Verify green for 1m through the preview header, switch, verify 5m, revert on failure
  meshctl bluegreen switch reviews --to green --verify-before 1m --verify-after 5m \\
    --min-success-rate 99 --envoy-admin http://127.0.0.1:15000 --yes

  # The gradual variant: 50/50 for the interval, verified, then the rest
  meshctl bluegreen switch reviews --to green --halfway --interval 2m --yes")]
pub struct Args {
    /// The VirtualService to switch (with `--api gateway-api`, the HTTPRoute)
    pub service: String,
    /// The idle colour (subset; on an HTTPRoute, Service) to switch traffic to
    #[arg(long, value_name = "SUBSET")]
    pub to: String,
    /// The active colour (default: the subset or Service the main route sends traffic to)
    #[arg(long, value_name = "SUBSET")]
    pub from: Option<String>,
    /// Judge the idle colour through the preview route this long before switching
    #[arg(long, value_name = "DURATION")]
    pub verify_before: Option<Duration>,
    /// Judge the new colour this long after switching; switch back on failure
    #[arg(long, value_name = "DURATION")]
    pub verify_after: Option<Duration>,
    /// The preview route's match: requests with this header reach the idle colour
    /// (default with `--verify-before`: `x-meshctl-preview=COLOUR`)
    #[arg(
        long,
        alias = "header",
        value_name = "NAME=VALUE",
        conflicts_with = "preview_host"
    )]
    pub preview_header: Option<String>,
    /// The preview route's match: requests for this host reach the idle colour
    #[arg(long, value_name = "HOST")]
    pub preview_host: Option<String>,
    /// Move half the traffic first, verify it for `--interval`, then the rest
    #[arg(long)]
    pub halfway: bool,
    /// How long the halfway step is held and judged
    #[arg(long, value_name = "DURATION", default_value = "1m")]
    pub interval: Duration,
    /// On a failed verification after the switch, keep the traffic where it is (paused)
    #[arg(long)]
    pub no_revert: bool,
    /// After a good switch, scale the old colour's Deployment to zero after this long
    /// (switching back stays instant until then)
    #[arg(long, value_name = "DURATION")]
    pub scale_down_delay: Option<Duration>,
    /// Switch without asking (required without a terminal)
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// The route to switch, by name, when several send traffic to the active colour
    #[arg(long, value_name = "NAME")]
    pub route: Option<String>,
    /// Replace an unfinished rollout or take a live lock, and move traffic although a
    /// check before the first step failed (says what it overrides)
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub dry_run: crate::cli::flags::DryRunArgs,
    #[command(flatten)]
    pub analysis: AnalysisArgs,
    #[command(flatten)]
    pub drive: DriveArgs,
    #[command(flatten)]
    pub hooks: rollout::HookArgs,
    #[command(flatten)]
    pub notify: rollout::notify::NotifyArgs,
    #[command(flatten)]
    pub report: rollout::report::ReportArgs,
}

fn preview(args: &Args) -> Result<Option<Preview>> {
    if let Some(host) = &args.preview_host {
        return Ok(Some(Preview::Host { host: host.clone() }));
    }
    match &args.preview_header {
        Some(pair) => {
            let (name, value) = pair.split_once('=').ok_or_else(|| {
                Error::usage(format!("`--preview-header {pair}` is not NAME=VALUE"))
                    .with_hint("e.g. `--preview-header x-meshctl-preview=green`")
            })?;
            Ok(Some(Preview::Header {
                name: name.trim().to_string(),
                value: value.trim().to_string(),
            }))
        }
        None if args.verify_before.is_some() => Ok(Some(Preview::Header {
            name: "x-meshctl-preview".into(),
            value: args.to.clone(),
        })),
        None => Ok(None),
    }
}

/// The lines a person confirms: what the switch changes.
fn change_lines(kind: &str, svc: &str, from: &str, to: &str, halfway: bool) -> Vec<String> {
    let mut lines = vec![format!("{kind} `{svc}`:")];
    if halfway {
        lines.push(format!(
            "  {} → {} → {}",
            Weights::split(from, to, 0),
            Weights::split(from, to, 50),
            Weights::split(from, to, 100)
        ));
    } else {
        lines.push(format!(
            "  {} → {}",
            Weights::split(from, to, 0),
            Weights::split(from, to, 100)
        ));
    }
    lines
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    // Without a terminal nobody can answer: refuse before anything changes.
    if !args.yes && args.dry_run.writes() && !ctx.printer.can_prompt() {
        return Err(Error::usage(format!(
            "`bluegreen switch {}` moves all traffic at once and needs a confirmation",
            args.service
        ))
        .with_hint("pass `--yes` to confirm in scripts and CI jobs (nothing was changed)"));
    }
    rollout::check_drive_args(ctx, &args.drive)?;
    rollout::signals::listen()?;
    let analysis = args.analysis.spec()?;
    let notify = args.notify.channels(ctx, &[])?;
    let reporter = rollout::reporter(ctx, &args.drive);
    let source: Option<std::sync::Arc<dyn MetricSource>>;
    let on_route = args.drive.api == Some(rollout::Api::GatewayApi);
    if on_route && args.preview_host.is_some() {
        return Err(Error::usage(
            "`--preview-host` has no form on an HTTPRoute: its hostnames are the whole route's",
        )
        .with_hint("preview by header instead (`--preview-header NAME=VALUE`)"));
    }
    let mut driver =
        rollout::start_driver(ctx, &args.service, &args.drive, reporter.as_ref()).await?;
    let vs = driver.read().await?;
    // On an HTTPRoute the colours are Services: `--to` (and `--from`) name them.
    let split = match (&args.from, on_route) {
        (Some(f), true) => Split::hosts(f, &args.to),
        (None, true) => {
            crate::core::rollout::backends::discover(&vs, args.route.as_deref(), Some(&args.to))?
        }
        (Some(f), false) => Split::subsets(f, &args.to),
        (None, false) => Split::subsets(
            default_stable(&vs, &args.to, args.route.as_deref())?,
            &args.to,
        ),
    };
    let from = split.stable.clone();
    source = match (&analysis, args.analysis.source(ctx)?) {
        (_, Some(source)) => Some(source),
        (None, None) => None,
        (Some(_), None) if on_route => {
            return Err(
                Error::usage("health checks of two Services need a metric source")
                    .with_hint("add `--envoy-admin URL` or `--prometheus-url URL`"),
            );
        }
        (Some(_), None) => Some(
            rollout::source_or_pods(
                ctx,
                &args.analysis.metrics,
                &args.service,
                &[&from, &args.to],
                None,
            )
            .await?,
        ),
    };
    driver.source = source.as_deref();
    if record_of(&vs)?.is_none_or(|r| r.phase.is_terminal()) {
        Selector::new(split.clone(), args.route.clone()).snapshot(&vs)?;
        let host = rollout::driver::service_host(&vs).unwrap_or_else(|| args.service.clone());
        let checks = precheck::Move {
            host: &host,
            split: &split,
            canary_labels: None,
            source: analysis.as_ref().and(source.as_deref()),
        };
        precheck::before_first_move(ctx, &checks, args.force).await?;
    }
    let bg = BlueGreen {
        preview: preview(args)?,
        verify_before: args.verify_before,
        verify_after: args.verify_after,
        halfway: args.halfway,
        no_revert: args.no_revert,
    };
    let verified_first = bg.verify_before.is_some();
    let mut spec_workload = None;
    if let Some(delay) = args.scale_down_delay {
        let host = rollout::driver::service_host(&vs).unwrap_or_else(|| args.service.clone());
        let plan = rollout::workload::switch_plan(ctx, &host, &split, delay).await?;
        spec_workload = Some(plan);
    }
    let mut spec = RolloutSpec::blue_green(&args.service, split, bg, args.interval);
    spec.kind = on_route.then(|| crate::core::rollout::shape::HTTP_ROUTE.to_string());
    spec.analysis = analysis;
    rollout::warn_cadence(ctx, &spec);
    args.hooks.apply(&mut spec, Vec::new())?;
    spec.notify = notify;
    spec.workload = spec_workload;
    if !args.dry_run.writes() {
        return rollout::preview_start(
            ctx,
            &driver,
            &spec,
            args.route.as_deref(),
            args.force,
            args.dry_run,
        )
        .await;
    }
    let lines = change_lines(
        spec.object_kind(),
        &args.service,
        &from,
        &args.to,
        args.halfway,
    );
    let question = format!(
        "Switch all traffic of `{}` from `{from}` to `{}`?",
        args.service, args.to
    );
    let ask = |_: &RolloutRecord| prompt::confirm(&ctx.printer, &question, &lines, args.yes);
    if !verified_first && !prompt::confirm(&ctx.printer, &question, &lines, args.yes)? {
        ctx.printer.info("nothing was changed");
        return Ok(ExitStatus::Success);
    }
    if verified_first {
        // Asked after the preview passed, just before production traffic moves.
        driver.confirm = Some(&ask as &Confirm<'_>);
    }
    let (record, actions, started) = driver
        .start(&spec, args.route.as_deref(), args.force)
        .await?;
    if let Some(lock) = &started.overridden_lock {
        ctx.printer.warn(&format!(
            "--force: took the lock of `{}` (valid until {})",
            lock.holder, lock.expires_at
        ));
    }
    let ended = match driver.drive(record, actions).await {
        Ok(ended) => rollout::workload::after_drive(ctx, &driver, ended).await,
        Err(err) => Err(err),
    };
    rollout::report::after_drive(ctx, &driver, &args.report).await;
    rollout::finish(ctx, ended?, "bluegreen")
}
