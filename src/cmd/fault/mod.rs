//! `meshctl fault inject|clear|show SERVICE`: HTTP fault injection (aborts and delays)
//! on every HTTP route of the service's VirtualService, for testing how callers cope.
//! The same guarded, validated edit as `policy set`; meshctl marks what it injects
//! (`core::policy::FAULT_ANNOTATION`) so `clear` takes back only that, and an abort of
//! every request is confirmed first.

use super::Ctx;
use super::policy::edit;
use super::policy::gateway_api;
use super::policy::show::PolicyView;
use crate::cli::flags::{DryRunArgs, OutputArgs};
use crate::core::duration::Duration;
use crate::core::policy::{FaultChange, FaultSpec, fault_view, parse_abort, parse_delay};
use crate::core::view::names_in;
use crate::output::prompt;
use crate::{Error, ExitStatus, Result};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Abort or delay a share of the requests to a service
    Inject(InjectArgs),
    /// Take back the faults meshctl injected (the routes' own faults stay)
    Clear(ClearArgs),
    /// Show each HTTP route's faults and whether meshctl injected them
    Show(ShowArgs),
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Fail 10% of the requests to `reviews` with 503 and delay 5% by 2 s
  meshctl fault inject reviews --abort 503:10% --delay 2s:5%

  # See the change first
  meshctl fault inject reviews --abort 500 --dry-run

  # Fail every request (asks first; `--yes` in scripts)
  meshctl fault inject reviews --abort 503 --yes")]
#[command(group = clap::ArgGroup::new("fault").required(true).multiple(true).args(["abort", "delay"]))]
pub struct InjectArgs {
    /// The service (its VirtualService name or host)
    pub service: String,

    /// Answer with HTTP STATUS, for PERCENT of the requests (default 100%)
    #[arg(long, value_name = "STATUS[:PERCENT]", value_parser = parse_abort)]
    pub abort: Option<FaultSpec<u16>>,

    /// Delay by DURATION, for PERCENT of the requests (default 100%)
    #[arg(long, value_name = "DURATION[:PERCENT]", value_parser = parse_delay)]
    pub delay: Option<FaultSpec<Duration>>,

    /// The API the service is routed with; `gateway-api` is refused, as an HTTPRoute
    /// has no fault injection
    #[arg(long, value_name = "API", value_enum, default_value_t = crate::cli::flags::Api::Istio)]
    pub api: crate::cli::flags::Api,

    #[command(flatten)]
    pub dry_run: DryRunArgs,

    /// Confirm an abort of every request (100%) without asking
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Stop injecting faults into `reviews`
  meshctl fault clear reviews")]
pub struct ClearArgs {
    /// The service (its VirtualService name or host)
    pub service: String,

    #[command(flatten)]
    pub dry_run: DryRunArgs,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # The faults on the routes of `reviews`, each marked `meshctl` or `spec`
  meshctl fault show reviews")]
pub struct ShowArgs {
    /// The service (its VirtualService name or host)
    pub service: String,

    #[command(flatten)]
    pub output: OutputArgs,
}

const NO_VS: &str = "faults are injected on the service's VirtualService: create one first (`meshctl render virtualservice … | meshctl apply -f -`)";

pub async fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    let (service, dry_run, change) = match cmd {
        Command::Inject(a) => (
            &a.service,
            a.dry_run,
            FaultChange::Inject {
                abort: a.abort,
                delay: a.delay,
            },
        ),
        Command::Clear(a) => (&a.service, a.dry_run, FaultChange::Clear),
        Command::Show(a) => return show(ctx, a).await,
    };
    if let Command::Inject(a) = cmd
        && a.api == crate::cli::flags::Api::GatewayApi
    {
        return Err(gateway_api::refuse_fault());
    }
    if let (Some(status), Command::Inject(a)) = (change.fails_all_traffic(), cmd)
        && a.dry_run.writes()
    {
        let question = format!("Fail every request to `{service}` with HTTP {status}?");
        let details = [format!(
            "`--abort {status}` without a percentage aborts 100% of the requests on every route of `{service}`"
        )];
        if !prompt::confirm(&ctx.printer, &question, &details, a.yes)? {
            return Err(Error::usage("not confirmed; nothing was changed")
                .with_hint("give a share, e.g. `--abort 503:10%`"));
        }
    }
    let store = ctx.mesh_store().await?;
    let namespace = ctx.mesh_namespace().await?;
    let target = edit::require(store, "VirtualService", &namespace, service, NO_VS).await?;
    edit::edit(ctx, store, &target, dry_run, &|o| change.apply(o)).await?;
    Ok(ExitStatus::Success)
}

async fn show(ctx: &Ctx, args: &ShowArgs) -> Result<ExitStatus> {
    let store = ctx.mesh_store().await?;
    let namespace = ctx.mesh_namespace().await?;
    let target = edit::require(store, "VirtualService", &namespace, &args.service, NO_VS).await?;
    let vs = store
        .get(&target)
        .await?
        .ok_or_else(|| Error::not_found(format!("{target} not found")))?;
    let view = PolicyView::new(fault_view(&vs), names_in(&vs));
    ctx.printer.show_as(&view, &args.output)?;
    Ok(ExitStatus::Success)
}
