//! `meshctl lane list [GROUP]`: each group's baseline and lanes, from the group kept on
//! its ingress object (`core::lane::view`).

use crate::cli::flags::{OutputArgs, SelectorArgs};
use crate::cmd::Ctx;
use crate::core::lane::view::{LaneList, views};
use crate::core::store::ISTIO_NETWORKING;
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Lane groups in the current namespace
  meshctl lane list

  # One group, with its ingress object and subsets
  meshctl lane list shop -o wide

  # Everywhere, as JSON
  meshctl lane list -A -o json")]
pub struct Args {
    /// Only this group
    pub group: Option<String>,

    /// List in every namespace
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,

    #[command(flatten)]
    pub selector: SelectorArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let store = ctx.mesh_store().await?;
    let query = ctx.owned_query(args.all_namespaces, &args.selector).await?;
    let routes = store
        .list(ISTIO_NETWORKING, "VirtualService", &query)
        .await?;
    let list = LaneList(views(&routes, args.group.as_deref(), ctx.clock().now()));
    ctx.printer.show_as(&list, &args.output)?;
    Ok(ExitStatus::Success)
}
