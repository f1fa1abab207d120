//! Validation of mesh objects against the schemas their CRDs ship — Istio 1.30.3's and
//! the Kubernetes Gateway API v1.4.1's standard channel — the way the Kubernetes API
//! server validates custom resources with strict field validation.
//!
//! The schemas are derived from the CRDs by `examples/derive_schemas.rs` into
//! `schemas/istio-1.30.3.json` and `schemas/gateway-api-v1.4.1.json` (compact,
//! descriptions dropped, identical versions kept once) and embedded in the binary. They are parsed on first use, and each schema is
//! compiled (regexes, CEL programs) the first time an object needs it, so commands that
//! validate nothing, such as `--version`, pay nothing.

pub(crate) mod cel;
pub mod derive;
mod format;
#[cfg(test)]
mod gateway_api_tests;
pub(crate) mod meta;
mod node;
mod walk;

use node::Node;
use serde_json::Value;
use std::sync::OnceLock;

/// The derived schemas of Istio 1.30.3's CRDs (see `schemas/NOTICE`).
pub const ISTIO_SCHEMAS: &str = include_str!("../../../../schemas/istio-1.30.3.json");

/// Where the CRDs the embedded schemas come from, relative to the crate's root.
pub const ISTIO_CRDS_SOURCE: &str = "../shared/crds/istio-1.30.3/crd-all.gen.yaml";

/// The derived schemas of the Gateway API v1.4.1 standard-channel CRDs (see
/// `schemas/NOTICE`).
pub const GATEWAY_API_SCHEMAS: &str = include_str!("../../../../schemas/gateway-api-v1.4.1.json");

/// The directory of the Gateway API CRDs the embedded schemas come from, relative to the
/// crate's root, and its files in the order they are derived.
pub const GATEWAY_API_CRDS_SOURCE: &str = "../shared/crds/gateway-api-v1.4.1";
pub const GATEWAY_API_CRD_FILES: &[&str] = &[
    "gateway.networking.k8s.io_gatewayclasses.yaml",
    "gateway.networking.k8s.io_gateways.yaml",
    "gateway.networking.k8s.io_httproutes.yaml",
    "gateway.networking.k8s.io_grpcroutes.yaml",
    "gateway.networking.k8s.io_referencegrants.yaml",
    "gateway.networking.k8s.io_backendtlspolicies.yaml",
];

/// One problem found in an object, at a field path such as `spec.http[0].route[1].weight`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Violation {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// A CRD the catalog knows: enough for discovery and for choosing a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrdInfo {
    pub group: String,
    pub kind: String,
    pub list_kind: String,
    pub plural: String,
    pub singular: String,
    pub short_names: Vec<String>,
    pub categories: Vec<String>,
    pub namespaced: bool,
    /// Served versions, newest first (Kubernetes' version priority).
    pub versions: Vec<String>,
    pub storage_version: String,
    /// Whether the `status` subresource is enabled (in the storage version).
    pub status_subresource: bool,
}

impl CrdInfo {
    /// `group/version` of the preferred (first served) version.
    pub fn preferred_api_version(&self) -> String {
        format!("{}/{}", self.group, self.versions[0])
    }
}

struct SchemaSlot {
    raw: Value,
    compiled: OnceLock<Node>,
}

impl SchemaSlot {
    fn node(&self) -> &Node {
        self.compiled.get_or_init(|| Node::compile(&self.raw))
    }
}

/// The schemas of a set of CRDs (by default Istio's, embedded in the binary).
pub struct Catalog {
    crds: Vec<CrdInfo>,
    /// For each CRD, its served versions and the index of their schema.
    served: Vec<Vec<(String, usize)>>,
    schemas: Vec<SchemaSlot>,
}

