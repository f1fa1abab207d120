//! The store without Envoy: files, versions, preconditions, apply semantics.

use super::*;
use meshctl_core::store::{ApplyOptions, ApplyOutcome, ObjectRef};

fn vs(v1: u64) -> Value {
    json!({
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "reviews", "namespace": "shop"},
        "spec": {"hosts": ["reviews"], "http": [{"route": [
            {"destination": {"host": "reviews", "subset": "v1"}, "weight": v1},
            {"destination": {"host": "reviews", "subset": "v2"}, "weight": 100 - v1}
        ]}]}
    })
}

fn reviews() -> ObjectRef {
    ObjectRef::istio("VirtualService", "shop", "reviews")
}

fn mesh() -> (tempfile::TempDir, LocalMesh) {
    let dir = tempfile::tempdir().unwrap();
    let mesh = LocalMesh::open(dir.path()).unwrap();
    (dir, mesh)
}

#[tokio::test]
async fn apply_creates_then_is_unchanged_then_configures() {
    let (_d, mesh) = mesh();
    let a = mesh.apply(&vs(90), ApplyOptions::default()).await.unwrap();
    assert_eq!(a.outcome, ApplyOutcome::Created);
    assert_eq!(a.object["metadata"]["resourceVersion"], "1");
    assert_eq!(
        a.object["metadata"]["labels"][store::MANAGED_BY_LABEL],
        "meshctl"
    );
    let b = mesh.apply(&vs(90), ApplyOptions::default()).await.unwrap();
    assert_eq!(b.outcome, ApplyOutcome::Unchanged);
    assert_eq!(b.object["metadata"]["resourceVersion"], "1");
    let c = mesh.apply(&vs(50), ApplyOptions::default()).await.unwrap();
    assert_eq!(c.outcome, ApplyOutcome::Configured);
    assert_eq!(c.object["metadata"]["resourceVersion"], "3");
    assert_eq!(c.object["metadata"]["generation"], 2);
    assert_eq!(c.object["metadata"]["uid"], a.object["metadata"]["uid"]);
    let stored = mesh.get(&reviews()).await.unwrap().unwrap();
    assert_eq!(stored, c.object);
}

#[tokio::test]
async fn dry_run_writes_nothing() {
    let (_d, mesh) = mesh();
    let options = ApplyOptions {
        dry_run: true,
        ..Default::default()
    };
    let a = mesh.apply(&vs(90), options).await.unwrap();
    assert_eq!(a.outcome, ApplyOutcome::Created);
    assert_eq!(mesh.get(&reviews()).await.unwrap(), None);
}

#[tokio::test]
async fn a_stale_resource_version_is_a_conflict() {
    let (_d, mesh) = mesh();
    mesh.apply(&vs(90), ApplyOptions::default()).await.unwrap();
    mesh.apply(&vs(80), ApplyOptions::default()).await.unwrap();
    let mut stale = vs(70);
    stale["metadata"]["resourceVersion"] = json!("1");
    let err = mesh
        .apply(&stale, ApplyOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
    assert!(err.message().contains("not `1`"), "{}", err.message());
    // An update whose change sets an old version is refused the same way.
    let mut change = |o: &mut Value| {
        o["metadata"]["resourceVersion"] = json!("1");
        o["spec"]["http"][0]["route"][0]["weight"] = json!(1);
        Ok(())
    };
    let err = mesh.update(&reviews(), &mut change).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict);
}

#[tokio::test]
async fn update_changes_only_what_the_change_touches_and_apply_keeps_annotations() {
    let (_d, mesh) = mesh();
    let mut with_extra = vs(90);
    with_extra["spec"]["exportTo"] = json!(["."]);
    mesh.apply(&with_extra, ApplyOptions::default())
        .await
        .unwrap();
    let mut change = |o: &mut Value| {
        o["metadata"]["annotations"] = json!({"meshctl.io/rollout": "{}"});
        o["spec"]["http"][0]["route"][0]["weight"] = json!(10);
        Ok(())
    };
    let updated = mesh.update(&reviews(), &mut change).await.unwrap();
    assert_eq!(updated["spec"]["exportTo"], json!(["."]));
    assert_eq!(updated["spec"]["http"][0]["route"][0]["weight"], 10);
    // A later apply of the object without the annotation keeps it (as SSA would).
    let again = mesh.apply(&vs(90), ApplyOptions::default()).await.unwrap();
    assert_eq!(
        again.object["metadata"]["annotations"]["meshctl.io/rollout"],
        "{}"
    );
    assert_eq!(again.object["spec"].get("exportTo"), None);
    // A change that refuses writes nothing.
    let before = mesh.get(&reviews()).await.unwrap();
    let mut refuse = |_: &mut Value| Err(Error::new(ErrorKind::Conflict, "moved on"));
    assert!(mesh.update(&reviews(), &mut refuse).await.is_err());
    assert_eq!(mesh.get(&reviews()).await.unwrap(), before);
}

