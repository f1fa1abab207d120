//! `meshctl delete`: removes the objects named in files (`-f`), or objects of one kind
//! by name (`meshctl delete vs reviews`). Only what is named is deleted: no selectors,
//! no `--all`.

use super::Ctx;
use super::manifests;
use crate::adapters::kube::{Cluster, ResourceType};
use crate::core::store::ObjectRef;
use crate::{Error, ErrorKind, ExitStatus, Result};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Delete what a file describes
  meshctl delete -f reviews.yaml

  # Delete one VirtualService by name (`vs` is its short name)
  meshctl delete vs reviews -n shop

  # Succeed even if it is already gone
  meshctl delete gateway public --ignore-not-found")]
pub struct Args {
    /// File, directory or `-` (stdin) naming the objects; repeatable
    #[arg(
        short = 'f',
        long = "filename",
        value_name = "FILE|DIR|-",
        conflicts_with = "kind"
    )]
    pub files: Vec<PathBuf>,

    /// The kind: `virtualservice` (`vs`), `gateway` (`gw`), `destinationrule` (`dr`), …
    #[arg(value_name = "KIND", required_unless_present = "files")]
    pub kind: Option<String>,

    /// Names of the objects to delete
    #[arg(value_name = "NAME", requires = "kind")]
    pub names: Vec<String>,

    /// Treat objects that do not exist as deleted
    #[arg(long)]
    pub ignore_not_found: bool,
}

/// One object to delete.
struct Victim<'a> {
    /// `None`: a mesh object on a store without a cluster (the local mesh).
    cluster: Option<&'a Cluster>,
    rt: ResourceType,
    namespace: Option<String>,
    name: String,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let manifests = if args.files.is_empty() {
        Vec::new()
    } else {
        manifests::read(&args.files)?
    };
    let victims = if args.files.is_empty() {
        by_name(ctx, args).await?
    } else {
        from_files(ctx, &manifests).await?
    };
    let mut missing = Vec::new();
    for v in &victims {
        let ns = v.namespace.as_deref();
        let deleted = match v.cluster {
            Some(cluster) => cluster.delete(&v.rt, ns, &v.name, false).await?,
            None => {
                let r = ObjectRef::new(v.rt.group.clone(), v.rt.kind.clone(), ns, &v.name);
                ctx.mesh_store().await?.delete(&r).await?
            }
        };
        if deleted {
            ctx.printer.data(&format!(
                "{} \"{}\" deleted\n",
                v.rt.qualified_kind(),
                v.name
            ))?;
        } else if !args.ignore_not_found {
            missing.push(match ns {
                Some(ns) => format!("{} `{ns}/{}`", v.rt.kind, v.name),
                None => format!("{} `{}`", v.rt.kind, v.name),
            });
        }
    }
    if missing.is_empty() {
        return Ok(ExitStatus::Success);
    }
    let message = if missing.len() == 1 {
        format!("{} not found", missing[0])
    } else {
        format!("{} objects not found", missing.len())
    };
    let mut err = Error::new(ErrorKind::NotFound, message)
        .with_hint("check the names and the namespace (`-n`), or pass `--ignore-not-found`");
    if missing.len() > 1 {
        err = err.with_details(missing.iter().map(|m| format!("{m} not found")));
    }
    Err(err)
}

async fn by_name<'a>(ctx: &'a Ctx, args: &Args) -> Result<Vec<Victim<'a>>> {
    let kind = args.kind.as_deref().unwrap_or_default();
    if args.names.is_empty() {
        return Err(
            Error::usage(format!("name the `{kind}` objects to delete")).with_hint(format!(
                "e.g. `meshctl delete {kind} NAME`, or `meshctl delete -f FILE`"
            )),
        );
    }
    // Istio kinds live on the mesh control plane; try it first.
    let Some(mesh) = ctx.mesh_cluster().await? else {
        // A mesh store without a cluster holds only Istio's traffic kinds.
        let rt = istio_kind(kind)?;
        let namespace = ctx.mesh_namespace().await?;
        return Ok(args
            .names
            .iter()
            .map(|name| Victim {
                cluster: None,
                namespace: Some(namespace.clone()),
                rt: rt.clone(),
                name: name.clone(),
            })
            .collect());
    };
    let (cluster, rt, namespace) = match mesh.resolve_name(kind).await {
        Ok(rt) if manifests::is_mesh_group(&rt.group) => (mesh, rt, ctx.mesh_namespace().await?),
        first => {
            let workload = ctx.workload().await?.as_ref();
            match workload.resolve_name(kind).await {
                Ok(rt) => (workload, rt, ctx.workload_namespace().await?),
                Err(err) => return Err(first.err().unwrap_or(err)),
            }
        }
    };
    Ok(args
        .names
        .iter()
        .map(|name| Victim {
            cluster: Some(cluster),
            namespace: rt.namespaced.then(|| namespace.clone()),
            rt: rt.clone(),
            name: name.clone(),
        })
        .collect())
}

/// `vs`, `virtualservice(s)`, `VirtualService`… → the Istio kind, for the local mesh.
fn istio_kind(name: &str) -> Result<ResourceType> {
    let lower = name.to_lowercase();
    let lower = lower.strip_suffix(".networking.istio.io").unwrap_or(&lower);
    let kind = match lower {
        "vs" | "virtualservice" | "virtualservices" => "VirtualService",
        "dr" | "destinationrule" | "destinationrules" => "DestinationRule",
        "gw" | "gateway" | "gateways" => "Gateway",
        "se" | "serviceentry" | "serviceentries" => "ServiceEntry",
        _ => {
            return Err(
                Error::usage(format!("the local mesh has no kind `{name}`")).with_hint(
                    "it holds `virtualservice`, `destinationrule`, `gateway` and `serviceentry`",
                ),
            );
        }
    };
    Ok(ResourceType {
        group: crate::core::store::ISTIO_NETWORKING.to_string(),
        version: "v1".to_string(),
        kind: kind.to_string(),
        plural: format!("{}s", kind.to_lowercase()),
        singular: kind.to_lowercase(),
        short_names: Vec::new(),
        namespaced: true,
    })
}

async fn from_files<'a>(
    ctx: &'a Ctx,
    manifests: &'a [manifests::Manifest],
) -> Result<Vec<Victim<'a>>> {
    let targets = manifests::resolve(ctx, manifests).await?;
    Ok(targets
        .into_iter()
        .map(|t| Victim {
            cluster: t.cluster,
            namespace: t.namespace().map(str::to_string),
            name: t.manifest.name().to_string(),
            rt: t.rt,
        })
        .collect())
}
