//! The resource types the fake server serves and the discovery documents that describe
//! them (`/api`, `/apis`, per group-version lists, and aggregated discovery), built from
//! the same tables so that what discovery says and what the handlers accept never differ.

use meshctl::core::schema::{Catalog, CrdInfo};
use serde_json::{Value, json};

use super::IstioApis;

/// One resource of one group-version, as discovery lists it.
#[derive(Debug, Clone)]
pub struct ResourceType {
    pub group: String,
    pub version: String,
    pub kind: String,
    pub plural: String,
    pub singular: String,
    pub short_names: Vec<String>,
    pub namespaced: bool,
    pub subresources: Vec<&'static str>,
    pub categories: Vec<String>,
    /// Objects of an Istio CRD: validated against the CRD schema, returned on DELETE.
    pub istio: bool,
    /// Whether `metadata.generation` is kept (types with a spec).
    pub has_generation: bool,
}

impl ResourceType {
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// Storage is shared between the versions of one group and resource, like etcd keys;
    /// `events.k8s.io` events are a second view of the core events.
    pub fn store_key(&self) -> (String, String) {
        if self.is_events_view() {
            return (String::new(), "events".into());
        }
        (self.group.clone(), self.plural.clone())
    }

    /// `events.k8s.io/v1` Event: stored as a core/v1 Event, converted on the way in and out.
    pub fn is_events_view(&self) -> bool {
        self.group == "events.k8s.io" && self.plural == "events"
    }

    /// The stored object as this type shows it (apiVersion, kind, field names).
    pub fn view(&self, stored: &Value) -> Value {
        let mut o = stored.clone();
        if self.is_events_view() {
            rename_fields(&mut o, EVENT_FIELDS.iter().map(|(core, new)| (*core, *new)));
        }
        o["apiVersion"] = json!(self.api_version());
        o["kind"] = json!(self.kind);
        o
    }

    /// An object written through this type, in the form it is stored in.
    pub fn to_storage(&self, mut obj: Value) -> Value {
        if self.is_events_view() {
            rename_fields(
                &mut obj,
                EVENT_FIELDS.iter().map(|(core, new)| (*new, *core)),
            );
            obj["apiVersion"] = json!("v1");
        }
        obj
    }
}

/// core/v1 Event fields and their `events.k8s.io/v1` names (the others are the same).
const EVENT_FIELDS: &[(&str, &str)] = &[
    ("involvedObject", "regarding"),
    ("message", "note"),
    ("reportingComponent", "reportingController"),
    ("source", "deprecatedSource"),
    ("firstTimestamp", "deprecatedFirstTimestamp"),
    ("lastTimestamp", "deprecatedLastTimestamp"),
    ("count", "deprecatedCount"),
];

fn rename_fields<'a>(obj: &mut Value, pairs: impl Iterator<Item = (&'a str, &'a str)>) {
    let Some(m) = obj.as_object_mut() else { return };
    for (from, to) in pairs {
        if let Some(v) = m.remove(from) {
            m.insert(to.to_string(), v);
        }
    }
}

const ALL_VERBS: &[&str] = &[
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
];

struct Builtin {
    group: &'static str,
    version: &'static str,
    kind: &'static str,
    plural: &'static str,
    short_names: &'static [&'static str],
    namespaced: bool,
    subresources: &'static [&'static str],
    has_generation: bool,
}

