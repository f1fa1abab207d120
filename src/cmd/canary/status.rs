//! `canary status` (one rollout; `--watch`/`--timeout` wait until it settles, the CI
//! gate) and `canary list` (every rollout of a namespace).

use crate::cli::flags::{OutputArgs, SelectorArgs, WatchArgs};
use crate::cmd::Ctx;
use crate::cmd::rollout::{self, view};
use crate::core::duration::Duration;
use crate::core::rollout::view::RolloutStatus;
use crate::core::rollout::{Phase, RolloutRecord, command_for};
use crate::{Error, ErrorKind, ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Where is the canary of reviews?
  meshctl canary status reviews

  # A CI gate: wait until it succeeded (0), was rolled back (3), or paused (0 with the
  # flag; a one-shot look at a paused rollout exits 4)
  meshctl canary status reviews --watch --timeout 30m --succeed-on-paused")]
pub struct StatusArgs {
    /// The VirtualService of the rollout
    pub service: String,
    /// Wait until the rollout succeeds, is rolled back (or pauses, see below)
    #[arg(short = 'w', long)]
    pub watch: bool,
    /// Give up waiting after this long (exit 1); implies `--watch`
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<Duration>,
    /// A paused rollout counts as done (exit 0) instead of being waited on
    #[arg(long)]
    pub succeed_on_paused: bool,
    /// How often to read the record while watching
    #[arg(long, value_name = "DURATION", default_value = "2s")]
    pub poll: Duration,
    /// Whose rollout: `istio` (the VirtualService SERVICE) or `gateway-api` (the
    /// HTTPRoute SERVICE); default: the one carrying a rollout
    #[arg(long, value_name = "API", value_enum)]
    pub api: Option<rollout::Api>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Rollouts in the current namespace
  meshctl canary list

  # In every namespace, following changes
  meshctl canary list -A --watch")]
pub struct ListArgs {
    /// List rollouts in every namespace
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,
    #[command(flatten)]
    pub selector: SelectorArgs,
    #[command(flatten)]
    pub watch: WatchArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

fn show(ctx: &Ctx, rec: &RolloutRecord, output: &OutputArgs) -> Result<()> {
    let view = RolloutStatus {
        record: rec.clone(),
        now: ctx.clock().now(),
    };
    ctx.printer.show_as(&view, output)
}

/// Whether a watch is over for this record.
fn settled(rec: &RolloutRecord, succeed_on_paused: bool) -> bool {
    rec.phase.is_terminal() || (succeed_on_paused && rec.phase == Phase::Paused)
}

pub async fn status(ctx: &Ctx, args: &StatusArgs, group: &str) -> Result<ExitStatus> {
    let (store, vs) = rollout::rollout_object(ctx, &args.service, args.api).await?;
    let read = || async {
        let obj = store.get(&vs).await?.ok_or_else(|| {
            Error::not_found(format!("{vs} not found"))
                .with_hint("check the name and namespace (`-n`)")
        })?;
        rollout::driver::record_of(&obj)?.ok_or_else(|| {
            Error::not_found(format!("{vs} has no rollout recorded")).with_hint(format!(
                "start one with `meshctl {group} start {}`",
                args.service
            ))
        })
    };
    let mut rec = read().await?;
    if !args.watch && args.timeout.is_none() {
        show(ctx, &rec, &args.output)?;
        return Ok(exit_for(&rec, args.succeed_on_paused));
    }
    let clock = ctx.clock();
    let deadline = args.timeout.and_then(|t| {
        clock
            .now()
            .checked_add(jiff::SignedDuration::from_millis(t.as_millis() as i64))
            .ok()
    });
    let mut last = None;
    let mut last_figures = Vec::new();
    loop {
        let line = format!(
            "{} {} at stage {}/{} ({}): {}",
            args.service,
            rec.phase,
            rec.stage + 1,
            rec.spec.stages().len(),
            rec.weights,
            rec.message
        );
        if last.as_ref() != Some(&line) {
            ctx.printer.info(&line);
            last = Some(line);
        }
        // The stage's round figures as sparklines, when a round was added.
        let figures = crate::output::sparkline::stage_lines(&rec);
        if figures != last_figures {
            for l in &figures {
                ctx.printer.info(l);
            }
            last_figures = figures;
        }
        if settled(&rec, args.succeed_on_paused) {
            show(ctx, &rec, &args.output)?;
            return Ok(exit_for(&rec, args.succeed_on_paused));
        }
        if let Some(deadline) = deadline
            && clock.now() >= deadline
        {
            show(ctx, &rec, &args.output)?;
            return Err(Error::new(
                ErrorKind::Unavailable,
                format!(
                    "timed out after {} waiting for the rollout of `{}`: it is {}",
                    args.timeout.unwrap_or_default(),
                    args.service,
                    rec.phase
                ),
            )
            .with_hint(format!(
                "wait longer with a larger `--timeout`, or look at it with `{} {}`",
                command_for(&rec.spec, "status"),
                args.service
            )));
        }
        clock.sleep(args.poll.as_std()).await;
        rec = read().await?;
    }
}

/// 3 when rolled back or aborted, 4 when paused — 0 with `--succeed-on-paused`.
fn exit_for(rec: &RolloutRecord, succeed_on_paused: bool) -> ExitStatus {
    if succeed_on_paused && rec.phase == Phase::Paused {
        return ExitStatus::Success;
    }
    view::status_exit(rec)
}

pub async fn list(ctx: &Ctx, args: &ListArgs, blue_green: bool) -> Result<ExitStatus> {
    view::list(ctx, args, Some(blue_green)).await
}
