//! `meshctl lane group create|delete`: a lane group's objects as a whole.

pub mod create;
pub mod delete;

use crate::cmd::Ctx;
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create a lane group: a DestinationRule and VirtualService per service, and the ingress rules
    Create(create::Args),
    /// Delete every object of a lane group
    Delete(delete::Args),
}

pub async fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    match cmd {
        Command::Create(args) => create::run(ctx, args).await,
        Command::Delete(args) => delete::run(ctx, args).await,
    }
}
