//! `meshctl fault`'s edits: inject an abort or a delay on every HTTP route, and take
//! back exactly what meshctl injected.
//!
//! A VirtualService may carry faults of its own (a spec's 1% delay). Injecting over one
//! and then clearing must give it back, and clearing must never remove a fault meshctl
//! did not add. So an injection records, in the annotation [`FAULT_ANNOTATION`], what
//! it set and each route's `fault` from before the first injection; `clear` restores
//! a kind only where the route still has what meshctl set (someone's later edit wins),
//! and removes the annotation. Routes are found by name, else by their `match`, never
//! by position.

use serde_json::{Map, Value, json};

use super::{FaultSpec, http_routes, object_at, route_rows};
use crate::duration::Duration;

/// The annotation where meshctl remembers the faults it injected.
pub const FAULT_ANNOTATION: &str = "meshctl.io/fault";

/// What `meshctl fault` does to every HTTP route.
#[derive(Debug, Clone, PartialEq)]
pub enum FaultChange {
    /// Sets the named fault kinds; a kind not named is left as it is.
    Inject {
        abort: Option<FaultSpec<u16>>,
        delay: Option<FaultSpec<Duration>>,
    },
    /// Takes back what meshctl injected; the route's own faults stay.
    Clear,
}

/// How a route is found again: its name, else its match (`null` without one).
fn route_id(route: &Map<String, Value>) -> Value {
    match route.get("name") {
        Some(name) => json!({"name": name}),
        None => json!({"match": route.get("match").cloned().unwrap_or(Value::Null)}),
    }
}

/// Whether two values are the same fault: the API server keeps numbers as float64 and
/// writes whole ones back without a fraction (`10.0` comes back as `10`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        _ => a == b,
    }
}

/// The record in the annotation: `{"injected": {KIND: VALUE}, "routes": [{"id", "before"}]}`.
fn read_record(vs: &Value) -> Option<Value> {
    let text = vs
        .pointer("/metadata/annotations")?
        .get(FAULT_ANNOTATION)?
        .as_str()?;
    serde_json::from_str(text).ok()
}

fn write_record(vs: &mut Value, record: Option<&Value>) -> Result<(), String> {
    let meta = vs
        .get_mut("metadata")
        .and_then(Value::as_object_mut)
        .ok_or("the VirtualService has no `metadata`")?;
    match record {
        Some(r) => {
            object_at(meta, "annotations").insert(FAULT_ANNOTATION.into(), json!(r.to_string()));
        }
        None => {
            if let Some(a) = meta.get_mut("annotations").and_then(Value::as_object_mut) {
                a.remove(FAULT_ANNOTATION);
                if a.is_empty() {
                    meta.remove("annotations");
                }
            }
        }
    }
    Ok(())
}

impl FaultChange {
    /// The abort this change injects when it fails every request it reaches.
    pub fn fails_all_traffic(&self) -> Option<u16> {
        match self {
            FaultChange::Inject { abort: Some(a), .. } if a.percent.0 >= 100.0 => Some(a.value),
            _ => None,
        }
    }

    pub fn apply(&self, vs: &mut Value) -> Result<(), String> {
        match self {
            FaultChange::Inject { abort, delay } => inject(vs, abort.as_ref(), delay.as_ref()),
            FaultChange::Clear => clear(vs),
        }
    }
}

fn inject(
    vs: &mut Value,
    abort: Option<&FaultSpec<u16>>,
    delay: Option<&FaultSpec<Duration>>,
) -> Result<(), String> {
    let mut record = read_record(vs).unwrap_or_else(|| json!({"injected": {}, "routes": []}));
    let mut set = Map::new();
    if let Some(a) = abort {
        set.insert(
            "abort".into(),
            json!({"httpStatus": a.value, "percentage": {"value": a.percent.0}}),
        );
    }
    if let Some(d) = delay {
        set.insert(
            "delay".into(),
            json!({"fixedDelay": d.value.to_istio(), "percentage": {"value": d.percent.0}}),
        );
    }
    let mut saved: Vec<Value> = record["routes"].as_array().cloned().unwrap_or_default();
    for route in http_routes(vs)? {
        let id = route_id(route);
        // The route's own faults from before meshctl's first injection: a later
        // injection must not take meshctl's fault for the route's own.
        if !saved.iter().any(|s| s["id"] == id) {
            let before = route.get("fault").cloned().unwrap_or(Value::Null);
            saved.push(json!({"id": id, "before": before}));
        }
        let fault = object_at(route, "fault");
        for (kind, value) in &set {
            fault.insert(kind.clone(), value.clone());
        }
    }
    let injected = record["injected"].as_object_mut().ok_or("bad record")?;
    for (kind, value) in set {
        injected.insert(kind, value);
    }
    record["routes"] = Value::Array(saved);
    write_record(vs, Some(&record))
}

