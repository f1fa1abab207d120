//! The mesh store: where mesh resources live and how meshctl reads and changes them.
//!
//! Commands and rollouts talk to this trait, not to Kubernetes, so a second store (a
//! local, file-backed mesh driving a real Envoy) can stand in for a cluster. Objects
//! are whole `serde_json::Value`s: nothing meshctl does not model is ever dropped.
//!
//! The pure helpers here (what counts as "unchanged", which fields are the server's
//! bookkeeping, the managed-by label) are shared by every store and by `diff`.

use crate::Result;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// The field manager meshctl uses for server-side apply.
pub const FIELD_MANAGER: &str = "meshctl";
/// The label every object meshctl creates carries.
pub const MANAGED_BY_LABEL: &str = "app.kubernetes.io/managed-by";
pub const MANAGED_BY_VALUE: &str = "meshctl";
/// The API group of Istio's traffic resources.
pub const ISTIO_NETWORKING: &str = "networking.istio.io";

/// A boxed future, so the trait stays object-safe (`&dyn MeshStore`).
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>;

/// Names one object: group and kind, namespace (for namespaced kinds) and name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectRef {
    /// API group without version; empty for the core group.
    pub group: String,
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
}

impl ObjectRef {
    pub fn new(
        group: impl Into<String>,
        kind: impl Into<String>,
        namespace: Option<&str>,
        name: impl Into<String>,
    ) -> Self {
        ObjectRef {
            group: group.into(),
            kind: kind.into(),
            namespace: namespace.map(str::to_string),
            name: name.into(),
        }
    }

    /// An Istio networking object (`VirtualService`, `Gateway`, …) in `namespace`.
    pub fn istio(kind: &str, namespace: &str, name: &str) -> Self {
        Self::new(ISTIO_NETWORKING, kind, Some(namespace), name)
    }

    /// The reference of a whole object, from its `apiVersion`, `kind` and `metadata`.
    pub fn of(object: &Value) -> Option<Self> {
        let api_version = object.get("apiVersion")?.as_str()?;
        let kind = object.get("kind")?.as_str()?;
        let meta = object.get("metadata")?;
        let name = meta.get("name")?.as_str()?;
        let namespace = meta.get("namespace").and_then(Value::as_str);
        Some(Self::new(group_of(api_version), kind, namespace, name))
    }
}

/// `VirtualService shop/reviews`, or `Namespace shop` for cluster-scoped objects.
impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.namespace {
            Some(ns) => write!(f, "{} `{ns}/{}`", self.kind, self.name),
            None => write!(f, "{} `{}`", self.kind, self.name),
        }
    }
}

/// The group part of an `apiVersion` (`networking.istio.io/v1` → `networking.istio.io`,
/// `v1` → ``).
pub fn group_of(api_version: &str) -> &str {
    api_version.split_once('/').map_or("", |(group, _)| group)
}

/// A type of object as a store serves it: enough to fill in the `apiVersion` to write
/// and to name it the way `kubectl` prints it. Stores resolve it (Kubernetes by API
/// discovery, the local mesh from Istio's kinds), so commands never ask which store
/// they talk to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectType {
    /// Empty for the core group.
    pub group: String,
    pub version: String,
    pub kind: String,
    pub namespaced: bool,
}

impl ObjectType {
    /// The type as an object's `apiVersion` and `kind` name it, namespaced like every
    /// Istio traffic kind: for stores without discovery.
    pub fn as_written(api_version: &str, kind: &str) -> Self {
        let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
        ObjectType {
            group: group.to_string(),
            version: version.to_string(),
            kind: kind.to_string(),
            namespaced: true,
        }
    }

    /// `networking.istio.io/v1`, or `v1` for the core group.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// `virtualservice.networking.istio.io` (or `configmap`), as `kubectl apply` prints it.
    pub fn qualified_kind(&self) -> String {
        let kind = self.kind.to_lowercase();
        if self.group.is_empty() {
            kind
        } else {
            format!("{kind}.{}", self.group)
        }
    }

