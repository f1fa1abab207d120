//! Checks before a rollout moves the first traffic: the new version has endpoints
//! ready to take it, and the metric source that will judge it answers. Moving 25% of
//! traffic to pods that do not exist, or judging it by a source that cannot be read,
//! fails users in ways the rollout then reports late or not at all. A failed check
//! refuses the start with nothing written; `--force` moves traffic anyway and says
//! which checks it overrode.

use crate::cli::Target as MeshTarget;
use crate::cmd::Ctx;
use crate::core::duration::Duration;
use crate::core::metrics::{MetricSource, SourceErrorKind, Target};
use crate::core::rollout::{Split, SplitBy};
use crate::{Error, ErrorKind, Result};
use serde_json::Value;
use std::collections::BTreeMap;

/// What a rollout is about to move traffic to.
pub struct Move<'a> {
    /// The VirtualService's short host (`reviews`): the service of subsets, and of
    /// metrics.
    pub host: &'a str,
    pub split: &'a Split,
    /// `--canary-labels`, not yet written to the DestinationRule.
    pub canary_labels: Option<&'a BTreeMap<String, String>>,
    /// The source the analysis will read, when there is an analysis.
    pub source: Option<&'a dyn MetricSource>,
}

/// How long the metric source is sampled to see that it answers.
const PROBE_WINDOW: Duration = Duration::from_secs(1);

/// Runs every check; an error lists each that failed (nothing was written). With
/// `force`, failures are warnings.
pub async fn before_first_move(ctx: &Ctx, m: &Move<'_>, force: bool) -> Result<()> {
    let mut problems = Vec::new();
    match ready_endpoints(ctx, m).await {
        Ok(Some(found)) => ctx.printer.verbose(&found),
        Ok(None) => {}
        Err(err) => problems.push(err.message().to_string()),
    }
    if let Some(source) = m.source
        && let Err(problem) = probe(ctx, source, m).await
    {
        problems.push(problem);
    }
    if problems.is_empty() {
        return Ok(());
    }
    if force {
        for p in &problems {
            ctx.printer
                .warn(&format!("--force: {p}; moving traffic anyway"));
        }
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Unavailable,
        format!(
            "not moving traffic of `{}` to `{}`: {} (nothing was written)",
            m.host,
            m.split.canary,
            if problems.len() == 1 {
                "a check before the first step failed".to_string()
            } else {
                format!("{} checks before the first step failed", problems.len())
            }
        ),
    )
    .with_details(problems)
    .with_hint("fix it and start again, or pass `--force` to move traffic anyway"))
}

/// Samples the canary once: any answer, even "no data yet", shows the source works.
async fn probe(ctx: &Ctx, source: &dyn MetricSource, m: &Move<'_>) -> Result<(), String> {
    let namespace = ctx
        .mesh_namespace()
        .await
        .map_err(|e| e.message().to_string())?;
    let target = match m.split.by {
        SplitBy::Subset => Target::new(&namespace, m.host, &m.split.canary),
        SplitBy::Host => Target::new(&namespace, short(&m.split.canary), ""),
    };
    match source.sample(&target, PROBE_WINDOW).await {
        Ok(_) => Ok(()),
        Err(err) if err.kind == SourceErrorKind::NoData => Ok(()),
        Err(err) => Err(format!(
            "the metric source does not answer for `{}`: {}",
            m.split.canary, err.message
        )),
    }
}

fn short(host: &str) -> &str {
    host.split('.').next().unwrap_or(host)
}

/// Whether the canary has somewhere to send traffic: Ready pods matching its subset's
/// labels (and the Service's selector) on Kubernetes; registered endpoints on the local
/// mesh. `Ok(Some(line))` says what was found.
async fn ready_endpoints(ctx: &Ctx, m: &Move<'_>) -> Result<Option<String>> {
    let canary = &m.split.canary;
    if ctx.settings.target == MeshTarget::Local {
        let (service, subset) = match m.split.by {
            SplitBy::Subset => (m.host, Some(canary.as_str())),
            SplitBy::Host => (short(canary), None),
        };
        let found = ctx
            .local_mesh()?
            .endpoints()?
            .into_iter()
            .filter(|e| e.service == service && subset.is_none_or(|s| e.subset == s))
            .count();
        if found == 0 {
            return Err(Error::not_found(format!(
                "the local mesh has no endpoint for `{canary}` of `{service}`"
            )));
        }
        return Ok(Some(format!(
            "pre-check: {found} local endpoint(s) for `{canary}`"
        )));
    }
    let cluster = ctx.cluster().await?;
    let namespace = ctx.workload_namespace().await?;
    let selector = match m.split.by {
        SplitBy::Subset => {
            let mesh_namespace = ctx.mesh_namespace().await?;
            let mesh = crate::cmd::metrics::mesh_view(ctx, &mesh_namespace, m.host).await?;
            let mut labels = mesh.subsets.get(canary).cloned().unwrap_or_default();
            if let Some(extra) = m.canary_labels {
                labels.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            if labels.is_empty() {
                return Err(Error::not_found(format!(
                    "subset `{canary}` of `{}` has no labels in its DestinationRule, so no pod is known to serve it",
                    m.host
                )));
            }
            let service =
                crate::cmd::metrics::service_selector(cluster.as_ref(), &namespace, m.host).await?;
            crate::cmd::metrics::selector(&service, &labels)
        }
        SplitBy::Host => {
            let service =
                crate::cmd::metrics::service_selector(cluster.as_ref(), &namespace, short(canary))
                    .await?;
            if service.is_empty() {
                return Err(Error::not_found(format!(
                    "Service `{}` in namespace `{namespace}` does not exist or selects no pods",
                    short(canary)
                )));
            }
            crate::cmd::metrics::selector(&service, &BTreeMap::new())
        }
    };
    let pods = cluster.pods(Some(&namespace), Some(&selector)).await?;
    let ready = pods.iter().filter(|p| is_ready(p)).count();
    if ready == 0 {
        return Err(Error::not_found(format!(
            "no Ready pod serves `{canary}`: {} pod(s) match `{selector}` in namespace `{namespace}`, none Ready",
            pods.len()
        )));
    }
    Ok(Some(format!(
        "pre-check: {ready} Ready pod(s) of {} match `{selector}` in namespace `{namespace}`",
        pods.len()
    )))
}

/// A pod that takes traffic: its `Ready` condition is `True` and it is not going away.
pub fn is_ready(pod: &Value) -> bool {
    pod.pointer("/metadata/deletionTimestamp").is_none()
        && pod
            .pointer("/status/conditions")
            .and_then(Value::as_array)
            .is_some_and(|conditions| {
                conditions.iter().any(|c| {
                    c.get("type").and_then(Value::as_str) == Some("Ready")
                        && c.get("status").and_then(Value::as_str) == Some("True")
                })
            })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_ready_pods_that_stay_count() {
        let pod = |ready: &str| {
            json!({"metadata": {"name": "p"}, "status": {"phase": "Running", "conditions": [
                {"type": "PodScheduled", "status": "True"},
                {"type": "Ready", "status": ready}
            ]}})
        };
        assert!(is_ready(&pod("True")));
        assert!(!is_ready(&pod("False")));
        let mut leaving = pod("True");
        leaving["metadata"]["deletionTimestamp"] = json!("2026-12-01T00:00:00Z");
        assert!(!is_ready(&leaving));
        assert!(!is_ready(&json!({"status": {"phase": "Running"}})));
    }
}
