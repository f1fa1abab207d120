//! DestinationRules → Envoy clusters: one per (host, port, subset) routed to, with the
//! subset's endpoints from the local registry inline (no EDS), and the traffic policy
//! (load balancing, connection pool limits, outlier detection) translated.

use super::{ClusterKey, Endpoint, Warning, Warnings, describe, duration, fqdn, namespace_of};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Istio's default connect timeout is 10 s; local backends answer or refuse at once.
const CONNECT_TIMEOUT: &str = "1s";

pub(super) struct Rule<'a> {
    pub object: &'a Value,
}

/// DestinationRules by host FQDN; the first one per host wins, as in Istio.
pub(super) struct RuleIndex<'a> {
    rules: BTreeMap<String, Rule<'a>>,
}

impl<'a> RuleIndex<'a> {
    pub fn new(rules: &[&'a Value], warnings: &mut Vec<Warning>) -> Self {
        let mut out = BTreeMap::new();
        for rule in rules {
            let mut w = Warnings {
                resource: describe(rule),
                out: warnings,
            };
            let Some(host) = rule.pointer("/spec/host").and_then(Value::as_str) else {
                w.push("spec.host", "missing; the rule is ignored");
                continue;
            };
            w.unknown_keys(
                rule.get("spec").unwrap_or(&Value::Null),
                "spec",
                &[
                    "host",
                    "trafficPolicy",
                    "subsets",
                    "exportTo",
                    "workloadSelector",
                ],
            );
            let full = fqdn(host, namespace_of(rule));
            if out.contains_key(&full) {
                w.push(
                    "spec.host",
                    format!("`{host}` already has a DestinationRule; this one is ignored"),
                );
                continue;
            }
            // Check every policy once here, so each unsupported field is named once.
            let policies = std::iter::once((
                "spec.trafficPolicy".to_string(),
                rule.pointer("/spec/trafficPolicy"),
            ))
            .chain(
                rule.pointer("/spec/subsets")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .map(|(i, s)| {
                        (
                            format!("spec.subsets[{i}].trafficPolicy"),
                            s.get("trafficPolicy"),
                        )
                    }),
            );
            for (path, policy) in policies {
                if let Some(p) = policy {
                    let mut scratch = Map::new();
                    apply_policy(p, &path, &mut scratch, &mut w);
                }
            }
            out.insert(full, Rule { object: rule });
        }
        RuleIndex { rules: out }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Rule<'a>)> {
        self.rules.iter()
    }

    fn get(&self, fqdn: &str) -> Option<&Rule<'a>> {
        self.rules.get(fqdn)
    }
}

pub(super) fn subset_names(rule: &Value) -> Vec<String> {
    rule.pointer("/spec/subsets")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| s.get("name").and_then(Value::as_str).map(str::to_string))
        .collect()
}

pub(super) fn build(
    key: &ClusterKey,
    rules: &RuleIndex<'_>,
    endpoints: &[Endpoint],
    warnings: &mut Vec<Warning>,
) -> Value {
    let name = key.name();
    let mut cluster = Map::new();
    cluster.insert("name".into(), json!(name));
    cluster.insert("type".into(), json!("STATIC"));
    cluster.insert("connect_timeout".into(), json!(CONNECT_TIMEOUT));

    let mine: Vec<&Endpoint> = endpoints
        .iter()
        .filter(|e| e.fqdn() == key.fqdn && (key.subset.is_empty() || e.subset == key.subset))
        .collect();
    let mut lb_endpoints = Vec::new();
    for e in &mine {
        match split_address(&e.address) {
            Some((host, port)) => lb_endpoints.push(json!({
                "endpoint": {"address": {"socket_address": {"address": host, "port_value": port}}}
            })),
            None => warnings.push(Warning {
                resource: format!("endpoint {}/{}", e.service, e.subset),
                field: "address".into(),
                message: format!("`{}` is not HOST:PORT; skipped", e.address),
            }),
        }
    }
    cluster.insert(
        "load_assignment".into(),
        json!({"cluster_name": name, "endpoints": [{"lb_endpoints": lb_endpoints}]}),
    );

    let rule = rules.get(&key.fqdn);
    if lb_endpoints.is_empty() {
        warnings.push(Warning {
            resource: format!("cluster {name}"),
            field: "endpoints".into(),
            message: "no endpoints are registered; requests routed here fail with 503 \
                      (add one with `meshctl local endpoint add`)"
                .into(),
        });
    }
    if let Some(rule) = rule {
        // Silently collected: RuleIndex::new already named every unsupported field.
        let mut scratch = Vec::new();
        let mut w = Warnings {
            resource: describe(rule.object),
            out: &mut scratch,
        };
        if let Some(p) = rule.object.pointer("/spec/trafficPolicy") {
            apply_policy(p, "", &mut cluster, &mut w);
            port_level(p, key.port, &mut cluster, &mut w);
        }
        let subset = rule
            .object
            .pointer("/spec/subsets")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|s| s.get("name").and_then(Value::as_str) == Some(&key.subset));
        if let Some(p) = subset.and_then(|s| s.get("trafficPolicy")) {
            apply_policy(p, "", &mut cluster, &mut w);
            port_level(p, key.port, &mut cluster, &mut w);
        }
    }
    Value::Object(cluster)
}

