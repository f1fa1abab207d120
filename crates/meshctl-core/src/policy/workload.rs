//! The gateway workload — the proxy at the mesh edge that a `Gateway` rule configures.
//! Two ways to run one:
//! - gateway injection, as Istio documents it: a Deployment whose pods carry the
//!   injection label (or `istio.io/rev`) and the `inject.istio.io/templates: gateway`
//!   annotation with a placeholder container `image: auto` the injector fills in, a
//!   Service, a ServiceAccount, and a Role/RoleBinding that let the proxy read TLS
//!   secrets (SDS);
//! - on ASM, an `IstioGateway` resource that ASM's control plane turns into those.
//!
//! Everything carries meshctl's managed-by label and [`WORKLOAD_ANNOTATION`] with the
//! gateway's name, so `gateway undeploy` removes only what meshctl deployed.

use crate::store::{MANAGED_BY_LABEL, MANAGED_BY_VALUE};
use serde_json::{Map, Value, json};

/// The annotation naming the gateway workload an object belongs to.
pub const WORKLOAD_ANNOTATION: &str = "meshctl.io/gateway-workload";

/// What to deploy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadRequest {
    pub name: String,
    pub namespace: String,
    pub egress: bool,
    pub replicas: u32,
    /// `LoadBalancer`, `NodePort` or `ClusterIP`.
    pub service_type: String,
    pub ports: Vec<u16>,
    /// The pod labels `Gateway` rules select the workload by.
    pub labels: Vec<(String, String)>,
    /// Inject from this control plane revision instead of the default one.
    pub revision: Option<String>,
}

impl WorkloadRequest {
    /// `istio=ingressgateway` or `istio=egressgateway`.
    pub fn default_labels(egress: bool) -> Vec<(String, String)> {
        let role = if egress {
            "egressgateway"
        } else {
            "ingressgateway"
        };
        vec![("istio".into(), role.into())]
    }

    fn gateway_type(&self) -> &'static str {
        if self.egress { "egress" } else { "ingress" }
    }

    fn labels_map(&self) -> Map<String, Value> {
        self.labels
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect()
    }

    fn metadata(&self, name: &str) -> Value {
        json!({
            "name": name,
            "namespace": self.namespace,
            "labels": {MANAGED_BY_LABEL: MANAGED_BY_VALUE},
            "annotations": {WORKLOAD_ANNOTATION: self.name},
        })
    }

    /// The Role and RoleBinding name.
    pub fn sds_name(&self) -> String {
        format!("{}-sds", self.name)
    }
}

/// A Service port name Istio reads the protocol from.
fn port_name(port: u16) -> String {
    match port {
        80 => "http2".into(),
        443 => "https".into(),
        n => format!("tcp-{n}"),
    }
}

/// The objects gateway injection needs, in the order to apply them (identity and
/// permissions before the pods that use them).
pub fn render_injected(req: &WorkloadRequest) -> Vec<Value> {
    let mut pod_labels = req.labels_map();
    match &req.revision {
        Some(rev) => pod_labels.insert("istio.io/rev".into(), json!(rev)),
        None => pod_labels.insert("sidecar.istio.io/inject".into(), json!("true")),
    };
    let ports: Vec<Value> = req
        .ports
        .iter()
        .map(|p| json!({"name": port_name(*p), "port": p, "targetPort": p, "protocol": "TCP"}))
        .collect();
    vec![
        json!({
            "apiVersion": "v1",
            "kind": "ServiceAccount",
            "metadata": req.metadata(&req.name),
        }),
        json!({
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "Role",
            "metadata": req.metadata(&req.sds_name()),
            "rules": [{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "watch", "list"]}],
        }),
        json!({
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "RoleBinding",
            "metadata": req.metadata(&req.sds_name()),
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": req.sds_name()},
            "subjects": [{"kind": "ServiceAccount", "name": req.name}],
        }),
        json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": req.metadata(&req.name),
            "spec": {
                "replicas": req.replicas,
                "selector": {"matchLabels": req.labels_map()},
                "template": {
                    "metadata": {
                        "annotations": {"inject.istio.io/templates": "gateway"},
                        "labels": pod_labels,
                    },
                    "spec": {
                        "serviceAccountName": req.name,
                        // Lets the proxy bind ports below 1024 without root.
                        "securityContext": {"sysctls": [{"name": "net.ipv4.ip_unprivileged_port_start", "value": "0"}]},
                        "containers": [{"name": "istio-proxy", "image": "auto"}],
                    },
                },
            },
        }),
        json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": req.metadata(&req.name),
            "spec": {"type": req.service_type, "selector": req.labels_map(), "ports": ports},
        }),
    ]
}

