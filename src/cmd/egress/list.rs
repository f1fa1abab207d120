//! `meshctl egress list`: the external hosts meshctl allowed, from the ServiceEntries
//! it created, and whether they go through the egress gateway.

use crate::cli::flags::{OutputArgs, SelectorArgs};
use crate::cmd::Ctx;
use crate::core::policy::egress_list::{EgressList, views};
use crate::core::store::ISTIO_NETWORKING;
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # External hosts allowed in the current namespace
  meshctl egress list

  # Everywhere, as JSON
  meshctl egress list -A -o json")]
pub struct Args {
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
    let entries = store.list(ISTIO_NETWORKING, "ServiceEntry", &query).await?;
    let gateways = store.list(ISTIO_NETWORKING, "Gateway", &query).await?;
    let list = EgressList(views(&entries, &gateways, ctx.clock().now()));
    ctx.printer.show_as(&list, &args.output)?;
    Ok(ExitStatus::Success)
}
