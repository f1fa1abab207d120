//! A VirtualService as Istio's webhook judges it (`ValidateVirtualService` and
//! `validateHTTPRoute` in `pkg/config/validation`): hosts for the mesh or for
//! gateways, delegates, what an HTTP route may combine, destinations and weights,
//! retries, redirects, rewrites, faults, CORS, matches, TLS and TCP routes.

use super::names::{
    gateway_reference, gateway_route_domain, ip_subnet, is_dns1123_label, is_ip, labels, subset_of,
    wildcard_domain,
};
use super::values::{
    RETRY_ON, duration, duration_field, export_to, header_operations, is_authority_header,
    is_jwt_claim, match_header_name, percentage, port, regex, string_match, whole_seconds,
};
use super::{Meta, Out, at, field, has, has_items, int, item, list, map, number, text};
use crate::host::matches as hosts_overlap;
use serde_json::Value;

pub(super) fn check(meta: &Meta, spec: &Value, out: &mut Out) {
    let strings = |key: &str| -> Vec<&str> {
        list(spec, key)
            .iter()
            .map(|v| v.as_str().unwrap_or_default())
            .collect()
    };
    let hosts = strings("hosts");
    let gateways = strings("gateways");
    let delegate = hosts.is_empty();
    if delegate {
        if !gateways.is_empty() {
            out.push(
                "spec.gateways",
                "delegate virtual service must have no gateways specified",
            );
        }
        if has_items(spec, "tls") {
            out.push(
                "spec.tls",
                "delegate virtual service must have no tls route specified",
            );
        }
        if has_items(spec, "tcp") {
            out.push(
                "spec.tcp",
                "delegate virtual service must have no tcp route specified",
            );
        }
    }
    let to_gateway = !gateways.is_empty() && !gateways.contains(&"mesh");
    gateway_names(&gateways, "spec.gateways", out);
    if !to_gateway {
        jwt_claim_routes(spec, &gateways, out);
    }

    let sni = list(spec, "tls")
        .iter()
        .flat_map(|t| list(t, "match"))
        .any(|m| has_items(m, "sniHosts"));
    let mut all_valid = true;
    for (i, &h) in hosts.iter().enumerate() {
        let checked = if to_gateway {
            gateway_route_domain(sni, h)
        } else {
            wildcard_domain(h)
        };
        match checked {
            Err(e) if !is_ip(h) => {
                out.push(item("spec.hosts", i), e);
                all_valid = false;
            }
            Ok(()) if !to_gateway && h == "*" => {
                out.push(
                    item("spec.hosts", i),
                    "wildcard host * is not allowed for virtual services bound to the mesh gateway",
                );
                all_valid = false;
            }
            _ => {}
        }
    }
    if all_valid {
        // Hosts per VirtualService are few: the pairs are cheap.
        for j in 1..hosts.len() {
            for i in 0..j {
                if hosts_overlap(hosts[i], hosts[j]) {
                    out.push(
                        item("spec.hosts", j),
                        format!(
                            "duplicate hosts in virtual service: {} & {}",
                            hosts[i], hosts[j]
                        ),
                    );
                }
            }
        }
    }

    if !has_items(spec, "http") && !has_items(spec, "tcp") && !has_items(spec, "tls") {
        out.push(
            "spec",
            "http, tcp or tls must be provided in virtual service",
        );
    }
    for (i, route) in list(spec, "http").iter().enumerate() {
        http_route(route, &item("spec.http", i), delegate, out);
    }
    let is_gateway = !gateways.contains(&"mesh");
    for (i, route) in list(spec, "tls").iter().enumerate() {
        tls_route(route, &item("spec.tls", i), &hosts, is_gateway, out);
    }
    for (i, route) in list(spec, "tcp").iter().enumerate() {
        let path = item("spec.tcp", i);
        for (j, m) in list(route, "match").iter().enumerate() {
            l4_match(m, &item(&at(&path, "match"), j), out);
        }
        if !has_items(route, "route") {
            out.push(at(&path, "route"), "TCP route is required");
        }
        destinations(route, &path, false, out);
    }
    export_to(spec, meta.namespace, false, out);
}