    /// The reference of object `name`; `namespace` only counts for namespaced types.
    pub fn object_ref(&self, namespace: Option<&str>, name: &str) -> ObjectRef {
        ObjectRef::new(
            self.group.clone(),
            self.kind.clone(),
            namespace.filter(|_| self.namespaced),
            name,
        )
    }
}

/// The Istio traffic kind a person means by `name` (`vs`, `virtualservices`,
/// `Gateway`, `dr.networking.istio.io`, …), for stores without discovery.
pub fn istio_kind_named(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    let lower = lower
        .strip_suffix(&format!(".{ISTIO_NETWORKING}"))
        .unwrap_or(&lower);
    Some(match lower {
        "vs" | "virtualservice" | "virtualservices" => "VirtualService",
        "dr" | "destinationrule" | "destinationrules" => "DestinationRule",
        "gw" | "gateway" | "gateways" => "Gateway",
        "se" | "serviceentry" | "serviceentries" => "ServiceEntry",
        _ => return None,
    })
}

/// The Gateway API kind a person means by `name` (`httproute`, `httproutes`,
/// `gateways.gateway.networking.k8s.io`, …), for stores without discovery. A bare
/// `gateway` is Istio's ([`istio_kind_named`]); the Gateway API's needs its group.
pub fn gateway_api_kind_named(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    let group = crate::model::GATEWAY_API_GROUP;
    let (stem, qualified) = match lower.strip_suffix(&format!(".{group}")) {
        Some(stem) => (stem, true),
        None => (lower.as_str(), false),
    };
    Some(match stem {
        "httproute" | "httproutes" => "HTTPRoute",
        "gateway" | "gateways" if qualified => "Gateway",
        _ => return None,
    })
}

/// Fills in what an object needs before it is written: the namespace of a namespaced
/// type (`namespace` when it has none, none at all for cluster-scoped types), the
/// `apiVersion` the store serves, and meshctl's managed-by label.
pub fn prepare(ty: &ObjectType, object: &Value, namespace: &str) -> Result<Value> {
    let mut object = object.clone();
    let Some(obj) = object.as_object_mut() else {
        return Err(crate::Error::invalid("an object must be a mapping"));
    };
    obj.insert("apiVersion".into(), Value::String(ty.api_version()));
    let meta = obj
        .entry("metadata")
        .or_insert_with(|| Value::Object(Default::default()));
    if let Some(meta) = meta.as_object_mut() {
        if ty.namespaced {
            meta.entry("namespace")
                .or_insert_with(|| Value::String(namespace.to_string()));
        } else {
            meta.remove("namespace");
        }
    }
    mark_managed(&mut object);
    Ok(object)
}

/// Which objects a list returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// `None` lists every namespace.
    pub namespace: Option<String>,
    /// A label selector such as `app.kubernetes.io/managed-by=meshctl`.
    pub label_selector: Option<String>,
}

/// How to apply a whole object.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Ask the store to check and compute the result without persisting it.
    pub dry_run: bool,
    /// Take over fields another manager owns instead of failing.
    pub force_conflicts: bool,
}

/// What applying an object did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ApplyOutcome {
    Created,
    Configured,
    Unchanged,
}

impl ApplyOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplyOutcome::Created => "created",
            ApplyOutcome::Configured => "configured",
            ApplyOutcome::Unchanged => "unchanged",
        }
    }
}

/// The result of an apply: what happened and the object as the store now holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub outcome: ApplyOutcome,
    pub object: Value,
}

/// An event to record against an object (a rollout step, a rollback).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    pub object: ObjectRef,
    /// CamelCase, e.g. `WeightsSet`.
    pub reason: String,
    pub message: String,
    pub warning: bool,
}

/// The change an `update` makes: edits the whole object in place. It may run more
/// than once (after a conflict, on a freshly read object), so it must not assume it
/// sees the object it saw before.
pub type Change<'a> = dyn FnMut(&mut Value) -> Result<()> + Send + 'a;

