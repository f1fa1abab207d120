//! `meshctl lane …`: traffic lanes — a group of services in a call chain and lanes
//! through their versions, written as plain Istio objects meshctl owns (or ASM's lane
//! kinds with `--asm`). The group lives in an annotation on its ingress object; every
//! verb reads it there, changes it in the core (`core::lane::edit`), re-renders and
//! writes (`objects`).

pub mod create;
pub mod delete;
pub mod group;
pub mod list;
mod objects;
pub mod promote;

use super::Ctx;
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    // lanecore: group, create, delete, list, promote.
    /// Create or delete a lane group (its services, header and ingress)
    #[command(subcommand)]
    Group(group::Command),
    /// Add a lane to a group: requests tagged with its name reach its versions
    Create(create::Args),
    /// Remove a lane from a group
    Delete(delete::Args),
    /// List lane groups and their lanes
    List(list::Args),
    /// Make a lane's versions the baseline of the services it holds, and remove it
    Promote(promote::Args),
}

pub async fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    match cmd {
        Command::Group(cmd) => group::run(ctx, cmd).await,
        Command::Create(args) => create::run(ctx, args).await,
        Command::Delete(args) => delete::run(ctx, args).await,
        Command::List(args) => list::run(ctx, args).await,
        Command::Promote(args) => promote::run(ctx, args).await,
    }
}

#[cfg(test)]
mod tests;
