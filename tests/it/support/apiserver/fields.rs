//! Field ownership (`metadata.managedFields`) and server-side apply.
//!
//! A field set is a set of paths whose segments are written as in `FieldsV1`:
//! `f:name` for a field, `k:{"number":443}` for an item of a list with
//! `x-kubernetes-list-type: map`, `v:"a"` for an item of a `set` list. Every other list
//! is atomic (one leaf), as the real server treats lists without a list type; maps
//! recurse. Apply detects conflicts with other managers (a field they own whose value the
//! apply would change), shares ownership of equal values, moves ownership on `force`,
//! and removes fields the applier owned before and no longer sends, unless someone else
//! owns them. PUT/PATCH record the fields they changed under an `Update` manager.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

pub type Path = Vec<String>;
pub type FieldSet = BTreeSet<Path>;

/// Fields the server manages itself; they never appear in a field set.
const SYSTEM_METADATA: &[&str] = &[
    "f:name",
    "f:namespace",
    "f:uid",
    "f:resourceVersion",
    "f:generation",
    "f:creationTimestamp",
    "f:managedFields",
    "f:selfLink",
    "f:deletionTimestamp",
    "f:deletionGracePeriodSeconds",
    "f:generateName",
];

fn skip(path: &[String]) -> bool {
    match path {
        [top] => top == "f:apiVersion" || top == "f:kind" || top == "f:status",
        [meta, field] => meta == "f:metadata" && SYSTEM_METADATA.contains(&field.as_str()),
        _ => false,
    }
}

/// How a list is merged, from its schema.
enum ListType {
    Atomic,
    Map(Vec<String>),
    Set,
}

fn child_schema<'a>(schema: Option<&'a Value>, field: &str) -> Option<&'a Value> {
    let s = schema?;
    s.get("properties")
        .and_then(|p| p.get(field))
        .or_else(|| s.get("additionalProperties").filter(|a| a.is_object()))
}

fn items_schema(schema: Option<&Value>) -> Option<&Value> {
    schema?.get("items")
}