fn port_level(policy: &Value, port: u16, cluster: &mut Map<String, Value>, w: &mut Warnings<'_>) {
    let levels = policy
        .get("portLevelSettings")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    for level in levels {
        if level.pointer("/port/number").and_then(Value::as_u64) == Some(u64::from(port)) {
            apply_policy(level, "", cluster, w);
        }
    }
}

fn split_address(address: &str) -> Option<(&str, u16)> {
    let (host, port) = address.rsplit_once(':')?;
    let port = port.parse().ok()?;
    (!host.is_empty()).then_some((host.trim_matches(['[', ']']), port))
}

/// Applies one traffic policy over `cluster` (later calls override earlier ones, which
/// gives subset and port-level settings precedence, as in Istio).
fn apply_policy(
    policy: &Value,
    path: &str,
    cluster: &mut Map<String, Value>,
    w: &mut Warnings<'_>,
) {
    w.unknown_keys(
        policy,
        path,
        &[
            "loadBalancer",
            "connectionPool",
            "outlierDetection",
            "tls",
            "portLevelSettings",
            "port",
        ],
    );
    if let Some(lb) = policy.get("loadBalancer") {
        let field = format!("{path}.loadBalancer");
        w.unknown_keys(lb, &field, &["simple"]);
        match lb.get("simple").and_then(Value::as_str) {
            Some("ROUND_ROBIN") | Some("UNSPECIFIED") | None => {
                cluster.insert("lb_policy".into(), json!("ROUND_ROBIN"));
            }
            Some("LEAST_REQUEST") | Some("LEAST_CONN") => {
                cluster.insert("lb_policy".into(), json!("LEAST_REQUEST"));
            }
            Some("RANDOM") => {
                cluster.insert("lb_policy".into(), json!("RANDOM"));
            }
            Some(other) => w.push(
                format!("{field}.simple"),
                format!("`{other}` is not supported by the local mesh; round robin is used"),
            ),
        }
    }
    if let Some(tls) = policy.get("tls")
        && tls.get("mode").and_then(Value::as_str) != Some("DISABLE")
    {
        w.push(
            format!("{path}.tls"),
            "upstream TLS is not used by the local mesh (backends are plain HTTP)",
        );
    }
    if let Some(pool) = policy.get("connectionPool") {
        connection_pool(pool, &format!("{path}.connectionPool"), cluster, w);
    }
    if let Some(od) = policy.get("outlierDetection") {
        outlier_detection(od, &format!("{path}.outlierDetection"), cluster, w);
    }
}

fn threshold(cluster: &mut Map<String, Value>) -> &mut Map<String, Value> {
    let cb = cluster
        .entry("circuit_breakers")
        .or_insert_with(|| json!({"thresholds": [{}]}));
    cb["thresholds"][0]
        .as_object_mut()
        .expect("thresholds[0] is an object")
}

