//! VirtualServices → one Envoy route configuration: a virtual host per VirtualService
//! host, a route per `http[].match` entry, in order (Istio's first-match semantics).

use super::http_route::HostRoutes;
use super::{
    ClusterKey, DEFAULT_PORT, ROUTE_CONFIG_NAME, Warning, Warnings, describe, duration, fqdn,
    fraction, namespace_of,
};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

const HTTP_KEYS: &[&str] = &[
    "name",
    "match",
    "route",
    "redirect",
    "directResponse",
    "rewrite",
    "timeout",
    "retries",
    "fault",
    "mirror",
    "mirrorPercentage",
    "mirrorPercent",
    "mirrors",
    "headers",
];
const MATCH_KEYS: &[&str] = &[
    "name",
    "uri",
    "headers",
    "method",
    "authority",
    "scheme",
    "queryParams",
    "ignoreUriCase",
    "gateways",
];

/// `api_hosts` are the HTTPRoutes' virtual hosts: a VirtualService for one of their
/// hosts is ignored for it, with a warning (Istio does not support mixing the two APIs
/// for one host; the Gateway API's route, the newer way, is kept).
pub(super) fn route_configuration(
    services: &[&Value],
    api_hosts: Vec<HostRoutes>,
    clusters: &mut BTreeMap<ClusterKey, ()>,
    warnings: &mut Vec<Warning>,
) -> Value {
    let mut hosts_taken = BTreeSet::new();
    let mut api_owners = BTreeMap::new();
    let mut virtual_hosts = Vec::new();
    for h in api_hosts {
        hosts_taken.insert(h.fqdn.clone());
        api_owners.insert(h.fqdn, h.owner);
        virtual_hosts.push(h.virtual_host);
    }
    for vs in services {
        let namespace = namespace_of(vs).to_string();
        let mut w = Warnings {
            resource: describe(vs),
            out: warnings,
        };
        let spec = vs.get("spec").cloned().unwrap_or(Value::Null);
        w.unknown_keys(
            &spec,
            "spec",
            &["hosts", "gateways", "http", "tcp", "tls", "exportTo"],
        );
        let routes = http_routes(&spec, &namespace, clusters, &mut w);
        let hosts = spec
            .get("hosts")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for (i, host) in hosts.iter().enumerate() {
            let Some(host) = host.as_str() else { continue };
            let full = fqdn(host, &namespace);
            if let Some(owner) = api_owners.get(&full) {
                w.push(
                    format!("spec.hosts[{i}]"),
                    format!("host `{host}` is routed by {owner} (the Gateway API); this VirtualService is ignored for it, as the two APIs do not mix for one host"),
                );
                continue;
            }
            if !hosts_taken.insert(full.clone()) {
                w.push(
                    format!("spec.hosts[{i}]"),
                    format!("host `{host}` is already routed by an earlier VirtualService; this one is ignored for it"),
                );
                continue;
            }
            virtual_hosts.push(json!({
                "name": format!("{full}:{}", vs.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("")),
                "domains": domains(host, &full),
                "routes": routes,
            }));
        }
    }
    json!({"name": ROUTE_CONFIG_NAME, "virtual_hosts": virtual_hosts})
}

/// The Host/`:authority` values that reach a host: as written and fully qualified,
/// each with any port.
pub(super) fn domains(host: &str, full: &str) -> Vec<String> {
    if host == "*" {
        return vec!["*".into()];
    }
    let mut out = vec![host.to_string(), format!("{host}:*")];
    if full != host {
        out.push(full.to_string());
        out.push(format!("{full}:*"));
    }
    out
}

fn http_routes(
    spec: &Value,
    namespace: &str,
    clusters: &mut BTreeMap<ClusterKey, ()>,
    w: &mut Warnings<'_>,
) -> Vec<Value> {
    for section in ["tcp", "tls"] {
        if spec.get(section).is_some() {
            w.push(
                format!("spec.{section}"),
                "only HTTP routes are served by the local mesh; ignored",
            );
        }
    }
    let mut out = Vec::new();
    let http = spec
        .get("http")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, rule) in http.iter().enumerate() {
        let path = format!("spec.http[{i}]");
        w.unknown_keys(rule, &path, HTTP_KEYS);
        let Some(action) = action(rule, &path, namespace, clusters, w) else {
            continue;
        };
        let matches = rule
            .get("match")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let envoy_matches = if matches.is_empty() {
            vec![json!({"prefix": "/"})]
        } else {
            matches
                .iter()
                .enumerate()
                .map(|(j, m)| route_match(m, &format!("{path}.match[{j}]"), w))
                .collect()
        };
        for m in envoy_matches {
            let mut route = Map::new();
            route.insert("match".into(), m);
            for (k, v) in action.iter() {
                route.insert(k.clone(), v.clone());
            }
            out.push(Value::Object(route));
        }
    }
    out
}

