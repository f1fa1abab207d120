//! Pure edits of the resilience fields of a VirtualService and a DestinationRule:
//! timeouts, retries and fault injection on HTTP routes; load balancing, connection
//! pools, outlier detection and TLS on the DestinationRule's top-level traffic policy.
//! The Gateway API's HTTPRoute has only timeouts of these (`http_route`).
//!
//! Each edit sets ONLY the fields it names on the whole object (`serde_json::Value`),
//! so fields another tool or a newer Istio wrote survive untouched. The edits run
//! inside `MeshStore::update`, possibly more than once, so they are idempotent.

pub mod egress;
pub mod egress_list;
mod fault;
mod http_route;
mod parse;
#[cfg(test)]
mod tests;
pub mod workload;

pub use fault::{FAULT_ANNOTATION, FaultChange, fault_view};
pub use http_route::http_route_summary;
pub use parse::{FaultSpec, Percent, parse_abort, parse_delay, parse_fault, parse_retry_on};

use crate::duration::Duration;
use serde_json::{Map, Value, json};

/// Retry settings to set on every HTTP route; `None` fields are left as they are.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Retries {
    pub attempts: Option<u32>,
    /// Envoy retry conditions, comma separated (`5xx,reset,connect-failure`).
    pub retry_on: Option<String>,
    pub per_try_timeout: Option<Duration>,
}

impl Retries {
    fn is_empty(&self) -> bool {
        self.attempts.is_none() && self.retry_on.is_none() && self.per_try_timeout.is_none()
    }
}

/// The policy fields `meshctl policy set` was asked to change.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicyChange {
    /// Only the route (VirtualService) or rule (HTTPRoute) of this name, or at this
    /// position when unnamed, as `policy show` lists them; every one when `None`.
    pub route: Option<String>,
    // VirtualService, every HTTP route (or the one `route` names).
    pub timeout: Option<Duration>,
    pub retries: Retries,
    // DestinationRule, `spec.trafficPolicy`.
    /// `ROUND_ROBIN`, `LEAST_REQUEST`, `RANDOM` or `PASSTHROUGH`.
    pub load_balancer: Option<String>,
    pub max_connections: Option<u32>,
    pub max_pending_requests: Option<u32>,
    pub max_requests_per_connection: Option<u32>,
    pub outlier_consecutive_5xx: Option<u32>,
    pub outlier_interval: Option<Duration>,
    pub outlier_ejection_time: Option<Duration>,
    pub outlier_max_ejection: Option<Percent>,
    /// `DISABLE`, `SIMPLE`, `MUTUAL` or `ISTIO_MUTUAL`.
    pub tls_mode: Option<String>,
    /// Whether a field the user set may be dropped to make room for a named one
    /// (`--force`): a simple load balancer replaces a `consistentHash` (session
    /// affinity), which otherwise is refused rather than lost silently.
    pub force: bool,
}

impl PolicyChange {
    /// Whether any VirtualService field is named.
    pub fn touches_virtual_service(&self) -> bool {
        self.timeout.is_some() || !self.retries.is_empty()
    }

    /// Whether any DestinationRule field is named.
    pub fn touches_destination_rule(&self) -> bool {
        self.load_balancer.is_some()
            || self.max_connections.is_some()
            || self.max_pending_requests.is_some()
            || self.max_requests_per_connection.is_some()
            || self.outlier_consecutive_5xx.is_some()
            || self.outlier_interval.is_some()
            || self.outlier_ejection_time.is_some()
            || self.outlier_max_ejection.is_some()
            || self.tls_mode.is_some()
    }

    /// Sets the named timeout and retry fields on every HTTP route of a VirtualService.
    pub fn apply_to_virtual_service(&self, vs: &mut Value) -> Result<(), String> {
        for route in pick(http_routes(vs)?, self.route.as_deref(), "HTTP route")? {
            if let Some(t) = self.timeout {
                route.insert("timeout".into(), json!(t.to_istio()));
            }
            if self.retries.is_empty() {
                continue;
            }
            let retries = object_at(route, "retries");
            if let Some(n) = self.retries.attempts {
                retries.insert("attempts".into(), json!(n));
            }
            if let Some(on) = &self.retries.retry_on {
                retries.insert("retryOn".into(), json!(on));
            }
            if let Some(t) = self.retries.per_try_timeout {
                retries.insert("perTryTimeout".into(), json!(t.to_istio()));
            }
        }
        Ok(())
    }

