//! Gateways as `gateway list` shows them: each rule with its servers and the
//! VirtualServices bound to it, and the gateway workloads (Deployments running a
//! gateway proxy) with their Service and the rules that select them.

use crate::cluster::labels;
use crate::model::{Gateway, VirtualService};
use crate::policy::workload::workload_of;
use crate::view::{Block, Document, Table, View, cell};
use jiff::Timestamp;
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::collections::BTreeMap;

/// One row of the list: what people want to know about a gateway at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayView {
    pub namespace: String,
    pub name: String,
    pub selector: Vec<String>,
    pub ports: Vec<String>,
    pub hosts: Vec<String>,
    pub tls: Vec<String>,
    pub routed_by: Vec<String>,
    /// The gateway workloads (`NS/NAME`) whose pods the selector picks; empty when
    /// none does or the workload cluster could not be read.
    pub workloads: Vec<String>,
    /// How long the Gateway has existed, for people (the AGE column; see [`note_ages`]).
    #[serde(skip)]
    pub age: String,
}

/// The view of each gateway; `routed_by` names the VirtualServices whose `gateways`
/// refer to it (`NAME` from its own namespace, `NS/NAME` from any).
pub fn views(gateways: &[Gateway], virtual_services: &[VirtualService]) -> Vec<GatewayView> {
    let mut out: Vec<GatewayView> = gateways
        .iter()
        .map(|gw| {
            let namespace = gw.metadata.namespace.clone().unwrap_or_default();
            let name = gw.metadata.name.clone();
            let selector = gw
                .spec
                .selector
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            let mut ports = Vec::new();
            let mut tls = Vec::new();
            for s in &gw.spec.servers {
                let number = s.port.number;
                ports.push(format!(
                    "{number}/{}",
                    s.port.protocol.as_deref().unwrap_or("?")
                ));
                if let Some(t) = &s.tls {
                    if t.https_redirect == Some(true) {
                        tls.push(format!("{number}:redirect"));
                    }
                    if let Some(mode) = &t.mode {
                        match &t.credential_name {
                            Some(secret) => tls.push(format!("{number}:{mode}({secret})")),
                            None => tls.push(format!("{number}:{mode}")),
                        }
                    }
                }
            }
            let hosts = gw.spec.hosts().into_iter().map(str::to_string).collect();
            let routed_by = virtual_services
                .iter()
                .filter_map(|vs| {
                    let vs_ns = vs.metadata.namespace.clone().unwrap_or_default();
                    let binds = vs.spec.gateways.iter().any(|g| match g.split_once('/') {
                        Some((gns, gname)) => gns == namespace && gname == name,
                        None => vs_ns == namespace && *g == name,
                    });
                    binds.then(|| {
                        if vs_ns == namespace {
                            vs.metadata.name.clone()
                        } else {
                            format!("{vs_ns}/{}", vs.metadata.name)
                        }
                    })
                })
                .collect();
            GatewayView {
                namespace,
                name,
                selector,
                ports,
                hosts,
                tls,
                routed_by,
                workloads: Vec::new(),
                age: "-".into(),
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    out
}

/// One gateway workload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadView {
    pub namespace: String,
    pub name: String,
    /// `ready/desired` pods.
    pub ready: String,
    /// The Service type, `-` without a Service.
    pub service: String,
    /// Load balancer addresses, `<pending>` while there are none, `-` for other types.
    pub external_address: String,
    /// The Gateway rules (`NS/NAME`) that select the workload's pods.
    pub selected_by: Vec<String>,
}

fn text<'a>(o: &'a Value, pointer: &str) -> &'a str {
    o.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// Whether a selector picks pods with `labels`: every selector label is on the pods.
/// An empty selector selects nothing, so a rule without one selects no workload.
fn selects(selector: &BTreeMap<String, String>, labels: &BTreeMap<String, String>) -> bool {
    !selector.is_empty() && selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

/// The gateway workloads among `deployments`, each with its Service and the
/// `gateways` that select it.
pub fn workloads(
    deployments: &[Value],
    services: &[Value],
    gateways: &[Gateway],
) -> Vec<WorkloadView> {
    let mut out: Vec<WorkloadView> = deployments
        .iter()
        .filter_map(|d| {
            let pod_labels = labels(d.pointer("/spec/template/metadata/labels"));
            let selected_by: Vec<String> = gateways
                .iter()
                .filter(|gw| selects(&gw.spec.selector, &pod_labels))
                .map(|gw| {
                    format!(
                        "{}/{}",
                        gw.metadata.namespace.as_deref().unwrap_or_default(),
                        gw.metadata.name
                    )
                })
                .collect();
            let injected = text(
                d,
                "/spec/template/metadata/annotations/inject.istio.io~1templates",
            ) == "gateway";
            if !injected && workload_of(d).is_none() && selected_by.is_empty() {
                return None;
            }
            let namespace = text(d, "/metadata/namespace").to_string();
            let desired = d
                .pointer("/spec/replicas")
                .and_then(Value::as_u64)
                .unwrap_or(1);
            let ready = d
                .pointer("/status/readyReplicas")
                .and_then(Value::as_u64)
                .unwrap_or(0);
            let service = services.iter().find(|s| {
                text(s, "/metadata/namespace") == namespace
                    && selects(&labels(s.pointer("/spec/selector")), &pod_labels)
            });
            let (service, external_address) = match service {
                None => ("-".to_string(), "-".to_string()),
                Some(s) => {
                    let kind = match text(s, "/spec/type") {
                        "" => "ClusterIP",
                        t => t,
                    };
                    let addresses: Vec<&str> = s
                        .pointer("/status/loadBalancer/ingress")
                        .and_then(Value::as_array)
                        .map(|a| {
                            a.iter()
                                .filter_map(|i| i.get("ip").or_else(|| i.get("hostname"))?.as_str())
                                .collect()
                        })
                        .unwrap_or_default();
                    let external = match (kind, addresses.is_empty()) {
                        (_, false) => addresses.join(","),
                        ("LoadBalancer", true) => "<pending>".to_string(),
                        _ => "-".to_string(),
                    };
                    (kind.to_string(), external)
                }
            };
            Some(WorkloadView {
                namespace,
                name: text(d, "/metadata/name").to_string(),
                ready: format!("{ready}/{desired}"),
                service,
                external_address,
                selected_by,
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    out
}

/// Notes on each gateway its age at `now`, from the objects' `creationTimestamp`.
pub fn note_ages(gateways: &mut [GatewayView], objects: &[serde_json::Value], now: Timestamp) {
    for view in gateways.iter_mut() {
        let created = objects.iter().find_map(|o| {
            let meta = o.get("metadata")?;
            let here = meta.get("name")?.as_str()? == view.name
                && meta
                    .get("namespace")
                    .and_then(|n| n.as_str())
                    .unwrap_or_default()
                    == view.namespace;
            here.then(|| meta.get("creationTimestamp")?.as_str()?.parse().ok())?
        });
        if let Some(created) = created {
            view.age = crate::view::age(created, now);
        }
    }
}

/// Notes on each gateway the workloads that its selector picks.
pub fn note_workloads(gateways: &mut [GatewayView], workloads: &[WorkloadView]) {
    for view in gateways.iter_mut() {
        let key = format!("{}/{}", view.namespace, view.name);
        view.workloads = workloads
            .iter()
            .filter(|w| w.selected_by.contains(&key))
            .map(|w| format!("{}/{}", w.namespace, w.name))
            .collect();
    }
}

/// What `gateway list` shows: the rules, then the workloads (in the table only; each
/// rule's view names its workloads for scripts).
#[derive(Debug, Clone, PartialEq)]
pub struct GatewayList {
    pub gateways: Vec<GatewayView>,
    pub workloads: Vec<WorkloadView>,
    /// Where they were listed; `None`: every namespace.
    pub namespace: Option<String>,
}

/// Scripts get the list of rules.
impl Serialize for GatewayList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.gateways.serialize(s)
    }
}

impl View for GatewayList {
    fn document(&self) -> Document {
        let mut rules = Table::new([
            "namespace",
            "name",
            "selector",
            "ports",
            "hosts",
            "tls",
            "routed-by",
            "age",
        ])
        .with_wide(["workloads"]);
        for v in &self.gateways {
            rules.row([
                v.namespace.clone(),
                v.name.clone(),
                cell(&v.selector),
                cell(&v.ports),
                cell(&v.hosts),
                cell(&v.tls),
                cell(&v.routed_by),
                v.age.clone(),
                cell(&v.workloads),
            ]);
        }
        let mut doc = Document::table(rules);
        if !self.workloads.is_empty() {
            let mut t = Table::new([
                "namespace",
                "workload",
                "ready",
                "service",
                "external-address",
                "selected-by",
            ]);
            for w in &self.workloads {
                t.row([
                    w.namespace.clone(),
                    w.name.clone(),
                    w.ready.clone(),
                    w.service.clone(),
                    w.external_address.clone(),
                    cell(&w.selected_by),
                ]);
            }
            doc = doc.line("").push(Block::Table(t));
        }
        doc
    }

    fn names(&self) -> Option<Vec<String>> {
        let name = |v: &GatewayView| {
            crate::view::object_name("networking.istio.io/v1", "Gateway", &v.name)
        };
        Some(self.gateways.iter().map(name).collect())
    }

    fn empty_message(&self) -> Option<String> {
        self.gateways.is_empty().then(|| match &self.namespace {
            Some(ns) => format!("No gateways found in namespace `{ns}`."),
            None => "No gateways found.".to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Resource;
    use serde_json::json;

    #[test]
    fn views_summarise_servers_and_find_bound_virtual_services() {
        let gw = json!({"metadata": {"name": "shop", "namespace": "prod"}, "spec": {
        "selector": {"istio": "ingressgateway"},
        "servers": [
            {"port": {"number": 443, "protocol": "HTTPS"}, "hosts": ["a.example", "b.example"], "tls": {"mode": "SIMPLE", "credentialName": "cert"}},
            {"port": {"number": 80, "protocol": "HTTP"}, "hosts": ["a.example"], "tls": {"httpsRedirect": true}}
        ]}});
        let vss = [
            json!({"metadata": {"name": "web", "namespace": "prod"}, "spec": {"gateways": ["shop"]}}),
            json!({"metadata": {"name": "api", "namespace": "team"}, "spec": {"gateways": ["prod/shop"]}}),
            json!({"metadata": {"name": "other", "namespace": "team"}, "spec": {"gateways": ["shop"]}}),
            json!({"metadata": {"name": "mesh", "namespace": "prod"}, "spec": {}}),
        ];
        let v = &views(&Resource::read_all(&[gw]), &Resource::read_all(&vss))[0];
        assert_eq!(v.selector, ["istio=ingressgateway"]);
        assert_eq!(v.ports, ["443/HTTPS", "80/HTTP"]);
        assert_eq!(v.hosts, ["a.example", "b.example"]);
        assert_eq!(v.tls, ["443:SIMPLE(cert)", "80:redirect"]);
        assert_eq!(v.routed_by, ["web", "team/api"]);
    }

    #[test]
    fn workloads_with_their_service_and_the_rules_that_select_them() {
        let deployments = [
            json!({"metadata": {"name": "edge", "namespace": "istio-ingress"},
                   "spec": {"replicas": 2, "template": {"metadata": {"labels": {"istio": "ingressgateway"}}}},
                   "status": {"readyReplicas": 1}}),
            json!({"metadata": {"name": "out", "namespace": "istio-egress"},
                   "spec": {"template": {"metadata": {"labels": {"istio": "egressgateway"},
                            "annotations": {"inject.istio.io/templates": "gateway"}}}}}),
            json!({"metadata": {"name": "reviews", "namespace": "shop"},
                   "spec": {"template": {"metadata": {"labels": {"app": "reviews"}}}}}),
        ];
        let services = [
            json!({"metadata": {"name": "edge", "namespace": "istio-ingress"},
                   "spec": {"type": "LoadBalancer", "selector": {"istio": "ingressgateway"}},
                   "status": {"loadBalancer": {"ingress": [{"ip": "203.0.113.7"}]}}}),
            json!({"metadata": {"name": "out", "namespace": "istio-egress"},
                   "spec": {"selector": {"istio": "egressgateway"}}}),
        ];
        let gateways = [
            json!({"metadata": {"name": "shop", "namespace": "shop"}, "spec": {"selector": {"istio": "ingressgateway"}}}),
        ];
        let v = workloads(&deployments, &services, &Resource::read_all(&gateways));
        assert_eq!(
            v,
            [
                WorkloadView {
                    namespace: "istio-egress".into(),
                    name: "out".into(),
                    ready: "0/1".into(),
                    service: "ClusterIP".into(),
                    external_address: "-".into(),
                    selected_by: vec![],
                },
                WorkloadView {
                    namespace: "istio-ingress".into(),
                    name: "edge".into(),
                    ready: "1/2".into(),
                    service: "LoadBalancer".into(),
                    external_address: "203.0.113.7".into(),
                    selected_by: vec!["shop/shop".into()],
                },
            ]
        );
    }
}
