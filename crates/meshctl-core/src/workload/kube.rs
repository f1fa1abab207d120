//! The [`Workloads`] port for Kubernetes: Deployments, read and written through the
//! workload [`Cluster`]'s object verbs (so the same code runs against the API server
//! and against [`crate::fake::FakeStore`]). Every write is a read–change–write under
//! the store's precondition; the JSON edits are [`super::deployment`]'s.

use super::deployment::{self, COPY_OF};
use super::{NewWorkload, Workload, Workloads};
use crate::cluster::Cluster;
use crate::error::{Error, Result};
use crate::store::{ApplyOptions, ListQuery, ObjectRef, StoreFuture};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Deployments of the workload cluster as workloads.
pub struct KubeWorkloads {
    cluster: Arc<dyn Cluster>,
}

impl KubeWorkloads {
    pub fn new(cluster: Arc<dyn Cluster>) -> Self {
        KubeWorkloads { cluster }
    }

    async fn live(&self, namespace: &str, name: &str) -> Result<Value> {
        self.cluster
            .get(&deployment_ref(namespace, name))
            .await?
            .ok_or_else(|| {
                Error::not_found(format!(
                    "Deployment `{name}` not found in namespace `{namespace}`"
                ))
                .with_hint(format!(
                    "see the Deployments there with `kubectl get deployments -n {namespace}`"
                ))
            })
    }

    async fn change(
        &self,
        namespace: &str,
        name: &str,
        mut edit: impl FnMut(&mut Value) -> Result<()> + Send,
    ) -> Result<()> {
        self.live(namespace, name).await?;
        let mut change = |d: &mut Value| edit(d);
        self.cluster
            .update(&deployment_ref(namespace, name), &mut change)
            .await?;
        Ok(())
    }
}

fn deployment_ref(namespace: &str, name: &str) -> ObjectRef {
    ObjectRef::new("apps", "Deployment", Some(namespace), name)
}

impl Workloads for KubeWorkloads {
    fn find<'a>(
        &'a self,
        namespace: &'a str,
        labels: &'a BTreeMap<String, String>,
    ) -> StoreFuture<'a, Vec<Workload>> {
        Box::pin(async move {
            let query = ListQuery {
                namespace: Some(namespace.to_string()),
                label_selector: None,
            };
            let all = self.cluster.list("apps", "Deployment", &query).await?;
            Ok(all
                .iter()
                .map(deployment::workload_of)
                .filter(|w| labels.iter().all(|(k, v)| w.labels.get(k) == Some(v)))
                .collect())
        })
    }

    fn get<'a>(&'a self, namespace: &'a str, name: &'a str) -> StoreFuture<'a, Option<Workload>> {
        Box::pin(async move {
            Ok(self
                .cluster
                .get(&deployment_ref(namespace, name))
                .await?
                .as_ref()
                .map(deployment::workload_of))
        })
    }

    fn snapshot<'a>(&'a self, namespace: &'a str, name: &'a str) -> StoreFuture<'a, Value> {
        Box::pin(async move { Ok(deployment::snapshot(&self.live(namespace, name).await?)) })
    }

    fn create<'a>(&'a self, new: &'a NewWorkload) -> StoreFuture<'a, Workload> {
        Box::pin(async move {
            if let Some(existing) = self
                .cluster
                .get(&deployment_ref(&new.namespace, &new.name))
                .await?
                && !deployment::is_copy(&existing)
            {
                return Err(Error::new(
                    crate::ErrorKind::Conflict,
                    format!(
                        "Deployment `{}` exists in namespace `{}` and meshctl did not create it; it is left alone",
                        new.name, new.namespace
                    ),
                )
                .with_hint("name another Deployment for the new version with `--canary-deployment NAME`"));
            }
            let stable = self.live(&new.namespace, &new.from).await?;
            let copy = deployment::copy(&stable, new)?;
            let options = ApplyOptions {
                dry_run: false,
                force_conflicts: true,
            };
            let applied = self.cluster.apply(&copy, options).await?;
            Ok(deployment::workload_of(&applied.object))
        })
    }

    fn set_image<'a>(
        &'a self,
        namespace: &'a str,
        name: &'a str,
        container: Option<&'a str>,
        image: &'a str,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            self.change(namespace, name, |d| {
                deployment::set_image(d, container, image)
            })
            .await
        })
    }

    fn scale<'a>(
        &'a self,
        namespace: &'a str,
        name: &'a str,
        replicas: u32,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            self.change(namespace, name, |d| {
                d["spec"]["replicas"] = json!(replicas);
                Ok(())
            })
            .await
        })
    }

    fn restore<'a>(&'a self, snapshot: &'a Value) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let text = |p: &str| snapshot.pointer(p).and_then(Value::as_str).unwrap_or("");
            let (namespace, name) = (text("/metadata/namespace"), text("/metadata/name"));
            if name.is_empty() {
                return Err(Error::invalid("the Deployment snapshot has no name"));
            }
            self.change(namespace, name, |d| {
                deployment::restore_onto(d, snapshot);
                Ok(())
            })
            .await
        })
    }

    fn delete<'a>(&'a self, namespace: &'a str, name: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let object = deployment_ref(namespace, name);
            self.cluster.delete(&object).await.map(|_| ())
        })
    }
}

