//! The commands that move a recorded rollout on or stop it: `step`, `pause`, `resume`,
//! `promote`, `rollback`, `abort`, and `retry` (a new run of a stopped one's spec).
//! Each is one input to the engine, written in one update; the stopping ones need no
//! lock, so a person can always stop a rollout.

use crate::cmd::Ctx;
use crate::cmd::rollout::workload::{after_drive, follow_up, restore_stable};
use crate::cmd::rollout::{self, DriveArgs, SourceArgs, driver, precheck};
use crate::core::rollout::routes::RouteSnapshot;
use crate::core::rollout::{Action, Input, Phase, next_actions};
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
  # A scheduled CI job: judge the current step once and return: exit 0 advanced or
  # promoted, 3 rolled back, 4 paused for a person, 5 still at the same step
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

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Run the canary of reviews again, as it was started, after a rollback or abort
  meshctl canary retry reviews --envoy-admin http://127.0.0.1:15000

  # Set its first step and return; `canary step` moves it on
  meshctl canary retry reviews --detach")]
pub struct RetryArgs {
    /// The VirtualService of the rollout
    pub service: String,
    #[command(flatten)]
    pub metrics: SourceArgs,
    /// Move traffic although a check before the first step fails
    #[arg(long)]
    pub force: bool,
    /// Set the first step and return; `step` moves it on
    #[arg(long)]
    pub detach: bool,
    #[command(flatten)]
    pub drive: DriveArgs,
}

/// What a command that judges a recorded rollout needs before its driver: the drive
/// flags checked, signals listened for when it runs in the foreground (before any
/// write), the reporter, and the metric source for the record.
async fn judging<'a>(
    ctx: &'a Ctx,
    metrics: &SourceArgs,
    service: &str,
    drive: &DriveArgs,
    foreground: bool,
) -> Result<(
    Box<dyn crate::output::progress::Reporter + 'a>,
    Option<std::sync::Arc<dyn crate::core::metrics::MetricSource>>,
)> {
    rollout::check_drive_args(ctx, drive)?;
    if foreground {
        rollout::signals::listen()?;
    }
    let reporter = rollout::reporter(ctx, drive);
    let source = rollout::source_for_record(ctx, metrics, service, drive.api).await?;
    Ok((reporter, source))
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
    let (_, before) = d.record().await?;
    if before.phase == Phase::Succeeded {
        // Promoted: the stable workload is put back before traffic returns to it.
        restore_stable(ctx, reporter.as_ref(), &before).await?;
    }
    let t = d
        .input(&Input::Rollback {
            reason: args.reason.clone(),
        })
        .await?;
    ctx.printer.info(&format!(
        "rolled back `{}`: {}",
        args.service, t.record.weights
    ));
    follow_up(ctx, &d, t.record, false).await?;
    let _ = group;
    Ok(ExitStatus::Success)
}

/// `abort`: stop the rollout and put the routes back (as Argo Rollouts' `abort`); the
/// record says it was aborted, not judged bad.
pub async fn abort(ctx: &Ctx, args: &ServiceArgs, group: &str) -> Result<ExitStatus> {
    let reporter = rollout::reporter(ctx, &args.drive);
    let d = rollout::driver(ctx, &args.service, &args.drive, reporter.as_ref(), None).await?;
    let t = d.input(&Input::Abort).await?;
    ctx.printer.info(&format!(
        "aborted `{}`: {}; start it again with `meshctl {group} retry {}`",
        args.service, t.record.weights, args.service
    ));
    follow_up(ctx, &d, t.record, false).await?;
    Ok(ExitStatus::Success)
}

/// `retry`: start the recorded spec again, after a rollback or an abort, with the same
/// checks before the first step as `start`.
pub async fn retry(ctx: &Ctx, args: &RetryArgs, group: &str) -> Result<ExitStatus> {
    let (reporter, source) =
        judging(ctx, &args.metrics, &args.service, &args.drive, !args.detach).await?;
    let d = rollout::driver(
        ctx,
        &args.service,
        &args.drive,
        reporter.as_ref(),
        source.as_deref(),
    )
    .await?;
    let (vs, rec) = d.record().await?;
    if !matches!(rec.phase, Phase::RolledBack | Phase::Aborted) {
        return Err(crate::Error::usage(format!(
            "the rollout of `{}` is {}: only a rolled back or aborted rollout can be retried",
            args.service, rec.phase
        ))
        .with_hint(format!(
            "see it with `meshctl {group} status {}`",
            args.service
        )));
    }
    if let Some(plan) = &rec.spec.workload {
        // Its Deployment was cleaned up with the rollback; a new start brings one up.
        return Err(crate::Error::usage(format!(
            "the rollout of `{}` ran its own Deployment `{}` (`--image {}`), cleaned up when it stopped",
            args.service, plan.canary, plan.image
        ))
        .with_hint(format!(
            "start it again with `meshctl {group} start {} --image IMAGE`",
            args.service
        )));
    }
    let route = RouteSnapshot::from_value(&rec.snapshot)?.route;
    let host = driver::service_host(&vs).unwrap_or_else(|| args.service.clone());
    let checks = precheck::Move {
        host: &host,
        split: &rec.spec.split,
        canary_labels: None,
        source: rec.spec.analysis.as_ref().and(source.as_deref()),
    };
    precheck::before_first_move(ctx, &checks, args.force).await?;
    let (record, actions, _) = d.start(&rec.spec, route.as_deref(), false).await?;
    if args.detach {
        d.release().await?;
        ctx.printer.info(&format!(
            "started `{}` again at {}; move it on with `meshctl {group} step {}`",
            args.service, record.weights, args.service
        ));
        return rollout::settle(&record, group);
    }
    let ended = d.drive(record, actions).await?;
    let ended = after_drive(ctx, &d, ended).await?;
    rollout::finish(ctx, ended, group)
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
        follow_up(ctx, &d, t.record, false).await?;
    }
    Ok(ExitStatus::Success)
}

