//! The command line: global flags and the list of commands. Each command's own flags
//! live beside its handler in `cmd/` (one module per command, groups in folders).

pub mod flags;

use crate::cmd;
use crate::output::ColorChoice;
use clap::{Args, Parser, Subcommand};
use std::ffi::OsString;
use std::path::PathBuf;

const ABOUT: &str = "Render, apply and roll out Istio traffic configuration";

const LONG_ABOUT: &str = "\
meshctl renders Istio Gateway, VirtualService and DestinationRule resources from templates, \
validates them against Istio's schemas, applies them, and drives canary and blue-green \
releases judged by proxy metrics.";

const EXAMPLES: &str = "\
Examples:
  # Render a VirtualService that splits traffic 90/10
  meshctl render virtualservice reviews --host reviews --route v1=90 --route v2=10

  # Render everything one service needs from a spec file
  meshctl render service -f reviews.yaml

  # Check files before they reach the cluster
  meshctl validate -f ./mesh/";

#[derive(Debug, Parser)]
#[command(
    name = "meshctl",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = EXAMPLES,
    propagate_version = true,
    disable_help_subcommand = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Namespace of the resources (default: the context's namespace, then `default`)
    #[arg(short = 'n', long, global = true, value_name = "NS")]
    pub namespace: Option<String>,

    /// Directory whose templates override the built-in ones, file by file
    #[arg(long, global = true, env = "MESHCTL_TEMPLATES", value_name = "DIR")]
    pub templates: Option<PathBuf>,

    #[command(flatten)]
    pub kube: KubeArgs,

    #[command(flatten)]
    pub target: TargetArgs,

    /// More detail on stderr (resolved queries, requests); repeat for more
    #[arg(short = 'v', long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Only errors and data
    #[arg(short = 'q', long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// When to use colour (`NO_COLOR` turns it off in `auto`)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// Where the cluster is; resolved lazily, so commands that need no cluster never read
/// a kubeconfig.
#[derive(Debug, Args, Clone, Default, PartialEq, Eq)]
pub struct KubeArgs {
    /// Path to the kubeconfig file (default: `KUBECONFIG`, then ~/.kube/config)
    #[arg(long, global = true, value_name = "FILE", help_heading = "Cluster")]
    pub kubeconfig: Option<PathBuf>,

    /// Kubeconfig context of the workload cluster
    #[arg(long, global = true, value_name = "NAME", help_heading = "Cluster")]
    pub context: Option<String>,

    /// Kubeconfig of the mesh control plane (ASM), where Istio resources live
    #[arg(
        long,
        global = true,
        env = "MESHCTL_MESH_KUBECONFIG",
        value_name = "FILE",
        help_heading = "Cluster"
    )]
    pub mesh_kubeconfig: Option<PathBuf>,

    /// Context of the mesh control plane (default: the workload context)
    #[arg(
        long,
        global = true,
        env = "MESHCTL_MESH_CONTEXT",
        value_name = "NAME",
        help_heading = "Cluster"
    )]
    pub mesh_context: Option<String>,

    /// How long to wait for one API request, e.g. `30s`
    #[arg(long, global = true, value_name = "DURATION", help_heading = "Cluster")]
    pub request_timeout: Option<crate::core::duration::Duration>,
}

/// Which mesh store commands read and write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    /// The Kubernetes cluster of the kubeconfig context
    #[default]
    Kubernetes,
    /// The local mesh: files in a state directory, served by a local Envoy
    Local,
}

