//! What the API server serves: resource types by group, version and kind, and the
//! names people use for them (`vs`, `virtualservice`,
//! `virtualservices.networking.istio.io`). Pure functions over discovery documents;
//! fetching and caching them is the cluster's job.

use meshctl_core::store::ISTIO_NETWORKING;
use serde_json::Value;

/// Istio's API versions, newest first: meshctl uses the newest one the server serves.
pub const ISTIO_VERSIONS: [&str; 3] = ["v1", "v1beta1", "v1alpha3"];

/// One resource type the server serves, in one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceType {
    /// Empty for the core group.
    pub group: String,
    pub version: String,
    pub kind: String,
    pub plural: String,
    pub singular: String,
    pub short_names: Vec<String>,
    pub namespaced: bool,
}

impl ResourceType {
    /// The store-neutral type, for commands that talk to any mesh store.
    pub fn object_type(&self) -> meshctl_core::store::ObjectType {
        meshctl_core::store::ObjectType {
            group: self.group.clone(),
            version: self.version.clone(),
            kind: self.kind.clone(),
            namespaced: self.namespaced,
        }
    }

    /// `networking.istio.io/v1`, or `v1` for the core group.
    pub fn api_version(&self) -> String {
        self.object_type().api_version()
    }

    /// `virtualservices.networking.istio.io` (or `configmaps`): how RBAC and
    /// `kubectl` name the type.
    pub fn qualified_plural(&self) -> String {
        if self.group.is_empty() {
            self.plural.clone()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }

    /// `virtualservice.networking.istio.io` (or `configmap`), as `kubectl apply` prints it.
    pub fn qualified_kind(&self) -> String {
        self.object_type().qualified_kind()
    }

    /// The collection's path: `/apis/GROUP/VERSION[/namespaces/NS]/PLURAL`.
    pub fn collection_path(&self, namespace: Option<&str>) -> String {
        let base = if self.group.is_empty() {
            format!("/api/{}", self.version)
        } else {
            format!("/apis/{}/{}", self.group, self.version)
        };
        match namespace.filter(|_| self.namespaced) {
            Some(ns) => format!("{base}/namespaces/{ns}/{}", self.plural),
            None => format!("{base}/{}", self.plural),
        }
    }

    /// Whether `name` is one of the names people use for this type, case-insensitively:
    /// kind, plural, singular, a short name, each optionally followed by `.GROUP`.
    pub fn answers_to(&self, name: &str) -> bool {
        let name = name.to_lowercase();
        let (base, group) = match name.split_once('.') {
            Some((base, group)) => (base.to_string(), Some(group.to_string())),
            None => (name.clone(), None),
        };
        if group.is_some_and(|g| g != self.group) {
            return false;
        }
        base == self.kind.to_lowercase()
            || base == self.plural
            || base == self.singular
            || self.short_names.contains(&base)
    }
}

/// A group the server serves: its versions in the server's order and the preferred one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedGroup {
    pub name: String,
    pub versions: Vec<String>,
    pub preferred: Option<String>,
}

impl ServedGroup {
    /// The version meshctl uses: for Istio groups the newest of v1, v1beta1, v1alpha3
    /// that is served; otherwise the server's preferred version.
    pub fn chosen_version(&self) -> Option<&str> {
        if self.name.ends_with("istio.io")
            && let Some(v) = ISTIO_VERSIONS
                .iter()
                .find(|v| self.versions.iter().any(|s| s == *v))
        {
            return Some(v);
        }
        self.preferred
            .as_deref()
            .or_else(|| self.versions.first().map(String::as_str))
    }
}

