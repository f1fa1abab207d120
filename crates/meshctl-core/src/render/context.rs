//! What each template sees: plain data computed from the spec, with every default
//! applied and durations already in Istio's form, so templates only lay out YAML.
//! Ordered mappings (labels, selectors) are lists of `{key, value}` so their order
//! survives into the output.

use super::Options;
use crate::spec::{
    Choice, EgressSpec, Location, OrderedMap, Protocol, Resolution, ServerTlsMode, ServiceSpec,
};
use serde_json::{Value, json};

/// The label every rendered object carries, so meshctl can tell what it owns.
pub const MANAGED_BY: (&str, &str) = ("app.kubernetes.io/managed-by", "meshctl");

pub(crate) fn pairs<'a>(items: impl IntoIterator<Item = (&'a String, &'a String)>) -> Value {
    Value::Array(
        items
            .into_iter()
            .map(|(k, v)| json!({"key": k, "value": v}))
            .collect(),
    )
}

fn labels(spec: &ServiceSpec) -> Value {
    labels_with(&spec.labels)
}

/// The managed-by label, then `extra`.
pub(crate) fn labels_with(extra: &OrderedMap<String>) -> Value {
    let mut all: OrderedMap<String> = OrderedMap::new();
    all.insert(MANAGED_BY.0, MANAGED_BY.1.to_string());
    for (k, v) in extra.iter() {
        all.insert(k.clone(), v.clone());
    }
    pairs(all.iter())
}

fn common(spec: &ServiceSpec, opts: &Options, name: &str) -> serde_json::Map<String, Value> {
    let mut map = serde_json::Map::new();
    map.insert(
        "api_version".into(),
        format!("{}/{}", crate::model::GROUP, opts.api_version.as_str()).into(),
    );
    map.insert("name".into(), name.into());
    map.insert("namespace".into(), opts.namespace.clone().into());
    map.insert("labels".into(), labels(spec));
    map
}

fn with(mut map: serde_json::Map<String, Value>, rest: Value) -> Value {
    if let Value::Object(rest) = rest {
        map.extend(rest);
    }
    Value::Object(map)
}

/// Drops `null` entries so a list of settings only holds the ones given.
fn settings(items: &[(&str, Value)]) -> Value {
    let list: Vec<Value> = items
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| json!({"key": k, "value": v}))
        .collect();
    if list.is_empty() {
        Value::Null
    } else {
        Value::Array(list)
    }
}

pub fn virtual_service(spec: &ServiceSpec, opts: &Options) -> Value {
    let host = spec.destination();
    let retries = spec.retries.as_ref().map(|r| {
        json!({
            "attempts": r.attempts,
            "per_try_timeout": r.per_try_timeout.map(|d| d.to_istio()),
            "retry_on": r.retry_on,
        })
    });
    let fault = spec.fault.as_ref().map(|f| {
        json!({
            "delay": f.delay.as_ref().map(|d| json!({"percent": d.percent, "fixed_delay": d.fixed_delay.to_istio()})),
            "abort": f.abort.as_ref().map(|a| json!({"percent": a.percent, "http_status": a.http_status})),
        })
    });
    let mirror = spec.mirror.as_ref().map(|m| {
        json!({
            "host": m.host.as_deref().unwrap_or(host),
            "subset": m.subset,
            "port": spec.port,
            "percent": m.percent,
        })
    });
    let destination = |subset: Option<&str>, weight: Option<i64>| json!({"host": host, "subset": subset, "port": spec.port, "weight": weight});
    let route = |name: Option<&str>, matches: Value, route: Vec<Value>| {
        json!({
            "name": name,
            "match": matches,
            "route": route,
            "timeout": spec.timeout.map(|d| d.to_istio()),
            "retries": retries,
            "fault": fault,
            "mirror": mirror,
        })
    };
    let http: Vec<Value> = if spec.routes.is_empty() {
        vec![route(
            Some("default"),
            Value::Null,
            vec![destination(None, None)],
        )]
    } else {
        spec.routes
            .iter()
            .map(|r| {
                let matches = r.matches.as_ref().map(|m| {
                    json!({
                        "uri": m.uri.as_ref().map(|u| json!({"kind": u.kind.as_str(), "value": u.value})),
                        "headers": m.headers.iter().map(|(name, h)| json!({"name": name, "kind": h.kind.as_str(), "value": h.value})).collect::<Vec<_>>(),
                    })
                });
                let dests = if r.weights.is_empty() {
                    vec![destination(None, None)]
                } else {
                    r.weights
                        .iter()
                        .map(|(subset, w)| destination(Some(subset), Some(*w)))
                        .collect()
                };
                route(r.name.as_deref(), matches.unwrap_or(Value::Null), dests)
            })
            .collect()
    };
    with(
        common(spec, opts, &spec.name),
        json!({"hosts": spec.vs_hosts(), "gateways": spec.gateways, "http": http}),
    )
}