/// Where the mesh lives: a cluster, or the local mesh (see `meshctl local`).
#[derive(Debug, Args, Clone, Default)]
pub struct TargetArgs {
    /// Mesh store: `kubernetes` (default) or `local` (see `meshctl local`)
    #[arg(
        long,
        global = true,
        env = "MESHCTL_TARGET",
        value_enum,
        default_value_t = Target::Kubernetes,
        value_name = "TARGET",
        hide_possible_values = true,
        hide_default_value = true,
        help_heading = "Target"
    )]
    pub target: Target,

    /// State directory of the local mesh (default: `$XDG_DATA_HOME/meshctl/local`)
    #[arg(
        long,
        global = true,
        env = "MESHCTL_LOCAL_DIR",
        value_name = "DIR",
        help_heading = "Target"
    )]
    pub local_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render Istio resources to stdout or a directory (nothing is applied)
    #[command(subcommand)]
    Render(cmd::render::Command),
    /// Validate files against Istio's schemas
    Validate(cmd::validate::Args),
    /// Find mesh configuration mistakes in files or the cluster (coded findings)
    Analyze(cmd::analyze::Args),
    /// Show services, their routes, policies and rollouts at a glance
    Status(cmd::status::Args),
    /// Create or update objects from files (server-side apply)
    Apply(cmd::apply::Args),
    /// Show what `apply` would change (exit 1 when something would)
    Diff(cmd::diff::Args),
    /// Delete objects named in files, or by kind and name
    Delete(cmd::delete::Args),
    /// Create, list and delete gateways and their routes; deploy gateway workloads
    #[command(subcommand)]
    Gateway(cmd::gateway::Command),
    /// Shift traffic to a new version step by step, judged by proxy metrics
    #[command(subcommand)]
    Canary(Box<cmd::canary::Command>),
    /// Switch all traffic between two colours, verified before and after
    #[command(subcommand)]
    Bluegreen(cmd::bluegreen::Command),
    /// Set and show timeouts, retries, load balancing, circuit breaking and TLS
    #[command(subcommand)]
    Policy(cmd::policy::Command),
    /// Inject HTTP aborts and delays into a service's routes, and clear them
    #[command(subcommand)]
    Fault(cmd::fault::Command),
    /// Allow, list and revoke traffic to external hosts (optionally via the egress gateway)
    #[command(subcommand)]
    Egress(cmd::egress::Command),
    /// Traffic lanes: route tagged requests through a chain of services' versions
    #[command(subcommand)]
    Lane(cmd::lane::Command),
    /// List, show or export the built-in templates
    #[command(subcommand)]
    Templates(cmd::templates::Command),
    /// Run a local mesh on a real Envoy: start, stop, status, endpoints
    #[command(subcommand)]
    Local(cmd::local::Command),
    /// Each subset's traffic: weight, request and success rates, latency quantiles
    Metrics(cmd::metrics::Args),
    /// Local stand-ins for workloads, to try meshctl without a cluster
    #[command(subcommand)]
    Demo(cmd::demo::Command),
    /// Print a shell completion script
    Completion(cmd::completion::Args),
    /// Names for shell completion (called by the completion scripts)
    #[command(name = "__complete", hide = true)]
    Complete(cmd::complete::Args),
    /// Print the version
    Version(cmd::version::Args),
}

/// Parses the command line; `Err` carries clap's own help, version or usage output.
/// Run as the kubectl plugin `kubectl-mesh`, help and usage say `kubectl mesh`.
pub fn parse<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let mut cmd = command();
    if args.first().is_some_and(|a| is_kubectl_plugin(a)) {
        cmd = renamed(cmd.bin_name(PLUGIN_NAME), PLUGIN_NAME);
    }
    let matches = cmd.try_get_matches_from(args)?;
    <Cli as clap::FromArgMatches>::from_arg_matches(&matches)
}

/// How kubectl runs meshctl as a plugin: it finds `kubectl-mesh` on PATH for
/// `kubectl mesh …`.
pub const PLUGIN_NAME: &str = "kubectl mesh";

/// Whether the program was started as `kubectl-mesh` (installed or linked so).
pub fn is_kubectl_plugin(argv0: &std::ffi::OsStr) -> bool {
    std::path::Path::new(argv0)
        .file_stem()
        .is_some_and(|stem| stem == "kubectl-mesh")
}

/// `cmd` with the examples in every command's help written for `name`.
fn renamed(mut cmd: clap::Command, name: &str) -> clap::Command {
    if let Some(help) = cmd.get_after_help() {
        let text = help
            .to_string()
            .replace("  meshctl ", &format!("  {name} "));
        cmd = cmd.after_help(text);
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subs {
        cmd = cmd.mut_subcommand(sub, |s| renamed(s, name));
    }
    cmd
}

/// The clap command tree, for completions and help snapshots.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

#[cfg(test)]
mod doc_commands;

#[cfg(test)]
mod tests {
    #[test]
    fn clap_definition_is_consistent() {
        super::command().debug_assert();
    }
}