    /// Sets the named fields of `spec.trafficPolicy` of a DestinationRule.
    pub fn apply_to_destination_rule(&self, dr: &mut Value) -> Result<(), String> {
        let spec = dr
            .get_mut("spec")
            .and_then(Value::as_object_mut)
            .ok_or("the DestinationRule has no `spec`")?;
        let policy = object_at(spec, "trafficPolicy");
        if let Some(lb) = &self.load_balancer {
            let balancer = object_at(policy, "loadBalancer");
            // `simple` and `consistentHash` are one-of: choosing a simple policy
            // replaces a hash-based one, which the user set on purpose.
            if let Some(hash) = balancer.get("consistentHash")
                && !self.force
            {
                return Err(format!(
                    "`--lb` would remove `spec.trafficPolicy.loadBalancer.consistentHash` ({}), the session affinity set there; Istio allows only one of `simple` and `consistentHash`. Pass `--force` to replace it",
                    hash_kind(hash)
                ));
            }
            balancer.remove("consistentHash");
            balancer.insert("simple".into(), json!(lb));
        }
        if let Some(n) = self.max_connections {
            let tcp = object_at(object_at(policy, "connectionPool"), "tcp");
            tcp.insert("maxConnections".into(), json!(n));
        }
        if self.max_pending_requests.is_some() || self.max_requests_per_connection.is_some() {
            let http = object_at(object_at(policy, "connectionPool"), "http");
            if let Some(n) = self.max_pending_requests {
                http.insert("http1MaxPendingRequests".into(), json!(n));
            }
            if let Some(n) = self.max_requests_per_connection {
                http.insert("maxRequestsPerConnection".into(), json!(n));
            }
        }
        let outlier_named = self.outlier_consecutive_5xx.is_some()
            || self.outlier_interval.is_some()
            || self.outlier_ejection_time.is_some()
            || self.outlier_max_ejection.is_some();
        if outlier_named {
            let outlier = object_at(policy, "outlierDetection");
            if let Some(n) = self.outlier_consecutive_5xx {
                outlier.insert("consecutive5xxErrors".into(), json!(n));
            }
            if let Some(d) = self.outlier_interval {
                outlier.insert("interval".into(), json!(d.to_istio()));
            }
            if let Some(d) = self.outlier_ejection_time {
                outlier.insert("baseEjectionTime".into(), json!(d.to_istio()));
            }
            if let Some(p) = self.outlier_max_ejection {
                // The API field is an integer percentage.
                outlier.insert("maxEjectionPercent".into(), json!(p.0.round() as u32));
            }
        }
        if let Some(mode) = &self.tls_mode {
            object_at(policy, "tls").insert("mode".into(), json!(mode));
        }
        Ok(())
    }
}

/// The kind of a `consistentHash`, for a message: `httpCookie`, `httpHeaderName`, …
fn hash_kind(hash: &Value) -> String {
    hash.as_object()
        .map(|o| {
            o.keys()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

/// The HTTP routes of a VirtualService, for editing; an error when there are none
/// (TCP/TLS-only VirtualServices have no timeouts, retries or faults).
fn http_routes(vs: &mut Value) -> Result<Vec<&mut Map<String, Value>>, String> {
    let routes: Vec<_> = vs
        .pointer_mut("/spec/http")
        .and_then(Value::as_array_mut)
        .map(|routes| routes.iter_mut().filter_map(Value::as_object_mut).collect())
        .unwrap_or_default();
    if routes.is_empty() {
        return Err("the VirtualService has no HTTP routes (`spec.http`)".into());
    }
    Ok(routes)
}

/// The entries of a route list that `--route NAME` picks: the one named NAME, else
/// the unnamed one at position NAME (as `policy show` lists them); all without NAME.
fn pick<'v>(
    entries: Vec<&'v mut Map<String, Value>>,
    name: Option<&str>,
    what: &str,
) -> Result<Vec<&'v mut Map<String, Value>>, String> {
    let Some(name) = name else {
        return Ok(entries);
    };
    let name_of =
        |e: &Map<String, Value>| e.get("name").and_then(Value::as_str).map(str::to_string);
    let found = entries
        .iter()
        .position(|e| name_of(e).as_deref() == Some(name))
        .or_else(|| {
            let at = name.parse::<usize>().ok()?;
            entries.get(at).filter(|e| name_of(e).is_none()).map(|_| at)
        });
    match found {
        Some(at) => Ok(entries.into_iter().nth(at).into_iter().collect()),
        None => {
            let known: Vec<String> = entries
                .iter()
                .enumerate()
                .map(|(i, e)| name_of(e).unwrap_or_else(|| i.to_string()))
                .collect();
            Err(format!(
                "there is no {what} `{name}` (there are: {})",
                known.join(", ")
            ))
        }
    }
}

/// The object under `key`, created (or replacing a non-object) when missing.
fn object_at<'m>(map: &'m mut Map<String, Value>, key: &str) -> &'m mut Map<String, Value> {
    let slot = map.entry(key).or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    slot.as_object_mut().expect("just made an object")
}

/// One row per HTTP route of a VirtualService, for the `show` commands: `route` (its
/// name, else its position) and what `fill` adds.
pub(crate) fn route_rows(vs: &Value, fill: impl Fn(&Value, &mut Map<String, Value>)) -> Vec<Value> {
    named_rows(vs, "/spec/http", "route", fill)
}

/// One row per entry of the list at `pointer`: `key` (the entry's name, else its
/// position) and what `fill` adds.
fn named_rows(
    object: &Value,
    pointer: &str,
    key: &str,
    fill: impl Fn(&Value, &mut Map<String, Value>),
) -> Vec<Value> {
    let routes = object
        .pointer(pointer)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    routes
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut row = Map::new();
            row.insert(
                key.into(),
                r.get("name").cloned().unwrap_or_else(|| json!(i)),
            );
            fill(r, &mut row);
            Value::Object(row)
        })
        .collect()
}

/// The resilience fields of a VirtualService and DestinationRule, for `policy show`.
pub fn summary(vs: Option<&Value>, dr: Option<&Value>) -> Value {
    let mut out = Map::new();
    if let Some(vs) = vs {
        let routes = route_rows(vs, |r, row| {
            for key in ["timeout", "retries", "fault"] {
                if let Some(v) = r.get(key) {
                    row.insert(key.into(), v.clone());
                }
            }
        });
        out.insert(
            "virtualService".into(),
            json!({"name": vs.pointer("/metadata/name"), "http": routes}),
        );
    }
    if let Some(dr) = dr {
        out.insert(
            "destinationRule".into(),
            json!({
                "name": dr.pointer("/metadata/name"),
                "trafficPolicy": dr.pointer("/spec/trafficPolicy").cloned().unwrap_or_else(|| json!({})),
            }),
        );
    }
    Value::Object(out)
}
