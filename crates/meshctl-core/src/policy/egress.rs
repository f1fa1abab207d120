//! The objects `meshctl egress allow` creates for one external host: a ServiceEntry
//! that puts the host in the mesh's registry, and with `via_gateway` the pattern
//! Istio documents for sending that traffic out through the egress gateway — a
//! Gateway on the egress workload, a DestinationRule with a subset for the host on the
//! egress gateway's service, and a VirtualService that routes sidecar traffic (gateway
//! `mesh`) to the egress gateway and the egress gateway's traffic to the host.
//!
//! Every object carries meshctl's managed-by label and the [`EGRESS_ANNOTATION`] with
//! the host, so `egress revoke` removes exactly these and nothing a person wrote.

use crate::store::{MANAGED_BY_LABEL, MANAGED_BY_VALUE};
use serde_json::{Value, json};

/// The annotation naming the external host an object was created for.
pub const EGRESS_ANNOTATION: &str = "meshctl.io/egress";

/// How the external host is spoken to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Http,
    Https,
    Tls,
}

impl Protocol {
    pub fn as_istio(self) -> &'static str {
        match self {
            Protocol::Http => "HTTP",
            Protocol::Https => "HTTPS",
            Protocol::Tls => "TLS",
        }
    }

    /// HTTPS and TLS leave the mesh encrypted by the application: the egress gateway
    /// passes them through, routed by SNI.
    fn is_tls(self) -> bool {
        !matches!(self, Protocol::Http)
    }
}

/// What to allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EgressRequest {
    pub host: String,
    pub port: u16,
    pub protocol: Protocol,
    pub namespace: String,
    /// `Some` routes through the egress gateway.
    pub via_gateway: Option<EgressGateway>,
}

/// Which egress gateway workload to route through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EgressGateway {
    /// Labels of the egress gateway pods (`istio=egressgateway`).
    pub selector: Vec<(String, String)>,
    /// The egress gateway's service host
    /// (`istio-egressgateway.istio-system.svc.cluster.local`).
    pub service: String,
}

impl Default for EgressGateway {
    fn default() -> Self {
        EgressGateway {
            selector: vec![("istio".into(), "egressgateway".into())],
            service: "istio-egressgateway.istio-system.svc.cluster.local".into(),
        }
    }
}

/// The object name for a host: `egress-` and the host as a DNS label
/// (`api.stripe.com` → `egress-api-stripe-com`, `*.example.com` → `egress-wildcard-example-com`).
pub fn object_name(host: &str) -> String {
    let host = host.to_ascii_lowercase().replacen("*", "wildcard", 1);
    let mut name: String = format!("egress-{host}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    name.truncate(63);
    name.trim_end_matches('-').to_string()
}

fn metadata(req: &EgressRequest, name: &str) -> Value {
    json!({
        "name": name,
        "namespace": req.namespace,
        "labels": {MANAGED_BY_LABEL: MANAGED_BY_VALUE},
        "annotations": {EGRESS_ANNOTATION: req.host},
    })
}

fn port_name(req: &EgressRequest) -> String {
    format!("{}-{}", req.protocol.as_istio().to_lowercase(), req.port)
}

/// The objects to apply, ServiceEntry first.
pub fn render(req: &EgressRequest) -> Vec<Value> {
    let name = object_name(&req.host);
    let wildcard = req.host.starts_with('*');
    let mut out = vec![json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "ServiceEntry",
        "metadata": metadata(req, &name),
        "spec": {
            "hosts": [req.host],
            "location": "MESH_EXTERNAL",
            "ports": [{"number": req.port, "name": port_name(req), "protocol": req.protocol.as_istio()}],
            // A wildcard names no single address to resolve.
            "resolution": if wildcard { "NONE" } else { "DNS" },
        }
    })];
    let Some(gw) = &req.via_gateway else {
        return out;
    };
    let selector: serde_json::Map<String, Value> = gw
        .selector
        .iter()
        .map(|(k, v)| (k.clone(), json!(v)))
        .collect();
    let (server_protocol, tls) = if req.protocol.is_tls() {
        ("TLS", Some(json!({"mode": "PASSTHROUGH"})))
    } else {
        ("HTTP", None)
    };
    let mut server = json!({
        "port": {"number": req.port, "name": port_name(req), "protocol": server_protocol},
        "hosts": [req.host],
    });
    if let Some(tls) = tls {
        server["tls"] = tls;
    }
    out.push(json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "Gateway",
        "metadata": metadata(req, &name),
        "spec": {"selector": selector, "servers": [server]}
    }));
    let subset = "egress";
    out.push(json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "DestinationRule",
        "metadata": metadata(req, &name),
        "spec": {"host": gw.service, "subsets": [{"name": subset}]}
    }));
    let to_gateway = json!([{"destination": {"host": gw.service, "subset": subset, "port": {"number": req.port}}, "weight": 100}]);
    let to_host =
        json!([{"destination": {"host": req.host, "port": {"number": req.port}}, "weight": 100}]);
    let leg = |gateway: &str, route: &Value| {
        let mut m = json!({"gateways": [gateway], "port": req.port});
        if req.protocol.is_tls() {
            m["sniHosts"] = json!([req.host]);
        }
        json!({"match": [m], "route": route})
    };
    let routes = json!([leg("mesh", &to_gateway), leg(&name, &to_host)]);
    let mut spec = json!({"hosts": [req.host], "gateways": [name, "mesh"]});
    spec[if req.protocol.is_tls() { "tls" } else { "http" }] = routes;
    out.push(json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "VirtualService",
        "metadata": metadata(req, &name),
        "spec": spec,
    }));
    out
}

