//! `meshctl lane shift GROUP LANE`: a canary of a whole lane. The canary machine runs
//! on the group's ingress object, moving weight on its `baseline` route from the
//! entry's baseline subset to the lane's (whose requests the ingress tags with the
//! lane's header, so every later hop follows the lane); each round judges every
//! service the lane holds, its lane subset against its baseline, and the worst verdict
//! decides. Same record, lock, events, hooks, notifications and report as a canary.

use crate::cmd::Ctx;
use crate::cmd::rollout::{self, AnalysisArgs, DriveArgs, driver::record_of};
use crate::core::duration::Duration;
use crate::core::lane::LaneGroup;
use crate::core::lane::shift::{
    SHIFT_ROUTE, add_lane_destination, judge_for, lane_named, refuse_during_shift,
};
use crate::core::rollout::{RolloutSpec, Split, Steps};
use crate::output::prompt;
use crate::{Error, ExitStatus, Result};
use serde_json::Value;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Move 5%, then 20%, then 50% of the group's traffic into lane dev, a minute each,
  # judged by every service the lane holds; then all of it
  meshctl lane shift shop dev --steps 5,20,50 --interval 1m --min-success-rate 99 \\
    --envoy-admin http://127.0.0.1:15000 --yes

  # On the local mesh, progress as JSON Lines
  meshctl --target local lane shift shop dev --steps 50 --min-success-rate 95 -o json --yes")]
pub struct Args {
    /// The lane group
    pub group: String,
    /// The lane that gets the traffic
    pub lane: String,
    /// The lane's share of the group's ingress traffic at each step, in percent
    #[arg(long, value_name = "W,W,..", default_value = "10,25,50")]
    pub steps: String,
    /// How long each step is held and judged
    #[arg(long, value_name = "DURATION", default_value = "1m")]
    pub interval: Duration,
    /// After the last step, wait for `canary promote` on the ingress object
    #[arg(long)]
    pub pause_before_promote: bool,
    /// Fail a step not judged successful within this time
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<Duration>,
    /// Shift without asking (required without a terminal)
    #[arg(short = 'y', long)]
    pub yes: bool,

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

/// The group `name` and the name of its ingress object (the VirtualService carrying
/// its annotation), in the mesh namespace.
pub async fn find_group(ctx: &Ctx, name: &str) -> Result<(LaneGroup, String)> {
    let store = ctx.mesh_store().await?;
    let namespace = ctx.mesh_namespace().await?;
    let (group, object) = super::objects::load(store, &namespace, name).await?;
    let object = object
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    Ok((group, object))
}

/// Refuses what a lane shift cannot mean, before anything is read.
fn check_args(ctx: &Ctx, args: &Args) -> Result<()> {
    rollout::check_drive_args(ctx, &args.drive)?;
    if args.drive.api == Some(rollout::Api::GatewayApi) {
        return Err(Error::usage(
            "a lane shift runs on the group's VirtualService: `--api gateway-api` has no lanes",
        )
        .with_hint("drop `--api`"));
    }
    if !args.yes && args.dry_run.writes() && !ctx.printer.can_prompt() {
        return Err(Error::usage(format!(
            "`lane shift {} {}` moves the group's ingress traffic and needs a confirmation",
            args.group, args.lane
        ))
        .with_hint("pass `--yes` to confirm in scripts and CI jobs (nothing was changed)"));
    }
    Ok(())
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    check_args(ctx, args)?;
    let steps = Steps::parse(&args.steps)?;
    let analysis = args.analysis.spec()?;
    let notify = args.notify.channels(ctx, &[])?;
    let (group, object) = find_group(ctx, &args.group).await?;
    let lane = lane_named(&group, &args.lane)?.clone();
    let judge = judge_for(&group, &lane);
    let source = match (analysis.is_some(), args.analysis.source(ctx)?) {
        (_, Some(source)) => Some(source),
        (false, None) => None,
        (true, None) => {
            return Err(Error::usage(format!(
                "the health checks of lane `{}` need a metric source",
                lane.name
            ))
            .with_hint("add `--envoy-admin URL` or `--prometheus-url URL` (the local mesh's Envoy is found with `--target local`)"));
        }
    };
    let reporter = rollout::reporter(ctx, &args.drive);
    let drive = DriveArgs {
        api: Some(rollout::Api::Istio),
        ..args.drive.clone()
    };
    let mut driver = rollout::start_driver(ctx, &object, &drive, reporter.as_ref()).await?;
    driver.source = source.as_deref();
    refuse_during_shift(&group.name, record_of(&driver.read().await?)?.as_ref())?;

    let split = Split::subsets(crate::core::lane::model::BASELINE, &lane.name);
    let mut spec = RolloutSpec::canary(&object, split, steps, args.interval);
    spec.analysis = analysis;
    spec.lane = Some(judge);
    spec.pause_before_promote = args.pause_before_promote;
    spec.timeout = args.timeout;
    spec.notify = notify;
    args.hooks.apply(&mut spec, Vec::new())?;
    rollout::warn_cadence(ctx, &spec);
    let edit = |vs: &mut Value| add_lane_destination(&group, &lane, vs);
    let route = Some(SHIFT_ROUTE);

    if !args.dry_run.writes() {
        let (live, mut changed) = driver
            .start_preview_with(&spec, route, false, Some(&edit))
            .await?;
        if args.dry_run.dry_run == crate::cli::flags::DryRun::Server {
            changed = driver.store.replace_dry_run(&changed).await?;
        }
        crate::cmd::policy::edit::show_dry_run(ctx, &driver.vs, &live, &changed, args.dry_run)?;
        return Ok(ExitStatus::Success);
    }
    let members = lane.services.join(", ");
    let question = format!(
        "Shift group `{}`'s traffic into lane `{}` ({})?",
        group.name, lane.name, args.steps
    );
    let details = [format!(
        "judged on {members}, each `{}` against `baseline`",
        lane.name
    )];
    if !prompt::confirm(&ctx.printer, &question, &details, args.yes)? {
        ctx.printer.info("nothing was changed");
        return Ok(ExitStatus::Success);
    }
    // Before the first write: a signal during the start is then a pause, not a process
    // dying with the lock held.
    rollout::signals::listen()?;
    let (record, actions, started) = driver.start_with(&spec, route, false, Some(&edit)).await?;
    rollout::say_overrides(ctx, &started);
    let ended = driver.drive(record, actions).await;
    rollout::report::after_drive(ctx, &driver, &args.report).await;
    rollout::finish(ctx, ended?, "canary")
}
