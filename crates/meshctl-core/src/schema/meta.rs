//! Checks of `metadata` the API server applies to every custom resource: name and
//! namespace syntax, label and annotation syntax, and (with strict field validation)
//! no unknown fields. The CRD schemas do not describe `metadata`; Kubernetes does.

use super::Violation;
use regex::Regex;
use serde_json::{Map, Value};
use std::sync::OnceLock;

const SUBDOMAIN: &str = "must be a lowercase RFC 1123 subdomain: at most 253 lowercase letters, digits, `-` or `.`, starting and ending with a letter or digit";
const LABEL: &str = "must be a lowercase RFC 1123 label: at most 63 lowercase letters, digits or `-`, starting and ending with a letter or digit";
const QUALIFIED: &str = "must be a qualified name: an optional DNS subdomain prefix and `/`, then at most 63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit";
const LABEL_VALUE: &str = "must be empty or at most 63 letters, digits, `-`, `_` or `.`, starting and ending with a letter or digit";
/// The API server's limit on the total size of annotations.
const ANNOTATIONS_MAX: usize = 256 * 1024;

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("metadata regex"))
}

pub fn is_dns_subdomain(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    s.len() <= 253
        && re(
            &RE,
            r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
        )
        .is_match(s)
}

pub fn is_dns_label(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    s.len() <= 63 && re(&RE, r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$").is_match(s)
}

fn is_name_part(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    !s.is_empty()
        && s.len() <= 63
        && re(&RE, r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$").is_match(s)
}

/// A label or annotation key: `[prefix/]name`.
pub fn is_qualified_name(s: &str) -> bool {
    match s.split_once('/') {
        Some((prefix, name)) => {
            !prefix.is_empty() && is_dns_subdomain(prefix) && is_name_part(name)
        }
        None => is_name_part(s),
    }
}

pub fn is_label_value(s: &str) -> bool {
    s.is_empty() || is_name_part(s)
}

/// Validates `metadata` (which may be absent) of a namespaced or cluster-wide object.
///
/// Two passes, as in the API server: first the types Kubernetes' `ObjectMeta` decodes
/// (a number where a string belongs, an unknown field, a timestamp that does not parse
/// reject the object outright), then the checks of `ValidateObjectMeta`.
pub fn validate(metadata: Option<&Value>, out: &mut Vec<Violation>) {
    let mut report = |path: String, message: &str| {
        out.push(Violation {
            path,
            message: message.to_string(),
        })
    };
    let empty = Map::new();
    let meta = match metadata {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(m)) => m,
        Some(_) => {
            report("metadata".into(), "must be of type object");
            return;
        }
    };
    let mut types_ok = true;
    for (key, value) in meta {
        let path = format!("metadata.{key}");
        let problem = match key.as_str() {
            "name" | "generateName" | "namespace" | "selfLink" | "uid" | "resourceVersion" => {
                decode_string(value)
            }
            "generation" | "deletionGracePeriodSeconds" => decode_int64(value),
            "creationTimestamp" | "deletionTimestamp" => decode_time(value),
            "labels" | "annotations" => decode_string_map(value, &path, &mut report),
            "finalizers" => decode_list(value, &path, &mut report, |v, _, _| decode_string(v)),
            "ownerReferences" => decode_list(value, &path, &mut report, |v, p, r| {
                decode_struct(v, p, r, OWNER_REFERENCE_FIELDS)
            }),
            "managedFields" => decode_list(value, &path, &mut report, |v, p, r| {
                decode_struct(v, p, r, MANAGED_FIELDS_FIELDS)
            }),
            _ => Some("unknown field".to_string()),
        };
        if let Some(problem) = problem {
            types_ok = false;
            if !problem.is_empty() {
                report(path, &problem);
            }
        }
    }
    if !types_ok {
        // The API server stops at the first decoding error; so does this.
        return;
    }
    let string_field = |key: &str| meta.get(key).and_then(Value::as_str).unwrap_or_default();
    let generate_name = string_field("generateName");
    if string_field("name").is_empty() {
        if generate_name.is_empty() {
            report("metadata.name".into(), "required value (or `generateName`)");
        }
    } else if !is_dns_subdomain(string_field("name")) {
        report("metadata.name".into(), SUBDOMAIN);
    }
    // A prefix: the random suffix the server appends may follow a trailing `-`.
    if !generate_name.is_empty() {
        let masked = match generate_name.strip_suffix('-') {
            Some(rest) => format!("{rest}a"),
            None => generate_name.to_string(),
        };
        if !is_dns_subdomain(&masked) {
            report("metadata.generateName".into(), SUBDOMAIN);
        }
    }
    let ns = string_field("namespace");
    if !ns.is_empty() && !is_dns_label(ns) {
        report("metadata.namespace".into(), LABEL);
    }
    for (field, is_label) in [("labels", true), ("annotations", false)] {
        let Some(Value::Object(map)) = meta.get(field) else {
            continue;
        };
        let mut size = 0;
        for (key, value) in map {
            let path = format!("metadata.{field}[{key}]");
            // Annotation keys are checked in lower case, label keys as written.
            let key_ok = if is_label {
                is_qualified_name(key)
            } else {
                is_qualified_name(&key.to_lowercase())
            };
            if !key_ok {
                report(path.clone(), &format!("key {QUALIFIED}"));
            }
            // `null` decodes as the empty string.
            let value = value.as_str().unwrap_or_default();
            size += key.len() + value.len();
            if is_label && !is_label_value(value) {
                report(path, LABEL_VALUE);
            }
        }
        if !is_label && size > ANNOTATIONS_MAX {
            report(
                "metadata.annotations".into(),
                "must have at most 262144 bytes in total",
            );
        }
    }
    let list = |key: &str| {
        meta.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let finalizers = list("finalizers");
    for (i, f) in finalizers.iter().enumerate() {
        if !is_qualified_name(f.as_str().unwrap_or_default()) {
            report(format!("metadata.finalizers[{i}]"), QUALIFIED);
        }
    }
    let has = |name: &str| finalizers.iter().any(|f| f.as_str() == Some(name));
    if has("orphan") && has("foregroundDeletion") {
        report(
            "metadata.finalizers".into(),
            "`orphan` and `foregroundDeletion` cannot both be set",
        );
    }
    let mut controller: Option<String> = None;
    for (i, owner) in list("ownerReferences").iter().enumerate() {
        let text = |k: &str| owner.get(k).and_then(Value::as_str).unwrap_or_default();
        let path = |k: &str| format!("metadata.ownerReferences[{i}].{k}");
        let api_version = text("apiVersion");
        let version = match api_version.split('/').collect::<Vec<_>>()[..] {
            [v] | [_, v] => v,
            _ => "",
        };
        if version.is_empty() {
            report(
                path("apiVersion"),
                "required value: a version (`group/version` or `v1`)",
            );
        }
        for key in ["kind", "name", "uid"] {
            if text(key).is_empty() {
                report(path(key), "required value");
            }
        }
        if api_version == "v1" && text("kind") == "Event" {
            report(
                format!("metadata.ownerReferences[{i}]"),
                "an Event cannot be an owner",
            );
        }
        if owner.get("controller") == Some(&Value::Bool(true)) {
            let this = format!("{}/{}", text("kind"), text("name"));
            match &controller {
                Some(first) => report(
                    "metadata.ownerReferences".into(),
                    &format!(
                        "only one reference can be the controller; found `{first}` and `{this}`"
                    ),
                ),
                None => controller = Some(this),
            }
        }
    }
}

/// The fields of an `OwnerReference` and whether each is a string (else a boolean).
const OWNER_REFERENCE_FIELDS: &[(&str, FieldType)] = &[
    ("apiVersion", FieldType::String),
    ("kind", FieldType::String),
    ("name", FieldType::String),
    ("uid", FieldType::String),
    ("controller", FieldType::Bool),
    ("blockOwnerDeletion", FieldType::Bool),
];

/// The fields of a `ManagedFieldsEntry`.
const MANAGED_FIELDS_FIELDS: &[(&str, FieldType)] = &[
    ("manager", FieldType::String),
    ("operation", FieldType::String),
    ("apiVersion", FieldType::String),
    ("time", FieldType::Time),
    ("fieldsType", FieldType::String),
    ("fieldsV1", FieldType::Any),
    ("subresource", FieldType::String),
];

#[derive(Clone, Copy)]
enum FieldType {
    String,
    Bool,
    Time,
    Any,
}

/// `None` when `value` decodes as a Go string (`null` does, as "").
fn decode_string(value: &Value) -> Option<String> {
    (!matches!(value, Value::String(_) | Value::Null)).then(|| "must be of type string".into())
}

/// `None` when `value` decodes as a Go `int64`. Numbers reach Go's decoder through
/// the API server's unstructured form, where `1.0` and `1e2` are whole numbers.
fn decode_int64(value: &Value) -> Option<String> {
    let ok = match value {
        Value::Null => true,
        Value::Number(n) => {
            n.is_i64()
                || n.as_f64().is_some_and(|f| {
                    !n.is_u64() && f.fract() == 0.0 && f.abs() < 9.223_372_036_854_775e18
                })
        }
        _ => false,
    };
    (!ok).then(|| "must be a whole number (int64)".into())
}

/// `None` when `value` decodes as a `metav1.Time`: `null` or an RFC 3339 string.
fn decode_time(value: &Value) -> Option<String> {
    let ok = match value {
        Value::Null => true,
        Value::String(s) => is_rfc3339(s),
        _ => false,
    };
    (!ok).then(|| "must be an RFC 3339 time such as `2026-01-02T15:04:05Z`".into())
}

/// Go's `time.Parse(time.RFC3339, s)`: `T` between date and time, optional fraction,
/// `Z` or an offset, and every field in range.
fn is_rfc3339(s: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    let Some(c) = re(
        &RE,
        r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$",
    )
    .captures(s) else {
        return false;
    };
    let n = |i: usize| -> u32 { c.get(i).map_or(0, |m| m.as_str().parse().unwrap_or(99)) };
    let (year, month, day) = (n(1), n(2), n(3));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day) && n(4) < 24 && n(5) < 60 && n(6) < 60 && n(9) < 24 && n(10) < 60
}

fn decode_string_map(
    value: &Value,
    path: &str,
    report: &mut impl FnMut(String, &str),
) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Object(map) => {
            let mut bad = false;
            for (k, v) in map {
                if let Some(problem) = decode_string(v) {
                    report(format!("{path}[{k}]"), &problem);
                    bad = true;
                }
            }
            bad.then(String::new)
        }
        _ => Some("must be of type object".into()),
    }
}

