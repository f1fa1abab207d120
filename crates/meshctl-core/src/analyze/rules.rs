//! The analyzers, one function per code. Each reads the objects it cares about and
//! pushes findings; none depends on another's result.

use super::hosts::{fqdn, host_matches, namespace_of_host};
use super::*;
use crate::rollout::{ANNOTATION, RolloutRecord};
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn run(input: Input<'_>) -> Vec<Finding> {
    let objs = Objects::new(input.objects);
    let mut out = Vec::new();
    undefined_subsets(&objs, &mut out);
    missing_gateways(&objs, &mut out);
    unrouted_gateway_hosts(&objs, &mut out);
    zero_weights(&objs, &mut out);
    conflicting_virtual_services(&objs, &mut out);
    duplicate_destination_rules(&objs, &mut out);
    tls_without_ca(&objs, &mut out);
    shadowed_routes(&objs, &mut out);
    rollout_records(&objs, input.now, &mut out);
    if let Some(cluster) = input.cluster {
        subsets_without_pods(&objs, cluster, &mut out);
        missing_tls_secrets(&objs, cluster, &mut out);
        gateway_ports(&objs, cluster, &mut out);
    }
    out
}

/// The Istio objects by kind.
struct Objects<'a> {
    virtual_services: Vec<&'a Value>,
    destination_rules: Vec<&'a Value>,
    gateways: Vec<&'a Value>,
}

impl<'a> Objects<'a> {
    fn new(all: &'a [Value]) -> Self {
        let of = |kind: &str| -> Vec<&'a Value> {
            all.iter()
                .filter(|o| {
                    o.get("kind").and_then(Value::as_str) == Some(kind)
                        && o.get("apiVersion")
                            .and_then(Value::as_str)
                            .is_some_and(|v| v.starts_with("networking.istio.io/"))
                })
                .collect()
        };
        Objects {
            virtual_services: of("VirtualService"),
            destination_rules: of("DestinationRule"),
            gateways: of("Gateway"),
        }
    }
}

fn ns(object: &Value) -> &str {
    object
        .pointer("/metadata/namespace")
        .and_then(Value::as_str)
        .unwrap_or("default")
}

fn name(object: &Value) -> &str {
    object
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn arr(value: Option<&Value>) -> &[Value] {
    value.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn strs(value: Option<&Value>) -> impl Iterator<Item = &str> {
    arr(value).iter().filter_map(Value::as_str)
}

fn finding(code: Code, object: &Value, path: String, message: String) -> Finding {
    Finding {
        code: code.code,
        level: code.level,
        resource: Resource::of(object),
        message,
        path,
    }
}

/// The gateways a VirtualService binds, as `ns/name`, or `mesh`.
fn bound_gateways(vs: &Value) -> Vec<String> {
    let listed: Vec<&str> = strs(vs.pointer("/spec/gateways")).collect();
    if listed.is_empty() {
        return vec!["mesh".to_string()];
    }
    listed
        .into_iter()
        .map(|g| qualify_gateway(g, ns(vs)))
        .collect()
}

/// `name` → `ns/name`; `mesh` stays `mesh`.
pub(crate) fn qualify_gateway(gateway: &str, namespace: &str) -> String {
    if gateway == "mesh" || gateway.contains('/') {
        gateway.to_string()
    } else {
        format!("{namespace}/{gateway}")
    }
}

/// The route sections of a VirtualService that carry destinations.
const SECTIONS: [&str; 3] = ["http", "tls", "tcp"];

/// Every `(path, destination)` of a VirtualService.
fn destinations(vs: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    for section in SECTIONS {
        for (i, rule) in arr(vs.pointer(&format!("/spec/{section}")))
            .iter()
            .enumerate()
        {
            for (j, route) in arr(rule.get("route")).iter().enumerate() {
                if let Some(d) = route.get("destination") {
                    out.push((format!("spec.{section}[{i}].route[{j}].destination"), d));
                }
            }
            if let Some(d) = rule.pointer("/mirror") {
                out.push((format!("spec.{section}[{i}].mirror"), d));
            }
        }
    }
    out
}

/// The DestinationRules whose host covers `host` (fully qualified).
fn rules_for<'a>(objs: &Objects<'a>, host: &str) -> Vec<&'a Value> {
    objs.destination_rules
        .iter()
        .copied()
        .filter(|dr| {
            dr.pointer("/spec/host")
                .and_then(Value::as_str)
                .is_some_and(|h| host_matches(&fqdn(h, ns(dr)), host))
        })
        .collect()
}