/// ASM's `IstioGateway` for the same workload.
pub fn render_asm(req: &WorkloadRequest) -> Value {
    let ports: Vec<Value> = req
        .ports
        .iter()
        .map(|p| json!({"name": port_name(*p), "port": p, "targetPort": p}))
        .collect();
    json!({
        "apiVersion": "istio.alibabacloud.com/v1beta1",
        "kind": "IstioGateway",
        "metadata": req.metadata(&req.name),
        "spec": {
            "gatewayType": req.gateway_type(),
            "replicaCount": req.replicas,
            "serviceType": req.service_type,
            "podLabels": req.labels_map(),
            "ports": ports,
        },
    })
}

/// The gateway workload an object belongs to, when meshctl deployed it.
pub fn workload_of(object: &Value) -> Option<&str> {
    if !crate::store::is_managed(object) {
        return None;
    }
    object
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(WORKLOAD_ANNOTATION))
        .and_then(Value::as_str)
}

/// Whether a `Gateway` rule's selector picks pods with `labels`: every selector
/// label must be on the pods. An empty selector counts as selecting nothing, so a
/// rule without one shows up as selecting no workload.
pub fn selects(selector: &Map<String, Value>, labels: &Map<String, Value>) -> bool {
    !selector.is_empty() && selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> WorkloadRequest {
        WorkloadRequest {
            name: "edge".into(),
            namespace: "istio-ingress".into(),
            egress: false,
            replicas: 2,
            service_type: "LoadBalancer".into(),
            ports: vec![80, 443],
            labels: WorkloadRequest::default_labels(false),
            revision: None,
        }
    }

    #[test]
    fn injection_uses_the_gateway_template_and_image_auto() {
        let objects = render_injected(&request());
        let kinds: Vec<_> = objects
            .iter()
            .map(|o| o["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "ServiceAccount",
                "Role",
                "RoleBinding",
                "Deployment",
                "Service"
            ]
        );
        let pod = &objects[3]["spec"]["template"];
        assert_eq!(
            pod["metadata"]["annotations"]["inject.istio.io/templates"],
            "gateway"
        );
        assert_eq!(
            pod["metadata"]["labels"],
            json!({"istio": "ingressgateway", "sidecar.istio.io/inject": "true"})
        );
        assert_eq!(pod["spec"]["containers"][0]["image"], "auto");
        assert_eq!(pod["spec"]["serviceAccountName"], "edge");
        assert_eq!(objects[3]["spec"]["replicas"], 2);
        assert_eq!(objects[2]["subjects"][0]["name"], "edge");
        assert_eq!(objects[1]["rules"][0]["resources"], json!(["secrets"]));
        assert_eq!(
            objects[4]["spec"]["ports"][1],
            json!({"name": "https", "port": 443, "targetPort": 443, "protocol": "TCP"})
        );
        assert!(objects.iter().all(|o| workload_of(o) == Some("edge")));
    }

    #[test]
    fn a_revision_replaces_the_injection_label() {
        let mut req = request();
        req.revision = Some("1-30".into());
        let objects = render_injected(&req);
        let labels = &objects[3]["spec"]["template"]["metadata"]["labels"];
        assert_eq!(
            labels,
            &json!({"istio": "ingressgateway", "istio.io/rev": "1-30"})
        );
    }

    #[test]
    fn asm_gets_one_istio_gateway() {
        let mut req = request();
        req.egress = true;
        let gw = render_asm(&req);
        assert_eq!(gw["apiVersion"], "istio.alibabacloud.com/v1beta1");
        assert_eq!(gw["spec"]["gatewayType"], "egress");
        assert_eq!(gw["spec"]["replicaCount"], 2);
        assert_eq!(
            gw["spec"]["ports"][0],
            json!({"name": "http2", "port": 80, "targetPort": 80})
        );
    }

    #[test]
    fn selectors_need_every_label() {
        let labels = json!({"istio": "ingressgateway", "app": "edge"});
        let labels = labels.as_object().unwrap();
        let sel = |v: Value| v.as_object().unwrap().clone();
        assert!(selects(&sel(json!({"istio": "ingressgateway"})), labels));
        assert!(!selects(
            &sel(json!({"istio": "ingressgateway", "x": "y"})),
            labels
        ));
        assert!(!selects(&sel(json!({})), labels));
    }
}
