//! An HTTPRoute rule's (or backend's) `filters` → what the local translation already
//! does for a VirtualService: header edits, mirrors, redirects and rewrites. Each is
//! turned into the VirtualService's form and handed to the same code, so the two APIs
//! translate alike; a filter with no equivalent is named in a warning.

use super::super::route::{header_edits, redirect_action};
use super::super::{Warnings, fraction};
use serde_json::{Map, Value, json};

/// What a rule's filters add to its Envoy route.
#[derive(Debug, Default)]
pub(super) struct RuleFilters {
    /// Route-level `request_headers_to_add`, … (merged into the route).
    pub headers: Map<String, Value>,
    /// A redirect replaces forwarding.
    pub redirect: Option<Value>,
    /// `(backendRef, percent)` of each RequestMirror.
    pub mirrors: Vec<(Value, f64, String)>,
    /// `prefix_rewrite`, `regex_rewrite`, `host_rewrite_literal` for the route action.
    pub rewrite: Map<String, Value>,
}

pub(super) fn rule_filters(filters: &[Value], path: &str, w: &mut Warnings<'_>) -> RuleFilters {
    let mut out = RuleFilters::default();
    let mut edits = Map::new();
    for (i, f) in filters.iter().enumerate() {
        let field = format!("{path}.filters[{i}]");
        match f.get("type").and_then(Value::as_str).unwrap_or_default() {
            "RequestHeaderModifier" | "ResponseHeaderModifier" => {
                header_filter(f, &field, &mut edits, w);
            }
            "RequestMirror" => {
                let m = f.get("requestMirror").cloned().unwrap_or(Value::Null);
                w.unknown_keys(
                    &m,
                    &format!("{field}.requestMirror"),
                    &["backendRef", "percent", "fraction"],
                );
                let percent = match (m.get("percent"), m.get("fraction")) {
                    (Some(p), _) => p.as_f64().unwrap_or(100.0),
                    (None, Some(fr)) => {
                        let num = fr.get("numerator").and_then(Value::as_f64).unwrap_or(0.0);
                        let den = fr
                            .get("denominator")
                            .and_then(Value::as_f64)
                            .unwrap_or(100.0);
                        if den > 0.0 { num / den * 100.0 } else { 0.0 }
                    }
                    (None, None) => 100.0,
                };
                out.mirrors.push((
                    m.get("backendRef").cloned().unwrap_or(Value::Null),
                    percent,
                    format!("{field}.requestMirror.backendRef"),
                ));
            }
            "RequestRedirect" => {
                out.redirect = Some(redirect(f, &field, w));
            }
            "URLRewrite" => rewrite(f, &field, &mut out.rewrite, w),
            other => w.push(
                format!("{field}.type"),
                format!("`{other}` filters are not supported by the local mesh; ignored"),
            ),
        }
    }
    out.headers = edits;
    out
}

/// A backend's own filters: only header edits (the weighted cluster's, as for a
/// VirtualService destination's `headers`).
pub(super) fn backend_filters(
    filters: &[Value],
    path: &str,
    w: &mut Warnings<'_>,
) -> Map<String, Value> {
    let mut edits = Map::new();
    for (i, f) in filters.iter().enumerate() {
        let field = format!("{path}.filters[{i}]");
        match f.get("type").and_then(Value::as_str).unwrap_or_default() {
            "RequestHeaderModifier" | "ResponseHeaderModifier" => {
                header_filter(f, &field, &mut edits, w);
            }
            other => w.push(
                format!("{field}.type"),
                format!(
                    "`{other}` filters on a backend are not supported by the local mesh; ignored"
                ),
            ),
        }
    }
    edits
}