fn undefined_subsets(objs: &Objects<'_>, out: &mut Vec<Finding>) {
    for vs in &objs.virtual_services {
        for (path, dest) in destinations(vs) {
            let (Some(host), Some(subset)) = (
                dest.get("host").and_then(Value::as_str),
                dest.get("subset").and_then(Value::as_str),
            ) else {
                continue;
            };
            let host = fqdn(host, ns(vs));
            let rules = rules_for(objs, &host);
            let defined = rules.iter().any(|dr| {
                arr(dr.pointer("/spec/subsets"))
                    .iter()
                    .any(|s| s.get("name").and_then(Value::as_str) == Some(subset))
            });
            if !defined {
                let why = if rules.is_empty() {
                    "no DestinationRule exists for the host".to_string()
                } else {
                    let names: Vec<String> = rules
                        .iter()
                        .map(|dr| format!("`{}/{}`", ns(dr), name(dr)))
                        .collect();
                    format!("DestinationRule {} does not define it", names.join(", "))
                };
                out.push(finding(
                    UNDEFINED_SUBSET,
                    vs,
                    format!("{path}.subset"),
                    format!("route to subset `{subset}` of `{host}`, but {why}"),
                ));
            }
        }
    }
}

fn missing_gateways(objs: &Objects<'_>, out: &mut Vec<Finding>) {
    let known: BTreeSet<String> = objs
        .gateways
        .iter()
        .map(|g| format!("{}/{}", ns(g), name(g)))
        .collect();
    for vs in &objs.virtual_services {
        for (i, g) in strs(vs.pointer("/spec/gateways")).enumerate() {
            let q = qualify_gateway(g, ns(vs));
            if q != "mesh" && !known.contains(&q) {
                out.push(finding(
                    MISSING_GATEWAY,
                    vs,
                    format!("spec.gateways[{i}]"),
                    format!("bound to Gateway `{q}`, which does not exist"),
                ));
            }
        }
    }
}

/// A Gateway server host without its `ns/` prefix.
fn gateway_host(host: &str) -> &str {
    host.split_once('/').map_or(host, |(_, h)| h)
}

fn unrouted_gateway_hosts(objs: &Objects<'_>, out: &mut Vec<Finding>) {
    for gw in &objs.gateways {
        let me = format!("{}/{}", ns(gw), name(gw));
        let served: Vec<String> = objs
            .virtual_services
            .iter()
            .filter(|vs| bound_gateways(vs).contains(&me))
            .flat_map(|vs| strs(vs.pointer("/spec/hosts")).map(|h| fqdn(h, ns(vs))))
            .collect();
        for (i, server) in arr(gw.pointer("/spec/servers")).iter().enumerate() {
            // A server that only redirects to HTTPS needs no route.
            if server
                .pointer("/tls/httpsRedirect")
                .and_then(Value::as_bool)
                == Some(true)
            {
                continue;
            }
            for (j, host) in strs(server.get("hosts")).enumerate() {
                let h = gateway_host(host);
                if !served.iter().any(|s| host_matches(s, h)) {
                    out.push(finding(
                        UNROUTED_GATEWAY_HOST,
                        gw,
                        format!("spec.servers[{i}].hosts[{j}]"),
                        format!("host `{h}` is accepted, but no VirtualService bound to `{me}` serves it"),
                    ));
                }
            }
        }
    }
}

fn zero_weights(objs: &Objects<'_>, out: &mut Vec<Finding>) {
    for vs in &objs.virtual_services {
        for section in SECTIONS {
            for (i, rule) in arr(vs.pointer(&format!("/spec/{section}")))
                .iter()
                .enumerate()
            {
                let routes = arr(rule.get("route"));
                if routes.is_empty() {
                    continue;
                }
                let explicit: Vec<Option<u64>> = routes
                    .iter()
                    .map(|r| r.get("weight").and_then(Value::as_u64))
                    .collect();
                // One destination without a weight gets all traffic.
                let zero = if routes.len() == 1 {
                    explicit[0] == Some(0)
                } else {
                    explicit.iter().map(|w| w.unwrap_or(0)).sum::<u64>() == 0
                };
                if zero {
                    out.push(finding(
                        ZERO_WEIGHTS,
                        vs,
                        format!("spec.{section}[{i}].route"),
                        format!(
                            "the weights of `{section}[{i}]`'s {} total 0",
                            if routes.len() == 1 {
                                "destination"
                            } else {
                                "destinations"
                            }
                        ),
                    ));
                }
            }
        }
    }
}

