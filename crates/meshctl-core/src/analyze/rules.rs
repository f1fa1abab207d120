//! The analyzers, one function per code. Each reads the objects it cares about, in
//! the typed model, and pushes findings; none depends on another's result.

use super::*;
use crate::host::{HostIndex, fqdn, namespace_of_host, short_host};
use crate::model::{
    ClientTlsSettings, Destination, DestinationRule, Gateway, L4Route, Resource as Typed,
    VirtualService,
};
use crate::rollout::{ANNOTATION, RolloutRecord};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

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
    super::gateway_api::run(input.objects, input.cluster, &mut out);
    let workloads = input.cluster.map(|c| Workloads::new(&c.pods, &c.services));
    if let (Some(cluster), Some(workloads)) = (input.cluster, &workloads) {
        subsets_without_pods(&objs, workloads, &mut out);
        missing_tls_secrets(&objs, cluster, workloads, &mut out);
        gateway_ports(&objs, workloads, &mut out);
    }
    let superseded = super::lanes::run(&objs, workloads.as_ref(), &mut out);
    // A lane finding says the same as a general one, naming the lane: keep only it.
    out.retain(|f| {
        !superseded
            .iter()
            .any(|s| s.code == f.code && s.resource == f.resource && s.path == f.path)
    });
    out
}

/// The Istio objects by kind, read into the typed model. An object that does not fit
/// the model (a field of the wrong type) is not analyzed: `validate` reports it.
pub(super) struct Objects {
    pub(super) virtual_services: Vec<VirtualService>,
    pub(super) destination_rules: Vec<DestinationRule>,
    gateways: Vec<Gateway>,
    /// Indexes into `destination_rules` by their fully qualified host, so finding a
    /// route's rules does not compare against every DestinationRule.
    rules_by_host: HostIndex<usize>,
}

/// The objects of one group (`networking.istio.io`) and kind, at any version.
pub(super) fn of_kind<'a>(
    all: &'a [Value],
    group: &'static str,
    kind: &'static str,
) -> impl Iterator<Item = &'a Value> {
    all.iter().filter(move |o| {
        o.get("kind").and_then(Value::as_str) == Some(kind)
            && o.get("apiVersion")
                .and_then(Value::as_str)
                .and_then(|v| v.split_once('/'))
                .is_some_and(|(g, _)| g == group)
    })
}

impl Objects {
    fn new(all: &[Value]) -> Self {
        let of = |kind: &'static str| of_kind(all, crate::model::GROUP, kind);
        let destination_rules: Vec<DestinationRule> = Typed::read_all(of("DestinationRule"));
        let mut rules_by_host = HostIndex::default();
        for (i, dr) in destination_rules.iter().enumerate() {
            if !dr.spec.host.is_empty() {
                rules_by_host.insert(fqdn(&dr.spec.host, dr.namespace()), i);
            }
        }
        Objects {
            virtual_services: Typed::read_all(of("VirtualService")),
            destination_rules,
            gateways: Typed::read_all(of("Gateway")),
            rules_by_host,
        }
    }
}

pub(super) fn ns(object: &Value) -> &str {
    object
        .pointer("/metadata/namespace")
        .and_then(Value::as_str)
        .unwrap_or("default")
}

