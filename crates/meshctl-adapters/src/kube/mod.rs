//! The Kubernetes mesh store: Istio resources on an API server (the ASM control plane,
//! or the cluster itself), plus the writes meshctl makes to any kind it applies.
//!
//! Two ways to write, on purpose:
//! - whole objects meshctl renders or the user applies go through server-side apply
//!   with field manager `meshctl`, so another manager's fields are never silently
//!   taken over (`--force-conflicts` takes them);
//! - changes to parts of live objects (weights, meshctl's routes and annotations) are
//!   read–change–write on the whole JSON object with a `resourceVersion`
//!   precondition, retried on conflict, so fields another writer added survive.

mod cluster;
pub mod discovery;
pub mod error;
pub mod retry;

pub use cluster::{
    Cluster, ConnectOptions, DEFAULT_TIMEOUT, Op, PAGE_SIZE, context_names, names_of,
};
pub use discovery::ResourceType;
pub use error::from_kube;

use meshctl_core::cluster::Cluster as ClusterPort;
use meshctl_core::store::{
    self, Applied, ApplyOptions, Change, EventRecord, ListQuery, MeshStore, ObjectRef, ObjectType,
    StoreFuture,
};
use meshctl_core::{Error, ErrorKind, Result};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// How many times an update is re-read and re-applied after someone else wrote first.
pub const UPDATE_ATTEMPTS: u32 = 5;

/// Mesh resources on one API server.
#[derive(Clone)]
pub struct KubeMeshStore {
    cluster: Arc<Cluster>,
}

impl KubeMeshStore {
    pub fn new(cluster: Arc<Cluster>) -> Self {
        KubeMeshStore { cluster }
    }

    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }
}

/// Fills in what an object needs before it is written: the namespace of a namespaced
/// kind (`namespace` when it has none), the apiVersion the server serves, and
/// meshctl's managed-by label.
pub fn prepare(rt: &ResourceType, object: &Value, namespace: &str) -> Result<Value> {
    store::prepare(&rt.object_type(), object, namespace)
}

/// Server-side applies a prepared object and says whether it was created, changed or
/// left as it was.
pub async fn apply_object(
    cluster: &Cluster,
    rt: &ResourceType,
    object: &Value,
    options: ApplyOptions,
) -> Result<Applied> {
    let (namespace, name) = names_of(object);
    let before = cluster.get(rt, namespace.as_deref(), &name).await?;
    let after = cluster
        .apply(rt, object, options.dry_run, options.force_conflicts)
        .await?;
    Ok(Applied {
        outcome: store::classify(before.as_ref(), &after),
        object: after,
    })
}

/// Server-side applies a prepared object whose `resourceVersion` before the batch is
/// `before` (`None`: it did not exist), without reading it first: the answer's status
/// and version tell what happened. A server-side dry run leaves the version alone
/// whatever it would change, so it reads the object and compares, as
/// [`apply_object`] does.
pub async fn apply_known(
    cluster: &Cluster,
    rt: &ResourceType,
    object: &Value,
    options: ApplyOptions,
    before: Option<&str>,
) -> Result<Applied> {
    if options.dry_run {
        return apply_object(cluster, rt, object, options).await;
    }
    let (after, created) = cluster
        .apply_status(rt, object, false, options.force_conflicts)
        .await?;
    Ok(Applied {
        outcome: store::classify_by_version(before, created, &after),
        object: after,
    })
}

