//! `meshctl render httproute NAME --parent GATEWAY|--service SVC --backend SVC=WEIGHT`:
//! a Gateway API HTTPRoute, attached to a Gateway (ingress) or, through GAMMA, to a
//! Service (mesh traffic), splitting requests between Services by weight.

use super::{OutputArgs, flags};
use crate::cmd::Ctx;
use crate::core::duration::Duration;
use crate::core::model::Kind;
use crate::core::render::Options;
use crate::core::render::gateway_api::{
    RouteBackend, RouteIntent, RouteParent, RouteRule, http_route,
};
use crate::core::spec::{ApiVersion, MatchKind, StringMatchSpec};
use crate::{Error, ExitStatus, Result};

const EXAMPLES: &str = "\
Examples:
  # A 90/10 split behind the Gateway `web`, for one host name
  meshctl render httproute reviews --parent web --hostname reviews.example.com \\
    --backend reviews-v1=90 --backend reviews-v2=10 --port 9080

  # GAMMA: mesh traffic sent to the Service `reviews`, testers with a header to v2
  meshctl render httproute reviews-testers --service reviews --port 9080 \\
    --match-header x-tester=yes --backend reviews-v2=100 --timeout 2s";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Name of the HTTPRoute
    #[arg(value_name = "NAME", value_parser = flags::object_name)]
    pub name: String,

    /// Gateway the route attaches to (repeatable)
    #[arg(long = "parent", value_name = "GATEWAY", value_parser = flags::object_name,
          required_unless_present = "service", conflicts_with = "service")]
    pub parents: Vec<String>,

    /// Service the route attaches to, for mesh traffic (GAMMA)
    #[arg(long, value_name = "SERVICE", value_parser = flags::object_name)]
    pub service: Option<String>,

    /// Host name the route answers for (repeatable; Gateway parents only)
    #[arg(long = "hostname", value_name = "HOST", value_parser = flags::host)]
    pub hostnames: Vec<String>,

    /// Backend Service and its weight in percent, `SERVICE=WEIGHT` (repeatable)
    #[arg(long = "backend", value_name = "SERVICE=WEIGHT", value_parser = flags::backend, required = true)]
    pub backends: Vec<(String, i64)>,

    /// Port of the backend Services (and of `--service`)
    #[arg(long, value_name = "PORT", value_parser = flags::port, required = true)]
    pub port: u32,

    /// Only requests with this header, `NAME=VALUE` (repeatable)
    #[arg(long = "match-header", value_name = "NAME=VALUE", value_parser = flags::header)]
    pub match_headers: Vec<(String, String)>,

    /// Only requests whose path starts with this prefix
    #[arg(long, value_name = "PATH", value_parser = flags::path_prefix)]
    pub path_prefix: Option<String>,

    /// Request timeout (`timeouts.request`), e.g. `2s`
    #[arg(long, value_name = "DURATION", value_parser = flags::duration)]
    pub timeout: Option<Duration>,

    #[command(flatten)]
    pub out: OutputArgs,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    super::check_namespace(ctx)?;
    let total: i64 = args.backends.iter().map(|(_, w)| w).sum();
    if total != 100 {
        return Err(Error::usage(format!(
            "the `--backend` weights add up to {total}, not 100"
        ))
        .with_hint(
            "give weights in percent, e.g. `--backend reviews-v1=90 --backend reviews-v2=10`",
        ));
    }
    if args.service.is_some() && !args.hostnames.is_empty() {
        return Err(Error::usage(
            "`--hostname` does not apply to a route attached to a Service (GAMMA)",
        )
        .with_hint("drop `--hostname`; the Service's own name is what callers use"));
    }
    let parents = match &args.service {
        Some(name) => vec![RouteParent::Service {
            name: name.clone(),
            port: Some(args.port),
        }],
        None => args
            .parents
            .iter()
            .map(|name| RouteParent::Gateway {
                name: name.clone(),
                section: None,
            })
            .collect(),
    };
    let route = RouteIntent {
        name: args.name.clone(),
        parents,
        hostnames: args.hostnames.clone(),
        rules: vec![RouteRule {
            path: args.path_prefix.clone().map(|value| StringMatchSpec {
                kind: MatchKind::Prefix,
                value,
            }),
            headers: args
                .match_headers
                .iter()
                .map(|(k, v)| (k.clone(), StringMatchSpec::exact(v.clone())))
                .collect(),
            backends: args
                .backends
                .iter()
                .map(|(service, weight)| RouteBackend {
                    service: service.clone(),
                    port: args.port,
                    weight: u32::try_from(*weight).unwrap_or_default(),
                })
                .collect(),
            timeout: args.timeout,
        }],
        ..RouteIntent::default()
    };
    let options = Options {
        namespace: ctx.namespace_or_default().to_string(),
        api_version: ApiVersion::V1,
    };
    super::render_contexts(
        ctx,
        &args.out,
        &[(Kind::HttpRoute, http_route(&route, &options))],
    )
}