/// Whether a Deployment's annotation says meshctl copied it from `from`.
pub fn copied_from(deploy: &Value) -> Option<&str> {
    deploy
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(COPY_OF))
        .and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fake::{FakeStore, block_on};

    fn store() -> Arc<FakeStore> {
        let d = |name: &str, version: &str, image: &str| {
            let app = name.split('-').next();
            json!({
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {"name": name, "namespace": "shop",
                             "labels": {"app": app, "version": version}},
                "spec": {"replicas": 2,
                    "selector": {"matchLabels": {"app": app, "version": version}},
                    "template": {"metadata": {"labels": {"app": app, "version": version}},
                                 "spec": {"containers": [{"name": "app", "image": image}]}}}
            })
        };
        Arc::new(FakeStore::new("shop").with([
            d("reviews-v1", "v1", "reviews:1"),
            d("ratings", "v1", "ratings:1"),
        ]))
    }

    fn new(name: &str) -> NewWorkload {
        NewWorkload {
            namespace: "shop".into(),
            name: name.into(),
            from: "reviews-v1".into(),
            labels: BTreeMap::from([("version".into(), "v2".into())]),
            image: "reviews:2".into(),
            container: None,
            replicas: Some(1),
        }
    }

    fn at(store: &FakeStore, name: &str) -> Value {
        store.object(&deployment_ref("shop", name)).expect(name)
    }

    #[test]
    fn finds_by_pod_labels_creates_a_copy_and_refuses_to_replace_a_stranger() {
        block_on(finds_creates_refuses())
    }

    async fn finds_creates_refuses() {
        let fake = store();
        let w = KubeWorkloads::new(fake.clone());
        let labels = BTreeMap::from([
            ("app".to_string(), "reviews".to_string()),
            ("version".to_string(), "v1".to_string()),
        ]);
        let found = w.find("shop", &labels).await.unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "reviews-v1");
        let created = w.create(&new("reviews-v2")).await.unwrap();
        assert_eq!((created.replicas, created.ready), (1, 0));
        assert_eq!(created.image.as_deref(), Some("reviews:2"));
        assert_eq!(copied_from(&at(&fake, "reviews-v2")), Some("reviews-v1"));
        // Creating the same copy again (a retried start) is allowed.
        w.create(&new("reviews-v2")).await.unwrap();
        let err = w.create(&new("ratings")).await.unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Conflict);
        assert!(err.hints()[0].contains("--canary-deployment"));
        assert_eq!(at(&fake, "ratings")["spec"]["replicas"], 2, "left alone");
    }

    #[test]
    fn image_scale_restore_and_delete_change_only_what_they_say() {
        block_on(change_only_what_they_say())
    }

    async fn change_only_what_they_say() {
        let fake = store();
        let w = KubeWorkloads::new(fake.clone());
        let before = w.snapshot("shop", "reviews-v1").await.unwrap();
        w.set_image("shop", "reviews-v1", None, "reviews:2")
            .await
            .unwrap();
        w.scale("shop", "reviews-v1", 0).await.unwrap();
        let changed = w.get("shop", "reviews-v1").await.unwrap().unwrap();
        assert_eq!(changed.image.as_deref(), Some("reviews:2"));
        assert_eq!(changed.replicas, 0);
        w.restore(&before).await.unwrap();
        assert_eq!(
            deployment::snapshot(&at(&fake, "reviews-v1")),
            before,
            "exactly as before"
        );
        w.delete("shop", "reviews-v1").await.unwrap();
        w.delete("shop", "reviews-v1").await.unwrap();
        assert!(w.get("shop", "reviews-v1").await.unwrap().is_none());
        let err = w.scale("shop", "reviews-v1", 1).await.unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::NotFound);
    }
}