/// Everything of a route but its match: the action, header edits, fault injection.
fn action(
    rule: &Value,
    path: &str,
    namespace: &str,
    clusters: &mut BTreeMap<ClusterKey, ()>,
    w: &mut Warnings<'_>,
) -> Option<Map<String, Value>> {
    let mut out = Map::new();
    if let Some(redirect) = rule.get("redirect") {
        out.insert("redirect".into(), redirect_action(redirect, path, w));
    } else if let Some(direct) = rule.get("directResponse") {
        let status = direct.get("status").and_then(Value::as_u64).unwrap_or(200);
        let mut d = json!({"status": status});
        if let Some(body) = direct.pointer("/body/string").and_then(Value::as_str) {
            d["body"] = json!({"inline_string": body});
        }
        w.unknown_keys(
            direct.get("body").unwrap_or(&Value::Null),
            &format!("{path}.directResponse.body"),
            &["string"],
        );
        out.insert("direct_response".into(), d);
    } else if let Some(dests) = rule.get("route").and_then(Value::as_array) {
        out.insert(
            "route".into(),
            route_action(rule, dests, path, namespace, clusters, w)?,
        );
    } else {
        w.push(
            path.to_string(),
            "has no `route`, `redirect` or `directResponse`; skipped",
        );
        return None;
    }
    if let Some(headers) = rule.get("headers") {
        header_edits(headers, &format!("{path}.headers"), &mut out, w);
    }
    if let Some(fault) = rule.get("fault") {
        let config = fault_config(fault, &format!("{path}.fault"), w);
        out.insert(
            "typed_per_filter_config".into(),
            json!({"envoy.filters.http.fault": config}),
        );
    }
    Some(out)
}

fn destination_key(
    dest: &Value,
    field: &str,
    namespace: &str,
    w: &mut Warnings<'_>,
) -> Option<ClusterKey> {
    let Some(host) = dest.get("host").and_then(Value::as_str) else {
        w.push(field, "destination has no `host`; skipped");
        return None;
    };
    w.unknown_keys(dest, field, &["host", "subset", "port"]);
    let port = dest
        .pointer("/port/number")
        .and_then(Value::as_u64)
        .and_then(|p| u16::try_from(p).ok())
        .unwrap_or(DEFAULT_PORT);
    Some(ClusterKey {
        fqdn: fqdn(host, namespace),
        port,
        subset: dest
            .get("subset")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
    })
}

