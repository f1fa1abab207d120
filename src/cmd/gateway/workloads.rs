//! The gateway workloads `gateway list` shows beside the rules: Deployments that run
//! a gateway proxy (injected with the `gateway` template, deployed by meshctl, or
//! selected by some Gateway rule), their READY replicas, their Service's type and
//! external address, and the Gateway rules that select them.

use crate::Result;
use crate::core::cluster::Cluster;
use crate::core::policy::workload::{selects, workload_of};
use crate::output::table;
use serde_json::{Map, Value};

/// One gateway workload.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
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

fn map(o: &Value, pointer: &str) -> Map<String, Value> {
    o.pointer(pointer)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// `NS/NAME` of an object.
pub fn key(o: &Value) -> String {
    format!(
        "{}/{}",
        text(o, "/metadata/namespace"),
        text(o, "/metadata/name")
    )
}

/// The gateway workloads among `deployments`, each with its Service and the
/// `gateways` that select it.
pub fn views(deployments: &[Value], services: &[Value], gateways: &[Value]) -> Vec<WorkloadView> {
    let mut out: Vec<WorkloadView> = deployments
        .iter()
        .filter_map(|d| {
            let labels = map(d, "/spec/template/metadata/labels");
            let selected_by: Vec<String> = gateways
                .iter()
                .filter(|gw| selects(&map(gw, "/spec/selector"), &labels))
                .map(key)
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
                    && selects(&map(s, "/spec/selector"), &labels)
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

pub fn render_table(views: &[WorkloadView]) -> String {
    let mut t = table::new_table([
        "namespace",
        "workload",
        "ready",
        "service",
        "external-address",
        "selected-by",
    ]);
    for v in views {
        t.add_row([
            v.namespace.clone(),
            v.name.clone(),
            v.ready.clone(),
            v.service.clone(),
            v.external_address.clone(),
            if v.selected_by.is_empty() {
                "-".to_string()
            } else {
                v.selected_by.join(",")
            },
        ]);
    }
    table::render(&t)
}

/// Deployments and Services of every namespace in the workload cluster (gateway
/// workloads usually run in their own namespace, apart from the rules).
pub async fn read(cluster: &dyn Cluster) -> Result<(Vec<Value>, Vec<Value>)> {
    Ok((
        cluster.deployments(None).await?,
        cluster.services(None).await?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
        let v = views(&deployments, &services, &gateways);
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
