//! Validates a value against a compiled schema node the way the Kubernetes API server
//! validates a custom resource with strict field validation: structural checks
//! (type, format, enum, bounds, pattern, required, unknown fields), the value
//! validations `oneOf`/`anyOf`/`allOf`/`not`, list types, and the CEL rules.

use super::Violation;
use super::cel::{self, Outcome};
use super::format;
use super::node::{ListType, Node, Type};
use serde_json::Value;
use std::fmt::Write as _;

/// Collects violations while walking, with the current field path in one buffer.
pub struct Walker<'a> {
    pub out: &'a mut Vec<Violation>,
    pub path: String,
}

/// Whether the node is part of the structural schema (unknown fields are rejected,
/// rules run) or a branch of `oneOf`/`anyOf`/`allOf`/`not`, which only constrains
/// values and never lists every field.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Structural,
    Branch,
}

impl<'a> Walker<'a> {
    pub fn new(out: &'a mut Vec<Violation>) -> Self {
        Walker {
            out,
            path: String::new(),
        }
    }

    fn report(&mut self, message: impl Into<String>) {
        self.out.push(Violation {
            path: self.path.clone(),
            message: message.into(),
        });
    }

    fn report_at(&mut self, suffix: &str, message: impl Into<String>) {
        let path = join(&self.path, suffix);
        self.out.push(Violation {
            path,
            message: message.into(),
        });
    }

    /// Validates an object at the root of a custom resource: `apiVersion`, `kind` and
    /// `metadata` are the API server's own and checked elsewhere; `status` is skipped
    /// when `skip_status` (the server drops it before validating).
    pub fn root(&mut self, node: &Node, value: &Value, skip_status: bool) {
        let skip: &[&str] = if skip_status {
            &["apiVersion", "kind", "metadata", "status"]
        } else {
            &["apiVersion", "kind", "metadata"]
        };
        self.walk(node, value, Mode::Structural, skip);
    }