fn route_action(
    rule: &Value,
    dests: &[Value],
    path: &str,
    namespace: &str,
    clusters: &mut BTreeMap<ClusterKey, ()>,
    w: &mut Warnings<'_>,
) -> Option<Value> {
    let mut weighted = Vec::new();
    for (i, d) in dests.iter().enumerate() {
        let field = format!("{path}.route[{i}]");
        w.unknown_keys(d, &field, &["destination", "weight", "headers"]);
        // Header edits of one destination are its weighted cluster's (Envoy's
        // `ClusterWeight` has the same `*_headers_to_add/remove` as a route).
        let mut edits = Map::new();
        if let Some(headers) = d.get("headers") {
            header_edits(headers, &format!("{field}.headers"), &mut edits, w);
        }
        let Some(key) = destination_key(
            d.get("destination").unwrap_or(&Value::Null),
            &format!("{field}.destination"),
            namespace,
            w,
        ) else {
            continue;
        };
        let weight = d.get("weight").and_then(Value::as_u64);
        clusters.insert(key.clone(), ());
        weighted.push((key.name(), weight, edits));
    }
    let with_edits = weighted.iter().any(|(_, _, e)| !e.is_empty());
    let mut action = Map::new();
    match weighted.as_slice() {
        [] => {
            w.push(format!("{path}.route"), "no usable destination; skipped");
            return None;
        }
        [(name, _, _)] if !with_edits => {
            action.insert("cluster".into(), json!(name));
        }
        [(name, _, edits)] => {
            let mut one = edits.clone();
            one.insert("name".into(), json!(name));
            one.insert("weight".into(), json!(1));
            action.insert("weighted_clusters".into(), json!({"clusters": [one]}));
        }
        many => {
            let total: u64 = many.iter().map(|(_, wt, _)| wt.unwrap_or(0)).sum();
            if total == 0 {
                w.push(
                    format!("{path}.route"),
                    "several destinations but no weights; all traffic goes to the first",
                );
                action.insert("cluster".into(), json!(many[0].0));
            } else {
                action.insert(
                    "weighted_clusters".into(),
                    weighted_clusters(
                        many.iter()
                            .map(|(name, wt, edits)| (name.as_str(), wt.unwrap_or(0), edits)),
                    ),
                );
            }
        }
    }
    // Istio disables Envoy's 15 s default route timeout unless one is given.
    let timeout = rule
        .get("timeout")
        .and_then(|t| duration(t, &format!("{path}.timeout"), w))
        .unwrap_or_else(|| "0s".into());
    action.insert("timeout".into(), json!(timeout));
    if let Some(retries) = rule.get("retries")
        && let Some(policy) = retry_policy(retries, &format!("{path}.retries"), w)
    {
        action.insert("retry_policy".into(), policy);
    }
    if let Some(rewrite) = rule.get("rewrite") {
        let field = format!("{path}.rewrite");
        w.unknown_keys(rewrite, &field, &["uri", "authority", "uriRegexRewrite"]);
        if let Some(uri) = rewrite.get("uri").and_then(Value::as_str) {
            action.insert("prefix_rewrite".into(), json!(uri));
        }
        if let Some(re) = rewrite.get("uriRegexRewrite") {
            action.insert(
                "regex_rewrite".into(),
                json!({
                    "pattern": {"regex": re.get("match").cloned().unwrap_or(json!(""))},
                    "substitution": re.get("rewrite").cloned().unwrap_or(json!(""))
                }),
            );
        }
        if let Some(authority) = rewrite.get("authority").and_then(Value::as_str) {
            action.insert("host_rewrite_literal".into(), json!(authority));
        }
    }
    let mut mirrors = Vec::new();
    if let Some(m) = rule.get("mirror") {
        let pct = rule
            .get("mirrorPercentage")
            .or_else(|| rule.get("mirrorPercent"));
        mirrors.push((m.clone(), pct.cloned(), format!("{path}.mirror")));
    }
    if let Some(list) = rule.get("mirrors").and_then(Value::as_array) {
        for (i, m) in list.iter().enumerate() {
            w.unknown_keys(
                m,
                &format!("{path}.mirrors[{i}]"),
                &["destination", "percentage"],
            );
            mirrors.push((
                m.get("destination").cloned().unwrap_or(Value::Null),
                m.get("percentage").cloned(),
                format!("{path}.mirrors[{i}].destination"),
            ));
        }
    }
    let mut policies = Vec::new();
    for (dest, pct, field) in mirrors {
        if let Some(key) = destination_key(&dest, &field, namespace, w) {
            clusters.insert(key.clone(), ());
            let (p, legacy) = match &pct {
                Some(v) if v.is_object() => (Some(v), None),
                Some(v) => (None, Some(v)),
                None => (None, None),
            };
            policies.push(json!({
                "cluster": key.name(),
                "runtime_fraction": {"default_value": fraction(p, legacy)}
            }));
        }
    }
    if !policies.is_empty() {
        action.insert("request_mirror_policies".into(), json!(policies));
    }
    Some(Value::Object(action))
}

/// Envoy's `weighted_clusters` of `(cluster, weight, header edits)`, the edits being
/// the cluster's own (`ClusterWeight` has a route's `*_headers_to_add/remove`).
pub(super) fn weighted_clusters<'a>(
    list: impl Iterator<Item = (&'a str, u64, &'a Map<String, Value>)>,
) -> Value {
    let clusters: Vec<Value> = list
        .map(|(name, weight, edits)| {
            let mut c = edits.clone();
            c.insert("name".into(), json!(name));
            c.insert("weight".into(), json!(weight));
            Value::Object(c)
        })
        .collect();
    json!({"clusters": clusters})
}

