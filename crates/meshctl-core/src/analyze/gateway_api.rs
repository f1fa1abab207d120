//! The Gateway API analyzers: HTTPRoutes whose parent Gateway or backend Service is
//! not there, rules that send traffic nowhere, hostnames no listener accepts, and two
//! routes claiming the same parent, hostname and match. Kept apart from the Istio
//! analyzers (`rules.rs`) because they read other kinds; every pass is linear (routes
//! look Gateways and Services up by name, conflicts go through one map).

use super::rules::{finding, name, ns, of_kind};
use super::*;
use crate::model::{ApiGateway, ApiHttpRoute, GATEWAY_API_GROUP, ParentRef, Resource as Typed};
use std::collections::{BTreeMap, HashMap, HashSet};

pub(super) fn run(objects: &[Value], cluster: Option<&ClusterFacts>, out: &mut Vec<Finding>) {
    let of = |kind: &'static str| of_kind(objects, GATEWAY_API_GROUP, kind);
    let gateways: Vec<ApiGateway> = Typed::read_all(of("Gateway"));
    let mut routes: Vec<ApiHttpRoute> = Typed::read_all(of("HTTPRoute"));
    // By name, so the first of two conflicting routes is always the same one.
    routes.sort_by_key(Typed::key);
    let by_key: HashMap<String, &ApiGateway> = gateways.iter().map(|g| (g.key(), g)).collect();
    for route in &routes {
        parents(route, &by_key, out);
        zero_weights(route, out);
    }
    conflicts(&routes, out);
    if let Some(cluster) = cluster {
        let services: HashSet<(&str, &str)> =
            cluster.services.iter().map(|s| (ns(s), name(s))).collect();
        for route in &routes {
            missing_services(route, &services, out);
        }
    }
}

/// `ns/name` of a parentRef that names a Gateway (the default kind), else `None`
/// (a Service parent, GAMMA, is not a Gateway).
fn gateway_parent(route: &ApiHttpRoute, parent: &ParentRef) -> Option<String> {
    let group = parent.group.as_deref().unwrap_or(GATEWAY_API_GROUP);
    let kind = parent.kind.as_deref().unwrap_or("Gateway");
    (group == GATEWAY_API_GROUP && kind == "Gateway").then(|| {
        let namespace = parent.namespace.as_deref().unwrap_or(route.namespace());
        format!("{namespace}/{}", parent.name)
    })
}

/// Missing parent Gateways, and hostnames no listener of an existing parent accepts.
fn parents(route: &ApiHttpRoute, gateways: &HashMap<String, &ApiGateway>, out: &mut Vec<Finding>) {
    for (i, parent) in route.spec.parent_refs.iter().enumerate() {
        let Some(key) = gateway_parent(route, parent) else {
            continue;
        };
        let Some(gateway) = gateways.get(&key) else {
            out.push(finding(
                MISSING_PARENT_GATEWAY,
                route,
                format!("spec.parentRefs[{i}].name"),
                format!("parent Gateway `{key}` does not exist"),
            ));
            continue;
        };
        // A sectionName narrows the parent to that one listener.
        let listeners: Vec<Option<&str>> = gateway
            .spec
            .listeners
            .iter()
            .filter(|l| parent.section_name.as_ref().is_none_or(|s| *s == l.name))
            .map(|l| l.hostname.as_deref())
            .collect();
        if listeners.is_empty() {
            continue;
        }
        for (j, host) in route.spec.hostnames.iter().enumerate() {
            let accepted = listeners
                .iter()
                .any(|l| l.is_none_or(|l| hostnames_intersect(l, host)));
            if !accepted {
                out.push(finding(
                    UNACCEPTED_ROUTE_HOSTNAME,
                    route,
                    format!("spec.hostnames[{j}]"),
                    format!("hostname `{host}` is accepted by no listener of Gateway `{key}`"),
                ));
            }
        }
    }
}

/// Whether a listener hostname and a route hostname have a host in common. As the
/// Gateway API defines wildcards, `*.example.com` matches one or more labels before
/// `.example.com` and never `example.com` itself; either side may be a wildcard.
pub(super) fn hostnames_intersect(listener: &str, route: &str) -> bool {
    let covers = |wild: &str, host: &str| {
        wild.strip_prefix('*')
            .is_some_and(|suffix| host.len() > suffix.len() && host.ends_with(suffix))
    };
    listener.eq_ignore_ascii_case(route) || covers(listener, route) || covers(route, listener)
}