    fn walk(&mut self, node: &Node, value: &Value, mode: Mode, skip: &[&str]) {
        if value.is_null() {
            if !node.nullable && (node.ty.is_some() || node.int_or_string) {
                self.report("must not be null");
            }
            return;
        }
        if !self.check_type(node, value) {
            return;
        }
        if let Some(f) = &node.format
            && let Some(problem) = format::check(f, value)
        {
            self.report(problem);
        }
        if let Some(allowed) = &node.enum_values
            && !allowed.iter().any(|a| json_equal(a, value))
        {
            let list: Vec<String> = allowed.iter().map(|a| a.to_string()).collect();
            self.report(format!(
                "unsupported value {value}: supported values: {}",
                list.join(", ")
            ));
        }
        match value {
            Value::Number(n) => self.check_number(node, n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => self.check_string(node, s),
            Value::Array(items) => self.check_array(node, items, mode),
            Value::Object(map) => self.check_object(node, map, mode, skip),
            _ => {}
        }
        self.check_combinators(node, value);
        if mode == Mode::Structural {
            self.check_rules(node, value);
        }
    }

    /// Checks `type` and `x-kubernetes-int-or-string`; `false` stops the walk below.
    fn check_type(&mut self, node: &Node, value: &Value) -> bool {
        if node.int_or_string {
            let ok = value.is_string() || is_integer(value);
            if !ok {
                self.report("must be an integer or a string");
            }
            return ok;
        }
        let Some(ty) = node.ty else {
            return true;
        };
        let ok = match ty {
            Type::Object => value.is_object(),
            Type::Array => value.is_array(),
            Type::String => value.is_string(),
            Type::Boolean => value.is_boolean(),
            Type::Number => value.is_number(),
            Type::Integer => is_integer(value),
        };
        if !ok {
            self.report(format!("must be of type {}", ty.name()));
        }
        ok
    }

    fn check_number(&mut self, node: &Node, x: f64) {
        if let Some(min) = node.minimum {
            if node.exclusive_minimum && x <= min {
                self.report(format!("must be greater than {}", num(min)));
            } else if x < min {
                self.report(format!("must be greater than or equal to {}", num(min)));
            }
        }
        if let Some(max) = node.maximum {
            if node.exclusive_maximum && x >= max {
                self.report(format!("must be less than {}", num(max)));
            } else if x > max {
                self.report(format!("must be less than or equal to {}", num(max)));
            }
        }
        if let Some(m) = node.multiple_of
            && m > 0.0
            && (x / m).fract() != 0.0
        {
            self.report(format!("must be a multiple of {}", num(m)));
        }
    }

    fn check_string(&mut self, node: &Node, s: &str) {
        if node.min_length.is_some() || node.max_length.is_some() {
            let len = s.chars().count();
            if let Some(min) = node.min_length
                && len < min
            {
                self.report(format!("must be at least {min} characters long"));
            }
            if let Some(max) = node.max_length
                && len > max
            {
                self.report(format!("must be at most {max} characters long"));
            }
        }
        if let Some((source, Ok(re))) = &node.pattern
            && !re.is_match(s)
        {
            self.report(format!("must match the pattern `{source}`"));
        }
    }

    fn check_array(&mut self, node: &Node, items: &[Value], mode: Mode) {
        if let Some(min) = node.min_items
            && items.len() < min
        {
            self.report(format!("must have at least {min} items"));
        }
        if let Some(max) = node.max_items
            && items.len() > max
        {
            self.report(format!("must have at most {max} items"));
        }
        let unique = node.unique_items || node.list_type == Some(ListType::Set);
        if unique {
            for (i, item) in items.iter().enumerate() {
                if items[..i].iter().any(|earlier| json_equal(earlier, item)) {
                    self.report_at(&format!("[{i}]"), format!("duplicate value {item}"));
                }
            }
        }
        if node.list_type == Some(ListType::Map) && !node.list_map_keys.is_empty() {
            let key_of = |item: &Value| -> Vec<Value> {
                node.list_map_keys
                    .iter()
                    .map(|k| item.get(k).cloned().unwrap_or(Value::Null))
                    .collect()
            };
            for (i, item) in items.iter().enumerate() {
                let key = key_of(item);
                if items[..i].iter().any(|earlier| key_of(earlier) == key) {
                    let shown: Vec<String> = node
                        .list_map_keys
                        .iter()
                        .zip(&key)
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect();
                    self.report_at(
                        &format!("[{i}]"),
                        format!("duplicate entry with key {}", shown.join(", ")),
                    );
                }
            }
        }
        if let Some(item_node) = &node.items {
            for (i, item) in items.iter().enumerate() {
                let len = self.path.len();
                // Written into the path buffer: no allocation per item.
                let _ = write!(self.path, "[{i}]");
                self.walk(item_node, item, mode, &[]);
                self.path.truncate(len);
            }
        }
    }

    fn check_object(
        &mut self,
        node: &Node,
        map: &serde_json::Map<String, Value>,
        mode: Mode,
        skip: &[&str],
    ) {
        let count = map
            .len()
            .saturating_sub(skip.iter().filter(|k| map.contains_key(**k)).count());
        if let Some(min) = node.min_properties
            && count < min
        {
            self.report(format!("must have at least {min} properties"));
        }
        if let Some(max) = node.max_properties
            && count > max
        {
            self.report(format!("must have at most {max} properties"));
        }
        for name in &node.required {
            // The API server drops `null` from fields that are not nullable before it
            // validates, so such a field counts as missing.
            let present = match map.get(name) {
                None => false,
                Some(Value::Null) => node.properties.get(name).is_some_and(|p| p.nullable),
                Some(_) => true,
            };
            if !present {
                self.report_at(name, "required value");
            }
        }
        let embedded = node.embedded_resource;
        for (key, value) in map {
            if skip.contains(&key.as_str()) {
                continue;
            }
            let len = self.path.len();
            if let Some(prop) = node.properties.get(key) {
                if value.is_null() && !prop.nullable {
                    // Dropped by the API server before validation (see `required` above).
                    continue;
                }
                push_field(&mut self.path, key);
                self.walk(prop, value, mode, embedded_skip(prop));
            } else if let Some(additional) = &node.additional {
                if value.is_null() && !additional.nullable {
                    // Dropped by the API server before validation, as for properties.
                    continue;
                }
                self.path.push('[');
                self.path.push_str(key);
                self.path.push(']');
                self.walk(additional, value, mode, embedded_skip(additional));
            } else if mode == Mode::Structural
                && !node.preserve_unknown
                && !(embedded && matches!(key.as_str(), "apiVersion" | "kind" | "metadata"))
                && node.ty == Some(Type::Object)
            {
                push_field(&mut self.path, key);
                self.report("unknown field");
            }
            self.path.truncate(len);
        }
    }

    fn check_combinators(&mut self, node: &Node, value: &Value) {
        for branch in &node.all_of {
            self.walk(branch, value, Mode::Branch, &[]);
        }
        if !node.any_of.is_empty() && !node.any_of.iter().any(|b| self.passes(b, value)) {
            let message = match required_fields(&node.any_of) {
                Some(fields) => format!("must set at least one of {}", ticks(&fields)),
                None => "must match at least one of the schemas in `anyOf`".to_string(),
            };
            self.report(message);
        }
        if !node.one_of.is_empty() {
            let matched = node.one_of.iter().filter(|b| self.passes(b, value)).count();
            if matched != 1 {
                let message = match required_fields(&node.one_of) {
                    Some(fields) => {
                        let set: Vec<String> = fields
                            .iter()
                            .filter(|f| value.get(f.as_str()).is_some())
                            .cloned()
                            .collect();
                        if set.len() > 1 {
                            format!(
                                "only one of {} may be set (found {})",
                                ticks(&fields),
                                ticks(&set)
                            )
                        } else {
                            format!("exactly one of {} must be set", ticks(&fields))
                        }
                    }
                    None => format!(
                        "must match exactly one of the schemas in `oneOf` (matched {matched})"
                    ),
                };
                self.report(message);
            }
        }
        if let Some(not) = &node.not
            && self.passes(not, value)
        {
            self.report("must not match the schema in `not`");
        }
    }

    /// Whether `value` satisfies a value-validation branch.
    fn passes(&self, branch: &Node, value: &Value) -> bool {
        let mut scratch = Vec::new();
        let mut w = Walker::new(&mut scratch);
        w.walk(branch, value, Mode::Branch, &[]);
        scratch.is_empty()
    }

    fn check_rules(&mut self, node: &Node, value: &Value) {
        for rule in &node.rules {
            let Ok(program) = &rule.program else {
                continue;
            };
            let failed = match cel::run(program, value) {
                Outcome::Value(::cel::Value::Bool(true)) => None,
                Outcome::Value(::cel::Value::Bool(false)) => Some(None),
                Outcome::Value(_) => Some(Some("the rule did not return a boolean".to_string())),
                Outcome::Error(e) => Some(Some(e)),
                Outcome::Unsupported => None,
            };
            let Some(error) = failed else {
                continue;
            };
            let message = rule
                .message_expression
                .as_ref()
                .and_then(|m| match cel::run(m, value) {
                    Outcome::Value(::cel::Value::String(s)) if !s.trim().is_empty() => {
                        Some(s.to_string())
                    }
                    _ => None,
                })
                .or_else(|| rule.message.clone())
                .unwrap_or_else(|| format!("failed rule: {}", rule.source));
            // An evaluation error (such as `duration('abc')`) rejects the object too; the
            // rule's own message says what is expected.
            let message = match error {
                None => message,
                Some(_) if rule.message.is_some() || rule.message_expression.is_some() => message,
                Some(e) => format!("{message}: {e}"),
            };
            match &rule.field_path {
                Some(fp) => {
                    let suffix = field_path_suffix(fp);
                    let path = format!("{}{}", self.path, suffix);
                    let path = path.strip_prefix('.').unwrap_or(&path).to_string();
                    self.out.push(Violation { path, message });
                }
                None => self.report(message),
            }
        }
    }
}

fn embedded_skip(node: &Node) -> &'static [&'static str] {
    if node.embedded_resource {
        &["apiVersion", "kind", "metadata"]
    } else {
        &[]
    }
}

