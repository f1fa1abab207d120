//! `meshctl local endpoint add|remove|list`: the local mesh's service registry — which
//! addresses serve which subset of a service (what pods and labels are in a cluster).

use super::{DirArgs, open, print_warnings};
use crate::cli::flags::OutputArgs;
use crate::cmd::Ctx;
use crate::core::envoy::Endpoint;
use crate::core::envoy::local::EndpointList;
use crate::{Error, ExitStatus, Result};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Register an address for a service subset
    Add(AddArgs),
    /// Remove an address (or every address) of a service subset
    Remove(RemoveArgs),
    /// List registered endpoints
    List(ListArgs),
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Two versions of `reviews` in namespace `default`
  meshctl local endpoint add reviews v1 127.0.0.1:9081
  meshctl local endpoint add reviews v2 127.0.0.1:9082

  # In another namespace
  meshctl local endpoint add ratings v1 127.0.0.1:9091 -n shop

  # A Service without subsets, as a Gateway API route's backend names it
  meshctl local endpoint add reviews-v2 127.0.0.1:9082")]
pub struct AddArgs {
    /// Short service name, as VirtualService hosts and HTTPRoute backends name it (`reviews`)
    pub service: String,
    /// Subset (`v1`), as DestinationRules and routes name it; leave it out (give only
    /// `HOST:PORT`) for a Service routed as a whole, as an HTTPRoute's backend is
    pub subset: String,
    /// `HOST:PORT` of the backend
    pub address: Option<String>,
    #[command(flatten)]
    pub dir: DirArgs,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Remove one address
  meshctl local endpoint remove reviews v2 127.0.0.1:9082

  # Remove every address of the subset
  meshctl local endpoint remove reviews v2

  # Remove an address registered without a subset
  meshctl local endpoint remove reviews-v2 127.0.0.1:9082")]
pub struct RemoveArgs {
    pub service: String,
    /// The subset (left out: the addresses registered without one)
    pub subset: Option<String>,
    /// Only this address (default: every address of the subset)
    pub address: Option<String>,
    #[command(flatten)]
    pub dir: DirArgs,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Every endpoint of the local mesh
  meshctl local endpoint list

  # For scripts
  meshctl local endpoint list -o json")]
pub struct ListArgs {
    #[command(flatten)]
    pub dir: DirArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub async fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    match cmd {
        Command::Add(args) => add(ctx, args).await,
        Command::Remove(args) => remove(ctx, args).await,
        Command::List(args) => list(ctx, args).await,
    }
}

fn check_address(address: &str) -> Result<()> {
    let ok = address
        .rsplit_once(':')
        .is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok_and(|p| p > 0));
    if ok {
        Ok(())
    } else {
        Err(
            Error::usage(format!("`{address}` is not an address `HOST:PORT`"))
                .with_hint("give e.g. `127.0.0.1:9081`"),
        )
    }
}

/// What `remove` was given: `SUBSET [HOST:PORT]`, `HOST:PORT` alone, or nothing (the
/// endpoints without a subset): the subset (`""` for none) and the address, if any.
fn subset_and_address(subset: Option<&str>, address: Option<&str>) -> (String, Option<String>) {
    match (subset, address) {
        (Some(only), None) if check_address(only).is_ok() => (String::new(), Some(only.into())),
        (subset, address) => (
            subset.unwrap_or_default().to_string(),
            address.map(str::to_string),
        ),
    }
}

/// ` subset `v1``, or nothing for an endpoint without one.
fn subset_words(subset: &str) -> String {
    if subset.is_empty() {
        String::new()
    } else {
        format!(" subset `{subset}`")
    }
}

async fn add(ctx: &Ctx, args: &AddArgs) -> Result<ExitStatus> {
    // `SERVICE HOST:PORT`: an endpoint without a subset.
    let (subset, address) = match &args.address {
        Some(address) => (args.subset.clone(), address.clone()),
        None => (String::new(), args.subset.clone()),
    };
    check_address(&address)?;
    let mut owned = None;
    let mesh = open(ctx, &args.dir, &mut owned)?;
    let endpoint = Endpoint {
        service: args.service.clone(),
        namespace: ctx.namespace_or_default().to_string(),
        subset,
        address,
    };
    let what = format!(
        "endpoint {} for `{}/{}`{}",
        endpoint.address,
        endpoint.namespace,
        endpoint.service,
        subset_words(&endpoint.subset)
    );
    if mesh.add_endpoint(endpoint).await? {
        print_warnings(ctx, &mesh.warnings()?);
        ctx.printer.data(&format!("{what} added\n"))?;
    } else {
        ctx.printer.data(&format!("{what} unchanged\n"))?;
    }
    Ok(ExitStatus::Success)
}

async fn remove(ctx: &Ctx, args: &RemoveArgs) -> Result<ExitStatus> {
    let mut owned = None;
    let mesh = open(ctx, &args.dir, &mut owned)?;
    let namespace = ctx.namespace_or_default();
    let (subset, address) = subset_and_address(args.subset.as_deref(), args.address.as_deref());
    let n = mesh
        .remove_endpoint(&args.service, namespace, &subset, address.as_deref())
        .await?;
    if n == 0 {
        return Err(Error::not_found(format!(
            "no endpoint of `{namespace}/{}`{}{} is registered",
            args.service,
            subset_words(&subset),
            address
                .as_deref()
                .map(|a| format!(" at `{a}`"))
                .unwrap_or_default()
        ))
        .with_hint("see the registered ones with `meshctl local endpoint list`"));
    }
    ctx.printer.data(&format!(
        "{n} endpoint{} of `{namespace}/{}`{} removed\n",
        if n == 1 { "" } else { "s" },
        args.service,
        subset_words(&subset)
    ))?;
    Ok(ExitStatus::Success)
}

async fn list(ctx: &Ctx, args: &ListArgs) -> Result<ExitStatus> {
    let mut owned = None;
    let mesh = open(ctx, &args.dir, &mut owned)?;
    let endpoints = EndpointList(mesh.endpoints()?);
    ctx.printer.show_as(&endpoints, &args.output)?;
    Ok(ExitStatus::Success)
}