/// A rule whose backends all weigh 0 (a backend without a weight weighs 1).
fn zero_weights(route: &ApiHttpRoute, out: &mut Vec<Finding>) {
    for (i, rule) in route.spec.rules.iter().enumerate() {
        let refs = &rule.backend_refs;
        if !refs.is_empty() && refs.iter().all(|b| b.weight == Some(0)) {
            out.push(finding(
                ZERO_BACKEND_WEIGHTS,
                route,
                format!("spec.rules[{i}].backendRefs"),
                format!("the weights of `rules[{i}]`'s backends total 0"),
            ));
        }
    }
}

/// A backendRef to a Service (the default kind) that the cluster does not have.
fn missing_services(
    route: &ApiHttpRoute,
    services: &HashSet<(&str, &str)>,
    out: &mut Vec<Finding>,
) {
    for (i, rule) in route.spec.rules.iter().enumerate() {
        for (j, backend) in rule.backend_refs.iter().enumerate() {
            let core = backend.group.as_deref().unwrap_or_default().is_empty();
            if !core || backend.kind.as_deref().unwrap_or("Service") != "Service" {
                continue;
            }
            let namespace = backend.namespace.as_deref().unwrap_or(route.namespace());
            if !services.contains(&(namespace, backend.name.as_str())) {
                out.push(finding(
                    MISSING_BACKEND_SERVICE,
                    route,
                    format!("spec.rules[{i}].backendRefs[{j}].name"),
                    format!(
                        "backend Service `{namespace}/{}` does not exist",
                        backend.name
                    ),
                ));
            }
        }
    }
}

/// A match written the same way whatever the key order, with the Gateway API's
/// defaults filled in (no match, or no path, is `PathPrefix /`).
fn match_key(m: Option<&Value>) -> String {
    let mut m = m.cloned().unwrap_or_else(|| serde_json::json!({}));
    if let Some(obj) = m.as_object_mut() {
        let path = obj
            .entry("path")
            .or_insert_with(|| serde_json::json!({"value": "/"}));
        if let Some(p) = path.as_object_mut() {
            p.entry("type").or_insert_with(|| "PathPrefix".into());
        }
    }
    canonical(&m)
}

fn canonical(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let sorted: BTreeMap<&String, String> =
                map.iter().map(|(k, v)| (k, canonical(v))).collect();
            let parts: Vec<String> = sorted.iter().map(|(k, v)| format!("{k:?}:{v}")).collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", parts.join(","))
        }
        other => other.to_string(),
    }
}

/// Two routes with the same match on the same parent Gateway and hostname: one map
/// keyed by all three, so each match is looked up once rather than compared pairwise.
fn conflicts(routes: &[ApiHttpRoute], out: &mut Vec<Finding>) {
    let mut seen: HashMap<(String, String, String), &ApiHttpRoute> = HashMap::new();
    for route in routes {
        let parents: Vec<String> = route
            .spec
            .parent_refs
            .iter()
            .filter_map(|p| gateway_parent(route, p))
            .collect();
        // No hostnames: the route takes every hostname its listeners accept.
        let any = ["*".to_string()];
        let hosts = if route.spec.hostnames.is_empty() {
            &any[..]
        } else {
            &route.spec.hostnames[..]
        };
        for (i, rule) in route.spec.rules.iter().enumerate() {
            let matches = rule.extra.get("matches").and_then(Value::as_array);
            let keys: Vec<String> = match matches {
                Some(list) if !list.is_empty() => list.iter().map(|m| match_key(Some(m))).collect(),
                _ => vec![match_key(None)],
            };
            for parent in &parents {
                for host in hosts {
                    for key in &keys {
                        let slot = (parent.clone(), host.to_ascii_lowercase(), key.clone());
                        match seen.get(&slot) {
                            Some(first) if !std::ptr::eq(*first, route) => out.push(finding(
                                CONFLICTING_HTTP_ROUTES,
                                route,
                                format!("spec.rules[{i}]"),
                                format!(
                                    "`rules[{i}]` matches the same requests for `{host}` on Gateway `{parent}` as HTTPRoute `{}`",
                                    first.key()
                                ),
                            )),
                            Some(_) => {}
                            None => {
                                seen.insert(slot, route);
                            }
                        }
                    }
                }
            }
        }
    }
}
