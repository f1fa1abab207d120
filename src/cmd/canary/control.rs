//! The commands that move a recorded rollout on or stop it: `step`, `pause`, `resume`,
//! `promote`, `rollback`. Each is one input to the engine, written in one update; the
//! stopping ones need no lock, so a person can always stop a rollout.

use crate::cmd::Ctx;
use crate::cmd::rollout::{self, DriveArgs, SourceArgs};
use crate::core::rollout::{Input, Phase, next_actions};
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Hold the canary of reviews where it is
  meshctl canary pause reviews")]
pub struct ServiceArgs {
    /// The VirtualService of the rollout
    pub service: String,
    #[command(flatten)]
    pub drive: DriveArgs,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # A scheduled CI job: judge the current step and advance (exit 3 when rolled back,
  # 4 while paused for a person)
  meshctl canary step reviews --envoy-admin http://127.0.0.1:15000")]
pub struct StepArgs {
    /// The VirtualService of the rollout
    pub service: String,
    #[command(flatten)]
    pub metrics: SourceArgs,
    #[command(flatten)]
    pub drive: DriveArgs,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Continue a paused canary (or one whose driver was killed) in the foreground
  meshctl canary resume reviews --envoy-admin http://127.0.0.1:15000

  # Take over although another driver's lock is still live
  meshctl canary resume reviews --force")]
pub struct ResumeArgs {
    /// The VirtualService of the rollout
    pub service: String,
    #[command(flatten)]
    pub metrics: SourceArgs,
    /// Take the lock even while another driver holds it (says whose it was)
    #[arg(long)]
    pub force: bool,
    /// Resume and return; `step` moves it on
    #[arg(long)]
    pub detach: bool,
    #[command(flatten)]
    pub drive: DriveArgs,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Pass the current step now
  meshctl canary promote reviews

  # Skip the remaining steps: 100% to the canary
  meshctl canary promote reviews --full")]
pub struct PromoteArgs {
    /// The VirtualService of the rollout
    pub service: String,
    /// Skip the remaining steps and finish
    #[arg(long)]
    pub full: bool,
    #[command(flatten)]
    pub drive: DriveArgs,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Back to the routes from before the rollout, with a reason in the record
  meshctl canary rollback reviews --reason \"latency regression\"")]
pub struct RollbackArgs {
    /// The VirtualService of the rollout
    pub service: String,
    /// Why, for the record and the event
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub reason: String,
    #[command(flatten)]
    pub drive: DriveArgs,
}

pub async fn pause(ctx: &Ctx, args: &ServiceArgs, group: &str) -> Result<ExitStatus> {
    let reporter = rollout::reporter(ctx, &args.drive);
    let d = rollout::driver(ctx, &args.service, &args.drive, reporter.as_ref(), None).await?;
    let t = d.input(&Input::Pause).await?;
    ctx.printer.info(&format!(
        "paused `{}` at {}; continue with `meshctl {group} resume {}`",
        args.service, t.record.weights, args.service
    ));
    Ok(ExitStatus::Success)
}

pub async fn rollback(ctx: &Ctx, args: &RollbackArgs, group: &str) -> Result<ExitStatus> {
    let reporter = rollout::reporter(ctx, &args.drive);
    let d = rollout::driver(ctx, &args.service, &args.drive, reporter.as_ref(), None).await?;
    let t = d
        .input(&Input::Rollback {
            reason: args.reason.clone(),
        })
        .await?;
    ctx.printer.info(&format!(
        "rolled back `{}`: {}",
        args.service, t.record.weights
    ));
    let _ = group;
    Ok(ExitStatus::Success)
}

pub async fn promote(ctx: &Ctx, args: &PromoteArgs, group: &str) -> Result<ExitStatus> {
    let reporter = rollout::reporter(ctx, &args.drive);
    let d = rollout::driver(ctx, &args.service, &args.drive, reporter.as_ref(), None).await?;
    let t = d.input(&Input::Promote { full: args.full }).await?;
    if t.record.phase.is_active() {
        // One step promoted: the next step is set; `step` or `resume` judges it.
        d.release().await?;
        ctx.printer.info(&format!(
            "promoted `{}` to stage {}/{} ({}); continue with `meshctl {group} resume {}`",
            args.service,
            t.record.stage + 1,
            t.record.spec.stages().len(),
            t.record.weights,
            args.service
        ));
    } else {
        ctx.printer.info(&format!(
            "promoted `{}`: {}",
            args.service, t.record.weights
        ));
    }
    Ok(ExitStatus::Success)
}

pub async fn resume(ctx: &Ctx, args: &ResumeArgs, group: &str) -> Result<ExitStatus> {
    rollout::check_drive_args(ctx, &args.drive)?;
    let reporter = rollout::reporter(ctx, &args.drive);
    let source = rollout::source_for_record(ctx, &args.metrics, &args.service).await?;
    let d = rollout::driver(
        ctx,
        &args.service,
        &args.drive,
        reporter.as_ref(),
        source.as_deref(),
    )
    .await?;
    if args.force {
        let taken = d.force_lock().await?;
        if let Some(lock) = taken {
            ctx.printer.warn(&format!(
                "--force: took the lock of `{}` (valid until {})",
                lock.holder, lock.expires_at
            ));
        }
    }
    let t = d.input(&Input::Resume).await?;
    if args.detach {
        d.release().await?;
        return rollout::settle(&t.record, group);
    }
    let ended = d.drive(t.record, t.actions).await?;
    rollout::finish(ctx, ended, group)
}

/// `canary step`: judge the current step once, advance or roll back, release the lock.
pub async fn step(ctx: &Ctx, args: &StepArgs) -> Result<ExitStatus> {
    rollout::check_drive_args(ctx, &args.drive)?;
    let reporter = rollout::reporter(ctx, &args.drive);
    let source = rollout::source_for_record(ctx, &args.metrics, &args.service).await?;
    let d = rollout::driver(
        ctx,
        &args.service,
        &args.drive,
        reporter.as_ref(),
        source.as_deref(),
    )
    .await?;
    let (_, rec) = d.record().await?;
    if !rec.phase.is_active() {
        if rec.phase == Phase::Paused {
            ctx.printer.info(&format!(
                "the rollout of `{}` is paused: {}",
                args.service, rec.message
            ));
        }
        return rollout::settle(&rec, "canary");
    }
    // Taking the lock and checking the timeout (and, without checks, passing a step
    // whose hold is over) is one tick.
    let t = d.input(&Input::Tick).await?;
    let moved = t.record.phase != rec.phase || t.record.stage != rec.stage;
    let record = if moved {
        t.record
    } else {
        let actions = next_actions(&t.record, ctx.clock().now());
        d.step_once(t.record, actions).await?
    };
    d.release().await?;
    if record.phase.is_active() {
        ctx.printer.info(&format!(
            "`{}` is at stage {}/{} ({}): {}",
            args.service,
            record.stage + 1,
            record.spec.stages().len(),
            record.weights,
            record.message
        ));
    }
    rollout::settle(&record, "canary")
}
