//! `meshctl gateway delete NAME`: removes the Gateway and the VirtualServices meshctl
//! created for it — found by meshctl's managed-by label and gateway annotation, never
//! by name alone, so a VirtualService someone else wrote is left in place.

use super::GATEWAY_ANNOTATION;
use crate::cmd::Ctx;
use crate::core::store::{self, ISTIO_NETWORKING, ListQuery, ObjectRef};
use crate::{Error, ExitStatus, Result};
use serde_json::Value;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Remove the gateway `shop` and the VirtualService meshctl created for it
  meshctl gateway delete shop -n prod")]
pub struct Args {
    /// Name of the Gateway
    pub name: String,

    /// Succeed even if the Gateway does not exist
    #[arg(long)]
    pub ignore_not_found: bool,
}

/// The VirtualServices meshctl created for gateway `name`.
pub fn created_for<'a>(virtual_services: &'a [Value], name: &str) -> Vec<&'a Value> {
    virtual_services
        .iter()
        .filter(|vs| store::is_managed(vs))
        .filter(|vs| {
            vs.pointer("/metadata/annotations")
                .and_then(|a| a.get(GATEWAY_ANNOTATION))
                .and_then(Value::as_str)
                == Some(name)
        })
        .collect()
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let store = ctx.mesh_store().await?;
    let namespace = ctx.mesh_namespace().await?;
    let gateway = ObjectRef::istio("Gateway", &namespace, &args.name);
    let query = ListQuery {
        namespace: Some(namespace.clone()),
        label_selector: Some(format!(
            "{}={}",
            store::MANAGED_BY_LABEL,
            store::MANAGED_BY_VALUE
        )),
    };
    let listed = store
        .list(ISTIO_NETWORKING, "VirtualService", &query)
        .await?;
    for vs in created_for(&listed, &args.name) {
        let name = vs
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if store
            .delete(&ObjectRef::istio("VirtualService", &namespace, name))
            .await?
        {
            ctx.printer.data(&format!(
                "virtualservice.{ISTIO_NETWORKING} \"{name}\" deleted\n"
            ))?;
        }
    }
    if store.delete(&gateway).await? {
        ctx.printer.data(&format!(
            "gateway.{ISTIO_NETWORKING} \"{}\" deleted\n",
            args.name
        ))?;
    } else if !args.ignore_not_found {
        return Err(Error::not_found(format!("{gateway} not found")).with_hint(
            "check the name and the namespace (`-n`); `meshctl gateway list -A` shows them all",
        ));
    }
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_meshctl_virtual_services_for_this_gateway_are_chosen() {
        let managed = |name: &str, gw: &str| json!({"metadata": {"name": name, "labels": {store::MANAGED_BY_LABEL: "meshctl"}, "annotations": {GATEWAY_ANNOTATION: gw}}});
        let vss = vec![
            managed("shop", "shop"),
            managed("other", "other"),
            json!({"metadata": {"name": "hand-made", "annotations": {GATEWAY_ANNOTATION: "shop"}}}),
            json!({"metadata": {"name": "shop2", "labels": {store::MANAGED_BY_LABEL: "meshctl"}}}),
        ];
        let chosen: Vec<_> = created_for(&vss, "shop")
            .iter()
            .map(|v| v["metadata"]["name"].clone())
            .collect();
        assert_eq!(chosen, [json!("shop")]);
    }
}
