//! The two shapes of object a rollout shifts, so that one copy of the route actions
//! ([`super::routes`]) serves both: a VirtualService (`spec.http[i]`, destinations
//! `route[j].destination.{host,subset}` with `weight`) and a Gateway API HTTPRoute
//! (`spec.rules[i]`, destinations `backendRefs[j].{name,namespace,port}` with `weight`,
//! 1 when unset). Everything that differs between them is here; what a rollout does
//! with them is not.
//!
//! The Gateway API has no subsets: an HTTPRoute splits between Services, so a rollout
//! on one always splits by host ([`SplitBy::Host`]), the backendRef's `name` being the
//! Service.

use serde_json::{Value, json};

use super::error::{RolloutError, RolloutErrorKind};
use super::spec::{Preview, Split, SplitBy};

/// Which kind of object a route action works on; read from the object's `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    VirtualService,
    HttpRoute,
}

/// The kind of the Gateway API's HTTPRoute.
pub const HTTP_ROUTE: &str = "HTTPRoute";

impl Shape {
    /// The shape of `object`: an HTTPRoute by its `kind`, else a VirtualService (the
    /// objects meshctl shifted before HTTPRoutes, which tests write without a kind).
    pub fn of(object: &Value) -> Shape {
        match object.get("kind").and_then(Value::as_str) {
            Some(HTTP_ROUTE) => Shape::HttpRoute,
            _ => Shape::VirtualService,
        }
    }

    /// The object's kind, for messages.
    pub fn kind(self) -> &'static str {
        match self {
            Shape::VirtualService => "VirtualService",
            Shape::HttpRoute => HTTP_ROUTE,
        }
    }

    /// What one entry of the routes list is called: an HTTP route, or a rule.
    pub fn route_word(self) -> &'static str {
        match self {
            Shape::VirtualService => "HTTP route",
            Shape::HttpRoute => "rule",
        }
    }

    /// The key of the routes list under `spec`.
    pub fn routes_key(self) -> &'static str {
        match self {
            Shape::VirtualService => "http",
            Shape::HttpRoute => "rules",
        }
    }

    /// The key of a route's destinations.
    pub fn destinations_key(self) -> &'static str {
        match self {
            Shape::VirtualService => "route",
            Shape::HttpRoute => "backendRefs",
        }
    }

    /// The key of a route's matches.
    pub fn match_key(self) -> &'static str {
        match self {
            Shape::VirtualService => "match",
            Shape::HttpRoute => "matches",
        }
    }

    /// The host (Service) a destination sends to.
    pub fn host_of(self, dest: &Value) -> Option<&str> {
        match self {
            Shape::VirtualService => dest.pointer("/destination/host")?.as_str(),
            Shape::HttpRoute => dest.get("name")?.as_str(),
        }
    }

    /// The split's name a destination carries: its subset or host (an HTTPRoute has
    /// only hosts).
    pub fn name_of<'a>(self, split: &Split, dest: &'a Value) -> Option<&'a str> {
        match (self, split.by) {
            (Shape::VirtualService, SplitBy::Subset) => {
                dest.pointer("/destination/subset")?.as_str()
            }
            (_, SplitBy::Host) => self.host_of(dest),
            (Shape::HttpRoute, SplitBy::Subset) => None,
        }
    }

    /// Points a copy of a destination at `name` (a subset or host of the split).
    pub fn set_name(self, split: &Split, dest: &mut Value, name: &str) {
        match (self, split.by) {
            (Shape::VirtualService, SplitBy::Subset) => dest["destination"]["subset"] = json!(name),
            (Shape::VirtualService, SplitBy::Host) => dest["destination"]["host"] = json!(name),
            (Shape::HttpRoute, _) => dest["name"] = json!(name),
        }
    }

    /// A destination's weight when it has none: an HTTPRoute's backendRef weighs 1;
    /// a VirtualService's lone destination takes everything, one of several nothing.
    pub fn default_weight(self, lone: bool) -> u64 {
        match self {
            Shape::HttpRoute => 1,
            Shape::VirtualService if lone => 100,
            Shape::VirtualService => 0,
        }
    }

    /// Whether a route takes all traffic its object gets (no match of its own): a
    /// VirtualService route without `match`; an HTTPRoute rule without `matches`, or
    /// with only the match the API server fills in for none (path prefix `/`).
    pub fn is_catch_all(self, route: &Value) -> bool {
        match (self, route.get(self.match_key())) {
            (_, None) => true,
            (Shape::VirtualService, Some(_)) => false,
            (Shape::HttpRoute, Some(m)) => {
                *m == json!([{"path": {"type": "PathPrefix", "value": "/"}}]) || *m == json!([])
            }
        }
    }

    /// Refuses a split this shape cannot express: an HTTPRoute has no subsets.
    pub fn check_split(self, split: &Split) -> Result<(), RolloutError> {
        if self == Shape::HttpRoute && split.by == SplitBy::Subset {
            return Err(RolloutError::new(
                RolloutErrorKind::UnsupportedRoute,
                format!(
                    "an HTTPRoute splits traffic between Services, not subsets (`{}`, `{}`)",
                    split.stable, split.canary
                ),
            )
            .with_hint("name the two Services with `--stable-host` and `--canary-host`"));
        }
        Ok(())
    }

    /// meshctl's preview (or A/B) route: requests matching `preview` go to `dest`.
    pub fn preview_route(
        self,
        name: &str,
        preview: &Preview,
        dest: Value,
    ) -> Result<Value, RolloutError> {
        Ok(match (self, preview) {
            (Shape::VirtualService, Preview::Header { name: h, value }) => {
                json!({"name": name, "match": [{"headers": {h: {"exact": value}}}], "route": [dest]})
            }
            (Shape::VirtualService, Preview::Host { host }) => {
                json!({"name": name, "match": [{"authority": {"exact": host}}], "route": [dest]})
            }
            (Shape::HttpRoute, Preview::Header { name: h, value }) => json!({
                "name": name,
                "matches": [{"headers": [{"type": "Exact", "name": h, "value": value}]}],
                "backendRefs": [dest]
            }),
            (Shape::HttpRoute, Preview::Host { host }) => {
                return Err(RolloutError::new(
                    RolloutErrorKind::UnsupportedRoute,
                    format!("an HTTPRoute rule cannot match the host `{host}`: its hostnames are the whole route's"),
                )
                .with_hint("preview by header instead (`--preview-header NAME=VALUE`)"));
            }
        })
    }

    /// Refuses what has no HTTPRoute form (sticky users by cookie: the standard
    /// channel has no session persistence, and no header set on one backend's answers
    /// meshctl could follow).
    pub fn check_sticky(self) -> Result<(), RolloutError> {
        if self == Shape::HttpRoute {
            return Err(RolloutError::invalid_spec(
                "sticky canary users (`--sticky-cookie`) have no form on an HTTPRoute",
            )
            .with_hint("drop `--sticky-cookie`, or run the rollout on a VirtualService"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shape_comes_from_the_kind() {
        assert_eq!(Shape::of(&json!({"kind": "HTTPRoute"})), Shape::HttpRoute);
        assert_eq!(Shape::of(&json!({})), Shape::VirtualService);
        let split = Split::subsets("v1", "v2");
        assert!(Shape::HttpRoute.check_split(&split).is_err());
        assert!(Shape::VirtualService.check_split(&split).is_ok());
        let host = Preview::Host { host: "x".into() };
        assert!(
            Shape::HttpRoute
                .preview_route("p", &host, json!({}))
                .is_err()
        );
    }
}