/// Read, change with `change`, write with a `resourceVersion` precondition; on a
/// conflict read again and re-run `change`, up to [`UPDATE_ATTEMPTS`] times. Works on
/// the whole JSON object, so every field `change` leaves alone is written back as it
/// was read — including fields another writer added since the last read.
pub async fn update_object(
    cluster: &Cluster,
    rt: &ResourceType,
    namespace: Option<&str>,
    name: &str,
    change: &mut Change<'_>,
) -> Result<Value> {
    let what = ObjectRef::new(
        rt.group.clone(),
        rt.kind.clone(),
        namespace.filter(|_| rt.namespaced),
        name,
    );
    for _ in 0..UPDATE_ATTEMPTS {
        let Some(live) = cluster.get(rt, namespace, name).await? else {
            return Err(Error::not_found(format!("{what} not found"))
                .with_hint("check the name and the namespace (`-n`)"));
        };
        let mut next = live.clone();
        change(&mut next)?;
        if store::without_server_fields(&next) == store::without_server_fields(&live) {
            return Ok(live);
        }
        // The precondition: the server accepts the write only over the version read.
        if let (Some(meta), Some(rv)) = (
            next.get_mut("metadata").and_then(Value::as_object_mut),
            live.pointer("/metadata/resourceVersion").cloned(),
        ) {
            meta.insert("resourceVersion".into(), rv);
        }
        match cluster.replace(rt, &next, false).await {
            Ok(written) => return Ok(written),
            Err((err, _)) if cluster::is_conflict(&err) => {
                tracing::debug!("{what} changed while updating it; reading it again");
            }
            Err((err, op)) => return Err(from_kube(&err, &op)),
        }
    }
    Err(Error::new(
        ErrorKind::Conflict,
        format!("{what} kept changing while meshctl updated it ({UPDATE_ATTEMPTS} attempts)"),
    )
    .with_hint("another writer changes it continuously; find it with `kubectl get` and `--show-managed-fields`, then try again"))
}

/// Records a core/v1 Event against the object.
pub async fn record_event(cluster: &Cluster, event: &EventRecord) -> Result<()> {
    let rt = cluster.resolve("v1", "Event").await?;
    let target = &event.object;
    let namespace = target
        .namespace
        .clone()
        .unwrap_or_else(|| "default".to_string());
    let now = serde_json::to_value(k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(
        k8s_openapi::jiff::Timestamp::now(),
    ))?;
    let suffix: u64 = rand::random();
    // The involved object's apiVersion is the version the server serves for its kind.
    let api_version = if target.group.is_empty() {
        "v1".to_string()
    } else {
        cluster
            .resolve_name(&format!("{}.{}", target.kind, target.group))
            .await?
            .api_version()
    };
    let body = serde_json::json!({
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {"name": format!("{}.{suffix:016x}", target.name), "namespace": namespace},
        "involvedObject": {
            "apiVersion": api_version,
            "kind": target.kind, "name": target.name, "namespace": target.namespace,
        },
        "reason": event.reason,
        "message": event.message,
        "type": if event.warning { "Warning" } else { "Normal" },
        "source": {"component": store::FIELD_MANAGER},
        "reportingComponent": store::FIELD_MANAGER,
        "firstTimestamp": now,
        "lastTimestamp": now,
        "count": 1,
    });
    // A lost reply is retried with the same name: `create_once` reads a 409 for it as
    // the earlier attempt having landed.
    cluster.create_once(&rt, Some(&namespace), &body).await?;
    Ok(())
}

impl KubeMeshStore {
    async fn type_of(&self, group: &str, kind: &str) -> Result<ResourceType> {
        if group == store::ISTIO_NETWORKING {
            self.cluster.istio_type(kind).await
        } else if group.is_empty() {
            self.cluster.resolve("v1", kind).await
        } else {
            self.cluster.resolve_name(&format!("{kind}.{group}")).await
        }
    }
}

/// The API server's proxy path to `path` on `port` of a pod.
pub fn pod_proxy_path(namespace: &str, pod: &str, port: u16, path: &str) -> String {
    format!("/api/v1/namespaces/{namespace}/pods/{pod}:{port}/proxy{path}")
}

/// The workload cluster on Kubernetes: the same object verbs as the mesh store, on
/// the workload connection, plus scrapes through the API server's pod proxy.
impl ClusterPort for KubeMeshStore {
    fn scrape<'a>(
        &'a self,
        namespace: &'a str,
        pod: &'a str,
        port: u16,
        path: &'a str,
    ) -> StoreFuture<'a, String> {
        Box::pin(async move {
            let path = pod_proxy_path(namespace, pod, port, path);
            let request = http::Request::get(&path)
                .body(Vec::new())
                .map_err(|e| Error::internal(format!("cannot build `{path}`: {e}")))?;
            self.cluster
                .client()
                .request_text(request)
                .await
                .map_err(|e| match &e {
                    // Answered, with a failure: the kind tells it from unreachable.
                    kube::Error::Api(status) => Error::new(
                        ErrorKind::Invalid,
                        format!("the API server answered {}", status.code),
                    ),
                    _ => Error::new(
                        ErrorKind::Unavailable,
                        "the API server could not be reached",
                    ),
                })
        })
    }
}

