//! `meshctl apply -f …`: creates or updates objects with server-side apply (field
//! manager `meshctl`). Istio objects are validated against Istio's schemas first, and
//! every object's type is resolved before anything is written, so a bad file or a
//! missing CRD changes nothing.
//!
//! Fast on big files: one list per type and namespace says what exists (names and
//! `resourceVersion`s), then the applies go out side by side (`--concurrency`) over
//! kept-alive connections; the answer's status (`201`) and version say created,
//! configured or unchanged, without reading any object first. Lines print in input
//! order.

use super::Ctx;
use super::manifests::{self, Target};
use crate::cli::flags::{DryRun, DryRunArgs, FileArgs};
use crate::core::store::{self, ApplyOptions, ApplyOutcome};
use crate::core::view::names_in;
use crate::output::OutputFormat;
use crate::output::format::without_managed_fields;
use crate::{Error, ErrorKind, ExitStatus, Result};
use futures::StreamExt;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};

/// Objects in flight at once when `--concurrency` is not given: enough to keep a
/// server busy over kept-alive connections without flooding it.
pub const DEFAULT_CONCURRENCY: u16 = 32;

#[derive(Debug, clap::Args)]
#[command(mut_arg("files", |a| a.required(true)))]
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
    #[command(flatten)]
    pub files: FileArgs,

    #[command(flatten)]
    pub dry_run: DryRunArgs,

    /// Take over fields that another field manager owns instead of failing
    #[arg(long)]
    pub force_conflicts: bool,

    /// Print the resulting objects as `json` or `yaml`, or their names (`name`),
    /// instead of one line each
    #[arg(short = 'o', long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,

    /// Keep `metadata.managedFields` in `-o json|yaml` (hidden by default)
    #[arg(long)]
    pub show_managed_fields: bool,

    /// How many objects to send to the server at once
    #[arg(long, value_name = "N", default_value_t = DEFAULT_CONCURRENCY, value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: u16,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    if matches!(args.output, Some(OutputFormat::Table | OutputFormat::Wide)) {
        return Err(
            Error::usage("`apply` does not support `-o table` or `-o wide`")
                .with_hint("use `-o json` or `-o yaml`, or leave `-o` out for one line per object"),
        );
    }
    let dry_run = Some(args.dry_run.dry_run).filter(|d| *d != DryRun::None);
    let manifests = manifests::read(&args.files)?;
    manifests::validate(&manifests, "applied")?;
    let targets = manifests::resolve(ctx, &manifests).await?;
    let concurrency = usize::from(args.concurrency.max(1));
    // What exists already, from one list per type and namespace, so no object is read
    // before it is written. Dry runs compare contents instead, object by object.
    let lists = if dry_run.is_none() {
        list_versions(&targets, concurrency).await?
    } else {
        HashMap::new()
    };

    let suffix = args.dry_run.suffix();
    // After a failure nothing new starts; what is in flight finishes, so the report
    // can say exactly what was applied.
    let stop = AtomicBool::new(false);
    let mut outcomes = futures::stream::iter(targets.iter().enumerate())
        .map(|(i, target)| {
            let before = match lists.get(&target.list_key()) {
                Some(Some(versions)) => Before::Known(versions.get(target.manifest.name())),
                _ => Before::Unknown,
            };
            let stop = &stop;
            async move {
                if stop.load(Ordering::Relaxed) {
                    return (i, None);
                }
                let result = apply_one(target, dry_run, args.force_conflicts, before).await;
                if result.is_err() {
                    stop.store(true, Ordering::Relaxed);
                }
                (i, Some(result))
            }
        })
        // Unordered, so one slow answer never holds the others' places in flight;
        // `done` puts the answers back in input order for printing.
        .buffer_unordered(concurrency);
    let mut done = BTreeMap::new();
    let mut results = Vec::new();
    let mut applied = Vec::new();
    let mut failure: Option<(usize, Error)> = None;
    let mut next = 0;
    while let Some((i, outcome)) = outcomes.next().await {
        done.insert(i, outcome);
        while let Some(outcome) = done.remove(&next) {
            match outcome {
                Some(Ok((outcome, object))) => {
                    if args.output.is_none() {
                        ctx.printer.data(&format!(
                            "{} {}{suffix}\n",
                            targets[next].display(),
                            outcome.as_str()
                        ))?;
                    }
                    applied.push(next);
                    results.push(object);
                }
                Some(Err(err)) => {
                    failure.get_or_insert((next, err));
                }
                None => {}
            }
            next += 1;
        }
    }
    if let Some((failed, err)) = failure {
        return Err(partial_failure(
            err,
            &targets,
            failed,
            &applied,
            dry_run.is_some(),
        ));
    }
    if !args.show_managed_fields {
        results.iter_mut().for_each(without_managed_fields);
    }
    match args.output {
        Some(OutputFormat::Json) => ctx.printer.data(&format!(
            "{}\n",
            serde_json::to_string_pretty(&manifests::as_list(results))?
        ))?,
        Some(OutputFormat::Yaml) => ctx
            .printer
            .data(&crate::core::yaml::to_yaml_stream(&results))?,
        Some(OutputFormat::Name) => {
            for name in names_in(&Value::Array(results)) {
                ctx.printer.data(&format!("{name}\n"))?;
            }
        }
        _ => {}
    }
    Ok(ExitStatus::Success)
}

