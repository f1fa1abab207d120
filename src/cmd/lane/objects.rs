//! What every `lane` verb shares: finding a group on its ingress object, checking the
//! rendered objects against Istio's schemas before anything is written, and writing
//! them in order — removing what this run created when a later write fails, so a
//! failed command does not leave half a group behind.

use crate::cli::flags::{DryRun, DryRunArgs};
use crate::cmd::{Ctx, rendered};
use crate::core::lane::model::{GROUP_LABEL, LaneGroup};
use crate::core::lane::render::ASM_API_VERSION;
use crate::core::schema::Catalog;
use crate::core::store::{
    self, ApplyOptions, ApplyOutcome, ISTIO_NETWORKING, ListQuery, MeshStore, ObjectRef,
};
use crate::{Error, Result};
use serde_json::Value;

/// The selector of every object meshctl wrote for group `name`.
pub fn selector(name: &str) -> String {
    format!(
        "{GROUP_LABEL}={name},{}={}",
        store::MANAGED_BY_LABEL,
        store::MANAGED_BY_VALUE
    )
}

/// The group `name` in `namespace` and its ingress object as stored.
pub async fn load(
    store: &dyn MeshStore,
    namespace: &str,
    name: &str,
) -> Result<(LaneGroup, Value)> {
    let query = ListQuery {
        namespace: Some(namespace.to_string()),
        label_selector: Some(selector(name)),
    };
    for object in store
        .list(ISTIO_NETWORKING, "VirtualService", &query)
        .await?
    {
        if let Some(mut group) = LaneGroup::from_object(&object)?
            && group.name == name
        {
            // Where the group lives is where its objects are, whatever the annotation
            // says (objects copied to another namespace keep their annotation).
            group.namespace = namespace.to_string();
            return Ok((group, object));
        }
    }
    Err(
        Error::not_found(format!("no lane group `{name}` in namespace `{namespace}`")).with_hint(
            "`meshctl lane list -A` shows the groups; create one with `meshctl lane group create`",
        ),
    )
}

/// Refuses objects Istio's schemas (and webhook rules) reject: nothing is written.
pub fn check(group: &LaneGroup, objects: &[Value]) -> Result<()> {
    let mut findings = Vec::new();
    for object in objects {
        for v in Catalog::builtin().validate(object) {
            findings.push(format!(
                "{} {}: {}: {}",
                object["kind"].as_str().unwrap_or_default(),
                object["metadata"]["name"].as_str().unwrap_or_default(),
                v.path,
                v.message
            ));
        }
    }
    if findings.is_empty() {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "the objects of lane group `{}` are not valid against Istio's schemas; nothing was written",
        group.name
    ))
    .with_details(findings)
    .with_hint("check `--service`, `--host` and `--ingress-gateway`"))
}

/// Writes `objects` in order (or dry-runs them), one line per object as `apply` does.
/// When a write fails, deletes what this run created and says so in the error.
pub async fn write(
    ctx: &Ctx,
    objects: &[Value],
    namespace: &str,
    dry_run: DryRunArgs,
) -> Result<()> {
    if dry_run.dry_run == DryRun::Client {
        rendered::print(ctx, objects)?;
        return Ok(());
    }
    let store = ctx.mesh_store().await?;
    let options = ApplyOptions {
        dry_run: dry_run.dry_run == DryRun::Server,
        ..ApplyOptions::default()
    };
    let mut created: Vec<ObjectRef> = Vec::new();
    for object in objects {
        match apply_one(store, object, namespace, options).await {
            Ok((qualified, name, outcome, r)) => {
                ctx.printer.data(&format!(
                    "{qualified}/{name} {}{}\n",
                    outcome.as_str(),
                    dry_run.suffix()
                ))?;
                if outcome == ApplyOutcome::Created && !options.dry_run {
                    created.push(r);
                }
            }
            Err(err) => return Err(undo(store, created, err).await),
        }
    }
    Ok(())
}

async fn apply_one(
    store: &dyn MeshStore,
    object: &Value,
    namespace: &str,
    options: ApplyOptions,
) -> Result<(String, String, ApplyOutcome, ObjectRef)> {
    let kind = object["kind"].as_str().unwrap_or_default();
    let api_version = object["apiVersion"].as_str().unwrap_or_default();
    let ty = store
        .resolve(api_version, kind)
        .await
        .map_err(|e| missing_kind(e, api_version, kind))?;
    let prepared = store::prepare(&ty, object, namespace)?;
    let applied = store.apply(&prepared, options).await?;
    let r = ObjectRef::of(&prepared)
        .ok_or_else(|| Error::internal("a rendered object without a name"))?;
    let name = r.name.clone();
    Ok((ty.qualified_kind(), name, applied.outcome, r))
}

/// ASM's kinds exist only where ASM installed them: say that, not the API's words.
fn missing_kind(err: Error, api_version: &str, kind: &str) -> Error {
    if api_version != ASM_API_VERSION {
        return err;
    }
    Error::new(
        err.kind(),
        format!("this cluster has no `{kind}` ({api_version}): ASM's lane kinds exist only on an Alibaba Cloud Service Mesh"),
    )
    .with_detail(err.message().to_string())
    .with_hint("drop `--asm` to write plain Istio objects meshctl owns, or point `--kubeconfig` at the ASM control plane")
}

async fn undo(store: &dyn MeshStore, created: Vec<ObjectRef>, err: Error) -> Error {
    if created.is_empty() {
        return err;
    }
    let mut removed = Vec::new();
    let mut left = Vec::new();
    for r in created.iter().rev() {
        match store.delete(r).await {
            Ok(_) => removed.push(r.to_string()),
            Err(_) => left.push(r.to_string()),
        }
    }
    let mut err = err.with_detail(format!(
        "removed what this command had created: {}",
        removed.join(", ")
    ));
    if !left.is_empty() {
        err = err.with_detail(format!("could not remove: {}", left.join(", ")));
    }
    err.with_hint("objects that existed before were left as the failed write found them; run the command again once the cause is fixed")
}

/// Every object group `name` owns in `namespace`, routes before the rules they use.
pub async fn owned(store: &dyn MeshStore, namespace: &str, name: &str) -> Result<Vec<Value>> {
    let query = ListQuery {
        namespace: Some(namespace.to_string()),
        label_selector: Some(selector(name)),
    };
    let mut out = store
        .list(ISTIO_NETWORKING, "VirtualService", &query)
        .await?;
    out.extend(
        store
            .list(ISTIO_NETWORKING, "DestinationRule", &query)
            .await?,
    );
    Ok(out)
}

/// The verbs that change a group: read it from its ingress object, refuse while a lane
/// shift runs, change it (the core checks every rule), re-render, check, write.
pub async fn rewrite(
    ctx: &Ctx,
    name: &str,
    dry_run: DryRunArgs,
    change: impl FnOnce(&LaneGroup) -> Result<LaneGroup>,
) -> Result<LaneGroup> {
    let store = ctx.mesh_store().await?;
    let namespace = ctx.mesh_namespace().await?;
    let (group, ingress) = load(store, &namespace, name).await?;
    crate::core::lane::edit::no_shift_running(&group, &ingress)?;
    let next = change(&group)?;
    let objects = crate::core::lane::render(&next);
    check(&next, &objects)?;
    write(ctx, &objects, &namespace, dry_run).await?;
    Ok(next)
}
