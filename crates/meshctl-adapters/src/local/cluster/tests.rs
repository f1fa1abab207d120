//! The local workload cluster: the Gateway API's kinds stored and translated by the
//! mesh, everything else refused.

use super::*;
use meshctl_core::ErrorKind;
use meshctl_core::store::{ApplyOptions, ApplyOutcome, ListQuery, MeshStore, ObjectRef};
use serde_json::json;

fn route(v2: u32) -> Value {
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
        "metadata": {"name": "reviews", "namespace": "shop"},
        "spec": {
            "parentRefs": [{"group": "", "kind": "Service", "name": "reviews", "port": 9080}],
            "rules": [{"backendRefs": [
                {"name": "reviews-v1", "port": 9080, "weight": 100 - v2},
                {"name": "reviews-v2", "port": 9080, "weight": v2}
            ]}]
        }
    })
}

#[tokio::test]
async fn http_routes_are_stored_listed_translated_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mesh = Arc::new(LocalMesh::open(dir.path()).unwrap());
    let cluster = LocalCluster::new(mesh.clone());
    let a = cluster
        .apply(&route(10), ApplyOptions::default())
        .await
        .unwrap();
    assert_eq!(a.outcome, ApplyOutcome::Created);
    let listed = cluster
        .list(GATEWAY_API_GROUP, "HTTPRoute", &ListQuery::default())
        .await
        .unwrap();
    assert_eq!(listed, vec![a.object.clone()]);
    // The mesh serves it: the route configuration Envoy reads has the split.
    let rds = std::fs::read_to_string(dir.path().join("xds/rds.json")).unwrap();
    assert!(
        rds.contains("outbound|9080||reviews-v2.shop.svc.cluster.local"),
        "{rds}"
    );
    assert_eq!(mesh.status().await.unwrap().resources, 1);
    let r = ObjectRef::new(GATEWAY_API_GROUP, "HTTPRoute", Some("shop"), "reviews");
    let mut change = |o: &mut Value| {
        o["spec"]["rules"][0]["backendRefs"][1]["weight"] = json!(50);
        Ok(())
    };
    let updated = cluster.update(&r, &mut change).await.unwrap();
    assert_eq!(updated["metadata"]["generation"], 2);
    assert!(cluster.delete(&r).await.unwrap());
    assert_eq!(cluster.get(&r).await.unwrap(), None);
    assert_eq!(
        cluster.resolve_name("httproutes").await.unwrap().kind,
        "HTTPRoute"
    );
}

#[tokio::test]
async fn other_workload_objects_are_refused_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = LocalCluster::new(Arc::new(LocalMesh::open(dir.path()).unwrap()));
    let cm = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"}});
    let err = cluster
        .apply(&cm, ApplyOptions::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Usage);
    assert!(
        err.message().contains("ConfigMap `settings`"),
        "{}",
        err.message()
    );
    assert!(
        cluster
            .list("", "Pod", &ListQuery::default())
            .await
            .is_err()
    );
    assert!(cluster.resolve_name("configmap").await.is_err());
    assert!(
        cluster
            .resolve("networking.istio.io/v1", "VirtualService")
            .await
            .is_err()
    );
}