fn conflicting_virtual_services(objs: &Objects<'_>, out: &mut Vec<Finding>) {
    let mut seen: BTreeMap<(String, String), &Value> = BTreeMap::new();
    let mut sorted = objs.virtual_services.clone();
    sorted.sort_by_key(|vs| (ns(vs).to_string(), name(vs).to_string()));
    for vs in sorted {
        let hosts: BTreeSet<String> = strs(vs.pointer("/spec/hosts"))
            .map(|h| fqdn(h, ns(vs)))
            .collect();
        for gateway in bound_gateways(vs) {
            for host in &hosts {
                match seen.get(&(gateway.clone(), host.clone())) {
                    Some(first) if !std::ptr::eq(*first, vs) => out.push(finding(
                        CONFLICTING_VIRTUAL_SERVICES,
                        vs,
                        "spec.hosts".into(),
                        format!(
                            "host `{host}` on gateway `{gateway}` is also served by VirtualService `{}/{}`",
                            ns(first),
                            name(first)
                        ),
                    )),
                    Some(_) => {}
                    None => {
                        seen.insert((gateway.clone(), host.clone()), vs);
                    }
                }
            }
        }
    }
}

fn duplicate_destination_rules(objs: &Objects<'_>, out: &mut Vec<Finding>) {
    let mut seen: BTreeMap<String, &Value> = BTreeMap::new();
    let mut sorted = objs.destination_rules.clone();
    sorted.sort_by_key(|dr| (ns(dr).to_string(), name(dr).to_string()));
    for dr in sorted {
        let Some(host) = dr.pointer("/spec/host").and_then(Value::as_str) else {
            continue;
        };
        let host = fqdn(host, ns(dr));
        match seen.get(&host) {
            Some(first) => out.push(finding(
                DUPLICATE_DESTINATION_RULES,
                dr,
                "spec.host".into(),
                format!(
                    "host `{host}` already has DestinationRule `{}/{}`",
                    ns(first),
                    name(first)
                ),
            )),
            None => {
                seen.insert(host, dr);
            }
        }
    }
}

fn tls_without_ca(objs: &Objects<'_>, out: &mut Vec<Finding>) {
    for dr in &objs.destination_rules {
        let mut policies: Vec<(String, &Value)> = Vec::new();
        if let Some(p) = dr.pointer("/spec/trafficPolicy") {
            policies.push(("spec.trafficPolicy".into(), p));
        }
        for (i, s) in arr(dr.pointer("/spec/subsets")).iter().enumerate() {
            if let Some(p) = s.get("trafficPolicy") {
                policies.push((format!("spec.subsets[{i}].trafficPolicy"), p));
            }
        }
        let mut tls: Vec<(String, &Value)> = Vec::new();
        for (path, p) in policies {
            if let Some(t) = p.get("tls") {
                tls.push((format!("{path}.tls"), t));
            }
            for (j, port) in arr(p.get("portLevelSettings")).iter().enumerate() {
                if let Some(t) = port.get("tls") {
                    tls.push((format!("{path}.portLevelSettings[{j}].tls"), t));
                }
            }
        }
        for (path, t) in tls {
            let mode = t.get("mode").and_then(Value::as_str).unwrap_or_default();
            let has = |k: &str| {
                t.get(k)
                    .and_then(Value::as_str)
                    .is_some_and(|s| !s.is_empty())
            };
            let skip = t.get("insecureSkipVerify").and_then(Value::as_bool) == Some(true);
            if matches!(mode, "SIMPLE" | "MUTUAL")
                && !has("caCertificates")
                && !has("credentialName")
                && !skip
            {
                out.push(finding(
                    TLS_WITHOUT_CA,
                    dr,
                    format!("{path}.mode"),
                    format!(
                        "`{mode}` TLS origination names no `caCertificates` or `credentialName`; the server certificate is checked only against the proxy's default roots"
                    ),
                ));
            }
        }
    }
}

