//! Istio's semantic rules: what istiod's validating webhook (and `istioctl validate`)
//! refuses although the CRD schema allows it — ports out of range, short host names
//! on a Gateway, a `*` with other `exportTo` entries, regexes RE2 cannot compile,
//! retries with 0 attempts, route sections without a destination, and so on.
//!
//! A real Istio is the API server's schema *plus* this webhook, so
//! [`crate::schema::Catalog::validate`] runs these rules after the schema layer, for
//! objects the schema accepts (the server never sends the webhook anything else).
//! Every caller — `validate`, `render`, `apply`, `diff` and the writing commands —
//! gets both through that one entry point.
//!
//! The rules are read from Istio's `pkg/config/validation` (and `pkg/config/labels`,
//! `pkg/config/host`, `pkg/config/protocol`); `docs/validation-rules.md` lists each one
//! with its source, and the ones meshctl does not check. Only the webhook's errors are
//! reported: its warnings do not stop a write.
//!
//! One file per kind, plus the rules they share: names and hosts (`names`), and the
//! values of fields (`values`: ports, headers, regexes, durations, `exportTo`).

mod destinationrule;
mod gateway;
pub(crate) mod names;
mod serviceentry;
#[cfg(test)]
mod tests;
pub(crate) mod values;
mod virtualservice;

use crate::schema::Violation;
use serde_json::{Map, Value};

/// The API group whose kinds these rules judge.
const NETWORKING: &str = "networking.istio.io";

/// Istio's semantic findings for one object (assumed valid against its schema); empty
/// when the webhook would admit it, or when the kind is not one meshctl judges.
pub fn validate(object: &Value) -> Vec<Violation> {
    let Some((group, _)) = object
        .get("apiVersion")
        .and_then(Value::as_str)
        .and_then(|v| v.split_once('/'))
    else {
        return Vec::new();
    };
    if group != NETWORKING {
        return Vec::new();
    }
    let kind = object
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut out = Out::default();
    let spec = object.get("spec").unwrap_or(&Value::Null);
    let meta = Meta::of(object);
    let check: fn(&Meta, &Value, &mut Out) = match kind {
        "VirtualService" => virtualservice::check,
        "DestinationRule" => destinationrule::check,
        "Gateway" => gateway::check,
        "ServiceEntry" => serviceentry::check,
        _ => return Vec::new(),
    };
    annotations(object, &mut out);
    check(&meta, spec, &mut out);
    out.list
}

/// What the rules need of an object's metadata.
pub(crate) struct Meta<'a> {
    pub name: &'a str,
    pub generate_name: &'a str,
    /// Empty when the object names none (`exportTo: [".", NS]` then cannot be compared).
    pub namespace: &'a str,
}

impl<'a> Meta<'a> {
    fn of(object: &'a Value) -> Self {
        let text = |p: &str| object.pointer(p).and_then(Value::as_str).unwrap_or("");
        Meta {
            name: text("/metadata/name"),
            generate_name: text("/metadata/generateName"),
            namespace: text("/metadata/namespace"),
        }
    }
}

/// Annotations the webhook refuses on networking kinds.
fn annotations(object: &Value, out: &mut Out) {
    let Some(annotations) = object
        .pointer("/metadata/annotations")
        .and_then(Value::as_object)
    else {
        return;
    };
    if annotations.contains_key("istio.io/dry-run") {
        out.push(
            "metadata.annotations[istio.io/dry-run]",
            "only AuthorizationPolicy supports the annotation `istio.io/dry-run`; remove it",
        );
    }
    if annotations.contains_key("internal.istio.io/webhook-always-reject") {
        out.push(
            "metadata.annotations[internal.istio.io/webhook-always-reject]",
            "the annotation `internal.istio.io/webhook-always-reject` makes Istio reject the object",
        );
    }
}

/// The findings of one object, in the order the rules meet them.
#[derive(Default)]
pub(crate) struct Out {
    list: Vec<Violation>,
}

impl Out {
    pub fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.list.push(Violation {
            path: path.into(),
            message: message.into(),
        });
    }

    /// How many findings so far (to tell whether a check added any).
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Pushes `result`'s message, if it is one, at the path `path` makes: paths are
    /// only written out for findings, as most fields pass.
    pub fn check<P: Into<String>>(&mut self, path: impl FnOnce() -> P, result: Result<(), String>) {
        if let Err(message) = result {
            self.push(path(), message);
        }
    }
}

// ---- reading JSON the schema has already vetted ----

pub(crate) fn field<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.get(key).filter(|x| !x.is_null())
}

pub(crate) fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

pub(crate) fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

pub(crate) fn map<'a>(v: &'a Value, key: &str) -> Option<&'a Map<String, Value>> {
    v.get(key).and_then(Value::as_object)
}

/// An integer field; the API server reads `100.0` and `1E1` as integers too.
pub(crate) fn int(v: &Value, key: &str) -> Option<i64> {
    v.get(key).and_then(as_int)
}

pub(crate) fn as_int(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| {
        v.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
            .map(|f| f as i64)
    })
}

pub(crate) fn number(v: &Value, key: &str) -> Option<f64> {
    v.get(key).and_then(Value::as_f64)
}

pub(crate) fn truthy(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool) == Some(true)
}

/// Whether a message field is set (present, not null): protobuf's "not nil".
pub(crate) fn has(v: &Value, key: &str) -> bool {
    field(v, key).is_some()
}

/// Whether a repeated field holds anything (an empty list reads as unset in protobuf).
pub(crate) fn has_items(v: &Value, key: &str) -> bool {
    !list(v, key).is_empty()
}

/// `{path}.{key}`.
pub(crate) fn at(path: &str, key: &str) -> String {
    format!("{path}.{key}")
}

/// `{path}[{i}]`.
pub(crate) fn item(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}
