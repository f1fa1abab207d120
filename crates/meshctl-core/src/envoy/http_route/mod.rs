//! HTTPRoutes (the Kubernetes Gateway API) → Envoy virtual hosts, beside the
//! VirtualServices' on the local mesh's one route configuration.
//!
//! A route's parents say which hosts it serves: a Service parent (GAMMA) the Service's
//! mesh host, as a VirtualService on the `mesh` gateway would (`reviews`,
//! `reviews.NS.svc.cluster.local`); a Gateway parent the hostnames its listeners
//! accept, intersected with the route's. Every route for one host is merged into one
//! virtual host, its matches sorted by the Gateway API's precedence ([`matches`]).
//! Backends are Services, so a split is between Services: each backend is the
//! unsubsetted cluster Istio would name for it, `outbound|PORT||NAME.NS.svc.cluster.local`.
//! What cannot be translated is a warning naming the route and field.

mod filters;
mod matches;

use super::route::{domains, weighted_clusters};
use super::{ClusterKey, DEFAULT_PORT, Warning, Warnings, describe, duration, namespace_of};
use crate::host::{self, service_fqdn};
use crate::model::{ApiGateway, ApiHttpRoute, BackendRef, HttpRouteRule, ParentRef};
use matches::Match;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The virtual host of one host the HTTPRoutes serve.
pub(super) struct HostRoutes {
    /// The key a VirtualService for the same host would have (its FQDN).
    pub fqdn: String,
    /// `HTTPRoute ns/name` of the first route serving it, for conflict warnings.
    pub owner: String,
    pub virtual_host: Value,
}

#[derive(Default)]
struct Host {
    domains: Vec<String>,
    owners: Vec<String>,
    routes: Vec<(Match, Map<String, Value>)>,
}

/// Translates `routes` (in namespace/name order) attached to the Gateway API
/// `gateways` or to Services.
pub(super) fn virtual_hosts(
    routes: &[&Value],
    gateways: &[&Value],
    clusters: &mut BTreeMap<ClusterKey, ()>,
    warnings: &mut Vec<Warning>,
) -> Vec<HostRoutes> {
    let gateways: BTreeMap<(String, String), ApiGateway> = gateways
        .iter()
        .filter_map(|g| {
            let gw = ApiGateway::read(g).ok()?;
            Some(((gw.namespace().to_string(), gw.name().to_string()), gw))
        })
        .collect();
    let mut hosts: BTreeMap<String, Host> = BTreeMap::new();
    for object in routes {
        let mut w = Warnings {
            resource: describe(object),
            out: warnings,
        };
        let route = match ApiHttpRoute::read(object) {
            Ok(r) => r,
            Err(e) => {
                w.push(
                    "spec",
                    format!("does not read as an HTTPRoute ({e}); not served"),
                );
                continue;
            }
        };
        w.unknown_keys(
            object.get("spec").unwrap_or(&Value::Null),
            "spec",
            &["parentRefs", "hostnames", "rules"],
        );
        let namespace = namespace_of(object).to_string();
        let mut entries = Vec::new();
        for (i, rule) in route.spec.rules.iter().enumerate() {
            let path = format!("spec.rules[{i}]");
            let action = rule_action(rule, &path, &namespace, clusters, &mut w);
            let raw = Value::Object(rule.extra.clone());
            for m in matches::rule_matches(&raw, &path, &mut w) {
                entries.push((m, action.clone()));
            }
        }
        if route.spec.rules.is_empty() {
            // The API server defaults an empty rule list to one rule without backends.
            entries.push((
                matches::rule_matches(&json!({}), "spec.rules", &mut w).remove(0),
                no_backend(),
            ));
        }
        for (host, host_domains) in served_hosts(&route, &namespace, &gateways, &mut w) {
            let h = hosts.entry(host).or_default();
            if h.domains.is_empty() {
                h.domains = host_domains;
            }
            h.owners.push(w.resource.clone());
            h.routes.extend(entries.iter().cloned());
        }
    }
    hosts
        .into_iter()
        .map(|(fqdn, mut h)| {
            // Stable: equal precedence keeps route, rule and match order.
            h.routes.sort_by(|a, b| a.0.precedence(&b.0));
            let routes: Vec<Value> = h
                .routes
                .into_iter()
                .map(|(m, action)| {
                    let mut route = Map::new();
                    route.insert("match".into(), m.envoy);
                    route.extend(action);
                    Value::Object(route)
                })
                .collect();
            let owners: Vec<&str> = h
                .owners
                .iter()
                .map(|o| o.trim_start_matches("HTTPRoute "))
                .collect();
            HostRoutes {
                virtual_host: json!({
                    "name": format!("{fqdn}:{}", owners.join("+")),
                    "domains": h.domains,
                    "routes": routes,
                }),
                owner: h.owners[0].clone(),
                fqdn,
            }
        })
        .collect()
}

