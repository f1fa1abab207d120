//! Names as Istio's webhook reads them: DNS labels, domain names with and without
//! wildcards, the `namespace/host` form of Gateway hosts, label keys and values, IP
//! addresses and subnets (`pkg/config/labels`, `pkg/config/validation/agent`).
//!
//! Written by hand rather than as regexes: they run for every host of every object.

use std::net::IpAddr;

const LABEL_MAX: usize = 63;

fn alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// A DNS-1123 label as Istio accepts it: 1–63 letters, digits and `-`, starting and
/// ending with a letter or digit (Istio's pattern admits upper case).
pub fn is_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= LABEL_MAX
        && alnum(b[0])
        && alnum(b[b.len() - 1])
        && b.iter().all(|&c| alnum(c) || c == b'-')
}

/// A label that may be a wildcard: `*`, or a DNS label after `*` or `*-`.
pub fn is_wildcard_label(s: &str) -> bool {
    if s.len() > LABEL_MAX {
        return false;
    }
    if s == "*" {
        return true;
    }
    let rest = s
        .strip_prefix("*-")
        .or_else(|| s.strip_prefix('*'))
        .unwrap_or(s);
    is_dns1123_label(rest)
}

fn preconditions(name: &str) -> Result<(), String> {
    if name.len() > 255 {
        return Err(format!("domain name `{name}` too long (max 255)"));
    }
    if name.is_empty() {
        return Err("empty domain name not allowed".into());
    }
    Ok(())
}

/// Go's `strconv.Atoi` succeeding: an optional sign and decimal digits.
fn is_go_integer(s: &str) -> bool {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn dns1123_labels(domain: &str, whole: &str) -> Result<(), String> {
    let parts: Vec<&str> = domain.split('.').collect();
    let top = parts[parts.len() - 1];
    if is_go_integer(top) {
        return Err(format!(
            "domain name `{whole}` invalid (top level domain `{top}` cannot be all-numeric)"
        ));
    }
    for (i, label) in parts.iter().enumerate() {
        // `istio.io.`: the last label may be empty.
        if i == parts.len() - 1 && label.is_empty() {
            return Ok(());
        }
        if !is_dns1123_label(label) {
            return Err(format!(
                "domain name `{whole}` invalid (label `{label}` invalid)"
            ));
        }
    }
    Ok(())
}

/// A fully qualified domain name (no wildcard).
pub fn fqdn(name: &str) -> Result<(), String> {
    preconditions(name)?;
    dns1123_labels(name, name)
}

/// A domain name whose first label may be a wildcard (`*.example.com`, `*`).
pub fn wildcard_domain(name: &str) -> Result<(), String> {
    preconditions(name)?;
    let (first, rest) = match name.split_once('.') {
        Some((f, r)) => (f, Some(r)),
        None => (name, None),
    };
    if !is_wildcard_label(first) {
        return Err(format!(
            "domain name `{name}` invalid (label `{first}` invalid)"
        ));
    }
    match rest {
        Some(rest) => dns1123_labels(rest, name),
        None => Ok(()),
    }
}

/// A host of a VirtualService bound to gateways: as [`wildcard_domain`], but a TLS
/// route's VirtualService may also name Istio's generated `outbound_.PORT_._.HOST`.
pub fn gateway_route_domain(sni: bool, name: &str) -> Result<(), String> {
    preconditions(name)?;
    let first = name.split('.').next().unwrap_or(name);
    if sni && first == "outbound_" {
        // Istio's check: `outbound_` followed by any character and a digit 0–8.
        let ok = name
            .as_bytes()
            .get(9..)
            .is_some_and(|rest| rest.iter().any(|b| (b'0'..=b'8').contains(b)));
        return if ok {
            Ok(())
        } else {
            Err(format!(
                "domain name `{name}` invalid (label `{first}` invalid)"
            ))
        };
    }
    wildcard_domain(name)
}

/// `*` only as the whole host or its first label (`*.example.com`).
pub fn no_partial_wildcard(host: &str) -> Result<(), String> {
    if host.contains('*') && host.len() != 1 && !host.starts_with("*.") {
        return Err(format!("partial wildcard `{host}` not allowed"));
    }
    Ok(())
}

/// The host part of a Gateway server host (after any `namespace/`): a domain with a
/// dot (short names are not allowed), a wildcard, or an IP address.
fn gateway_host_part(host: &str, out: &mut Vec<String>) {
    if host != "*" && !host.contains('.') {
        out.push(format!(
            "short names (non FQDN) are not allowed: `{host}`; write the fully qualified name, such as `{host}.NAMESPACE.svc.cluster.local`"
        ));
    }
    if let Err(e) = wildcard_domain(host)
        && !is_ip(host)
    {
        out.push(e);
    }
    if let Err(e) = no_partial_wildcard(host) {
        out.push(e);
    }
}

/// A Gateway server's host: `[namespace/]dnsName`, the namespace `*`, `.` or a DNS label.
pub fn gateway_server_host(host: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some((ns, name)) = host.split_once('/') else {
        gateway_host_part(host, &mut out);
        return out;
    };
    if ns.is_empty() || name.is_empty() {
        out.push("config namespace and dnsName in host entry cannot be empty".into());
    }
    if ns != "*" && ns != "." && !is_dns1123_label(ns) {
        out.push(format!("invalid namespace value `{ns}` in gateway"));
    }
    gateway_host_part(name, &mut out);
    out
}

/// A Gateway a route names: `mesh`, `namespace/name`, or a legacy name (a domain).
pub fn gateway_reference(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    match name.split_once('/') {
        None => {
            if let Err(e) = fqdn(name) {
                out.push(e);
            }
        }
        Some((ns, gw)) => {
            if ns.is_empty() || gw.is_empty() {
                out.push("config namespace and gateway name cannot be empty".into());
            }
            if !is_dns1123_label(ns) {
                out.push(format!("invalid value for namespace: `{ns}`"));
            }
            if !is_dns1123_label(gw) {
                out.push(format!("invalid value for gateway name: `{gw}`"));
            }
        }
    }
    out
}

/// Istio's "is IP address" (Go's `net.ParseIP`).
pub fn is_ip(s: &str) -> bool {
    s.parse::<IpAddr>().is_ok()
}

/// An IP address or a CIDR block (`10.0.0.0/8`, `2001:db8::/32`).
pub fn ip_subnet(s: &str) -> Result<(), String> {
    if s.matches('/').count() == 1 {
        let (addr, bits) = s.split_once('/').unwrap_or((s, ""));
        let max = match addr.parse::<IpAddr>() {
            Ok(IpAddr::V4(_)) => 32,
            Ok(IpAddr::V6(_)) => 128,
            Err(_) => return Err(format!("`{s}` is not a valid CIDR block")),
        };
        let ok = !bits.is_empty()
            && bits.len() <= 3
            && bits.bytes().all(|b| b.is_ascii_digit())
            && (bits == "0" || !bits.starts_with('0'))
            && bits.parse::<u32>().is_ok_and(|n| n <= max);
        return if ok {
            Ok(())
        } else {
            Err(format!("`{s}` is not a valid CIDR block"))
        };
    }
    if is_ip(s) {
        Ok(())
    } else {
        Err(format!("`{s}` is not a valid IP"))
    }
}

/// A Kubernetes-style label key: `[dns.prefix/]name`.
fn label_key(k: &str) -> Result<(), String> {
    let (prefix, name) = match k.rsplit_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, k),
    };
    let qualified = |s: &str| {
        let b = s.as_bytes();
        !b.is_empty()
            && alnum(b[0])
            && alnum(b[b.len() - 1])
            && b.iter()
                .all(|&c| alnum(c) || matches!(c, b'-' | b'_' | b'.'))
    };
    let prefix_ok = prefix.is_none_or(|p| !p.is_empty() && p.split('.').all(is_dns1123_label));
    if !prefix_ok || !qualified(name) {
        return Err(format!("invalid tag key: `{k}`"));
    }
    if prefix.is_some_and(|p| p.len() > 253) {
        return Err(format!("invalid tag key: `{k}` (DNS prefix is too long)"));
    }
    if name.len() > LABEL_MAX {
        return Err(format!("invalid tag key: `{k}` (name is too long)"));
    }
    Ok(())
}