/// Istio's `retryOn` mixes Envoy's retry conditions with bare status codes.
fn retry_policy(retries: &Value, path: &str, w: &mut Warnings<'_>) -> Option<Value> {
    w.unknown_keys(
        retries,
        path,
        &[
            "attempts",
            "perTryTimeout",
            "retryOn",
            "retryRemoteLocalities",
        ],
    );
    let attempts = retries.get("attempts").and_then(Value::as_u64).unwrap_or(0);
    if attempts == 0 {
        return None;
    }
    let mut conditions = Vec::new();
    let mut codes = Vec::new();
    let retry_on = retries
        .get("retryOn")
        .and_then(Value::as_str)
        .unwrap_or("connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes");
    for part in retry_on.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.parse::<u32>() {
            Ok(code) => codes.push(code),
            Err(_) => conditions.push(part.to_string()),
        }
    }
    if !codes.is_empty() && !conditions.iter().any(|c| c == "retriable-status-codes") {
        conditions.push("retriable-status-codes".into());
    }
    let mut policy = json!({"retry_on": conditions.join(","), "num_retries": attempts});
    if !codes.is_empty() {
        policy["retriable_status_codes"] = json!(codes);
    }
    if let Some(t) = retries
        .get("perTryTimeout")
        .and_then(|t| duration(t, &format!("{path}.perTryTimeout"), w))
    {
        policy["per_try_timeout"] = json!(t);
    }
    Some(policy)
}

pub(super) fn redirect_action(redirect: &Value, path: &str, w: &mut Warnings<'_>) -> Value {
    let field = format!("{path}.redirect");
    w.unknown_keys(
        redirect,
        &field,
        &["uri", "authority", "redirectCode", "scheme", "port"],
    );
    let mut out = json!({});
    if let Some(uri) = redirect.get("uri").and_then(Value::as_str) {
        out["path_redirect"] = json!(uri);
    }
    if let Some(a) = redirect.get("authority").and_then(Value::as_str) {
        out["host_redirect"] = json!(a);
    }
    if let Some(s) = redirect.get("scheme").and_then(Value::as_str) {
        out["scheme_redirect"] = json!(s);
    }
    if let Some(p) = redirect.get("port").and_then(Value::as_u64) {
        out["port_redirect"] = json!(p);
    }
    let code = redirect
        .get("redirectCode")
        .and_then(Value::as_u64)
        .unwrap_or(301);
    let name = match code {
        301 => "MOVED_PERMANENTLY",
        302 => "FOUND",
        303 => "SEE_OTHER",
        307 => "TEMPORARY_REDIRECT",
        308 => "PERMANENT_REDIRECT",
        other => {
            w.push(
                format!("{field}.redirectCode"),
                format!("Envoy cannot redirect with `{other}`; 301 is used"),
            );
            "MOVED_PERMANENTLY"
        }
    };
    out["response_code"] = json!(name);
    out
}

pub(super) fn header_edits(
    headers: &Value,
    path: &str,
    out: &mut Map<String, Value>,
    w: &mut Warnings<'_>,
) {
    w.unknown_keys(headers, path, &["request", "response"]);
    for (side, add_key, remove_key) in [
        (
            "request",
            "request_headers_to_add",
            "request_headers_to_remove",
        ),
        (
            "response",
            "response_headers_to_add",
            "response_headers_to_remove",
        ),
    ] {
        let Some(ops) = headers.get(side) else {
            continue;
        };
        w.unknown_keys(ops, &format!("{path}.{side}"), &["set", "add", "remove"]);
        let mut adds = Vec::new();
        for (op, action) in [
            ("set", "OVERWRITE_IF_EXISTS_OR_ADD"),
            ("add", "APPEND_IF_EXISTS_OR_ADD"),
        ] {
            if let Some(map) = ops.get(op).and_then(Value::as_object) {
                for (k, v) in map {
                    adds.push(json!({
                        "header": {"key": k, "value": v.as_str().unwrap_or_default()},
                        "append_action": action
                    }));
                }
            }
        }
        if !adds.is_empty() {
            out.insert(add_key.into(), json!(adds));
        }
        if let Some(list) = ops.get("remove").and_then(Value::as_array) {
            out.insert(remove_key.into(), json!(list));
        }
    }
}

