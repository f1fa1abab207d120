//! A CRD's OpenAPI schema compiled for validation: patterns as regexes, CEL rules as
//! programs, properties in a hash map. Built once per schema (on first use) and shared
//! by every object validated against it.

use super::cel;
use regex::Regex;
use serde_json::Value;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
}

impl Type {
    fn parse(s: &str) -> Option<Type> {
        Some(match s {
            "object" => Type::Object,
            "array" => Type::Array,
            "string" => Type::String,
            "integer" => Type::Integer,
            "number" => Type::Number,
            "boolean" => Type::Boolean,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Type::Object => "object",
            Type::Array => "array",
            Type::String => "string",
            Type::Integer => "integer",
            Type::Number => "number",
            Type::Boolean => "boolean",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListType {
    Atomic,
    Set,
    Map,
}

/// One `x-kubernetes-validations` entry.
pub struct Rule {
    pub source: String,
    /// `Err` when the rule does not compile here; such rules are listed as unsupported.
    pub program: Result<::cel::Program, String>,
    pub message: Option<String>,
    pub message_expression: Option<::cel::Program>,
    pub field_path: Option<String>,
}

/// One schema node.
#[derive(Default)]
pub struct Node {
    pub ty: Option<Type>,
    pub format: Option<String>,
    pub nullable: bool,
    pub int_or_string: bool,
    pub preserve_unknown: bool,
    pub embedded_resource: bool,
    pub properties: HashMap<String, Node>,
    /// `additionalProperties` as a schema; `true` is kept as an empty (permissive) node.
    pub additional: Option<Box<Node>>,
    pub items: Option<Box<Node>>,
    pub required: Vec<String>,
    pub enum_values: Option<Vec<Value>>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub multiple_of: Option<f64>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub unique_items: bool,
    pub min_properties: Option<usize>,
    pub max_properties: Option<usize>,
    pub pattern: Option<(String, Result<Regex, String>)>,
    pub one_of: Vec<Node>,
    pub any_of: Vec<Node>,
    pub all_of: Vec<Node>,
    pub not: Option<Box<Node>>,
    pub list_type: Option<ListType>,
    pub list_map_keys: Vec<String>,
    pub rules: Vec<Rule>,
    /// `default`, which the API server fills in before it validates.
    pub default: Option<Value>,
    /// Whether this node or one below it has a `default`.
    pub has_defaults: bool,
}

impl Node {
    /// Compiles a schema node and everything under it.
    pub fn compile(schema: &Value) -> Node {
        let Value::Object(map) = schema else {
            return Node::default();
        };
        let get = |k: &str| map.get(k);
        let flag = |k: &str| get(k).and_then(Value::as_bool).unwrap_or(false);
        let num = |k: &str| get(k).and_then(Value::as_f64);
        let count = |k: &str| get(k).and_then(Value::as_u64).map(|n| n as usize);
        let list = |k: &str| -> Vec<Node> {
            get(k)
                .and_then(Value::as_array)
                .map(|items| items.iter().map(Node::compile).collect())
                .unwrap_or_default()
        };
        let mut node = Node {
            ty: get("type").and_then(Value::as_str).and_then(Type::parse),
            format: get("format").and_then(Value::as_str).map(str::to_string),
            nullable: flag("nullable"),
            int_or_string: flag("x-kubernetes-int-or-string"),
            preserve_unknown: flag("x-kubernetes-preserve-unknown-fields"),
            embedded_resource: flag("x-kubernetes-embedded-resource"),
            properties: get("properties")
                .and_then(Value::as_object)
                .map(|props| {
                    props
                        .iter()
                        .map(|(k, v)| (k.clone(), Node::compile(v)))
                        .collect()
                })
                .unwrap_or_default(),
            additional: match get("additionalProperties") {
                Some(Value::Bool(true)) => Some(Box::new(Node::default())),
                Some(v @ Value::Object(_)) => Some(Box::new(Node::compile(v))),
                _ => None,
            },
            items: get("items").map(|v| Box::new(Node::compile(v))),
            required: get("required")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            enum_values: get("enum").and_then(Value::as_array).cloned(),
            minimum: num("minimum"),
            maximum: num("maximum"),
            exclusive_minimum: flag("exclusiveMinimum"),
            exclusive_maximum: flag("exclusiveMaximum"),
            multiple_of: num("multipleOf"),
            min_length: count("minLength"),
            max_length: count("maxLength"),
            min_items: count("minItems"),
            max_items: count("maxItems"),
            unique_items: flag("uniqueItems"),
            min_properties: count("minProperties"),
            max_properties: count("maxProperties"),
            pattern: get("pattern").and_then(Value::as_str).map(|p| {
                (
                    p.to_string(),
                    Regex::new(p).map_err(|e| format!("pattern `{p}` does not compile: {e}")),
                )
            }),
            one_of: list("oneOf"),
            any_of: list("anyOf"),
            all_of: list("allOf"),
            not: get("not").map(|v| Box::new(Node::compile(v))),
            list_type: match get("x-kubernetes-list-type").and_then(Value::as_str) {
                Some("atomic") => Some(ListType::Atomic),
                Some("set") => Some(ListType::Set),
                Some("map") => Some(ListType::Map),
                _ => None,
            },
            list_map_keys: get("x-kubernetes-list-map-keys")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            rules: get("x-kubernetes-validations")
                .and_then(Value::as_array)
                .map(|rules| rules.iter().map(compile_rule).collect())
                .unwrap_or_default(),
            default: get("default").cloned(),
            has_defaults: false,
        };
        node.has_defaults = node.default.is_some()
            || node
                .properties
                .values()
                .chain(node.additional.as_deref())
                .chain(node.items.as_deref())
                .any(|c| c.has_defaults);
        node
    }

    /// Fills in defaults as the API server does before validating: absent fields
    /// (and `null` ones that are not nullable) of objects get their `default`.
    pub fn apply_defaults(&self, value: &mut Value) {
        if !self.has_defaults {
            return;
        }
        match value {
            Value::Object(map) => {
                for (key, prop) in &self.properties {
                    let absent = match map.get(key) {
                        None => true,
                        Some(Value::Null) => !prop.nullable,
                        Some(_) => false,
                    };
                    if absent && let Some(d) = &prop.default {
                        map.insert(key.clone(), d.clone());
                    }
                    if let Some(child) = map.get_mut(key) {
                        prop.apply_defaults(child);
                    }
                }
                if let Some(additional) = &self.additional {
                    for (key, child) in map.iter_mut() {
                        if !self.properties.contains_key(key) {
                            additional.apply_defaults(child);
                        }
                    }
                }
            }
            Value::Array(items) => {
                if let Some(item) = &self.items {
                    items.iter_mut().for_each(|v| item.apply_defaults(v));
                }
            }
            _ => {}
        }
    }

    /// The functions and operators the rules under this node call.
    #[cfg(test)]
    pub fn rule_functions(&self, out: &mut std::collections::BTreeSet<String>) {
        for rule in &self.rules {
            if let Ok(program) = &rule.program {
                out.extend(
                    program
                        .references()
                        .functions()
                        .into_iter()
                        .map(str::to_string),
                );
            }
        }
        for child in self.children() {
            child.rule_functions(out);
        }
    }

    fn children(&self) -> impl Iterator<Item = &Node> {
        self.properties
            .values()
            .chain(self.additional.as_deref())
            .chain(self.items.as_deref())
            .chain(self.not.as_deref())
            .chain(&self.one_of)
            .chain(&self.any_of)
            .chain(&self.all_of)
    }

    /// Every rule (or `pattern`) under this node that cannot be evaluated here, with
    /// the reason.
    pub fn unsupported_rules(&self, out: &mut Vec<(String, String)>) {
        for rule in &self.rules {
            if let Err(e) = &rule.program {
                out.push((rule.source.clone(), e.clone()));
            }
        }
        if let Some((source, Err(e))) = &self.pattern {
            out.push((format!("pattern: {source}"), e.clone()));
        }
        for child in self.children() {
            child.unsupported_rules(out);
        }
    }
}

fn compile_rule(rule: &Value) -> Rule {
    let text = |k: &str| rule.get(k).and_then(Value::as_str).map(str::to_string);
    let source = text("rule").unwrap_or_default();
    Rule {
        program: cel::compile(&source),
        source,
        message: text("message"),
        message_expression: text("messageExpression").and_then(|m| cel::compile(&m).ok()),
        field_path: text("fieldPath"),
    }
}
