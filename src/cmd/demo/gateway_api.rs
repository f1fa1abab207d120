//! The demos on the Kubernetes Gateway API (`--api gateway-api`): the Gateway API has
//! no subsets, so each version of `reviews` is a Service of its own (`reviews-v1`,
//! `reviews-v2`), registered on the local mesh without a subset, and one HTTPRoute
//! attached to the Service `reviews` (GAMMA) splits the traffic between them. The
//! demo's traffic is unchanged: it still asks for `reviews`.

use super::mesh::SERVICE;
use crate::core::model::{ApiHttpRoute, GATEWAY_API_GROUP};
use serde_json::{Value, json};

/// The port of the demo's Services, as the route's parent and backends name it.
pub const PORT: u16 = 9080;

/// Which API the demo routes with: a VirtualService and a DestinationRule with one
/// subset per version, or an HTTPRoute splitting between one Service per version.
pub use crate::cli::flags::Api;

impl Api {
    /// The service and subset a version's backend is registered as: `reviews` subset
    /// `v2`, or the Service `reviews-v2` without a subset.
    pub fn endpoint_of(self, version: &str) -> (String, String) {
        match self {
            Api::Istio => (SERVICE.to_string(), version.to_string()),
            Api::GatewayApi => (backend_service(version), String::new()),
        }
    }

    /// The flags that tell `canary start` which version is new, after the stable one
    /// (the first version).
    pub fn rollout_flags(self, stable: &str, new: &str) -> Vec<String> {
        match self {
            Api::Istio => vec!["--canary".into(), new.into()],
            // With the hosts named, nothing is guessed.
            Api::GatewayApi => vec![
                "--api".into(),
                "gateway-api".into(),
                "--stable-host".into(),
                backend_service(stable),
                "--canary-host".into(),
                backend_service(new),
            ],
        }
    }
}

/// The Service of one version: `reviews-v2`.
pub fn backend_service(version: &str) -> String {
    format!("{SERVICE}-{version}")
}

/// The HTTPRoute `reviews`: all traffic on the first version, 0 on the others.
pub fn http_route(versions: &[&str]) -> Value {
    let backends: Vec<Value> = versions
        .iter()
        .enumerate()
        .map(|(i, v)| {
            json!({"name": backend_service(v), "port": PORT, "weight": if i == 0 { 100 } else { 0 }})
        })
        .collect();
    json!({
        "apiVersion": format!("{GATEWAY_API_GROUP}/v1"), "kind": "HTTPRoute",
        "metadata": {"name": SERVICE, "namespace": "default"},
        "spec": {
            "parentRefs": [{"group": "", "kind": "Service", "name": SERVICE, "port": PORT}],
            "rules": [{"backendRefs": backends}]
        }
    })
}

/// `SERVICE=WEIGHT` of the route's split: its rule without matches (a rule with
/// matches is a preview or A/B route a rollout added).
pub fn route_weights(route: Option<&Value>) -> Vec<String> {
    let Some(route) = route.and_then(|r| ApiHttpRoute::read(r).ok()) else {
        return Vec::new();
    };
    route
        .spec
        .rules
        .iter()
        .find(|r| !r.extra.contains_key("matches"))
        .map(|rule| {
            rule.backend_refs
                .iter()
                .map(|b| format!("{}={}", b.name, b.weight.unwrap_or(1)))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::schema::Catalog;

    #[test]
    fn the_route_is_valid_and_starts_on_the_first_version() {
        let route = http_route(&["v1", "v2"]);
        assert_eq!(Catalog::builtin().validate(&route), vec![]);
        assert_eq!(
            route_weights(Some(&route)),
            ["reviews-v1=100", "reviews-v2=0"]
        );
    }

    #[test]
    fn the_weights_come_from_the_rule_without_matches() {
        let mut route = http_route(&["v1", "v2"]);
        route["spec"]["rules"] = json!([
            {"matches": [{"headers": [{"name": "x", "value": "1"}]}],
             "backendRefs": [{"name": "reviews-v2", "port": PORT}]},
            {"backendRefs": [{"name": "reviews-v1", "port": PORT, "weight": 0},
                             {"name": "reviews-v2", "port": PORT, "weight": 100}]}
        ]);
        assert_eq!(
            route_weights(Some(&route)),
            ["reviews-v1=0", "reviews-v2=100"]
        );
        assert!(route_weights(None).is_empty());
    }

    #[test]
    fn each_version_is_a_service_without_a_subset() {
        assert_eq!(
            Api::GatewayApi.endpoint_of("v2"),
            ("reviews-v2".to_string(), String::new())
        );
        assert_eq!(
            Api::Istio.endpoint_of("v2"),
            ("reviews".to_string(), "v2".to_string())
        );
        assert_eq!(
            Api::GatewayApi.rollout_flags("v1", "v2"),
            [
                "--api",
                "gateway-api",
                "--stable-host",
                "reviews-v1",
                "--canary-host",
                "reviews-v2"
            ]
        );
    }
}
