//! `meshctl gateway list`: Gateways as a table (or JSON/YAML for scripts), with the
//! VirtualServices that bind to each.

use crate::cli::flags::{OutputArgs, SelectorArgs, WatchArgs};
use crate::cmd::Ctx;
use crate::core::gateways::{
    GatewayList, GatewayView, WorkloadView, note_ages, note_workloads, views, workloads,
};
use crate::core::model::{Gateway, Resource};
use crate::core::store::{ISTIO_NETWORKING, ListQuery};
use crate::output::view::watch;
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Gateways in the current namespace
  meshctl gateway list

  # In every namespace, as JSON
  meshctl gateway list -A -o json

  # Keep the table on screen as Gateways come and go
  meshctl gateway list --watch")]
pub struct Args {
    /// List Gateways in every namespace
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,

    #[command(flatten)]
    pub selector: SelectorArgs,

    #[command(flatten)]
    pub watch: WatchArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// How often `--watch` reads the Gateways again.
const WATCH_INTERVAL: std::time::Duration = std::time::Duration::from_secs(2);

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    if args.watch.watch {
        let output = &args.output;
        watch(&ctx.printer, ctx.clock(), output, WATCH_INTERVAL, || {
            list(ctx, args)
        })
        .await?;
    } else {
        ctx.printer.show_as(&list(ctx, args).await?, &args.output)?;
    }
    Ok(ExitStatus::Success)
}

/// The Gateways and their workloads, read once.
async fn list(ctx: &Ctx, args: &Args) -> Result<GatewayList> {
    let store = ctx.mesh_store().await?;
    let query = ListQuery {
        namespace: if args.all_namespaces {
            None
        } else {
            Some(ctx.mesh_namespace().await?)
        },
        label_selector: args.selector.selector.clone(),
    };
    let gateways = store.list(ISTIO_NETWORKING, "Gateway", &query).await?;
    // The selector picks Gateways; every VirtualService may bind one of them.
    let query = ListQuery {
        label_selector: None,
        ..query
    };
    // With `-A`, VirtualServices in any namespace that bind `NS/NAME` show too; without
    // it, only the namespace is read (a namespaced Role is enough).
    let virtual_services = store
        .list(ISTIO_NETWORKING, "VirtualService", &query)
        .await?;
    let objects = gateways;
    let gateways = Resource::read_all(&objects);
    let mut views = views(&gateways, &Resource::read_all(&virtual_services));
    note_ages(&mut views, &objects, ctx.clock().now());
    let workloads = read_workloads(ctx, &gateways, &mut views).await;
    let list = GatewayList {
        gateways: views,
        workloads,
        namespace: query.namespace,
    };
    Ok(list)
}

/// The gateway workloads from the workload cluster, noted on each rule's view; the
/// rules that select none are warned about in one line (the WORKLOADS column shows
/// which). When the workload cluster cannot be read (no
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
    let orphans = views.iter().filter(|v| v.workloads.is_empty()).count();
    if orphans > 0 {
        let which = if orphans == 1 {
            "1 Gateway selects".to_string()
        } else {
            format!("{orphans} Gateways select")
        };
        ctx.printer.warn(&format!(
            "{which} no gateway workload (`-` under WORKLOADS); `meshctl gateway deploy` runs one"
        ));
    }
    workloads
}