/// The gateways a route or match names. Like Istio, names after the first legacy
/// (`name` or `name.namespace`) one are not looked at.
fn gateway_names(gateways: &[&str], path: &str, out: &mut Out) {
    for (i, g) in gateways.iter().enumerate() {
        for e in gateway_reference(g) {
            out.push(item(path, i), e);
        }
        if !g.contains('/') {
            return;
        }
    }
}

fn jwt_claim_routes(spec: &Value, gateways: &[&str], out: &mut Out) {
    for (i, route) in list(spec, "http").iter().enumerate() {
        for (j, m) in list(route, "match").iter().enumerate() {
            for key in ["headers", "withoutHeaders"] {
                for name in map(m, key).into_iter().flat_map(|h| h.keys()) {
                    if is_jwt_claim(name) {
                        out.push(
                            format!("spec.http[{i}].match[{j}].{key}[{name}]"),
                            format!(
                                "JWT claim based routing (key: {name}) is only supported for gateway, found no gateways: {gateways:?}"
                            ),
                        );
                    }
                }
            }
        }
    }
}

fn http_route(route: &Value, path: &str, delegate: bool, out: &mut Out) {
    conflicts(route, path, delegate, out);
    for (j, m) in list(route, "match").iter().enumerate() {
        http_match(m, &item(&at(path, "match"), j), out);
    }
    if let Some(headers) = field(route, "headers") {
        header_operations(headers, &at(path, "headers"), out);
    }
    if let Some(cors) = field(route, "corsPolicy") {
        cors_policy(cors, &at(path, "corsPolicy"), out);
    }
    if let Some(fault) = field(route, "fault") {
        fault_injection(fault, &at(path, "fault"), out);
    }
    // The deprecated `mirrorPercent` is also accepted under its protobuf name.
    for key in ["mirrorPercent", "mirror_percent"] {
        if let Some(p) = int(route, key)
            && p > 100
        {
            out.push(
                at(path, key),
                format!("mirror_percent must have a max value of 100 (it has {p})"),
            );
        }
    }
    if let Some(p) = field(route, "mirrorPercentage") {
        mirror_percentage(p, &at(path, "mirrorPercentage"), "mirror_percentage", out);
    }
    if let Some(mirror) = field(route, "mirror") {
        destination(mirror, &at(path, "mirror"), out);
    }
    for (k, mirror) in list(route, "mirrors").iter().enumerate() {
        let p = item(&at(path, "mirrors"), k);
        match field(mirror, "destination") {
            None => out.push(p, "destination is required for mirrors"),
            Some(d) => {
                destination(d, &at(&p, "destination"), out);
                if let Some(pct) = field(mirror, "percentage") {
                    mirror_percentage(pct, &at(&p, "percentage"), "mirror percentage", out);
                }
            }
        }
    }
    if let Some(redirect) = field(route, "redirect") {
        out.check(|| at(path, "redirect"), http_redirect(redirect));
    }
    if let Some(direct) = field(route, "directResponse") {
        direct_response(direct, &at(path, "directResponse"), out);
    }
    if let Some(retries) = field(route, "retries") {
        http_retry(retries, &at(path, "retries"), out);
    }
    if let Some(rewrite) = field(route, "rewrite") {
        http_rewrite(rewrite, &at(path, "rewrite"), out);
    }
    authority_rewrite(route, path, out);
    destinations(route, path, true, out);
    duration_field(route, "timeout", path, out);
}