fn decode_list(
    value: &Value,
    path: &str,
    report: &mut impl FnMut(String, &str),
    item: impl Fn(&Value, &str, &mut dyn FnMut(String, &str)) -> Option<String>,
) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Array(items) => {
            let mut bad = false;
            for (i, v) in items.iter().enumerate() {
                let item_path = format!("{path}[{i}]");
                if let Some(problem) = item(v, &item_path, report) {
                    if !problem.is_empty() {
                        report(item_path, &problem);
                    }
                    bad = true;
                }
            }
            bad.then(String::new)
        }
        _ => Some("must be of type array".into()),
    }
}

fn decode_struct(
    value: &Value,
    path: &str,
    report: &mut dyn FnMut(String, &str),
    fields: &[(&str, FieldType)],
) -> Option<String> {
    let map = match value {
        Value::Null => return None,
        Value::Object(map) => map,
        _ => return Some("must be of type object".into()),
    };
    let mut bad = false;
    for (k, v) in map {
        let problem = match fields.iter().find(|(name, _)| name == k) {
            None => Some("unknown field".to_string()),
            Some((_, FieldType::String)) => decode_string(v),
            Some((_, FieldType::Bool)) => (!matches!(v, Value::Bool(_) | Value::Null))
                .then(|| "must be of type boolean".to_string()),
            Some((_, FieldType::Time)) => decode_time(v),
            Some((_, FieldType::Any)) => None,
        };
        if let Some(problem) = problem {
            report(format!("{path}.{k}"), &problem);
            bad = true;
        }
    }
    bad.then(String::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_keys() {
        assert!(is_dns_subdomain("reviews.v1"));
        assert!(!is_dns_subdomain("Reviews"));
        assert!(!is_dns_subdomain("-a"));
        assert!(is_dns_label("istio-system"));
        assert!(!is_dns_label("a.b"));
        assert!(is_qualified_name("app.kubernetes.io/name"));
        assert!(is_qualified_name("version"));
        assert!(!is_qualified_name("/x"));
        assert!(!is_qualified_name("a b"));
        assert!(is_label_value(""));
        assert!(!is_label_value("-x"));
    }

    fn problems(meta: Value) -> Vec<String> {
        let mut out = Vec::new();
        validate(Some(&meta), &mut out);
        out.into_iter().map(|v| v.to_string()).collect()
    }

    // Each case below is one the differential test found the API server judging
    // differently from meshctl.

    #[test]
    fn null_label_and_annotation_values_decode_as_empty_strings() {
        let meta = serde_json::json!({"name": "a", "labels": {"app": null}, "annotations": {"note": null}});
        assert_eq!(problems(meta), Vec::<String>::new());
        let meta = serde_json::json!({"name": "a", "labels": {"app": 5}});
        assert_eq!(
            problems(meta),
            ["metadata.labels[app]: must be of type string"]
        );
    }

    #[test]
    fn annotation_keys_are_checked_in_lower_case() {
        let meta = serde_json::json!({"name": "a", "annotations": {"Example.com/a": "x"}});
        assert_eq!(problems(meta), Vec::<String>::new());
        let meta = serde_json::json!({"name": "a", "labels": {"Example.com/a": "x"}});
        assert_eq!(problems(meta).len(), 1);
    }

    #[test]
    fn generate_name_is_a_subdomain_prefix() {
        let ok = serde_json::json!({"generateName": "gen-"});
        assert_eq!(problems(ok), Vec::<String>::new());
        for bad in ["Gen-", "a_b-", "a."] {
            let meta = serde_json::json!({"generateName": bad});
            assert_eq!(problems(meta).len(), 1, "{bad}");
        }
        let empty = serde_json::json!({"generateName": ""});
        assert_eq!(
            problems(empty),
            ["metadata.name: required value (or `generateName`)"]
        );
    }

    #[test]
    fn fields_have_the_types_object_meta_decodes() {
        for (field, value) in [
            ("generation", serde_json::json!(1.5)),
            ("deletionGracePeriodSeconds", serde_json::json!("5")),
            ("creationTimestamp", serde_json::json!("yesterday")),
            ("creationTimestamp", serde_json::json!("2026-01-02")),
            ("uid", serde_json::json!(5)),
            ("finalizers", serde_json::json!("a")),
            ("managedFields", serde_json::json!([{"manager": 5}])),
            ("managedFields", serde_json::json!([{"unknown": true}])),
            ("ownerReferences", serde_json::json!([{"uid": 5}])),
        ] {
            let meta = serde_json::json!({"name": "a", field: value});
            assert_eq!(problems(meta).len(), 1, "{field}: {value}");
        }
        for (field, value) in [
            ("generation", serde_json::json!(1.0)),
            (
                "creationTimestamp",
                serde_json::json!("2026-01-02T15:04:05.5+01:00"),
            ),
            ("creationTimestamp", serde_json::json!(null)),
            (
                "managedFields",
                serde_json::json!([{"manager": "m", "operation": "Bogus", "fieldsV1": {}}]),
            ),
        ] {
            let meta = serde_json::json!({"name": "a", field: value});
            assert_eq!(problems(meta), Vec::<String>::new(), "{field}: {value}");
        }
    }

    #[test]
    fn finalizers_and_owner_references_are_validated() {
        let meta = serde_json::json!({"name": "a", "finalizers": ["a b", "A/b", "example.com/ok", "orphan", "foregroundDeletion"]});
        assert_eq!(problems(meta).len(), 3);
        let owner = |uid: &str, controller: bool| serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap", "name": "x", "uid": uid, "controller": controller});
        let meta = serde_json::json!({"name": "a", "ownerReferences": [owner("1", true), owner("2", false)]});
        assert_eq!(problems(meta), Vec::<String>::new());
        let meta = serde_json::json!({"name": "a", "ownerReferences": [owner("1", true), owner("2", true)]});
        assert_eq!(problems(meta).len(), 1);
        let meta = serde_json::json!({"name": "a", "ownerReferences": [{"name": "x"}]});
        assert_eq!(
            problems(meta),
            [
                "metadata.ownerReferences[0].apiVersion: required value: a version (`group/version` or `v1`)",
                "metadata.ownerReferences[0].kind: required value",
                "metadata.ownerReferences[0].uid: required value",
            ]
        );
    }
}