pub(super) fn name(object: &Value) -> &str {
    object
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn arr(value: Option<&Value>) -> &[Value] {
    value.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

pub(super) fn finding<S>(code: Code, object: &Typed<S>, path: String, message: String) -> Finding {
    Finding {
        code: code.code,
        level: code.level,
        resource: Resource {
            kind: object.kind.clone(),
            namespace: object.metadata.namespace.clone().unwrap_or_default(),
            name: object.metadata.name.clone(),
        },
        message,
        path,
        hint: None,
    }
}

/// The gateways a VirtualService binds, as `ns/name`, or `mesh`.
fn bound_gateways(vs: &VirtualService) -> Vec<String> {
    if vs.spec.gateways.is_empty() {
        return vec!["mesh".to_string()];
    }
    vs.spec
        .gateways
        .iter()
        .map(|g| qualify_gateway(g, vs.namespace()))
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

/// The `tls` and `tcp` route sections of a VirtualService, with their names.
fn l4_sections(vs: &VirtualService) -> [(&'static str, &[L4Route]); 2] {
    [("tls", &vs.spec.tls), ("tcp", &vs.spec.tcp)]
}

/// Every `(path, destination)` of a VirtualService.
fn destinations(vs: &VirtualService) -> Vec<(String, &Destination)> {
    let mut out = Vec::new();
    for (i, rule) in vs.spec.http.iter().enumerate() {
        for (j, route) in rule.route.iter().enumerate() {
            out.push((
                format!("spec.http[{i}].route[{j}].destination"),
                &route.destination,
            ));
        }
        if let Some(d) = &rule.mirror {
            out.push((format!("spec.http[{i}].mirror"), d));
        }
    }
    for (section, rules) in l4_sections(vs) {
        for (i, rule) in rules.iter().enumerate() {
            for (j, route) in rule.route.iter().enumerate() {
                out.push((
                    format!("spec.{section}[{i}].route[{j}].destination"),
                    &route.destination,
                ));
            }
        }
    }
    out
}

/// The DestinationRules whose host covers `host` (fully qualified).
pub(super) fn rules_for<'a>(objs: &'a Objects, host: &str) -> Vec<&'a DestinationRule> {
    objs.rules_by_host
        .matching(host)
        .into_iter()
        .map(|i| &objs.destination_rules[i])
        .collect()
}

fn undefined_subsets(objs: &Objects, out: &mut Vec<Finding>) {
    for vs in &objs.virtual_services {
        for (path, dest) in destinations(vs) {
            let Some(subset) = dest.subset.as_deref().filter(|_| !dest.host.is_empty()) else {
                continue;
            };
            let host = fqdn(&dest.host, vs.namespace());
            let rules = rules_for(objs, &host);
            let defined = rules
                .iter()
                .any(|dr| dr.spec.subsets.iter().any(|s| s.name == subset));
            if !defined {
                let why = if rules.is_empty() {
                    "no DestinationRule exists for the host".to_string()
                } else {
                    let names: Vec<String> =
                        rules.iter().map(|dr| format!("`{}`", dr.key())).collect();
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

fn missing_gateways(objs: &Objects, out: &mut Vec<Finding>) {
    let known: BTreeSet<String> = objs.gateways.iter().map(Typed::key).collect();
    for vs in &objs.virtual_services {
        for (i, g) in vs.spec.gateways.iter().enumerate() {
            let q = qualify_gateway(g, vs.namespace());
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

fn unrouted_gateway_hosts(objs: &Objects, out: &mut Vec<Finding>) {
    // The hosts served on each gateway, gathered in one pass over the routes.
    let mut served: BTreeMap<String, HostIndex<()>> = BTreeMap::new();
    for vs in &objs.virtual_services {
        for gateway in bound_gateways(vs) {
            let hosts = served.entry(gateway).or_default();
            for h in &vs.spec.hosts {
                hosts.insert(fqdn(h, vs.namespace()), ());
            }
        }
    }
    let nothing = HostIndex::default();
    for gw in &objs.gateways {
        let me = gw.key();
        let served = served.get(&me).unwrap_or(&nothing);
        for (i, server) in gw.spec.servers.iter().enumerate() {
            // A server that only redirects to HTTPS needs no route.
            if server.tls.as_ref().and_then(|t| t.https_redirect) == Some(true) {
                continue;
            }
            for (j, host) in server.hosts.iter().enumerate() {
                let h = gateway_host(host);
                if !served.any_matching(h) {
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

fn zero_weights(objs: &Objects, out: &mut Vec<Finding>) {
    for vs in &objs.virtual_services {
        // Negative weights are schema errors, not zeros.
        let weight = |w: Option<i32>| w.and_then(|w| u64::try_from(w).ok());
        let http = vs
            .spec
            .http
            .iter()
            .map(|r| r.route.iter().map(|d| weight(d.weight)).collect::<Vec<_>>());
        let mut sections: Vec<(&str, Vec<Vec<Option<u64>>>)> = vec![("http", http.collect())];
        for (section, rules) in l4_sections(vs) {
            let weights = rules
                .iter()
                .map(|r| r.route.iter().map(|d| weight(d.weight)).collect())
                .collect();
            sections.push((section, weights));
        }
        for (section, rules) in sections {
            for (i, explicit) in rules.iter().enumerate() {
                if explicit.is_empty() {
                    continue;
                }
                // One destination without a weight gets all traffic.
                let zero = if explicit.len() == 1 {
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
                            if explicit.len() == 1 {
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

fn conflicting_virtual_services(objs: &Objects, out: &mut Vec<Finding>) {
    let mut seen: BTreeMap<(String, String), &VirtualService> = BTreeMap::new();
    let mut sorted: Vec<&VirtualService> = objs.virtual_services.iter().collect();
    sorted.sort_by_key(|vs| (vs.namespace().to_string(), vs.name().to_string()));
    for vs in sorted {
        let hosts: BTreeSet<String> = vs
            .spec
            .hosts
            .iter()
            .map(|h| fqdn(h, vs.namespace()))
            .collect();
        for gateway in bound_gateways(vs) {
            for host in &hosts {
                match seen.get(&(gateway.clone(), host.clone())) {
                    // On the mesh gateway, istioctl calls this an error (IST0109).
                    Some(first) if !std::ptr::eq(*first, vs) && gateway == "mesh" => out.push(finding(
                        CONFLICTING_MESH_VIRTUAL_SERVICES,
                        vs,
                        "spec.hosts".into(),
                        format!(
                            "host `{host}` on the `mesh` gateway is also served by VirtualService `{}`; merge them into one VirtualService",
                            first.key()
                        ),
                    )),
                    Some(first) if !std::ptr::eq(*first, vs) => out.push(finding(
                        CONFLICTING_VIRTUAL_SERVICES,
                        vs,
                        "spec.hosts".into(),
                        format!(
                            "host `{host}` on gateway `{gateway}` is also served by VirtualService `{}`",
                            first.key()
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

fn duplicate_destination_rules(objs: &Objects, out: &mut Vec<Finding>) {
    let mut seen: BTreeMap<String, &DestinationRule> = BTreeMap::new();
    let mut sorted: Vec<&DestinationRule> = objs.destination_rules.iter().collect();
    sorted.sort_by_key(|dr| (dr.namespace().to_string(), dr.name().to_string()));
    for dr in sorted {
        if dr.spec.host.is_empty() {
            continue;
        }
        let host = fqdn(&dr.spec.host, dr.namespace());
        match seen.get(&host) {
            Some(first) => out.push(finding(
                DUPLICATE_DESTINATION_RULES,
                dr,
                "spec.host".into(),
                format!(
                    "host `{host}` already has DestinationRule `{}`",
                    first.key()
                ),
            )),
            None => {
                seen.insert(host, dr);
            }
        }
    }
}

fn tls_without_ca(objs: &Objects, out: &mut Vec<Finding>) {
    for dr in &objs.destination_rules {
        let mut policies = Vec::new();
        if let Some(p) = &dr.spec.traffic_policy {
            policies.push(("spec.trafficPolicy".to_string(), p));
        }
        for (i, s) in dr.spec.subsets.iter().enumerate() {
            if let Some(p) = &s.traffic_policy {
                policies.push((format!("spec.subsets[{i}].trafficPolicy"), p));
            }
        }
        let mut tls: Vec<(String, &ClientTlsSettings)> = Vec::new();
        for (path, p) in policies {
            if let Some(t) = &p.tls {
                tls.push((format!("{path}.tls"), t));
            }
            for (j, port) in p.port_level_settings.iter().enumerate() {
                if let Some(t) = &port.tls {
                    tls.push((format!("{path}.portLevelSettings[{j}].tls"), t));
                }
            }
        }
        for (path, t) in tls {
            let mode = t.mode.as_deref().unwrap_or_default();
            let has = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.is_empty());
            let skip = t.insecure_skip_verify == Some(true);
            if matches!(mode, "SIMPLE" | "MUTUAL")
                && !has(&t.ca_certificates)
                && !has(&t.credential_name)
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

fn shadowed_routes(objs: &Objects, out: &mut Vec<Finding>) {
    for vs in &objs.virtual_services {
        let routes = &vs.spec.http;
        let Some(first) = routes.iter().position(|r| r.matches_every_request()) else {
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

fn rollout_records(objs: &Objects, now: Timestamp, out: &mut Vec<Finding>) {
    for vs in &objs.virtual_services {
        let Some(text) = vs.metadata.annotations.get(ANNOTATION) else {
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

pub(super) fn label_pairs(labels: &BTreeMap<String, String>) -> Vec<(&str, &str)> {
    labels
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

pub(super) fn labels_of(value: Option<&Value>) -> Vec<(&str, &str)> {
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

/// Pods and Services indexed once, so the cluster checks look them up instead of
/// scanning every pod for every DestinationRule and Gateway.
pub(super) struct Workloads<'a> {
    /// Pods by each of their labels.
    pods_by_label: HashMap<(&'a str, &'a str), Vec<&'a Value>>,
    services: &'a [Value],
    pub(super) services_by_name: HashMap<(&'a str, &'a str), &'a Value>,
}

impl<'a> Workloads<'a> {
    fn new(pods: &'a [Value], services: &'a [Value]) -> Self {
        let mut pods_by_label: HashMap<(&str, &str), Vec<&Value>> = HashMap::new();
        for pod in pods {
            for kv in labels_of(pod.pointer("/metadata/labels")) {
                pods_by_label.entry(kv).or_default().push(pod);
            }
        }
        let services_by_name = services.iter().map(|s| ((ns(s), name(s)), s)).collect();
        Workloads {
            pods_by_label,
            services,
            services_by_name,
        }
    }

    /// The pods carrying every label of a non-empty `selector`: those with its first
    /// label, checked for the rest.
    pub(super) fn selected<'s>(
        &'s self,
        selector: &'s [(&str, &str)],
    ) -> impl Iterator<Item = &'a Value> + 's {
        let candidates: &[&Value] = selector
            .first()
            .and_then(|kv| self.pods_by_label.get(kv))
            .map_or(&[], Vec::as_slice);
        candidates
            .iter()
            .copied()
            .filter(move |p| selects(selector, p))
    }
}

fn subsets_without_pods(objs: &Objects, cluster: &Workloads<'_>, out: &mut Vec<Finding>) {
    for dr in &objs.destination_rules {
        if dr.spec.host.is_empty() {
            continue;
        }
        let host = fqdn(&dr.spec.host, dr.namespace());
        let Some(service_ns) = namespace_of_host(&host) else {
            continue;
        };
        let service_name = short_host(&host);
        // The subset's pods are the service's pods that also carry the subset labels.
        let service_selector: Vec<(&str, &str)> = cluster
            .services_by_name
            .get(&(service_ns, service_name))
            .map(|s| labels_of(s.pointer("/spec/selector")))
            .unwrap_or_default();
        for (i, subset) in dr.spec.subsets.iter().enumerate() {
            let labels = label_pairs(&subset.labels);
            if labels.is_empty() {
                continue;
            }
            let mut selector = service_selector.clone();
            selector.extend(labels.iter().copied());
            let found = cluster.selected(&selector).any(|p| ns(p) == service_ns);
            if !found {
                let shown: Vec<String> = selector.iter().map(|(k, v)| format!("{k}={v}")).collect();
                out.push(finding(
                    SUBSET_WITHOUT_PODS,
                    dr,
                    format!("spec.subsets[{i}].labels"),
                    format!(
                        "subset `{}` selects no pod in namespace `{service_ns}` (labels `{}`)",
                        subset.name,
                        shown.join(",")
                    ),
                ));
            }
        }
    }
}

/// The namespaces a Gateway's workload runs in: those of the pods its selector picks,
/// else the Gateway's own namespace.
fn gateway_namespaces(gw: &Gateway, cluster: &Workloads<'_>) -> BTreeSet<String> {
    let selector = label_pairs(&gw.spec.selector);
    let mut found: BTreeSet<String> = cluster
        .selected(&selector)
        .map(|p| ns(p).to_string())
        .collect();
    if found.is_empty() {
        found.insert(gw.namespace().to_string());
    }
    found
}

fn missing_tls_secrets(
    objs: &Objects,
    cluster: &ClusterFacts,
    workloads: &Workloads<'_>,
    out: &mut Vec<Finding>,
) {
    let secrets: HashSet<(&str, &str)> = cluster
        .secrets
        .iter()
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    for gw in &objs.gateways {
        let namespaces = gateway_namespaces(gw, workloads);
        for (i, server) in gw.spec.servers.iter().enumerate() {
            let Some(secret) = server
                .tls
                .as_ref()
                .and_then(|t| t.credential_name.as_deref())
            else {
                continue;
            };
            let exists = namespaces
                .iter()
                .any(|n| secrets.contains(&(n.as_str(), secret)));
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

fn gateway_ports(objs: &Objects, cluster: &Workloads<'_>, out: &mut Vec<Finding>) {
    for gw in &objs.gateways {
        let selector = label_pairs(&gw.spec.selector);
        if selector.is_empty() {
            continue;
        }
        let pods: Vec<&Value> = cluster.selected(&selector).collect();
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
        for (i, server) in gw.spec.servers.iter().enumerate() {
            let port = u64::from(server.port.number);
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
    let workloads = Workloads::new(pods, &[]);
    Objects::new(objects)
        .gateways
        .iter()
        .flat_map(|gw| gateway_namespaces(gw, &workloads))
        .collect()
}