/// What an HTTP route may combine: a root route (one that delegates) only delegates, a
/// delegate's route does not delegate again, a redirect or direct response excludes a
/// route, a fault and a rewrite, and something must answer.
fn conflicts(route: &Value, path: &str, delegate: bool, out: &mut Out) {
    let name = text(route, "name");
    if !delegate && has(route, "delegate") {
        if has(route, "redirect") {
            out.push(
                at(path, "redirect"),
                format!("root HTTP route {name} must not specify redirect"),
            );
        }
        if has(route, "route") {
            out.push(
                at(path, "route"),
                format!("root HTTP route {name} must not specify route"),
            );
        }
        return;
    }
    if delegate && has(route, "delegate") {
        out.push(
            at(path, "delegate"),
            "delegate HTTP route cannot contain delegate",
        );
    }
    let routes = has_items(route, "route");
    if has(route, "redirect") {
        let with = [
            (
                "route",
                routes,
                "HTTP route cannot contain both route and redirect",
            ),
            (
                "fault",
                has(route, "fault"),
                "HTTP route cannot contain both fault and redirect",
            ),
            (
                "rewrite",
                has(route, "rewrite"),
                "HTTP route rule cannot contain both rewrite and redirect",
            ),
            (
                "directResponse",
                has(route, "directResponse"),
                "HTTP route rule cannot contain both direct_response and redirect",
            ),
        ];
        for (key, present, message) in with {
            if present {
                out.push(at(path, key), message);
            }
        }
    } else if has(route, "directResponse") {
        let with = [
            (
                "route",
                routes,
                "HTTP route cannot contain both route and direct_response",
            ),
            (
                "fault",
                has(route, "fault"),
                "HTTP route cannot contain both fault and direct_response",
            ),
            (
                "rewrite",
                has(route, "rewrite"),
                "HTTP route rule cannot contain both rewrite and direct_response",
            ),
        ];
        for (key, present, message) in with {
            if present {
                out.push(at(path, key), message);
            }
        }
    } else if !routes {
        out.push(path, "HTTP route, redirect or direct_response is required");
    }
    if has(route, "mirror") && has_items(route, "mirrors") {
        out.push(
            at(path, "mirrors"),
            "HTTP route cannot contain both mirror and mirrors",
        );
    }
}

fn http_match(m: &Value, path: &str, out: &mut Out) {
    for key in ["headers", "withoutHeaders"] {
        for (name, value) in map(m, key).into_iter().flatten() {
            let p = format!("{}[{name}]", at(path, key));
            out.check(|| p.clone(), match_header_name(name));
            // In `withoutHeaders`, regex `*` means "present", not a regex.
            let presence = key == "withoutHeaders" && text(value, "regex") == "*";
            if !presence {
                string_match(value, &p, key, false, out);
            }
        }
    }
    if let Some(uri) = field(m, "uri") {
        // An empty `uri` prefix matches everything, as Envoy allows.
        string_match(uri, &at(path, "uri"), "uri", true, out);
    }
    for key in ["scheme", "method", "authority"] {
        if let Some(v) = field(m, key) {
            string_match(v, &at(path, key), key, false, out);
        }
    }
    for (name, value) in map(m, "queryParams").into_iter().flatten() {
        let p = format!("{}[{name}]", at(path, "queryParams"));
        string_match(value, &p, "queryParams", false, out);
    }
    l4_match_common(m, path, out);
    let source_namespace = text(m, "sourceNamespace");
    if !source_namespace.is_empty() && !is_dns1123_label(source_namespace) {
        out.push(
            at(path, "sourceNamespace"),
            format!("sourceNamespace match {source_namespace} is invalid"),
        );
    }
}

/// `port`, `sourceLabels` and `gateways`, which every kind of match has.
fn l4_match_common(m: &Value, path: &str, out: &mut Out) {
    if let Some(p) = int(m, "port")
        && p != 0
    {
        out.check(|| at(path, "port"), port(p));
    }
    if let Some(source) = map(m, "sourceLabels") {
        for e in labels(source) {
            out.push(at(path, "sourceLabels"), e);
        }
    }
    let gateways: Vec<&str> = list(m, "gateways")
        .iter()
        .map(|g| g.as_str().unwrap_or_default())
        .collect();
    gateway_names(&gateways, &at(path, "gateways"), out);
}

fn l4_match(m: &Value, path: &str, out: &mut Out) {
    for (k, subnet) in list(m, "destinationSubnets").iter().enumerate() {
        out.check(
            || item(&at(path, "destinationSubnets"), k),
            ip_subnet(subnet.as_str().unwrap_or_default()),
        );
    }
    l4_match_common(m, path, out);
}

