//! The Gateway API's HTTPRoutes in `status`: per route its parents, hostnames, each
//! rule's weighted backends, and the `Accepted`/`ResolvedRefs` conditions a controller
//! wrote to `status.parents[]` (`-` until one did, so a route no controller took is
//! told from one that was refused).

use crate::model::{ApiHttpRoute, BackendRef, ParentRef, Resource};
use crate::view::{Table, cell};
use serde::Serialize;
use serde_json::Value;

/// One HTTPRoute as `status` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteRow {
    /// Always `HTTPRoute`: tells these entries from the service rows in `-o json`.
    pub kind: &'static str,
    pub namespace: String,
    pub name: String,
    /// `web`, `other-ns/web`, `web:http` (a section), `Service/reviews` (GAMMA).
    pub parents: Vec<String>,
    pub hostnames: Vec<String>,
    /// Each rule's backends, in order.
    pub rules: Vec<Vec<RouteBackend>>,
    /// One entry per parent a controller reported on.
    pub conditions: Vec<ParentConditions>,
}

/// A backend of a rule: `name:port` (`ns/name:port` in another namespace) and its
/// weight (the Gateway API's default is 1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteBackend {
    pub backend: String,
    pub weight: u32,
}

/// The two conditions of one `status.parents[]` entry: `True`, `False`, `Unknown`,
/// or `-` when the controller did not set it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParentConditions {
    pub parent: String,
    pub accepted: String,
    pub resolved_refs: String,
}

/// The routes of listed objects, by namespace then name; an object that does not fit
/// the model is left out, as `Objects::read` does.
pub fn http_route_rows(objects: &[Value]) -> Vec<HttpRouteRow> {
    let mut rows: Vec<HttpRouteRow> = Resource::read_all(objects)
        .iter()
        .map(http_route_row)
        .collect();
    rows.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    rows
}

pub(super) fn http_route_row(route: &ApiHttpRoute) -> HttpRouteRow {
    let ns = route.namespace();
    let conditions = route
        .extra
        .get("status")
        .and_then(|s| s.get("parents"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| parent_conditions(ns, p))
        .collect();
    HttpRouteRow {
        kind: "HTTPRoute",
        namespace: ns.to_string(),
        name: route.metadata.name.clone(),
        parents: route
            .spec
            .parent_refs
            .iter()
            .map(|p| parent_name(ns, p))
            .collect(),
        hostnames: route.spec.hostnames.clone(),
        rules: route
            .spec
            .rules
            .iter()
            .map(|r| r.backend_refs.iter().map(|b| backend(ns, b)).collect())
            .collect(),
        conditions,
    }
}

fn parent_name(ns: &str, p: &ParentRef) -> String {
    let mut name = String::new();
    if let Some(kind) = p.kind.as_deref().filter(|k| *k != "Gateway") {
        name.push_str(&format!("{kind}/"));
    }
    if let Some(other) = p.namespace.as_deref().filter(|n| *n != ns) {
        name.push_str(&format!("{other}/"));
    }
    name.push_str(&p.name);
    if let Some(section) = &p.section_name {
        name.push_str(&format!(":{section}"));
    } else if let Some(port) = p.port {
        name.push_str(&format!(":{port}"));
    }
    name
}

fn backend(ns: &str, b: &BackendRef) -> RouteBackend {
    let mut name = match b.namespace.as_deref().filter(|n| *n != ns) {
        Some(other) => format!("{other}/{}", b.name),
        None => b.name.clone(),
    };
    if let Some(kind) = b.kind.as_deref().filter(|k| *k != "Service") {
        name = format!("{kind}/{name}");
    }
    if let Some(port) = b.port {
        name.push_str(&format!(":{port}"));
    }
    RouteBackend {
        backend: name,
        weight: b.weight.unwrap_or(1),
    }
}

fn parent_conditions(ns: &str, status: &Value) -> ParentConditions {
    let parent = status
        .get("parentRef")
        .and_then(|p| serde_json::from_value::<ParentRef>(p.clone()).ok())
        .map_or_else(|| "-".to_string(), |p| parent_name(ns, &p));
    let condition = |kind: &str| {
        status
            .get("conditions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|c| c.get("type").and_then(Value::as_str) == Some(kind))
            .and_then(|c| c.get("status").and_then(Value::as_str))
            .unwrap_or("-")
            .to_string()
    };
    ParentConditions {
        parent,
        accepted: condition("Accepted"),
        resolved_refs: condition("ResolvedRefs"),
    }
}

/// `reviews-v1:9080=90 reviews-v2:9080=10`, rules separated by `; `.
fn backends_cell(rules: &[Vec<RouteBackend>]) -> String {
    let text = rules
        .iter()
        .map(|rule| {
            rule.iter()
                .map(|b| format!("{}={}", b.backend, b.weight))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|r| !r.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    if text.is_empty() { "-".into() } else { text }
}

/// One condition over the reported parents: the status alone for one parent,
/// `parent=status` each for several, `-` when no controller reported.
fn condition_cell(conditions: &[ParentConditions], pick: fn(&ParentConditions) -> &str) -> String {
    match conditions {
        [] => "-".into(),
        [one] => pick(one).to_string(),
        many => many
            .iter()
            .map(|c| format!("{}={}", c.parent, pick(c)))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// The HTTPRoutes table.
pub fn http_routes_table(routes: &[HttpRouteRow]) -> Table {
    let mut t = Table::new([
        "namespace",
        "httproute",
        "parents",
        "hostnames",
        "backends",
        "accepted",
        "resolvedrefs",
    ]);
    for r in routes {
        t.row([
            r.namespace.clone(),
            r.name.clone(),
            cell(&r.parents),
            cell(&r.hostnames),
            backends_cell(&r.rules),
            condition_cell(&r.conditions, |c| &c.accepted),
            condition_cell(&r.conditions, |c| &c.resolved_refs),
        ]);
    }
    t
}
