//! The guarded edit `policy set` and `fault` share: find the service's VirtualService
//! or DestinationRule (or, through the workload cluster, its HTTPRoute), change only
//! the named fields inside `MeshStore::update` (so a concurrent writer's fields survive
//! and a conflict re-runs the edit on a fresh read), validate the result against the
//! schemas (Istio's and the Gateway API's) before anything is written, and with
//! `--dry-run` show the unified diff instead.

use crate::cli::flags::{DryRun, DryRunArgs};
use crate::cmd::Ctx;
use crate::cmd::diff::unified;
use crate::core::model::{DestinationRule, VirtualService};
use crate::core::schema::Catalog;
use crate::core::service;
use crate::core::store::{self, ISTIO_NETWORKING, ListQuery, MeshStore, ObjectRef};
use crate::{Error, Result};
use serde_json::Value;

/// Whether a listed VirtualService or DestinationRule is for `service` in `namespace`:
/// a host of it names the service in any form ([`crate::core::host`]).
pub fn is_for(object: &Value, service: &str, namespace: &str) -> bool {
    match object.get("kind").and_then(Value::as_str) {
        Some("DestinationRule") => DestinationRule::read(object)
            .is_ok_and(|dr| service::rule_is_for_service(&dr, service, namespace)),
        _ => VirtualService::read(object)
            .is_ok_and(|vs| service::is_for_service(&vs, service, namespace)),
    }
}

/// The `kind` object for `service` in `namespace`: the one named like the service,
/// else the only one whose host names it. `None` when there is none.
pub async fn find(
    store: &dyn MeshStore,
    kind: &str,
    namespace: &str,
    service: &str,
) -> Result<Option<ObjectRef>> {
    let by_name = ObjectRef::istio(kind, namespace, service);
    if store.get(&by_name).await?.is_some() {
        return Ok(Some(by_name));
    }
    let query = ListQuery {
        namespace: Some(namespace.to_string()),
        label_selector: None,
    };
    let listed = store.list(ISTIO_NETWORKING, kind, &query).await?;
    let mut found: Vec<ObjectRef> = listed
        .iter()
        .filter(|o| is_for(o, service, namespace))
        .filter_map(ObjectRef::of)
        .collect();
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.pop()),
        _ => Err(Error::usage(format!(
            "more than one {kind} in namespace `{namespace}` is for `{service}`"
        ))
        .with_details(found.iter().map(|r| r.to_string()))
        .with_hint(format!(
            "name the object instead of the service, e.g. `{}`",
            found[0].name
        ))),
    }
}

/// `find`, failing with a hint when the object does not exist.
pub async fn require(
    store: &dyn MeshStore,
    kind: &str,
    namespace: &str,
    service: &str,
    hint: &str,
) -> Result<ObjectRef> {
    find(store, kind, namespace, service).await?.ok_or_else(|| {
        Error::not_found(format!(
            "no {kind} for `{service}` in namespace `{namespace}`"
        ))
        .with_hint(hint.to_string())
    })
}

/// Schema findings as an error naming the object; nothing has been written.
fn check(object: &Value, target: &ObjectRef) -> Result<()> {
    let violations = Catalog::builtin().validate(object);
    if violations.is_empty() {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "the changed {target} would not be valid against its schema; nothing was written"
    ))
    .with_details(
        violations
            .iter()
            .map(|v| format!("{}: {}", v.path, v.message)),
    )
    .with_hint("check the flag values"))
}

/// `virtualservice.networking.istio.io/NAME`, as `apply` prints it.
fn qualified(target: &ObjectRef) -> String {
    format!(
        "{}.{}/{}",
        target.kind.to_lowercase(),
        target.group,
        target.name
    )
}

/// What a dry run shows: the diff from `live` to `changed` (the server's answer for
/// `--dry-run=server`), or that nothing would change.
pub fn show_dry_run(
    ctx: &Ctx,
    target: &ObjectRef,
    live: &Value,
    changed: &Value,
    dry_run: DryRunArgs,
) -> Result<()> {
    let path = format!(
        "{}.{}/{}/{}",
        target.kind.to_lowercase(),
        target.group,
        target.namespace.as_deref().unwrap_or_default(),
        target.name
    );
    let text = unified(
        Some(&store::without_server_fields(live)),
        &store::without_server_fields(changed),
        &path,
    );
    if text.is_empty() {
        ctx.printer.info(&format!(
            "{} unchanged{}",
            qualified(target),
            dry_run.suffix()
        ));
    } else {
        ctx.printer.data(&text)?;
    }
    Ok(())
}

/// Runs `change` on the object under the store's precondition-guarded update and
/// reports `configured` or `unchanged`. A dry run writes nothing and prints the diff
/// instead: of the change as computed here (`client`), or of the server's answer to
/// the update (`server`: defaults and validation included).
pub async fn edit(
    ctx: &Ctx,
    store: &dyn MeshStore,
    target: &ObjectRef,
    dry_run: DryRunArgs,
    change: &(dyn Fn(&mut Value) -> std::result::Result<(), String> + Sync),
) -> Result<()> {
    let refuse = |reason: String| {
        let hint = if target.kind == "HTTPRoute" {
            "`meshctl policy show SERVICE --api gateway-api` lists the HTTPRoute's rules"
        } else {
            "`meshctl policy show` shows the routes and policies there are"
        };
        Error::usage(format!("cannot change {target}: {reason}")).with_hint(hint)
    };
    if !dry_run.writes() {
        let live = store
            .get(target)
            .await?
            .ok_or_else(|| Error::not_found(format!("{target} not found")))?;
        let mut changed = live.clone();
        change(&mut changed).map_err(refuse)?;
        check(&changed, target)?;
        if dry_run.dry_run == DryRun::Server {
            changed = store.replace_dry_run(&changed).await?;
        }
        return show_dry_run(ctx, target, &live, &changed, dry_run);
    }
    let mut changed = false;
    let mut guarded = |object: &mut Value| -> Result<()> {
        let before = object.clone();
        change(object).map_err(refuse)?;
        check(object, target)?;
        changed = before != *object;
        Ok(())
    };
    store.update(target, &mut guarded).await?;
    let outcome = if changed { "configured" } else { "unchanged" };
    ctx.printer
        .data(&format!("{} {outcome}\n", qualified(target)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hosts_match_the_short_name_and_longer_forms_only() {
        let vs = |host: &str| json!({"kind": "VirtualService", "metadata": {"namespace": "shop"}, "spec": {"hosts": [host]}});
        assert!(is_for(&vs("reviews"), "reviews", "shop"));
        assert!(is_for(
            &vs("reviews.shop.svc.cluster.local"),
            "reviews",
            "shop"
        ));
        assert!(!is_for(&vs("reviews2"), "reviews", "shop"));
        assert!(!is_for(&vs("ratings"), "reviews", "shop"));
        let dr = json!({"kind": "DestinationRule", "metadata": {"namespace": "shop"}, "spec": {"host": "reviews.shop"}});
        assert!(is_for(&dr, "reviews", "shop"));
    }
}