/// `{set: [{name, value}], add: […], remove: [names]}` on one side → Istio's
/// `headers.request`/`headers.response` form, translated by the VirtualService code.
fn header_filter(f: &Value, field: &str, edits: &mut Map<String, Value>, w: &mut Warnings<'_>) {
    let (side, key) = match f.get("type").and_then(Value::as_str) {
        Some("RequestHeaderModifier") => ("request", "requestHeaderModifier"),
        _ => ("response", "responseHeaderModifier"),
    };
    let m = f.get(key).cloned().unwrap_or(Value::Null);
    w.unknown_keys(&m, &format!("{field}.{key}"), &["set", "add", "remove"]);
    let mut ops = Map::new();
    for op in ["set", "add"] {
        let pairs: Map<String, Value> = m
            .get(op)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|h| {
                Some((
                    h.get("name")?.as_str()?.to_string(),
                    h.get("value").cloned().unwrap_or(json!("")),
                ))
            })
            .collect();
        if !pairs.is_empty() {
            ops.insert(op.into(), Value::Object(pairs));
        }
    }
    if let Some(remove) = m.get("remove") {
        ops.insert("remove".into(), remove.clone());
    }
    // Two modifiers of one side would overwrite each other's Envoy lists: merge first.
    let mut istio = Map::new();
    istio.insert(side.into(), Value::Object(ops));
    let mut one = Map::new();
    header_edits(&Value::Object(istio), field, &mut one, w);
    for (k, v) in one {
        match (edits.get_mut(&k), v) {
            (Some(Value::Array(list)), Value::Array(more)) => list.extend(more),
            (_, v) => {
                edits.insert(k, v);
            }
        }
    }
}

/// RequestRedirect → Envoy's redirect, through the VirtualService's `redirect` form;
/// `ReplacePrefixMatch` (which Istio's redirect has not) becomes Envoy's `prefix_rewrite`.
fn redirect(f: &Value, field: &str, w: &mut Warnings<'_>) -> Value {
    let r = f.get("requestRedirect").cloned().unwrap_or(Value::Null);
    let path = format!("{field}.requestRedirect");
    w.unknown_keys(
        &r,
        &path,
        &["scheme", "hostname", "path", "port", "statusCode"],
    );
    let mut istio = Map::new();
    for (from, to) in [
        ("scheme", "scheme"),
        ("hostname", "authority"),
        ("port", "port"),
        ("statusCode", "redirectCode"),
    ] {
        if let Some(v) = r.get(from) {
            istio.insert(to.into(), v.clone());
        }
    }
    let mut prefix = None;
    match r.pointer("/path/type").and_then(Value::as_str) {
        Some("ReplaceFullPath") => {
            istio.insert("uri".into(), r["path"]["replaceFullPath"].clone());
        }
        Some("ReplacePrefixMatch") => {
            prefix = r.pointer("/path/replacePrefixMatch").cloned();
        }
        _ => {}
    }
    let mut out = redirect_action(&Value::Object(istio), field, w);
    if let Some(p) = prefix {
        out["prefix_rewrite"] = p;
    }
    out
}

/// URLRewrite → the route action's rewrites, as a VirtualService's `rewrite`.
fn rewrite(f: &Value, field: &str, out: &mut Map<String, Value>, w: &mut Warnings<'_>) {
    let r = f.get("urlRewrite").cloned().unwrap_or(Value::Null);
    w.unknown_keys(&r, &format!("{field}.urlRewrite"), &["hostname", "path"]);
    if let Some(host) = r.get("hostname") {
        out.insert("host_rewrite_literal".into(), host.clone());
    }
    match r.pointer("/path/type").and_then(Value::as_str) {
        Some("ReplacePrefixMatch") => {
            out.insert(
                "prefix_rewrite".into(),
                r["path"]["replacePrefixMatch"].clone(),
            );
        }
        Some("ReplaceFullPath") => {
            out.insert(
                "regex_rewrite".into(),
                json!({"pattern": {"regex": "^/.*$"}, "substitution": r["path"]["replaceFullPath"]}),
            );
        }
        _ => {}
    }
}

/// A mirror's Envoy policy for `cluster` at `percent`.
pub(super) fn mirror_policy(cluster: &str, percent: f64) -> Value {
    json!({
        "cluster": cluster,
        "runtime_fraction": {"default_value": fraction(Some(&json!({"value": percent})), None)}
    })
}
