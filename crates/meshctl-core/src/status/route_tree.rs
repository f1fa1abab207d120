//! The Gateway API's HTTPRoutes in the tree of one service: the routes that send to
//! the Service (a `backendRef`), attach to it (a GAMMA `parentRef`), or are named like
//! it (the one `policy --api gateway-api` edits), each with its parents and their
//! conditions, and its rules with their matches, timeouts and backends' shares.

use super::http_routes::HttpRouteRow;
use crate::host::fqdn;
use crate::model::{ApiHttpRoute, HttpRouteRule};
use crate::view::Node;
use serde_json::Value;

/// Whether a reference of group `group` and kind `kind` names a Kubernetes Service
/// (`kind_default`: the kind when unset — `Service` for a backend, `Gateway` for a
/// parent).
fn is_service(group: Option<&str>, kind: Option<&str>, kind_default: &str) -> bool {
    group.unwrap_or("").is_empty() && kind.unwrap_or(kind_default) == "Service"
}

/// Whether `route` concerns the service `host` (fully qualified).
pub(crate) fn concerns(route: &ApiHttpRoute, host: &str) -> bool {
    let ns = route.namespace();
    let names = |name: &str, namespace: Option<&str>| fqdn(name, namespace.unwrap_or(ns)) == host;
    names(&route.metadata.name, None)
        || route.spec.parent_refs.iter().any(|p| {
            is_service(p.group.as_deref(), p.kind.as_deref(), "Gateway")
                && names(&p.name, p.namespace.as_deref())
        })
        || route.spec.rules.iter().any(|r| {
            r.backend_refs.iter().any(|b| {
                is_service(b.group.as_deref(), b.kind.as_deref(), "Service")
                    && names(&b.name, b.namespace.as_deref())
            })
        })
}

/// `path PathPrefix=/api, header x-tester Exact=yes`, matches joined by ` or `;
/// `None` for a rule that takes every request (no matches, or only the prefix `/`
/// the API server writes for none).
fn describe_matches(rule: &HttpRouteRule) -> Option<String> {
    let matches = rule.extra.get("matches").and_then(Value::as_array)?;
    let text = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or("").to_string();
    let described: Vec<String> = matches
        .iter()
        .map(|m| {
            let mut parts = Vec::new();
            if let Some(path) = m.get("path") {
                let kind = path
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("PathPrefix");
                parts.push(format!("path {kind}={}", text(path.get("value"))));
            }
            for (key, word) in [("headers", "header"), ("queryParams", "query")] {
                for h in m.get(key).and_then(Value::as_array).into_iter().flatten() {
                    let kind = h.get("type").and_then(Value::as_str).unwrap_or("Exact");
                    let (name, value) = (text(h.get("name")), text(h.get("value")));
                    parts.push(format!("{word} {name} {kind}={value}"));
                }
            }
            if let Some(method) = m.get("method").and_then(Value::as_str) {
                parts.push(format!("method={method}"));
            }
            parts.join(", ")
        })
        .collect();
    let every_request = described.is_empty() || described == ["path PathPrefix=/"];
    (!every_request).then(|| described.join(" or "))
}

/// `  timeouts request=2s backendRequest=500ms`, or nothing.
fn describe_timeouts(rule: &HttpRouteRule) -> String {
    let Some(timeouts) = rule.extra.get("timeouts").and_then(Value::as_object) else {
        return String::new();
    };
    let set: Vec<String> = timeouts
        .iter()
        .map(|(k, v)| format!("{k}={}", v.as_str().map_or(v.to_string(), str::to_string)))
        .collect();
    if set.is_empty() {
        String::new()
    } else {
        format!("  timeouts {}", set.join(" "))
    }
}

/// One route as a node of the tree. `row` is the route as the status table reads it;
/// `pods` answers `pods READY/ALL ready` for a backend host that is the service's own.
pub(crate) fn route_node(
    route: &ApiHttpRoute,
    row: &HttpRouteRow,
    pods: &dyn Fn(&str) -> Option<String>,
) -> Node {
    let ns = route.namespace();
    let mut label = format!("HTTPRoute {ns}/{}", route.metadata.name);
    if !row.hostnames.is_empty() {
        label.push_str(&format!("  {}", row.hostnames.join(",")));
    }
    let mut children: Vec<Node> = row
        .parents
        .iter()
        .map(|parent| {
            let state = match row.conditions.iter().find(|c| c.parent == *parent) {
                Some(c) => format!("Accepted={} ResolvedRefs={}", c.accepted, c.resolved_refs),
                None => "(no controller reported)".to_string(),
            };
            Node::leaf(format!("parent {parent}  {state}"))
        })
        .collect();
    for (i, (rule, backends)) in route.spec.rules.iter().zip(&row.rules).enumerate() {
        let mut what = format!("rule[{i}]");
        if let Some(name) = rule.extra.get("name").and_then(Value::as_str) {
            what.push_str(&format!(" {name}"));
        }
        match describe_matches(rule) {
            Some(m) => what.push_str(&format!(" match {m}")),
            None => what.push_str(" default"),
        }
        what.push_str(&describe_timeouts(rule));
        let total: u32 = backends.iter().map(|b| b.weight).sum();
        let shown = rule.backend_refs.iter().zip(backends).map(|(b, shown)| {
            let share = if total == 0 {
                0
            } else {
                (f64::from(shown.weight) * 100.0 / f64::from(total)).round() as u32
            };
            let host = fqdn(&b.name, b.namespace.as_deref().unwrap_or(ns));
            let own = is_service(b.group.as_deref(), b.kind.as_deref(), "Service");
            Node {
                label: format!("{} {share}%", shown.backend),
                children: own
                    .then(|| pods(&host))
                    .flatten()
                    .map(Node::leaf)
                    .into_iter()
                    .collect(),
            }
        });
        children.push(Node {
            label: what,
            children: shown.collect(),
        });
    }
    Node { label, children }
}