#[tokio::test]
async fn list_filters_by_namespace_and_labels_and_delete_removes() {
    let (_d, mesh) = mesh();
    mesh.apply(&vs(90), ApplyOptions::default()).await.unwrap();
    let mut other = vs(90);
    other["metadata"] = json!({"name": "ratings", "namespace": "web", "labels": {"app.kubernetes.io/managed-by": "Helm"}});
    mesh.apply(&other, ApplyOptions::default()).await.unwrap();
    let all = ListQuery::default();
    let names = |v: Vec<Value>| -> Vec<String> {
        v.iter()
            .map(|o| o["metadata"]["name"].as_str().unwrap().to_string())
            .collect()
    };
    let g = store::ISTIO_NETWORKING;
    assert_eq!(
        names(mesh.list(g, "VirtualService", &all).await.unwrap()),
        ["reviews", "ratings"]
    );
    let shop = ListQuery {
        namespace: Some("shop".into()),
        ..Default::default()
    };
    assert_eq!(
        names(mesh.list(g, "VirtualService", &shop).await.unwrap()),
        ["reviews"]
    );
    let managed = ListQuery {
        label_selector: Some("app.kubernetes.io/managed-by=meshctl".into()),
        ..Default::default()
    };
    assert_eq!(
        names(mesh.list(g, "VirtualService", &managed).await.unwrap()),
        ["reviews"]
    );
    assert!(mesh.delete(&reviews()).await.unwrap());
    assert!(!mesh.delete(&reviews()).await.unwrap());
    assert_eq!(mesh.get(&reviews()).await.unwrap(), None);
}

#[tokio::test]
async fn every_write_rewrites_envoys_files_with_the_new_version() {
    let (d, mesh) = mesh();
    mesh.add_endpoint(translate::Endpoint {
        service: "reviews".into(),
        namespace: "shop".into(),
        subset: "v1".into(),
        address: "127.0.0.1:9081".into(),
    })
    .await
    .unwrap();
    let applied = mesh.apply(&vs(90), ApplyOptions::default()).await.unwrap();
    let rv = applied.object["metadata"]["resourceVersion"]
        .as_str()
        .unwrap()
        .to_string();
    let rds: Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("xds/rds.json")).unwrap())
            .unwrap();
    // The config version is the revision after the object's own.
    let version: u64 = rds["version_info"].as_str().unwrap().parse().unwrap();
    assert!(version > rv.parse::<u64>().unwrap());
    let weights = &rds["resources"][0]["virtual_hosts"][0]["routes"][0]["route"]["weighted_clusters"]
        ["clusters"];
    assert_eq!(weights[0]["weight"], 90);
    // v2 has no endpoint: the warning is kept for `local status`.
    let warnings = mesh.warnings().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("outbound|80|v2|reviews.shop.svc.cluster.local"));
}

#[tokio::test]
async fn events_are_appended_as_json_lines() {
    let (d, mesh) = mesh();
    for reason in ["WeightsSet", "RolledBack"] {
        mesh.record_event(&EventRecord {
            object: reviews(),
            reason: reason.into(),
            message: "m".into(),
            warning: reason == "RolledBack",
        })
        .await
        .unwrap();
    }
    let text = std::fs::read_to_string(d.path().join("events.jsonl")).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["reason"], "RolledBack");
    assert_eq!(lines[1]["type"], "Warning");
    assert_eq!(lines[0]["name"], "reviews");
}

#[test]
fn selectors_cover_the_usual_forms() {
    let o = json!({"metadata": {"labels": {"a": "1", "b": "2"}}});
    assert!(selects("a=1,b", &o));
    assert!(selects("a==1,c!=3,!c", &o));
    assert!(!selects("a=2", &o));
    assert!(!selects("!a", &o));
}