/// Where mesh resources live. Objects go in and come out whole.
pub trait MeshStore: Send + Sync {
    /// The namespace commands use when `-n` is not given: the kubeconfig context's,
    /// `default` for stores without one.
    fn default_namespace(&self) -> &str {
        "default"
    }

    /// The object, or `None` when it does not exist.
    fn get<'a>(&'a self, object: &'a ObjectRef) -> StoreFuture<'a, Option<Value>>;

    /// Every object of `kind` in `group` the query selects.
    fn list<'a>(
        &'a self,
        group: &'a str,
        kind: &'a str,
        query: &'a ListQuery,
    ) -> StoreFuture<'a, Vec<Value>>;

    /// Creates or updates a whole object; meshctl owns the fields it sets.
    fn apply<'a>(&'a self, object: &'a Value, options: ApplyOptions) -> StoreFuture<'a, Applied>;

    /// The `resourceVersion` of every object of `kind` in `group` in `namespace`, by
    /// name: what a batch of applies learns with one read instead of one per object
    /// (see [`MeshStore::apply_known`]).
    fn versions<'a>(
        &'a self,
        group: &'a str,
        kind: &'a str,
        namespace: Option<&'a str>,
    ) -> StoreFuture<'a, HashMap<String, String>> {
        Box::pin(async move {
            let query = ListQuery {
                namespace: namespace.map(str::to_string),
                label_selector: None,
            };
            Ok(self
                .list(group, kind, &query)
                .await?
                .iter()
                .filter_map(|o| {
                    let meta = |key: &str| o.pointer(&format!("/metadata/{key}"))?.as_str();
                    Some((
                        meta("name")?.to_string(),
                        meta("resourceVersion")?.to_string(),
                    ))
                })
                .collect())
        })
    }

    /// Applies like [`MeshStore::apply`], knowing the object's `resourceVersion` from
    /// before the batch (from [`MeshStore::versions`]; `None` when it did not exist)
    /// instead of reading the object first. Stores that cannot tell the outcome from
    /// that read as `apply` does.
    fn apply_known<'a>(
        &'a self,
        object: &'a Value,
        options: ApplyOptions,
        before: Option<&'a str>,
    ) -> StoreFuture<'a, Applied> {
        let _ = before;
        self.apply(object, options)
    }

    /// The type this store serves for an object's `apiVersion` and `kind`; an error
    /// that names the kind when the store does not hold it.
    fn resolve<'a>(&'a self, api_version: &'a str, kind: &'a str) -> StoreFuture<'a, ObjectType>;

    /// The type a person means by `name` (`vs`, `virtualservice`, `gateways.networking.istio.io`, …);
    /// a usage error when the store has none by that name.
    fn resolve_name<'a>(&'a self, name: &'a str) -> StoreFuture<'a, ObjectType>;

    /// Reads the object, runs `change` on it and writes it back only if the live object
    /// is still the one that was read; when someone else wrote in between, reads again
    /// and re-runs `change`, a bounded number of times. Fields `change` does not touch
    /// are written back as read. Returns the object as stored (unchanged objects are
    /// not written).
    ///
    /// `change` sees the whole fresh object, `metadata.resourceVersion` included, so it
    /// can refuse: returning an error (say, the rollout record moved on, or the version
    /// is not the one a decision was based on) stops the update with that error and
    /// writes nothing.
    fn update<'a>(
        &'a self,
        object: &'a ObjectRef,
        change: &'a mut Change<'a>,
    ) -> StoreFuture<'a, Value>;

    /// Deletes the object; `false` when it did not exist.
    fn delete<'a>(&'a self, object: &'a ObjectRef) -> StoreFuture<'a, bool>;

    /// The object as the store would hold it after replacing it with `object` (whose
    /// `resourceVersion` is the precondition), saving nothing: an API server runs the
    /// whole update (`dryRun=All`: validation, defaults, admission); a store without
    /// such a check answers with `object` as given.
    fn replace_dry_run<'a>(&'a self, object: &'a Value) -> StoreFuture<'a, Value> {
        Box::pin(async move { Ok(object.clone()) })
    }

    /// What [`MeshStore::delete`] would answer, deleting nothing: an API server checks
    /// the deletion itself (`dryRun=All`, admission and permissions included); a store
    /// without such a check answers from a read.
    fn delete_dry_run<'a>(&'a self, object: &'a ObjectRef) -> StoreFuture<'a, bool> {
        Box::pin(async move { Ok(self.get(object).await?.is_some()) })
    }

    /// Records an event against an object, for people looking at the mesh later.
    fn record_event<'a>(&'a self, event: &'a EventRecord) -> StoreFuture<'a, ()>;
}