fn list_type(schema: Option<&Value>) -> ListType {
    let Some(s) = schema else {
        return ListType::Atomic;
    };
    match s.get("x-kubernetes-list-type").and_then(Value::as_str) {
        Some("map") => ListType::Map(
            s.get("x-kubernetes-list-map-keys")
                .and_then(Value::as_array)
                .map(|keys| {
                    keys.iter()
                        .filter_map(|k| k.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default(),
        ),
        Some("set") => ListType::Set,
        _ => ListType::Atomic,
    }
}

/// The `k:{…}` segment of a keyed list item (key fields in name order).
fn key_segment(item: &Value, keys: &[String]) -> String {
    let mut sorted: Vec<&String> = keys.iter().collect();
    sorted.sort();
    let mut m = Map::new();
    for k in sorted {
        m.insert(k.clone(), item.get(k).cloned().unwrap_or(Value::Null));
    }
    format!("k:{}", Value::Object(m))
}

/// Every owned path of `obj`: leaves (scalars, atomic lists, empty maps) and the items
/// of keyed lists (with their fields below them).
pub fn leaf_paths(obj: &Value, schema: Option<&Value>) -> FieldSet {
    fn walk(v: &Value, schema: Option<&Value>, path: &mut Path, out: &mut FieldSet) {
        match v {
            Value::Object(m) if !m.is_empty() || path.is_empty() => {
                for (k, child) in m {
                    path.push(format!("f:{k}"));
                    if !skip(path) {
                        walk(child, child_schema(schema, k), path, out);
                    }
                    path.pop();
                }
            }
            Value::Array(items) if !items.is_empty() => match list_type(schema) {
                ListType::Map(keys) => {
                    for item in items {
                        path.push(key_segment(item, &keys));
                        out.insert(path.clone());
                        if item.is_object() {
                            walk(item, items_schema(schema), path, out);
                        }
                        path.pop();
                    }
                }
                ListType::Set => {
                    for item in items {
                        path.push(format!("v:{item}"));
                        out.insert(path.clone());
                        path.pop();
                    }
                }
                ListType::Atomic => {
                    out.insert(path.clone());
                }
            },
            _ => {
                out.insert(path.clone());
            }
        }
    }
    let mut out = FieldSet::new();
    walk(obj, schema, &mut Vec::new(), &mut out);
    // `metadata: {}` after skipping system fields is not a field anyone owns.
    out.remove(&vec!["f:metadata".to_string()]);
    out
}

fn key_matches(item: &Value, key: &Map<String, Value>) -> bool {
    key.iter()
        .all(|(k, v)| item.get(k).unwrap_or(&Value::Null) == v)
}

fn find_item(items: &[Value], seg: &str) -> Option<usize> {
    if let Some(key) = seg.strip_prefix("k:") {
        let key: Map<String, Value> = serde_json::from_str(key).ok()?;
        items.iter().position(|i| key_matches(i, &key))
    } else if let Some(v) = seg.strip_prefix("v:") {
        let v: Value = serde_json::from_str(v).ok()?;
        items.iter().position(|i| *i == v)
    } else {
        None
    }
}

pub fn get_path<'a>(obj: &'a Value, path: &[String]) -> Option<&'a Value> {
    let mut node = obj;
    for seg in path {
        node = match seg.strip_prefix("f:") {
            Some(name) => node.as_object()?.get(name)?,
            None => {
                let items = node.as_array()?;
                &items[find_item(items, seg)?]
            }
        };
    }
    Some(node)
}

/// Whether `path` is a key field of the keyed list item it is in (`…/k:{"name":"a"}/f:name`):
/// such fields go with the item, never alone.
fn is_key_field(path: &[String]) -> bool {
    let [.., parent, last] = path else {
        return false;
    };
    let (Some(key), Some(name)) = (parent.strip_prefix("k:"), last.strip_prefix("f:")) else {
        return false;
    };
    serde_json::from_str::<Map<String, Value>>(key).is_ok_and(|k| k.contains_key(name))
}

/// Removes the field or item at `path` and then any parent map or list it leaves empty
/// (below the top level), unless that parent is itself owned by someone in `owned`.
pub fn remove_path(obj: &mut Value, path: &[String], owned: &FieldSet) {
    fn rec(node: &mut Value, depth: usize, full: &[String], owned: &FieldSet) {
        let seg = &full[depth];
        let last = depth + 1 == full.len();
        match (seg.strip_prefix("f:"), node) {
            (Some(name), Value::Object(map)) => {
                if last {
                    map.remove(name);
                } else if let Some(child) = map.get_mut(name) {
                    rec(child, depth + 1, full, owned);
                    let empty = match child {
                        Value::Object(m) => m.is_empty(),
                        Value::Array(a) => a.is_empty(),
                        _ => false,
                    };
                    if empty && depth >= 1 && !owned.contains(&full[..=depth].to_vec()) {
                        map.remove(name);
                    }
                }
            }
            (None, Value::Array(items)) => {
                if let Some(i) = find_item(items, seg) {
                    if last {
                        items.remove(i);
                    } else {
                        rec(&mut items[i], depth + 1, full, owned);
                    }
                }
            }
            _ => {}
        }
    }
    if !path.is_empty() {
        rec(obj, 0, path, owned);
    }
}

/// Merges an applied configuration into an object: maps recurse, keyed lists merge item
/// by item, sets take the union, everything else (scalars, atomic lists) replaces.
pub fn merge_applied(target: &mut Value, applied: &Value, schema: Option<&Value>) {
    match (target, applied) {
        (Value::Object(t), Value::Object(a)) => {
            for (k, v) in a {
                let s = child_schema(schema, k);
                match t.get_mut(k) {
                    Some(existing)
                        if (existing.is_object() && v.is_object())
                            || (existing.is_array()
                                && v.is_array()
                                && !matches!(list_type(s), ListType::Atomic)) =>
                    {
                        merge_applied(existing, v, s)
                    }
                    _ => {
                        t.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (Value::Array(t), Value::Array(a)) => match list_type(schema) {
            ListType::Map(keys) => {
                for item in a {
                    let seg = key_segment(item, &keys);
                    match find_item(t, &seg) {
                        Some(i) => merge_applied(&mut t[i], item, items_schema(schema)),
                        None => t.push(item.clone()),
                    }
                }
            }
            ListType::Set => {
                for item in a {
                    if !t.contains(item) {
                        t.push(item.clone());
                    }
                }
            }
            ListType::Atomic => *t = a.clone(),
        },
        (t, a) => *t = a.clone(),
    }
}

/// A field set in the `FieldsV1` format: `{"f:spec": {"f:hosts": {}}}`, with `".": {}`
/// where a node is both owned and has owned children.
pub fn to_fields_v1(set: &FieldSet) -> Value {
    let mut root = Map::new();
    for path in set {
        let mut node = &mut root;
        for seg in path {
            node = node
                .entry(seg.clone())
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .expect("object");
        }
    }
    fn mark(node: &mut Map<String, Value>, set: &FieldSet, path: &mut Path) {
        for (k, v) in node.iter_mut() {
            path.push(k.clone());
            if let Value::Object(child) = v {
                if !child.is_empty() && set.contains(path) {
                    // The server writes the node's own marker first.
                    let rest = std::mem::take(child);
                    child.insert(".".into(), json!({}));
                    child.extend(rest);
                }
                mark(child, set, path);
            }
            path.pop();
        }
    }
    mark(&mut root, set, &mut Vec::new());
    Value::Object(root)
}

pub fn from_fields_v1(v: &Value) -> FieldSet {
    fn walk(v: &Value, path: &mut Path, out: &mut FieldSet) {
        let Some(m) = v.as_object() else { return };
        if m.is_empty() && !path.is_empty() {
            out.insert(path.clone());
            return;
        }
        for (k, child) in m {
            if k == "." {
                out.insert(path.clone());
                continue;
            }
            path.push(k.clone());
            walk(child, path, out);
            path.pop();
        }
    }
    let mut out = FieldSet::new();
    walk(v, &mut Vec::new(), &mut out);
    out
}

/// `.spec.ports[number=443].name` — how the server prints a path in conflicts.
pub fn display_path(path: &[String]) -> String {
    path.iter()
        .map(|seg| {
            if let Some(name) = seg.strip_prefix("f:") {
                format!(".{name}")
            } else if let Some(key) = seg.strip_prefix("k:") {
                let fields: Vec<String> = serde_json::from_str::<Map<String, Value>>(key)
                    .map(|m| m.iter().map(|(k, v)| format!("{k}={v}")).collect())
                    .unwrap_or_default();
                format!("[{}]", fields.join(","))
            } else if let Some(v) = seg.strip_prefix("v:") {
                format!("[={v}]")
            } else {
                seg.clone()
            }
        })
        .collect()
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub manager: String,
    pub operation: String,
    pub api_version: String,
    pub time: String,
    pub fields: FieldSet,
}

impl Entry {
    /// How conflicts name a manager: `"kubectl"` for appliers, `"kubectl" using v1` for
    /// updaters, as the real server prints it.
    pub fn describe(&self) -> String {
        if self.operation == "Update" {
            format!("\"{}\" using {}", self.manager, self.api_version)
        } else {
            format!("\"{}\"", self.manager)
        }
    }

    fn is(&self, manager: &str, operation: &str) -> bool {
        self.manager == manager && self.operation == operation
    }
}

pub fn read_entries(obj: &Value) -> Vec<Entry> {
    obj.pointer("/metadata/managedFields")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|e| Entry {
                    manager: e["manager"].as_str().unwrap_or("").into(),
                    operation: e["operation"].as_str().unwrap_or("Update").into(),
                    api_version: e["apiVersion"].as_str().unwrap_or("").into(),
                    time: e["time"].as_str().unwrap_or("").into(),
                    fields: from_fields_v1(&e["fieldsV1"]),
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn write_entries(obj: &mut Value, entries: &[Entry]) {
    let list: Vec<Value> = entries
        .iter()
        .filter(|e| !e.fields.is_empty())
        .map(|e| {
            json!({
                "manager": e.manager,
                "operation": e.operation,
                "apiVersion": e.api_version,
                "time": e.time,
                "fieldsType": "FieldsV1",
                "fieldsV1": to_fields_v1(&e.fields),
            })
        })
        .collect();
    if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        if list.is_empty() {
            meta.remove("managedFields");
        } else {
            meta.insert("managedFields".into(), Value::Array(list));
        }
    }
}

/// Whether any path in `set` equals `path`, is a prefix of it, or lies under it.
fn touches(set: &FieldSet, path: &[String]) -> bool {
    (0..=path.len()).any(|i| set.contains(&path[..i]))
        || set
            .range(path.to_vec()..)
            .next()
            .is_some_and(|p| p.len() >= path.len() && p[..path.len()] == *path)
}

/// Whether the value at `path` differs between two objects. A keyed or set item is a
/// matter of existence; its fields are owned (and compared) one by one.
fn differs(a: &Value, b: &Value, path: &[String]) -> bool {
    let item = path
        .last()
        .is_some_and(|s| s.starts_with("k:") || s.starts_with("v:"));
    if item {
        get_path(a, path).is_some() != get_path(b, path).is_some()
    } else {
        get_path(a, path) != get_path(b, path)
    }
}

/// The result of a server-side apply: the new object (bookkeeping still to be done by
/// the store) or the conflicts that refused it, as (manager, path) pairs.
pub fn apply(
    live: &Value,
    applied: &Value,
    schema: Option<&Value>,
    manager: &str,
    force: bool,
    api_version: &str,
    now: &str,
) -> Result<Value, Vec<(String, String)>> {
    let mut entries = read_entries(live);
    let applied_set = leaf_paths(applied, schema);
    let mut merged = live.clone();
    merge_applied(&mut merged, applied, schema);

    let mut conflicts = Vec::new();
    let mut forced: Vec<(usize, Path)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if e.is(manager, "Apply") {
            continue;
        }
        for q in &e.fields {
            if touches(&applied_set, q) && differs(live, &merged, q) {
                conflicts.push((e.describe(), display_path(q)));
                forced.push((i, q.clone()));
            }
        }
    }
    if !conflicts.is_empty() && !force {
        return Err(conflicts);
    }
    for (i, q) in forced {
        entries[i].fields.remove(&q);
    }

    let previous = entries
        .iter()
        .find(|e| e.is(manager, "Apply"))
        .map(|e| e.fields.clone())
        .unwrap_or_default();
    let mut others = FieldSet::new();
    for e in entries.iter().filter(|e| !e.is(manager, "Apply")) {
        others.extend(e.fields.iter().cloned());
    }
    let mut new = live.clone();
    // Shorter paths first: an item removed takes its fields with it.
    let mut gone: Vec<&Path> = previous.difference(&applied_set).collect();
    gone.sort_by_key(|p| p.len());
    for path in gone {
        let still_applied = (0..=path.len()).any(|i| applied_set.contains(&path[..i]));
        if still_applied || touches(&others, path) || is_key_field(path) {
            continue;
        }
        remove_path(&mut new, path, &applied_set);
    }
    merge_applied(&mut new, applied, schema);

    match entries.iter_mut().find(|e| e.is(manager, "Apply")) {
        Some(e) => {
            if e.fields != applied_set {
                e.fields = applied_set;
                e.time = now.into();
            }
            e.api_version = api_version.into();
        }
        None => entries.push(Entry {
            manager: manager.into(),
            operation: "Apply".into(),
            api_version: api_version.into(),
            time: now.into(),
            fields: applied_set,
        }),
    }
    write_entries(&mut new, &entries);
    Ok(new)
}

/// Records a PUT/PATCH/POST by `manager` (operation `Update`): it takes ownership of every
/// field it changed; fields that disappeared leave every set.
pub fn record_update(
    old: Option<&Value>,
    new: &mut Value,
    schema: Option<&Value>,
    manager: &str,
    api_version: &str,
    now: &str,
) {
    let null = Value::Null;
    let old_obj = old.unwrap_or(&null);
    let mut entries = read_entries(old_obj);
    let old_leaves = leaf_paths(old_obj, schema);
    let new_leaves = leaf_paths(new, schema);
    let changed: FieldSet = new_leaves
        .iter()
        .filter(|p| differs(old_obj, new, p))
        .cloned()
        .collect();
    let removed: FieldSet = old_leaves.difference(&new_leaves).cloned().collect();
    for e in entries.iter_mut() {
        let own = e.is(manager, "Update");
        e.fields.retain(|p| {
            get_path(new, p).is_some()
                && !removed.contains(p)
                && (own || !(0..=p.len()).any(|i| changed.contains(&p[..i])))
        });
    }
    if !changed.is_empty() {
        match entries.iter_mut().find(|e| e.is(manager, "Update")) {
            Some(e) => {
                e.fields.extend(changed);
                e.time = now.into();
                e.api_version = api_version.into();
            }
            None => entries.push(Entry {
                manager: manager.into(),
                operation: "Update".into(),
                api_version: api_version.into(),
                time: now.into(),
                fields: changed,
            }),
        }
    }
    write_entries(new, &entries);
}

/// The schema meshctl's kinds are merged by: the CRD's OpenAPI schema for Istio
/// kinds, none (every list atomic) for built-in kinds.
pub fn schema_for(api_version: &str, kind: &str) -> Option<&'static Value> {
    meshctl::core::schema::Catalog::istio().openapi_schema(api_version, kind)
}
