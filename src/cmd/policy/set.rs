//! `meshctl policy set SERVICE …`: changes only the fields the flags name, each object
//! under a precondition-guarded update, validated before it is written.

use super::edit;
use super::gateway_api::{self, ApiArgs};
use crate::cli::flags::DryRunArgs;
use crate::cmd::Ctx;
use crate::core::duration::Duration;
use crate::core::policy::{Percent, PolicyChange, Retries, parse_retry_on};
use crate::{Error, ExitStatus, Result};

/// `--lb` values: Istio's simple load balancer policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LoadBalancer {
    RoundRobin,
    LeastRequest,
    Random,
    Passthrough,
}

impl LoadBalancer {
    fn as_istio(self) -> &'static str {
        match self {
            LoadBalancer::RoundRobin => "ROUND_ROBIN",
            LoadBalancer::LeastRequest => "LEAST_REQUEST",
            LoadBalancer::Random => "RANDOM",
            LoadBalancer::Passthrough => "PASSTHROUGH",
        }
    }
}

/// `--tls-mode` values: the DestinationRule's client TLS modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TlsMode {
    Disable,
    Simple,
    Mutual,
    IstioMutual,
}

impl TlsMode {
    fn as_istio(self) -> &'static str {
        match self {
            TlsMode::Disable => "DISABLE",
            TlsMode::Simple => "SIMPLE",
            TlsMode::Mutual => "MUTUAL",
            TlsMode::IstioMutual => "ISTIO_MUTUAL",
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # A 2 s timeout and 3 retries on server errors and resets for `reviews`
  meshctl policy set reviews --timeout 2s --retries 3 --retry-on 5xx,reset,connect-failure \\
    --per-try-timeout 500ms

  # Circuit breaking and outlier ejection on its DestinationRule
  meshctl policy set reviews --max-connections 100 --max-pending 10 \\
    --outlier-consecutive-5xx 5 --outlier-interval 10s --outlier-ejection-time 30s \\
    --outlier-max-ejection 50%

  # See the change as a diff without writing it
  meshctl policy set reviews --lb least-request --tls-mode istio-mutual --dry-run

  # The request timeout of every rule of the Gateway API HTTPRoute `reviews`
  meshctl policy set reviews --api gateway-api --timeout 2s

The VirtualService and DestinationRule are the ones named like the service, else the
only one whose host names it; with `--api gateway-api`, the HTTPRoute named like the
service (only `--timeout` and `--per-try-timeout` have HTTPRoute fields). Fields not
named by a flag are left as they are.")]
pub struct Args {
    /// The service (its VirtualService / DestinationRule name or host)
    pub service: String,

    #[command(flatten)]
    pub api: ApiArgs,

    /// Only the HTTP route (HTTPRoute: rule) of this name, or at this position when
    /// unnamed, as `policy show` lists them; default: every one
    #[arg(long, value_name = "NAME", help_heading = "Routes (VirtualService)")]
    pub route: Option<String>,

    /// Timeout of every HTTP route, e.g. `2s`
    #[arg(
        long,
        value_name = "DURATION",
        help_heading = "Routes (VirtualService)"
    )]
    pub timeout: Option<Duration>,

    /// Retry attempts of every HTTP route
    #[arg(long, value_name = "N", help_heading = "Routes (VirtualService)")]
    pub retries: Option<u32>,

