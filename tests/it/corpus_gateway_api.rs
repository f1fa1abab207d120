//! A seeded generator of Gateway API objects (the v1.4.1 standard channel: Gateway,
//! HTTPRoute, GRPCRoute, ReferenceGrant, GatewayClass, BackendTLSPolicy) for the
//! differential test: realistic valid objects, the same broken at a random place
//! (wrong type, unknown field, a key removed, a number out of range, a string no
//! pattern or enum takes, a bad name) and cases aimed at the CRDs' CEL rules.
//!
//! The generic breaks do not know what they break: the API server says whether the
//! result is still valid, and meshctl must say the same.

use crate::corpus::{Doc, Rng};
use serde_json::{Value, json};

const GROUP: &str = "gateway.networking.k8s.io";

/// (kind, resource, version)
const KINDS: [(&str, &str, &str); 6] = [
    ("Gateway", "gateways", "v1"),
    ("HTTPRoute", "httproutes", "v1"),
    ("GRPCRoute", "grpcroutes", "v1"),
    ("ReferenceGrant", "referencegrants", "v1beta1"),
    ("GatewayClass", "gatewayclasses", "v1"),
    ("BackendTLSPolicy", "backendtlspolicies", "v1"),
];

/// `count` generated documents, then the CEL cases.
pub fn generate(seed: u64, count: usize) -> Vec<Doc> {
    let mut rng = Rng::new(seed);
    let mut docs: Vec<Doc> = (0..count).map(|id| one(&mut rng, id)).collect();
    for (n, (what, kind, spec)) in cel_cases().into_iter().enumerate() {
        let id = count + n;
        docs.push(doc(
            id,
            kind,
            json_doc(kind, id, spec),
            "cel",
            what.to_string(),
        ));
    }
    docs
}

fn json_doc(kind: &str, id: usize, spec: Value) -> Value {
    let (_, _, version) = kind_info(kind);
    json!({
        "apiVersion": format!("{GROUP}/{version}"),
        "kind": kind,
        "metadata": {"name": format!("g-{id:05}")},
        "spec": spec,
    })
}

fn kind_info(kind: &str) -> (&'static str, &'static str, &'static str) {
    *KINDS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .expect("a corpus kind")
}

fn doc(id: usize, kind: &str, object: Value, category: &'static str, mutation: String) -> Doc {
    let (kind, plural, version) = kind_info(kind);
    Doc {
        id,
        group: GROUP,
        kind,
        plural,
        version: version.to_string(),
        category,
        mutation,
        text: serde_json::to_string(&object).expect("JSON"),
        name: Some(format!("g-{id:05}")),
        origin: "gateway-api",
    }
}

fn one(rng: &mut Rng, id: usize) -> Doc {
    let (kind, _, _) = rng.pick(&KINDS);
    let mut object = json_doc(kind, id, realistic(rng, kind));
    let (category, mutation) = match rng.below(10) {
        0..=2 => ("valid", String::new()),
        3 => ("wrong-type", break_leaf(rng, &mut object, Break::WrongType)),
        4 => ("unknown", break_object(rng, &mut object, true)),
        5 => ("required", break_object(rng, &mut object, false)),
        6 => ("range", break_leaf(rng, &mut object, Break::Number)),
        7 | 8 => ("string", break_leaf(rng, &mut object, Break::String)),
        _ => {
            let long = "n".repeat(254);
            let name = rng.pick(&["Bad_Name", "-x", "a.b..c", long.as_str()]);
            object["metadata"]["name"] = json!(name);
            ("metadata", format!("metadata.name = {name:.20}"))
        }
    };
    doc(id, kind, object, category, mutation)
}

fn host(rng: &mut Rng) -> String {
    rng.pick(&[
        "shop.example.com",
        "*.example.com",
        "api.shop.io",
        "reviews",
    ])
    .to_string()
}

fn backends(rng: &mut Rng, port_key: bool) -> Value {
    let n = rng.range(1, 3);
    let refs: Vec<Value> = (0..n)
        .map(|i| {
            let mut b = json!({"name": format!("svc-v{i}"), "weight": rng.range(0, 100)});
            if port_key {
                b["port"] = json!(rng.pick(&[80, 8080, 9080]));
            }
            b
        })
        .collect();
    Value::Array(refs)
}

