//! `meshctl fault inject|clear SERVICE`: HTTP fault injection (aborts and delays) on
//! every HTTP route of the service's VirtualService, for testing how callers cope.
//! The same guarded, validated edit as `policy set`.

use super::Ctx;
use super::policy::edit;
use crate::cli::flags::DryRunArgs;
use crate::core::duration::Duration;
use crate::core::policy::{FaultChange, FaultSpec, parse_abort, parse_delay};
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Abort or delay a share of the requests to a service
    Inject(InjectArgs),
    /// Remove every injected fault from a service's routes
    Clear(ClearArgs),
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Fail 10% of the requests to `reviews` with 503 and delay 5% by 2 s
  meshctl fault inject reviews --abort 503:10% --delay 2s:5%

  # See the change first
  meshctl fault inject reviews --abort 500 --dry-run")]
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

    #[command(flatten)]
    pub dry_run: DryRunArgs,
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
    };
    let store = ctx.mesh_store().await?;
    let namespace = ctx.mesh_namespace().await?;
    let target = edit::require(store, "VirtualService", &namespace, service, NO_VS).await?;
    edit::edit(ctx, store, &target, dry_run, &|o| change.apply(o)).await?;
    Ok(ExitStatus::Success)
}
