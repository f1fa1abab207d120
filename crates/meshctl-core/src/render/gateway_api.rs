//! What the Gateway API templates see: a `Gateway` from the same gateway intent as
//! Istio's (`render gateway --api gateway-api`), and an `HTTPRoute` from a route intent
//! (`render httproute`). Istio settings the Gateway API's standard channel cannot say
//! (mutual TLS on a listener, `NS/HOST` hosts, pod selectors) are refused here, with
//! what to do instead, rather than dropped.

use super::Options;
use super::context::{gateway_name, labels_with};
use crate::duration::Duration;
use crate::model::GATEWAY_API_GROUP;
use crate::spec::{Choice, OrderedMap, Protocol, ServerTlsMode, ServiceSpec};
use crate::{Error, Result};
use serde_json::{Value, json};

/// The class of the Gateways meshctl renders unless told otherwise: Istio's.
pub const DEFAULT_GATEWAY_CLASS: &str = "istio";

fn api_version() -> String {
    format!("{GATEWAY_API_GROUP}/v1")
}

fn object(name: &str, opts: &Options, labels: &OrderedMap<String>, rest: Value) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("api_version".into(), api_version().into());
    map.insert("name".into(), name.into());
    map.insert("namespace".into(), opts.namespace.clone().into());
    map.insert("labels".into(), labels_with(labels));
    if let Value::Object(rest) = rest {
        map.extend(rest);
    }
    Value::Object(map)
}

/// The Gateway's context and, with `httpsRedirect`, the context of the HTTPRoute that
/// redirects its plain-HTTP listeners to HTTPS (the Gateway API has no redirect on a
/// listener). One listener per host name, as a listener has one `hostname`.
pub fn gateway(spec: &ServiceSpec, opts: &Options, class: &str) -> Result<(Value, Option<Value>)> {
    let gw = spec.gateway.clone().unwrap_or_default();
    if !gw.selector.is_empty() {
        return Err(Error::usage(
            "a Gateway API Gateway has no pod selector: its class picks the deployment",
        )
        .with_hint("drop `--selector` (or `gateway.selector`); use `--gateway-class` to pick the controller"));
    }
    let hosts = if gw.hosts.is_empty() {
        spec.vs_hosts()
    } else {
        gw.hosts.clone()
    };
    if let Some(h) = hosts.iter().find(|h| h.contains('/')) {
        return Err(Error::usage(format!(
            "`{h}`: a Gateway API listener takes a host name, not `NAMESPACE/HOST`"
        ))
        .with_hint("routes choose a Gateway by `parentRefs`; give the host name alone"));
    }
    let protocol = gw.protocol.unwrap_or(match &gw.tls {
        Some(t) if t.mode == ServerTlsMode::Passthrough => Protocol::Tls,
        Some(_) => Protocol::Https,
        None => Protocol::Http,
    });
    let port = gw.port.unwrap_or(match protocol {
        Protocol::Https | Protocol::Tls => 443,
        _ => 80,
    });
    let tls = match &gw.tls {
        None => Value::Null,
        Some(t) => match t.mode {
            ServerTlsMode::Simple => {
                let Some(secret) = &t.credential_name else {
                    return Err(Error::usage(
                        "a terminating HTTPS listener needs the certificate's secret",
                    )
                    .with_hint("pass `--credential-name SECRET`"));
                };
                json!({"mode": "Terminate", "certificate_refs": [secret]})
            }
            ServerTlsMode::Passthrough => json!({"mode": "Passthrough", "certificate_refs": []}),
            other => {
                return Err(Error::usage(format!(
                    "TLS mode `{}` cannot be said on a Gateway API listener (standard channel)",
                    other.as_str()
                ))
                .with_hint("use `--tls-mode SIMPLE` or `PASSTHROUGH`, or render Istio's Gateway (`--api istio`)"));
            }
        },
    };
    let (listener_protocol, prefix) = match protocol {
        Protocol::Https => ("HTTPS", "https"),
        Protocol::Tls => ("TLS", "tls"),
        Protocol::Tcp => ("TCP", "tcp"),
        _ => ("HTTP", "http"),
    };
    let listener =
        |prefix: &str, protocol: &str, port: u32, host: Option<&String>, i: usize, tls: &Value| {
            let hostname = host.filter(|h| h.as_str() != "*");
            json!({
                "name": if hosts.len() > 1 { format!("{prefix}-{i}") } else { prefix.to_string() },
                "port": port,
                "protocol": protocol,
                "hostname": hostname,
                "tls": tls,
            })
        };
    let each = |f: &dyn Fn(Option<&String>, usize) -> Value| -> Vec<Value> {
        if hosts.is_empty() {
            vec![f(None, 0)]
        } else {
            hosts
                .iter()
                .enumerate()
                .map(|(i, h)| f(Some(h), i))
                .collect()
        }
    };
    let mut listeners = each(&|h, i| listener(prefix, listener_protocol, port, h, i, &tls));
    let name = gateway_name(spec);
    let redirect = if gw.https_redirect {
        let plain = each(&|h, i| listener("http", "HTTP", 80, h, i, &Value::Null));
        let parents: Vec<Value> = plain
            .iter()
            .map(|l| json!({"name": name, "group": null, "kind": null, "section": l["name"], "port": null}))
            .collect();
        listeners.extend(plain);
        Some(object(
            &format!("{name}-https-redirect"),
            opts,
            &spec.labels,
            json!({
                "parents": parents,
                "hostnames": [],
                "rules": [{"matches": [], "redirect": {"scheme": "https", "status_code": 301}, "backends": [], "timeout": null}],
            }),
        ))
    } else {
        None
    };
    let gateway = object(
        &name,
        opts,
        &spec.labels,
        json!({"class": class, "listeners": listeners}),
    );
    Ok((gateway, redirect))
}