/// The hosts a route serves (key, Envoy domains), by parent.
fn served_hosts(
    route: &ApiHttpRoute,
    namespace: &str,
    gateways: &BTreeMap<(String, String), ApiGateway>,
    w: &mut Warnings<'_>,
) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for (i, parent) in route.spec.parent_refs.iter().enumerate() {
        let field = format!("spec.parentRefs[{i}]");
        let parent_ns = parent.namespace.as_deref().unwrap_or(namespace);
        match (parent.group.as_deref(), parent.kind.as_deref()) {
            (Some(""), Some("Service")) => {
                if !route.spec.hostnames.is_empty() {
                    w.push(
                        "spec.hostnames",
                        "a Service parent (GAMMA) is reached by the Service's own host; the hostnames are ignored for it",
                    );
                }
                let full = service_fqdn(&parent.name, parent_ns);
                out.push((full.clone(), domains(&parent.name, &full)));
            }
            (None | Some(crate::model::GATEWAY_API_GROUP), None | Some("Gateway")) => {
                let Some(gw) = gateways.get(&(parent_ns.to_string(), parent.name.clone())) else {
                    w.push(
                        field,
                        format!("Gateway `{parent_ns}/{}` is not stored in the local mesh; the route is not served through it", parent.name),
                    );
                    continue;
                };
                let found = gateway_hosts(gw, parent, &route.spec.hostnames);
                if found.is_empty() {
                    w.push(
                        field,
                        format!("no listener of Gateway `{parent_ns}/{}` accepts the route's hostnames; not served through it", parent.name),
                    );
                }
                for h in found {
                    let d = if h == "*" {
                        vec!["*".to_string()]
                    } else {
                        domains(&h, &h)
                    };
                    out.push((h, d));
                }
            }
            (group, kind) => w.push(
                field,
                format!(
                    "a parent of kind `{}` (group `{}`) is not served by the local mesh",
                    kind.unwrap_or("Gateway"),
                    group.unwrap_or_default()
                ),
            ),
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The hostnames `route_hosts` has on the listeners of `gw` the parent names (all, or
/// its `sectionName`), each intersected as the Gateway API says: the more specific of
/// two names that can match, a listener without hostname taking the route's.
fn gateway_hosts(gw: &ApiGateway, parent: &ParentRef, route_hosts: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for listener in &gw.spec.listeners {
        if parent
            .section_name
            .as_deref()
            .is_some_and(|s| s != listener.name)
        {
            continue;
        }
        if !matches!(listener.protocol.as_str(), "HTTP" | "HTTPS") {
            continue;
        }
        match (listener.hostname.as_deref(), route_hosts) {
            (None, []) => out.push("*".to_string()),
            (None, hosts) => out.extend(hosts.iter().cloned()),
            (Some(l), []) => out.push(l.to_string()),
            (Some(l), hosts) => {
                for r in hosts {
                    if host::matches(l, r) {
                        // The one without the wildcard, else the longer wildcard.
                        let specific = match (l.starts_with('*'), r.starts_with('*')) {
                            (true, false) => r,
                            (false, _) => l,
                            (true, true) if r.len() >= l.len() => r,
                            (true, true) => l,
                        };
                        out.push(specific.to_string());
                    }
                }
            }
        }
    }
    out
}

/// Gateway API Gateways are served by the one local listener: plain HTTP, whatever
/// their ports; other protocols and TLS say so.
pub(super) fn gateway_warnings(gateway: &Value, out: &mut Vec<Warning>) {
    let mut w = Warnings {
        resource: describe(gateway),
        out,
    };
    let Ok(gw) = ApiGateway::read(gateway) else {
        w.push("spec", "does not read as a Gateway; not served");
        return;
    };
    for (i, l) in gw.spec.listeners.iter().enumerate() {
        match l.protocol.as_str() {
            "HTTP" => {}
            "HTTPS" => w.push(
                format!("spec.listeners[{i}].tls"),
                "TLS is not terminated by the local mesh; the listener is served as plain HTTP",
            ),
            other => w.push(
                format!("spec.listeners[{i}].protocol"),
                format!("`{other}` listeners are not served by the local mesh (HTTP only)"),
            ),
        }
    }
}

/// A rule that forwards nowhere: the Gateway API answers 500.
fn no_backend() -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("direct_response".into(), json!({"status": 500}));
    out
}

/// Everything of a rule's Envoy route but its match.
fn rule_action(
    rule: &HttpRouteRule,
    path: &str,
    namespace: &str,
    clusters: &mut BTreeMap<ClusterKey, ()>,
    w: &mut Warnings<'_>,
) -> Map<String, Value> {
    let raw = Value::Object(rule.extra.clone());
    w.unknown_keys(&raw, path, &["name", "matches", "filters", "timeouts"]);
    let filter_list = raw
        .get("filters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let f = filters::rule_filters(&filter_list, path, w);
    let mut out = f.headers;
    if let Some(redirect) = f.redirect {
        out.insert("redirect".into(), redirect);
        return out;
    }
    let mut weighted = Vec::new();
    for (i, b) in rule.backend_refs.iter().enumerate() {
        let field = format!("{path}.backendRefs[{i}]");
        let Some(key) = backend_key(b, &field, namespace, w) else {
            continue;
        };
        let backend_filters = b
            .extra
            .get("filters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let edits = filters::backend_filters(&backend_filters, &field, w);
        for other in b.extra.keys().filter(|k| *k != "filters") {
            w.push(
                format!("{field}.{other}"),
                "not supported by the local mesh; ignored",
            );
        }
        clusters.insert(key.clone(), ());
        weighted.push((key.name(), b.weight.unwrap_or(1), edits));
    }
    let total: u64 = weighted.iter().map(|(_, wt, _)| u64::from(*wt)).sum();
    let mut action = Map::new();
    match weighted.as_slice() {
        _ if total == 0 => {
            w.push(
                format!("{path}.backendRefs"),
                "no backend with a weight above 0; requests get 500, as the Gateway API says",
            );
            out.extend(no_backend());
            return out;
        }
        [(name, _, edits)] if edits.is_empty() => {
            action.insert("cluster".into(), json!(name));
        }
        many => {
            action.insert(
                "weighted_clusters".into(),
                weighted_clusters(
                    many.iter()
                        .map(|(name, wt, edits)| (name.as_str(), u64::from(*wt), edits)),
                ),
            );
        }
    }
    // No timeout unless one is given, as Istio translates HTTPRoutes.
    let timeout = raw
        .pointer("/timeouts/request")
        .and_then(|t| duration(t, &format!("{path}.timeouts.request"), w))
        .unwrap_or_else(|| "0s".into());
    action.insert("timeout".into(), json!(timeout));
    if let Some(timeouts) = raw.get("timeouts") {
        w.unknown_keys(timeouts, &format!("{path}.timeouts"), &["request"]);
    }
    action.extend(f.rewrite);
    let mut policies = Vec::new();
    for (backend, percent, field) in f.mirrors {
        let Ok(backend) = serde_json::from_value::<BackendRef>(backend) else {
            w.push(field, "the mirror names no backend; ignored");
            continue;
        };
        if let Some(key) = backend_key(&backend, &field, namespace, w) {
            clusters.insert(key.clone(), ());
            policies.push(filters::mirror_policy(&key.name(), percent));
        }
    }
    if !policies.is_empty() {
        action.insert("request_mirror_policies".into(), json!(policies));
    }
    out.insert("route".into(), Value::Object(action));
    out
}

/// The unsubsetted cluster of a Service backend; other kinds are warned about.
fn backend_key(
    b: &BackendRef,
    field: &str,
    namespace: &str,
    w: &mut Warnings<'_>,
) -> Option<ClusterKey> {
    let group = b.group.as_deref().unwrap_or("");
    let kind = b.kind.as_deref().unwrap_or("Service");
    if !group.is_empty() || kind != "Service" {
        w.push(
            field.to_string(),
            format!("a backend of kind `{kind}` is not served by the local mesh (Services only); skipped"),
        );
        return None;
    }
    Some(ClusterKey {
        fqdn: service_fqdn(&b.name, b.namespace.as_deref().unwrap_or(namespace)),
        port: b
            .port
            .and_then(|p| u16::try_from(p).ok())
            .unwrap_or(DEFAULT_PORT),
        subset: String::new(),
    })
}

#[cfg(test)]
mod tests;
