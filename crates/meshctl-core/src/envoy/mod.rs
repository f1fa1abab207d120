//! Istio traffic resources and Gateway API routes → Envoy v3 configuration, for the
//! local mesh.
//!
//! The local mesh serves meshctl's Gateways, VirtualServices and DestinationRules, and
//! the Gateway API's Gateways and HTTPRoutes (`http_route`), with one real Envoy. This module is the pure half: it turns the stored objects and
//! the local endpoint registry into Envoy's dynamic resources (clusters with inline
//! endpoints, one listener, one route configuration) plus the bootstrap that points
//! Envoy at the files they are written to. Cluster names follow Istio
//! (`outbound|PORT|SUBSET|FQDN`) so the same metric queries work locally and in a
//! cluster. Whatever has no translation is named in a [`Warning`] (resource and
//! field), never silently dropped.

mod cluster;
mod http_route;
pub mod local;
mod route;

#[cfg(test)]
mod tests;

use crate::host::fqdn;
use crate::model::Kind;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::fmt;

pub const CLUSTER_TYPE: &str = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
pub const LISTENER_TYPE: &str = "type.googleapis.com/envoy.config.listener.v3.Listener";
pub const ROUTE_TYPE: &str = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
/// The name of the single route configuration (RDS) and listener.
pub const ROUTE_CONFIG_NAME: &str = "local";
pub const LISTENER_NAME: &str = "local";
/// Istio's service port when a destination does not name one.
pub const DEFAULT_PORT: u16 = 80;

/// One backend address of a service subset in the local registry.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Endpoint {
    /// The short service name (`reviews`), as a VirtualService host names it.
    pub service: String,
    pub namespace: String,
    /// The subset (`v1`); every endpoint also serves the service's unsubsetted cluster.
    pub subset: String,
    /// `HOST:PORT`, e.g. `127.0.0.1:9081`.
    pub address: String,
}

impl Endpoint {
    pub fn fqdn(&self) -> String {
        fqdn(&self.service, &self.namespace)
    }
}

