//! `VirtualService`: routing rules for hosts, and the helpers rollouts use to find
//! the routes that reach a subset and to set their weights.

use super::Extra;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub type VirtualService = super::Resource<VirtualServiceSpec>;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualServiceSpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gateways: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub http: Vec<HttpRoute>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tls: Vec<L4Route>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tcp: Vec<L4Route>,
    /// `exportTo`, … kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A `tls` or `tcp` route: conditions on the connection (kept as written, they differ
/// between the two) and weighted destinations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct L4Route {
    #[serde(default, rename = "match", skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<Extra>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route: Vec<RouteDestination>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A destination of a `tls` or `tcp` route.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RouteDestination {
    #[serde(default)]
    pub destination: Destination,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i32>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRoute {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, rename = "match", skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<HttpMatchRequest>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub route: Vec<HttpRouteDestination>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<HttpRetry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<HttpFault>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mirror: Option<Destination>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mirror_percentage: Option<Percent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Headers>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpMatchRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<StringMatch>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, StringMatch>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// One of `exact`, `prefix` or `regex`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StringMatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exact: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteDestination {
    #[serde(default)]
    pub destination: Destination,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Headers>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Destination {
    #[serde(default)]
    pub host: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subset: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<PortSelector>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PortSelector {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRetry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_try_timeout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_on: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HttpFault {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<FaultDelay>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abort: Option<FaultAbort>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultDelay {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed_delay: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentage: Option<Percent>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultAbort {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percentage: Option<Percent>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Percent {
    pub value: f64,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Headers {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<HeaderOperations>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<HeaderOperations>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HeaderOperations {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub set: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub add: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Why weights could not be set on a route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WeightError {
    /// The weights asked for do not add up to 100.
    Total(i64),
    /// A subset was given a weight but the route has no destination for it.
    NoSuchSubset(String),
    /// The route has a destination the new weights do not mention.
    Unassigned(String),
}

impl std::fmt::Display for WeightError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WeightError::Total(t) => write!(f, "weights add up to {t}, not 100"),
            WeightError::NoSuchSubset(s) => {
                write!(f, "the route has no destination with subset `{s}`")
            }
            WeightError::Unassigned(s) => {
                write!(f, "no weight given for the route's subset `{s}`")
            }
        }
    }
}

impl std::error::Error for WeightError {}

impl HttpRouteDestination {
    /// The weight Istio applies: an absent weight on a single destination means 100.
    pub fn effective_weight(&self, destinations: usize) -> i32 {
        self.weight
            .unwrap_or(if destinations == 1 { 100 } else { 0 })
    }
}

impl HttpRoute {
    /// Whether the route matches every request: no `match`, or a match entry with no
    /// condition at all (a `name` only). Later routes are then never reached.
    pub fn matches_every_request(&self) -> bool {
        self.matches.is_empty()
            || self.matches.iter().any(|m| {
                m.uri.is_none() && m.headers.is_empty() && m.extra.keys().all(|k| k == "name")
            })
    }

    /// `(subset, weight)` for each destination, with Istio's defaults applied.
    pub fn weights(&self) -> Vec<(Option<&str>, i32)> {
        let n = self.route.len();
        self.route
            .iter()
            .map(|d| (d.destination.subset.as_deref(), d.effective_weight(n)))
            .collect()
    }

    /// Whether any destination of this route goes to `subset` of `host`.
    pub fn routes_to(&self, host: &str, subset: &str) -> bool {
        self.route
            .iter()
            .any(|d| d.destination.host == host && d.destination.subset.as_deref() == Some(subset))
    }

    /// Sets the weight of every destination by its subset. Every destination must be
    /// named exactly once and the weights must add up to 100; on error nothing changes.
    pub fn set_weights(&mut self, weights: &[(&str, i32)]) -> Result<(), WeightError> {
        let total: i64 = weights.iter().map(|(_, w)| i64::from(*w)).sum();
        if total != 100 {
            return Err(WeightError::Total(total));
        }
        for (subset, _) in weights {
            if !self
                .route
                .iter()
                .any(|d| d.destination.subset.as_deref() == Some(*subset))
            {
                return Err(WeightError::NoSuchSubset((*subset).to_string()));
            }
        }
        for d in &self.route {
            let subset = d.destination.subset.as_deref().unwrap_or("");
            if !weights.iter().any(|(s, _)| *s == subset) {
                return Err(WeightError::Unassigned(subset.to_string()));
            }
        }
        for d in &mut self.route {
            let subset = d.destination.subset.as_deref().unwrap_or("");
            d.weight = weights.iter().find(|(s, _)| *s == subset).map(|(_, w)| *w);
        }
        Ok(())
    }
}

impl VirtualServiceSpec {
    /// Indexes of the `http` routes with a destination to `subset` of `host`.
    pub fn routes_to_subset(&self, host: &str, subset: &str) -> Vec<usize> {
        self.http
            .iter()
            .enumerate()
            .filter(|(_, r)| r.routes_to(host, subset))
            .map(|(i, _)| i)
            .collect()
    }

    pub fn route_named(&self, name: &str) -> Option<&HttpRoute> {
        self.http.iter().find(|r| r.name.as_deref() == Some(name))
    }

    pub fn route_named_mut(&mut self, name: &str) -> Option<&mut HttpRoute> {
        self.http
            .iter_mut()
            .find(|r| r.name.as_deref() == Some(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{parse_documents, to_yaml};

    /// Fields meshctl does not model at the top, in metadata, spec, a route, a match,
    /// a destination, a retry and in status; keys deliberately not in struct order.
    const WITH_UNKNOWN: &str = r#"
kind: VirtualService
apiVersion: networking.istio.io/v1
metadata:
  uid: 7f1c
  name: reviews
  namespace: shop
  managedFields:
  - manager: kubectl
  labels:
    app: reviews
spec:
  exportTo: ["."]
  hosts: [reviews]
  http:
  - route:
    - weight: 90
      destination:
        subset: v1
        host: reviews
        futureDestinationField: {a: 1}
      headers:
        response:
          set: {x-version: v1}
    - destination: {host: reviews, subset: v2}
      weight: 10
    name: primary
    corsPolicy:
      allowOrigins: [{exact: "https://a.example"}]
    match:
    - uri: {prefix: /api, ignoreUriCase: true}
      sourceLabels: {team: a}
    retries: {attempts: 3, retryRemoteLocalities: true}
    delegate: null
  tcp:
  - route: [{destination: {host: db}}]
status:
  observedGeneration: 4
"#;

    fn read() -> (serde_json::Value, VirtualService) {
        let value = parse_documents(WITH_UNKNOWN).unwrap().remove(0).value;
        let vs = VirtualService::from_value(value.clone()).unwrap();
        (value, vs)
    }

    #[test]
    fn round_trip_keeps_unknown_fields_at_every_level_and_their_order() {
        let (value, vs) = read();
        assert_eq!(vs.metadata.name, "reviews");
        assert_eq!(
            vs.spec.http[0].route[1].destination.subset.as_deref(),
            Some("v2")
        );
        assert!(vs.spec.http[0].extra.contains_key("corsPolicy"));
        let back = vs.to_value_like(&value);
        assert_eq!(to_yaml(&back), to_yaml(&value));
        // Without reordering nothing is lost either, only key order differs.
        assert_eq!(vs.to_value(), value);
    }

    #[test]
    fn setting_weights_changes_only_the_weights() {
        let (value, mut vs) = read();
        let route = vs.spec.route_named_mut("primary").unwrap();
        route.set_weights(&[("v1", 50), ("v2", 50)]).unwrap();
        let back = vs.to_value_like(&value);
        let mut expected = value.clone();
        expected["spec"]["http"][0]["route"][0]["weight"] = 50.into();
        expected["spec"]["http"][0]["route"][1]["weight"] = 50.into();
        assert_eq!(to_yaml(&back), to_yaml(&expected));
    }

    #[test]
    fn set_weights_rejects_bad_totals_and_unknown_subsets_without_changing_anything() {
        let (_, mut vs) = read();
        let before = vs.clone();
        let route = vs.spec.route_named_mut("primary").unwrap();
        assert_eq!(
            route.set_weights(&[("v1", 50), ("v2", 40)]),
            Err(WeightError::Total(90))
        );
        assert_eq!(
            route.set_weights(&[("v1", 50), ("v3", 50)]),
            Err(WeightError::NoSuchSubset("v3".into()))
        );
        assert_eq!(
            route.set_weights(&[("v1", 100)]),
            Err(WeightError::Unassigned("v2".into()))
        );
        assert_eq!(vs, before);
    }

    #[test]
    fn finds_routes_to_a_subset_and_reads_effective_weights() {
        let (_, vs) = read();
        assert_eq!(vs.spec.routes_to_subset("reviews", "v2"), vec![0]);
        assert!(vs.spec.routes_to_subset("reviews", "v3").is_empty());
        assert!(vs.spec.routes_to_subset("other", "v1").is_empty());
        assert_eq!(
            vs.spec.http[0].weights(),
            vec![(Some("v1"), 90), (Some("v2"), 10)]
        );
        let single = HttpRoute {
            route: vec![HttpRouteDestination::default()],
            ..Default::default()
        };
        assert_eq!(single.weights(), vec![(None, 100)]);
    }
}
