//! `meshctl lane …`: traffic lanes, a group of services in a call chain and lanes that
//! each carry requests tagged with one header value through that lane's versions. The
//! group lives in an annotation on its ingress object (`core::lane`); every command
//! reads it there.

pub mod report;
pub mod rollback;
pub mod shift;
#[cfg(test)]
mod tests;

use super::Ctx;
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Move a share of the group's ingress traffic into a lane step by step, judged by
    /// every service the lane holds
    Shift(Box<shift::Args>),
    /// Put the ingress back as it was before the lane shift
    Rollback(rollback::Args),
    /// Write a lane shift's report: one HTML file with its figures and verdicts
    Report(report::Args),
}

pub async fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    match cmd {
        // Boxed: the shift's future (hooks, the drive) is large.
        Command::Shift(args) => Box::pin(shift::run(ctx, args)).await,
        Command::Rollback(args) => rollback::run(ctx, args).await,
        Command::Report(args) => report::run(ctx, args).await,
    }
}
