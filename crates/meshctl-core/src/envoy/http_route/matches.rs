//! An HTTPRoute rule's `matches` → Envoy route matches, and the order the Gateway API
//! gives them. Envoy takes the first route that matches, so the routes of one host are
//! sorted by how specific their match is before they are written.

use super::super::Warnings;
use serde_json::{Map, Value, json};
use std::cmp::Ordering;

const MATCH_KEYS: &[&str] = &["path", "headers", "queryParams", "method"];

/// One Envoy route match and what ranks it among the host's others.
#[derive(Debug, Clone)]
pub(super) struct Match {
    pub envoy: Value,
    rank: Rank,
}

/// How specific a match is, compared as Istio compares the routes it generates from
/// HTTPRoutes (`sortHTTPRoutes`), which implements the Gateway API's precedence:
/// 1. the path kind: Exact before PathPrefix before RegularExpression;
/// 2. the longer path value first (the longest prefix wins);
/// 3. a match with a method before one without;
/// 4. more header matches first;
/// 5. more query parameter matches first.
///
/// Ties keep the order the routes are given in: namespace, then name (the caller's
/// order; the Gateway API's first tie-break, the oldest `creationTimestamp`, is not
/// implemented), then rule order, then match order within the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rank {
    path_kind: u8,
    path_len: usize,
    method: bool,
    headers: usize,
    query: usize,
}

impl Match {
    /// Most specific first; equal ranks compare `Equal` so a stable sort keeps order.
    pub fn precedence(&self, other: &Match) -> Ordering {
        let (a, b) = (&self.rank, &other.rank);
        b.path_kind
            .cmp(&a.path_kind)
            .then(b.path_len.cmp(&a.path_len))
            .then(b.method.cmp(&a.method))
            .then(b.headers.cmp(&a.headers))
            .then(b.query.cmp(&a.query))
    }
}

/// The matches of one rule; a rule without any matches every request (`PathPrefix /`,
/// as the API server defaults it).
pub(super) fn rule_matches(rule: &Value, path: &str, w: &mut Warnings<'_>) -> Vec<Match> {
    let list = rule
        .get("matches")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if list.is_empty() {
        return vec![one(&json!({}), &format!("{path}.matches"), w)];
    }
    list.iter()
        .enumerate()
        .map(|(i, m)| one(m, &format!("{path}.matches[{i}]"), w))
        .collect()
}

fn one(m: &Value, path: &str, w: &mut Warnings<'_>) -> Match {
    w.unknown_keys(m, path, MATCH_KEYS);
    let mut out = Map::new();
    let kind = m
        .pointer("/path/type")
        .and_then(Value::as_str)
        .unwrap_or("PathPrefix");
    let value = m
        .pointer("/path/value")
        .and_then(Value::as_str)
        .unwrap_or("/");
    let path_kind = match kind {
        "Exact" => {
            out.insert("path".into(), json!(value));
            3
        }
        "RegularExpression" => {
            out.insert("safe_regex".into(), json!({"regex": value}));
            1
        }
        other => {
            if other != "PathPrefix" {
                w.push(
                    format!("{path}.path.type"),
                    format!("`{other}` is not a path match type; `PathPrefix` is used"),
                );
            }
            // The Gateway API matches a prefix by whole path elements (`/api` takes
            // `/api/x`, not `/apix`): Envoy's path-separated prefix, as Istio uses.
            let prefix = value.trim_end_matches('/');
            if prefix.is_empty() || value.ends_with('/') {
                out.insert("prefix".into(), json!(value));
            } else {
                out.insert("path_separated_prefix".into(), json!(prefix));
            }
            2
        }
    };
    let mut headers = Vec::new();
    let header_list = m
        .get("headers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, h) in header_list.iter().enumerate() {
        if let Some(s) = named_match(h, &format!("{path}.headers[{i}]"), w) {
            headers.push(s);
        }
    }
    let header_count = headers.len();
    let method = m.get("method").and_then(Value::as_str);
    if let Some(method) = method {
        headers.push(json!({"name": ":method", "string_match": {"exact": method}}));
    }
    if !headers.is_empty() {
        out.insert("headers".into(), json!(headers));
    }
    let mut params = Vec::new();
    let param_list = m
        .get("queryParams")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, q) in param_list.iter().enumerate() {
        if let Some(s) = named_match(q, &format!("{path}.queryParams[{i}]"), w) {
            params.push(s);
        }
    }
    let query = params.len();
    if !params.is_empty() {
        out.insert("query_parameters".into(), json!(params));
    }
    Match {
        envoy: Value::Object(out),
        rank: Rank {
            path_kind,
            path_len: value.len(),
            method: method.is_some(),
            headers: header_count,
            query,
        },
    }
}

/// A header or query parameter match (`{type, name, value}`, type `Exact` by default)
/// → Envoy's `{name, string_match}`.
fn named_match(m: &Value, path: &str, w: &mut Warnings<'_>) -> Option<Value> {
    w.unknown_keys(m, path, &["type", "name", "value"]);
    let name = m.get("name").and_then(Value::as_str)?;
    let value = m.get("value").and_then(Value::as_str).unwrap_or_default();
    let string_match = match m.get("type").and_then(Value::as_str).unwrap_or("Exact") {
        "Exact" => json!({"exact": value}),
        "RegularExpression" => json!({"safe_regex": {"regex": value}}),
        other => {
            w.push(
                format!("{path}.type"),
                format!(
                    "`{other}` matches are not supported by the local mesh; the match is ignored"
                ),
            );
            return None;
        }
    };
    Some(json!({"name": name, "string_match": string_match}))
}