    /// Retry conditions, e.g. `5xx,reset,connect-failure`
    #[arg(
        long,
        value_name = "CONDITIONS",
        value_parser = parse_retry_on,
        help_heading = "Routes (VirtualService)"
    )]
    pub retry_on: Option<String>,

    /// Timeout of each retry attempt, e.g. `500ms`
    #[arg(
        long,
        value_name = "DURATION",
        help_heading = "Routes (VirtualService)"
    )]
    pub per_try_timeout: Option<Duration>,

    /// Load balancing policy
    #[arg(
        long,
        value_enum,
        value_name = "POLICY",
        help_heading = "Traffic policy (DestinationRule)"
    )]
    pub lb: Option<LoadBalancer>,

    /// Maximum TCP connections to the service
    #[arg(
        long,
        value_name = "N",
        help_heading = "Traffic policy (DestinationRule)"
    )]
    pub max_connections: Option<u32>,

    /// Maximum pending HTTP requests
    #[arg(
        long,
        value_name = "N",
        help_heading = "Traffic policy (DestinationRule)"
    )]
    pub max_pending: Option<u32>,

    /// Maximum requests per connection (1 turns keep-alive off)
    #[arg(
        long,
        value_name = "N",
        help_heading = "Traffic policy (DestinationRule)"
    )]
    pub max_requests_per_connection: Option<u32>,

    /// Consecutive 5xx errors before a host is ejected
    #[arg(
        long = "outlier-consecutive-5xx",
        value_name = "N",
        help_heading = "Traffic policy (DestinationRule)"
    )]
    pub outlier_consecutive_5xx: Option<u32>,

    /// How often hosts are checked for ejection, e.g. `10s`
    #[arg(
        long,
        value_name = "DURATION",
        help_heading = "Traffic policy (DestinationRule)"
    )]
    pub outlier_interval: Option<Duration>,

    /// Minimum ejection time, e.g. `30s`
    #[arg(
        long,
        value_name = "DURATION",
        help_heading = "Traffic policy (DestinationRule)"
    )]
    pub outlier_ejection_time: Option<Duration>,

    /// Largest share of hosts that may be ejected, e.g. `50%`
    #[arg(
        long,
        value_name = "PERCENT",
        help_heading = "Traffic policy (DestinationRule)"
    )]
    pub outlier_max_ejection: Option<Percent>,

    /// TLS mode towards the service
    #[arg(
        long,
        value_enum,
        value_name = "MODE",
        help_heading = "Traffic policy (DestinationRule)"
    )]
    pub tls_mode: Option<TlsMode>,

    /// Replace settings the named ones cannot coexist with (a `consistentHash`
    /// session affinity, replaced by `--lb`); without it such a change is refused
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub dry_run: DryRunArgs,
}

impl Args {
    pub fn change(&self) -> PolicyChange {
        PolicyChange {
            route: self.route.clone(),
            timeout: self.timeout,
            retries: Retries {
                attempts: self.retries,
                retry_on: self.retry_on.clone(),
                per_try_timeout: self.per_try_timeout,
            },
            load_balancer: self.lb.map(|l| l.as_istio().to_string()),
            max_connections: self.max_connections,
            max_pending_requests: self.max_pending,
            max_requests_per_connection: self.max_requests_per_connection,
            outlier_consecutive_5xx: self.outlier_consecutive_5xx,
            outlier_interval: self.outlier_interval,
            outlier_ejection_time: self.outlier_ejection_time,
            outlier_max_ejection: self.outlier_max_ejection,
            tls_mode: self.tls_mode.map(|t| t.as_istio().to_string()),
            force: self.force,
        }
    }
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let change = args.change();
    if args.api.is_gateway_api() {
        return gateway_api::set(ctx, &args.service, &change, args.dry_run).await;
    }
    if change.route.is_some() && !change.touches_virtual_service() {
        return Err(Error::usage("`--route` picks the HTTP route that `--timeout`, `--retries`, `--retry-on` or `--per-try-timeout` change")
            .with_hint("the DestinationRule's traffic policy is one for the whole service: leave out `--route`"));
    }
    let (vs, dr) = (
        change.touches_virtual_service(),
        change.touches_destination_rule(),
    );
    if !vs && !dr {
        return Err(Error::usage("`policy set` needs at least one setting")
            .with_hint("e.g. `--timeout 2s`; `meshctl policy set --help` lists them"));
    }
    let store = ctx.mesh_store().await?;
    let namespace = ctx.mesh_namespace().await?;
    // Find both before changing either, so a missing one changes nothing.
    let vs_ref = if vs {
        Some(
            edit::require(
                store,
                "VirtualService",
                &namespace,
                &args.service,
                "timeouts and retries live on the service's VirtualService: create one first (`meshctl render virtualservice … | meshctl apply -f -`)",
            )
            .await?,
        )
    } else {
        None
    };
    let dr_ref = if dr {
        Some(
            edit::require(
                store,
                "DestinationRule",
                &namespace,
                &args.service,
                "load balancing, connection pools, outlier detection and TLS live on the service's DestinationRule: create one first (`meshctl render destinationrule … | meshctl apply -f -`)",
            )
            .await?,
        )
    } else {
        None
    };
    if let Some(target) = &vs_ref {
        edit::edit(ctx, store, target, args.dry_run, &|o| {
            change.apply_to_virtual_service(o)
        })
        .await?;
    }
    if let Some(target) = &dr_ref {
        edit::edit(ctx, store, target, args.dry_run, &|o| {
            change.apply_to_destination_rule(o)
        })
        .await?;
    }
    Ok(ExitStatus::Success)
}