/// The host an object was created for by `egress allow`, when meshctl made it.
pub fn egress_host(object: &Value) -> Option<&str> {
    if !crate::store::is_managed(object) {
        return None;
    }
    object
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(EGRESS_ANNOTATION))
        .and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Catalog;

    fn request(protocol: Protocol, port: u16, via: bool) -> EgressRequest {
        EgressRequest {
            host: "api.stripe.com".into(),
            port,
            protocol,
            namespace: "shop".into(),
            via_gateway: via.then(EgressGateway::default),
        }
    }

    #[test]
    fn names_are_dns_labels() {
        assert_eq!(object_name("api.stripe.com"), "egress-api-stripe-com");
        assert_eq!(object_name("*.Example.com"), "egress-wildcard-example-com");
        assert!(object_name(&"a".repeat(100)).len() <= 63);
    }

    #[test]
    fn without_a_gateway_only_a_service_entry() {
        let objects = render(&request(Protocol::Tls, 443, false));
        assert_eq!(objects.len(), 1);
        assert_eq!(
            objects[0]["spec"],
            json!({"hosts": ["api.stripe.com"], "location": "MESH_EXTERNAL",
                   "ports": [{"number": 443, "name": "tls-443", "protocol": "TLS"}],
                   "resolution": "DNS"})
        );
        assert_eq!(egress_host(&objects[0]), Some("api.stripe.com"));
    }

    #[test]
    fn tls_through_the_gateway_is_passed_through_and_routed_by_sni() {
        let objects = render(&request(Protocol::Https, 443, true));
        let kinds: Vec<_> = objects
            .iter()
            .map(|o| o["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "ServiceEntry",
                "Gateway",
                "DestinationRule",
                "VirtualService"
            ]
        );
        assert_eq!(
            objects[1]["spec"]["servers"][0]["tls"]["mode"],
            "PASSTHROUGH"
        );
        let vs = &objects[3]["spec"];
        assert_eq!(vs["gateways"], json!(["egress-api-stripe-com", "mesh"]));
        assert_eq!(
            vs["tls"][0]["match"][0],
            json!({"gateways": ["mesh"], "port": 443, "sniHosts": ["api.stripe.com"]})
        );
        assert_eq!(
            vs["tls"][0]["route"][0]["destination"],
            json!({"host": "istio-egressgateway.istio-system.svc.cluster.local", "subset": "egress", "port": {"number": 443}})
        );
        assert_eq!(
            vs["tls"][1]["route"][0]["destination"]["host"],
            "api.stripe.com"
        );
        for o in &objects {
            assert_eq!(Catalog::istio().validate(o), vec![], "{o}");
        }
    }

    #[test]
    fn http_through_the_gateway_uses_http_routes() {
        let objects = render(&request(Protocol::Http, 80, true));
        let vs = &objects[3]["spec"];
        assert!(vs.get("tls").is_none());
        assert_eq!(
            vs["http"][1]["match"][0],
            json!({"gateways": ["egress-api-stripe-com"], "port": 80})
        );
        assert!(objects[1]["spec"]["servers"][0].get("tls").is_none());
        for o in &objects {
            assert_eq!(Catalog::istio().validate(o), vec![], "{o}");
        }
    }

    #[test]
    fn objects_made_by_hand_have_no_egress_host() {
        let mut o = render(&request(Protocol::Http, 80, false)).remove(0);
        o["metadata"]["labels"] = json!({});
        assert_eq!(egress_host(&o), None);
    }
}
