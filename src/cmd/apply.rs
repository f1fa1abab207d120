//! `meshctl apply -f …`: creates or updates objects with server-side apply (field
//! manager `meshctl`). Istio objects are validated against Istio's schemas first, and
//! every object's type is resolved before anything is written, so a bad file or a
//! missing CRD changes nothing.

use super::Ctx;
use super::manifests::{self, Target};
use crate::core::store::{self, ApplyOptions, ApplyOutcome};
use crate::output::OutputFormat;
use crate::{Error, ExitStatus, Result};
use serde_json::Value;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DryRun {
    // Plain comments, not docs: documented values would turn `--help` into the long form.
    // Apply for real (the default).
    None,
    // Read the live objects, write nothing; the outcome is judged on this side.
    Client,
    // The server runs the whole apply and returns the result without saving it.
    Server,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Apply every file in a directory
  meshctl apply -f ./mesh/

  # See what the server would do, without changing anything
  meshctl apply -f reviews.yaml --dry-run=server

  # Take over fields another tool manages
  meshctl apply -f reviews.yaml --force-conflicts

  # Apply from stdin and print the results as YAML
  meshctl render virtualservice reviews --host reviews --route v1=100 | meshctl apply -f - -o yaml")]
pub struct Args {
    /// File, directory or `-` (stdin) with the objects; repeatable
    #[arg(
        short = 'f',
        long = "filename",
        value_name = "FILE|DIR|-",
        required = true
    )]
    pub files: Vec<PathBuf>,

    /// `client`: write nothing; `server`: the server checks and computes without saving
    #[arg(long, value_enum, value_name = "MODE", num_args = 0..=1, require_equals = true, default_missing_value = "client")]
    pub dry_run: Option<DryRun>,

    /// Take over fields that another field manager owns instead of failing
    #[arg(long)]
    pub force_conflicts: bool,

    /// Print the resulting objects as `json` or `yaml` instead of one line each
    #[arg(short = 'o', long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    if matches!(args.output, Some(OutputFormat::Table | OutputFormat::Wide)) {
        return Err(
            Error::usage("`apply` does not support `-o table` or `-o wide`")
                .with_hint("use `-o json` or `-o yaml`, or leave `-o` out for one line per object"),
        );
    }
    let dry_run = args.dry_run.filter(|d| *d != DryRun::None);
    let manifests = manifests::read(&args.files)?;
    manifests::validate(&manifests, "applied")?;
    let targets = manifests::resolve(ctx, &manifests).await?;

    let suffix = match dry_run {
        Some(DryRun::Client) => " (dry run)",
        Some(DryRun::Server) => " (server dry run)",
        _ => "",
    };
    let mut results = Vec::new();
    for (i, target) in targets.iter().enumerate() {
        match apply_one(target, dry_run, args.force_conflicts).await {
            Ok((outcome, object)) => {
                if args.output.is_none() {
                    ctx.printer.data(&format!(
                        "{} {}{suffix}\n",
                        target.display(),
                        outcome.as_str()
                    ))?;
                }
                results.push(object);
            }
            Err(err) => return Err(partial_failure(err, &targets, i, dry_run.is_some())),
        }
    }
    match args.output {
        Some(OutputFormat::Json) => ctx.printer.data(&format!(
            "{}\n",
            serde_json::to_string_pretty(&manifests::as_list(results))?
        ))?,
        Some(OutputFormat::Yaml) => ctx
            .printer
            .data(&crate::core::yaml::to_yaml_stream(&results))?,
        _ => {}
    }
    Ok(ExitStatus::Success)
}

async fn apply_one(
    target: &Target<'_>,
    dry_run: Option<DryRun>,
    force: bool,
) -> Result<(ApplyOutcome, Value)> {
    if dry_run == Some(DryRun::Client) {
        // Nothing is sent but a read: judge the outcome from the live object.
        let outcome = match &target.live().await? {
            None => ApplyOutcome::Created,
            Some(live) if store::contains(live, &target.object) => ApplyOutcome::Unchanged,
            Some(_) => ApplyOutcome::Configured,
        };
        return Ok((outcome, target.object.clone()));
    }
    let options = ApplyOptions {
        dry_run: dry_run == Some(DryRun::Server),
        force_conflicts: force,
    };
    let applied = target.apply(options).await?;
    Ok((applied.outcome, applied.object))
}

/// When object `failed` fails, says which objects were applied and which were not.
fn partial_failure(err: Error, targets: &[Target<'_>], failed: usize, dry_run: bool) -> Error {
    let err = manifests::located(err, targets[failed].manifest);
    if targets.len() == 1 || dry_run {
        return err;
    }
    let names = |ts: &[Target<'_>]| {
        if ts.is_empty() {
            "none".to_string()
        } else {
            ts.iter()
                .map(|t| format!("`{}`", t.display()))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    err.with_detail(format!(
        "applied before the failure: {}",
        names(&targets[..failed])
    ))
    .with_detail(format!("not applied: {}", names(&targets[failed..])))
}