fn connection_pool(
    pool: &Value,
    path: &str,
    cluster: &mut Map<String, Value>,
    w: &mut Warnings<'_>,
) {
    w.unknown_keys(pool, path, &["tcp", "http"]);
    if let Some(tcp) = pool.get("tcp") {
        let field = format!("{path}.tcp");
        w.unknown_keys(tcp, &field, &["maxConnections", "connectTimeout"]);
        if let Some(n) = tcp.get("maxConnections").and_then(Value::as_u64) {
            threshold(cluster).insert("max_connections".into(), json!(n));
        }
        if let Some(t) = tcp
            .get("connectTimeout")
            .and_then(|t| duration(t, &format!("{field}.connectTimeout"), w))
        {
            cluster.insert("connect_timeout".into(), json!(t));
        }
    }
    if let Some(http) = pool.get("http") {
        let field = format!("{path}.http");
        w.unknown_keys(
            http,
            &field,
            &[
                "http1MaxPendingRequests",
                "http2MaxRequests",
                "maxRequestsPerConnection",
                "maxRetries",
                "idleTimeout",
            ],
        );
        for (istio, envoy) in [
            ("http1MaxPendingRequests", "max_pending_requests"),
            ("http2MaxRequests", "max_requests"),
            ("maxRetries", "max_retries"),
        ] {
            if let Some(n) = http.get(istio).and_then(Value::as_u64) {
                threshold(cluster).insert(envoy.into(), json!(n));
            }
        }
        let mut options = Map::new();
        if let Some(n) = http.get("maxRequestsPerConnection").and_then(Value::as_u64) {
            options.insert("max_requests_per_connection".into(), json!(n));
        }
        if let Some(t) = http
            .get("idleTimeout")
            .and_then(|t| duration(t, &format!("{field}.idleTimeout"), w))
        {
            options.insert("idle_timeout".into(), json!(t));
        }
        if !options.is_empty() {
            let existing = cluster
                .entry("common_http_protocol_options")
                .or_insert_with(|| json!({}));
            if let Some(obj) = existing.as_object_mut() {
                obj.extend(options);
            }
        }
    }
}

fn outlier_detection(
    od: &Value,
    path: &str,
    cluster: &mut Map<String, Value>,
    w: &mut Warnings<'_>,
) {
    w.unknown_keys(
        od,
        path,
        &[
            "consecutive5xxErrors",
            "consecutiveGatewayErrors",
            "consecutiveErrors",
            "interval",
            "baseEjectionTime",
            "maxEjectionPercent",
            "minHealthPercent",
        ],
    );
    let mut out = Map::new();
    // As Istio does: a kind of error counts only when its threshold is given.
    let five = od
        .get("consecutive5xxErrors")
        .or_else(|| od.get("consecutiveErrors"))
        .and_then(Value::as_u64);
    match five {
        Some(n) if n > 0 => {
            out.insert("consecutive_5xx".into(), json!(n));
            out.insert("enforcing_consecutive_5xx".into(), json!(100));
        }
        _ => {
            out.insert("enforcing_consecutive_5xx".into(), json!(0));
        }
    }
    match od.get("consecutiveGatewayErrors").and_then(Value::as_u64) {
        Some(n) if n > 0 => {
            out.insert("consecutive_gateway_failure".into(), json!(n));
            out.insert("enforcing_consecutive_gateway_failure".into(), json!(100));
        }
        _ => {
            out.insert("enforcing_consecutive_gateway_failure".into(), json!(0));
        }
    }
    for (istio, envoy) in [
        ("interval", "interval"),
        ("baseEjectionTime", "base_ejection_time"),
    ] {
        if let Some(t) = od
            .get(istio)
            .and_then(|t| duration(t, &format!("{path}.{istio}"), w))
        {
            out.insert(envoy.into(), json!(t));
        }
    }
    if let Some(n) = od.get("maxEjectionPercent").and_then(Value::as_u64) {
        out.insert("max_ejection_percent".into(), json!(n));
    }
    if let Some(n) = od.get("minHealthPercent").and_then(Value::as_f64) {
        cluster.insert(
            "common_lb_config".into(),
            json!({"healthy_panic_threshold": {"value": n}}),
        );
    }
    cluster.insert("outlier_detection".into(), Value::Object(out));
}
