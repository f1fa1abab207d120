//! The new version's workload around a rollout (`canary start --image`, and the
//! commands that finish or undo one): bring it up and wait until it is ready before
//! any traffic moves, and once the rollout ends do what the spec's workload section
//! says — scale the old workload down after a delay, make the stable one the new
//! version (`--finish primary`), or clean the new one up after a rollback. Only the
//! `Workloads` port is used; what is left to do is decided by the core
//! (`rollout::workload::todo`), so every command that touches a finished rollout does
//! the same, and doing it twice does nothing.

use crate::cli::flags::DryRunArgs;
use crate::cmd::Ctx;
use crate::cmd::rollout::{Driver, Ended, signals};
use crate::core::duration::Duration;
use crate::core::rollout::workload::{Cleanup, Todo, WorkloadPlan, todo};
use crate::core::rollout::{Action, FinishPolicy, RolloutRecord, Split, Weights, command_for};
use crate::core::workload::{NewWorkload, Workload, Workloads};
use crate::output::progress::{Progress, Reporter};
use crate::{Error, ErrorKind, Result};
use std::collections::BTreeMap;

#[cfg(test)]
#[path = "workload_tests.rs"]
mod tests;

/// How often a wait for readiness looks again.
const POLL: std::time::Duration = std::time::Duration::from_secs(2);

