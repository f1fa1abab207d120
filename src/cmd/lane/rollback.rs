//! `meshctl lane rollback GROUP`: the canary's rollback on the group's ingress object,
//! where a lane shift keeps its record: the ingress routes go back to what they were
//! before the shift (no request enters a lane by weight).

use crate::cmd::Ctx;
use crate::cmd::canary::control;
use crate::cmd::rollout::DriveArgs;
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Undo the lane shift of group shop: the ingress sends nothing into the lane by weight
  meshctl lane rollback shop --reason \"b answers 5xx\"")]
pub struct Args {
    /// The lane group
    pub group: String,
    /// Why, for the record and the event
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub reason: String,
    #[command(flatten)]
    pub drive: DriveArgs,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let (_, object) = super::shift::find_group(ctx, &args.group).await?;
    let rollback = control::RollbackArgs {
        service: object,
        reason: args.reason.clone(),
        drive: DriveArgs {
            api: Some(crate::cmd::rollout::Api::Istio),
            ..args.drive.clone()
        },
    };
    control::rollback(ctx, &rollback, "lane").await
}
