//! `meshctl policy show SERVICE`: the timeouts, retries and faults of the service's
//! HTTP routes and its DestinationRule's traffic policy.

use super::edit;
use super::gateway_api::{self, ApiArgs};
use crate::cli::flags::OutputArgs;
use crate::cmd::Ctx;
use crate::core::policy::summary;
use crate::core::view::{Document, Plain, View, names_in};
use crate::{Error, ExitStatus, Result};
use serde_json::Value;

/// The summary for people and scripts; `-o name` names the objects it was read from.
#[derive(serde::Serialize)]
#[serde(transparent)]
pub(crate) struct PolicyView {
    summary: Value,
    #[serde(skip)]
    objects: Vec<String>,
}

impl PolicyView {
    /// A summary read from `objects` (their `kind/name`s, for `-o name`).
    pub(crate) fn new(summary: Value, objects: Vec<String>) -> Self {
        PolicyView { summary, objects }
    }
}

impl View for PolicyView {
    fn document(&self) -> Document {
        Plain(&self.summary).document()
    }

    fn names(&self) -> Option<Vec<String>> {
        Some(self.objects.clone())
    }
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Timeouts, retries, faults and traffic policy of `reviews`
  meshctl policy show reviews -n shop

  # The same for scripts
  meshctl policy show reviews -o json

  # Each rule's timeouts on the Gateway API HTTPRoute `reviews`
  meshctl policy show reviews --api gateway-api")]
pub struct Args {
    /// The service (its VirtualService / DestinationRule name or host)
    pub service: String,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub api: ApiArgs,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    if args.api.is_gateway_api() {
        return gateway_api::show(ctx, &args.service, &args.output).await;
    }
    let store = ctx.mesh_store().await?;
    let namespace = ctx.mesh_namespace().await?;
    let mut objects = Vec::new();
    for kind in ["VirtualService", "DestinationRule"] {
        let object = match edit::find(store, kind, &namespace, &args.service).await? {
            Some(target) => store.get(&target).await?,
            None => None,
        };
        objects.push(object);
    }
    if objects.iter().all(Option::is_none) {
        return Err(Error::not_found(format!(
            "no VirtualService or DestinationRule for `{}` in namespace `{namespace}`",
            args.service
        ))
        .with_hint("check the name and the namespace (`-n`); a Gateway API HTTPRoute's timeouts are shown with `--api gateway-api`"));
    }
    let view = PolicyView {
        summary: summary(objects[0].as_ref(), objects[1].as_ref()),
        objects: objects.iter().flatten().flat_map(names_in).collect(),
    };
    ctx.printer.show_as(&view, &args.output)?;
    Ok(ExitStatus::Success)
}
