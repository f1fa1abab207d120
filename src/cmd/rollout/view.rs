//! How a recorded rollout is shown: the exit status of `status`, and `list` (every
//! rollout in a namespace, `-l` and every `-o`), for both strategies. The views are `core::rollout::view`.

use crate::cmd::Ctx;
use crate::cmd::canary::status::ListArgs;
use crate::core::model::GATEWAY_API_GROUP;
use crate::core::rollout::shape::HTTP_ROUTE;
use crate::core::rollout::view::{RolloutList, Row};
use crate::core::rollout::{Phase, RolloutRecord};
use crate::core::store::{ISTIO_NETWORKING, ListQuery};
use crate::output::view::watch;
use crate::{ExitStatus, Result};
use serde_json::Value;

use super::driver::record_of;

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

/// `list [-A]`: every VirtualService and HTTPRoute with a rollout record, as a table
/// or JSON.
pub async fn list(ctx: &Ctx, args: &ListArgs, blue_green: Option<bool>) -> Result<ExitStatus> {
    let read = || rollouts(ctx, args, blue_green);
    if args.watch.watch {
        watch(
            &ctx.printer,
            ctx.clock(),
            &args.output,
            WATCH_INTERVAL,
            read,
        )
        .await?;
    } else {
        ctx.printer.show_as(&read().await?, &args.output)?;
    }
    Ok(ExitStatus::Success)
}

/// How often `list --watch` reads the records again.
const WATCH_INTERVAL: std::time::Duration = std::time::Duration::from_secs(2);

/// Every rollout record `list` shows, read once.
async fn rollouts(ctx: &Ctx, args: &ListArgs, blue_green: Option<bool>) -> Result<RolloutList> {
    let store = ctx.mesh_store().await?;
    let namespace = if args.all_namespaces {
        None
    } else {
        Some(ctx.mesh_namespace().await?)
    };
    let query = ListQuery {
        namespace: namespace.clone(),
        label_selector: args.selector.selector.clone(),
    };
    let now = ctx.clock().now();
    let mut objects = store
        .list(ISTIO_NETWORKING, "VirtualService", &query)
        .await?;
    // HTTPRoutes where the workload cluster has them; a cluster without the Gateway
    // API (or a local mesh without HTTPRoutes) simply has none.
    let routes = async {
        ctx.route_store()
            .await?
            .list(GATEWAY_API_GROUP, HTTP_ROUTE, &query)
            .await
    };
    match routes.await {
        Ok(found) => objects.extend(found),
        Err(err) => ctx
            .printer
            .verbose(&format!("no HTTPRoutes listed: {}", err.message())),
    }
    let mut rows = Vec::new();
    for vs in objects {
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
        let ns = vs
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .unwrap_or_default();
        rows.push(Row::of(ns, &rec, now));
    }
    rows.sort_by(|a, b| (&a.namespace, &a.service).cmp(&(&b.namespace, &b.service)));
    Ok(RolloutList { rows, namespace })
}