fn tls_route(route: &Value, path: &str, hosts: &[&str], is_gateway: bool, out: &mut Out) {
    if !has_items(route, "match") {
        out.push(
            at(path, "match"),
            "TLS route must have at least one match condition",
        );
    }
    for (j, m) in list(route, "match").iter().enumerate() {
        let mp = item(&at(path, "match"), j);
        if !has_items(m, "sniHosts") {
            out.push(
                at(&mp, "sniHosts"),
                "TLS match must have at least one SNI host",
            );
        }
        for (k, sni) in list(m, "sniHosts").iter().enumerate() {
            let sni = sni.as_str().unwrap_or_default();
            let p = item(&at(&mp, "sniHosts"), k);
            let checked = if is_gateway {
                gateway_route_domain(true, sni)
            } else {
                wildcard_domain(sni)
            };
            match checked {
                // An IP address is only a warning (against the SNI specification).
                Err(_) if is_ip(sni) => {}
                Err(e) => out.push(p, e),
                Ok(()) if !hosts.iter().any(|h| subset_of(sni, h)) => out.push(
                    p,
                    format!(
                        "SNI host `{sni}` is not a compatible subset of any of the virtual service hosts: [{}]",
                        hosts.join(", ")
                    ),
                ),
                Ok(()) => {}
            }
        }
        l4_match(m, &mp, out);
    }
    if !has_items(route, "route") {
        out.push(at(path, "route"), "TLS route is required");
    }
    destinations(route, path, false, out);
}

/// A route's destinations: each valid, weights not negative, not all 0 when split.
fn destinations(route: &Value, path: &str, http: bool, out: &mut Out) {
    let all = list(route, "route");
    let mut total: i64 = 0;
    for (k, d) in all.iter().enumerate() {
        let p = item(&at(path, "route"), k);
        match field(d, "destination") {
            None => out.push(at(&p, "destination"), "destination is required"),
            Some(dest) => destination(dest, &at(&p, "destination"), out),
        }
        if http && let Some(headers) = field(d, "headers") {
            header_operations(headers, &at(&p, "headers"), out);
        }
        let weight = int(d, "weight").unwrap_or(0);
        if weight < 0 {
            out.push(at(&p, "weight"), format!("weight {weight} < 0"));
        }
        total += weight;
    }
    if all.len() > 1 && total == 0 {
        out.push(at(path, "route"), "total destination weight = 0");
    }
}

/// A destination: a host (not `*`), a subset name, a port in range.
fn destination(d: &Value, path: &str, out: &mut Out) {
    let host = text(d, "host");
    if host == "*" {
        out.push(at(path, "host"), "invalid destination host *");
    } else {
        out.check(|| at(path, "host"), wildcard_domain(host));
    }
    let subset = text(d, "subset");
    if !subset.is_empty() && !is_dns1123_label(subset) {
        out.push(
            at(path, "subset"),
            format!("subset name is invalid: {subset}"),
        );
    }
    if let Some(p) = field(d, "port") {
        out.check(
            || at(&at(path, "port"), "number"),
            port(int(p, "number").unwrap_or(0)),
        );
    }
}

fn mirror_percentage(p: &Value, path: &str, what: &str, out: &mut Out) {
    let v = number(p, "value").unwrap_or(0.0);
    if v > 100.0 {
        out.push(
            at(path, "value"),
            format!("{what} must have a max value of 100 (it has {v})"),
        );
    }
    if v < 0.0 {
        out.push(
            at(path, "value"),
            format!("{what} must have a min value of 0 (it has {v})"),
        );
    }
}

const METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE",
];

