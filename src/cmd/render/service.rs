//! `meshctl render service -f SPEC`: everything one service needs (Gateway,
//! VirtualService, DestinationRule, ServiceEntries) in one stream or directory — or,
//! with `api: gateway-api` in the spec, a Gateway API Gateway and HTTPRoute.

use super::destinationrule::PolicyFlags;
use super::virtualservice::{RouteFlags, warn_without_catch_all};
use super::{CommonArgs, Draft, flags};
use crate::cmd::Ctx;
use crate::core::model::Kind;
use crate::core::render::context;
use crate::core::render::gateway_api::{self, DEFAULT_GATEWAY_CLASS};
use crate::core::spec::{Parts, TargetApi};
use crate::{Error, ExitStatus, Result};

const EXAMPLES: &str = "\
Examples:
  # Everything the spec describes, to stdout
  meshctl render service -f reviews.yaml

  # One file per object, for a GitOps repository
  meshctl render service -f reviews.yaml -n shop --output-dir ./mesh/shop/

  # The next canary step: same spec, new weights
  meshctl render service -f reviews.yaml --route v1=75 --route v2=25

  # With your own templates (see `meshctl templates export`)
  meshctl --templates ./my-templates render service -f reviews.yaml";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Name of the service (default: the spec's `name`)
    #[arg(value_name = "NAME", value_parser = flags::object_name)]
    pub name: Option<String>,

    /// Host the routes apply to (repeatable; default: NAME)
    #[arg(long = "host", value_name = "HOST", value_parser = flags::host)]
    pub hosts: Vec<String>,

    #[command(flatten)]
    pub routing: RouteFlags,

    #[command(flatten)]
    pub policy: PolicyFlags,

    #[command(flatten)]
    pub common: CommonArgs,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    if args.common.spec.is_none() && args.name.is_none() {
        return Err(Error::usage("`render service` needs a spec file or a NAME")
            .with_hint("pass `-f SPEC` (see docs/service-spec.md), e.g. `meshctl render service -f reviews.yaml`"));
    }
    let mut draft = Draft::load(&args.common, "service")?;
    if let Some(name) = &args.name {
        draft.spec.name = name.clone();
    }
    if !args.hosts.is_empty() {
        draft.spec.hosts = args.hosts.clone();
    }
    args.routing.apply(&mut draft)?;
    args.policy.apply(&mut draft);
    let parts = Parts::all_of(&draft.spec);
    if draft.spec.api == Some(TargetApi::GatewayApi) {
        return render_gateway_api(ctx, &args.common, &draft);
    }
    draft.check(parts)?;
    warn_without_catch_all(ctx, &draft);
    draft.render(ctx, &args.common, parts)
}

/// `api: gateway-api`: the Gateway (with its redirect route) and the HTTPRoute in the
/// Gateway API; egress stays Istio ServiceEntries, which the Gateway API has no word for.
fn render_gateway_api(ctx: &Ctx, common: &CommonArgs, draft: &Draft) -> Result<ExitStatus> {
    common.refuse_istio_version()?;
    let parts = Parts {
        virtual_service: true,
        gateway: draft.spec.gateway.is_some(),
        egress: !draft.spec.egress.is_empty(),
        destination_rule: false,
    };
    super::check_namespace(ctx)?;
    draft.check(parts)?;
    let options = draft.options(ctx, common);
    let spec = draft.spec.in_namespace(&options.namespace);
    let mut contexts = Vec::new();
    if parts.gateway {
        let (gateway, redirect) = gateway_api::gateway(&spec, &options, DEFAULT_GATEWAY_CLASS)?;
        contexts.push((Kind::ApiGateway, gateway));
        contexts.extend(redirect.map(|r| (Kind::HttpRoute, r)));
    }
    let route = gateway_api::service_route(&spec);
    contexts.push((Kind::HttpRoute, gateway_api::http_route(&route, &options)));
    for egress in &spec.egress {
        contexts.push((
            Kind::ServiceEntry,
            context::service_entry(&spec, egress, &options),
        ));
    }
    super::render_contexts(ctx, &common.out, &contexts)
}