/// The built-in kinds meshctl touches, with the names and scopes the real server uses.
const BUILTINS: &[Builtin] = &[
    Builtin {
        group: "",
        version: "v1",
        kind: "Namespace",
        plural: "namespaces",
        short_names: &["ns"],
        namespaced: false,
        subresources: &["status", "finalize"],
        has_generation: false,
    },
    Builtin {
        group: "",
        version: "v1",
        kind: "Service",
        plural: "services",
        short_names: &["svc"],
        namespaced: true,
        subresources: &["status", "proxy"],
        has_generation: false,
    },
    Builtin {
        group: "",
        version: "v1",
        kind: "Pod",
        plural: "pods",
        short_names: &["po"],
        namespaced: true,
        subresources: &["status", "proxy", "log", "exec", "portforward"],
        has_generation: true,
    },
    Builtin {
        group: "",
        version: "v1",
        kind: "Event",
        plural: "events",
        short_names: &["ev"],
        namespaced: true,
        subresources: &[],
        has_generation: false,
    },
    Builtin {
        group: "",
        version: "v1",
        kind: "ConfigMap",
        plural: "configmaps",
        short_names: &["cm"],
        namespaced: true,
        subresources: &[],
        has_generation: false,
    },
    Builtin {
        group: "",
        version: "v1",
        kind: "Secret",
        plural: "secrets",
        short_names: &[],
        namespaced: true,
        subresources: &[],
        has_generation: false,
    },
    Builtin {
        group: "",
        version: "v1",
        kind: "ServiceAccount",
        plural: "serviceaccounts",
        short_names: &["sa"],
        namespaced: true,
        subresources: &["token"],
        has_generation: false,
    },
    Builtin {
        group: "apps",
        version: "v1",
        kind: "Deployment",
        plural: "deployments",
        short_names: &["deploy"],
        namespaced: true,
        subresources: &["status", "scale"],
        has_generation: true,
    },
    Builtin {
        group: "coordination.k8s.io",
        version: "v1",
        kind: "Lease",
        plural: "leases",
        short_names: &[],
        namespaced: true,
        subresources: &[],
        has_generation: false,
    },
    Builtin {
        group: "rbac.authorization.k8s.io",
        version: "v1",
        kind: "Role",
        plural: "roles",
        short_names: &[],
        namespaced: true,
        subresources: &[],
        has_generation: false,
    },
    Builtin {
        group: "rbac.authorization.k8s.io",
        version: "v1",
        kind: "RoleBinding",
        plural: "rolebindings",
        short_names: &[],
        namespaced: true,
        subresources: &[],
        has_generation: false,
    },
    Builtin {
        group: "events.k8s.io",
        version: "v1",
        kind: "Event",
        plural: "events",
        short_names: &["ev"],
        namespaced: true,
        subresources: &[],
        has_generation: false,
    },
];

/// Every resource type the server serves, in discovery order.
pub struct Registry {
    pub types: Vec<ResourceType>,
}

impl Registry {
    pub fn new(istio: &IstioApis) -> Self {
        let mut types: Vec<ResourceType> = BUILTINS
            .iter()
            .map(|b| ResourceType {
                group: b.group.into(),
                version: b.version.into(),
                kind: b.kind.into(),
                plural: b.plural.into(),
                singular: b.kind.to_lowercase(),
                short_names: b.short_names.iter().map(|s| s.to_string()).collect(),
                namespaced: b.namespaced,
                subresources: b.subresources.to_vec(),
                categories: if b.group.is_empty()
                    && b.plural != "namespaces"
                    && b.plural != "events"
                {
                    vec!["all".into()]
                } else {
                    vec![]
                },
                istio: false,
                has_generation: b.has_generation,
            })
            .collect();
        for crd in istio_crds() {
            for version in &crd.versions {
                if !istio.serves(&crd.group, version) {
                    continue;
                }
                types.push(ResourceType {
                    group: crd.group.clone(),
                    version: version.clone(),
                    kind: crd.kind.clone(),
                    plural: crd.plural.clone(),
                    singular: crd.singular.clone(),
                    short_names: crd.short_names.clone(),
                    namespaced: crd.namespaced,
                    subresources: if crd.status_subresource {
                        vec!["status"]
                    } else {
                        vec![]
                    },
                    categories: crd.categories.clone(),
                    istio: true,
                    has_generation: true,
                });
            }
        }
        Registry { types }
    }

    /// Serves ASM's `IstioGateway` (the gateway workload ASM's control plane deploys),
    /// schema-less like the built-in kinds.
    pub fn add_asm_gateway(&mut self) {
        self.types.push(ResourceType {
            group: "istio.alibabacloud.com".into(),
            version: "v1beta1".into(),
            kind: "IstioGateway".into(),
            plural: "istiogateways".into(),
            singular: "istiogateway".into(),
            short_names: vec![],
            namespaced: true,
            subresources: vec!["status"],
            categories: vec![],
            istio: false,
            has_generation: true,
        });
    }

    pub fn find(&self, group: &str, version: &str, plural: &str) -> Option<&ResourceType> {
        self.types
            .iter()
            .find(|t| t.group == group && t.version == version && t.plural == plural)
    }

