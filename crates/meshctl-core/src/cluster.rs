//! The workload cluster port: where pods, Services, Deployments, Secrets and Events
//! live (the data-plane cluster; under ASM not the one holding the Istio resources),
//! and how meshctl reaches a pod's proxy.
//!
//! A cluster serves objects the way a [`MeshStore`] does — get, list, apply, update,
//! delete, resolve, record events — for every kind it has, so one set of verbs covers
//! both sides; it adds what only workloads have: a proxy's stats, scraped through the
//! cluster (the pod proxy of the API server). The typed reads below (pods, a Service's
//! selector, Deployments, Secret names) are what commands and analyzers ask for.
//!
//! Commands see this trait, never a client: Kubernetes implements it in
//! `meshctl-adapters` (`kube::KubeMeshStore` on the workload connection), the local
//! mesh refuses what needs Kubernetes, and [`crate::fake`] keeps objects in memory for
//! tests.

use crate::error::Result;
use crate::store::{ListQuery, MeshStore, ObjectRef, StoreFuture};
use serde_json::Value;
use std::collections::BTreeMap;

/// The workload cluster.
pub trait Cluster: MeshStore {
    /// `GET path` on `port` of pod `namespace/pod` (`/stats/prometheus` on 15020): the
    /// body as text. Errors say whether the cluster could not be reached
    /// ([`crate::ErrorKind::Unavailable`]) or answered with a failure (any other kind).
    fn scrape<'a>(
        &'a self,
        namespace: &'a str,
        pod: &'a str,
        port: u16,
        path: &'a str,
    ) -> StoreFuture<'a, String>;
}

impl dyn Cluster + '_ {
    /// Pods in `namespace` (every namespace with `None`) matching a label selector
    /// such as `app=reviews,version=v2`.
    pub async fn pods(
        &self,
        namespace: Option<&str>,
        selector: Option<&str>,
    ) -> Result<Vec<Value>> {
        self.list_core("Pod", namespace, selector).await
    }

    /// Services in `namespace` (every namespace with `None`).
    pub async fn services(&self, namespace: Option<&str>) -> Result<Vec<Value>> {
        self.list_core("Service", namespace, None).await
    }

    /// The Service `namespace/name`, or `None`.
    pub async fn service(&self, namespace: &str, name: &str) -> Result<Option<Value>> {
        self.get(&ObjectRef::new("", "Service", Some(namespace), name))
            .await
    }

    /// The selector of Service `namespace/name`; empty when there is no such Service
    /// (then a subset's labels alone select its pods).
    pub async fn service_selector(
        &self,
        namespace: &str,
        name: &str,
    ) -> Result<BTreeMap<String, String>> {
        match self.service(namespace, name).await {
            Ok(Some(svc)) => Ok(labels(svc.pointer("/spec/selector"))),
            Ok(None) => Ok(BTreeMap::new()),
            Err(e) if e.kind() == crate::ErrorKind::NotFound => Ok(BTreeMap::new()),
            Err(e) => Err(e),
        }
    }

    /// Deployments in `namespace` (every namespace with `None`).
    pub async fn deployments(&self, namespace: Option<&str>) -> Result<Vec<Value>> {
        let query = ListQuery {
            namespace: namespace.map(str::to_string),
            label_selector: None,
        };
        self.list("apps", "Deployment", &query).await
    }

    /// The names of the Secrets in `namespace` (never their data).
    pub async fn secret_names(&self, namespace: &str) -> Result<Vec<String>> {
        let secrets = self.list_core("Secret", Some(namespace), None).await?;
        Ok(secrets
            .iter()
            .filter_map(|s| s.pointer("/metadata/name").and_then(Value::as_str))
            .map(str::to_string)
            .collect())
    }

    /// Events in `namespace` about the object named `name`, oldest first.
    pub async fn events_about(&self, namespace: &str, name: &str) -> Result<Vec<Value>> {
        let mut events = self.list_core("Event", Some(namespace), None).await?;
        events.retain(|e| e.pointer("/involvedObject/name").and_then(Value::as_str) == Some(name));
        events.sort_by(|a, b| {
            let at = |e: &Value| {
                e.get("lastTimestamp")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            at(a).cmp(&at(b))
        });
        Ok(events)
    }

    async fn list_core(
        &self,
        kind: &str,
        namespace: Option<&str>,
        selector: Option<&str>,
    ) -> Result<Vec<Value>> {
        let query = ListQuery {
            namespace: namespace.map(str::to_string),
            label_selector: selector.map(str::to_string),
        };
        self.list("", kind, &query).await
    }
}

/// A string map (`labels`, `selector`) as a sorted map; other values are left out.
pub fn labels(value: Option<&Value>) -> BTreeMap<String, String> {
    value
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a label selector such as `a=b,c!=d,e,!f` (the subset of Kubernetes'
/// syntax meshctl uses) selects an object by its labels. An empty selector selects
/// everything.
pub fn selector_matches(selector: &str, object: &Value) -> bool {
    let labels = object
        .pointer("/metadata/labels")
        .and_then(Value::as_object);
    let get = |k: &str| labels.and_then(|l| l.get(k)).and_then(Value::as_str);
    selector
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .all(|term| {
            if let Some((k, v)) = term.split_once("!=") {
                get(k.trim()) != Some(v.trim())
            } else if let Some((k, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
                get(k.trim()) == Some(v.trim())
            } else if let Some(k) = term.strip_prefix('!') {
                get(k.trim()).is_none()
            } else {
                get(term).is_some()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn selectors_match_every_term() {
        let pod = json!({"metadata": {"labels": {"app": "reviews", "version": "v2"}}});
        assert!(selector_matches("app=reviews,version=v2", &pod));
        assert!(selector_matches("app=reviews", &pod));
        assert!(selector_matches("", &pod));
        assert!(selector_matches("version", &pod));
        assert!(!selector_matches("app=reviews,version=v1", &pod));
        assert!(!selector_matches("track=canary", &json!({"metadata": {}})));
        assert!(selector_matches("version!=v1,!track", &pod));
        assert!(!selector_matches("!version", &pod));
    }
}
