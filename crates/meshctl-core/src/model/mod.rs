//! Typed Istio networking resources: the fields meshctl reads and changes, and nothing
//! lost of the rest.
//!
//! Every struct keeps the fields it does not model in `extra` (`#[serde(flatten)]`), so
//! an object read from a cluster or a file and written back carries everything another
//! tool or a newer Istio put there. Serialising a struct writes its modelled fields
//! first; [`reorder_like`] puts the keys back in the order the original object had, so
//! an update changes only what meshctl meant to change.

mod destinationrule;
mod gateway;
mod gateway_api;
mod meta;
mod serviceentry;
mod virtualservice;

pub use destinationrule::*;
pub use gateway::*;
pub use gateway_api::*;
pub use meta::*;
pub use serviceentry::*;
pub use virtualservice::*;

use serde_json::{Map, Value};

/// Istio's networking API group.
pub const GROUP: &str = "networking.istio.io";

/// Fields a struct does not model, in the order they were read.
pub type Extra = Map<String, Value>;

/// The kinds meshctl models: Istio's four (in [`Kind::ALL`]) and the Gateway API's
/// `Gateway` and `HTTPRoute` (see [`Kind::of`]: a `kind` alone does not tell the two
/// `Gateway`s apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Gateway,
    VirtualService,
    DestinationRule,
    ServiceEntry,
    ApiGateway,
    HttpRoute,
}

impl Kind {
    /// Istio's kinds.
    pub const ALL: [Kind; 4] = [
        Kind::Gateway,
        Kind::VirtualService,
        Kind::DestinationRule,
        Kind::ServiceEntry,
    ];

    /// The `kind` field as Kubernetes spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Gateway => "Gateway",
            Kind::VirtualService => "VirtualService",
            Kind::DestinationRule => "DestinationRule",
            Kind::ServiceEntry => "ServiceEntry",
            Kind::ApiGateway => "Gateway",
            Kind::HttpRoute => "HTTPRoute",
        }
    }

    /// Lower case, as in file names (`virtualservice-reviews.yaml`) and templates.
    pub fn lower(self) -> &'static str {
        match self {
            Kind::Gateway => "gateway",
            Kind::VirtualService => "virtualservice",
            Kind::DestinationRule => "destinationrule",
            Kind::ServiceEntry => "serviceentry",
            Kind::ApiGateway => "gateway",
            Kind::HttpRoute => "httproute",
        }
    }

    /// The Istio kind called `kind`.
    pub fn from_kind(kind: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == kind)
    }

    /// The modelled kind of an object with this `apiVersion` and `kind`.
    pub fn of(api_version: &str, kind: &str) -> Option<Kind> {
        let group = api_version.split_once('/').map_or("", |(g, _)| g);
        if group == GATEWAY_API_GROUP {
            [Kind::ApiGateway, Kind::HttpRoute]
                .into_iter()
                .find(|k| k.as_str() == kind)
        } else if group == GROUP {
            Kind::from_kind(kind)
        } else {
            None
        }
    }

    /// Checks that `value` reads as this kind's typed model, so later commands can
    /// work with it. Returns the serde message on failure.
    pub fn check_typed(self, value: &Value) -> Result<(), String> {
        fn check<S: serde::Serialize + serde::de::DeserializeOwned + Default>(
            value: &Value,
        ) -> Result<(), String> {
            // Reads from the borrowed value: no copy of the object.
            <Resource<S> as serde::Deserialize>::deserialize(value)
                .map(|_| ())
                .map_err(|e| e.to_string())
        }
        match self {
            Kind::Gateway => check::<GatewaySpec>(value),
            Kind::VirtualService => check::<VirtualServiceSpec>(value),
            Kind::DestinationRule => check::<DestinationRuleSpec>(value),
            Kind::ServiceEntry => check::<ServiceEntrySpec>(value),
            Kind::ApiGateway => check::<ApiGatewaySpec>(value),
            Kind::HttpRoute => check::<HttpRouteSpec>(value),
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Returns `value` with the keys of every object in the order `original` had them;
/// keys `original` lacks come after, in `value`'s order. Arrays are matched by index.
pub fn reorder_like(original: &Value, value: Value) -> Value {
    match (original, value) {
        (Value::Object(orig), Value::Object(mut map)) => {
            let mut out = Map::with_capacity(map.len());
            for (key, orig_child) in orig {
                if let Some(child) = map.remove(key) {
                    out.insert(key.clone(), reorder_like(orig_child, child));
                }
            }
            out.extend(map);
            Value::Object(out)
        }
        (Value::Array(orig), Value::Array(items)) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| match orig.get(i) {
                    Some(o) => reorder_like(o, item),
                    None => item,
                })
                .collect(),
        ),
        (_, value) => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reorder_restores_the_original_key_order_and_keeps_new_keys() {
        let original = json!({"b": 1, "a": {"y": 1, "x": 2}, "list": [{"q": 1, "p": 2}]});
        let value = json!({"a": {"x": 3, "y": 1}, "list": [{"p": 2, "q": 1}, {"z": 0}], "b": 1, "new": true});
        let out = reorder_like(&original, value);
        assert_eq!(
            serde_json::to_string(&out).unwrap(),
            r#"{"b":1,"a":{"y":1,"x":3},"list":[{"q":1,"p":2},{"z":0}],"new":true}"#
        );
    }

    #[test]
    fn kinds_round_trip_their_names() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_kind(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::from_kind("Sidecar"), None);
        assert_eq!(
            Kind::of("networking.istio.io/v1", "Gateway"),
            Some(Kind::Gateway)
        );
        assert_eq!(
            Kind::of("gateway.networking.k8s.io/v1", "Gateway"),
            Some(Kind::ApiGateway)
        );
        assert_eq!(
            Kind::of("gateway.networking.k8s.io/v1beta1", "HTTPRoute"),
            Some(Kind::HttpRoute)
        );
        assert_eq!(Kind::of("v1", "Service"), None);
    }
}