/// What is known of an object before it is applied.
enum Before<'a> {
    /// Listed: its `resourceVersion`, or `None` when it did not exist.
    Known(Option<&'a String>),
    /// Not listed (a dry run, or a type the user may not list): read it.
    Unknown,
}

type ListKey = (bool, String, String, Option<String>);

/// Lists the `resourceVersion`s of every type and namespace the targets go to, a few
/// lists at a time. A type the user may apply but not list (RBAC) maps to `None`: its
/// objects are read one by one.
async fn list_versions(
    targets: &[Target<'_>],
    concurrency: usize,
) -> Result<HashMap<ListKey, Option<HashMap<String, String>>>> {
    let mut firsts: Vec<(ListKey, &Target<'_>)> = Vec::new();
    for target in targets {
        let key = target.list_key();
        if !firsts.iter().any(|(k, _)| *k == key) {
            firsts.push((key, target));
        }
    }
    let lists: Vec<(ListKey, Result<HashMap<String, String>>)> = futures::stream::iter(firsts)
        .map(|(key, target)| async move {
            let versions = target
                .destination
                .versions(&target.ty, key.3.as_deref())
                .await;
            (key, versions)
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let mut out = HashMap::new();
    for (key, versions) in lists {
        match versions {
            Ok(v) => {
                out.insert(key, Some(v));
            }
            Err(e) if e.kind() == ErrorKind::Forbidden => {
                tracing::debug!("cannot list {} {}: reading each object", key.2, e.message());
                out.insert(key, None);
            }
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

async fn apply_one(
    target: &Target<'_>,
    dry_run: Option<DryRun>,
    force: bool,
    before: Before<'_>,
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
    let applied = match before {
        Before::Known(version) => {
            target
                .apply_known(options, version.map(String::as_str))
                .await?
        }
        Before::Unknown => target.apply(options).await?,
    };
    Ok((applied.outcome, applied.object))
}

/// When object `failed` fails, says which objects were applied (`applied`, in input
/// order: with requests in flight side by side, some may follow the failed one) and
/// which were not.
fn partial_failure(
    err: Error,
    targets: &[Target<'_>],
    failed: usize,
    applied: &[usize],
    dry_run: bool,
) -> Error {
    let err = manifests::located(err, targets[failed].manifest);
    if targets.len() == 1 || dry_run {
        return err;
    }
    let names = |ts: &mut dyn Iterator<Item = &Target<'_>>| {
        let names: Vec<String> = ts.map(|t| format!("`{}`", t.display())).collect();
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    };
    let applied_names = names(&mut applied.iter().map(|&i| &targets[i]));
    let not_applied = names(
        &mut targets
            .iter()
            .enumerate()
            .filter(|(i, _)| !applied.contains(i))
            .map(|(_, t)| t),
    );
    err.with_detail(format!("applied: {applied_names}"))
        .with_detail(format!("not applied: {not_applied}"))
}
