//! Deployments as workloads, as plain JSON edits: reading one as a [`Workload`], the
//! copy a new version runs as, and the snapshot that puts a Deployment back exactly.
//! Pure, so the rules are tested without a cluster; [`super::kube`] does the I/O.

use super::{NewWorkload, Workload};
use crate::cluster::labels;
use crate::error::{Error, Result};
use crate::store::{MANAGED_BY_LABEL, MANAGED_BY_VALUE, is_managed};
use serde_json::{Value, json};

/// The annotation on a copy naming the Deployment it was copied from.
pub const COPY_OF: &str = "meshctl.io/copy-of";

/// Annotations a snapshot leaves out and a restore keeps as they are live: the
/// Deployment controller's revision counter, and kubectl's copy of the whole object
/// (large, and rewritten by whoever applies next).
const LIVE_ANNOTATIONS: [&str; 2] = [
    "deployment.kubernetes.io/revision",
    "kubectl.kubernetes.io/last-applied-configuration",
];

/// Metadata the server keeps; never copied, never restored.
const SERVER_METADATA: [&str; 7] = [
    "resourceVersion",
    "uid",
    "creationTimestamp",
    "managedFields",
    "generation",
    "selfLink",
    "deletionTimestamp",
];

/// The containers of a Deployment's pod template.
fn containers(deploy: &Value) -> &[Value] {
    deploy
        .pointer("/spec/template/spec/containers")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// Reads a Deployment as a workload. Ready counts only pods of the current template
/// (after a change of image, the old pods' readiness says nothing about the new ones:
/// every pod not updated is assumed to be one of the ready ones, as `kubectl rollout
/// status` waits for them to go), and nothing until the controller has seen the latest
/// change.
pub fn workload_of(deploy: &Value) -> Workload {
    let num = |p: &str| deploy.pointer(p).and_then(Value::as_u64);
    let replicas = num("/spec/replicas").unwrap_or(1) as u32;
    let seen = num("/status/observedGeneration") >= num("/metadata/generation");
    let updated = num("/status/updatedReplicas").unwrap_or(0);
    let old = num("/status/replicas").unwrap_or(0).saturating_sub(updated);
    let ready = num("/status/readyReplicas")
        .unwrap_or(0)
        .saturating_sub(old)
        .min(updated);
    let text = |p: &str| {
        deploy
            .pointer(p)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    Workload {
        namespace: text("/metadata/namespace"),
        name: text("/metadata/name"),
        labels: labels(deploy.pointer("/spec/template/metadata/labels")),
        image: containers(deploy)
            .first()
            .and_then(|c| c.get("image"))
            .and_then(Value::as_str)
            .map(str::to_string),
        replicas,
        ready: if seen { ready as u32 } else { 0 },
    }
}

/// Sets the image of container `container` (default: the first); an error naming the
/// containers there are when there is no such container.
pub fn set_image(deploy: &mut Value, container: Option<&str>, image: &str) -> Result<()> {
    let name = deploy
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let names: Vec<String> = containers(deploy)
        .iter()
        .filter_map(|c| c.get("name").and_then(Value::as_str))
        .map(|n| format!("`{n}`"))
        .collect();
    let list = deploy
        .pointer_mut("/spec/template/spec/containers")
        .and_then(Value::as_array_mut)
        .filter(|l| !l.is_empty())
        .ok_or_else(|| Error::invalid(format!("Deployment `{name}` has no containers")))?;
    let target = match container {
        None => list.first_mut(),
        Some(c) => list
            .iter_mut()
            .find(|x| x.get("name").and_then(Value::as_str) == Some(c)),
    };
    let Some(target) = target else {
        return Err(Error::usage(format!(
            "Deployment `{name}` has no container `{}`",
            container.unwrap_or_default()
        ))
        .with_hint(format!(
            "name one of its containers with `--container`: {}",
            names.join(", ")
        )));
    };
    target["image"] = json!(image);
    Ok(())
}

/// Puts `labels` over the string map at `pointer` (created when missing).
fn overlay(obj: &mut Value, pointer: &str, labels: &std::collections::BTreeMap<String, String>) {
    let mut at = &mut *obj;
    for key in pointer.split('/').skip(1) {
        if !at.get(key).is_some_and(Value::is_object) {
            at[key] = json!({});
        }
        at = &mut at[key];
    }
    for (k, v) in labels {
        at[k] = json!(v);
    }
}

/// The copy of the stable Deployment `stable` that `new` asks for: without status and
/// the server's metadata, named `new.name`, the new version's labels in place of the
/// stable ones (in the selector, the pod template and the object's own labels), the
/// new image, the replicas asked for, and marked as meshctl's copy.
pub fn copy(stable: &Value, new: &NewWorkload) -> Result<Value> {
    let mut copy = stable.clone();
    let obj = copy
        .as_object_mut()
        .ok_or_else(|| Error::invalid(format!("Deployment `{}` is not an object", new.from)))?;
    obj.remove("status");
    let meta = obj
        .entry("metadata")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .ok_or_else(|| Error::invalid(format!("Deployment `{}` has no metadata", new.from)))?;
    for key in SERVER_METADATA {
        meta.remove(key);
    }
    meta.remove("ownerReferences");
    meta.insert("name".into(), json!(new.name));
    meta.insert("namespace".into(), json!(new.namespace));
    if let Some(a) = meta.get_mut("annotations").and_then(Value::as_object_mut) {
        for key in LIVE_ANNOTATIONS {
            a.remove(key);
        }
    }
    for pointer in [
        "/metadata/labels",
        "/spec/selector/matchLabels",
        "/spec/template/metadata/labels",
    ] {
        overlay(&mut copy, pointer, &new.labels);
    }
    copy["metadata"]["labels"][MANAGED_BY_LABEL] = json!(MANAGED_BY_VALUE);
    copy["metadata"]["annotations"][COPY_OF] = json!(new.from);
    set_image(&mut copy, new.container.as_deref(), &new.image)?;
    if let Some(n) = new.replicas {
        copy["spec"]["replicas"] = json!(n);
    }
    Ok(copy)
}

/// Whether `deploy` is a copy meshctl made (so creating it again may replace it).
pub fn is_copy(deploy: &Value) -> bool {
    is_managed(deploy)
        && deploy
            .pointer("/metadata/annotations")
            .and_then(|a| a.get(COPY_OF))
            .is_some()
}

/// What a restore needs of a Deployment: the object without status, the server's
/// metadata and the live-only annotations.
pub fn snapshot(deploy: &Value) -> Value {
    let mut out = deploy.clone();
    if let Some(obj) = out.as_object_mut() {
        obj.remove("status");
        if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
            for key in SERVER_METADATA {
                meta.remove(key);
            }
            if let Some(a) = meta.get_mut("annotations").and_then(Value::as_object_mut) {
                for key in LIVE_ANNOTATIONS {
                    a.remove(key);
                }
            }
        }
    }
    out
}

/// Puts a snapshot's spec, labels and annotations onto the live object `live`,
/// keeping the live-only annotations and the server's metadata.
pub fn restore_onto(live: &mut Value, snapshot: &Value) {
    let mut annotations = snapshot
        .pointer("/metadata/annotations")
        .cloned()
        .unwrap_or_else(|| json!({}));
    for key in LIVE_ANNOTATIONS {
        if let Some(v) = live
            .pointer("/metadata/annotations")
            .and_then(|a| a.get(key))
        {
            annotations[key] = v.clone();
        }
    }
    live["spec"] = snapshot.get("spec").cloned().unwrap_or_else(|| json!({}));
    live["metadata"]["labels"] = snapshot
        .pointer("/metadata/labels")
        .cloned()
        .unwrap_or_else(|| json!({}));
    match annotations.as_object().is_some_and(|a| !a.is_empty()) {
        true => live["metadata"]["annotations"] = annotations,
        false => {
            if let Some(meta) = live.get_mut("metadata").and_then(Value::as_object_mut) {
                meta.remove("annotations");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn stable() -> Value {
        json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {
                "name": "reviews-v1", "namespace": "shop", "uid": "u1",
                "resourceVersion": "7", "generation": 3,
                "creationTimestamp": "2026-01-01T00:00:00Z", "managedFields": [{}],
                "labels": {"app": "reviews", "version": "v1"},
                "annotations": {"deployment.kubernetes.io/revision": "3", "team": "books"}
            },
            "spec": {
                "replicas": 3,
                "selector": {"matchLabels": {"app": "reviews", "version": "v1"}},
                "template": {
                    "metadata": {"labels": {"app": "reviews", "version": "v1"}},
                    "spec": {"containers": [
                        {"name": "app", "image": "reviews:1"},
                        {"name": "log", "image": "fluent:2"}
                    ]}
                }
            },
            "status": {"replicas": 3, "readyReplicas": 3, "updatedReplicas": 3, "observedGeneration": 3}
        })
    }

    fn new(container: Option<&str>, replicas: Option<u32>) -> NewWorkload {
        NewWorkload {
            namespace: "shop".into(),
            name: "reviews-v2".into(),
            from: "reviews-v1".into(),
            labels: BTreeMap::from([("version".into(), "v2".into())]),
            image: "reviews:2".into(),
            container: container.map(str::to_string),
            replicas,
        }
    }

    #[test]
    fn a_copy_has_the_new_labels_image_and_name_and_nothing_of_the_server() {
        let c = copy(&stable(), &new(None, Some(1))).unwrap();
        assert_eq!(
            c,
            json!({
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": {
                    "name": "reviews-v2", "namespace": "shop",
                    "labels": {"app": "reviews", "version": "v2",
                               "app.kubernetes.io/managed-by": "meshctl"},
                    "annotations": {"team": "books", "meshctl.io/copy-of": "reviews-v1"}
                },
                "spec": {
                    "replicas": 1,
                    "selector": {"matchLabels": {"app": "reviews", "version": "v2"}},
                    "template": {
                        "metadata": {"labels": {"app": "reviews", "version": "v2"}},
                        "spec": {"containers": [
                            {"name": "app", "image": "reviews:2"},
                            {"name": "log", "image": "fluent:2"}
                        ]}
                    }
                }
            })
        );
        assert!(is_copy(&c));
        assert!(!is_copy(&stable()));
    }

    #[test]
    fn a_named_container_gets_the_image_and_an_unknown_one_is_refused() {
        let c = copy(&stable(), &new(Some("log"), None)).unwrap();
        assert_eq!(c["spec"]["replicas"], 3);
        assert_eq!(
            c["spec"]["template"]["spec"]["containers"][1]["image"],
            "reviews:2"
        );
        assert_eq!(
            c["spec"]["template"]["spec"]["containers"][0]["image"],
            "reviews:1"
        );
        let err = copy(&stable(), &new(Some("web"), None)).unwrap_err();
        assert_eq!(
            err.message(),
            "Deployment `reviews-v2` has no container `web`"
        );
        assert!(err.hints()[0].contains("`app`, `log`"), "{:?}", err.hints());
    }

    #[test]
    fn readiness_counts_only_pods_of_the_latest_template() {
        let mut d = stable();
        assert_eq!(workload_of(&d).ready, 3);
        assert_eq!(workload_of(&d).image.as_deref(), Some("reviews:1"));
        d["metadata"]["generation"] = json!(4);
        assert_eq!(workload_of(&d).ready, 0, "the controller has not seen it");
        d["status"]["observedGeneration"] = json!(4);
        d["status"]["updatedReplicas"] = json!(1);
        assert_eq!(
            workload_of(&d).ready,
            1,
            "two old pods are among the 3 ready"
        );
        d["status"]["readyReplicas"] = json!(2);
        assert_eq!(workload_of(&d).ready, 0, "maybe only old ones");
        d["status"]["replicas"] = json!(3);
        d["status"]["updatedReplicas"] = json!(3);
        d["status"]["readyReplicas"] = json!(3);
        assert_eq!(workload_of(&d).ready, 3);
    }

    #[test]
    fn a_restore_puts_back_spec_labels_and_annotations_and_keeps_the_live_revision() {
        let before = stable();
        let snap = snapshot(&before);
        assert!(snap.get("status").is_none());
        assert!(snap["metadata"].get("uid").is_none());
        let mut live = before.clone();
        set_image(&mut live, None, "reviews:2").unwrap();
        live["spec"]["replicas"] = json!(0);
        live["metadata"]["labels"]["extra"] = json!("x");
        live["metadata"]["annotations"]["deployment.kubernetes.io/revision"] = json!("4");
        restore_onto(&mut live, &snap);
        assert_eq!(live["spec"], before["spec"]);
        assert_eq!(live["metadata"]["labels"], before["metadata"]["labels"]);
        assert_eq!(
            live["metadata"]["annotations"],
            json!({"deployment.kubernetes.io/revision": "4", "team": "books"})
        );
        assert_eq!(live["metadata"]["uid"], "u1");
    }
}