fn cors_policy(cors: &Value, path: &str, out: &mut Out) {
    for (k, origin) in list(cors, "allowOrigins").iter().enumerate() {
        let p = item(&at(path, "allowOrigins"), k);
        let value = ["exact", "prefix", "regex"]
            .iter()
            .find_map(|key| origin.get(*key).and_then(Value::as_str))
            .unwrap_or("");
        if value.is_empty() {
            out.push(
                p,
                "'' is not a valid match type for CORS allow origins".to_string(),
            );
            continue;
        }
        if let Some(re) = origin.get("regex").and_then(Value::as_str) {
            out.check(
                || at(&p, "regex"),
                regex(re).map_err(|e| format!("`corsPolicy.allowOrigins`: {e}")),
            );
        }
    }
    for (k, method) in list(cors, "allowMethods").iter().enumerate() {
        let method = method.as_str().unwrap_or_default();
        if !METHODS.contains(&method) {
            out.push(
                item(&at(path, "allowMethods"), k),
                format!("`{method}` is not a supported HTTP method"),
            );
        }
    }
    for key in ["allowHeaders", "exposeHeaders"] {
        for (k, name) in list(cors, key).iter().enumerate() {
            let name = name.as_str().unwrap_or_default();
            if name != "*" {
                out.check(|| item(&at(path, key), k), super::values::header_name(name));
            }
        }
    }
    if let Some(max_age) = cors.get("maxAge").and_then(Value::as_str) {
        let p = at(path, "maxAge");
        out.check(|| p.clone(), duration(max_age));
        if !whole_seconds(max_age) {
            out.push(p, "max_age duration is accurate only to seconds precision");
        }
    }
}

const GRPC_STATUSES: [&str; 17] = [
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
];

fn http_status(status: i64) -> Result<(), String> {
    if (200..=600).contains(&status) {
        Ok(())
    } else {
        Err(format!("HTTP status {status} is not in range 200-599"))
    }
}

fn fault_injection(fault: &Value, path: &str, out: &mut Out) {
    let (abort, delay) = (field(fault, "abort"), field(fault, "delay"));
    if abort.is_none() && delay.is_none() {
        out.push(
            path,
            "HTTP fault injection must have an abort and/or a delay",
        );
    }
    if let Some(abort) = abort {
        let p = at(path, "abort");
        if let Some(pct) = field(abort, "percentage") {
            percentage(pct, &at(&p, "percentage"), out);
        }
        if let Some(status) = abort.get("grpcStatus").and_then(Value::as_str) {
            if !GRPC_STATUSES.contains(&status) {
                out.push(
                    at(&p, "grpcStatus"),
                    format!(
                        "gRPC status `{status}` is not supported; use a name such as `NOT_FOUND`"
                    ),
                );
            }
        } else if has(abort, "http2Error") {
            out.push(
                at(&p, "http2Error"),
                "HTTP/2 abort fault injection not supported yet",
            );
        } else if let Some(status) = int(abort, "httpStatus") {
            out.check(|| at(&p, "httpStatus"), http_status(status));
        }
    }
    if let Some(delay) = delay {
        let p = at(path, "delay");
        if let Some(pct) = field(delay, "percentage") {
            percentage(pct, &at(&p, "percentage"), out);
        }
        duration_field(delay, "fixedDelay", &p, out);
        if delay
            .get("exponentialDelay")
            .and_then(Value::as_str)
            .is_some()
        {
            duration_field(delay, "exponentialDelay", &p, out);
            out.push(
                at(&p, "exponentialDelay"),
                "exponentialDelay not supported yet",
            );
        }
    }
}

fn http_redirect(redirect: &Value) -> Result<(), String> {
    let port_set = has(redirect, "port") || has(redirect, "derivePort");
    let scheme = text(redirect, "scheme");
    if text(redirect, "uri").is_empty()
        && text(redirect, "authority").is_empty()
        && !port_set
        && scheme.is_empty()
    {
        return Err("redirect must specify URI, authority, scheme, or port".into());
    }
    let code = int(redirect, "redirectCode").unwrap_or(0);
    if code != 0 && !(300..=399).contains(&code) {
        return Err(format!("{code} is not a valid redirect code, must be 3xx"));
    }
    if !scheme.is_empty() && scheme != "http" && scheme != "https" {
        return Err("invalid redirect scheme, must be \"http\" or \"https\"".into());
    }
    if let Some(p) = int(redirect, "port")
        && p > 0
    {
        port(p)?;
    }
    Ok(())
}

