//! JSON merge patch (RFC 7386) and JSON patch (RFC 6902) over `serde_json::Value`, the two
//! non-apply patch types the server accepts (strategic merge is treated as merge patch).

use serde_json::Value;

/// RFC 7386: objects merge recursively, `null` deletes, anything else replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(patch_map) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Default::default());
    }
    let map = target.as_object_mut().expect("object");
    for (k, v) in patch_map {
        if v.is_null() {
            map.remove(k);
        } else {
            merge_patch(map.entry(k.clone()).or_insert(Value::Null), v);
        }
    }
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn tokens(path: &str) -> Result<Vec<String>, String> {
    if path.is_empty() {
        return Ok(vec![]);
    }
    let rest = path
        .strip_prefix('/')
        .ok_or_else(|| format!("invalid JSON pointer {path:?}"))?;
    Ok(rest.split('/').map(unescape).collect())
}

fn parent_and_last<'a>(doc: &'a mut Value, path: &str) -> Result<(&'a mut Value, String), String> {
    let mut toks = tokens(path)?;
    let last = toks.pop().ok_or("cannot operate on the document root")?;
    let mut node = doc;
    for t in toks {
        node = match node {
            Value::Object(m) => m.get_mut(&t).ok_or(format!("missing path {path}"))?,
            Value::Array(a) => {
                let i: usize = t.parse().map_err(|_| format!("bad index in {path}"))?;
                a.get_mut(i)
                    .ok_or(format!("index out of range in {path}"))?
            }
            _ => return Err(format!("missing path {path}")),
        };
    }
    Ok((node, last))
}

fn get<'a>(doc: &'a Value, path: &str) -> Result<&'a Value, String> {
    let mut node = doc;
    for t in tokens(path)? {
        node = match node {
            Value::Object(m) => m.get(&t),
            Value::Array(a) => t.parse::<usize>().ok().and_then(|i| a.get(i)),
            _ => None,
        }
        .ok_or(format!("missing path {path}"))?;
    }
    Ok(node)
}

fn add(doc: &mut Value, path: &str, value: Value) -> Result<(), String> {
    if path.is_empty() {
        *doc = value;
        return Ok(());
    }
    let (parent, last) = parent_and_last(doc, path)?;
    match parent {
        Value::Object(m) => {
            m.insert(last, value);
            Ok(())
        }
        Value::Array(a) => {
            if last == "-" {
                a.push(value);
                return Ok(());
            }
            let i: usize = last.parse().map_err(|_| format!("bad index in {path}"))?;
            if i > a.len() {
                return Err(format!("index out of range in {path}"));
            }
            a.insert(i, value);
            Ok(())
        }
        _ => Err(format!("missing path {path}")),
    }
}

fn remove(doc: &mut Value, path: &str) -> Result<Value, String> {
    let (parent, last) = parent_and_last(doc, path)?;
    match parent {
        Value::Object(m) => m.remove(&last).ok_or(format!("missing path {path}")),
        Value::Array(a) => {
            let i: usize = last.parse().map_err(|_| format!("bad index in {path}"))?;
            if i >= a.len() {
                return Err(format!("index out of range in {path}"));
            }
            Ok(a.remove(i))
        }
        _ => Err(format!("missing path {path}")),
    }
}

/// Why a JSON patch document could not be used at all (a 400), as opposed to an
/// operation that failed against the object (a 422).
pub enum JsonPatchError {
    Malformed(String),
    Failed(String),
}

/// RFC 6902 over `doc`; all or nothing (the caller keeps the original on error).
pub fn json_patch(doc: &mut Value, patch: &Value) -> Result<(), JsonPatchError> {
    let ops = patch.as_array().ok_or_else(|| {
        JsonPatchError::Malformed(
            "json: cannot unmarshal object into Go value of type jsonpatch.Patch".into(),
        )
    })?;
    for op in ops {
        let kind = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op
            .get("path")
            .and_then(Value::as_str)
            .ok_or_else(|| JsonPatchError::Malformed("operation missing path".into()))?;
        let value = || {
            op.get("value")
                .cloned()
                .ok_or_else(|| JsonPatchError::Failed(format!("missing value for {kind} {path}")))
        };
        let from = || {
            op.get("from")
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| JsonPatchError::Failed(format!("missing from for {kind} {path}")))
        };
        let r = match kind {
            "add" => add(doc, path, value()?),
            "remove" => remove(doc, path).map(|_| ()),
            "replace" => {
                let v = value()?;
                remove(doc, path).and_then(|_| add(doc, path, v))
            }
            "move" => {
                let f = from()?;
                remove(doc, &f).and_then(|v| add(doc, path, v))
            }
            "copy" => {
                let f = from()?;
                get(doc, &f).cloned().and_then(|v| add(doc, path, v))
            }
            "test" => {
                let expected = value()?;
                match get(doc, path) {
                    Ok(actual) if *actual == expected => Ok(()),
                    _ => Err(format!("testing value {path} failed: test failed")),
                }
            }
            other => {
                return Err(JsonPatchError::Malformed(format!(
                    "Unexpected kind: {other}"
                )));
            }
        };
        r.map_err(JsonPatchError::Failed)?;
    }
    Ok(())
}
