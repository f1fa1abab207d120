//! Derives the compact schema data meshctl embeds from CustomResourceDefinition YAML.
//!
//! The CRDs Istio ships are ~870 KB of YAML, mostly descriptions, with the same schema
//! repeated for every served version. meshctl keeps only what validation and discovery
//! need: names, scope, versions and each distinct schema once, without descriptions.
//! The same function backs the generator (`examples/derive_schemas.rs`), the freshness
//! test and [`super::Catalog::from_crd_yaml`], so all three agree.

use crate::yaml::parse_documents;
use serde_json::{Map, Value, json};

/// Keys of a schema node whose values are themselves schema nodes (or lists/maps of them).
const SCHEMA_MAPS: &[&str] = &["properties", "patternProperties", "definitions"];
const SCHEMA_LISTS: &[&str] = &["oneOf", "anyOf", "allOf"];
const SCHEMA_ONES: &[&str] = &["items", "additionalProperties", "not", "additionalItems"];

/// Derives the compact form from a YAML stream of CRDs. Documents that are not CRDs are
/// ignored; a stream with no CRD at all is an error.
///
/// The result is `{"crds": [..], "schemas": [..]}`: each CRD lists its versions, and each
/// version names its schema by index into `schemas`, where identical schemas appear once.
pub fn derive(crd_yaml: &str) -> Result<Value, String> {
    let docs = parse_documents(crd_yaml).map_err(|e| format!("cannot parse the CRDs: {e}"))?;
    let mut crds = Vec::new();
    let mut schemas: Vec<Value> = Vec::new();
    for doc in docs {
        let v = &doc.value;
        if v.get("kind").and_then(Value::as_str) != Some("CustomResourceDefinition") {
            continue;
        }
        let where_ = format!("document {} (line {})", doc.index, doc.line);
        let spec = v
            .get("spec")
            .ok_or_else(|| format!("{where_}: CRD has no `spec`"))?;
        let names = spec
            .get("names")
            .ok_or_else(|| format!("{where_}: CRD has no `spec.names`"))?;
        let text = |value: Option<&Value>, what: &str| -> Result<String, String> {
            value
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| format!("{where_}: CRD has no `{what}`"))
        };
        let mut versions = Vec::new();
        for version in spec
            .get("versions")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("{where_}: CRD has no `spec.versions`"))?
        {
            let name = text(version.get("name"), "spec.versions[].name")?;
            let schema = version
                .pointer("/schema/openAPIV3Schema")
                .map(strip_schema)
                .unwrap_or_else(
                    || json!({"type": "object", "x-kubernetes-preserve-unknown-fields": true}),
                );
            let index = match schemas.iter().position(|s| *s == schema) {
                Some(i) => i,
                None => {
                    schemas.push(schema);
                    schemas.len() - 1
                }
            };
            let mut out = Map::new();
            out.insert("name".into(), Value::String(name));
            for key in ["served", "storage", "deprecated", "deprecationWarning"] {
                if let Some(x) = version.get(key) {
                    out.insert(key.into(), x.clone());
                }
            }
            out.insert("schema".into(), json!(index));
            if let Some(x) = version.get("subresources") {
                out.insert("subresources".into(), x.clone());
            }
            if let Some(cols) = version
                .get("additionalPrinterColumns")
                .and_then(Value::as_array)
            {
                let cols: Vec<Value> = cols.iter().map(without_description).collect();
                out.insert("additionalPrinterColumns".into(), Value::Array(cols));
            }
            versions.push(Value::Object(out));
        }
        let mut crd = Map::new();
        crd.insert(
            "group".into(),
            json!(text(spec.get("group"), "spec.group")?),
        );
        crd.insert(
            "kind".into(),
            json!(text(names.get("kind"), "spec.names.kind")?),
        );
        for key in ["listKind", "plural", "singular", "shortNames", "categories"] {
            if let Some(x) = names.get(key) {
                crd.insert(key.into(), x.clone());
            }
        }
        crd.insert(
            "scope".into(),
            spec.get("scope").cloned().unwrap_or(json!("Namespaced")),
        );
        crd.insert("versions".into(), Value::Array(versions));
        crds.push(Value::Object(crd));
    }
    if crds.is_empty() {
        return Err("no CustomResourceDefinition found".into());
    }
    Ok(json!({ "crds": crds, "schemas": schemas }))
}

