//! A DestinationRule as Istio's webhook judges it (`ValidateDestinationRule`): its
//! host, subsets (unique DNS-label names, valid labels), and every traffic policy —
//! connection pools, outlier detection, load balancing, client TLS, port-level
//! settings — plus `exportTo` and the workload selector.

use super::names::{is_dns1123_label, labels, selector_labels, wildcard_domain};
use super::values::{duration_field, export_to, percent, port};
use super::{Meta, Out, at, field, has, int, item, list, map, text, truthy};
use serde_json::Value;

pub(super) fn check(meta: &Meta, spec: &Value, out: &mut Out) {
    out.check(|| "spec.host", wildcard_domain(text(spec, "host")));
    if let Some(policy) = field(spec, "trafficPolicy") {
        traffic_policy(policy, "spec.trafficPolicy", out);
    }
    let mut names: Vec<&str> = Vec::new();
    for (i, subset) in list(spec, "subsets").iter().enumerate() {
        let path = item("spec.subsets", i);
        let name = text(subset, "name");
        if names.contains(&name) {
            out.push(at(&path, "name"), format!("duplicate subset names: {name}"));
        }
        names.push(name);
        if name.is_empty() {
            out.push(at(&path, "name"), "subset name cannot be empty");
        } else if !is_dns1123_label(name) {
            out.push(at(&path, "name"), format!("subset name is invalid: {name}"));
        }
        if let Some(l) = map(subset, "labels") {
            for e in labels(l) {
                out.push(at(&path, "labels"), e);
            }
        }
        if let Some(policy) = field(subset, "trafficPolicy") {
            traffic_policy(policy, &at(&path, "trafficPolicy"), out);
        }
    }
    export_to(spec, meta.namespace, false, out);
    if let Some(selector) = field(spec, "workloadSelector") {
        workload_selector_export(spec, meta.namespace, out);
        if let Some(l) = map(selector, "matchLabels") {
            for e in selector_labels(l) {
                out.push("spec.workloadSelector.matchLabels", e);
            }
        }
    }
}

/// A DestinationRule with a workload selector applies in its own namespace only.
fn workload_selector_export(spec: &Value, namespace: &str, out: &mut Out) {
    let entries: Vec<&str> = list(spec, "exportTo")
        .iter()
        .map(|e| e.as_str().unwrap_or_default())
        .map(|e| if e == "." { namespace } else { e })
        .collect();
    if entries.is_empty() {
        return;
    }
    let mut distinct = entries.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.contains(&namespace) {
        if distinct.len() > 1 {
            out.push(
                "spec.exportTo",
                "destination rule with workload selector cannot have multiple entries in exportTo",
            );
        }
    } else {
        out.push(
            "spec.exportTo",
            "destination rule with workload selector cannot have exportTo beyond current namespace",
        );
    }
}

fn traffic_policy(policy: &Value, path: &str, out: &mut Out) {
    let set = policy.as_object().is_some_and(|m| {
        m.values()
            .any(|v| !v.is_null() && v != &Value::Array(vec![]))
    });
    if !set {
        out.push(path, "traffic policy must have at least one field");
        return;
    }
    if has(policy, "tunnel") && has(policy, "proxyProtocol") {
        out.push(path, "tunnel and proxyProtocol must not be set together");
        return;
    }
    common_policy(policy, path, out);
    for (i, p) in list(policy, "portLevelSettings").iter().enumerate() {
        let pp = item(&at(path, "portLevelSettings"), i);
        if !has(p, "port") {
            out.push(at(&pp, "port"), "portTrafficPolicy must have valid port");
        }
        let any = ["outlierDetection", "connectionPool", "loadBalancer", "tls"]
            .iter()
            .any(|k| has(p, k));
        if !any {
            out.push(pp, "port traffic policy must have at least one field");
        } else {
            common_policy(p, &pp, out);
        }
    }
    if let Some(tunnel) = field(policy, "tunnel") {
        tunnel_settings(tunnel, &at(path, "tunnel"), out);
    }
    if let Some(pp) = field(policy, "proxyProtocol") {
        let version = text(pp, "version");
        if !matches!(version, "" | "V1" | "V2") {
            out.push(
                at(&at(path, "proxyProtocol"), "version"),
                format!("proxy protocol version is invalid: {version}"),
            );
        }
    }
}

/// What a traffic policy and a port-level policy share.
fn common_policy(policy: &Value, path: &str, out: &mut Out) {
    let outlier = field(policy, "outlierDetection");
    if let Some(o) = outlier {
        outlier_detection(o, &at(path, "outlierDetection"), out);
    }
    if let Some(pool) = field(policy, "connectionPool") {
        connection_pool(pool, &at(path, "connectionPool"), out);
    }
    if let Some(lb) = field(policy, "loadBalancer") {
        load_balancer(lb, outlier.is_some(), &at(path, "loadBalancer"), out);
    }
    if let Some(tls) = field(policy, "tls") {
        client_tls(tls, &at(path, "tls"), out);
    }
}