fn label_value(v: &str) -> bool {
    let b = v.as_bytes();
    b.is_empty()
        || (alnum(b[0])
            && alnum(b[b.len() - 1])
            && b.iter()
                .all(|&c| alnum(c) || matches!(c, b'-' | b'_' | b'.')))
}

/// Each message about a set of labels (keys and values), in key order.
pub fn labels(map: &serde_json::Map<String, serde_json::Value>) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in map {
        if let Err(e) = label_key(k) {
            out.push(e);
        }
        let v = v.as_str().unwrap_or_default();
        if !label_value(v) {
            out.push(format!("invalid tag value: `{v}`"));
        }
    }
    out
}

/// A selector's labels: no empty key, no `*` anywhere.
pub fn selector_labels(map: &serde_json::Map<String, serde_json::Value>) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in map {
        let v = v.as_str().unwrap_or_default();
        if k.is_empty() {
            out.push(format!("empty key is not supported in selector: `{k}={v}`"));
        }
        if k.contains('*') || v.contains('*') {
            out.push(format!("wildcard is not supported in selector: `{k}={v}`"));
        }
    }
    out
}

/// Whether `sni` is covered by `host` (Istio's `host.Name.SubsetOf`).
pub fn subset_of(sni: &str, host: &str) -> bool {
    match (sni.strip_prefix('*'), host.strip_prefix('*')) {
        (Some(s), Some(h)) => s.ends_with(h),
        (Some(_), None) => false,
        (None, Some(h)) => sni.ends_with(h),
        (None, None) => sni == host,
    }
}

/// A Unix domain socket path: absolute, not a directory, or abstract (`@name`).
pub fn unix_address(addr: &str) -> Result<(), String> {
    if addr.is_empty() {
        return Err("unix address must not be empty".into());
    }
    if addr.starts_with('@') {
        return Ok(());
    }
    if !addr.starts_with('/') || addr.ends_with('/') {
        return Err(format!("`{addr}` is not an absolute path to a file"));
    }
    Ok(())
}