/// Adds `app.kubernetes.io/managed-by: meshctl` unless the object already names a
/// manager (then the user's choice stands).
pub fn mark_managed(object: &mut Value) {
    let Some(obj) = object.as_object_mut() else {
        return;
    };
    let meta = obj
        .entry("metadata")
        .or_insert_with(|| Value::Object(Default::default()));
    let Some(meta) = meta.as_object_mut() else {
        return;
    };
    let labels = meta
        .entry("labels")
        .or_insert_with(|| Value::Object(Default::default()));
    if let Some(labels) = labels.as_object_mut() {
        labels
            .entry(MANAGED_BY_LABEL)
            .or_insert_with(|| Value::String(MANAGED_BY_VALUE.to_string()));
    }
}

/// Whether meshctl's managed-by label is on the object.
pub fn is_managed(object: &Value) -> bool {
    object
        .pointer("/metadata/labels")
        .and_then(|l| l.get(MANAGED_BY_LABEL))
        .and_then(Value::as_str)
        == Some(MANAGED_BY_VALUE)
}

/// Metadata the server maintains; it changes on every write and says nothing about
/// what the object configures.
const SERVER_METADATA: [&str; 6] = [
    "managedFields",
    "resourceVersion",
    "generation",
    "uid",
    "creationTimestamp",
    "deletionTimestamp",
];

/// A copy of `object` without the server's bookkeeping (managed fields, resource
/// version, generation, uid, timestamps, `status`), for comparing and diffing.
pub fn without_server_fields(object: &Value) -> Value {
    let mut out = object.clone();
    if let Some(obj) = out.as_object_mut() {
        obj.remove("status");
        if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
            for key in SERVER_METADATA {
                meta.remove(key);
            }
            if meta
                .get("annotations")
                .and_then(Value::as_object)
                .is_some_and(|a| a.is_empty())
            {
                meta.remove("annotations");
            }
        }
    }
    out
}

/// What an apply did, judged from the `resourceVersion` the object had before the
/// batch (`None`: it was not there) and the answer: the server says created (`201`),
/// and leaves the version alone when nothing changed.
pub fn classify_by_version(before: Option<&str>, created: bool, after: &Value) -> ApplyOutcome {
    let after_version = after
        .pointer("/metadata/resourceVersion")
        .and_then(Value::as_str);
    match before {
        _ if created => ApplyOutcome::Created,
        Some(before) if after_version == Some(before) => ApplyOutcome::Unchanged,
        // Written, or created by someone else since the list: changed either way.
        _ => ApplyOutcome::Configured,
    }
}