fn clear(vs: &mut Value) -> Result<(), String> {
    let Some(record) = read_record(vs) else {
        return Ok(());
    };
    let injected = record["injected"].as_object().cloned().unwrap_or_default();
    let saved = record["routes"].as_array().cloned().unwrap_or_default();
    for route in http_routes(vs)? {
        let id = route_id(route);
        let before = saved
            .iter()
            .find(|s| s["id"] == id)
            .map(|s| s["before"].clone())
            .unwrap_or(Value::Null);
        let Some(fault) = route.get_mut("fault").and_then(Value::as_object_mut) else {
            continue;
        };
        for (kind, value) in &injected {
            if !fault.get(kind).is_some_and(|live| same(live, value)) {
                continue; // changed since meshctl set it: someone else's now
            }
            match before.get(kind) {
                Some(own) => fault.insert(kind.clone(), own.clone()),
                None => fault.remove(kind),
            };
        }
        if fault.is_empty() {
            route.remove("fault");
        }
    }
    write_record(vs, None)
}

/// Each HTTP route's faults for `fault show`, each kind marked with who set it:
/// `meshctl` (injected, taken back by `fault clear`) or `spec` (the object's own).
pub fn fault_view(vs: &Value) -> Value {
    let injected = read_record(vs)
        .and_then(|r| r.get("injected").cloned())
        .unwrap_or_else(|| json!({}));
    let routes = route_rows(vs, |r, row| {
        let mut faults = Map::new();
        if let Some(f) = r.get("fault").and_then(Value::as_object) {
            for (kind, value) in f {
                let by = if injected.get(kind).is_some_and(|i| same(i, value)) {
                    "meshctl"
                } else {
                    "spec"
                };
                faults.insert(kind.clone(), json!({"by": by, "fault": value}));
            }
        }
        row.insert("faults".into(), Value::Object(faults));
    });
    json!({"virtualService": vs.pointer("/metadata/name"), "http": routes})
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{parse_abort, parse_delay};

    fn vs() -> Value {
        json!({"metadata": {"name": "reviews"}, "spec": {"http": [
            {"name": "beta", "match": [{"headers": {"x": {"exact": "1"}}}],
             "route": [{"destination": {"host": "reviews", "subset": "v2"}}],
             "fault": {"delay": {"fixedDelay": "0.1s", "percentage": {"value": 1.0}}}},
            {"route": [{"destination": {"host": "reviews", "subset": "v1"}}]}
        ]}})
    }

    fn inject(abort: Option<&str>, delay: Option<&str>) -> FaultChange {
        FaultChange::Inject {
            abort: abort.map(|a| parse_abort(a).unwrap()),
            delay: delay.map(|d| parse_delay(d).unwrap()),
        }
    }

    #[test]
    fn clear_takes_back_only_what_meshctl_injected() {
        let mut obj = vs();
        inject(Some("503:10%"), Some("2s:5%"))
            .apply(&mut obj)
            .unwrap();
        assert_eq!(
            obj["spec"]["http"][0]["fault"]["delay"],
            json!({"fixedDelay": "2s", "percentage": {"value": 5.0}})
        );
        // A second injection does not take meshctl's delay for the route's own.
        inject(Some("500:20%"), None).apply(&mut obj).unwrap();
        let again = obj.clone();
        inject(Some("500:20%"), None).apply(&mut obj).unwrap();
        assert_eq!(obj, again, "idempotent");
        FaultChange::Clear.apply(&mut obj).unwrap();
        assert_eq!(
            obj,
            vs(),
            "the spec's own 1% delay is back, the annotation gone"
        );
        // Clearing with nothing injected leaves the spec's faults alone.
        FaultChange::Clear.apply(&mut obj).unwrap();
        assert_eq!(obj, vs());
    }

    #[test]
    fn a_fault_someone_changed_after_the_injection_is_kept() {
        let mut obj = vs();
        inject(Some("503:10%"), None).apply(&mut obj).unwrap();
        obj["spec"]["http"][1]["fault"]["abort"]["httpStatus"] = json!(429);
        FaultChange::Clear.apply(&mut obj).unwrap();
        assert_eq!(
            obj["spec"]["http"][1]["fault"]["abort"]["httpStatus"],
            json!(429)
        );
        assert!(obj["spec"]["http"][0]["fault"].get("abort").is_none());
    }

    #[test]
    fn whole_numbers_written_back_by_the_server_are_still_meshctls() {
        let mut obj = vs();
        inject(Some("503:10%"), None).apply(&mut obj).unwrap();
        obj["spec"]["http"][1]["fault"]["abort"]["percentage"]["value"] = json!(10);
        assert_eq!(
            fault_view(&obj)["http"][1]["faults"]["abort"]["by"],
            json!("meshctl")
        );
        FaultChange::Clear.apply(&mut obj).unwrap();
        assert_eq!(obj, vs());
    }

    #[test]
    fn the_view_tells_injected_faults_from_the_specs_own() {
        let mut obj = vs();
        inject(Some("503:10%"), None).apply(&mut obj).unwrap();
        let view = fault_view(&obj);
        assert_eq!(view["http"][0]["faults"]["delay"]["by"], json!("spec"));
        assert_eq!(view["http"][0]["faults"]["abort"]["by"], json!("meshctl"));
        assert_eq!(view["http"][1]["route"], json!(1));
    }

    #[test]
    fn an_abort_of_every_request_is_recognised() {
        assert_eq!(inject(Some("503"), None).fails_all_traffic(), Some(503));
        assert_eq!(inject(Some("503:50%"), None).fails_all_traffic(), None);
        assert_eq!(inject(None, Some("1s")).fails_all_traffic(), None);
    }
}
