//! Field ownership (`metadata.managedFields`) and server-side apply.
//!
//! Field sets are sets of leaf paths. Lists are atomic (a list is one leaf), which is
//! what the server does for every list without `x-kubernetes-list-type`; maps recurse.
//! Apply detects conflicts with other managers (a field they own whose value the apply
//! would change), shares ownership of equal values, moves ownership on `force`, and
//! removes fields the applier owned before and no longer sends, unless someone else
//! owns them. PUT/PATCH record the fields they changed under an `Update` manager.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

pub type Path = Vec<String>;
pub type FieldSet = BTreeSet<Path>;

/// Fields the server manages itself; they never appear in a field set.
const SYSTEM_METADATA: &[&str] = &[
    "name",
    "namespace",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "managedFields",
    "selfLink",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "generateName",
];

fn skip(path: &[String]) -> bool {
    match path {
        [top] => top == "apiVersion" || top == "kind" || top == "status",
        [meta, field] => meta == "metadata" && SYSTEM_METADATA.contains(&field.as_str()),
        _ => false,
    }
}

/// Every leaf path of `obj` (scalars, lists and empty maps are leaves).
pub fn leaf_paths(obj: &Value) -> FieldSet {
    fn walk(v: &Value, path: &mut Path, out: &mut FieldSet) {
        match v {
            Value::Object(m) if !m.is_empty() || path.is_empty() => {
                for (k, child) in m {
                    path.push(k.clone());
                    if !skip(path) {
                        walk(child, path, out);
                    }
                    path.pop();
                }
            }
            _ => {
                out.insert(path.clone());
            }
        }
    }
    let mut out = FieldSet::new();
    walk(obj, &mut Vec::new(), &mut out);
    // `metadata: {}` after skipping system fields is not a field anyone owns.
    out.remove(&vec!["metadata".to_string()]);
    out
}

pub fn get_path<'a>(obj: &'a Value, path: &[String]) -> Option<&'a Value> {
    let mut node = obj;
    for seg in path {
        node = node.as_object()?.get(seg)?;
    }
    Some(node)
}

/// Removes the field at `path` and then any parent map it leaves empty (below the top
/// level), unless that parent is itself owned by someone in `owned`.
pub fn remove_path(obj: &mut Value, path: &[String], owned: &FieldSet) {
    fn rec(node: &mut Value, path: &[String], depth: usize, full: &[String], owned: &FieldSet) {
        let Some(map) = node.as_object_mut() else {
            return;
        };
        if path.len() == 1 {
            map.remove(&path[0]);
            return;
        }
        if let Some(child) = map.get_mut(&path[0]) {
            rec(child, &path[1..], depth + 1, full, owned);
            let empty = child.as_object().is_some_and(Map::is_empty);
            let prefix: Path = full[..=depth].to_vec();
            if empty && depth >= 1 && !owned.contains(&prefix) {
                map.remove(&path[0]);
            }
        }
    }
    if !path.is_empty() {
        rec(obj, path, 0, path, owned);
    }
}

/// Merges an applied configuration into an object: maps recurse, everything else
/// (scalars, lists) replaces.
pub fn merge_applied(target: &mut Value, applied: &Value) {
    match (target, applied) {
        (Value::Object(t), Value::Object(a)) => {
            for (k, v) in a {
                match t.get_mut(k) {
                    Some(existing) if existing.is_object() && v.is_object() => {
                        merge_applied(existing, v)
                    }
                    _ => {
                        t.insert(k.clone(), v.clone());
                    }
                }
            }
        }
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
            let key = format!("f:{seg}");
            node = node
                .entry(key)
                .or_insert_with(|| Value::Object(Map::new()))
                .as_object_mut()
                .expect("object");
        }
        if !node.is_empty() {
            node.insert(".".into(), json!({}));
        }
    }
    // A node that got children after being marked a leaf needs the `.` marker too.
    fn mark(node: &mut Map<String, Value>, set: &FieldSet, path: &mut Path) {
        for (k, v) in node.iter_mut() {
            let Some(seg) = k.strip_prefix("f:") else {
                continue;
            };
            path.push(seg.to_string());
            if let Value::Object(child) = v {
                if !child.is_empty() && set.contains(path) && !child.contains_key(".") {
                    child.insert(".".into(), json!({}));
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
            let seg = k.strip_prefix("f:").unwrap_or(k);
            path.push(seg.to_string());
            walk(child, path, out);
            path.pop();
        }
    }
    let mut out = FieldSet::new();
    walk(v, &mut Vec::new(), &mut out);
    out
}

/// `.spec.http` — how the server prints a path in conflicts.
pub fn display_path(path: &[String]) -> String {
    path.iter().map(|s| format!(".{s}")).collect()
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

fn overlaps(a: &[String], b: &[String]) -> bool {
    let n = a.len().min(b.len());
    a[..n] == b[..n]
}

/// Whether any path in `set` equals `path`, is a prefix of it, or lies under it.
fn touches(set: &FieldSet, path: &[String]) -> bool {
    (0..=path.len()).any(|i| set.contains(&path[..i].to_vec()))
        || set
            .range(path.to_vec()..)
            .next()
            .is_some_and(|p| p.len() >= path.len() && p[..path.len()] == *path)
}

/// The result of a server-side apply: the new object (bookkeeping still to be done by
/// the store) or the conflicts that refused it.
pub fn apply(
    live: &Value,
    applied: &Value,
    manager: &str,
    force: bool,
    api_version: &str,
    now: &str,
) -> Result<Value, Vec<(String, String)>> {
    let mut entries = read_entries(live);
    let applied_set = leaf_paths(applied);
    let mut merged = live.clone();
    merge_applied(&mut merged, applied);

    let mut conflicts = Vec::new();
    let mut forced: Vec<(usize, Path)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if e.is(manager, "Apply") {
            continue;
        }
        for q in &e.fields {
            if !touches(&applied_set, q) {
                continue;
            }
            if get_path(live, q) != get_path(&merged, q) {
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
    for gone in previous.difference(&applied_set) {
        let still_applied = (0..=gone.len()).any(|i| applied_set.contains(&gone[..i]));
        if still_applied || touches(&others, gone) {
            continue;
        }
        remove_path(&mut new, gone, &applied_set);
    }
    merge_applied(&mut new, applied);

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
    manager: &str,
    api_version: &str,
    now: &str,
) {
    let null = Value::Null;
    let old_obj = old.unwrap_or(&null);
    let mut entries = read_entries(old_obj);
    let old_leaves = leaf_paths(old_obj);
    let new_leaves = leaf_paths(new);
    let changed: FieldSet = new_leaves
        .iter()
        .filter(|p| get_path(old_obj, p) != get_path(new, p))
        .cloned()
        .collect();
    let removed: FieldSet = old_leaves.difference(&new_leaves).cloned().collect();
    for e in entries.iter_mut() {
        let own = e.is(manager, "Update");
        e.fields.retain(|p| {
            get_path(new, p).is_some()
                && !removed.contains(p)
                && (own || !changed.iter().any(|c| overlaps(c, p)))
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
