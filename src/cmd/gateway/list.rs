//! `meshctl gateway list`: Gateways as a table (or JSON/YAML for scripts), with the
//! VirtualServices that bind to each.

use crate::cmd::Ctx;
use crate::core::gateways::{
    GatewayList, GatewayView, WorkloadView, note_workloads, views, workloads,
};
use crate::core::model::{Gateway, Resource};
use crate::core::store::{ISTIO_NETWORKING, ListQuery};
use crate::output::OutputFormat;
use crate::{Error, ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Gateways in the current namespace
  meshctl gateway list

  # In every namespace, as JSON
  meshctl gateway list -A -o json")]
pub struct Args {
    /// List Gateways in every namespace
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,

    /// Output format: table (default), json or yaml
    #[arg(short = 'o', long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    if args.output == Some(OutputFormat::Wide) {
        return Err(
            Error::usage("`gateway list` does not support `-o wide`").with_hint(
                "the table already shows every column; use `-o json` or `-o yaml` for scripts",
            ),
        );
    }
    let store = ctx.mesh_store().await?;
    let query = ListQuery {
        namespace: if args.all_namespaces {
            None
        } else {
            Some(ctx.mesh_namespace().await?)
        },
        label_selector: None,
    };
    let gateways = store.list(ISTIO_NETWORKING, "Gateway", &query).await?;
    // With `-A`, VirtualServices in any namespace that bind `NS/NAME` show too; without
    // it, only the namespace is read (a namespaced Role is enough).
    let virtual_services = store
        .list(ISTIO_NETWORKING, "VirtualService", &query)
        .await?;
    let gateways = Resource::read_all(&gateways);
    let mut views = views(&gateways, &Resource::read_all(&virtual_services));
    let workloads = read_workloads(ctx, &gateways, &mut views).await;
    let list = GatewayList {
        gateways: views,
        workloads,
        namespace: query.namespace,
    };
    ctx.printer
        .show(&list, args.output.unwrap_or(OutputFormat::Table))?;
    Ok(ExitStatus::Success)
}

/// The gateway workloads from the workload cluster, noted on each rule's view; a rule
/// that selects none is warned about. When the workload cluster cannot be read (no
/// cluster-wide list permission, say) the rules still show, with a warning.
async fn read_workloads(
    ctx: &Ctx,
    gateways: &[Gateway],
    views: &mut [GatewayView],
) -> Vec<WorkloadView> {
    // Gateway workloads usually run in their own namespace, apart from the rules.
    let read = async {
        let cluster = ctx.cluster().await?;
        Ok::<_, crate::Error>((
            cluster.deployments(None).await?,
            cluster.services(None).await?,
        ))
    };
    let (deployments, services) = match read.await {
        Ok(found) => found,
        Err(err) => {
            ctx.printer
                .warn(&format!("gateway workloads not shown: {}", err.message()));
            return Vec::new();
        }
    };
    let workloads = workloads(&deployments, &services, gateways);
    note_workloads(views, &workloads);
    for view in views.iter() {
        if view.workloads.is_empty() {
            ctx.printer.warn(&format!(
                "Gateway `{}/{}` selects no gateway workload",
                view.namespace, view.name
            ));
        }
    }
    workloads
}
