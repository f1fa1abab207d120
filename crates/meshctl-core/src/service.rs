//! One service as its mesh objects describe it: the subsets its DestinationRule defines
//! (with the pod labels that select them), the weights its default route gives them,
//! and which of a namespace's objects are for it. Read from the typed model; hosts
//! compared through [`crate::host`], so every command finds the same objects.

use crate::host;
use crate::model::{DestinationRule, Resource, VirtualService};
use std::collections::BTreeMap;

/// Subset → its pod labels.
pub type Subsets = BTreeMap<String, BTreeMap<String, String>>;

/// What the mesh says about a service: subset → labels, subset → weight.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceMesh {
    pub subsets: Subsets,
    pub weights: BTreeMap<String, i64>,
}

impl ServiceMesh {
    /// The view of `service` in `namespace` from that namespace's DestinationRules and
    /// VirtualServices.
    pub fn of(
        rules: &[DestinationRule],
        services: &[VirtualService],
        service: &str,
        namespace: &str,
    ) -> Self {
        ServiceMesh {
            subsets: subsets_of(rules, service, namespace),
            weights: weights_of(services, service, namespace),
        }
    }
}

/// Whether `host`, written in `object`, names `service` in `namespace`. An object
/// without a namespace was listed in `namespace`.
fn names<S>(object: &Resource<S>, host: &str, service: &str, namespace: &str) -> bool {
    let rule_ns = object.metadata.namespace.as_deref().unwrap_or(namespace);
    host::names_service(host, rule_ns, service, namespace)
}

/// The subsets (and their labels) of the first DestinationRule for the service.
pub fn subsets_of(rules: &[DestinationRule], service: &str, namespace: &str) -> Subsets {
    rules
        .iter()
        .find(|r| names(r, &r.spec.host, service, namespace))
        .map(|r| {
            r.spec
                .subsets
                .iter()
                .filter(|s| !s.name.is_empty())
                .map(|s| (s.name.clone(), s.labels.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Subset → weight from the first HTTP route (of any VirtualService) whose
/// destinations reach the service: what unmatched traffic gets, as a canary sets it.
pub fn weights_of(
    services: &[VirtualService],
    service: &str,
    namespace: &str,
) -> BTreeMap<String, i64> {
    for vs in services {
        for route in &vs.spec.http {
            let all = route.route.len();
            let mut out = BTreeMap::new();
            for d in route
                .route
                .iter()
                .filter(|d| names(vs, &d.destination.host, service, namespace))
            {
                let subset = d.destination.subset.clone().unwrap_or_default();
                *out.entry(subset).or_insert(0) += i64::from(d.effective_weight(all));
            }
            if !out.is_empty() {
                return out;
            }
        }
    }
    BTreeMap::new()
}

/// The hosts an object is for: a VirtualService's `spec.hosts`.
pub fn is_for_service(vs: &VirtualService, service: &str, namespace: &str) -> bool {
    vs.spec
        .hosts
        .iter()
        .any(|h| names(vs, h, service, namespace))
}

/// Whether a DestinationRule's `spec.host` names the service.
pub fn rule_is_for_service(dr: &DestinationRule, service: &str, namespace: &str) -> bool {
    names(dr, &dr.spec.host, service, namespace)
}

/// A label selector (`app=reviews,version=v2`): the Service's selector plus the
/// subset's labels, which win on a clash.
pub fn selector(service: &BTreeMap<String, String>, subset: &BTreeMap<String, String>) -> String {
    let mut all = service.clone();
    all.extend(subset.iter().map(|(k, v)| (k.clone(), v.clone())));
    all.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vs(value: serde_json::Value) -> VirtualService {
        VirtualService::read(&value).unwrap()
    }

    fn dr(value: serde_json::Value) -> DestinationRule {
        DestinationRule::read(&value).unwrap()
    }

    #[test]
    fn weights_come_from_the_first_route_to_the_service() {
        let vs1 = vs(json!({"spec": {"http": [
            {"match": [{"headers": {"x": {"exact": "y"}}}],
             "route": [{"destination": {"host": "ratings", "subset": "v1"}}]},
            {"route": [
                {"destination": {"host": "reviews.shop.svc.cluster.local", "subset": "v1"}, "weight": 80},
                {"destination": {"host": "reviews", "subset": "v2"}, "weight": 20}
            ]}
        ]}}));
        let w = weights_of(&[vs1], "reviews", "shop");
        assert_eq!(w, BTreeMap::from([("v1".into(), 80), ("v2".into(), 20)]));
        let lone = vs(
            json!({"spec": {"http": [{"route": [{"destination": {"host": "reviews", "subset": "v1"}}]}]}}),
        );
        assert_eq!(weights_of(&[lone], "reviews", "shop")["v1"], 100);
        assert!(weights_of(&[], "reviews", "shop").is_empty());
    }

    #[test]
    fn subsets_and_labels_come_from_the_services_destination_rule() {
        let rule = dr(json!({"spec": {"host": "reviews.shop.svc", "subsets": [
            {"name": "v1", "labels": {"version": "v1"}},
            {"name": "v2", "labels": {"version": "v2", "track": "canary"}}
        ]}}));
        let other = dr(json!({"spec": {"host": "ratings", "subsets": [{"name": "x"}]}}));
        let s = subsets_of(&[other, rule], "reviews", "shop");
        assert_eq!(s.keys().collect::<Vec<_>>(), ["v1", "v2"]);
        let service = BTreeMap::from([("app".to_string(), "reviews".to_string())]);
        assert_eq!(
            selector(&service, &s["v2"]),
            "app=reviews,track=canary,version=v2"
        );
        assert!(!host::names_service(
            "reviews.other",
            "shop",
            "reviews",
            "shop"
        ));
    }

    #[test]
    fn objects_for_a_service_are_found_by_any_form_of_its_host() {
        let a = vs(
            json!({"metadata": {"name": "a", "namespace": "shop"}, "spec": {"hosts": ["reviews.shop.svc.cluster.local"]}}),
        );
        let b = vs(
            json!({"metadata": {"name": "b", "namespace": "shop"}, "spec": {"hosts": ["reviews2"]}}),
        );
        assert!(is_for_service(&a, "reviews", "shop"));
        assert!(!is_for_service(&b, "reviews", "shop"));
        let r = dr(json!({"metadata": {"namespace": "shop"}, "spec": {"host": "reviews"}}));
        assert!(rule_is_for_service(&r, "reviews", "shop"));
        assert!(!rule_is_for_service(&r, "ratings", "shop"));
    }
}
