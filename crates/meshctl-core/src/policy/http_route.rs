//! The policy of a Gateway API HTTPRoute. Of the settings `policy set` knows, the
//! v1.4.1 standard channel has only a rule's `timeouts`: `request` (`--timeout`) and
//! `backendRequest` (one request to a backend, retries counted separately: what
//! `--per-try-timeout` means). Retries are experimental-channel only, and load
//! balancing, connection pools, outlier detection and TLS have no HTTPRoute field, so
//! those are refused by flag ([`PolicyChange::not_in_gateway_api`]) rather than lost.

use super::{PolicyChange, named_rows, object_at, pick};
use serde_json::{Map, Value, json};

impl PolicyChange {
    /// Whether an HTTPRoute field is named (`--timeout`, `--per-try-timeout`).
    pub fn touches_http_route(&self) -> bool {
        self.timeout.is_some() || self.retries.per_try_timeout.is_some()
    }

    /// The flags given whose settings an HTTPRoute of the standard channel cannot
    /// hold, in the order `policy set --help` lists them.
    pub fn not_in_gateway_api(&self) -> Vec<&'static str> {
        [
            ("--retries", self.retries.attempts.is_some()),
            ("--retry-on", self.retries.retry_on.is_some()),
            ("--lb", self.load_balancer.is_some()),
            ("--max-connections", self.max_connections.is_some()),
            ("--max-pending", self.max_pending_requests.is_some()),
            (
                "--max-requests-per-connection",
                self.max_requests_per_connection.is_some(),
            ),
            (
                "--outlier-consecutive-5xx",
                self.outlier_consecutive_5xx.is_some(),
            ),
            ("--outlier-interval", self.outlier_interval.is_some()),
            (
                "--outlier-ejection-time",
                self.outlier_ejection_time.is_some(),
            ),
            (
                "--outlier-max-ejection",
                self.outlier_max_ejection.is_some(),
            ),
            ("--tls-mode", self.tls_mode.is_some()),
        ]
        .into_iter()
        .filter_map(|(flag, given)| given.then_some(flag))
        .collect()
    }

    /// Sets the named timeouts on every rule of an HTTPRoute (or the one `route`
    /// names), in the Gateway API's duration form; every other field stays.
    pub fn apply_to_http_route(&self, route: &mut Value) -> Result<(), String> {
        let rules: Vec<&mut Map<String, Value>> = route
            .pointer_mut("/spec/rules")
            .and_then(Value::as_array_mut)
            .map(|rules| rules.iter_mut().filter_map(Value::as_object_mut).collect())
            .unwrap_or_default();
        if rules.is_empty() {
            return Err("the HTTPRoute has no rules (`spec.rules`)".into());
        }
        for rule in pick(rules, self.route.as_deref(), "rule")? {
            let timeouts = object_at(rule, "timeouts");
            if let Some(t) = self.timeout {
                timeouts.insert("request".into(), json!(t.to_gateway_api()));
            }
            if let Some(t) = self.retries.per_try_timeout {
                timeouts.insert("backendRequest".into(), json!(t.to_gateway_api()));
            }
        }
        Ok(())
    }
}

/// Each rule's timeouts (`rule`: its name, else its position), for `policy show
/// --api gateway-api`.
pub fn http_route_summary(route: &Value) -> Value {
    let rules = named_rows(route, "/spec/rules", "rule", |r, row| {
        if let Some(t) = r.get("timeouts") {
            row.insert("timeouts".into(), t.clone());
        }
    });
    json!({"httpRoute": {"name": route.pointer("/metadata/name"), "rules": rules}})
}

#[cfg(test)]
mod tests {
    use super::super::Retries;
    use super::*;

    /// Two rules, the first named and with a filter and a backend timeout another
    /// tool set.
    fn route() -> Value {
        json!({
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "HTTPRoute",
            "metadata": {"name": "reviews", "namespace": "shop"},
            "spec": {
                "parentRefs": [{"name": "web"}],
                "rules": [
                    {"name": "api",
                     "matches": [{"path": {"type": "PathPrefix", "value": "/api"}}],
                     "filters": [{"type": "RequestHeaderModifier",
                                  "requestHeaderModifier": {"add": [{"name": "x-team", "value": "a"}]}}],
                     "timeouts": {"backendRequest": "1s"},
                     "backendRefs": [{"name": "reviews-v2", "port": 9080}]},
                    {"backendRefs": [{"name": "reviews-v1", "port": 9080}]}
                ]
            }
        })
    }