fn outlier_detection(o: &Value, path: &str, out: &mut Out) {
    duration_field(o, "baseEjectionTime", path, out);
    duration_field(o, "interval", path, out);
    if !truthy(o, "splitExternalLocalOriginErrors")
        && int(o, "consecutiveLocalOriginFailures").unwrap_or(0) > 0
    {
        out.push(
            at(path, "consecutiveLocalOriginFailures"),
            "outlier detection consecutive local origin failures is specified, but split external local origin errors is set to false",
        );
    }
    for key in ["maxEjectionPercent", "minHealthPercent"] {
        if let Some(n) = int(o, key) {
            out.check(|| at(path, key), percent(n));
        }
    }
}

fn connection_pool(pool: &Value, path: &str, out: &mut Out) {
    let (http, tcp) = (field(pool, "http"), field(pool, "tcp"));
    if http.is_none() && tcp.is_none() {
        out.push(path, "connection pool must have at least one field");
        return;
    }
    if let Some(h) = http {
        let p = at(path, "http");
        for (key, what) in [
            ("http1MaxPendingRequests", "http1 max pending requests"),
            ("http2MaxRequests", "http2 max requests"),
            ("maxRequestsPerConnection", "max requests per connection"),
            ("maxRetries", "max retries"),
            ("maxConcurrentStreams", "max concurrent streams"),
        ] {
            if int(h, key).unwrap_or(0) < 0 {
                out.push(at(&p, key), format!("{what} must be non-negative"));
            }
        }
        duration_field(h, "idleTimeout", &p, out);
        if text(h, "h2UpgradePolicy") == "UPGRADE" && truthy(h, "useClientProtocol") {
            out.push(
                at(&p, "useClientProtocol"),
                "use client protocol must not be true when H2UpgradePolicy is UPGRADE",
            );
        }
    }
    if let Some(t) = tcp {
        let p = at(path, "tcp");
        if int(t, "maxConnections").unwrap_or(0) < 0 {
            out.push(
                at(&p, "maxConnections"),
                "max connections must be non-negative",
            );
        }
        for key in ["connectTimeout", "maxConnectionDuration", "idleTimeout"] {
            duration_field(t, key, &p, out);
        }
        if let Some(ka) = field(t, "tcpKeepalive") {
            let kp = at(&p, "tcpKeepalive");
            duration_field(ka, "time", &kp, out);
            duration_field(ka, "interval", &kp, out);
        }
    }
}

/// Envoy's primality test for Maglev table sizes.
fn is_prime(x: u64) -> bool {
    if x != 0 && x < 4 {
        return true;
    }
    if x & 1 == 0 {
        return false;
    }
    let mut f = 3;
    while f * f <= x {
        if x.is_multiple_of(f) {
            return false;
        }
        f += 2;
    }
    true
}

fn load_balancer(lb: &Value, has_outlier: bool, path: &str, out: &mut Out) {
    if let Some(ch) = field(lb, "consistentHash") {
        let p = at(path, "consistentHash");
        if let Some(cookie) = field(ch, "httpCookie")
            && text(cookie, "name").is_empty()
        {
            out.push(at(&p, "httpCookie"), "name required for HttpCookie");
        }
        let algorithm = has(ch, "maglev") || has(ch, "ringHash");
        if int(ch, "minimumRingSize").unwrap_or(0) != 0 && algorithm {
            out.push(
                at(&p, "minimumRingSize"),
                "only one of MinimumRingSize or Maglev/Ringhash can be specified",
            );
        }
        if let Some(m) = field(ch, "maglev") {
            let size = int(m, "tableSize").map_or(0, |n| n.max(0) as u64);
            let mp = at(&at(&p, "maglev"), "tableSize");
            if size == 0 {
                out.push(mp.clone(), "tableSize must be set for maglev");
            }
            if size >= 5_000_011 {
                out.push(mp.clone(), "tableSize must be less than 5000011 for maglev");
            }
            if !is_prime(size) {
                out.push(mp, "tableSize must be a prime number for maglev");
            }
        }
    }
    if let Some(l) = field(lb, "localityLbSetting") {
        locality(l, has_outlier, &at(path, "localityLbSetting"), out);
    }
    duration_field(lb, "warmupDurationSecs", path, out);
    if let Some(warm) = field(lb, "warmup") {
        let p = at(path, "warmup");
        match warm.get("duration").and_then(Value::as_str) {
            None => out.push(at(&p, "duration"), "duration is required"),
            Some(d) => out.check(|| at(&p, "duration"), super::values::duration(d)),
        }
        if super::number(warm, "minimumPercent").is_some_and(|n| n > 100.0) {
            out.push(
                at(&p, "minimumPercent"),
                "minimumPercent value should be less than or equal to 100",
            );
        }
        if super::number(warm, "aggression").is_some_and(|n| n < 1.0) {
            out.push(
                at(&p, "aggression"),
                "aggression should be greater than or equal to 1",
            );
        }
    }
}

