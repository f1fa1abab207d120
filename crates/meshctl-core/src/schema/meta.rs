//! Checks of `metadata` the API server applies to every custom resource: name and
//! namespace syntax, label and annotation syntax, and (with strict field validation)
//! no unknown fields. The CRD schemas do not describe `metadata`; Kubernetes does.

use super::Violation;
use regex::Regex;
use serde_json::{Map, Value};
use std::sync::OnceLock;

const KNOWN_FIELDS: &[&str] = &[
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
];

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
    let string_field = |key: &str| meta.get(key).and_then(Value::as_str);
    match (meta.get("name"), string_field("generateName")) {
        (None | Some(Value::Null), None) => {
            report("metadata.name".into(), "required value (or `generateName`)");
        }
        (Some(Value::String(name)), _) => {
            if !is_dns_subdomain(name) {
                report("metadata.name".into(), SUBDOMAIN);
            }
        }
        (Some(Value::Null) | None, Some(_)) => {}
        (Some(_), _) => report("metadata.name".into(), "must be of type string"),
    }
    for key in [
        "generateName",
        "namespace",
        "uid",
        "resourceVersion",
        "selfLink",
    ] {
        if let Some(v) = meta.get(key)
            && !v.is_string()
            && !v.is_null()
        {
            report(format!("metadata.{key}"), "must be of type string");
        }
    }
    if let Some(ns) = string_field("namespace")
        && !ns.is_empty()
        && !is_dns_label(ns)
    {
        report("metadata.namespace".into(), LABEL);
    }
    for (field, is_label) in [("labels", true), ("annotations", false)] {
        match meta.get(field) {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                let mut size = 0;
                for (key, value) in map {
                    let path = format!("metadata.{field}[{key}]");
                    if !is_qualified_name(key) {
                        report(path.clone(), &format!("key {QUALIFIED}"));
                    }
                    match value {
                        Value::String(v) => {
                            size += key.len() + v.len();
                            if is_label && !is_label_value(v) {
                                report(path, LABEL_VALUE);
                            }
                        }
                        _ => report(path, "must be of type string"),
                    }
                }
                if !is_label && size > ANNOTATIONS_MAX {
                    report(
                        "metadata.annotations".into(),
                        "must have at most 262144 bytes in total",
                    );
                }
            }
            Some(_) => report(format!("metadata.{field}"), "must be of type object"),
        }
    }
    for key in ["finalizers", "ownerReferences", "managedFields"] {
        if let Some(v) = meta.get(key)
            && !v.is_array()
            && !v.is_null()
        {
            report(format!("metadata.{key}"), "must be of type array");
        }
    }
    for key in meta.keys() {
        if !KNOWN_FIELDS.contains(&key.as_str()) {
            report(format!("metadata.{key}"), "unknown field");
        }
    }
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
}
