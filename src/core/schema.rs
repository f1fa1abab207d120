//! Validation of Istio objects against the schemas Istio 1.30.3's CRDs ship.
//! (Interface placeholder: the validator replaces this file.)

use serde_json::Value;

/// One problem found in an object, at a field path such as `spec.http[0].route[1].weight`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    pub path: String,
    pub message: String,
}

/// A CRD the catalog knows: enough for discovery and for choosing a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrdInfo {
    pub group: String,
    pub kind: String,
    pub plural: String,
    pub singular: String,
    pub short_names: Vec<String>,
    pub namespaced: bool,
    /// Served versions, newest first.
    pub versions: Vec<String>,
    pub storage_version: String,
}

/// The schemas of every Istio CRD, embedded in the binary.
pub struct Catalog {
    crds: Vec<CrdInfo>,
}

static EMPTY: Catalog = Catalog { crds: Vec::new() };

impl Catalog {
    pub fn istio() -> &'static Catalog {
        &EMPTY
    }

    pub fn crds(&self) -> &[CrdInfo] {
        &self.crds
    }

    /// The CRD serving `kind` in `api_version` (`group/version`), if any.
    pub fn find(&self, api_version: &str, kind: &str) -> Option<&CrdInfo> {
        let (group, version) = api_version.split_once('/')?;
        self.crds
            .iter()
            .find(|c| c.group == group && c.kind == kind && c.versions.iter().any(|v| v == version))
    }

    /// Validates a whole object (apiVersion, kind, metadata, spec) as the API server
    /// would. An empty list means the object is valid.
    pub fn validate(&self, _object: &Value) -> Vec<Violation> {
        Vec::new()
    }
}
