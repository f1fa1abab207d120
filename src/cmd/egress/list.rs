//! `meshctl egress list`: the external hosts meshctl allowed, from the ServiceEntries
//! it created, and whether they go through the egress gateway.

use crate::cmd::Ctx;
use crate::core::policy::egress_list::{EgressList, views};
use crate::core::store::{self, ISTIO_NETWORKING, ListQuery};
use crate::output::OutputFormat;
use crate::{Error, ExitStatus, Result};

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

    /// Output format: table (default), json or yaml
    #[arg(short = 'o', long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    if args.output == Some(OutputFormat::Wide) {
        return Err(Error::usage("`egress list` does not support `-o wide`")
            .with_hint("use `-o json` or `-o yaml` for scripts"));
    }
    let store = ctx.mesh_store().await?;
    let query = ListQuery {
        namespace: if args.all_namespaces {
            None
        } else {
            Some(ctx.mesh_namespace().await?)
        },
        label_selector: Some(format!(
            "{}={}",
            store::MANAGED_BY_LABEL,
            store::MANAGED_BY_VALUE
        )),
    };
    let entries = store.list(ISTIO_NETWORKING, "ServiceEntry", &query).await?;
    let gateways = store.list(ISTIO_NETWORKING, "Gateway", &query).await?;
    let list = EgressList(views(&entries, &gateways));
    ctx.printer
        .show(&list, args.output.unwrap_or(OutputFormat::Table))?;
    Ok(ExitStatus::Success)
}
