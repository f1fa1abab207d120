//! `meshctl local workload start|stop|scale|delete|list`: the versions of a service on
//! the local mesh as demo backend processes that meshctl starts, registers as endpoints
//! of their subset and stops again — what Deployments are in a cluster, so a demo shows
//! the whole release. The processes are the adapter's (`LocalWorkloads`); this module
//! reads the flags and builds what is shown.

use super::{DirArgs, open, print_warnings};
use crate::adapters::local::workloads::{self, LocalWorkloads, StartRequest};
use crate::cli::flags::OutputArgs;
use crate::cmd::Ctx;
use crate::core::local_workload::{WorkloadList, default_name};
use crate::core::workload::Workloads;
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Start a version of a service as demo backend processes and route to them
    Start(StartArgs),
    /// Stop a workload's processes and remove its endpoints (the entry stays)
    Stop(NameArgs),
    /// Run this many copies of a workload
    Scale(ScaleArgs),
    /// Stop a workload and forget it
    Delete(NameArgs),
    /// List the workloads, their copies, ports and age
    List(ListArgs),
}

// `--version` is the version the workload plays, not meshctl's.
#[derive(Debug, clap::Args)]
#[command(
    disable_version_flag = true,
    after_help = "\
Examples:
  # Version v1 of `reviews`, healthy, registered as subset v1
  meshctl local workload start reviews --version v1

  # Version v2 failing every fifth request, 50 ms slower, two copies
  meshctl local workload start reviews --version v2 --replicas 2 \\
    --image demo:error-rate=0.2,latency=50ms

  # On fixed ports (copy N listens on PORT+N)
  meshctl local workload start reviews --version v1 --port 9081"
)]
pub struct StartArgs {
    /// Short service name, as VirtualService hosts name it (`reviews`)
    pub service: String,
    /// The version it plays: its `version` label and the subset it is registered as
    #[arg(long, value_name = "VERSION")]
    pub version: String,
    /// The workload's name (default: `SERVICE-VERSION`)
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// How the demo backend behaves: `demo`, or `demo:` with `error-rate=SHARE`,
    /// `latency=DURATION`, `spare-header=NAME` joined by commas (default: `demo`, or
    /// the workload's image when it exists)
    #[arg(long, value_name = "IMAGE")]
    pub image: Option<String>,
    /// Copies to run (default: 1, or the workload's count when it exists)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub replicas: Option<u32>,
    /// Port of the first copy on 127.0.0.1, the next copies on the ports after it
    /// (default: free ports)
    #[arg(long, value_name = "PORT", value_parser = clap::value_parser!(u16).range(1..))]
    pub port: Option<u16>,
    #[command(flatten)]
    pub dir: DirArgs,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  meshctl local workload stop reviews-v2
  meshctl local workload delete reviews-v2")]
pub struct NameArgs {
    /// The workload (`meshctl local workload list` shows them)
    pub name: String,
    #[command(flatten)]
    pub dir: DirArgs,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Three copies of reviews-v2
  meshctl local workload scale reviews-v2 --replicas 3

  # None: stopped, kept for inspection
  meshctl local workload scale reviews-v2 --replicas 0")]
pub struct ScaleArgs {
    /// The workload (`meshctl local workload list` shows them)
    pub name: String,
    /// Copies to run (0 stops it)
    #[arg(long, value_name = "N")]
    pub replicas: u32,
    #[command(flatten)]
    pub dir: DirArgs,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Every workload of the local mesh
  meshctl local workload list

  # With the PIDs of their processes
  meshctl local workload list -o wide")]
pub struct ListArgs {
    #[command(flatten)]
    pub dir: DirArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub async fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    match cmd {
        Command::Start(args) => start(ctx, args).await,
        Command::Stop(args) => scale_to(ctx, &args.name, &args.dir, 0).await,
        Command::Scale(args) => scale_to(ctx, &args.name, &args.dir, args.replicas).await,
        Command::Delete(args) => delete(ctx, args).await,
        Command::List(args) => list(ctx, args).await,
    }
}

/// The workloads of the mesh `--dir` names, else the context's.
fn local_workloads(ctx: &Ctx, dir: &DirArgs) -> Result<LocalWorkloads> {
    let mut owned = None;
    LocalWorkloads::for_meshctl(open(ctx, dir, &mut owned)?)
}

async fn start(ctx: &Ctx, args: &StartArgs) -> Result<ExitStatus> {
    let wl = local_workloads(ctx, &args.dir)?;
    let request = StartRequest {
        namespace: ctx.namespace_or_default().to_string(),
        name: args
            .name
            .clone()
            .unwrap_or_else(|| default_name(&args.service, &args.version)),
        service: args.service.clone(),
        version: args.version.clone(),
        image: args.image.clone(),
        replicas: args.replicas,
        port: args.port,
    };
    let (w, ready, created) = wl.start(&request).await?;
    let mut owned = None;
    print_warnings(ctx, &open(ctx, &args.dir, &mut owned)?.warnings()?);
    let addresses: Vec<String> = w.instances.iter().map(|i| i.address()).collect();
    ctx.printer.data(&format!(
        "workload `{}/{}` {}: `{}` subset `{}`, image `{}`, {ready}/{} ready on {}\n",
        w.namespace,
        w.name,
        if created { "started" } else { "running" },
        w.service,
        args.version,
        w.image,
        w.replicas,
        addresses.join(", ")
    ))?;
    Ok(ExitStatus::Success)
}

async fn scale_to(ctx: &Ctx, name: &str, dir: &DirArgs, replicas: u32) -> Result<ExitStatus> {
    let wl = local_workloads(ctx, dir)?;
    let namespace = ctx.namespace_or_default();
    wl.scale(namespace, name, replicas).await?;
    let what = if replicas == 0 {
        "stopped (kept; `meshctl local workload start` or `scale` runs it again)".to_string()
    } else {
        format!("scaled to {replicas}")
    };
    ctx.printer
        .data(&format!("workload `{namespace}/{name}` {what}\n"))?;
    Ok(ExitStatus::Success)
}

async fn delete(ctx: &Ctx, args: &NameArgs) -> Result<ExitStatus> {
    let wl = local_workloads(ctx, &args.dir)?;
    let namespace = ctx.namespace_or_default();
    if !wl.exists(namespace, &args.name)? {
        return Err(workloads::not_found(namespace, &args.name));
    }
    wl.delete(namespace, &args.name).await?;
    ctx.printer
        .data(&format!("workload `{namespace}/{}` deleted\n", args.name))?;
    Ok(ExitStatus::Success)
}

async fn list(ctx: &Ctx, args: &ListArgs) -> Result<ExitStatus> {
    let wl = local_workloads(ctx, &args.dir)?;
    let view = WorkloadList::new(&wl.list().await?, ctx.clock().now());
    ctx.printer.show_as(&view, &args.output)?;
    Ok(ExitStatus::Success)
}
