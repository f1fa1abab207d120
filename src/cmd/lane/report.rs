//! `meshctl lane report GROUP`: the rollout report of the group's last lane shift, made
//! from the record on its ingress object as `canary report` makes a canary's.

use crate::cmd::Ctx;
use crate::cmd::rollout::report;
use crate::{ExitStatus, Result};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # The report of the last lane shift of group shop, for a CI artifact
  meshctl lane report shop --file lane-shift.html")]
pub struct Args {
    /// The lane group
    pub group: String,
    /// Where to write the HTML; `-` (the default) for stdout
    #[arg(long, value_name = "FILE", default_value = "-")]
    pub file: PathBuf,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let (_, object) = super::shift::find_group(ctx, &args.group).await?;
    report::run(
        ctx,
        &report::Args {
            service: object,
            file: args.file.clone(),
        },
    )
    .await
}