/// What an HTTPRoute is attached to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteParent {
    /// A Gateway (north–south), optionally one of its listeners.
    Gateway {
        name: String,
        section: Option<String>,
    },
    /// A Service (GAMMA, east–west): the route applies to traffic sent to it.
    Service { name: String, port: Option<u32> },
}

/// One weighted backend: a Service and port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteBackend {
    pub service: String,
    pub port: u32,
    pub weight: u32,
}

/// An HTTPRoute with one rule: its matches, backends and timeout.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RouteIntent {
    pub name: String,
    pub labels: OrderedMap<String>,
    pub parents: Vec<RouteParent>,
    pub hostnames: Vec<String>,
    pub path_prefix: Option<String>,
    pub headers: Vec<(String, String)>,
    pub backends: Vec<RouteBackend>,
    pub timeout: Option<Duration>,
}

pub fn http_route(route: &RouteIntent, opts: &Options) -> Value {
    let parents: Vec<Value> = route
        .parents
        .iter()
        .map(|p| match p {
            RouteParent::Gateway { name, section } => {
                json!({"name": name, "group": null, "kind": null, "section": section, "port": null})
            }
            RouteParent::Service { name, port } => {
                json!({"name": name, "group": "", "kind": "Service", "section": null, "port": port})
            }
        })
        .collect();
    let matches = if route.path_prefix.is_some() || !route.headers.is_empty() {
        let headers: Vec<Value> = route
            .headers
            .iter()
            .map(|(name, value)| json!({"name": name, "value": value}))
            .collect();
        let path = route.path_prefix.as_deref().unwrap_or("/");
        json!([{"path": {"type": "PathPrefix", "value": path}, "headers": headers}])
    } else {
        json!([])
    };
    let backends: Vec<Value> = route
        .backends
        .iter()
        .map(|b| json!({"name": b.service, "port": b.port, "weight": b.weight}))
        .collect();
    object(
        &route.name,
        opts,
        &route.labels,
        json!({
            "parents": parents,
            "hostnames": route.hostnames,
            "rules": [{
                "matches": matches,
                "redirect": null,
                "backends": backends,
                "timeout": route.timeout.map(Duration::to_gateway_api),
            }],
        }),
    )
}