    /// The type for an object's `apiVersion` and `kind`.
    pub fn for_object(&self, api_version: &str, kind: &str) -> Option<&ResourceType> {
        let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
        self.types
            .iter()
            .find(|t| t.group == group && t.version == version && t.kind == kind)
    }

    /// A type named loosely the way tests say it: `virtualservices`,
    /// `virtualservices.networking.istio.io`, or a kind (`VirtualService`).
    pub fn by_name(&self, name: &str) -> Option<&ResourceType> {
        let (plural, group) = match name.split_once('.') {
            Some((p, g)) => (p, Some(g)),
            None => (name, None),
        };
        // Prefer the group's preferred (first-listed) version: storage is shared anyway.
        self.types.iter().find(|t| {
            (t.plural == plural || t.kind == plural) && group.is_none_or(|g| t.group == g)
                // `events` exists in core and events.k8s.io: the bare name means core.
                && (group.is_some() || t.plural != "events" || t.group.is_empty())
        })
    }

    /// The versions served for `group`, in preference order.
    pub fn group_versions(&self, group: &str) -> Vec<String> {
        let mut versions: Vec<String> = Vec::new();
        for t in self.types.iter().filter(|t| t.group == group) {
            if !versions.contains(&t.version) {
                versions.push(t.version.clone());
            }
        }
        versions.sort_by_key(|v| std::cmp::Reverse(version_priority(v)));
        versions
    }

    /// Named groups in discovery order (core excluded).
    pub fn groups(&self) -> Vec<String> {
        let mut groups: Vec<String> = Vec::new();
        for t in self.types.iter().filter(|t| !t.group.is_empty()) {
            if !groups.contains(&t.group) {
                groups.push(t.group.clone());
            }
        }
        groups
    }