fn direct_response(direct: &Value, path: &str, out: &mut Out) {
    if let Some(body) = field(direct, "body") {
        let size = match (body.get("string"), body.get("bytes")) {
            (Some(Value::String(s)), _) => s.len(),
            // Bytes travel as base64: four characters carry three bytes.
            (_, Some(Value::String(b))) => b.trim_end_matches('=').len() * 3 / 4,
            _ => 0,
        };
        if size > 1024 * 1024 {
            out.push(
                at(path, "body"),
                "large direct_responses may impact control plane performance, must be less than 1MB",
            );
        }
    }
    out.check(
        || at(path, "status"),
        http_status(int(direct, "status").unwrap_or(0)),
    );
}

/// Whether Go's `http.StatusText` knows the code.
fn known_http_status(code: i64) -> bool {
    matches!(code,
        100..=103 | 200..=208 | 226 | 300..=305 | 307 | 308 | 400..=418 | 421..=426 | 428
        | 429 | 431 | 451 | 500..=508 | 510 | 511)
}

fn http_retry(retries: &Value, path: &str, out: &mut Out) {
    let attempts = int(retries, "attempts").unwrap_or(0);
    if attempts < 0 {
        out.push(at(path, "attempts"), "attempts cannot be negative");
    }
    let retry_on = text(retries, "retryOn");
    if attempts == 0
        && (has(retries, "perTryTimeout")
            || !retry_on.is_empty()
            || has(retries, "retryRemoteLocalities"))
    {
        out.push(
            at(path, "attempts"),
            "http retry policy configured when attempts are set to 0 (disabled)",
        );
    }
    duration_field(retries, "perTryTimeout", path, out);
    if !retry_on.is_empty() {
        for policy in retry_on.split(',') {
            let code_known = policy
                .strip_prefix('+')
                .unwrap_or(policy)
                .parse::<i64>()
                .is_ok_and(known_http_status);
            if !code_known && !RETRY_ON.contains(&policy) {
                out.push(
                    at(path, "retryOn"),
                    format!("`{policy}` is not a valid retryOn policy"),
                );
            }
        }
    }
}

fn http_rewrite(rewrite: &Value, path: &str, out: &mut Out) {
    let uri = text(rewrite, "uri");
    let regex_rewrite = field(rewrite, "uriRegexRewrite");
    if !uri.is_empty() && regex_rewrite.is_some() {
        out.push(
            path,
            "rewrite may only contain one of URI or UriRegexRewrite",
        );
        return;
    }
    if uri.is_empty() && regex_rewrite.is_none() && text(rewrite, "authority").is_empty() {
        out.push(
            path,
            "rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified",
        );
        return;
    }
    if let Some(r) = regex_rewrite {
        let p = at(path, "uriRegexRewrite");
        let matched = text(r, "match");
        if matched.is_empty() || text(r, "rewrite").is_empty() {
            out.push(
                p,
                "UriRegexRewrite requires both Rewrite and Match fields to be specified",
            );
        } else if let Err(e) = regex(matched) {
            out.push(at(&p, "match"), format!("UriRegexRewrite has errors: {e}"));
        }
    }
}

/// The authority is rewritten in one place only: `rewrite.authority` or one request
/// header (`:authority` or `host`) set or added.
fn authority_rewrite(route: &Value, path: &str, out: &mut Out) {
    let mut current = field(route, "rewrite")
        .map(|r| text(r, "authority"))
        .unwrap_or("")
        .to_string();
    let request = field(route, "headers").and_then(|h| field(h, "request"));
    for op in ["set", "add"] {
        for (name, value) in request.and_then(|r| map(r, op)).into_iter().flatten() {
            if !is_authority_header(name) {
                continue;
            }
            let value = value.as_str().unwrap_or_default();
            if !current.is_empty() {
                out.push(
                    format!("{path}.headers.request.{op}[{name}]"),
                    format!(
                        "authority header cannot be set multiple times: have `{current}`, attempting to set `{value}`"
                    ),
                );
                return;
            }
            current = value.to_string();
        }
    }
}