fn locality(l: &Value, _has_outlier: bool, path: &str, out: &mut Out) {
    let distribute = list(l, "distribute");
    let failover = list(l, "failover");
    if !distribute.is_empty() && !failover.is_empty() {
        out.push(
            path,
            "can not simultaneously specify 'distribute' and 'failover'",
        );
        return;
    }
    if !failover.is_empty() {
        for label in list(l, "failoverPriority") {
            let label = label.as_str().unwrap_or_default();
            if matches!(
                label,
                "topology.kubernetes.io/region"
                    | "topology.kubernetes.io/zone"
                    | "topology.istio.io/subzone"
            ) {
                out.push(
                    at(path, "failoverPriority"),
                    format!("can not simultaneously set 'failover' and topology label '{label}' in 'failover_priority'"),
                );
                return;
            }
        }
    }
    for (i, d) in distribute.iter().enumerate() {
        let p = item(&at(path, "distribute"), i);
        let mut total = 0;
        for (_, w) in map(d, "to").into_iter().flatten() {
            let w = super::as_int(w).unwrap_or(0);
            if !(1..=100).contains(&w) {
                out.push(at(&p, "to"), "locality weight must be in range [1, 100]");
                return;
            }
            total += w;
        }
        if total != 100 {
            out.push(
                at(&p, "to"),
                format!("total locality weight {total} != 100"),
            );
            return;
        }
    }
    for (i, f) in failover.iter().enumerate() {
        let p = item(&at(path, "failover"), i);
        let (from, to) = (text(f, "from"), text(f, "to"));
        if from == to {
            out.push(
                p.clone(),
                "locality lb failover settings must specify different regions",
            );
        }
        if from.contains('/') || to.contains('/') {
            out.push(p.clone(), "locality lb failover only specify region");
        }
        if from.contains('*') || to.contains('*') {
            out.push(
                p,
                "locality lb failover region should not contain '*' wildcard",
            );
        }
    }
}

/// Client TLS (`agent.ValidateTLS`): settings that need, or exclude, each other.
fn client_tls(tls: &Value, path: &str, out: &mut Out) {
    let mode = text(tls, "mode");
    let set = |k: &str| !text(tls, k).is_empty();
    let sans = has(tls, "subjectAltNames");
    if truthy(tls, "insecureSkipVerify") {
        if mode == "SIMPLE" && (set("caCertificates") || set("credentialName") || sans) {
            out.push(
                at(path, "insecureSkipVerify"),
                "cannot specify CaCertificates or CredentialName or SubjectAltNames when InsecureSkipVerify is set true",
            );
        }
        if mode == "MUTUAL" && (set("caCertificates") || sans) {
            out.push(
                at(path, "insecureSkipVerify"),
                "cannot specify CaCertificates or SubjectAltNames when InsecureSkipVerify is set true",
            );
        }
    }
    if matches!(mode, "SIMPLE" | "MUTUAL") && set("credentialName") {
        if set("clientCertificate") || set("caCertificates") || set("privateKey") || set("caCrl") {
            out.push(
                at(path, "credentialName"),
                "cannot specify client certificates or CA certificate or CA CRL If credentialName is set",
            );
        }
        return;
    }
    if mode == "MUTUAL" {
        if !set("clientCertificate") {
            out.push(
                at(path, "clientCertificate"),
                "client certificate required for mutual tls",
            );
        }
        if !set("privateKey") {
            out.push(
                at(path, "privateKey"),
                "private key required for mutual tls",
            );
        }
    }
}

fn tunnel_settings(tunnel: &Value, path: &str, out: &mut Out) {
    let protocol = text(tunnel, "protocol");
    if !protocol.is_empty() && protocol != "CONNECT" && protocol != "POST" {
        out.push(
            at(path, "protocol"),
            "tunnel protocol must be \"CONNECT\" or \"POST\"",
        );
    }
    let target = text(tunnel, "targetHost");
    if super::names::fqdn(target).is_err() && !super::names::is_ip(target) {
        out.push(
            at(path, "targetHost"),
            format!("tunnel target host must be valid FQDN or IP address: `{target}`"),
        );
    }
    if let Err(e) = port(int(tunnel, "targetPort").unwrap_or(0)) {
        out.push(
            at(path, "targetPort"),
            format!("tunnel target port is invalid: {e}"),
        );
    }
}