pub async fn resume(ctx: &Ctx, args: &ResumeArgs, group: &str) -> Result<ExitStatus> {
    let (reporter, source) =
        judging(ctx, &args.metrics, &args.service, &args.drive, !args.detach).await?;
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
    let ended = after_drive(ctx, &d, ended).await?;
    rollout::finish(ctx, ended, group)
}

/// `canary step`: one judgement of the current step, now, and an exit code that says
/// what happened: 0 advanced or promoted, 3 rolled back, 4 paused for a person, 5 still
/// at the same step (passing but its window is not over, holding, or a round that was
/// inconclusive or unreadable below the rollout's limits). The lock is released.
pub async fn step(ctx: &Ctx, args: &StepArgs) -> Result<ExitStatus> {
    let (reporter, source) = judging(ctx, &args.metrics, &args.service, &args.drive, true).await?;
    let d = rollout::driver(
        ctx,
        &args.service,
        &args.drive,
        reporter.as_ref(),
        source.as_deref(),
    )
    .await?;
    tokio::select! {
        done = step_once(ctx, args, &d) => done,
        stop = rollout::signals::next() => {
            // Whatever was in flight is dropped; the lock, if this job took it, is
            // given back so the next job need not wait for its TTL.
            let released = d.release().await;
            let mut err = crate::Error::new(
                stop.kind(),
                format!("stopped by {}: `canary step` of `{}` did not finish its judgement", stop.name(), args.service),
            );
            err = match released {
                Ok(_) => err.with_hint(format!("the lock is released; run `meshctl canary step {}` again", args.service)),
                Err(e) => err.with_hint(format!("the lock could not be released ({}); it expires on its own", e.message())),
            };
            Err(err)
        }
    }
}

async fn step_once(ctx: &Ctx, args: &StepArgs, d: &driver::Driver<'_>) -> Result<ExitStatus> {
    let (_, rec) = d.record().await?;
    if !rec.phase.is_active() {
        // A finished rollout may still have its workloads to see to (a scale-down
        // after its delay, the primary update, a clean-up).
        let rec = follow_up(ctx, d, rec, false).await?;
        if rec.phase == Phase::Paused {
            ctx.printer.info(&format!(
                "the rollout of `{}` is paused: {}",
                args.service, rec.message
            ));
        }
        return rollout::settle(&rec, "canary");
    }
    // A closed gate before the write the tick would make: nothing is written, and a
    // later job asks again.
    if let Some(closed) = d.closed_gate_now(&rec, &Input::Tick).await? {
        ctx.printer.info(&format!(
            "`{}` stays at stage {}/{} ({}): {closed}; ask again with `meshctl canary step {}`",
            args.service,
            rec.stage + 1,
            rec.spec.stages().len(),
            rec.weights,
            args.service
        ));
        return Ok(ExitStatus::RolloutWaiting);
    }
    // Taking the lock and checking the timeout (and, without checks, passing a step
    // whose hold is over) is one tick.
    let t = d.input(&Input::Tick).await?;
    let mut waiting = String::new();
    let mut record = if t.record.phase != rec.phase || t.record.stage != rec.stage {
        t.record
    } else {
        match next_actions(&t.record, ctx.clock().now()).first() {
            Some(Action::RunAnalysis { stage, window }) => {
                match d.judge_once(&t.record, *stage, *window).await {
                    Ok(Some(judged)) => judged.record,
                    Ok(None) => {
                        let ends = t
                            .record
                            .stage_started_at
                            .map(|s| s.saturating_add(window.as_std()).unwrap_or(s));
                        waiting = match ends {
                            Some(at) => format!("the checks pass; the step is watched until {at}"),
                            None => "the checks pass; the step's window is not over".into(),
                        };
                        t.record
                    }
                    Err(err) => {
                        d.release().await?;
                        return Err(err);
                    }
                }
            }
            Some(Action::WaitUntil { at }) => {
                waiting = format!("holding the step until {at}");
                t.record
            }
            _ => t.record,
        }
    };
    // The hooks of what this judgement did: a stage entered, or the end.
    if crate::core::rollout::hooks::entered_stage(Some(&rec), &record)
        && let Some(t) = d.on_stage(&record).await?
    {
        record = t.record;
    }
    if record.phase.is_terminal() {
        d.after_end(&record).await;
    }
    d.release().await?;
    let record = follow_up(ctx, d, record, false).await?;
    let stages = record.spec.stages().len();
    if record.phase == Phase::Succeeded {
        ctx.printer
            .info(&format!("promoted `{}`: {}", args.service, record.weights));
        return Ok(ExitStatus::Success);
    }
    if !record.phase.is_active() {
        return rollout::settle(&record, "canary");
    }
    if record.stage != rec.stage {
        ctx.printer.info(&format!(
            "advanced `{}` to stage {}/{stages} ({}): {}",
            args.service,
            record.stage + 1,
            record.weights,
            record.message
        ));
        return Ok(ExitStatus::Success);
    }
    let verdict = if waiting.is_empty() {
        record.message.clone()
    } else {
        waiting
    };
    ctx.printer.info(&format!(
        "`{}` stays at stage {}/{stages} ({}): {verdict}; judge it again with `meshctl canary step {}`",
        args.service,
        record.stage + 1,
        record.weights,
        args.service
    ));
    Ok(ExitStatus::RolloutWaiting)
}