/// What could not be translated, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// `VirtualService shop/reviews`.
    pub resource: String,
    /// `spec.http[0].corsPolicy`.
    pub field: String,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`: {}", self.resource, self.field, self.message)
    }
}

/// Where Envoy listens (both on 127.0.0.1 only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub listener_port: u16,
}

/// Envoy's dynamic resources for one state of the mesh.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    pub clusters: Vec<Value>,
    pub listeners: Vec<Value>,
    pub routes: Vec<Value>,
    pub warnings: Vec<Warning>,
}

impl Translation {
    /// The three discovery responses (CDS, LDS, RDS) carrying `version`.
    pub fn responses(&self, version: &str) -> [(&'static str, Value); 3] {
        [
            (
                "cds.json",
                discovery_response(version, CLUSTER_TYPE, &self.clusters),
            ),
            (
                "lds.json",
                discovery_response(version, LISTENER_TYPE, &self.listeners),
            ),
            (
                "rds.json",
                discovery_response(version, ROUTE_TYPE, &self.routes),
            ),
        ]
    }
}

/// A `DiscoveryResponse` as Envoy reads it from a file.
pub fn discovery_response(version: &str, type_url: &str, resources: &[Value]) -> Value {
    let resources: Vec<Value> = resources
        .iter()
        .map(|r| {
            let mut r = r.clone();
            if let Some(obj) = r.as_object_mut() {
                obj.shift_insert(0, "@type".into(), Value::String(type_url.into()));
            }
            r
        })
        .collect();
    json!({"version_info": version, "resources": resources})
}

/// Istio's cluster name: `outbound|8080|v1|reviews.shop.svc.cluster.local`.
pub fn cluster_name(port: u16, subset: &str, fqdn: &str) -> String {
    format!("outbound|{port}|{subset}|{fqdn}")
}

/// A cluster some route or mirror points at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ClusterKey {
    pub fqdn: String,
    pub port: u16,
    pub subset: String,
}

impl ClusterKey {
    pub fn name(&self) -> String {
        cluster_name(self.port, &self.subset, &self.fqdn)
    }
}

/// Collects warnings with the resource they belong to.
pub(crate) struct Warnings<'a> {
    pub resource: String,
    pub out: &'a mut Vec<Warning>,
}

impl Warnings<'_> {
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.out.push(Warning {
            resource: self.resource.clone(),
            field: field.into(),
            message: message.into(),
        });
    }

    /// Names every key of `value` (an object at `path`) not in `known`.
    pub fn unknown_keys(&mut self, value: &Value, path: &str, known: &[&str]) {
        if let Some(obj) = value.as_object() {
            for key in obj.keys() {
                if !known.contains(&key.as_str()) {
                    self.push(
                        format!("{path}.{key}"),
                        "not supported by the local mesh; ignored",
                    );
                }
            }
        }
    }
}

/// `Kind ns/name` for warnings.
pub(crate) fn describe(object: &Value) -> String {
    let kind = object.get("kind").and_then(Value::as_str).unwrap_or("?");
    let name = object
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("?");
    format!("{kind} {}/{name}", namespace_of(object))
}

pub(crate) fn namespace_of(object: &Value) -> &str {
    object
        .pointer("/metadata/namespace")
        .and_then(Value::as_str)
        .unwrap_or("default")
}

fn kind_of(object: &Value) -> Option<Kind> {
    Kind::of(
        object
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or(""),
        object.get("kind").and_then(Value::as_str).unwrap_or(""),
    )
}

/// Translates the stored objects and the endpoint registry. Objects are taken in the
/// order given; callers sort them (namespace, name) so the output is stable.
pub fn translate(objects: &[Value], endpoints: &[Endpoint], options: &Options) -> Translation {
    let mut warnings = Vec::new();
    let mut gateways = Vec::new();
    let mut services = Vec::new();
    let mut rules = Vec::new();
    let mut api_gateways = Vec::new();
    let mut http_routes = Vec::new();
    for object in objects {
        match kind_of(object) {
            Some(Kind::Gateway) => gateways.push(object),
            Some(Kind::VirtualService) => services.push(object),
            Some(Kind::DestinationRule) => rules.push(object),
            Some(Kind::ServiceEntry) => warnings.push(Warning {
                resource: describe(object),
                field: "spec".into(),
                message: "ServiceEntries are stored but not served by the local mesh".into(),
            }),
            Some(Kind::ApiGateway) => api_gateways.push(object),
            Some(Kind::HttpRoute) => http_routes.push(object),
            None => {}
        }
    }
    for gw in &gateways {
        gateway_warnings(gw, &mut warnings);
    }
    for gw in &api_gateways {
        http_route::gateway_warnings(gw, &mut warnings);
    }

    let mut referenced = BTreeMap::<ClusterKey, ()>::new();
    let api_hosts =
        http_route::virtual_hosts(&http_routes, &api_gateways, &mut referenced, &mut warnings);
    let route_config =
        route::route_configuration(&services, api_hosts, &mut referenced, &mut warnings);

    // Every subset a DestinationRule defines gets a cluster too, on the ports its
    // host is routed on (or the default port), so its stats exist before traffic moves.
    let rule_index = cluster::RuleIndex::new(&rules, &mut warnings);
    for (fqdn, rule) in rule_index.iter() {
        let mut ports: Vec<u16> = referenced
            .keys()
            .filter(|k| &k.fqdn == fqdn)
            .map(|k| k.port)
            .collect();
        ports.dedup();
        if ports.is_empty() {
            ports.push(DEFAULT_PORT);
        }
        for subset in cluster::subset_names(rule.object) {
            for port in &ports {
                referenced.insert(
                    ClusterKey {
                        fqdn: fqdn.clone(),
                        port: *port,
                        subset: subset.clone(),
                    },
                    (),
                );
            }
        }
    }

    let clusters = referenced
        .keys()
        .map(|key| cluster::build(key, &rule_index, endpoints, &mut warnings))
        .collect();
    Translation {
        clusters,
        listeners: vec![listener(options.listener_port)],
        routes: vec![route_config],
        warnings,
    }
}

/// Gateways are served by the one local listener: their hosts and HTTP ports route as
/// written, but TLS and non-HTTP servers cannot be, and say so.
fn gateway_warnings(gateway: &Value, out: &mut Vec<Warning>) {
    let mut w = Warnings {
        resource: describe(gateway),
        out,
    };
    let servers = gateway
        .pointer("/spec/servers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, server) in servers.iter().enumerate() {
        let protocol = server
            .pointer("/port/protocol")
            .and_then(Value::as_str)
            .unwrap_or("HTTP")
            .to_ascii_uppercase();
        if !matches!(protocol.as_str(), "HTTP" | "HTTP2" | "GRPC") {
            w.push(
                format!("spec.servers[{i}].port.protocol"),
                format!("`{protocol}` servers are not served by the local mesh (HTTP only)"),
            );
        }
        if server.get("tls").is_some() {
            w.push(
                format!("spec.servers[{i}].tls"),
                "TLS is not terminated by the local mesh; the server is served as plain HTTP",
            );
        }
    }
}

/// The one listener on 127.0.0.1, routing by the RDS configuration.
pub fn listener(port: u16) -> Value {
    json!({
        "name": LISTENER_NAME,
        "address": {"socket_address": {"address": "127.0.0.1", "port_value": port}},
        "filter_chains": [{
            "filters": [{
                "name": "envoy.filters.network.http_connection_manager",
                "typed_config": {
                    "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
                    "stat_prefix": "local",
                    "rds": {
                        "route_config_name": ROUTE_CONFIG_NAME,
                        "config_source": file_source("rds.json")
                    },
                    "http_filters": [
                        {
                            "name": "envoy.filters.http.fault",
                            "typed_config": {"@type": "type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault"}
                        },
                        {
                            "name": "envoy.filters.http.router",
                            "typed_config": {"@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"}
                        }
                    ]
                }
            }]
        }]
    })
}

/// Placeholder the adapter replaces with the absolute xDS directory: keeps this module
/// free of the machine's paths while the translation stays a pure value.
pub const XDS_DIR: &str = "@XDS_DIR@";

fn file_source(file: &str) -> Value {
    json!({
        "resource_api_version": "V3",
        "path_config_source": {
            "path": format!("{XDS_DIR}/{file}"),
            "watched_directory": {"path": XDS_DIR}
        }
    })
}

/// The bootstrap: admin on 127.0.0.1, CDS and LDS from watched files, and the stats
/// settings that keep Istio's cluster names whole (see DESIGN.md).
pub fn bootstrap(admin_port: u16) -> Value {
    json!({
        "node": {"id": "meshctl-local", "cluster": "meshctl-local"},
        "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": admin_port}}},
        "stats_flush_interval": "1s",
        "stats_config": {
            "use_all_default_tags": false,
            "stats_tags": [
                {"tag_name": "envoy.cluster_name", "regex": "^cluster\\.((.+?(\\..+?\\.svc\\.cluster\\.local)?)\\.)"},
                {"tag_name": "envoy.response_code"},
                {"tag_name": "envoy.response_code_class"},
                {"tag_name": "envoy.http_conn_manager_prefix"},
                {"tag_name": "envoy.listener_address"}
            ]
        },
        "dynamic_resources": {
            "cds_config": file_source("cds.json"),
            "lds_config": file_source("lds.json")
        }
    })
}

/// Replaces [`XDS_DIR`] in every string of `value` with `dir`.
pub fn with_xds_dir(value: &Value, dir: &str) -> Value {
    match value {
        Value::String(s) => Value::String(s.replace(XDS_DIR, dir)),
        Value::Array(items) => Value::Array(items.iter().map(|v| with_xds_dir(v, dir)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), with_xds_dir(v, dir)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// An Istio duration (`0.5s`, `500ms`) in protobuf JSON form, or a warning.
pub(crate) fn duration(value: &Value, field: &str, w: &mut Warnings<'_>) -> Option<String> {
    let text = value.as_str()?;
    match text.parse::<crate::duration::Duration>() {
        Ok(d) => Some(d.to_istio()),
        Err(e) => {
            w.push(field, format!("`{text}` is not a duration ({e}); ignored"));
            None
        }
    }
}

/// Istio's `Percent {value: 12.5}` (or a legacy integer) → Envoy's FractionalPercent.
pub(crate) fn fraction(percentage: Option<&Value>, legacy: Option<&Value>) -> Value {
    let value = percentage
        .and_then(|p| p.get("value"))
        .and_then(Value::as_f64)
        .or_else(|| legacy.and_then(Value::as_f64))
        .unwrap_or(100.0)
        .clamp(0.0, 100.0);
    json!({"numerator": (value * 10_000.0).round() as u64, "denominator": "MILLION"})
}
