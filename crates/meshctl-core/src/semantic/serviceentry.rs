//! A ServiceEntry as Istio's webhook judges it (`ValidateServiceEntry`): hosts (no
//! `*`, no short wildcards), addresses and CIDRs, unique port names and numbers, the
//! endpoints each resolution mode allows, and `exportTo` (where `~` is allowed).

use super::names::{
    fqdn, ip_subnet, is_ip, labels, selector_labels, unix_address, wildcard_domain,
};
use super::values::{Protocol, export_to, port, port_name, protocol};
use super::{Meta, Out, at, field, has, int, item, list, map, text};
use serde_json::Value;

pub(super) fn check(meta: &Meta, spec: &Value, out: &mut Out) {
    if let Some(l) = field(spec, "workloadSelector").and_then(|s| map(s, "labels")) {
        let errors = selector_labels(l);
        if !errors.is_empty() {
            // Istio stops at a bad selector.
            for e in errors {
                out.push("spec.workloadSelector.labels", e);
            }
            return;
        }
    }
    if has(spec, "workloadSelector") && has(spec, "endpoints") {
        out.push(
            "spec.endpoints",
            "only one of WorkloadSelector or Endpoints is allowed in Service Entry",
        );
    }
    let hosts: Vec<&str> = list(spec, "hosts")
        .iter()
        .map(|h| h.as_str().unwrap_or_default())
        .collect();
    if hosts.is_empty() {
        out.push("spec.hosts", "service entry must have at least one host");
    }
    for (i, &h) in hosts.iter().enumerate() {
        if h == "*" {
            out.push(item("spec.hosts", i), "invalid host *");
        } else {
            out.check(|| item("spec.hosts", i), wildcard_domain(h));
        }
    }
    let resolution = match text(spec, "resolution") {
        "" => "NONE",
        r => r,
    };
    let mut cidr = false;
    for (i, a) in list(spec, "addresses").iter().enumerate() {
        let a = a.as_str().unwrap_or_default();
        cidr |= a.contains('/');
        out.check(|| item("spec.addresses", i), ip_subnet(a));
    }
    if cidr && resolution != "NONE" && resolution != "STATIC" {
        out.push(
            "spec.resolution",
            "CIDR addresses are allowed only for NONE/STATIC resolution types",
        );
    }

    let ports = list(spec, "ports");
    let mut names: Vec<&str> = Vec::new();
    let mut numbers: Vec<i64> = Vec::new();
    for (i, p) in ports.iter().enumerate() {
        let path = item("spec.ports", i);
        let (name, number) = (text(p, "name"), int(p, "number").unwrap_or(0));
        if names.contains(&name) {
            out.push(
                at(&path, "name"),
                format!("service entry port name `{name}` already defined"),
            );
        }
        names.push(name);
        if numbers.contains(&number) {
            out.push(
                at(&path, "number"),
                format!("service entry port {number} already defined"),
            );
        }
        numbers.push(number);
        let target = int(p, "targetPort").unwrap_or(0);
        if target != 0 {
            out.check(|| at(&path, "targetPort"), port(target));
        }
        out.check(|| at(&path, "name"), port_name(name));
        out.check(|| at(&path, "protocol"), protocol(text(p, "protocol")));
        out.check(|| at(&path, "number"), port(number));
    }

    let endpoints = list(spec, "endpoints");
    match resolution {
        "NONE" if !endpoints.is_empty() => {
            out.push(
                "spec.endpoints",
                "no endpoints should be provided for resolution type none",
            );
        }
        "STATIC" => {
            for (i, e) in endpoints.iter().enumerate() {
                static_endpoint(e, &item("spec.endpoints", i), &names, out);
            }
        }
        "DNS" | "DNS_ROUND_ROBIN" => {
            if endpoints.is_empty() {
                for (i, &h) in hosts.iter().enumerate() {
                    if fqdn(h).is_err() {
                        out.push(
                            item("spec.hosts", i),
                            format!(
                                "hosts must be FQDN if no endpoints are provided for resolution mode {resolution}"
                            ),
                        );
                    }
                }
            }
            if resolution == "DNS_ROUND_ROBIN" && endpoints.len() > 1 {
                out.push(
                    "spec.endpoints",
                    format!("there must only be 0 or 1 endpoint for resolution mode {resolution}"),
                );
            }
            for (i, e) in endpoints.iter().enumerate() {
                let path = item("spec.endpoints", i);
                let address = text(e, "address");
                if !is_ip(address) && fqdn(address).is_err() {
                    out.push(
                        at(&path, "address"),
                        format!(
                            "endpoint address `{address}` is not a valid FQDN or an IP address"
                        ),
                    );
                }
                endpoint_labels_and_ports(e, &path, &names, out);
            }
        }
        // Newer than the rules read from Istio's source: what istioctl (Istio master)
        // answers; its other DYNAMIC_DNS rules are not known here.
        "DYNAMIC_DNS" => {
            for (i, &h) in hosts.iter().enumerate() {
                if !h.starts_with('*') {
                    out.push(
                        item("spec.hosts", i),
                        "host must be wildcarded for resolution mode DYNAMIC_DNS",
                    );
                }
            }
        }
        _ => {}
    }

    // With several hosts, only HTTP (the authority) and TLS (the SNI) tell them apart.
    if resolution != "NONE" && hosts.len() > 1 {
        let opaque = ports.iter().any(|p| {
            let proto = Protocol::parse(text(p, "protocol"));
            !proto.is_http() && !proto.is_tls()
        });
        if opaque {
            out.push(
                "spec.ports",
                "multiple hosts provided with non-HTTP, non-TLS ports",
            );
        }
    }
    export_to(spec, meta.namespace, true, out);
}

/// An endpoint of a `STATIC` entry: an IP address (or a Unix socket), ports the
/// entry defines, valid labels.
fn static_endpoint(e: &Value, path: &str, port_names: &[&str], out: &mut Out) {
    let address = text(e, "address");
    let mut unix = false;
    if address.is_empty() {
        if text(e, "network").is_empty() {
            out.push(at(path, "address"), "address is required");
            return;
        }
    } else if let Some(socket) = address.strip_prefix("unix://") {
        unix = true;
        out.check(|| at(path, "address"), unix_address(socket));
        if map(e, "ports").is_some_and(|p| !p.is_empty()) {
            out.push(
                at(path, "ports"),
                format!("unix endpoint {address} must not include ports"),
            );
        }
    } else if !is_ip(address) {
        out.push(
            at(path, "address"),
            format!("endpoint address `{address}` is not a valid IP address"),
        );
    }
    endpoint_labels_and_ports(e, path, port_names, out);
    if unix && port_names.len() != 1 {
        out.push(path, "exactly 1 service port required for unix endpoints");
    }
}

fn endpoint_labels_and_ports(e: &Value, path: &str, port_names: &[&str], out: &mut Out) {
    if let Some(l) = map(e, "labels") {
        for m in labels(l) {
            out.push(at(path, "labels"), m);
        }
    }
    for (name, number) in map(e, "ports").into_iter().flatten() {
        let p = format!("{}[{name}]", at(path, "ports"));
        let number = super::as_int(number).unwrap_or(0);
        if !port_names.contains(&name.as_str()) {
            out.push(
                p.clone(),
                format!("endpoint port {number} is not defined by the service entry"),
            );
        }
        out.check(|| p.clone(), port_name(name));
        out.check(|| p, port(number));
    }
}