impl MeshStore for KubeMeshStore {
    fn default_namespace(&self) -> &str {
        self.cluster.default_namespace()
    }

    fn get<'a>(&'a self, object: &'a ObjectRef) -> StoreFuture<'a, Option<Value>> {
        Box::pin(async move {
            let rt = self.type_of(&object.group, &object.kind).await?;
            self.cluster
                .get(&rt, object.namespace.as_deref(), &object.name)
                .await
        })
    }

    fn list<'a>(
        &'a self,
        group: &'a str,
        kind: &'a str,
        query: &'a ListQuery,
    ) -> StoreFuture<'a, Vec<Value>> {
        Box::pin(async move {
            let rt = self.type_of(group, kind).await?;
            self.cluster
                .list(
                    &rt,
                    query.namespace.as_deref(),
                    query.label_selector.as_deref(),
                )
                .await
        })
    }

    fn apply<'a>(&'a self, object: &'a Value, options: ApplyOptions) -> StoreFuture<'a, Applied> {
        Box::pin(async move {
            let api_version = object
                .get("apiVersion")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let kind = object
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let rt = self.cluster.resolve(api_version, kind).await?;
            let prepared = prepare(&rt, object, self.cluster.default_namespace())?;
            apply_object(&self.cluster, &rt, &prepared, options).await
        })
    }

    fn versions<'a>(
        &'a self,
        group: &'a str,
        kind: &'a str,
        namespace: Option<&'a str>,
    ) -> StoreFuture<'a, HashMap<String, String>> {
        Box::pin(async move {
            let rt = self.type_of(group, kind).await?;
            self.cluster.versions(&rt, namespace).await
        })
    }

    fn apply_known<'a>(
        &'a self,
        object: &'a Value,
        options: ApplyOptions,
        before: Option<&'a str>,
    ) -> StoreFuture<'a, Applied> {
        Box::pin(async move {
            let api_version = object
                .get("apiVersion")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let kind = object
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let rt = self.cluster.resolve(api_version, kind).await?;
            let prepared = prepare(&rt, object, self.cluster.default_namespace())?;
            apply_known(&self.cluster, &rt, &prepared, options, before).await
        })
    }

    fn resolve<'a>(&'a self, api_version: &'a str, kind: &'a str) -> StoreFuture<'a, ObjectType> {
        Box::pin(async move { Ok(self.cluster.resolve(api_version, kind).await?.object_type()) })
    }

    fn resolve_name<'a>(&'a self, name: &'a str) -> StoreFuture<'a, ObjectType> {
        Box::pin(async move { Ok(self.cluster.resolve_name(name).await?.object_type()) })
    }

    fn update<'a>(
        &'a self,
        object: &'a ObjectRef,
        change: &'a mut Change<'a>,
    ) -> StoreFuture<'a, Value> {
        Box::pin(async move {
            let rt = self.type_of(&object.group, &object.kind).await?;
            update_object(
                &self.cluster,
                &rt,
                object.namespace.as_deref(),
                &object.name,
                change,
            )
            .await
        })
    }

    fn delete<'a>(&'a self, object: &'a ObjectRef) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let rt = self.type_of(&object.group, &object.kind).await?;
            self.cluster
                .delete(&rt, object.namespace.as_deref(), &object.name, false)
                .await
        })
    }

    fn replace_dry_run<'a>(&'a self, object: &'a Value) -> StoreFuture<'a, Value> {
        Box::pin(async move {
            let target = ObjectRef::of(object)
                .ok_or_else(|| Error::usage("the object has no kind or name"))?;
            let rt = self.type_of(&target.group, &target.kind).await?;
            self.cluster
                .replace(&rt, object, true)
                .await
                .map_err(|(err, op)| from_kube(&err, &op))
        })
    }

    fn delete_dry_run<'a>(&'a self, object: &'a ObjectRef) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let rt = self.type_of(&object.group, &object.kind).await?;
            self.cluster
                .delete(&rt, object.namespace.as_deref(), &object.name, true)
                .await
        })
    }

    fn record_event<'a>(&'a self, event: &'a EventRecord) -> StoreFuture<'a, ()> {
        Box::pin(record_event(&self.cluster, event))
    }
}