    fn timeout(text: &str) -> PolicyChange {
        PolicyChange {
            timeout: Some(text.parse().unwrap()),
            ..Default::default()
        }
    }

    #[test]
    fn a_timeout_sets_only_each_rules_request_timeout() {
        let mut obj = route();
        let change = timeout("2.5s");
        change.apply_to_http_route(&mut obj).unwrap();
        let mut expected = route();
        expected["spec"]["rules"][0]["timeouts"] =
            json!({"backendRequest": "1s", "request": "2s500ms"});
        expected["spec"]["rules"][1]["timeouts"] = json!({"request": "2s500ms"});
        assert_eq!(obj, expected);
        // Idempotent: the update may run the change again on a fresh read.
        change.apply_to_http_route(&mut obj).unwrap();
        assert_eq!(obj, expected);
    }

    #[test]
    fn a_per_try_timeout_is_the_backend_request_timeout() {
        let mut obj = route();
        let change = PolicyChange {
            retries: Retries {
                per_try_timeout: Some("500ms".parse().unwrap()),
                ..Default::default()
            },
            ..Default::default()
        };
        assert!(change.touches_http_route());
        assert!(change.not_in_gateway_api().is_empty());
        change.apply_to_http_route(&mut obj).unwrap();
        assert_eq!(
            obj["spec"]["rules"][0]["timeouts"],
            json!({"backendRequest": "500ms"})
        );
        assert_eq!(
            obj["spec"]["rules"][1]["timeouts"],
            json!({"backendRequest": "500ms"})
        );
    }

    #[test]
    fn route_picks_one_rule_by_name_or_by_position() {
        let mut by_name = route();
        let change = PolicyChange {
            route: Some("api".into()),
            ..timeout("3s")
        };
        change.apply_to_http_route(&mut by_name).unwrap();
        assert_eq!(
            by_name["spec"]["rules"][0]["timeouts"],
            json!({"backendRequest": "1s", "request": "3s"})
        );
        assert_eq!(by_name["spec"]["rules"][1], route()["spec"]["rules"][1]);

        let mut by_position = route();
        let change = PolicyChange {
            route: Some("1".into()),
            ..timeout("3s")
        };
        change.apply_to_http_route(&mut by_position).unwrap();
        assert_eq!(by_position["spec"]["rules"][0], route()["spec"]["rules"][0]);
        assert_eq!(
            by_position["spec"]["rules"][1]["timeouts"],
            json!({"request": "3s"})
        );
    }

    #[test]
    fn an_unknown_rule_or_a_route_without_rules_is_refused() {
        let mut obj = route();
        let change = PolicyChange {
            route: Some("web".into()),
            ..timeout("3s")
        };
        let err = change.apply_to_http_route(&mut obj).unwrap_err();
        assert_eq!(err, "there is no rule `web` (there are: api, 1)");
        assert_eq!(obj, route(), "nothing changed");
        // Position 0 is a named rule: it answers to its name only.
        let change = PolicyChange {
            route: Some("0".into()),
            ..timeout("3s")
        };
        assert!(change.apply_to_http_route(&mut obj).is_err());
        let mut empty = json!({"kind": "HTTPRoute", "spec": {"parentRefs": [{"name": "web"}]}});
        let err = timeout("1s").apply_to_http_route(&mut empty).unwrap_err();
        assert!(err.contains("no rules"), "{err}");
    }

    #[test]
    fn settings_without_an_http_route_field_are_named_by_flag() {
        let change = PolicyChange {
            retries: Retries {
                attempts: Some(3),
                retry_on: Some("5xx".into()),
                per_try_timeout: Some("1s".parse().unwrap()),
            },
            load_balancer: Some("RANDOM".into()),
            outlier_max_ejection: Some(super::super::Percent(50.0)),
            ..timeout("2s")
        };
        assert_eq!(
            change.not_in_gateway_api(),
            ["--retries", "--retry-on", "--lb", "--outlier-max-ejection"]
        );
        assert!(timeout("2s").not_in_gateway_api().is_empty());
    }

    #[test]
    fn the_summary_lists_each_rules_timeouts() {
        let mut obj = route();
        timeout("2s").apply_to_http_route(&mut obj).unwrap();
        assert_eq!(
            http_route_summary(&obj),
            json!({"httpRoute": {"name": "reviews", "rules": [
                {"rule": "api", "timeouts": {"backendRequest": "1s", "request": "2s"}},
                {"rule": 1, "timeouts": {"request": "2s"}},
            ]}})
        );
    }
}
