//! `meshctl render service -f SPEC`: everything one service needs (Gateway,
//! VirtualService, DestinationRule, ServiceEntries) in one stream or directory.

use super::destinationrule::PolicyFlags;
use super::virtualservice::{RouteFlags, warn_without_catch_all};
use super::{CommonArgs, Draft, flags};
use crate::cmd::Ctx;
use crate::core::spec::Parts;
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
    draft.check(parts)?;
    warn_without_catch_all(ctx, &draft);
    draft.render(ctx, &args.common, parts)
}