impl Catalog {
    /// The catalog of Istio 1.30.3's CRDs, parsed once on first use.
    pub fn istio() -> &'static Catalog {
        static ISTIO: OnceLock<Catalog> = OnceLock::new();
        ISTIO.get_or_init(|| {
            Catalog::from_derived(&embedded(ISTIO_SCHEMAS))
                .expect("embedded schemas are well-formed")
        })
    }

    /// The catalog of the Gateway API v1.4.1 standard-channel CRDs.
    pub fn gateway_api() -> &'static Catalog {
        static GATEWAY_API: OnceLock<Catalog> = OnceLock::new();
        GATEWAY_API.get_or_init(|| {
            Catalog::from_derived(&embedded(GATEWAY_API_SCHEMAS))
                .expect("embedded schemas are well-formed")
        })
    }

    /// Every CRD meshctl judges: Istio's and the Gateway API's. The commands that check
    /// or write objects (`validate`, `render`, `apply`, `diff`) use this one.
    pub fn builtin() -> &'static Catalog {
        static BUILTIN: OnceLock<Catalog> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            let merged = derive::merge(&[embedded(ISTIO_SCHEMAS), embedded(GATEWAY_API_SCHEMAS)]);
            Catalog::from_derived(&merged).expect("embedded schemas are well-formed")
        })
    }

    /// A catalog of the CRDs in a YAML stream (documents other than CRDs are ignored).
    pub fn from_crd_yaml(text: &str) -> Result<Catalog, String> {
        Catalog::from_derived(&derive::derive(text)?)
    }

    /// A catalog from the derived form (see [`derive::derive`]).
    pub fn from_derived(value: &Value) -> Result<Catalog, String> {
        let schemas: Vec<SchemaSlot> = value
            .get("schemas")
            .and_then(Value::as_array)
            .ok_or("derived schemas have no `schemas` list")?
            .iter()
            .map(|raw| SchemaSlot {
                raw: raw.clone(),
                compiled: OnceLock::new(),
            })
            .collect();
        let mut crds = Vec::new();
        let mut served = Vec::new();
        for crd in value
            .get("crds")
            .and_then(Value::as_array)
            .ok_or("derived schemas have no `crds` list")?
        {
            let text = |key: &str| crd.get(key).and_then(Value::as_str).unwrap_or_default();
            let strings = |key: &str| -> Vec<String> {
                crd.get(key)
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let kind = text("kind").to_string();
            let mut versions = Vec::new();
            let mut storage = String::new();
            let mut status_subresource = false;
            for v in crd
                .get("versions")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let name = v.get("name").and_then(Value::as_str).unwrap_or_default();
                let index = v.get("schema").and_then(Value::as_u64).unwrap_or(u64::MAX) as usize;
                if index >= schemas.len() {
                    return Err(format!("`{kind}` version `{name}` names no schema"));
                }
                if v.get("storage").and_then(Value::as_bool) == Some(true) {
                    storage = name.to_string();
                    status_subresource = v.pointer("/subresources/status").is_some();
                }
                if v.get("served").and_then(Value::as_bool) != Some(false) {
                    versions.push((name.to_string(), index));
                }
            }
            versions.sort_by_key(|a| version_priority(&a.0));
            if versions.is_empty() {
                return Err(format!("`{kind}` serves no version"));
            }
            crds.push(CrdInfo {
                group: text("group").to_string(),
                list_kind: crd
                    .get("listKind")
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("{kind}List"), str::to_string),
                plural: text("plural").to_string(),
                singular: crd
                    .get("singular")
                    .and_then(Value::as_str)
                    .map_or_else(|| kind.to_lowercase(), str::to_string),
                short_names: strings("shortNames"),
                categories: strings("categories"),
                namespaced: text("scope") != "Cluster",
                versions: versions.iter().map(|(v, _)| v.clone()).collect(),
                storage_version: storage,
                status_subresource,
                kind,
            });
            served.push(versions);
        }
        Ok(Catalog {
            crds,
            served,
            schemas,
        })
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

    /// The CRD with resource name `plural` in `group` (for URLs such as
    /// `/apis/networking.istio.io/v1/namespaces/default/virtualservices`).
    pub fn find_resource(&self, group: &str, plural: &str) -> Option<&CrdInfo> {
        self.crds
            .iter()
            .find(|c| c.group == group && c.plural == plural)
    }

    /// Whether `api_version` claims one of this catalog's API groups, even misspelt
    /// in case or without its version (`Networking.istio.io/v1`, `networking.istio.io`):
    /// those are this catalog's to judge and refuse. Objects of other groups (a core
    /// `Service`, say) are not.
    pub fn knows_group(&self, api_version: &str) -> bool {
        let group = api_version
            .split_once('/')
            .map_or(api_version, |(group, _)| group);
        self.crds
            .iter()
            .any(|c| c.group.eq_ignore_ascii_case(group))
    }

    /// The OpenAPI v3 schema (without descriptions) of `kind` in `api_version`.
    pub fn openapi_schema(&self, api_version: &str, kind: &str) -> Option<&Value> {
        self.slot(api_version, kind).map(|s| &s.raw)
    }

    fn slot(&self, api_version: &str, kind: &str) -> Option<&SchemaSlot> {
        let (group, version) = api_version.split_once('/')?;
        let i = self
            .crds
            .iter()
            .position(|c| c.group == group && c.kind == kind)?;
        let (_, schema) = self.served[i].iter().find(|(v, _)| v == version)?;
        Some(&self.schemas[*schema])
    }

    /// Validates a whole object as a real Istio would: the API server's schema
    /// ([`Catalog::validate_schema`]), then, for an object the schema accepts, Istio's
    /// webhook rules ([`crate::semantic`]). Every command that checks or writes Istio
    /// objects comes through here. An empty list means the object is valid.
    pub fn validate(&self, object: &Value) -> Vec<Violation> {
        let found = self.validate_schema(object);
        if found.is_empty() {
            crate::semantic::validate(object)
        } else {
            found
        }
    }

    /// Validates a whole object (apiVersion, kind, metadata, spec) as the API server
    /// would with the CRDs alone, without Istio's webhook. An empty list means the
    /// server's schema accepts it.
    pub fn validate_schema(&self, object: &Value) -> Vec<Violation> {
        let mut out = Vec::new();
        let text = |key: &str| object.get(key).and_then(Value::as_str);
        let (api_version, kind) = match (text("apiVersion"), text("kind")) {
            (Some(a), Some(k)) if !a.is_empty() && !k.is_empty() => (a, k),
            (a, k) => {
                if !object.is_object() {
                    return vec![violation("", "must be of type object")];
                }
                if a.is_none_or(str::is_empty) {
                    out.push(violation("apiVersion", "required value"));
                }
                if k.is_none_or(str::is_empty) {
                    out.push(violation("kind", "required value"));
                }
                return out;
            }
        };
        let Some((group, _)) = api_version.split_once('/') else {
            let hint = if self.knows_group(api_version) {
                format!(
                    "; write the version too, such as `{}/v1`",
                    api_version.to_lowercase()
                )
            } else {
                String::new()
            };
            out.push(violation(
                "apiVersion",
                &format!("`{api_version}` is not `group/version`{hint}"),
            ));
            return out;
        };
        let Some(crd) = self
            .crds
            .iter()
            .find(|c| c.group == group && c.kind == kind)
        else {
            let kinds: Vec<&str> = self
                .crds
                .iter()
                .filter(|c| c.group == group)
                .map(|c| c.kind.as_str())
                .collect();
            if kinds.is_empty() {
                let groups = self.groups().join("`, `");
                let hint = if self.knows_group(api_version) {
                    "; API groups are lower case".to_string()
                } else {
                    String::new()
                };
                out.push(violation(
                    "apiVersion",
                    &format!(
                        "unknown API group in `{api_version}`; known groups: `{groups}`{hint}"
                    ),
                ));
            } else {
                out.push(violation(
                    "kind",
                    &format!(
                        "unknown kind `{kind}` in `{group}`; known kinds: {}",
                        kinds.join(", ")
                    ),
                ));
            }
            return out;
        };
        if self.slot(api_version, kind).is_none() {
            let served: Vec<String> = crd
                .versions
                .iter()
                .map(|v| format!("`{}/{v}`", crd.group))
                .collect();
            out.push(violation(
                "apiVersion",
                &format!(
                    "`{api_version}` does not serve `{kind}`; served versions: {}",
                    served.join(", ")
                ),
            ));
            return out;
        }
        self.validate_as(api_version, kind, object)
    }

    /// Validates `object` as `kind` in `api_version` (as the API server does for a
    /// request to that version's URL), whatever the object's own `apiVersion` says.
    /// An unknown kind or version is itself a violation.
    pub fn validate_as(&self, api_version: &str, kind: &str, object: &Value) -> Vec<Violation> {
        let Some(slot) = self.slot(api_version, kind) else {
            return vec![violation(
                "apiVersion",
                &format!("`{api_version}` does not serve `{kind}`"),
            )];
        };
        let mut out = Vec::new();
        if !object.is_object() {
            out.push(violation("", "must be of type object"));
            return out;
        }
        meta::validate(object.get("metadata"), &mut out);
        // With the status subresource, the server drops `status` from what is created
        // or applied before it validates; whatever it holds is never judged.
        let drops_status = self.crds.iter().any(|c| {
            api_version
                .split_once('/')
                .is_some_and(|(g, _)| g == c.group)
                && c.kind == kind
                && c.status_subresource
        });
        let node = slot.node();
        if node.has_defaults {
            let mut defaulted = object.clone();
            node.apply_defaults(&mut defaulted);
            walk::Walker::new(&mut out).root(node, &defaulted, drops_status);
        } else {
            walk::Walker::new(&mut out).root(node, object, drops_status);
        }
        out
    }

    /// Every `x-kubernetes-validations` rule or `pattern` that cannot be evaluated
    /// here, with the reason; such checks are skipped (no object is rejected by them).
    pub fn unsupported_rules(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for slot in &self.schemas {
            slot.node().unsupported_rules(&mut out);
        }
        out.sort();
        out.dedup();
        out
    }

    fn groups(&self) -> Vec<&str> {
        let mut groups: Vec<&str> = self.crds.iter().map(|c| c.group.as_str()).collect();
        groups.sort_unstable();
        groups.dedup();
        groups
    }
}