    pub fn api_versions_doc(&self) -> Value {
        json!({
            "kind": "APIVersions",
            "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:6443"}],
        })
    }

    fn group_doc(&self, group: &str) -> Value {
        let versions = self.group_versions(group);
        let gv = |v: &String| json!({"groupVersion": format!("{group}/{v}"), "version": v});
        json!({
            "name": group,
            "versions": versions.iter().map(gv).collect::<Vec<_>>(),
            "preferredVersion": gv(&versions[0]),
        })
    }

    pub fn api_group_list_doc(&self) -> Value {
        json!({
            "kind": "APIGroupList",
            "apiVersion": "v1",
            "groups": self.groups().iter().map(|g| self.group_doc(g)).collect::<Vec<_>>(),
        })
    }

    /// `/apis/{group}`, or `None` when the group is not served.
    pub fn api_group_doc(&self, group: &str) -> Option<Value> {
        if !self.groups().iter().any(|g| g == group) {
            return None;
        }
        let mut doc = self.group_doc(group);
        doc["kind"] = json!("APIGroup");
        doc["apiVersion"] = json!("v1");
        Some(doc)
    }

    /// `/api/v1` or `/apis/{group}/{version}`, or `None` when not served.
    pub fn resource_list_doc(&self, group: &str, version: &str) -> Option<Value> {
        let types: Vec<&ResourceType> = self
            .types
            .iter()
            .filter(|t| t.group == group && t.version == version)
            .collect();
        if types.is_empty() {
            return None;
        }
        let mut resources = Vec::new();
        for t in &types {
            let mut r = json!({
                "name": t.plural,
                "singularName": t.singular,
                "namespaced": t.namespaced,
                "kind": t.kind,
                "verbs": ALL_VERBS,
            });
            if !t.short_names.is_empty() {
                r["shortNames"] = json!(t.short_names);
            }
            if !t.categories.is_empty() {
                r["categories"] = json!(t.categories);
            }
            if t.istio {
                r["storageVersionHash"] = json!(storage_hash(&t.group, &t.plural));
            }
            resources.push(r);
            for sub in &t.subresources {
                let (kind, verbs): (&str, &[&str]) = match *sub {
                    "proxy" => (
                        "PodProxyOptions",
                        &["create", "delete", "get", "patch", "update"],
                    ),
                    "status" => (t.kind.as_str(), &["get", "patch", "update"]),
                    "scale" => ("Scale", &["get", "patch", "update"]),
                    "token" => ("TokenRequest", &["create"]),
                    "finalize" => (t.kind.as_str(), &["update"]),
                    "log" => ("Pod", &["get"]),
                    _ => ("PodExecOptions", &["create", "get"]),
                };
                let kind = if t.plural == "services" && *sub == "proxy" {
                    "ServiceProxyOptions"
                } else if *sub == "portforward" {
                    "PodPortForwardOptions"
                } else {
                    kind
                };
                let mut s = json!({
                    "name": format!("{}/{}", t.plural, sub),
                    "singularName": "",
                    "namespaced": t.namespaced,
                    "kind": kind,
                    "verbs": verbs,
                });
                if *sub == "scale" {
                    s["group"] = json!("autoscaling");
                    s["version"] = json!("v1");
                }
                resources.push(s);
            }
        }
        let group_version = if group.is_empty() {
            version.to_string()
        } else {
            format!("{group}/{version}")
        };
        Some(json!({
            "kind": "APIResourceList",
            "apiVersion": "v1",
            "groupVersion": group_version,
            "resources": resources,
        }))
    }

    /// Aggregated discovery (`apidiscovery.k8s.io/v2`) for the core group (`core == true`)
    /// or for every named group.
    pub fn aggregated_doc(&self, core: bool) -> Value {
        let groups: Vec<String> = if core {
            vec![String::new()]
        } else {
            self.groups()
        };
        let items: Vec<Value> = groups
            .iter()
            .map(|g| {
                let versions: Vec<Value> = self
                    .group_versions(g)
                    .iter()
                    .map(|v| {
                        let resources: Vec<Value> = self
                            .types
                            .iter()
                            .filter(|t| &t.group == g && &t.version == v)
                            .map(|t| {
                                let mut r = json!({
                                    "resource": t.plural,
                                    "responseKind": {"group": t.group, "version": t.version, "kind": t.kind},
                                    "scope": if t.namespaced { "Namespaced" } else { "Cluster" },
                                    "singularResource": t.singular,
                                    "verbs": ALL_VERBS,
                                });
                                if !t.short_names.is_empty() {
                                    r["shortNames"] = json!(t.short_names);
                                }
                                if !t.categories.is_empty() {
                                    r["categories"] = json!(t.categories);
                                }
                                if !t.subresources.is_empty() {
                                    r["subresources"] = Value::Array(
                                        t.subresources
                                            .iter()
                                            .map(|s| json!({"subresource": s, "responseKind": {"group": t.group, "version": t.version, "kind": t.kind}, "verbs": ["get", "patch", "update"]}))
                                            .collect(),
                                    );
                                }
                                r
                            })
                            .collect();
                        json!({"version": v, "resources": resources, "freshness": "Current"})
                    })
                    .collect();
                let mut item = json!({"metadata": {"creationTimestamp": null}, "versions": versions});
                if !g.is_empty() {
                    item["metadata"]["name"] = json!(g);
                }
                item
            })
            .collect();
        json!({
            "kind": "APIGroupDiscoveryList",
            "apiVersion": "apidiscovery.k8s.io/v2",
            "metadata": {},
            "items": items,
        })
    }
}

/// Kubernetes version ordering: GA > beta > alpha, higher numbers first.
fn version_priority(v: &str) -> (u8, u32, u32) {
    let rest = v.trim_start_matches('v');
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let major: u32 = digits.parse().unwrap_or(0);
    let tail = &rest[digits.len()..];
    if tail.is_empty() {
        (3, major, 0)
    } else if let Some(n) = tail.strip_prefix("beta") {
        (2, major, n.parse().unwrap_or(0))
    } else if let Some(n) = tail.strip_prefix("alpha") {
        (1, major, n.parse().unwrap_or(0))
    } else {
        (0, major, 0)
    }
}

/// A stable stand-in for the storage version hash the real server publishes.
fn storage_hash(group: &str, plural: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in group.bytes().chain(plural.bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:011x}", h & 0xfff_ffff_ffff)
}

/// The Istio CRDs, from the schema catalog.
pub fn istio_crds() -> Vec<CrdInfo> {
    Catalog::istio().crds().to_vec()
}
