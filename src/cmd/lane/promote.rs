//! `meshctl lane promote GROUP LANE`: the lane's versions become the baseline of the
//! services it holds and the lane goes away; every request then reaches the new
//! baselines. The pods of the old baselines are left for a person to remove.

use crate::cli::flags::DryRunArgs;
use crate::cmd::Ctx;
use crate::cmd::lane::objects;
use crate::core::lane::edit;
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Lane dev's versions become the baseline of group shop
  meshctl lane promote shop dev")]
pub struct Args {
    /// The lane group
    pub group: String,

    /// The lane to promote
    pub lane: String,

    #[command(flatten)]
    pub dry_run: DryRunArgs,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let group = objects::rewrite(ctx, &args.group, args.dry_run, |g| {
        edit::promote(g, &args.lane)
    })
    .await?;
    let baselines: Vec<String> = group
        .services
        .iter()
        .map(|s| format!("{}={}", s.name, s.baseline))
        .collect();
    ctx.printer.info(&format!(
        "Lane `{}` promoted; baselines now {}.",
        args.lane,
        baselines.join(", ")
    ));
    Ok(ExitStatus::Success)
}