/// The flags of the new version's workload.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Workload")]
pub struct WorkloadArgs {
    /// Create the new version's Deployment as a copy of the stable one with this image,
    /// and wait until it is ready before moving traffic
    #[arg(long, value_name = "IMAGE")]
    pub image: Option<String>,
    /// The container whose image changes (default: the first)
    #[arg(long, value_name = "NAME", requires = "image")]
    pub container: Option<String>,
    /// Copies of the new version (default: the stable Deployment's)
    #[arg(long, value_name = "N", requires = "image")]
    pub replicas: Option<u32>,
    /// The stable Deployment, when the stable subset's labels do not find exactly one
    #[arg(long, value_name = "NAME", requires = "image")]
    pub from_deployment: Option<String>,
    /// The new version's Deployment (default: SERVICE-SUBSET, e.g. `reviews-v2`)
    #[arg(long, value_name = "NAME", requires = "image")]
    pub canary_deployment: Option<String>,
    /// How long to wait until a Deployment's pods are Ready
    #[arg(long, value_name = "DURATION", default_value = "5m")]
    pub ready_timeout: Duration,
    /// After promotion with `--finish keep|remove`: how long the old Deployment keeps
    /// running (a revert stays instant) before it is scaled to zero
    #[arg(long, value_name = "DURATION", default_value = "30s")]
    pub scale_down_delay: Duration,
    /// After a rollback or abort: scale the new Deployment to zero (kept for
    /// inspection) or delete it
    #[arg(long, value_enum, default_value = "scale-down", value_name = "POLICY")]
    pub cleanup: CleanupArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum CleanupArg {
    ScaleDown,
    Delete,
}

impl From<CleanupArg> for Cleanup {
    fn from(c: CleanupArg) -> Cleanup {
        match c {
            CleanupArg::ScaleDown => Cleanup::ScaleDown,
            CleanupArg::Delete => Cleanup::Delete,
        }
    }
}

/// What `--image` brought up: the record's workload section, and the labels of the new
/// version's pods (its DestinationRule subset selects them).
pub struct Prepared {
    pub plan: WorkloadPlan,
    pub labels: BTreeMap<String, String>,
}

/// Brings up the new version's workload of `split` for `host` (`image` from `args`):
/// finds the stable Deployment, creates the copy, and waits until it is ready. On a
/// timeout nothing was routed to it; it is cleaned up per `--cleanup` and the error
/// exits 3. A dry run shows the Deployment and writes nothing.
pub async fn bring_up(
    ctx: &Ctx,
    args: &WorkloadArgs,
    host: &str,
    split: &Split,
    canary_labels: Option<&BTreeMap<String, String>>,
    reporter: &dyn Reporter,
    dry_run: DryRunArgs,
) -> Result<Prepared> {
    let image = args
        .image
        .as_deref()
        .ok_or_else(|| Error::internal("bring_up without `--image`"))?;
    let Located {
        workloads,
        namespace,
        stable,
        labels,
    } = locate(
        ctx,
        args.from_deployment.as_deref(),
        host,
        split,
        canary_labels,
    )
    .await?;
    let name = args
        .canary_deployment
        .clone()
        .unwrap_or_else(|| format!("{host}-{}", split.canary));
    if name == stable.name {
        return Err(Error::usage(format!(
            "the new version's Deployment would be `{name}`, the stable one itself"
        ))
        .with_hint("name another with `--canary-deployment NAME`"));
    }
    let new = NewWorkload {
        namespace: namespace.clone(),
        name: name.clone(),
        from: stable.name.clone(),
        labels: labels.clone(),
        image: image.to_string(),
        container: args.container.clone(),
        replicas: args.replicas,
    };
    let stable_before = workloads.snapshot(&namespace, &stable.name).await?;
    let plan = WorkloadPlan {
        namespace: namespace.clone(),
        stable: stable.name.clone(),
        canary: name.clone(),
        created: true,
        image: image.to_string(),
        container: args.container.clone(),
        cleanup: args.cleanup.into(),
        scale_down_delay: args.scale_down_delay,
        ready_timeout: args.ready_timeout,
        stable_before,
    };
    if !dry_run.writes() {
        let copy = crate::core::workload::deployment::copy(&plan.stable_before, &new)?;
        ctx.printer
            .data(&crate::core::yaml::to_yaml_stream([&copy]))?;
        ctx.printer.info(&format!(
            "dry run: Deployment `{name}` is not created, and nothing waits for it"
        ));
        return Ok(Prepared { plan, labels });
    }
    let created = workloads.create(&new).await?;
    note(
        reporter,
        format!(
            "created Deployment `{name}` from `{}` with image `{image}` ({} wanted)",
            stable.name, created.replicas
        ),
    );
    if let Err(last) = wait_ready(
        ctx,
        workloads.as_ref(),
        reporter,
        &namespace,
        &name,
        args.ready_timeout,
    )
    .await?
    {
        let what = clean_up(workloads.as_ref(), &plan).await?;
        return Err(Error::new(
            ErrorKind::RolloutFailed,
            format!(
                "Deployment `{name}` was not ready within {} ({}): no traffic was moved to it; it was {what}",
                args.ready_timeout,
                ready_count(last.as_ref())
            ),
        )
        .with_hint(format!(
            "see why with `kubectl describe deployment {name} -n {namespace}`; fix the image and start again, or give it longer with `--ready-timeout`"
        )));
    }
    Ok(Prepared { plan, labels })
}

/// Where a new version goes: the workloads port, the namespace, the stable workload,
/// and the labels of the new version's pods.
pub struct Located {
    pub workloads: std::sync::Arc<dyn Workloads>,
    pub namespace: String,
    pub stable: Workload,
    pub labels: BTreeMap<String, String>,
}

/// Finds the stable workload of `split` (`--from-deployment`, else the one whose pods
/// carry the stable subset's labels and the Service's selector) and the new version's
/// pod labels (`canary_labels`, else its subset's, else the stable subset's with the
/// label naming the stable subset renamed).
pub async fn locate(
    ctx: &Ctx,
    from_deployment: Option<&str>,
    host: &str,
    split: &Split,
    canary_labels: Option<&BTreeMap<String, String>>,
) -> Result<Located> {
    let workloads = ctx.workloads().await?;
    let namespace = ctx.workload_namespace().await?;
    let mesh_namespace = ctx.mesh_namespace().await?;
    let mesh = crate::cmd::metrics::mesh_view(ctx, &mesh_namespace, host).await?;
    let stable_labels = mesh.subsets.get(&split.stable).cloned().unwrap_or_default();
    let stable = match from_deployment {
        Some(name) => workloads.get(&namespace, name).await?.ok_or_else(|| {
            Error::not_found(format!(
                "`--from-deployment`: Deployment `{name}` not found in namespace `{namespace}`"
            ))
            .with_hint(format!(
                "see them with `kubectl get deployments -n {namespace}`"
            ))
        })?,
        None => {
            let mut labels = ctx.service_selector(&namespace, host).await?;
            labels.extend(stable_labels.clone());
            let hint = "name it with `--from-deployment NAME`";
            find_one(workloads.as_ref(), &namespace, &split.stable, &labels, hint).await?
        }
    };
    let labels = match canary_labels {
        Some(l) => l.clone(),
        None => match mesh.subsets.get(&split.canary).filter(|l| !l.is_empty()) {
            Some(l) => l.clone(),
            None => canary_labels_of(&stable_labels, split)?,
        },
    };
    Ok(Located {
        workloads,
        namespace,
        stable,
        labels,
    })
}

/// The workloads of a blue-green switch whose old colour is scaled to zero `delay`
/// after a good switch: both colours' Deployments, found by their subsets' labels (and
/// the Service's selector). The idle colour is left running after a failed switch.
pub async fn switch_plan(
    ctx: &Ctx,
    host: &str,
    split: &Split,
    delay: Duration,
) -> Result<WorkloadPlan> {
    let Located {
        workloads,
        namespace,
        stable,
        labels,
    } = locate(ctx, None, host, split, None).await?;
    let mut selector = ctx.service_selector(&namespace, host).await?;
    selector.extend(labels);
    let hint =
        "give the colour's subset in the DestinationRule the labels of its Deployment's pods";
    let idle = find_one(
        workloads.as_ref(),
        &namespace,
        &split.canary,
        &selector,
        hint,
    )
    .await?;
    Ok(WorkloadPlan {
        stable_before: workloads.snapshot(&namespace, &stable.name).await?,
        namespace,
        stable: stable.name,
        canary: idle.name,
        created: false,
        image: idle.image.unwrap_or_default(),
        container: None,
        cleanup: Cleanup::Keep,
        scale_down_delay: delay,
        ready_timeout: Duration::from_secs(300),
    })
}

/// The one Deployment whose pods carry `labels` (a subset's and the Service's).
async fn find_one(
    workloads: &dyn Workloads,
    namespace: &str,
    subset: &str,
    labels: &BTreeMap<String, String>,
    hint: &str,
) -> Result<Workload> {
    let shown = join_labels(labels);
    if labels.is_empty() {
        return Err(Error::not_found(format!(
            "cannot find the stable Deployment: subset `{subset}` has no labels and the Service selects nothing"
        ))
        .with_hint(hint));
    }
    let mut found = workloads.find(namespace, labels).await?;
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(Error::not_found(format!(
            "no Deployment in namespace `{namespace}` runs pods labelled `{shown}` (subset `{subset}`)"
        ))
        .with_hint(hint)),
        _ => Err(Error::usage(format!(
            "{} Deployments in namespace `{namespace}` run pods labelled `{shown}`: {}",
            found.len(),
            found
                .iter()
                .map(|w| format!("`{}`", w.name))
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .with_hint(hint)),
    }
}

/// The new version's pod labels when neither the DestinationRule nor
/// `--canary-labels` gives them: the stable subset's, with the label whose value names
/// the stable subset (`version: v1` for subset `v1`) naming the new one.
fn canary_labels_of(
    stable: &BTreeMap<String, String>,
    split: &Split,
) -> Result<BTreeMap<String, String>> {
    let mut labels = stable.clone();
    let mut renamed = false;
    for value in labels.values_mut() {
        if *value == split.stable {
            *value = split.canary.clone();
            renamed = true;
        }
    }
    if !renamed {
        return Err(Error::usage(format!(
            "cannot tell the new version's pod labels: no label of subset `{}` ({}) names it",
            split.stable,
            join_labels(stable)
        ))
        .with_hint(format!(
            "give them with `--canary-labels`, e.g. `--canary-labels version={}`",
            split.canary
        )));
    }
    Ok(labels)
}

fn join_labels(labels: &BTreeMap<String, String>) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn note(reporter: &dyn Reporter, message: String) {
    reporter.report(&Progress::Note { message });
}

fn ready_count(w: Option<&Workload>) -> String {
    w.map(|w| format!("{}/{} ready", w.ready, w.replicas))
        .unwrap_or_else(|| "gone".into())
}

/// Waits until `name` is ready, saying how far it got whenever that changes: the
/// workload when it is, `Err` with the last one seen after `timeout`. A signal stops
/// the wait with its exit code.
pub async fn wait_ready(
    ctx: &Ctx,
    workloads: &dyn Workloads,
    reporter: &dyn Reporter,
    namespace: &str,
    name: &str,
    timeout: Duration,
) -> Result<std::result::Result<Workload, Option<Workload>>> {
    let clock = ctx.clock();
    let start = clock.now();
    let deadline = start.saturating_add(timeout.as_std()).unwrap_or(start);
    let mut said = None;
    loop {
        let now = workloads.get(namespace, name).await?;
        if let Some(w) = now.as_ref().filter(|w| w.is_ready()) {
            note(reporter, format!("`{name}`: {}", ready_count(Some(w))));
            return Ok(Ok(w.clone()));
        }
        let count = ready_count(now.as_ref());
        if said.as_ref() != Some(&count) {
            note(reporter, format!("waiting for `{name}`: {count}"));
            said = Some(count);
        }
        if clock.now() >= deadline {
            return Ok(Err(now));
        }
        tokio::select! {
            _ = clock.sleep(POLL) => {}
            stop = signals::next() => {
                return Err(Error::new(
                    stop.kind(),
                    format!("stopped by {} while waiting for `{name}` ({})", stop.name(), ready_count(now.as_ref())),
                ));
            }
        }
    }
}

/// Cleans up a new workload that gets no traffic after all (a check before the first
/// step failed), saying so.
pub async fn discard(ctx: &Ctx, plan: &WorkloadPlan) -> Result<()> {
    let what = clean_up(ctx.workloads().await?.as_ref(), plan).await?;
    ctx.printer
        .info(&format!("Deployment `{}` {what}", plan.canary));
    Ok(())
}

/// Cleans the new workload up after a failed bring-up or a rollback; says what it did.
async fn clean_up(workloads: &dyn Workloads, plan: &WorkloadPlan) -> Result<&'static str> {
    let namespace = namespace_of(plan);
    if plan.cleanup == Cleanup::Keep {
        return Ok("left running");
    }
    if plan.cleanup == Cleanup::Delete && plan.created {
        workloads.delete(namespace, &plan.canary).await?;
        Ok("deleted (`--cleanup delete`)")
    } else {
        workloads.scale(namespace, &plan.canary, 0).await?;
        Ok("scaled to 0, kept for inspection")
    }
}

fn namespace_of(plan: &WorkloadPlan) -> &str {
    &plan.namespace
}

/// After a foreground drive: what the workloads still need, waiting out the
/// scale-down delay.
pub async fn after_drive(ctx: &Ctx, driver: &Driver<'_>, ended: Ended) -> Result<Ended> {
    match ended {
        Ended::Settled(rec) if rec.spec.workload.is_some() => {
            Ok(Ended::Settled(follow_up(ctx, driver, rec, true).await?))
        }
        other => Ok(other),
    }
}

/// Does what is left for `record`'s workloads (see `rollout::workload::todo`) and
/// returns the record as last written. In the `foreground` the scale-down delay is
/// waited out (a signal leaves it to a later `canary step`); otherwise a scale-down
/// not yet due is only announced.
pub async fn follow_up(
    ctx: &Ctx,
    driver: &Driver<'_>,
    mut record: RolloutRecord,
    foreground: bool,
) -> Result<RolloutRecord> {
    let Some(plan) = record.spec.workload.clone() else {
        return Ok(record);
    };
    let workloads = ctx.workloads().await?;
    let namespace = namespace_of(&plan).to_string();
    let svc = record.spec.service.clone();
    let replicas = |w: Option<Workload>| w.map(|w| w.replicas);
    loop {
        let stable = replicas(workloads.get(&namespace, &plan.stable).await?);
        let canary = replicas(workloads.get(&namespace, &plan.canary).await?);
        let now = ctx.clock().now();
        match todo(&record, stable, canary) {
            Todo::Nothing => return Ok(record),
            Todo::ScaleDown { name, at } if at > now => {
                let later = format!(
                    "Deployment `{name}` is scaled to 0 at {at} (`--scale-down-delay {}`); until then `{} {svc}` reverts at once",
                    plan.scale_down_delay,
                    command_for(&record.spec, "rollback")
                );
                if !foreground {
                    ctx.printer.info(&format!(
                        "{later}; `meshctl canary step {svc}` scales it down once due"
                    ));
                    return Ok(record);
                }
                note(driver.reporter, later);
                tokio::select! {
                    _ = ctx.clock().sleep_until(at) => {}
                    stop = signals::next() => {
                        return Err(Error::new(stop.kind(), format!(
                            "stopped by {}: the rollout of `{svc}` succeeded, but Deployment `{name}` still runs",
                            stop.name()
                        ))
                        .with_hint(format!("`meshctl canary step {svc}` scales it to 0 once due (at {at})")));
                    }
                }
                // Someone may have rolled the promotion back meanwhile.
                let (_, fresh) = driver.record().await?;
                if fresh.created_at != record.created_at {
                    return Ok(record);
                }
                record = fresh;
            }
            Todo::ScaleDown { name, .. } => {
                workloads.scale(&namespace, &name, 0).await?;
                note(driver.reporter, format!("scaled Deployment `{name}` to 0"));
                record = done(driver, &record).await?;
            }
            Todo::Primary => {
                record = primary(ctx, driver, workloads.as_ref(), &plan, record).await?;
            }
            Todo::CleanUp { .. } => {
                let what = clean_up(workloads.as_ref(), &plan).await?;
                note(
                    driver.reporter,
                    format!("Deployment `{}` {what}", plan.canary),
                );
                record = done(driver, &record).await?;
            }
        }
    }
}

/// Records that the workloads are finished with.
async fn done(driver: &Driver<'_>, record: &RolloutRecord) -> Result<RolloutRecord> {
    let now = driver.clock.now();
    driver
        .amend(record.created_at, |rec| {
            rec.workload_done = Some(now);
            Ok(Vec::new())
        })
        .await
}

/// `--finish primary`: the stable Deployment gets the new image; once it is ready all
/// traffic goes back to it (one write of routes and record). Until then traffic stays
/// on the new Deployment, so a timeout leaves nothing broken.
async fn primary(
    ctx: &Ctx,
    driver: &Driver<'_>,
    workloads: &dyn Workloads,
    plan: &WorkloadPlan,
    record: RolloutRecord,
) -> Result<RolloutRecord> {
    let namespace = namespace_of(plan);
    let svc = &record.spec.service;
    workloads
        .set_image(
            namespace,
            &plan.stable,
            plan.container.as_deref(),
            &plan.image,
        )
        .await?;
    note(
        driver.reporter,
        format!(
            "Deployment `{}` gets image `{}` (`--finish primary`)",
            plan.stable, plan.image
        ),
    );
    stable_ready(
        ctx,
        workloads,
        driver.reporter,
        plan,
        "with the new image",
        &format!("traffic stays on `{}`", plan.canary),
        &format!("; `meshctl canary step {svc}` tries again"),
    )
    .await?;
    let split = record.spec.split.clone();
    let record = driver
        .amend(record.created_at, |rec| {
            rec.weights = Weights::split(&split.stable, &split.canary, 0);
            rec.message = format!(
                "`{}` runs the new version and serves all traffic again",
                split.stable
            );
            Ok(vec![Action::SetWeights {
                weights: rec.weights.clone(),
            }])
        })
        .await?;
    note(driver.reporter, format!("routes: {}", record.weights));
    Ok(record)
}

/// Before a promoted rollout is rolled back: the stable Deployment exactly as it was
/// before the rollout, ready, so the routes can go back to it.
pub async fn restore_stable(
    ctx: &Ctx,
    reporter: &dyn Reporter,
    record: &RolloutRecord,
) -> Result<()> {
    let Some(plan) = &record.spec.workload else {
        return Ok(());
    };
    let workloads = ctx.workloads().await?;
    workloads.restore(&plan.stable_before).await?;
    note(
        reporter,
        format!(
            "Deployment `{}` restored as it was before the rollout",
            plan.stable
        ),
    );
    stable_ready(
        ctx,
        workloads.as_ref(),
        reporter,
        plan,
        "after its restore",
        "the routes were not changed",
        ", then run the rollback again",
    )
    .await
}

/// Waits until `plan`'s stable Deployment is ready; otherwise an error saying when it
/// was not ready, what `stays` as it was, and how to go on.
async fn stable_ready(
    ctx: &Ctx,
    workloads: &dyn Workloads,
    reporter: &dyn Reporter,
    plan: &WorkloadPlan,
    when: &str,
    stays: &str,
    go_on: &str,
) -> Result<()> {
    let namespace = namespace_of(plan);
    let waited = wait_ready(
        ctx,
        workloads,
        reporter,
        namespace,
        &plan.stable,
        plan.ready_timeout,
    )
    .await?;
    let Err(last) = waited else {
        return Ok(());
    };
    Err(Error::new(
        ErrorKind::Unavailable,
        format!(
            "Deployment `{}` was not ready {when} within {} ({}); {stays}",
            plan.stable,
            plan.ready_timeout,
            ready_count(last.as_ref())
        ),
    )
    .with_hint(format!(
        "see why with `kubectl describe deployment {} -n {namespace}`{go_on}",
        plan.stable
    )))
}

/// `--finish primary` needs a workload to update.
pub fn check_finish(finish: FinishPolicy, args: &WorkloadArgs) -> Result<()> {
    if finish == FinishPolicy::Primary && args.image.is_none() {
        return Err(Error::usage(
            "`--finish primary` updates the stable Deployment: it needs `--image`",
        )
        .with_hint("add `--image IMAGE`, or finish with `--finish keep`"));
    }
    Ok(())
}