/// Whether an HTTP route matches every request: no `match`, or a match entry with no
/// conditions at all.
fn matches_everything(route: &Value) -> bool {
    match route.get("match").and_then(Value::as_array) {
        None => true,
        Some(list) if list.is_empty() => true,
        Some(list) => list
            .iter()
            .any(|m| m.as_object().is_none_or(|o| o.keys().all(|k| k == "name"))),
    }
}

fn shadowed_routes(objs: &Objects<'_>, out: &mut Vec<Finding>) {
    for vs in &objs.virtual_services {
        let routes = arr(vs.pointer("/spec/http"));
        let Some(first) = routes.iter().position(matches_everything) else {
            continue;
        };
        for j in first + 1..routes.len() {
            out.push(finding(
                SHADOWED_ROUTE,
                vs,
                format!("spec.http[{j}]"),
                format!(
                    "`http[{j}]` is never reached: `http[{first}]` before it matches every request"
                ),
            ));
        }
    }
}

fn rollout_records(objs: &Objects<'_>, now: Timestamp, out: &mut Vec<Finding>) {
    for vs in &objs.virtual_services {
        let Some(text) = vs
            .pointer("/metadata/annotations")
            .and_then(|a| a.get(ANNOTATION))
            .and_then(Value::as_str)
        else {
            continue;
        };
        let path = format!("metadata.annotations[{ANNOTATION}]");
        match RolloutRecord::decode(text) {
            Err(e) => out.push(finding(
                UNREADABLE_ROLLOUT_RECORD,
                vs,
                path,
                format!("the rollout record cannot be read: {e}"),
            )),
            Ok(record) => {
                if record.phase.is_terminal() {
                    continue;
                }
                if let Some(lock) = record.lock.as_ref().filter(|l| !l.is_live(now)) {
                    out.push(finding(
                        EXPIRED_ROLLOUT_LOCK,
                        vs,
                        path,
                        format!(
                            "rollout is `{}` at stage {} with canary weight {}%, but the lock of `{}` expired at {}",
                            record.phase,
                            record.stage + 1,
                            record.canary_weight(),
                            lock.holder,
                            lock.expires_at
                        ),
                    ));
                }
            }
        }
    }
}

fn labels_of(value: Option<&Value>) -> Vec<(&str, &str)> {
    value
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.as_str(), v)))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether an object's labels contain every `k=v` of `selector`.
pub(crate) fn selects(selector: &[(&str, &str)], object: &Value) -> bool {
    let labels = object.pointer("/metadata/labels");
    selector
        .iter()
        .all(|(k, v)| labels.and_then(|l| l.get(*k)).and_then(Value::as_str) == Some(*v))
}

fn subsets_without_pods(objs: &Objects<'_>, cluster: &ClusterFacts, out: &mut Vec<Finding>) {
    for dr in &objs.destination_rules {
        let Some(host) = dr.pointer("/spec/host").and_then(Value::as_str) else {
            continue;
        };
        let host = fqdn(host, ns(dr));
        let Some(service_ns) = namespace_of_host(&host) else {
            continue;
        };
        let service_name = super::hosts::short_host(&host);
        // The subset's pods are the service's pods that also carry the subset labels.
        let service_selector: Vec<(&str, &str)> = cluster
            .services
            .iter()
            .find(|s| ns(s) == service_ns && name(s) == service_name)
            .map(|s| labels_of(s.pointer("/spec/selector")))
            .unwrap_or_default();
        for (i, subset) in arr(dr.pointer("/spec/subsets")).iter().enumerate() {
            let labels = labels_of(subset.get("labels"));
            if labels.is_empty() {
                continue;
            }
            let mut selector = service_selector.clone();
            selector.extend(labels.iter().copied());
            let found = cluster
                .pods
                .iter()
                .any(|p| ns(p) == service_ns && selects(&selector, p));
            if !found {
                let shown: Vec<String> = selector.iter().map(|(k, v)| format!("{k}={v}")).collect();
                out.push(finding(
                    SUBSET_WITHOUT_PODS,
                    dr,
                    format!("spec.subsets[{i}].labels"),
                    format!(
                        "subset `{}` selects no pod in namespace `{service_ns}` (labels `{}`)",
                        subset
                            .get("name")
                            .and_then(Value::as_str)
                            .unwrap_or_default(),
                        shown.join(",")
                    ),
                ));
            }
        }
    }
}