fn realistic(rng: &mut Rng, kind: &str) -> Value {
    match kind {
        "Gateway" => {
            let mut listeners = vec![json!({"name": "http", "port": 80, "protocol": "HTTP"})];
            if rng.chance(0.5) {
                listeners[0]["hostname"] = json!(host(rng));
            }
            if rng.chance(0.6) {
                listeners.push(json!({
                    "name": "https", "port": 443, "protocol": "HTTPS", "hostname": host(rng),
                    "tls": {"mode": "Terminate", "certificateRefs": [{"name": "cert"}]},
                    "allowedRoutes": {"namespaces": {"from": rng.pick(&["Same", "All"])}},
                }));
            }
            json!({"gatewayClassName": "istio", "listeners": listeners})
        }
        "HTTPRoute" => {
            let mut rule = json!({"backendRefs": backends(rng, true)});
            if rng.chance(0.6) {
                rule["matches"] = json!([{
                    "path": {"type": rng.pick(&["PathPrefix", "Exact"]), "value": "/api"},
                    "headers": [{"name": "x-canary", "value": "on"}],
                }]);
            }
            if rng.chance(0.4) {
                rule["timeouts"] = json!({"request": "10s", "backendRequest": "2s"});
            }
            if rng.chance(0.3) {
                rule["filters"] = json!([{"type": "RequestHeaderModifier",
                    "requestHeaderModifier": {"set": [{"name": "x-env", "value": "prod"}]}}]);
            }
            let parent = if rng.chance(0.3) {
                json!({"group": "", "kind": "Service", "name": "reviews", "port": 9080})
            } else {
                json!({"name": "web", "sectionName": "http"})
            };
            json!({"parentRefs": [parent], "hostnames": [host(rng)], "rules": [rule]})
        }
        "GRPCRoute" => json!({
            "parentRefs": [{"name": "web"}],
            "rules": [{
                "matches": [{"method": {"service": "echo.Echo", "method": "Say"}}],
                "backendRefs": backends(rng, true),
            }],
        }),
        "ReferenceGrant" => json!({
            "from": [{"group": GROUP, "kind": "HTTPRoute", "namespace": "shop"}],
            "to": [{"group": "", "kind": "Service"}],
        }),
        "GatewayClass" => json!({"controllerName": "istio.io/gateway-controller"}),
        _ => json!({
            "targetRefs": [{"group": "", "kind": "Service", "name": "reviews"}],
            "validation": {"hostname": "reviews.shop.svc", "caCertificateRefs": [{"group": "", "kind": "ConfigMap", "name": "ca"}]},
        }),
    }
}

#[derive(Clone, Copy)]
enum Break {
    WrongType,
    Number,
    String,
}

/// Every leaf under `spec` with its JSON pointer.
fn leaves(value: &Value, path: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                leaves(v, format!("{path}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                leaves(v, format!("{path}/{i}"), out);
            }
        }
        _ => out.push(path),
    }
}

