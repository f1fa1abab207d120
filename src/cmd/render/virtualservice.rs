//! `meshctl render virtualservice NAME --host H [--route SUBSET=WEIGHT …]`: routes,
//! weights, timeouts and retries for one service.

use super::{CommonArgs, Draft, flags};
use crate::cmd::Ctx;
use crate::core::duration::Duration;
use crate::core::spec::{Parts, RetrySpec, RouteSpec, StringMatchSpec};
use crate::{Error, ExitStatus, Result};

const EXAMPLES: &str = "\
Examples:
  # Split traffic 90/10 between two subsets
  meshctl render virtualservice reviews --host reviews --route v1=90 --route v2=10

  # Bind to an ingress gateway and the mesh, with a timeout and retries
  meshctl render vs reviews --host reviews.example.com --destination reviews \\
    --gateway istio-system/public --gateway mesh --timeout 2s --retries 3 --retry-on 5xx,reset

  # Take everything from a spec, but move the canary to 50%
  meshctl render vs -f reviews.yaml --route v1=50 --route v2=50

  # Write it for GitOps instead of stdout
  meshctl render vs -f reviews.yaml --output-dir ./mesh/";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Name of the VirtualService (default: the spec's `name`)
    #[arg(value_name = "NAME", value_parser = flags::object_name)]
    pub name: Option<String>,

    /// Host the routes apply to (repeatable; default: NAME)
    #[arg(long = "host", value_name = "HOST", value_parser = flags::host)]
    pub hosts: Vec<String>,

    #[command(flatten)]
    pub routing: RouteFlags,

    #[command(flatten)]
    pub common: CommonArgs,
}

/// Routing flags, shared with `render service`.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Routing")]
pub struct RouteFlags {
    /// Service the routes send traffic to (default: the first host)
    #[arg(long, value_name = "HOST", value_parser = flags::host)]
    pub destination: Option<String>,

    /// Service port the routes go to, when the service has several
    #[arg(long, value_name = "PORT", value_parser = flags::port)]
    pub port: Option<u32>,

    /// Gateway to bind to: `NS/NAME`, or `mesh` for sidecars (repeatable)
    #[arg(long = "gateway", value_name = "GATEWAY", value_parser = flags::gateway_ref)]
    pub gateways: Vec<String>,

    /// Weight of a subset, `SUBSET=WEIGHT` (repeatable; the weights must total 100).
    /// Replaces the weights of the spec's last route
    #[arg(long = "route", value_name = "SUBSET=WEIGHT", value_parser = flags::route)]
    pub routes: Vec<(String, i64)>,

    /// Only requests with this header, `NAME=VALUE` (exact match; repeatable).
    /// Applies to the same route as `--route`
    #[arg(long = "match-header", value_name = "NAME=VALUE", value_parser = flags::header)]
    pub match_headers: Vec<(String, String)>,

    /// Request timeout, e.g. `2s`
    #[arg(long, value_name = "DURATION", value_parser = flags::duration)]
    pub timeout: Option<Duration>,

    /// Retry attempts
    #[arg(long, value_name = "N")]
    pub retries: Option<u32>,

    /// Retry conditions, e.g. `5xx,reset,connect-failure`
    #[arg(long, value_name = "CONDITIONS", value_parser = flags::retry_on)]
    pub retry_on: Option<String>,

    /// Timeout of each retry attempt, e.g. `500ms`
    #[arg(long, value_name = "DURATION", value_parser = flags::duration)]
    pub per_try_timeout: Option<Duration>,
}

impl RouteFlags {
    /// Applies the flags over the spec in `draft`.
    pub(super) fn apply(&self, draft: &mut Draft) -> Result<()> {
        let mut marks: Vec<(String, &str)> = Vec::new();
        let spec = &mut draft.spec;
        if let Some(d) = &self.destination {
            spec.destination_host = Some(d.clone());
        }
        if let Some(p) = self.port {
            spec.port = Some(p);
        }
        if !self.gateways.is_empty() {
            spec.gateways = self.gateways.clone();
            marks.push(("gateways".into(), "--gateway"));
        }
        if !self.routes.is_empty() || !self.match_headers.is_empty() {
            if spec.routes.is_empty() {
                spec.routes.push(RouteSpec {
                    name: Some("default".into()),
                    ..RouteSpec::default()
                });
            }
            let last = spec.routes.len() - 1;
            let route = &mut spec.routes[last];
            if !self.routes.is_empty() {
                route.weights = self.routes.iter().cloned().collect();
                marks.push((format!("routes[{last}].weights"), "--route"));
            }
            if !self.match_headers.is_empty() {
                let m = route.matches.get_or_insert_with(Default::default);
                m.headers = self
                    .match_headers
                    .iter()
                    .map(|(k, v)| (k.clone(), StringMatchSpec::exact(v)))
                    .collect();
                marks.push((format!("routes[{last}].match"), "--match-header"));
            }
        }
        for (field, flag) in marks {
            draft.flag(field, flag);
        }
        let spec = &mut draft.spec;
        if let Some(t) = self.timeout {
            spec.timeout = Some(t);
        }
        if self.retries.is_some() || self.retry_on.is_some() || self.per_try_timeout.is_some() {
            let Some(retries) = self
                .retries
                .map(|attempts| RetrySpec {
                    attempts,
                    ..spec.retries.clone().unwrap_or_default()
                })
                .or_else(|| spec.retries.clone())
            else {
                return Err(Error::usage(
                    "`--retry-on` and `--per-try-timeout` need a number of retries",
                )
                .with_hint("add `--retries N`, or set `retries.attempts` in the spec"));
            };
            let retries = RetrySpec {
                retry_on: self.retry_on.clone().or(retries.retry_on),
                per_try_timeout: self.per_try_timeout.or(retries.per_try_timeout),
                ..retries
            };
            spec.retries = Some(retries);
        }
        Ok(())
    }
}

/// Says so when the last route only takes matching requests: the rest get 404.
pub(super) fn warn_without_catch_all(ctx: &Ctx, draft: &Draft) {
    if let Some(last) = draft.spec.routes.last()
        && last.matches.is_some()
    {
        ctx.printer.warn(
            "the last route has a match, so requests that match no route get a 404; add a route without `match` in the spec to catch them",
        );
    }
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let mut draft = Draft::load(&args.common, "virtualservice")?;
    if let Some(name) = &args.name {
        draft.spec.name = name.clone();
    }
    if !args.hosts.is_empty() {
        draft.spec.hosts = args.hosts.clone();
    }
    args.routing.apply(&mut draft)?;
    let parts = Parts {
        virtual_service: true,
        ..Parts::default()
    };
    draft.check(parts)?;
    warn_without_catch_all(ctx, &draft);
    draft.render(ctx, &args.common, parts)
}