fn fault_config(fault: &Value, path: &str, w: &mut Warnings<'_>) -> Value {
    w.unknown_keys(fault, path, &["delay", "abort"]);
    let mut config =
        json!({"@type": "type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault"});
    if let Some(delay) = fault.get("delay") {
        let field = format!("{path}.delay");
        w.unknown_keys(delay, &field, &["fixedDelay", "percentage", "percent"]);
        if let Some(d) = delay
            .get("fixedDelay")
            .and_then(|d| duration(d, &format!("{field}.fixedDelay"), w))
        {
            config["delay"] = json!({
                "fixed_delay": d,
                "percentage": fraction(delay.get("percentage"), delay.get("percent"))
            });
        } else {
            w.push(field, "only `fixedDelay` delays are supported; ignored");
        }
    }
    if let Some(abort) = fault.get("abort") {
        let field = format!("{path}.abort");
        w.unknown_keys(abort, &field, &["httpStatus", "percentage"]);
        if let Some(status) = abort.get("httpStatus").and_then(Value::as_u64) {
            config["abort"] = json!({
                "http_status": status,
                "percentage": fraction(abort.get("percentage"), None)
            });
        } else {
            w.push(field, "only `httpStatus` aborts are supported; ignored");
        }
    }
    config
}

/// Istio's StringMatch (`exact`/`prefix`/`regex`) → Envoy's StringMatcher.
fn string_match(m: &Value, field: &str, w: &mut Warnings<'_>) -> Option<Value> {
    if let Some(v) = m.get("exact") {
        Some(json!({"exact": v}))
    } else if let Some(v) = m.get("prefix") {
        Some(json!({"prefix": v}))
    } else if let Some(v) = m.get("regex") {
        Some(json!({"safe_regex": {"regex": v}}))
    } else {
        w.push(field, "needs `exact`, `prefix` or `regex`; ignored");
        None
    }
}

fn route_match(m: &Value, path: &str, w: &mut Warnings<'_>) -> Value {
    w.unknown_keys(m, path, MATCH_KEYS);
    if m.get("gateways").is_some() {
        w.push(
            format!("{path}.gateways"),
            "the local mesh has one listener for every gateway; the match applies to all",
        );
    }
    let mut out = Map::new();
    match m.get("uri") {
        Some(uri) if uri.get("exact").is_some() => {
            out.insert("path".into(), uri["exact"].clone());
        }
        Some(uri) if uri.get("prefix").is_some() => {
            out.insert("prefix".into(), uri["prefix"].clone());
        }
        Some(uri) if uri.get("regex").is_some() => {
            out.insert("safe_regex".into(), json!({"regex": uri["regex"]}));
        }
        Some(_) => {
            w.push(
                format!("{path}.uri"),
                "needs `exact`, `prefix` or `regex`; matching every path",
            );
            out.insert("prefix".into(), json!("/"));
        }
        None => {
            out.insert("prefix".into(), json!("/"));
        }
    }
    if m.get("ignoreUriCase").and_then(Value::as_bool) == Some(true) {
        out.insert("case_sensitive".into(), json!(false));
    }
    let mut headers = Vec::new();
    if let Some(map) = m.get("headers").and_then(Value::as_object) {
        for (name, sm) in map {
            if let Some(s) = string_match(sm, &format!("{path}.headers.{name}"), w) {
                headers.push(json!({"name": name, "string_match": s}));
            }
        }
    }
    for (key, pseudo) in [
        ("method", ":method"),
        ("authority", ":authority"),
        ("scheme", ":scheme"),
    ] {
        if let Some(sm) = m.get(key)
            && let Some(s) = string_match(sm, &format!("{path}.{key}"), w)
        {
            headers.push(json!({"name": pseudo, "string_match": s}));
        }
    }
    if !headers.is_empty() {
        out.insert("headers".into(), json!(headers));
    }
    if let Some(map) = m.get("queryParams").and_then(Value::as_object) {
        let params: Vec<Value> = map
            .iter()
            .filter_map(|(name, sm)| {
                string_match(sm, &format!("{path}.queryParams.{name}"), w)
                    .map(|s| json!({"name": name, "string_match": s}))
            })
            .collect();
        out.insert("query_parameters".into(), json!(params));
    }
    Value::Object(out)
}