/// Every object under `spec` (with `spec` itself) with its JSON pointer.
fn objects(value: &Value, path: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            out.push(path.clone());
            for (k, v) in map {
                objects(v, format!("{path}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                objects(v, format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn break_leaf(rng: &mut Rng, object: &mut Value, how: Break) -> String {
    let mut found = Vec::new();
    leaves(&object["spec"], "/spec".to_string(), &mut found);
    let path = rng.pick(&found);
    let new = match how {
        Break::WrongType => match object.pointer(&path) {
            Some(Value::String(_)) => json!(rng.range(1, 9)),
            _ => json!("7"),
        },
        Break::Number => json!(rng.pick(&[-1_i64, 0, 65536, 1_000_001, 2_147_483_648])),
        Break::String => json!(rng.pick(&[
            "Bogus",
            "",
            "UPPER.example.com",
            "a b",
            "/a/../b",
            "1d",
            "x".repeat(300).as_str(),
        ])),
    };
    let shown = format!("{path} = {}", short(&new));
    *object.pointer_mut(&path).expect("a leaf") = new;
    shown
}

fn break_object(rng: &mut Rng, object: &mut Value, add: bool) -> String {
    let mut found = Vec::new();
    objects(&object["spec"], "/spec".to_string(), &mut found);
    let path = rng.pick(&found);
    let map = object
        .pointer_mut(&path)
        .and_then(Value::as_object_mut)
        .expect("an object");
    if add || map.is_empty() {
        map.insert("extraField".into(), json!("x"));
        return format!("{path}/extraField added");
    }
    let keys: Vec<String> = map.keys().cloned().collect();
    let key = rng.pick(&keys);
    map.remove(&key);
    format!("{path}/{key} removed")
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.len() > 24 {
        format!("{}…", &text[..24])
    } else {
        text
    }
}

/// Documents aimed at one CEL rule each (most invalid, a few valid neighbours).
fn cel_cases() -> Vec<(&'static str, &'static str, Value)> {
    let gw = |listeners: Value| json!({"gatewayClassName": "istio", "listeners": listeners});
    let route = |rule: Value| json!({"parentRefs": [{"name": "web"}], "rules": [rule]});
    let backend = json!([{"name": "svc", "port": 80}]);
    vec![
        (
            "listener names repeat",
            "Gateway",
            gw(json!([
            {"name": "a", "port": 80, "protocol": "HTTP"},
            {"name": "a", "port": 81, "protocol": "HTTP"}])),
        ),
        (
            "port, protocol and hostname repeat",
            "Gateway",
            gw(json!([
            {"name": "a", "port": 80, "protocol": "HTTP", "hostname": "a.io"},
            {"name": "b", "port": 80, "protocol": "HTTP", "hostname": "a.io"}])),
        ),
        (
            "same port, other hostnames",
            "Gateway",
            gw(json!([
            {"name": "a", "port": 80, "protocol": "HTTP", "hostname": "a.io"},
            {"name": "b", "port": 80, "protocol": "HTTP", "hostname": "b.io"}])),
        ),
        (
            "HTTPS terminate without certificates",
            "Gateway",
            gw(json!([
            {"name": "a", "port": 443, "protocol": "HTTPS", "tls": {"mode": "Terminate"}}])),
        ),
        (
            "HTTPS without tls",
            "Gateway",
            gw(json!([
            {"name": "a", "port": 443, "protocol": "HTTPS"}])),
        ),
        (
            "tls on HTTP",
            "Gateway",
            gw(json!([
            {"name": "a", "port": 80, "protocol": "HTTP", "tls": {"certificateRefs": [{"name": "c"}]}}])),
        ),
        (
            "hostname on TCP",
            "Gateway",
            gw(json!([
            {"name": "a", "port": 9000, "protocol": "TCP", "hostname": "a.io"}])),
        ),
        (
            "TLS passthrough",
            "Gateway",
            gw(json!([
            {"name": "a", "port": 443, "protocol": "TLS", "hostname": "a.io", "tls": {"mode": "Passthrough"}}])),
        ),
        (
            "IP address typed as hostname",
            "Gateway",
            json!({"gatewayClassName": "istio",
            "listeners": [{"name": "a", "port": 80, "protocol": "HTTP"}],
            "addresses": [{"type": "Hostname", "value": "Not_A_Host"}]}),
        ),
        (
            "path without a slash",
            "HTTPRoute",
            route(json!({
            "matches": [{"path": {"type": "PathPrefix", "value": "api"}}], "backendRefs": backend})),
        ),
        (
            "path with //",
            "HTTPRoute",
            route(json!({
            "matches": [{"path": {"type": "Exact", "value": "/a//b"}}], "backendRefs": backend})),
        ),
        (
            "regex path",
            "HTTPRoute",
            route(json!({
            "matches": [{"path": {"type": "RegularExpression", "value": "^/a.*"}}], "backendRefs": backend})),
        ),
        (
            "service backend without a port",
            "HTTPRoute",
            route(json!({
            "backendRefs": [{"name": "svc"}]})),
        ),
        (
            "backend timeout above the request timeout",
            "HTTPRoute",
            route(json!({
            "timeouts": {"request": "1s", "backendRequest": "2s"}, "backendRefs": backend})),
        ),
        (
            "backend timeout with no request limit",
            "HTTPRoute",
            route(json!({
            "timeouts": {"request": "0s", "backendRequest": "2s"}, "backendRefs": backend})),
        ),
        (
            "redirect and rewrite together",
            "HTTPRoute",
            route(json!({"filters": [
            {"type": "RequestRedirect", "requestRedirect": {"scheme": "https"}},
            {"type": "URLRewrite", "urlRewrite": {"hostname": "b.io"}}]})),
        ),
        (
            "filter type without its field",
            "HTTPRoute",
            route(json!({
            "filters": [{"type": "RequestMirror"}], "backendRefs": backend})),
        ),
        (
            "two header modifiers",
            "HTTPRoute",
            route(json!({"filters": [
            {"type": "RequestHeaderModifier", "requestHeaderModifier": {"set": [{"name": "a", "value": "1"}]}},
            {"type": "RequestHeaderModifier", "requestHeaderModifier": {"set": [{"name": "b", "value": "1"}]}}],
            "backendRefs": backend})),
        ),
        (
            "redirect with backends",
            "HTTPRoute",
            route(json!({
            "filters": [{"type": "RequestRedirect", "requestRedirect": {"statusCode": 301}}],
            "backendRefs": backend})),
        ),
        (
            "replace-prefix rewrite on an exact path",
            "HTTPRoute",
            route(json!({
            "matches": [{"path": {"type": "Exact", "value": "/a"}}],
            "filters": [{"type": "URLRewrite", "urlRewrite": {"path": {"type": "ReplacePrefixMatch", "replacePrefixMatch": "/b"}}}],
            "backendRefs": backend})),
        ),
        (
            "mirror percent and fraction",
            "HTTPRoute",
            route(json!({"filters": [{"type": "RequestMirror",
            "requestMirror": {"backendRef": {"name": "m", "port": 80}, "percent": 5, "fraction": {"numerator": 1}}}],
            "backendRefs": backend})),
        ),
        (
            "fraction above one",
            "HTTPRoute",
            route(json!({"filters": [{"type": "RequestMirror",
            "requestMirror": {"backendRef": {"name": "m", "port": 80}, "fraction": {"numerator": 3, "denominator": 2}}}],
            "backendRefs": backend})),
        ),
        (
            "parentRefs repeat",
            "HTTPRoute",
            json!({"parentRefs": [{"name": "web"}, {"name": "web"}], "rules": [{"backendRefs": backend}]}),
        ),
        (
            "parentRefs differ by section",
            "HTTPRoute",
            json!({"parentRefs": [
            {"name": "web", "sectionName": "a"}, {"name": "web", "sectionName": "b"}], "rules": [{"backendRefs": backend}]}),
        ),
        (
            "mixed section names",
            "HTTPRoute",
            json!({"parentRefs": [
            {"name": "web", "sectionName": "a"}, {"name": "web"}], "rules": [{"backendRefs": backend}]}),
        ),
        (
            "GRPC method without service",
            "GRPCRoute",
            json!({"parentRefs": [{"name": "web"}],
            "rules": [{"matches": [{"method": {"type": "RegularExpression", "method": "S.*"}}], "backendRefs": backend}]}),
        ),
        (
            "GRPC exact method with a regex",
            "GRPCRoute",
            json!({"parentRefs": [{"name": "web"}],
            "rules": [{"matches": [{"method": {"service": "a.B", "method": "S.*"}}], "backendRefs": backend}]}),
        ),
        (
            "GatewayClass controller without a domain",
            "GatewayClass",
            json!({"controllerName": "istio"}),
        ),
        (
            "TLS policy with both CA and well-known CAs",
            "BackendTLSPolicy",
            json!({
            "targetRefs": [{"group": "", "kind": "Service", "name": "r"}],
            "validation": {"hostname": "r.io", "wellKnownCACertificates": "System",
                "caCertificateRefs": [{"group": "", "kind": "ConfigMap", "name": "ca"}]}}),
        ),
        (
            "TLS policy with neither",
            "BackendTLSPolicy",
            json!({
            "targetRefs": [{"group": "", "kind": "Service", "name": "r"}],
            "validation": {"hostname": "r.io"}}),
        ),
    ]
}