fn embedded(text: &str) -> Value {
    serde_json::from_str(text).expect("embedded schemas are valid JSON")
}

fn violation(path: &str, message: &str) -> Violation {
    Violation {
        path: path.to_string(),
        message: message.to_string(),
    }
}

/// Kubernetes' version priority as a sort key: GA before beta before alpha, higher
/// numbers first, versions that do not look like `v1beta2` last, alphabetically.
fn version_priority(v: &str) -> (u8, i64, i64, String) {
    let parse = || -> Option<(u8, i64, i64)> {
        let rest = v.strip_prefix('v')?;
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let major: i64 = rest[..digits].parse().ok()?;
        let rest = &rest[digits..];
        if rest.is_empty() {
            return Some((0, -major, 0));
        }
        let (class, minor) = if let Some(m) = rest.strip_prefix("beta") {
            (1, m)
        } else if let Some(m) = rest.strip_prefix("alpha") {
            (2, m)
        } else {
            return None;
        };
        Some((class, -major, -minor.parse::<i64>().ok()?))
    };
    match parse() {
        Some((class, major, minor)) => (class, major, minor, String::new()),
        None => (3, 0, 0, v.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_sort_by_kubernetes_priority() {
        let mut v = vec!["v1alpha3", "v1beta1", "v1", "v2beta1", "foo", "v1alpha1"];
        v.sort_by_key(|x| version_priority(x));
        assert_eq!(
            v,
            ["v1", "v2beta1", "v1beta1", "v1alpha3", "v1alpha1", "foo"]
        );
    }

    #[test]
    fn the_istio_catalog_has_all_fifteen_crds() {
        let catalog = Catalog::istio();
        assert_eq!(catalog.crds().len(), 15);
        let vs = catalog
            .find("networking.istio.io/v1beta1", "VirtualService")
            .unwrap();
        assert_eq!(vs.versions, ["v1", "v1beta1", "v1alpha3"]);
        assert_eq!(vs.plural, "virtualservices");
        assert_eq!(vs.short_names, ["vs"]);
        let telemetry = catalog
            .find_resource("telemetry.istio.io", "telemetries")
            .unwrap();
        assert_eq!(telemetry.storage_version, "v1alpha1");
    }

    #[test]
    fn status_is_not_judged_and_null_map_values_are_dropped() {
        let catalog = Catalog::istio();
        let vs = serde_json::json!({
            "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
            "metadata": {"name": "a"},
            "spec": {"hosts": ["a"], "http": [{"headers": {"request": {"set": {"x": null}}}, "route": [{"destination": {"host": "a"}}]}]},
            "status": {"observedGeneration": {}},
        });
        assert_eq!(catalog.validate(&vs), Vec::new());
    }

    #[test]
    fn near_misses_of_istio_api_versions_are_judged() {
        let catalog = Catalog::istio();
        assert!(catalog.knows_group("Networking.istio.io/v1"));
        assert!(catalog.knows_group("networking.istio.io"));
        assert!(!catalog.knows_group("v1"));
        let vs = |api_version: &str| serde_json::json!({"apiVersion": api_version, "kind": "VirtualService", "metadata": {"name": "a"}});
        assert_eq!(
            catalog.validate(&vs("networking.istio.io"))[0].message,
            "`networking.istio.io` is not `group/version`; write the version too, such as `networking.istio.io/v1`"
        );
        assert!(
            catalog.validate(&vs("Networking.istio.io/v1"))[0]
                .message
                .ends_with("API groups are lower case")
        );
    }

    #[test]
    fn every_rule_in_the_istio_crds_compiles() {
        assert_eq!(Catalog::istio().unsupported_rules(), Vec::new());
    }

    #[test]
    fn every_rule_in_the_gateway_api_crds_compiles() {
        assert_eq!(Catalog::gateway_api().unsupported_rules(), Vec::new());
    }

    #[test]
    fn the_builtin_catalog_serves_istio_and_the_gateway_api() {
        let catalog = Catalog::builtin();
        assert_eq!(catalog.crds().len(), 15 + 6);
        let route = catalog
            .find("gateway.networking.k8s.io/v1", "HTTPRoute")
            .unwrap();
        assert_eq!(route.plural, "httproutes");
        assert!(route.status_subresource);
        let class = catalog
            .find("gateway.networking.k8s.io/v1", "GatewayClass")
            .unwrap();
        assert!(!class.namespaced);
        // Both kinds named Gateway keep their own schema.
        let gateway = |group: &str| catalog.openapi_schema(&format!("{group}/v1"), "Gateway");
        assert_ne!(
            gateway("gateway.networking.k8s.io"),
            gateway("networking.istio.io")
        );
        assert_eq!(
            gateway("networking.istio.io"),
            Catalog::istio().openapi_schema("networking.istio.io/v1", "Gateway")
        );
    }

    /// Functions the CEL environment provides and `cel.rs` tests; a CRD update that
    /// needs another (say `quantity`) fails here rather than skipping rules silently.
    const PROVIDED: &[&str] = &[
        "contains",
        "duration",
        "endsWith",
        "getScheme",
        "goDuration",
        "int",
        "isURL",
        "matches",
        "split",
        "size",
        "startsWith",
        "substring",
        "url",
    ];

    #[test]
    fn every_function_the_rules_call_is_provided() {
        let mut used = std::collections::BTreeSet::new();
        for slot in &Catalog::builtin().schemas {
            slot.node().rule_functions(&mut used);
        }
        let missing: Vec<&String> = used
            .iter()
            // Operators (`_+_`, `!_`, `@in`) are the language's own.
            .filter(|f| f.chars().next().is_some_and(char::is_alphabetic))
            .filter(|f| !PROVIDED.contains(&f.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "rules call functions not provided: {missing:?}"
        );
        assert!(used.contains("url") && used.contains("substring"));
    }
}
