//! The view of `egress list`: the external hosts meshctl allowed, from the
//! ServiceEntries it created, and whether they go through the egress gateway.

use super::egress::egress_host;
use crate::model::ServiceEntry;
use crate::view::{Document, Table, View, age};
use jiff::Timestamp;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// One allowed host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EgressView {
    pub namespace: String,
    pub host: String,
    pub ports: Vec<String>,
    pub via_gateway: bool,
    /// The ServiceEntry as `kind.group/name`, for `-o name`.
    #[serde(skip)]
    pub object: String,
    /// How long the ServiceEntry has existed, for people (the AGE column, as in
    /// `gateway list`); `-` without a `creationTimestamp`.
    #[serde(skip)]
    pub age: String,
}

fn namespace(o: &Value) -> &str {
    o.pointer("/metadata/namespace")
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// The view of each meshctl-made ServiceEntry; `via_gateway` when a meshctl-made
/// Gateway for the same host is in the same namespace; its age at `now`.
pub fn views(service_entries: &[Value], gateways: &[Value], now: Timestamp) -> Vec<EgressView> {
    let mut out: Vec<EgressView> = service_entries
        .iter()
        .filter_map(|se| {
            let host = egress_host(se)?;
            let ns = namespace(se);
            let ports = ServiceEntry::read(se)
                .map(|typed| {
                    typed
                        .spec
                        .ports
                        .iter()
                        .map(|p| {
                            format!("{}/{}", p.number, p.protocol.as_deref().unwrap_or_default())
                        })
                        .collect()
                })
                .unwrap_or_default();
            let via_gateway = gateways
                .iter()
                .any(|gw| egress_host(gw) == Some(host) && namespace(gw) == ns);
            Some(EgressView {
                namespace: ns.to_string(),
                host: host.to_string(),
                ports,
                via_gateway,
                object: crate::view::names_in(se).join(""),
                age: se
                    .pointer("/metadata/creationTimestamp")
                    .and_then(Value::as_str)
                    .and_then(|t| t.parse::<Timestamp>().ok())
                    .map_or_else(|| "-".to_string(), |created| age(created, now)),
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.namespace, &a.host).cmp(&(&b.namespace, &b.host)));
    out
}

/// What `egress list` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EgressList(pub Vec<EgressView>);

/// Scripts get the list.
impl Serialize for EgressList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl View for EgressList {
    fn document(&self) -> Document {
        let mut t = Table::new(["namespace", "host", "ports", "via-gateway", "age"]);
        for v in &self.0 {
            t.row([
                v.namespace.clone(),
                v.host.clone(),
                v.ports.join(","),
                if v.via_gateway { "yes" } else { "no" }.to_string(),
                v.age.clone(),
            ]);
        }
        Document::table(t)
    }

    fn names(&self) -> Option<Vec<String>> {
        Some(self.0.iter().map(|v| v.object.clone()).collect())
    }

    fn empty_message(&self) -> Option<String> {
        self.0
            .is_empty()
            .then(|| "No external hosts allowed by meshctl.".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(host: &str, created: Option<&str>) -> Value {
        let mut se = json!({
            "apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry",
            "metadata": {"name": host, "namespace": "shop",
                         "labels": {crate::store::MANAGED_BY_LABEL: crate::store::MANAGED_BY_VALUE},
                         "annotations": {super::super::egress::EGRESS_ANNOTATION: host}},
            "spec": {"hosts": [host], "ports": [{"number": 443, "name": "tls", "protocol": "TLS"}],
                     "location": "MESH_EXTERNAL", "resolution": "DNS"}
        });
        if let Some(t) = created {
            se["metadata"]["creationTimestamp"] = json!(t);
        }
        se
    }

    #[test]
    fn the_age_comes_from_the_creation_timestamp() {
        let now: Timestamp = "2026-01-02T03:00:00Z".parse().unwrap();
        let entries = [
            entry("a.example.com", Some("2026-01-02T01:00:00Z")),
            entry("b.example.com", None),
        ];
        let views = views(&entries, &[], now);
        let ages: Vec<_> = views
            .iter()
            .map(|v| (v.host.as_str(), v.age.as_str()))
            .collect();
        assert_eq!(ages, [("a.example.com", "120m"), ("b.example.com", "-")]);
    }
}
