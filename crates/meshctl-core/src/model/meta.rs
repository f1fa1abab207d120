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
    pub api_version: String,
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    pub spec: S,
    /// `status` and anything else beside `spec`.
    #[serde(flatten)]
    pub extra: Extra,
}

impl<S: Serialize + DeserializeOwned> Resource<S> {
    /// Reads an object parsed from YAML or JSON.
    pub fn from_value(value: Value) -> Result<Self, serde_json::Error> {
        serde_json::from_value(value)
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
