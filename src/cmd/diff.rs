//! `meshctl diff -f …`: what `apply` would change, as a unified diff of YAML. The
//! server computes the result (a server-side dry-run apply), so defaults, other
//! managers' fields and admission changes show as they would really be; the server's
//! bookkeeping (managed fields, resource version, generation, uid, timestamps) is left
//! out.
//!
//! Exit codes follow `kubectl diff`, not the rest of meshctl: 0 no differences,
//! 1 differences, 2 or more an error (79 for schema findings).

use super::Ctx;
use super::manifests::{self, Target};
use crate::cli::flags::FileArgs;
use crate::core::store;
use crate::core::yaml::to_yaml;
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(mut_arg("files", |a| a.required(true)))]
#[command(after_help = "\
Examples:
  # Show what applying a directory would change
  meshctl diff -f ./mesh/

  # In CI: fail the job when the cluster drifted from the files
  meshctl diff -f ./mesh/ > drift.diff || echo \"drift or error: $?\"

Exit status: 0 no differences, 1 differences found, 2 or more an error (79 when an
Istio object is not valid against Istio's schemas).")]
pub struct Args {
    #[command(flatten)]
    pub files: FileArgs,

    /// Compute the result as if fields owned by other managers were taken over
    #[arg(long)]
    pub force_conflicts: bool,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    match differences(ctx, args).await {
        Ok(false) => Ok(ExitStatus::Success),
        Ok(true) => Ok(ExitStatus::Failure),
        Err(err) => {
            let status = ctx.printer.report(&err);
            // 1 means "differences" for diff; every error exits 2 or more.
            Ok(if status == ExitStatus::Failure {
                ExitStatus::Usage
            } else {
                status
            })
        }
    }
}

/// Prints the diff of every object that would change; `true` when any would.
async fn differences(ctx: &Ctx, args: &Args) -> Result<bool> {
    let manifests = manifests::read(&args.files)?;
    manifests::validate(&manifests, "compared")?;
    let targets = manifests::resolve(ctx, &manifests).await?;
    let mut any = false;
    for target in &targets {
        let text = diff_one(target, args.force_conflicts)
            .await
            .map_err(|e| manifests::located(e, target.manifest))?;
        if !text.is_empty() {
            any = true;
            ctx.printer.data(&text)?;
        }
    }
    Ok(any)
}

async fn diff_one(target: &Target<'_>, force: bool) -> Result<String> {
    let live = target.live().await?;
    let merged = target.merged(force).await?;
    let path = match target.namespace() {
        Some(ns) => format!(
            "{}/{ns}/{}",
            target.ty.qualified_kind(),
            target.manifest.name()
        ),
        None => format!("{}/{}", target.ty.qualified_kind(), target.manifest.name()),
    };
    Ok(unified(
        live.as_ref().map(store::without_server_fields).as_ref(),
        &store::without_server_fields(&merged),
        &path,
    ))
}

/// The unified diff between the live object (if any) and the merged one; empty when
/// they are the same.
pub fn unified(live: Option<&serde_json::Value>, merged: &serde_json::Value, path: &str) -> String {
    let old = live.map(to_yaml).unwrap_or_default();
    let new = to_yaml(merged);
    if old == new {
        return String::new();
    }
    let diff = similar::TextDiff::from_lines(&old, &new);
    let mut out = format!("diff -u live/{path} merged/{path}\n");
    out.push_str(
        &diff
            .unified_diff()
            .context_radius(3)
            .header(&format!("live/{path}"), &format!("merged/{path}"))
            .to_string(),
    );
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn same_objects_give_no_diff() {
        let v = json!({"a": 1});
        assert_eq!(unified(Some(&v), &v, "x/y"), "");
    }

    #[test]
    fn changes_show_as_a_unified_diff() {
        let live = json!({"spec": {"weight": 90, "host": "a"}});
        let merged = json!({"spec": {"weight": 80, "host": "a"}});
        assert_eq!(
            unified(
                Some(&live),
                &merged,
                "virtualservice.networking.istio.io/shop/r"
            ),
            "diff -u live/virtualservice.networking.istio.io/shop/r merged/virtualservice.networking.istio.io/shop/r\n\
             --- live/virtualservice.networking.istio.io/shop/r\n\
             +++ merged/virtualservice.networking.istio.io/shop/r\n\
             @@ -1,3 +1,3 @@\n \
             spec:\n\
             -  weight: 90\n\
             +  weight: 80\n   \
             host: a\n"
        );
    }

    #[test]
    fn a_new_object_is_all_additions() {
        let text = unified(None, &json!({"a": 1}), "configmap/shop/x");
        assert!(text.contains("+a: 1\n"), "{text}");
    }
}
