//! A Gateway as Istio's webhook judges it (`ValidateGateway`, `validateServer`,
//! `validateTLSOptions`): a DNS-label name, servers with hosts in
//! `[namespace/]dnsName` form, ports in range with unique names and known protocols,
//! and TLS settings that fit the protocol and mode.

use super::names::{gateway_server_host, is_dns1123_label, is_ip, unix_address};
use super::values::{Protocol, port};
use super::{Meta, Out, at, field, has_items, int, item, list, text};
use serde_json::Value;

pub(super) fn check(meta: &Meta, spec: &Value, out: &mut Out) {
    if !meta.name.is_empty() && !is_dns1123_label(meta.name) {
        out.push(
            "metadata.name",
            format!(
                "invalid gateway name: `{}`; a Gateway's name must be a DNS label (no dots)",
                meta.name
            ),
        );
    }
    // With only `generateName`, the webhook sees the name the server makes of it (the
    // prefix and five characters of its own).
    if meta.name.is_empty()
        && !meta.generate_name.is_empty()
        && !is_dns1123_label(&format!("{}x0000", meta.generate_name))
    {
        out.push(
            "metadata.generateName",
            format!(
                "invalid gateway name: the names `{}` generates are not DNS labels (no dots)",
                meta.generate_name
            ),
        );
    }
    let servers = list(spec, "servers");
    if servers.is_empty() {
        out.push("spec.servers", "gateway must have at least one server");
    }
    let mut port_names: Vec<&str> = Vec::new();
    for (i, server) in servers.iter().enumerate() {
        let path = item("spec.servers", i);
        check_server(server, &path, out);
        if let Some(p) = field(server, "port") {
            let name = text(p, "name");
            if port_names.contains(&name) {
                out.push(
                    at(&at(&path, "port"), "name"),
                    format!("port names in servers must be unique: duplicate name {name}"),
                );
            }
            port_names.push(name);
        }
    }
}

fn check_server(server: &Value, path: &str, out: &mut Out) {
    if !has_items(server, "hosts") {
        out.push(
            at(path, "hosts"),
            "server config must contain at least one host",
        );
    }
    for (j, host) in list(server, "hosts").iter().enumerate() {
        for e in gateway_server_host(host.as_str().unwrap_or_default()) {
            out.push(item(&at(path, "hosts"), j), e);
        }
    }
    let bind = text(server, "bind");
    let unix = bind.strip_prefix("unix://");
    let port_ok = match field(server, "port") {
        None => {
            out.push(at(path, "port"), "port is required");
            false
        }
        Some(p) => server_port(p, unix.is_some(), &at(path, "port"), out),
    };
    match unix {
        Some(socket) => {
            out.check(|| at(path, "bind"), unix_address(socket));
            if let Some(p) = field(server, "port")
                && int(p, "number").unwrap_or(0) != 0
            {
                out.push(
                    at(&at(path, "port"), "number"),
                    "port number must be 0 for unix domain socket",
                );
            }
        }
        None if !bind.is_empty() && !is_ip(bind) => {
            out.push(at(path, "bind"), format!("`{bind}` is not a valid IP"));
        }
        None => {}
    }
    let tls = field(server, "tls");
    if let Some(t) = tls {
        tls_options(t, &at(path, "tls"), out);
    }
    if !port_ok {
        return;
    }
    let protocol = Protocol::parse(field(server, "port").map_or("", |p| text(p, "protocol")));
    match tls {
        None if protocol.is_tls() => out.push(
            at(path, "tls"),
            "server must have TLS settings for HTTPS/TLS protocols",
        ),
        Some(t) if !protocol.is_tls() => {
            if protocol.is_http() {
                let passthrough =
                    matches!(text(t, "mode"), "" | "PASSTHROUGH" | "AUTO_PASSTHROUGH");
                let certs = ["caCertificates", "privateKey", "serverCertificate"]
                    .iter()
                    .any(|k| !text(t, k).is_empty());
                if !passthrough || certs {
                    out.push(
                        at(path, "tls"),
                        "server cannot have TLS settings for plain text HTTP ports",
                    );
                }
            } else {
                out.push(
                    at(path, "tls"),
                    "server cannot have TLS settings for non HTTPS/TLS ports",
                );
            }
        }
        _ => {}
    }
}

/// Whether the port passed (its protocol and number are then worth judging further).
fn server_port(p: &Value, unix: bool, path: &str, out: &mut Out) -> bool {
    let before = out.len();
    let protocol = text(p, "protocol");
    if Protocol::parse(protocol) == Protocol::Unsupported {
        out.push(
            at(path, "protocol"),
            format!(
                "invalid protocol `{protocol}`, supported protocols are HTTP, HTTP2, GRPC, GRPC-WEB, MONGO, REDIS, MYSQL, TCP"
            ),
        );
    }
    let number = int(p, "number").unwrap_or(0);
    if number > 0 || !unix {
        out.check(|| at(path, "number"), port(number));
    }
    if int(p, "targetPort").unwrap_or(0) > 0 {
        out.push(
            at(path, "targetPort"),
            "targetPort has no impact on Gateways",
        );
    }
    if text(p, "name").is_empty() {
        out.push(at(path, "name"), "port name must be set");
    }
    out.len() == before
}

/// A server's TLS settings: what each mode needs and refuses.
fn tls_options(tls: &Value, path: &str, out: &mut Out) {
    let mode = text(tls, "mode");
    let set = |k: &str| !text(tls, k).is_empty();
    let credential = set("credentialName") || has_items(tls, "credentialNames");
    if mode == "ISTIO_MUTUAL" {
        for (key, what) in [
            ("serverCertificate", "server certificate"),
            ("privateKey", "private key"),
            ("caCertificates", "CA bundle"),
            ("credentialName", "credentialName"),
        ] {
            if set(key) {
                out.push(
                    at(path, key),
                    format!("ISTIO_MUTUAL TLS cannot have associated {what}"),
                );
            }
        }
        return;
    }
    let mutual = matches!(mode, "MUTUAL" | "OPTIONAL_MUTUAL");
    if (mode == "SIMPLE" || mutual) && (credential || has_items(tls, "tlsCertificates")) {
        return;
    }
    if mode == "SIMPLE" {
        if !set("serverCertificate") {
            out.push(
                at(path, "serverCertificate"),
                "SIMPLE TLS requires a server certificate",
            );
        }
        if !set("privateKey") {
            out.push(at(path, "privateKey"), "SIMPLE TLS requires a private key");
        }
    } else if mutual {
        if !set("serverCertificate") {
            out.push(
                at(path, "serverCertificate"),
                "MUTUAL TLS requires a server certificate",
            );
        }
        if !set("privateKey") {
            out.push(at(path, "privateKey"), "MUTUAL TLS requires a private key");
        }
        if !set("caCertificates") {
            out.push(
                at(path, "caCertificates"),
                "MUTUAL TLS requires a client CA bundle",
            );
        }
    }
    if set("caCrl") {
        if set("credentialName") {
            out.push(
                at(path, "caCrl"),
                "CRL is not supported with credentialName. CRL has to be specified in the credential",
            );
        }
        if mode == "SIMPLE" {
            out.push(at(path, "caCrl"), "CRL is not supported with SIMPLE TLS");
        }
    }
}