/// What an apply did, judged from the object before (if it existed) and after.
pub fn classify(before: Option<&Value>, after: &Value) -> ApplyOutcome {
    match before {
        None => ApplyOutcome::Created,
        Some(before) if without_server_fields(before) == without_server_fields(after) => {
            ApplyOutcome::Unchanged
        }
        Some(_) => ApplyOutcome::Configured,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vs(weight: u32, rv: &str) -> Value {
        json!({
            "apiVersion": "networking.istio.io/v1",
            "kind": "VirtualService",
            "metadata": {
                "name": "reviews", "namespace": "shop", "resourceVersion": rv,
                "generation": 3, "uid": "u-1", "creationTimestamp": "2026-01-01T00:00:00Z",
                "managedFields": [{"manager": "meshctl"}]
            },
            "spec": {"hosts": ["reviews"], "http": [{"route": [{"destination": {"host": "reviews"}, "weight": weight}]}]},
            "status": {"observedGeneration": 3}
        })
    }

    #[test]
    fn refs_come_from_objects_and_read_naturally() {
        let r = ObjectRef::of(&vs(100, "1")).unwrap();
        assert_eq!(r, ObjectRef::istio("VirtualService", "shop", "reviews"));
        assert_eq!(r.to_string(), "VirtualService `shop/reviews`");
        let ns = ObjectRef::of(
            &json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}),
        );
        assert_eq!(ns.unwrap().to_string(), "Namespace `shop`");
        assert_eq!(ObjectRef::of(&json!({"kind": "X"})), None);
    }

    #[test]
    fn group_of_handles_the_core_group() {
        assert_eq!(
            group_of("networking.istio.io/v1beta1"),
            "networking.istio.io"
        );
        assert_eq!(group_of("v1"), "");
    }

    #[test]
    fn classify_ignores_server_bookkeeping_only() {
        let before = vs(100, "1");
        assert_eq!(classify(None, &before), ApplyOutcome::Created);
        assert_eq!(
            classify(Some(&before), &vs(100, "2")),
            ApplyOutcome::Unchanged
        );
        assert_eq!(
            classify(Some(&before), &vs(90, "2")),
            ApplyOutcome::Configured
        );
    }

    #[test]
    fn classify_by_version_reads_the_status_and_the_version() {
        let after = vs(100, "7");
        assert_eq!(
            classify_by_version(None, true, &after),
            ApplyOutcome::Created
        );
        assert_eq!(
            classify_by_version(Some("7"), false, &after),
            ApplyOutcome::Unchanged
        );
        assert_eq!(
            classify_by_version(Some("6"), false, &after),
            ApplyOutcome::Configured
        );
        // Someone else created it between the list and the apply.
        assert_eq!(
            classify_by_version(None, false, &after),
            ApplyOutcome::Configured
        );
    }

    #[test]
    fn stripping_keeps_everything_the_user_wrote() {
        let stripped = without_server_fields(&vs(100, "7"));
        assert_eq!(
            stripped,
            json!({
                "apiVersion": "networking.istio.io/v1",
                "kind": "VirtualService",
                "metadata": {"name": "reviews", "namespace": "shop"},
                "spec": {"hosts": ["reviews"], "http": [{"route": [{"destination": {"host": "reviews"}, "weight": 100}]}]}
            })
        );
    }

    #[test]
    fn istio_kinds_answer_to_their_short_and_plural_names() {
        assert_eq!(istio_kind_named("vs"), Some("VirtualService"));
        assert_eq!(
            istio_kind_named("DestinationRules"),
            Some("DestinationRule")
        );
        assert_eq!(istio_kind_named("gw.networking.istio.io"), Some("Gateway"));
        assert_eq!(istio_kind_named("se"), Some("ServiceEntry"));
        assert_eq!(istio_kind_named("configmap"), None);
    }

    #[test]
    fn gateway_api_kinds_answer_to_their_names_and_a_bare_gateway_stays_istios() {
        assert_eq!(gateway_api_kind_named("HTTPRoutes"), Some("HTTPRoute"));
        assert_eq!(
            gateway_api_kind_named("httproute.gateway.networking.k8s.io"),
            Some("HTTPRoute")
        );
        assert_eq!(
            gateway_api_kind_named("gateways.gateway.networking.k8s.io"),
            Some("Gateway")
        );
        assert_eq!(gateway_api_kind_named("gateway"), None);
        assert_eq!(istio_kind_named("gateway"), Some("Gateway"));
        assert_eq!(gateway_api_kind_named("vs"), None);
    }

    #[test]
    fn prepare_fills_in_version_namespace_and_label() {
        let ty = ObjectType::as_written("networking.istio.io/v1", "Gateway");
        assert_eq!(ty.qualified_kind(), "gateway.networking.istio.io");
        let obj = json!({"apiVersion": "networking.istio.io/v1beta1", "kind": "Gateway", "metadata": {"name": "g"}});
        let out = prepare(&ty, &obj, "shop").unwrap();
        assert_eq!(out["apiVersion"], "networking.istio.io/v1");
        assert_eq!(out["metadata"]["namespace"], "shop");
        assert!(is_managed(&out));
        let ns = ObjectType {
            namespaced: false,
            ..ObjectType::as_written("v1", "Namespace")
        };
        assert_eq!(ns.qualified_kind(), "namespace");
        let out = prepare(
            &ns,
            &json!({"metadata": {"name": "a", "namespace": "x"}}),
            "shop",
        )
        .unwrap();
        assert_eq!(out["metadata"].get("namespace"), None);
        assert_eq!(ns.object_ref(Some("x"), "a").namespace, None);
        assert_eq!(
            ty.object_ref(Some("shop"), "g"),
            ObjectRef::istio("Gateway", "shop", "g")
        );
        assert!(prepare(&ty, &json!([]), "shop").is_err());
    }

    #[test]
    fn mark_managed_adds_the_label_but_keeps_another_manager() {
        let mut obj = json!({"metadata": {"name": "a"}});
        mark_managed(&mut obj);
        assert!(is_managed(&obj));
        assert_eq!(obj["metadata"]["labels"][MANAGED_BY_LABEL], "meshctl");
        let mut helm =
            json!({"metadata": {"name": "a", "labels": {MANAGED_BY_LABEL: "Helm", "x": "y"}}});
        mark_managed(&mut helm);
        assert!(!is_managed(&helm));
        assert_eq!(helm["metadata"]["labels"]["x"], "y");
    }
}