/// The groups in an `APIGroupList` (`GET /apis`).
pub fn groups_from_list(list: &Value) -> Vec<ServedGroup> {
    let Some(groups) = list.get("groups").and_then(Value::as_array) else {
        return Vec::new();
    };
    groups
        .iter()
        .filter_map(|g| {
            let name = g.get("name")?.as_str()?.to_string();
            let versions = g
                .get("versions")
                .and_then(Value::as_array)
                .map(|vs| {
                    vs.iter()
                        .filter_map(|v| v.get("version").and_then(Value::as_str))
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let preferred = g
                .pointer("/preferredVersion/version")
                .and_then(Value::as_str)
                .map(str::to_string);
            Some(ServedGroup {
                name,
                versions,
                preferred,
            })
        })
        .collect()
}

/// The resource types in an `APIResourceList` (`GET /apis/GROUP/VERSION`), without
/// subresources such as `virtualservices/status`.
pub fn types_from_list(group: &str, version: &str, list: &Value) -> Vec<ResourceType> {
    let Some(resources) = list.get("resources").and_then(Value::as_array) else {
        return Vec::new();
    };
    resources
        .iter()
        .filter_map(|r| {
            let plural = r.get("name")?.as_str()?;
            if plural.contains('/') {
                return None;
            }
            let kind = r.get("kind")?.as_str()?.to_string();
            let singular = r
                .get("singularName")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map_or_else(|| kind.to_lowercase(), str::to_string);
            let short_names = r
                .get("shortNames")
                .and_then(Value::as_array)
                .map(|s| {
                    s.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            Some(ResourceType {
                group: group.to_string(),
                version: version.to_string(),
                kind,
                plural: plural.to_string(),
                singular,
                short_names,
                namespaced: r.get("namespaced").and_then(Value::as_bool).unwrap_or(true),
            })
        })
        .collect()
}

/// The order in which groups are searched for a bare name such as `gateway`: Istio's
/// networking group first (meshctl is a mesh tool), then other Istio groups, the core
/// group, and everything else in the server's order.
pub fn search_rank(group: &str) -> u8 {
    if group == ISTIO_NETWORKING {
        0
    } else if group.ends_with("istio.io") {
        1
    } else if group.is_empty() {
        2
    } else {
        3
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vs_type() -> ResourceType {
        types_from_list(
            "networking.istio.io",
            "v1",
            &json!({"resources": [
                {"name": "virtualservices", "singularName": "virtualservice", "namespaced": true,
                 "kind": "VirtualService", "shortNames": ["vs"]},
                {"name": "virtualservices/status", "namespaced": true, "kind": "VirtualService"}
            ]}),
        )
        .remove(0)
    }

    #[test]
    fn reads_resource_lists_without_subresources() {
        let list = json!({"resources": [
            {"name": "virtualservices", "singularName": "virtualservice", "namespaced": true,
             "kind": "VirtualService", "shortNames": ["vs"]},
            {"name": "virtualservices/status", "namespaced": true, "kind": "VirtualService"}
        ]});
        let types = types_from_list("networking.istio.io", "v1", &list);
        assert_eq!(types.len(), 1);
        assert_eq!(types[0].api_version(), "networking.istio.io/v1");
        assert_eq!(
            types[0].qualified_plural(),
            "virtualservices.networking.istio.io"
        );
        assert_eq!(
            types[0].qualified_kind(),
            "virtualservice.networking.istio.io"
        );
    }

    #[test]
    fn answers_to_every_name_kubectl_accepts() {
        let vs = vs_type();
        for name in [
            "vs",
            "VirtualService",
            "virtualservice",
            "virtualservices",
            "virtualservices.networking.istio.io",
            "virtualservice.networking.istio.io",
            "vs.networking.istio.io",
        ] {
            assert!(vs.answers_to(name), "{name}");
        }
        for name in ["gateway", "virtualservices.example.com", "v"] {
            assert!(!vs.answers_to(name), "{name}");
        }
    }

    #[test]
    fn paths_follow_the_group_and_scope() {
        let vs = vs_type();
        assert_eq!(
            vs.collection_path(Some("shop")),
            "/apis/networking.istio.io/v1/namespaces/shop/virtualservices"
        );
        assert_eq!(
            vs.collection_path(None),
            "/apis/networking.istio.io/v1/virtualservices"
        );
        let ns = ResourceType {
            group: String::new(),
            version: "v1".into(),
            kind: "Namespace".into(),
            plural: "namespaces".into(),
            singular: "namespace".into(),
            short_names: vec!["ns".into()],
            namespaced: false,
        };
        assert_eq!(ns.collection_path(Some("ignored")), "/api/v1/namespaces");
        assert_eq!(ns.api_version(), "v1");
    }

    #[test]
    fn istio_groups_use_the_newest_served_version() {
        let group = |versions: &[&str], preferred: &str| ServedGroup {
            name: "networking.istio.io".into(),
            versions: versions.iter().map(|v| v.to_string()).collect(),
            preferred: Some(preferred.into()),
        };
        assert_eq!(
            group(&["v1alpha3", "v1beta1", "v1"], "v1alpha3").chosen_version(),
            Some("v1")
        );
        assert_eq!(
            group(&["v1beta1", "v1alpha3"], "v1alpha3").chosen_version(),
            Some("v1beta1")
        );
        assert_eq!(
            group(&["v1alpha3"], "v1alpha3").chosen_version(),
            Some("v1alpha3")
        );
        let apps = ServedGroup {
            name: "apps".into(),
            versions: vec!["v1".into()],
            preferred: Some("v1".into()),
        };
        assert_eq!(apps.chosen_version(), Some("v1"));
    }

    #[test]
    fn reads_group_lists() {
        let list = json!({"kind": "APIGroupList", "groups": [{
            "name": "networking.istio.io",
            "versions": [{"groupVersion": "networking.istio.io/v1", "version": "v1"},
                         {"groupVersion": "networking.istio.io/v1beta1", "version": "v1beta1"}],
            "preferredVersion": {"groupVersion": "networking.istio.io/v1", "version": "v1"}
        }]});
        let groups = groups_from_list(&list);
        assert_eq!(groups[0].versions, ["v1", "v1beta1"]);
        assert_eq!(groups[0].preferred.as_deref(), Some("v1"));
    }

    #[test]
    fn istio_networking_is_searched_first() {
        let mut groups = [
            "apps",
            "",
            "gateway.networking.k8s.io",
            "security.istio.io",
            "networking.istio.io",
        ];
        groups.sort_by_key(|g| search_rank(g));
        assert_eq!(groups[0], "networking.istio.io");
        assert_eq!(groups[1], "security.istio.io");
        assert_eq!(groups[2], "");
    }
}
