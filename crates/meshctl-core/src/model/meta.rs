//! The parts every Kubernetes object shares: `apiVersion`, `kind`, a subset of
//! `metadata`, and a typed `spec`.

use super::{Extra, GROUP, reorder_like};
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use serde_json::Value;
use std::collections::BTreeMap;

/// The metadata fields meshctl reads or sets; the rest (uid, managedFields, …) stay in
/// `extra`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_version: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A whole object of one Istio kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource<S> {
    // Defaults: reading is lenient, so objects from any source (and test fixtures
    // without identity) read; the schema, not the model, says what is required.
    #[serde(default)]
    pub api_version: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: S,
    /// `status` and anything else beside `spec`.
    #[serde(flatten)]
    pub extra: Extra,
}

impl<S: Serialize + DeserializeOwned + Default> Resource<S> {
    /// Reads an object parsed from YAML or JSON.
    pub fn from_value(value: Value) -> Result<Self, serde_json::Error> {
        serde_json::from_value(value)
    }

    /// Reads an object without copying the value first.
    pub fn read(value: &Value) -> Result<Self, serde_json::Error> {
        Self::deserialize(value)
    }

    /// Reads every object that fits the model, in order. An object that does not (a
    /// field of the wrong type) is left out: reading never fails on someone else's
    /// object, and `validate` is what reports it.
    pub fn read_all<'a>(values: impl IntoIterator<Item = &'a Value>) -> Vec<Self> {
        values
            .into_iter()
            .filter_map(|v| Self::read(v).ok())
            .collect()
    }

    /// The object's namespace, or `default` when it names none.
    pub fn namespace(&self) -> &str {
        self.metadata.namespace.as_deref().unwrap_or("default")
    }

    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    /// `namespace/name`, the namespace always written (`default` when absent).
    pub fn key(&self) -> String {
        format!("{}/{}", self.namespace(), self.metadata.name)
    }

    /// The object as a value: modelled fields first, then the others.
    pub fn to_value(&self) -> Value {
        // Keys are strings and nothing fails to serialise: this cannot error.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The object as a value with keys in the order `original` had them, for writing
    /// back an object that was read and changed.
    pub fn to_value_like(&self, original: &Value) -> Value {
        reorder_like(original, self.to_value())
    }

    /// `namespace/name`, as messages name objects.
    pub fn qualified_name(&self) -> String {
        match &self.metadata.namespace {
            Some(ns) => format!("{ns}/{}", self.metadata.name),
            None => self.metadata.name.clone(),
        }
    }

    /// The version part of `apiVersion` when the group is Istio's networking group.
    pub fn istio_version(&self) -> Option<&str> {
        self.api_version
            .strip_prefix(GROUP)
            .and_then(|rest| rest.strip_prefix('/'))
    }
}