/// Whether `live` already holds everything `desired` sets: every field of `desired` is
/// in `live` with the same value (lists compared element by element). Fields only
/// `live` has (defaults, other managers' fields) do not matter.
pub fn contains(live: &Value, desired: &Value) -> bool {
    match (live, desired) {
        (Value::Object(l), Value::Object(d)) => d
            .iter()
            .all(|(k, dv)| l.get(k).is_some_and(|lv| contains(lv, dv))),
        (Value::Array(l), Value::Array(d)) => {
            l.len() == d.len() && l.iter().zip(d).all(|(lv, dv)| contains(lv, dv))
        }
        // The API server keeps numbers by value: `1.0` is stored (and read back) as `1`.
        (Value::Number(l), Value::Number(d)) => l == d || l.as_f64() == d.as_f64(),
        (l, d) => l == d,
    }
}

#[cfg(test)]
mod contains_tests {
    use super::contains;
    use serde_json::json;

    #[test]
    fn contains_ignores_extra_live_fields_but_not_differences() {
        let live = json!({"a": 1, "b": {"c": [1, {"d": 2, "e": 3}]}, "z": true});
        assert!(contains(&live, &json!({"b": {"c": [1, {"d": 2}]}})));
        assert!(!contains(&live, &json!({"b": {"c": [1]}})));
        assert!(!contains(&live, &json!({"a": 2})));
        assert!(!contains(&live, &json!({"missing": null})));
    }

    #[test]
    fn numbers_compare_by_value_as_the_api_server_stores_them() {
        let live = json!({"spec": {"weight": 1, "factor": 0.5}});
        assert!(contains(&live, &json!({"spec": {"weight": 1.0}})));
        assert!(contains(&live, &json!({"spec": {"factor": 0.50}})));
        assert!(!contains(&live, &json!({"spec": {"weight": 1.5}})));
        assert!(!contains(&live, &json!({"spec": {"weight": "1"}})));
    }
}