fn push_field(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

fn join(path: &str, suffix: &str) -> String {
    if path.is_empty() {
        suffix.to_string()
    } else if suffix.starts_with('[') {
        format!("{path}{suffix}")
    } else {
        format!("{path}.{suffix}")
    }
}

/// `fieldPath` as written in a CRD (`.spec.foo['bar']`) in our path style.
fn field_path_suffix(fp: &str) -> String {
    let fp = fp.replace("['", "[").replace("']", "]");
    if fp.starts_with('.') || fp.starts_with('[') {
        fp
    } else {
        format!(".{fp}")
    }
}

fn is_integer(value: &Value) -> bool {
    match value {
        Value::Number(n) => {
            n.is_i64()
                || n.is_u64()
                || n.as_f64()
                    .is_some_and(|f| f.is_finite() && f.fract() == 0.0)
        }
        _ => false,
    }
}

/// JSON equality where `1` and `1.0` are the same number, as in Go's decoding.
fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn ticks(fields: &[String]) -> String {
    fields
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The field names of branches that only require fields, the shape protobuf `oneof`s
/// take in Istio's CRDs: `{required: [a]}` or `{not: {anyOf: [{required: [a]}, ..]}}`.
fn required_fields(branches: &[Node]) -> Option<Vec<String>> {
    fn collect(node: &Node, out: &mut Vec<String>) -> bool {
        let only_required = node.ty.is_none()
            && node.properties.is_empty()
            && node.one_of.is_empty()
            && node.all_of.is_empty()
            && node.enum_values.is_none();
        if !only_required {
            return false;
        }
        for r in &node.required {
            if !out.contains(r) {
                out.push(r.clone());
            }
        }
        let nested_ok = node.any_of.iter().all(|b| collect(b, out));
        let not_ok = node.not.as_deref().is_none_or(|n| collect(n, out));
        nested_ok && not_ok
    }
    let mut fields = Vec::new();
    branches
        .iter()
        .all(|b| collect(b, &mut fields))
        .then_some(fields)
        .filter(|f| !f.is_empty())
}
