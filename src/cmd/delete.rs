//! `meshctl delete`: removes the objects named in files (`-f`), or objects of one kind
//! by name (`meshctl delete vs reviews`). Only what is named is deleted: no selectors,
//! no `--all`.

use super::Ctx;
use super::manifests::{self, Destination};
use crate::cli::flags::{DryRunArgs, FileArgs};
use crate::core::store::ObjectType;
use crate::{Error, ErrorKind, ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Delete what a file describes
  meshctl delete -f reviews.yaml

  # Delete one VirtualService by name (`vs` is its short name)
  meshctl delete vs reviews -n shop

  # See what would be deleted, deleting nothing (the server checks it)
  meshctl delete -f ./mesh/ --dry-run=server

  # Succeed even if it is already gone
  meshctl delete gateway public --ignore-not-found")]
pub struct Args {
    #[command(flatten)]
    pub files: FileArgs,

    #[command(flatten)]
    pub dry_run: DryRunArgs,

    /// The kind: `virtualservice` (`vs`), `gateway` (`gw`), `destinationrule` (`dr`), …
    #[arg(
        value_name = "KIND",
        required_unless_present = "files",
        conflicts_with = "files"
    )]
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
    destination: Destination<'a>,
    ty: ObjectType,
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
        if v.destination
            .delete(&v.ty, ns, &v.name, args.dry_run.dry_run)
            .await?
        {
            ctx.printer.data(&format!(
                "{} \"{}\" deleted{}\n",
                v.ty.qualified_kind(),
                v.name,
                args.dry_run.suffix()
            ))?;
        } else if !args.ignore_not_found {
            missing.push(match ns {
                Some(ns) => format!("{} `{ns}/{}`", v.ty.kind, v.name),
                None => format!("{} `{}`", v.ty.kind, v.name),
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
    // Istio kinds live in the mesh store; ask it first, then the workload cluster.
    let store = ctx.mesh_store().await?;
    let (destination, ty, namespace) = match store.resolve_name(kind).await {
        Ok(ty) if manifests::is_mesh_group(&ty.group) => {
            (Destination::Mesh(store), ty, ctx.mesh_namespace().await?)
        }
        first => {
            // The mesh store's answer explains a failure best (the local mesh names
            // the kinds it holds); the workload's only when the store found nothing.
            // On the local mesh: its Gateway API kinds, refusing the rest by name.
            let workload = match ctx.cluster().await {
                Ok(workload) => workload,
                Err(err) => return Err(first.err().unwrap_or(err)),
            };
            match workload.resolve_name(kind).await {
                Ok(ty) => (
                    Destination::Workload(workload),
                    ty,
                    ctx.workload_namespace().await?,
                ),
                Err(err) => return Err(first.err().unwrap_or(err)),
            }
        }
    };
    Ok(args
        .names
        .iter()
        .map(|name| Victim {
            destination: destination.clone(),
            namespace: ty.namespaced.then(|| namespace.clone()),
            ty: ty.clone(),
            name: name.clone(),
        })
        .collect())
}

async fn from_files<'a>(
    ctx: &'a Ctx,
    manifests: &'a [manifests::Manifest],
) -> Result<Vec<Victim<'a>>> {
    let targets = manifests::resolve(ctx, manifests).await?;
    Ok(targets
        .into_iter()
        .map(|t| Victim {
            namespace: t.namespace().map(str::to_string),
            name: t.manifest.name().to_string(),
            destination: t.destination,
            ty: t.ty,
        })
        .collect())
}