/// The derived data as the text kept in `schemas/`: compact JSON, one trailing newline.
pub fn derive_text(crd_yaml: &str) -> Result<String, String> {
    let value = derive(crd_yaml)?;
    let mut text = serde_json::to_string(&value).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text)
}

/// One derived catalog of several (Istio's and the Gateway API's, say): the CRDs in
/// order, each version's schema index shifted past the schemas before it.
pub fn merge(parts: &[Value]) -> Value {
    let mut crds = Vec::new();
    let mut schemas: Vec<Value> = Vec::new();
    for part in parts {
        let offset = schemas.len() as u64;
        for crd in part["crds"].as_array().into_iter().flatten() {
            let mut crd = crd.clone();
            for version in crd["versions"].as_array_mut().into_iter().flatten() {
                if let Some(i) = version["schema"].as_u64() {
                    version["schema"] = json!(i + offset);
                }
            }
            crds.push(crd);
        }
        schemas.extend(part["schemas"].as_array().into_iter().flatten().cloned());
    }
    json!({ "crds": crds, "schemas": schemas })
}

fn without_description(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| *k != "description")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A schema node without `description`s, recursing only where sub-schemas live, so a
/// property that happens to be named `description` is kept.
fn strip_schema(node: &Value) -> Value {
    let Value::Object(map) = node else {
        return node.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        let key_str = key.as_str();
        let stripped = if key_str == "description" {
            continue;
        } else if SCHEMA_MAPS.contains(&key_str) {
            match value {
                Value::Object(props) => Value::Object(
                    props
                        .iter()
                        .map(|(k, v)| (k.clone(), strip_schema(v)))
                        .collect(),
                ),
                other => other.clone(),
            }
        } else if SCHEMA_LISTS.contains(&key_str) {
            match value {
                Value::Array(items) => Value::Array(items.iter().map(strip_schema).collect()),
                other => other.clone(),
            }
        } else if SCHEMA_ONES.contains(&key_str) {
            strip_schema(value)
        } else {
            value.clone()
        };
        out.insert(key.clone(), stripped);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRD: &str = r#"
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        description: drop me
        properties:
          spec:
            type: object
            properties:
              description: {type: string, description: drop me too}
  - name: v1beta1
    served: true
    storage: false
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              description: {type: string}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: ignored}
"#;

    #[test]
    fn strips_descriptions_but_keeps_properties_named_description() {
        let derived = derive(CRD).unwrap();
        let schema = &derived["schemas"][0];
        assert!(schema.get("description").is_none());
        assert_eq!(
            schema["properties"]["spec"]["properties"]["description"],
            json!({"type": "string"})
        );
    }

    #[test]
    fn identical_version_schemas_are_kept_once() {
        let derived = derive(CRD).unwrap();
        assert_eq!(derived["schemas"].as_array().unwrap().len(), 1);
        let versions = derived["crds"][0]["versions"].as_array().unwrap();
        assert_eq!(versions[0]["schema"], 0);
        assert_eq!(versions[1]["schema"], 0);
        assert_eq!(derived["crds"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn merged_catalogs_keep_each_version_on_its_own_schema() {
        let one = derive(CRD).unwrap();
        let other = derive(&CRD.replace("example.com", "other.example")).unwrap();
        let merged = merge(&[one, other]);
        assert_eq!(merged["crds"].as_array().unwrap().len(), 2);
        assert_eq!(merged["schemas"].as_array().unwrap().len(), 2);
        assert_eq!(merged["crds"][0]["versions"][1]["schema"], 0);
        assert_eq!(merged["crds"][1]["group"], "other.example");
        assert_eq!(merged["crds"][1]["versions"][0]["schema"], 1);
        assert_eq!(merged["crds"][1]["versions"][1]["schema"], 1);
    }

    #[test]
    fn a_stream_without_crds_is_an_error() {
        assert!(derive("kind: ConfigMap\n").is_err());
    }
}
