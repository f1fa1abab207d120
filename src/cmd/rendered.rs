//! Writing objects a command rendered itself (`gateway create`, `egress allow`), with
//! `--dry-run` meaning what it means everywhere: `client` prints the objects and
//! contacts nothing, `server` has the API server apply them without saving and says
//! what that would do, `none` applies them (server-side apply, field manager `meshctl`).

use super::Ctx;
use crate::cli::flags::{DryRun, DryRunArgs};
use crate::core::store::{self, ApplyOptions, MeshStore, ObjectRef};
use crate::{ExitStatus, Result};
use serde_json::Value;

/// Applies `objects` to the mesh store in order (or dry-runs them) and prints one
/// line per object.
pub async fn write(
    ctx: &Ctx,
    objects: &[Value],
    namespace: &str,
    dry_run: DryRunArgs,
) -> Result<ExitStatus> {
    if dry_run.dry_run == DryRun::Client {
        return print(ctx, objects);
    }
    write_to(ctx, ctx.mesh_store().await?, objects, namespace, dry_run).await
}

/// A client dry run: the objects, as YAML.
pub fn print(ctx: &Ctx, objects: &[Value]) -> Result<ExitStatus> {
    ctx.printer
        .data(&crate::core::yaml::to_yaml_stream(objects.iter()))?;
    Ok(ExitStatus::Success)
}

/// [`write`] to `store` (the workload cluster, say).
pub async fn write_to(
    ctx: &Ctx,
    store: &dyn MeshStore,
    objects: &[Value],
    namespace: &str,
    dry_run: DryRunArgs,
) -> Result<ExitStatus> {
    if dry_run.dry_run == DryRun::Client {
        return print(ctx, objects);
    }
    let options = ApplyOptions {
        dry_run: dry_run.dry_run == DryRun::Server,
        ..ApplyOptions::default()
    };
    for object in objects {
        let r = ObjectRef::of(object).expect("rendered objects are named");
        let api_version = object["apiVersion"].as_str().unwrap_or_default();
        let ty = store.resolve(api_version, &r.kind).await?;
        let prepared = store::prepare(&ty, object, namespace)?;
        let applied = store.apply(&prepared, options).await?;
        ctx.printer.data(&format!(
            "{}/{} {}{}\n",
            ty.qualified_kind(),
            r.name,
            applied.outcome.as_str(),
            dry_run.suffix()
        ))?;
    }
    Ok(ExitStatus::Success)
}

/// The namespace to render into: a client dry run reads no kubeconfig (`-n`, else
/// `default`); everything else asks the mesh store.
pub async fn namespace(ctx: &Ctx, dry_run: DryRunArgs) -> Result<String> {
    if dry_run.dry_run == DryRun::Client {
        Ok(ctx.namespace_or_default().to_string())
    } else {
        ctx.mesh_namespace().await
    }
}
