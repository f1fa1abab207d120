//! Label and field selectors with the real grammar (`=`, `==`, `!=`, `in`, `notin`,
//! existence, `!key`), so list and watch filtering behaves as on a cluster.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
enum Req {
    Eq(String, String),
    NotEq(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    NotExists(String),
}

/// A parsed label selector; the empty selector matches everything.
#[derive(Debug, Clone, Default)]
pub struct LabelSelector {
    reqs: Vec<Req>,
}

/// Splits on commas that are not inside `( … )`.
fn split_top(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' => {
                depth += 1;
                cur.push(c)
            }
            ')' => {
                depth -= 1;
                cur.push(c)
            }
            ',' if depth == 0 => parts.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    parts.push(cur);
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn parse_set(s: &str) -> Option<Vec<String>> {
    let inner = s.trim().strip_prefix('(')?.strip_suffix(')')?;
    Some(
        inner
            .split(',')
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect(),
    )
}

impl LabelSelector {
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut reqs = Vec::new();
        for part in split_top(s) {
            let words: Vec<&str> = part.split_whitespace().collect();
            let req = if let Some((k, v)) = part.split_once("!=") {
                Req::NotEq(k.trim().into(), v.trim().into())
            } else if let Some((k, v)) = part.split_once("==") {
                Req::Eq(k.trim().into(), v.trim().into())
            } else if let Some((k, v)) = part.split_once('=') {
                Req::Eq(k.trim().into(), v.trim().into())
            } else if words.len() >= 2 && words[1] == "in" {
                let set = parse_set(part.split_once(" in ").map(|x| x.1).unwrap_or(""))
                    .ok_or_else(|| format!("unable to parse requirement: {part}"))?;
                Req::In(words[0].into(), set)
            } else if words.len() >= 2 && words[1] == "notin" {
                let set = parse_set(part.split_once(" notin ").map(|x| x.1).unwrap_or(""))
                    .ok_or_else(|| format!("unable to parse requirement: {part}"))?;
                Req::NotIn(words[0].into(), set)
            } else if words.len() == 1 {
                match part.strip_prefix('!') {
                    Some(k) => Req::NotExists(k.trim().into()),
                    None => Req::Exists(part.clone()),
                }
            } else {
                return Err(format!(
                    "unable to parse requirement: found '{}', expected: in, notin, =, ==, !=, gt, lt",
                    words.get(1).unwrap_or(&"")
                ));
            };
            reqs.push(req);
        }
        Ok(LabelSelector { reqs })
    }

    pub fn matches(&self, obj: &Value) -> bool {
        let labels = obj.pointer("/metadata/labels");
        let get = |k: &str| labels.and_then(|l| l.get(k)).and_then(Value::as_str);
        self.reqs.iter().all(|r| match r {
            Req::Eq(k, v) => get(k) == Some(v.as_str()),
            Req::NotEq(k, v) => get(k) != Some(v.as_str()),
            Req::In(k, set) => get(k).is_some_and(|x| set.iter().any(|s| s == x)),
            Req::NotIn(k, set) => get(k).is_none_or(|x| !set.iter().any(|s| s == x)),
            Req::Exists(k) => get(k).is_some(),
            Req::NotExists(k) => get(k).is_none(),
        })
    }
}

/// A parsed field selector: `metadata.name`, `metadata.namespace` for every kind, plus the
/// few extra fields the real server indexes for pods and events.
#[derive(Debug, Clone, Default)]
pub struct FieldSelector {
    reqs: Vec<(Vec<String>, bool, String)>,
}

impl FieldSelector {
    pub fn parse(s: &str, plural: &str) -> Result<Self, String> {
        let mut reqs = Vec::new();
        for part in split_top(s) {
            let (field, negate, value) = if let Some((k, v)) = part.split_once("!=") {
                (k, true, v)
            } else if let Some((k, v)) = part.split_once("==") {
                (k, false, v)
            } else if let Some((k, v)) = part.split_once('=') {
                (k, false, v)
            } else {
                return Err(format!(
                    "invalid selector: '{part}'; can't understand '{part}'"
                ));
            };
            let field = field.trim();
            let supported = matches!(field, "metadata.name" | "metadata.namespace")
                || (plural == "pods" && matches!(field, "status.phase" | "spec.nodeName"))
                || (plural == "events"
                    && (field.starts_with("involvedObject.")
                        || matches!(field, "reason" | "type" | "source" | "reportingComponent")));
            if !supported {
                return Err(format!("field label not supported: {field}"));
            }
            reqs.push((
                field.split('.').map(String::from).collect(),
                negate,
                value.trim().to_string(),
            ));
        }
        Ok(FieldSelector { reqs })
    }

    pub fn matches(&self, obj: &Value) -> bool {
        self.reqs.iter().all(|(path, negate, value)| {
            let mut node = Some(obj);
            for seg in path {
                node = node.and_then(|n| n.get(seg));
            }
            let actual = node.and_then(Value::as_str).unwrap_or("");
            (actual == value) != *negate
        })
    }
}