pub fn destination_rule(spec: &ServiceSpec, opts: &Options) -> Value {
    let lb = spec.load_balancer.as_ref().map(|lb| {
        json!({
            "simple": lb.simple.map(Choice::as_str),
            "cookie": lb.consistent_hash_cookie.as_ref().map(|c| json!({
                "name": c.name,
                "ttl": c.ttl.unwrap_or_default().to_istio(),
                "path": c.path,
            })),
        })
    });
    let pool = spec.connection_pool.as_ref().map(|p| {
        let tcp = (p.max_connections.is_some() || p.connect_timeout.is_some()).then(|| {
            json!({
                "max_connections": p.max_connections,
                "connect_timeout": p.connect_timeout.map(|d| d.to_istio()),
            })
        });
        json!({
            "tcp": tcp,
            "http": settings(&[
                ("http1MaxPendingRequests", p.http1_max_pending_requests.into()),
                ("http2MaxRequests", p.http2_max_requests.into()),
                ("maxRequestsPerConnection", p.max_requests_per_connection.into()),
                ("maxRetries", p.max_retries.into()),
            ]),
        })
    });
    let outlier = spec.outlier_detection.as_ref().map(|o| {
        settings(&[
            ("consecutive5xxErrors", o.consecutive_5xx_errors.into()),
            (
                "consecutiveGatewayErrors",
                o.consecutive_gateway_errors.into(),
            ),
            ("interval", o.interval.map(|d| d.to_istio()).into()),
            (
                "baseEjectionTime",
                o.base_ejection_time.map(|d| d.to_istio()).into(),
            ),
            ("maxEjectionPercent", o.max_ejection_percent.into()),
        ])
    });
    let tls = spec.tls.as_ref().map(|t| {
        json!({
            "mode": t.mode.as_str(),
            "credential_name": t.credential_name,
            "sni": t.sni,
        })
    });
    let policy =
        (lb.is_some() || pool.is_some() || outlier.is_some() || tls.is_some()).then(|| {
            json!({
                "load_balancer": lb,
                "connection_pool": pool,
                "outlier_detection": outlier.filter(|o| !o.is_null()),
                "tls": tls,
            })
        });
    let subsets: Vec<Value> = spec
        .subsets
        .iter()
        .map(|(name, labels)| json!({"name": name, "labels": pairs(labels.iter())}))
        .collect();
    with(
        common(spec, opts, &spec.name),
        json!({"host": spec.destination(), "traffic_policy": policy, "subsets": subsets}),
    )
}

/// The Gateway's name: as given, else `<service>-gateway`.
pub fn gateway_name(spec: &ServiceSpec) -> String {
    spec.gateway
        .as_ref()
        .and_then(|g| g.name.clone())
        .unwrap_or_else(|| format!("{}-gateway", spec.name))
}

pub fn gateway(spec: &ServiceSpec, opts: &Options) -> Value {
    let gw = spec.gateway.clone().unwrap_or_default();
    let hosts = if gw.hosts.is_empty() {
        spec.vs_hosts()
    } else {
        gw.hosts.clone()
    };
    let protocol = gw.protocol.unwrap_or(match &gw.tls {
        Some(t) if t.mode == ServerTlsMode::Passthrough => Protocol::Tls,
        Some(_) => Protocol::Https,
        None => Protocol::Http,
    });
    let port = gw.port.unwrap_or(match protocol {
        Protocol::Https | Protocol::Tls => 443,
        _ => 80,
    });
    let mut servers = vec![json!({
        "port": {
            "number": port,
            "name": format!("{}-{port}", protocol.port_name_prefix()),
            "protocol": protocol.as_str(),
        },
        "hosts": hosts,
        "tls": gw.tls.as_ref().map(|t| json!({
            "https_redirect": false,
            "mode": t.mode.as_str(),
            "credential_name": t.credential_name,
        })),
    })];
    if gw.https_redirect {
        servers.push(json!({
            "port": {"number": 80, "name": "http-80", "protocol": "HTTP"},
            "hosts": hosts,
            "tls": {"https_redirect": true, "mode": null, "credential_name": null},
        }));
    }
    let selector = if gw.selector.is_empty() {
        json!([{"key": "istio", "value": "ingressgateway"}])
    } else {
        pairs(gw.selector.iter())
    };
    with(
        common(spec, opts, &gateway_name(spec)),
        json!({"selector": selector, "servers": servers}),
    )
}

pub fn service_entry(spec: &ServiceSpec, egress: &EgressSpec, opts: &Options) -> Value {
    let ports: Vec<Value> = egress
        .ports
        .iter()
        .map(|p| json!({"number": p.number, "name": p.name(), "protocol": p.protocol().as_str()}))
        .collect();
    with(
        common(spec, opts, &egress.name),
        json!({
            "hosts": egress.hosts,
            "ports": ports,
            "location": egress.location.unwrap_or(Location::MeshExternal).as_str(),
            "resolution": egress.resolution.unwrap_or(Resolution::Dns).as_str(),
        }),
    )
}