/// The namespaces a Gateway's workload runs in: those of the pods its selector picks,
/// else the Gateway's own namespace.
fn gateway_namespaces(gw: &Value, cluster: &ClusterFacts) -> BTreeSet<String> {
    let selector = labels_of(gw.pointer("/spec/selector"));
    let mut found: BTreeSet<String> = cluster
        .pods
        .iter()
        .filter(|p| !selector.is_empty() && selects(&selector, p))
        .map(|p| ns(p).to_string())
        .collect();
    if found.is_empty() {
        found.insert(ns(gw).to_string());
    }
    found
}

fn missing_tls_secrets(objs: &Objects<'_>, cluster: &ClusterFacts, out: &mut Vec<Finding>) {
    for gw in &objs.gateways {
        let namespaces = gateway_namespaces(gw, cluster);
        for (i, server) in arr(gw.pointer("/spec/servers")).iter().enumerate() {
            let Some(secret) = server
                .pointer("/tls/credentialName")
                .and_then(Value::as_str)
            else {
                continue;
            };
            let exists = namespaces.iter().any(|n| {
                cluster
                    .secrets
                    .iter()
                    .any(|(sn, name)| sn == n && name == secret)
            });
            if !exists {
                let list: Vec<String> = namespaces.iter().map(|n| format!("`{n}`")).collect();
                out.push(finding(
                    MISSING_TLS_SECRET,
                    gw,
                    format!("spec.servers[{i}].tls.credentialName"),
                    format!(
                        "TLS Secret `{secret}` does not exist in {} where the gateway runs",
                        list.join(", ")
                    ),
                ));
            }
        }
    }
}

fn gateway_ports(objs: &Objects<'_>, cluster: &ClusterFacts, out: &mut Vec<Finding>) {
    for gw in &objs.gateways {
        let selector = labels_of(gw.pointer("/spec/selector"));
        if selector.is_empty() {
            continue;
        }
        let pods: Vec<&Value> = cluster
            .pods
            .iter()
            .filter(|p| selects(&selector, p))
            .collect();
        // The Services in front of the gateway workload: their selector is part of the
        // Gateway's selector, or picks one of its pods.
        let services: Vec<&Value> = cluster
            .services
            .iter()
            .filter(|s| {
                let sel = labels_of(s.pointer("/spec/selector"));
                !sel.is_empty()
                    && (sel.iter().all(|kv| selector.contains(kv))
                        || pods.iter().any(|p| ns(p) == ns(s) && selects(&sel, p)))
            })
            .collect();
        if services.is_empty() {
            continue;
        }
        let exposed: BTreeSet<u64> = services
            .iter()
            .flat_map(|s| arr(s.pointer("/spec/ports")))
            // A Gateway server's port is the Service port (Istio maps it to the
            // target port the proxy really listens on).
            .filter_map(|p| p.get("port").and_then(Value::as_u64))
            .collect();
        let names: Vec<String> = services
            .iter()
            .map(|s| format!("`{}/{}`", ns(s), name(s)))
            .collect();
        for (i, server) in arr(gw.pointer("/spec/servers")).iter().enumerate() {
            let Some(port) = server.pointer("/port/number").and_then(Value::as_u64) else {
                continue;
            };
            if !exposed.contains(&port) {
                out.push(finding(
                    GATEWAY_PORT_NOT_EXPOSED,
                    gw,
                    format!("spec.servers[{i}].port.number"),
                    format!(
                        "port {port} is not exposed by the gateway's Service {}",
                        names.join(", ")
                    ),
                ));
            }
        }
    }
}

/// The namespaces where Gateway workloads run (where their TLS Secrets must be), so a
/// caller can read only those Secrets.
pub fn gateway_workload_namespaces(objects: &[Value], pods: &[Value]) -> BTreeSet<String> {
    let facts = ClusterFacts {
        pods: pods.to_vec(),
        ..Default::default()
    };
    Objects::new(objects)
        .gateways
        .iter()
        .flat_map(|gw| gateway_namespaces(gw, &facts))
        .collect()
}
