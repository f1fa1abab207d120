//! `meshctl lane delete GROUP LANE`: removes a lane; its requests then take the
//! baseline everywhere.

use crate::cli::flags::DryRunArgs;
use crate::cmd::Ctx;
use crate::cmd::lane::objects;
use crate::core::lane::edit;
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Remove lane dev from group shop
  meshctl lane delete shop dev")]
pub struct Args {
    /// The lane group
    pub group: String,

    /// The lane to remove
    pub lane: String,

    #[command(flatten)]
    pub dry_run: DryRunArgs,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    objects::rewrite(ctx, &args.group, args.dry_run, |g| {
        edit::remove_lane(g, &args.lane)
    })
    .await?;
    Ok(ExitStatus::Success)
}
