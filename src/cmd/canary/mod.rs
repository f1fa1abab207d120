//! `meshctl canary …`: shift traffic from the stable to the canary version step by
//! step, judged by proxy metrics; every command reads and writes the rollout record on
//! the VirtualService, so any terminal or CI job can continue, stop or inspect it.

pub mod control;
pub mod start;
pub mod status;

use super::Ctx;
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Start a canary rollout and drive it (or set its first step with `--detach`)
    Start(Box<start::Args>),
    /// Judge the current step once and advance or roll back (for scheduled CI jobs)
    Step(control::StepArgs),
    /// Hold the current weights until `resume`
    Pause(control::ServiceArgs),
    /// Continue a paused rollout (or take over one whose driver died) in the foreground
    Resume(control::ResumeArgs),
    /// Pass the current step now; `--full` goes straight to 100%
    Promote(control::PromoteArgs),
    /// Put the routes back as they were before the rollout
    Rollback(control::RollbackArgs),
    /// Show a rollout; `--watch` waits until it settles (a CI gate)
    Status(status::StatusArgs),
    /// List the rollouts in the namespace
    List(status::ListArgs),
}

pub async fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    match cmd {
        Command::Start(args) => start::run(ctx, args).await,
        Command::Step(args) => control::step(ctx, args).await,
        Command::Pause(args) => control::pause(ctx, args, "canary").await,
        Command::Resume(args) => control::resume(ctx, args, "canary").await,
        Command::Promote(args) => control::promote(ctx, args, "canary").await,
        Command::Rollback(args) => control::rollback(ctx, args, "canary").await,
        Command::Status(args) => status::status(ctx, args, "canary").await,
        Command::List(args) => status::list(ctx, args, false).await,
    }
}
