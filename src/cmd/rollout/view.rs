//! How a recorded rollout is shown: `status` (one rollout, for people or as JSON) and
//! `list` (every rollout in a namespace as a table), for both strategies.

use crate::cmd::Ctx;
use crate::core::rollout::{Phase, RolloutRecord, Strategy};
use crate::core::store::{ISTIO_NETWORKING, ListQuery};
use crate::output::table;
use crate::{ExitStatus, Result};
use jiff::Timestamp;
use serde_json::Value;

use super::driver::record_of;

/// `status` for people: phase, stage, weights, lock, last transition and analyses.
pub fn status_text(rec: &RolloutRecord, now: Timestamp) -> String {
    let stages = rec.spec.stages();
    let mut out = String::new();
    let strategy = match &rec.spec.strategy {
        Strategy::Canary { .. } => "canary",
        Strategy::BlueGreen(_) => "blue-green",
    };
    out.push_str(&format!(
        "Rollout:   {} ({strategy}, `{}` → `{}`)\n",
        rec.spec.service, rec.spec.split.stable, rec.spec.split.canary
    ));
    let reason = rec
        .pause_reason
        .map(|r| {
            format!(
                " ({})",
                serde_json::to_value(r)
                    .unwrap_or_default()
                    .as_str()
                    .unwrap_or_default()
            )
        })
        .unwrap_or_default();
    out.push_str(&format!("Phase:     {}{reason}\n", rec.phase));
    if let Some(stage) = stages.get(rec.stage) {
        out.push_str(&format!(
            "Stage:     {}/{} ({:?}, new version at {}%)\n",
            rec.stage + 1,
            stages.len(),
            stage.kind,
            stage.weight
        ));
    }
    out.push_str(&format!("Weights:   {}\n", rec.weights));
    if rec.preview_route {
        out.push_str("Preview:   route `meshctl-preview` present\n");
    }
    match &rec.lock {
        Some(l) if l.is_live(now) => out.push_str(&format!(
            "Lock:      held by `{}` until {}\n",
            l.holder, l.expires_at
        )),
        Some(l) => out.push_str(&format!(
            "Lock:      expired ({} until {})\n",
            l.holder, l.expires_at
        )),
        None => out.push_str("Lock:      free\n"),
    }
    out.push_str(&format!("Message:   {}\n", rec.message));
    out.push_str(&format!(
        "Started:   {} by `{}`; updated {}\n",
        rec.created_at, rec.created_by, rec.updated_at
    ));
    if !rec.analyses.is_empty() {
        out.push_str("Analyses:\n");
        for a in rec.analyses.iter().rev().take(5) {
            out.push_str(&format!(
                "  {} stage {}: {} {}\n",
                a.at,
                a.stage + 1,
                a.outcome,
                a.summary
            ));
        }
    }
    out
}

/// The exit status `status` reports for a record: 3 when rolled back or aborted
/// (traffic is back on stable), 4 when paused (waiting for a person, traffic possibly
/// split), 0 otherwise.
pub fn status_exit(rec: &RolloutRecord) -> ExitStatus {
    match rec.phase {
        Phase::RolledBack | Phase::Aborted => ExitStatus::RolloutFailed,
        Phase::Paused => ExitStatus::RolloutPaused,
        _ => ExitStatus::Success,
    }
}

/// One row of `list`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub namespace: String,
    pub service: String,
    pub strategy: String,
    pub phase: String,
    pub stage: String,
    pub weights: String,
    pub holder: String,
    pub updated: String,
}

pub fn row(vs: &Value, rec: &RolloutRecord, now: Timestamp) -> Row {
    let strategy = if rec.spec.is_blue_green() {
        "bluegreen"
    } else {
        "canary"
    };
    Row {
        namespace: vs
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        service: rec.spec.service.clone(),
        strategy: strategy.into(),
        phase: rec.phase.to_string(),
        stage: format!("{}/{}", rec.stage + 1, rec.spec.stages().len()),
        weights: rec
            .weights
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(","),
        holder: rec
            .lock
            .as_ref()
            .filter(|l| l.is_live(now))
            .map(|l| l.holder.clone())
            .unwrap_or_else(|| "-".into()),
        updated: rec.updated_at.to_string(),
    }
}

pub fn table(rows: &[Row]) -> String {
    let mut t = table::new_table([
        "namespace",
        "service",
        "strategy",
        "phase",
        "stage",
        "weights",
        "lock-holder",
        "updated",
    ]);
    for r in rows {
        t.add_row([
            r.namespace.clone(),
            r.service.clone(),
            r.strategy.clone(),
            r.phase.clone(),
            r.stage.clone(),
            r.weights.clone(),
            r.holder.clone(),
            r.updated.clone(),
        ]);
    }
    table::render(&t)
}

/// `list [-A]`: every VirtualService with a rollout record, as a table or JSON.
pub async fn list(
    ctx: &Ctx,
    all_namespaces: bool,
    json: bool,
    blue_green: Option<bool>,
) -> Result<ExitStatus> {
    let store = ctx.mesh_store().await?;
    let namespace = if all_namespaces {
        None
    } else {
        Some(ctx.mesh_namespace().await?)
    };
    let query = ListQuery {
        namespace: namespace.clone(),
        label_selector: None,
    };
    let now = Timestamp::now();
    let mut rows = Vec::new();
    for vs in store
        .list(ISTIO_NETWORKING, "VirtualService", &query)
        .await?
    {
        let rec = match record_of(&vs) {
            Ok(Some(rec)) => rec,
            Ok(None) => continue,
            Err(err) => {
                ctx.printer.warn(&format!(
                    "skipping `{}`: {}",
                    vs.pointer("/metadata/name")
                        .and_then(Value::as_str)
                        .unwrap_or("?"),
                    err.message()
                ));
                continue;
            }
        };
        if blue_green.is_some_and(|bg| bg != rec.spec.is_blue_green()) {
            continue;
        }
        rows.push(row(&vs, &rec, now));
    }
    rows.sort_by(|a, b| (&a.namespace, &a.service).cmp(&(&b.namespace, &b.service)));
    if json {
        ctx.printer
            .data(&format!("{}\n", serde_json::to_string_pretty(&rows)?))?;
    } else if rows.is_empty() {
        match namespace {
            Some(ns) => ctx
                .printer
                .info(&format!("No rollouts found in namespace `{ns}`.")),
            None => ctx.printer.info("No rollouts found."),
        }
    } else {
        ctx.printer.data(&table(&rows))?;
    }
    Ok(ExitStatus::Success)
}
