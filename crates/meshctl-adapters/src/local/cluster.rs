//! The workload cluster of `--target local`. On Kubernetes the Gateway API's Gateways
//! and HTTPRoutes live in the workload cluster beside the Services they route to, and
//! commands reach them through the `Cluster` port; on the local mesh they are stored
//! and served by the [`LocalMesh`] itself, so this cluster holds those two kinds (in
//! the mesh's files, translated with the Istio kinds into its Envoy) and refuses every
//! other workload object, as [`NoWorkloads`] does.

use super::{GATEWAY_API_KINDS, LocalMesh, NoWorkloads};
use meshctl_core::cluster::Cluster;
use meshctl_core::model::GATEWAY_API_GROUP;
use meshctl_core::store::{
    self, Applied, ApplyOptions, Change, EventRecord, ListQuery, MeshStore, ObjectRef, ObjectType,
    StoreFuture,
};
use serde_json::Value;
use std::sync::Arc;

/// The refusals, `'static` so the futures of every other kind can borrow them.
const REFUSE: &NoWorkloads = &NoWorkloads;

/// The local mesh's Gateway API kinds; nothing else.
pub struct LocalCluster {
    mesh: Arc<LocalMesh>,
}

impl LocalCluster {
    pub fn new(mesh: Arc<LocalMesh>) -> Self {
        LocalCluster { mesh }
    }

    /// Whether the local mesh holds objects of `kind` in `group` here.
    pub fn holds(group: &str, kind: &str) -> bool {
        group == GATEWAY_API_GROUP && GATEWAY_API_KINDS.contains(&kind)
    }

    fn holds_ref(object: &ObjectRef) -> bool {
        Self::holds(&object.group, &object.kind)
    }

    fn gateway_api_type(kind: &str) -> ObjectType {
        ObjectType::as_written(&format!("{GATEWAY_API_GROUP}/v1"), kind)
    }
}

impl MeshStore for LocalCluster {
    fn get<'a>(&'a self, object: &'a ObjectRef) -> StoreFuture<'a, Option<Value>> {
        if Self::holds_ref(object) {
            self.mesh.get(object)
        } else {
            REFUSE.get(object)
        }
    }

    fn list<'a>(
        &'a self,
        group: &'a str,
        kind: &'a str,
        query: &'a ListQuery,
    ) -> StoreFuture<'a, Vec<Value>> {
        if Self::holds(group, kind) {
            self.mesh.list(group, kind, query)
        } else {
            REFUSE.list(group, kind, query)
        }
    }

    fn apply<'a>(&'a self, object: &'a Value, options: ApplyOptions) -> StoreFuture<'a, Applied> {
        match ObjectRef::of(object) {
            Some(r) if Self::holds_ref(&r) => self.mesh.apply(object, options),
            _ => REFUSE.apply(object, options),
        }
    }

    fn resolve<'a>(&'a self, api_version: &'a str, kind: &'a str) -> StoreFuture<'a, ObjectType> {
        let group = api_version.split_once('/').map_or("", |(g, _)| g);
        if Self::holds(group, kind) {
            Box::pin(async move { Ok(ObjectType::as_written(api_version, kind)) })
        } else {
            REFUSE.resolve(api_version, kind)
        }
    }

    fn resolve_name<'a>(&'a self, name: &'a str) -> StoreFuture<'a, ObjectType> {
        match store::gateway_api_kind_named(name) {
            Some(kind) => Box::pin(async move { Ok(Self::gateway_api_type(kind)) }),
            None => REFUSE.resolve_name(name),
        }
    }

    fn update<'a>(
        &'a self,
        object: &'a ObjectRef,
        change: &'a mut Change<'a>,
    ) -> StoreFuture<'a, Value> {
        if Self::holds_ref(object) {
            self.mesh.update(object, change)
        } else {
            REFUSE.update(object, change)
        }
    }

    fn delete<'a>(&'a self, object: &'a ObjectRef) -> StoreFuture<'a, bool> {
        if Self::holds_ref(object) {
            self.mesh.delete(object)
        } else {
            REFUSE.delete(object)
        }
    }

    /// Events about a route (a rollout on an HTTPRoute) go where the mesh keeps its own.
    fn record_event<'a>(&'a self, event: &'a EventRecord) -> StoreFuture<'a, ()> {
        if Self::holds_ref(&event.object) {
            self.mesh.record_event(event)
        } else {
            REFUSE.record_event(event)
        }
    }
}

impl Cluster for LocalCluster {
    fn scrape<'a>(
        &'a self,
        namespace: &'a str,
        pod: &'a str,
        port: u16,
        path: &'a str,
    ) -> StoreFuture<'a, String> {
        REFUSE.scrape(namespace, pod, port, path)
    }
}

#[cfg(test)]
mod tests;
