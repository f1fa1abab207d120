//! `meshctl local …`: the local mesh — a real Envoy that meshctl configures from the
//! mesh objects in a state directory. `up` starts it, `down` stops it, `status` shows
//! it, `endpoint` keeps the registry of backend addresses per service subset,
//! `workload` runs versions of a service as demo backend processes. Every other
//! command uses it with `--target local`.

pub mod endpoint;
pub mod workload;

use super::Ctx;
use crate::adapters::local::{self, LocalMesh};
use crate::cli::flags::OutputArgs;
use crate::output::OutputFormat;
use crate::{Error, ExitStatus, Result};
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Start Envoy for the local mesh and serve the stored objects
    Up(UpArgs),
    /// Stop the local mesh's Envoy and its workloads' processes (the stored objects stay)
    Down(DownArgs),
    /// Show Envoy's PID, ports, configuration version, resources and endpoints
    Status(StatusArgs),
    /// Add, remove and list backend addresses of service subsets
    #[command(subcommand)]
    Endpoint(endpoint::Command),
    /// Start, stop, scale and list versions of a service run as demo backends
    #[command(subcommand)]
    Workload(workload::Command),
}

/// `--dir`, shared by every `local` command.
#[derive(Debug, Clone, clap::Args)]
pub struct DirArgs {
    /// State directory (default: `--local-dir`, `MESHCTL_LOCAL_DIR`, then
    /// `$XDG_DATA_HOME/meshctl/local`)
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Start the local mesh on the default ports (listener 15080, admin 15000)
  meshctl local up

  # Use another directory and ports, e.g. for a second mesh
  meshctl local up --dir ./mesh-state --port 16080 --admin-port 16000

  # Then route traffic with the usual commands
  meshctl --target local apply -f reviews.yaml
  curl -H 'Host: reviews' http://127.0.0.1:15080/")]
pub struct UpArgs {
    #[command(flatten)]
    pub dir: DirArgs,

    /// Port of the HTTP listener every route is served on (127.0.0.1)
    #[arg(long, default_value_t = 15080, value_name = "PORT")]
    pub port: u16,

    /// Port of Envoy's admin endpoint (127.0.0.1): stats, config dump
    #[arg(long, default_value_t = 15000, value_name = "PORT")]
    pub admin_port: u16,

    /// The Envoy binary (default: `envoy` on `PATH`)
    #[arg(long, env = "MESHCTL_ENVOY", value_name = "FILE")]
    pub envoy: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Stop the local mesh's Envoy and workloads; `meshctl local up` serves the same
  # objects again, `meshctl local workload start` starts a workload again
  meshctl local down

  # Stop the mesh in another state directory
  meshctl local down --dir ./mesh-state")]
pub struct DownArgs {
    #[command(flatten)]
    pub dir: DirArgs,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Is the local mesh running, and on which ports?
  meshctl local status

  # For scripts
  meshctl local status -o json")]
pub struct StatusArgs {
    #[command(flatten)]
    pub dir: DirArgs,

    #[command(flatten)]
    pub output: OutputArgs,
}

pub async fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    match cmd {
        Command::Up(args) => up(ctx, args).await,
        Command::Down(args) => down(ctx, args).await,
        Command::Status(args) => status(ctx, args).await,
        Command::Endpoint(cmd) => endpoint::run(ctx, cmd).await,
        Command::Workload(cmd) => workload::run(ctx, cmd).await,
    }
}

/// The mesh `--dir` names, else the context's.
pub(crate) fn open<'a>(
    ctx: &'a Ctx,
    dir: &DirArgs,
    owned: &'a mut Option<LocalMesh>,
) -> Result<&'a LocalMesh> {
    match &dir.dir {
        Some(d) => Ok(owned.insert(LocalMesh::open(d)?)),
        None => ctx.local_mesh(),
    }
}

pub(crate) fn print_warnings(ctx: &Ctx, warnings: &[String]) {
    for w in warnings {
        ctx.printer.warn(&format!("local mesh: {w}"));
    }
}

async fn up(ctx: &Ctx, args: &UpArgs) -> Result<ExitStatus> {
    let mut owned = None;
    let mesh = open(ctx, &args.dir, &mut owned)?;
    if args.port == args.admin_port {
        return Err(Error::usage(format!(
            "`--port` and `--admin-port` are both {}",
            args.port
        ))
        .with_hint("give Envoy's admin endpoint another port"));
    }
    let path = std::env::var_os("PATH");
    let envoy = local::envoy::find(args.envoy.as_deref(), path.as_deref())?;
    let state = mesh
        .up(&local::UpOptions {
            envoy,
            listener_port: args.port,
            admin_port: args.admin_port,
        })
        .await?;
    print_warnings(ctx, &mesh.warnings()?);
    ctx.printer.data(&format!(
        "local mesh up: Envoy PID {} serving {} (admin {})\n",
        state.pid,
        state.listener_url(),
        state.admin_url()
    ))?;
    ctx.printer.info(&format!(
        "state in `{}`; use `--target local` with other commands, `meshctl local down` to stop",
        mesh.dir().display()
    ));
    ctx.printer.info(&format!(
        "proxy metrics: `export MESHCTL_ENVOY_ADMIN={}`",
        state.admin_url()
    ));
    Ok(ExitStatus::Success)
}

async fn down(ctx: &Ctx, args: &DownArgs) -> Result<ExitStatus> {
    let mut owned = None;
    let mesh = open(ctx, &args.dir, &mut owned)?;
    // Workloads first: their endpoints go while Envoy still confirms the change.
    let stopped = local::workloads::LocalWorkloads::for_meshctl(mesh)?
        .stop_all()
        .await?;
    if stopped > 0 {
        ctx.printer.info(&format!(
            "stopped {stopped} workload process{}; `meshctl local workload start` starts them again",
            if stopped == 1 { "" } else { "es" }
        ));
    }
    match mesh.down().await? {
        Some(state) => ctx.printer.data(&format!(
            "local mesh down: stopped Envoy PID {}\n",
            state.pid
        ))?,
        None => ctx.printer.info(&format!(
            "the local mesh in `{}` was not running",
            mesh.dir().display()
        )),
    }
    Ok(ExitStatus::Success)
}

async fn status(ctx: &Ctx, args: &StatusArgs) -> Result<ExitStatus> {
    let mut owned = None;
    let mesh = open(ctx, &args.dir, &mut owned)?;
    let status = mesh.status().await?;
    let format = args.output.output;
    ctx.printer.show_as(&status, &args.output)?;
    if matches!(format, OutputFormat::Table | OutputFormat::Wide) {
        print_warnings(ctx, &status.warnings);
    }
    Ok(ExitStatus::Success)
}
