//! The fake API server's own contract: driven over plain HTTP and with the kube client,
//! it must behave like a real kube-apiserver, because every Kubernetes-facing test of
//! meshctl relies on it.


use std::time::Duration;

use futures::StreamExt;
use kube::api::{
    Api, ApiResource, DeleteParams, DynamicObject, GroupVersionKind, ListParams, Patch,
    PatchParams, PostParams, WatchEvent, WatchParams,
};
use kube::core::response::Status;
use serde_json::{Value, json};
use crate::support::apiserver::{FakeApiServer, Fault, IstioApis, Options};

fn vs_resource(version: &str) -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("networking.istio.io", version, "VirtualService"),
        "virtualservices",
    )
}

fn vs(name: &str, host: &str) -> Value {
    json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "VirtualService",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {"hosts": [host], "http": [{"route": [{"destination": {"host": host}}]}]}
    })
}

fn dynamic(v: Value) -> DynamicObject {
    serde_json::from_value(v).unwrap()
}

async fn vs_api(server: &FakeApiServer) -> Api<DynamicObject> {
    Api::namespaced_with(server.kube_client().await, "default", &vs_resource("v1"))
}

/// The `Status` of a failed kube call.
fn api_status<T: std::fmt::Debug>(r: Result<T, kube::Error>) -> Status {
    match r {
        Err(kube::Error::Api(status)) => *status,
        other => panic!("expected an API error, got {other:?}"),
    }
}

fn rv(obj: &DynamicObject) -> u64 {
    obj.metadata
        .resource_version
        .as_deref()
        .unwrap()
        .parse()
        .unwrap()
}

async fn get_json(url: String) -> (u16, Value) {
    let r = reqwest::get(url).await.unwrap();
    let code = r.status().as_u16();
    (code, r.json().await.unwrap())
}

#[tokio::test]
async fn discovery_lists_core_builtin_and_istio_apis() {
    let server = FakeApiServer::start(Options::default()).await;
    let base = server.url();

    let (code, api) = get_json(format!("{base}/api")).await;
    assert_eq!(code, 200);
    assert_eq!(api["versions"], json!(["v1"]));

    let (_, core) = get_json(format!("{base}/api/v1")).await;
    let names: Vec<&str> = core["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    for n in [
        "namespaces",
        "services",
        "pods",
        "pods/proxy",
        "events",
        "configmaps",
        "secrets",
        "serviceaccounts",
    ] {
        assert!(names.contains(&n), "{n} missing from {names:?}");
    }

    let (_, groups) = get_json(format!("{base}/apis")).await;
    let groups = groups["groups"].as_array().unwrap();
    let networking = groups
        .iter()
        .find(|g| g["name"] == "networking.istio.io")
        .unwrap();
    assert_eq!(networking["preferredVersion"]["version"], "v1");
    let versions: Vec<&str> = networking["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_str().unwrap())
        .collect();
    assert_eq!(versions, ["v1", "v1beta1", "v1alpha3"]);
    for g in [
        "apps",
        "coordination.k8s.io",
        "rbac.authorization.k8s.io",
        "events.k8s.io",
        "security.istio.io",
        "telemetry.istio.io",
        "extensions.istio.io",
    ] {
        assert!(groups.iter().any(|x| x["name"] == g), "group {g} missing");
    }

    let (code, group) = get_json(format!("{base}/apis/networking.istio.io")).await;
    assert_eq!(code, 200);
    assert_eq!(group["kind"], "APIGroup");

    let (_, list) = get_json(format!("{base}/apis/networking.istio.io/v1")).await;
    let vs = list["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "virtualservices")
        .unwrap();
    assert_eq!(vs["kind"], "VirtualService");
    assert_eq!(vs["singularName"], "virtualservice");
    assert_eq!(vs["namespaced"], true);
    assert_eq!(vs["shortNames"], json!(["vs"]));
    assert!(vs["verbs"].as_array().unwrap().contains(&json!("patch")));

    // All 15 Istio kinds are served somewhere.
    let mut kinds = std::collections::BTreeSet::new();
    for g in groups
        .iter()
        .filter(|g| g["name"].as_str().unwrap().ends_with("istio.io"))
    {
        for v in g["versions"].as_array().unwrap() {
            let (_, l) = get_json(format!(
                "{base}/apis/{}",
                v["groupVersion"].as_str().unwrap()
            ))
            .await;
            for r in l["resources"].as_array().unwrap() {
                if !r["name"].as_str().unwrap().contains('/') {
                    kinds.insert(r["kind"].as_str().unwrap().to_string());
                }
            }
        }
    }
    assert_eq!(kinds.len(), 15, "{kinds:?}");

    let (code, missing) = get_json(format!("{base}/apis/gateway.networking.k8s.io/v1")).await;
    assert_eq!(code, 404);
    assert_eq!(missing["kind"], "Status");
    assert_eq!(missing["reason"], "NotFound");
}

#[tokio::test]
async fn kube_discovery_sees_the_served_istio_versions() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let server = FakeApiServer::start(Options::default()).await;
    let discovery = kube::Discovery::new(server.kube_client().await)
        .run()
        .await
        .unwrap();
    let group = discovery.get("networking.istio.io").unwrap();
    assert_eq!(group.preferred_version(), Some("v1"));
    let (ar, caps) = group.recommended_kind("VirtualService").unwrap();
    assert_eq!(ar.plural, "virtualservices");
    assert_eq!(caps.scope, kube::discovery::Scope::Namespaced);
    assert!(discovery.has_group("apps"));

    let aggregated = kube::Discovery::new(server.kube_client().await)
        .run_aggregated()
        .await
        .unwrap();
    let (ar, _) = aggregated
        .get("networking.istio.io")
        .unwrap()
        .recommended_kind("DestinationRule")
        .unwrap();
    assert_eq!(ar.version, "v1");

    let old = FakeApiServer::start(Options {
        istio: IstioApis::NetworkingOnly("v1beta1".into()),
        ..Options::default()
    })
    .await;
    let discovery = kube::Discovery::new(old.kube_client().await)
        .run()
        .await
        .unwrap();
    let group = discovery.get("networking.istio.io").unwrap();
    assert_eq!(group.versions().collect::<Vec<_>>(), ["v1beta1"]);

    let alpha = FakeApiServer::start(Options {
        istio: IstioApis::NetworkingOnly("v1alpha3".into()),
        ..Options::default()
    })
    .await;
    let api = Api::<DynamicObject>::namespaced_with(
        alpha.kube_client().await,
        "default",
        &vs_resource("v1"),
    );
    assert_eq!(api_status(api.list(&ListParams::default()).await).code, 404);
    let api = Api::<DynamicObject>::namespaced_with(
        alpha.kube_client().await,
        "default",
        &vs_resource("v1alpha3"),
    );
    assert!(api.list(&ListParams::default()).await.is_ok());

    let none = FakeApiServer::start(Options {
        istio: IstioApis::None,
        ..Options::default()
    })
    .await;
    let discovery = kube::Discovery::new(none.kube_client().await)
        .run()
        .await
        .unwrap();
    assert!(!discovery.has_group("networking.istio.io"));
    assert!(discovery.has_group("coordination.k8s.io"));
}

#[tokio::test]
async fn crud_with_bookkeeping_and_real_errors() {
    let server = FakeApiServer::start(Options::default()).await;
    let api = vs_api(&server).await;

    let created = api
        .create(&PostParams::default(), &dynamic(vs("reviews", "reviews")))
        .await
        .unwrap();
    assert!(created.metadata.uid.is_some());
    assert!(created.metadata.creation_timestamp.is_some());
    assert_eq!(created.metadata.generation, Some(1));
    let first_rv = rv(&created);

    let again = api_status(
        api.create(&PostParams::default(), &dynamic(vs("reviews", "reviews")))
            .await,
    );
    assert_eq!(again.code, 409);
    assert_eq!(again.reason, "AlreadyExists");
    assert_eq!(
        again.message,
        "virtualservices.networking.istio.io \"reviews\" already exists"
    );

    let fetched = api.get("reviews").await.unwrap();
    assert_eq!(rv(&fetched), first_rv);
    assert_eq!(fetched.data["spec"]["hosts"], json!(["reviews"]));

    // The same object is visible at every served version.
    let beta = Api::<DynamicObject>::namespaced_with(
        server.kube_client().await,
        "default",
        &vs_resource("v1beta1"),
    );
    let as_beta = beta.get("reviews").await.unwrap();
    assert_eq!(
        as_beta.types.unwrap().api_version,
        "networking.istio.io/v1beta1"
    );

    // Update with the current resourceVersion; generation follows the spec.
    let mut changed = fetched.clone();
    changed.data["spec"]["hosts"] = json!(["reviews.default.svc.cluster.local"]);
    let replaced = api
        .replace("reviews", &PostParams::default(), &changed)
        .await
        .unwrap();
    assert!(rv(&replaced) > first_rv);
    assert_eq!(replaced.metadata.generation, Some(2));

    // A stale resourceVersion is a 409 with the real message.
    let stale = api_status(
        api.replace("reviews", &PostParams::default(), &fetched)
            .await,
    );
    assert_eq!(stale.code, 409);
    assert_eq!(stale.reason, "Conflict");
    assert_eq!(
        stale.message,
        "Operation cannot be fulfilled on virtualservices.networking.istio.io \"reviews\": the object has been modified; please apply your changes to the latest version and try again"
    );

    // Custom resources refuse a PUT without a resourceVersion, like the real server.
    let mut unconditional = fetched.clone();
    unconditional.metadata.resource_version = None;
    let refused = api_status(
        api.replace("reviews", &PostParams::default(), &unconditional)
            .await,
    );
    assert_eq!(refused.code, 422);
    assert_eq!(
        refused.message,
        "virtualservices.networking.istio.io \"reviews\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update"
    );
    let mut annotated = api.get("reviews").await.unwrap();
    annotated.metadata.annotations = Some([("team".to_string(), "a".to_string())].into());
    let put = api
        .replace("reviews", &PostParams::default(), &annotated)
        .await
        .unwrap();

    // Labels only: generation stays.
    let mut relabel = put.clone();
    relabel.metadata.labels = Some([("app".to_string(), "reviews".to_string())].into());
    let relabelled = api
        .replace("reviews", &PostParams::default(), &relabel)
        .await
        .unwrap();
    assert_eq!(relabelled.metadata.generation, put.metadata.generation);

    // Delete returns the object for custom resources; then 404 with a real Status.
    let deleted = api
        .delete("reviews", &DeleteParams::default())
        .await
        .unwrap();
    assert!(deleted.is_left());
    let missing = api_status(api.get("reviews").await);
    assert_eq!(missing.code, 404);
    assert_eq!(missing.reason, "NotFound");
    assert_eq!(
        missing.message,
        "virtualservices.networking.istio.io \"reviews\" not found"
    );
    let details = missing.details.unwrap();
    assert_eq!(details.name, "reviews");
    assert_eq!(details.group, "networking.istio.io");
    assert_eq!(details.kind, "virtualservices");
    assert_eq!(
        api_status(api.delete("reviews", &DeleteParams::default()).await).code,
        404
    );
}

#[tokio::test]
async fn namespaces_must_exist_and_names_can_be_generated() {
    let server = FakeApiServer::start(Options::default()).await;
    let client = server.kube_client().await;
    let shop = Api::<DynamicObject>::namespaced_with(client.clone(), "shop", &vs_resource("v1"));
    let mut obj = vs("cart", "cart");
    obj["metadata"]["namespace"] = json!("shop");
    let missing = api_status(
        shop.create(&PostParams::default(), &dynamic(obj.clone()))
            .await,
    );
    assert_eq!(missing.code, 404);
    assert_eq!(missing.message, "namespaces \"shop\" not found");

    let namespaces = Api::<k8s_openapi::api::core::v1::Namespace>::all(client.clone());
    let created = namespaces
        .create(
            &PostParams::default(),
            &serde_json::from_value(json!({"metadata": {"name": "shop"}})).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        created.metadata.labels.unwrap()["kubernetes.io/metadata.name"],
        "shop"
    );
    assert_eq!(created.status.unwrap().phase.as_deref(), Some("Active"));
    shop.create(&PostParams::default(), &dynamic(obj))
        .await
        .unwrap();
    assert!(server.get("virtualservices", "shop", "cart").is_some());

    let mut generated = vs("", "web");
    generated["metadata"] = json!({"generateName": "web-", "namespace": "default"});
    let api = vs_api(&server).await;
    let made = api
        .create(&PostParams::default(), &dynamic(generated))
        .await
        .unwrap();
    let name = made.metadata.name.unwrap();
    assert!(name.starts_with("web-") && name.len() == 9, "{name}");

    let nameless = api_status(
        api.create(&PostParams::default(), &dynamic(vs("", "x")))
            .await,
    );
    assert_eq!(nameless.code, 422);
    assert_eq!(nameless.reason, "Invalid");

    // Built-in kinds check names like the server does.
    let bad = api_status(
        namespaces
            .create(
                &PostParams::default(),
                &serde_json::from_value(json!({"metadata": {"name": "Shop_1"}})).unwrap(),
            )
            .await,
    );
    assert_eq!(bad.code, 422);
    assert!(
        bad.message.starts_with("Namespace \"Shop_1\" is invalid: metadata.name: Invalid value: \"Shop_1\": a lowercase RFC 1123 label"),
        "{}",
        bad.message
    );

    // Deleting a namespace removes what was in it.
    namespaces
        .delete("shop", &DeleteParams::default())
        .await
        .unwrap();
    assert!(server.get("virtualservices", "shop", "cart").is_none());
}

#[tokio::test]
async fn list_paging_and_selectors() {
    let server = FakeApiServer::start(Options::default()).await;
    server.create_namespace("other");
    for i in 0..25 {
        let mut obj = vs(&format!("vs-{i:02}"), "h");
        obj["metadata"]["labels"] =
            json!({"app": if i % 2 == 0 { "even" } else { "odd" }, "idx": i.to_string()});
        server.seed(obj);
    }
    let mut elsewhere = vs("vs-other", "h");
    elsewhere["metadata"]["namespace"] = json!("other");
    elsewhere["metadata"]["labels"] = json!({"app": "even"});
    server.seed(elsewhere);

    let api = vs_api(&server).await;
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let mut lp = ListParams::default().limit(10);
        if let Some(t) = &token {
            lp = lp.continue_token(t);
        }
        let page = api.list(&lp).await.unwrap();
        pages += 1;
        if pages == 1 {
            assert_eq!(page.metadata.remaining_item_count, Some(15));
        }
        names.extend(page.items.iter().map(|o| o.metadata.name.clone().unwrap()));
        token = page.metadata.continue_.filter(|t| !t.is_empty());
        if token.is_none() {
            break;
        }
    }
    assert_eq!(pages, 3);
    let expected: Vec<String> = (0..25).map(|i| format!("vs-{i:02}")).collect();
    assert_eq!(names, expected);

    let count = |sel: &'static str| {
        let api = api.clone();
        async move {
            api.list(&ListParams::default().labels(sel))
                .await
                .unwrap()
                .items
                .len()
        }
    };
    assert_eq!(count("app=even").await, 13);
    assert_eq!(count("app!=even").await, 12);
    assert_eq!(count("idx in (1,2,3)").await, 3);
    assert_eq!(count("app=odd,idx notin (1,3)").await, 10);
    assert_eq!(count("idx").await, 25);
    assert_eq!(count("!idx").await, 0);

    let by_name = api
        .list(&ListParams::default().fields("metadata.name=vs-07"))
        .await
        .unwrap();
    assert_eq!(by_name.items.len(), 1);
    let bad = api_status(
        api.list(&ListParams::default().fields("spec.hosts=h"))
            .await,
    );
    assert_eq!(bad.code, 400);

    let all = Api::<DynamicObject>::all_with(server.kube_client().await, &vs_resource("v1"));
    let everything = all
        .list(&ListParams::default().labels("app=even"))
        .await
        .unwrap();
    assert_eq!(everything.items.len(), 14);
    let metadata_only = all
        .list_metadata(&ListParams::default().labels("app=even"))
        .await
        .unwrap();
    assert_eq!(metadata_only.items.len(), 14);
    assert_eq!(
        metadata_only.items[0].types.as_ref().unwrap().kind,
        "PartialObjectMetadata"
    );
    let one = api.get_metadata("vs-03").await.unwrap();
    assert_eq!(one.metadata.labels.unwrap()["idx"], "3");
    let list_rv: u64 = everything
        .metadata
        .resource_version
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(list_rv, server.resource_version());
    let other_ns = all
        .list(&ListParams::default().fields("metadata.namespace=other"))
        .await
        .unwrap();
    assert_eq!(other_ns.items.len(), 1);
}

fn apply_params(manager: &str) -> PatchParams {
    PatchParams::apply(manager)
}

#[tokio::test]
async fn server_side_apply_creates_updates_and_is_idempotent() {
    let server = FakeApiServer::start(Options::default()).await;
    let api = vs_api(&server).await;
    let mut config = vs("reviews", "reviews");
    config["metadata"]["labels"] = json!({"app": "reviews"});

    let created = api
        .patch("reviews", &apply_params("meshctl"), &Patch::Apply(&config))
        .await
        .unwrap();
    let managed = created.metadata.managed_fields.clone().unwrap();
    assert_eq!(managed.len(), 1);
    assert_eq!(managed[0].manager.as_deref(), Some("meshctl"));
    assert_eq!(managed[0].operation.as_deref(), Some("Apply"));
    assert_eq!(managed[0].fields_type.as_deref(), Some("FieldsV1"));
    assert_eq!(
        managed[0].fields_v1.as_ref().unwrap().0,
        json!({
            "f:metadata": {"f:labels": {"f:app": {}}},
            "f:spec": {"f:hosts": {}, "f:http": {}}
        })
    );
    let requests = server.requests();
    let last = requests.last().unwrap();
    assert_eq!(last.method, "PATCH");
    assert_eq!(
        last.content_type.as_deref(),
        Some("application/apply-patch+yaml")
    );
    assert_eq!(last.field_manager.as_deref(), Some("meshctl"));

    // Same content again: nothing changes, not even the resourceVersion.
    let same = api
        .patch("reviews", &apply_params("meshctl"), &Patch::Apply(&config))
        .await
        .unwrap();
    assert_eq!(rv(&same), rv(&created));

    // Changed content: new resourceVersion and generation.
    config["spec"]["hosts"] = json!(["reviews", "reviews.shop"]);
    let updated = api
        .patch("reviews", &apply_params("meshctl"), &Patch::Apply(&config))
        .await
        .unwrap();
    assert!(rv(&updated) > rv(&created));
    assert_eq!(updated.metadata.generation, Some(2));

    // A field the applier drops is removed.
    config["metadata"]["labels"] = json!({});
    config["metadata"].as_object_mut().unwrap().remove("labels");
    let dropped = api
        .patch("reviews", &apply_params("meshctl"), &Patch::Apply(&config))
        .await
        .unwrap();
    assert!(dropped.metadata.labels.unwrap_or_default().is_empty());
    assert_eq!(
        dropped.metadata.managed_fields.unwrap()[0]
            .fields_v1
            .as_ref()
            .unwrap()
            .0,
        json!({"f:spec": {"f:hosts": {}, "f:http": {}}})
    );

    // fieldManager is required for apply.
    let resp = reqwest::Client::new()
        .patch(format!(
            "{}/apis/networking.istio.io/v1/namespaces/default/virtualservices/reviews",
            server.url()
        ))
        .header("Content-Type", "application/apply-patch+yaml")
        .body(config.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 422);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(
        body["message"],
        "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch"
    );
}

#[tokio::test]
async fn server_side_apply_conflicts_force_and_shared_fields() {
    let server = FakeApiServer::start(Options::default()).await;
    let api = vs_api(&server).await;
    let mut mine = vs("reviews", "reviews");
    mine["metadata"]["annotations"] = json!({"owner": "meshctl"});
    api.patch("reviews", &apply_params("meshctl"), &Patch::Apply(&mine))
        .await
        .unwrap();

    // Another applier wants a different value for a field meshctl owns.
    let mut theirs = json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "VirtualService",
        "metadata": {"name": "reviews", "namespace": "default"},
        "spec": {"hosts": ["other"], "gateways": ["mesh"]}
    });
    let conflict = api_status(
        api.patch(
            "reviews",
            &apply_params("other-manager"),
            &Patch::Apply(&theirs),
        )
        .await,
    );
    assert_eq!(conflict.code, 409);
    assert_eq!(conflict.reason, "Conflict");
    assert_eq!(
        conflict.message,
        "Apply failed with 1 conflict: conflict with \"meshctl\": .spec.hosts"
    );
    let causes = conflict.details.unwrap().causes;
    assert_eq!(causes.len(), 1);
    assert_eq!(causes[0].reason, "FieldManagerConflict");
    assert_eq!(causes[0].field, ".spec.hosts");
    assert_eq!(causes[0].message, "conflict with \"meshctl\"");
    assert_eq!(
        server.get("virtualservices", "default", "reviews").unwrap()["spec"]["hosts"],
        json!(["reviews"]),
        "a refused apply changes nothing"
    );

    // The same value is shared ownership, not a conflict.
    theirs["spec"]["hosts"] = json!(["reviews"]);
    api.patch(
        "reviews",
        &apply_params("other-manager"),
        &Patch::Apply(&theirs),
    )
    .await
    .unwrap();

    // meshctl stops sending hosts: the other manager still owns it, so it stays.
    let mut without_hosts = mine.clone();
    without_hosts["spec"]
        .as_object_mut()
        .unwrap()
        .remove("hosts");
    let kept = api
        .patch(
            "reviews",
            &apply_params("meshctl"),
            &Patch::Apply(&without_hosts),
        )
        .await
        .unwrap();
    assert_eq!(kept.data["spec"]["hosts"], json!(["reviews"]));
    assert_eq!(kept.data["spec"]["gateways"], json!(["mesh"]));

    // Force takes ownership of the conflicting field.
    let mut forced = mine.clone();
    forced["spec"]["hosts"] = json!(["forced"]);
    forced["spec"]["gateways"] = json!(["gw"]);
    let two = api_status(
        api.patch("reviews", &apply_params("meshctl"), &Patch::Apply(&forced))
            .await,
    );
    assert_eq!(
        two.message,
        "Apply failed with 2 conflicts: conflicts with \"other-manager\":\n- .spec.gateways\n- .spec.hosts"
    );
    let taken = api
        .patch(
            "reviews",
            &apply_params("meshctl").force(),
            &Patch::Apply(&forced),
        )
        .await
        .unwrap();
    assert_eq!(taken.data["spec"]["hosts"], json!(["forced"]));
    let managed = taken.metadata.managed_fields.unwrap();
    let other = managed
        .iter()
        .find(|m| m.manager.as_deref() == Some("other-manager"));
    assert!(
        other.is_none(),
        "other-manager lost all its fields: {managed:?}"
    );

    // An Update manager (a PUT by kubectl) is named with its API version in conflicts.
    let mut current = api.get("reviews").await.unwrap();
    current.data["spec"]["hosts"] = json!(["edited"]);
    api.replace(
        "reviews",
        &PostParams {
            field_manager: Some("kubectl-edit".into()),
            ..Default::default()
        },
        &current,
    )
    .await
    .unwrap();
    let edited = server.get("virtualservices", "default", "reviews").unwrap();
    let editor = edited["metadata"]["managedFields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["manager"] == "kubectl-edit")
        .unwrap()
        .clone();
    assert_eq!(editor["operation"], "Update");
    assert_eq!(editor["fieldsV1"], json!({"f:spec": {"f:hosts": {}}}));
    let conflict = api_status(
        api.patch("reviews", &apply_params("meshctl"), &Patch::Apply(&forced))
            .await,
    );
    assert_eq!(
        conflict.message,
        "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using networking.istio.io/v1: .spec.hosts"
    );
}

#[tokio::test]
async fn merge_and_json_patch() {
    let server = FakeApiServer::start(Options::default()).await;
    let api = vs_api(&server).await;
    api.create(&PostParams::default(), &dynamic(vs("reviews", "reviews")))
        .await
        .unwrap();

    let merged = api
        .patch(
            "reviews",
            &PatchParams::default(),
            &Patch::Merge(
                json!({"metadata": {"labels": {"a": "1"}}, "spec": {"gateways": ["mesh"]}}),
            ),
        )
        .await
        .unwrap();
    assert_eq!(merged.data["spec"]["gateways"], json!(["mesh"]));
    assert_eq!(merged.data["spec"]["hosts"], json!(["reviews"]));

    let removed = api
        .patch(
            "reviews",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"gateways": null}})),
        )
        .await
        .unwrap();
    assert!(removed.data["spec"].get("gateways").is_none());

    // A merge patch carrying a stale resourceVersion is a precondition.
    let stale = api_status(
        api.patch(
            "reviews",
            &PatchParams::default(),
            &Patch::Merge(json!({"metadata": {"resourceVersion": "1"}, "spec": {"hosts": ["x"]}})),
        )
        .await,
    );
    assert_eq!(stale.code, 409);

    let url = format!(
        "{}/apis/networking.istio.io/v1/namespaces/default/virtualservices/reviews",
        server.url()
    );
    let json_patch = |body: Value| {
        let url = url.clone();
        async move {
            let r = reqwest::Client::new()
                .patch(url)
                .header("Content-Type", "application/json-patch+json")
                .header("User-Agent", "curl/8.11.1")
                .body(body.to_string())
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let (code, patched) = json_patch(json!([
        {"op": "test", "path": "/spec/hosts/0", "value": "reviews"},
        {"op": "replace", "path": "/spec/hosts/0", "value": "reviews.shop"},
        {"op": "add", "path": "/metadata/labels/b", "value": "2"}
    ]))
    .await;
    assert_eq!(code, 200, "{patched}");
    assert_eq!(patched["spec"]["hosts"], json!(["reviews.shop"]));
    assert_eq!(patched["metadata"]["labels"]["b"], "2");

    let before = server.get("virtualservices", "default", "reviews").unwrap();
    let (code, failed) = json_patch(json!([
        {"op": "replace", "path": "/spec/hosts/0", "value": "never"},
        {"op": "test", "path": "/spec/hosts/0", "value": "reviews"}
    ]))
    .await;
    assert_eq!(code, 422);
    assert_eq!(failed["reason"], "Invalid");
    assert_eq!(
        failed["message"],
        "the server rejected our request due to an error in our request"
    );
    assert_eq!(
        server.get("virtualservices", "default", "reviews").unwrap(),
        before,
        "a failed JSON patch changes nothing"
    );

    let (code, _) = json_patch(json!({"op": "add"})).await;
    assert_eq!(code, 400);

    // Patching a missing object is a 404 (only apply creates).
    let missing = api_status(
        api.patch(
            "nope",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {}})),
        )
        .await,
    );
    assert_eq!(missing.code, 404);

    // Patches are recorded as Updates by the `fieldManager`, else the user agent's
    // name (the part before `/`).
    let stored = server.get("virtualservices", "default", "reviews").unwrap();
    let managers: Vec<&str> = stored["metadata"]["managedFields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["manager"].as_str().unwrap())
        .collect();
    assert!(managers.contains(&"curl"), "{managers:?}");
    assert!(managers.contains(&"unknown"), "{managers:?}");
}

#[tokio::test]
async fn dry_run_stores_nothing() {
    let server = FakeApiServer::start(Options::default()).await;
    let api = vs_api(&server).await;
    let before = server.resource_version();
    let created = api
        .create(
            &PostParams {
                dry_run: true,
                ..Default::default()
            },
            &dynamic(vs("reviews", "reviews")),
        )
        .await
        .unwrap();
    assert_eq!(created.metadata.name.as_deref(), Some("reviews"));
    assert!(created.metadata.uid.is_some());
    assert!(
        server
            .get("virtualservices", "default", "reviews")
            .is_none()
    );

    let applied = api
        .patch(
            "reviews",
            &apply_params("meshctl").dry_run(),
            &Patch::Apply(vs("reviews", "reviews")),
        )
        .await
        .unwrap();
    assert_eq!(applied.data["spec"]["hosts"], json!(["reviews"]));
    assert!(
        server
            .get("virtualservices", "default", "reviews")
            .is_none()
    );
    assert_eq!(server.resource_version(), before);

    server.seed(vs("reviews", "reviews"));
    api.delete("reviews", &DeleteParams::default().dry_run())
        .await
        .unwrap();
    assert!(
        server
            .get("virtualservices", "default", "reviews")
            .is_some()
    );
}

#[tokio::test]
async fn delete_preconditions() {
    let server = FakeApiServer::start(Options::default()).await;
    let api = vs_api(&server).await;
    let stored = server.seed(vs("reviews", "reviews"));
    let stale = api_status(
        api.delete(
            "reviews",
            &DeleteParams {
                preconditions: Some(kube::api::Preconditions {
                    resource_version: Some("1".into()),
                    uid: None,
                }),
                ..Default::default()
            },
        )
        .await,
    );
    assert_eq!(stale.code, 409);
    assert!(
        stale.message.contains("Precondition failed"),
        "{}",
        stale.message
    );
    api.delete(
        "reviews",
        &DeleteParams {
            preconditions: Some(kube::api::Preconditions {
                resource_version: stored["metadata"]["resourceVersion"]
                    .as_str()
                    .map(String::from),
                uid: stored["metadata"]["uid"].as_str().map(String::from),
            }),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(
        server
            .get("virtualservices", "default", "reviews")
            .is_none()
    );

    // Built-in kinds answer a delete with a Success Status.
    let cms = Api::<k8s_openapi::api::core::v1::ConfigMap>::default_namespaced(
        server.kube_client().await,
    );
    server.seed(json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": "v"}}));
    // Built-in kinds accept a PUT without a resourceVersion (an unconditional update).
    let mut cm: k8s_openapi::api::core::v1::ConfigMap = cms.get("c").await.unwrap();
    cm.metadata.resource_version = None;
    cm.data = Some([("k".to_string(), "w".to_string())].into());
    let updated = cms.replace("c", &PostParams::default(), &cm).await.unwrap();
    assert_eq!(updated.data.unwrap()["k"], "w");
    let gone = cms.delete("c", &DeleteParams::default()).await.unwrap();
    assert!(gone.is_right());
}

#[tokio::test]
async fn watch_streams_changes_and_resumes() {
    let server = FakeApiServer::start(Options::default()).await;
    let api = vs_api(&server).await;
    server.seed(vs("existing", "e"));

    let mut stream = api
        .watch(&WatchParams::default().timeout(10), "0")
        .await
        .unwrap()
        .boxed();
    let next = |ev: Option<Result<WatchEvent<DynamicObject>, kube::Error>>| match ev {
        Some(Ok(WatchEvent::Added(o))) => ("ADDED", o.metadata.name.unwrap()),
        Some(Ok(WatchEvent::Modified(o))) => ("MODIFIED", o.metadata.name.unwrap()),
        Some(Ok(WatchEvent::Deleted(o))) => ("DELETED", o.metadata.name.unwrap()),
        other => panic!("unexpected watch item {other:?}"),
    };
    assert_eq!(next(stream.next().await), ("ADDED", "existing".into()));

    let created = api
        .create(&PostParams::default(), &dynamic(vs("new", "n")))
        .await
        .unwrap();
    assert_eq!(next(stream.next().await), ("ADDED", "new".into()));
    api.patch(
        "new",
        &PatchParams::default(),
        &Patch::Merge(json!({"metadata": {"labels": {"x": "y"}}})),
    )
    .await
    .unwrap();
    assert_eq!(next(stream.next().await), ("MODIFIED", "new".into()));
    api.delete("new", &DeleteParams::default()).await.unwrap();
    assert_eq!(next(stream.next().await), ("DELETED", "new".into()));

    // Resuming from a resourceVersion replays what happened after it.
    let resumed: Vec<_> = api
        .watch(
            &WatchParams::default().timeout(1),
            &rv(&created).to_string(),
        )
        .await
        .unwrap()
        .take(2)
        .map(next_owned)
        .collect()
        .await;
    assert_eq!(
        resumed,
        [
            ("MODIFIED", "new".to_string()),
            ("DELETED", "new".to_string())
        ]
    );

    // Label selectors filter the stream.
    let mut labelled = api
        .watch(&WatchParams::default().labels("app=web").timeout(10), "0")
        .await
        .unwrap()
        .boxed();
    let mut web = vs("web", "w");
    web["metadata"]["labels"] = json!({"app": "web"});
    api.create(&PostParams::default(), &dynamic(vs("other", "o")))
        .await
        .unwrap();
    api.create(&PostParams::default(), &dynamic(web))
        .await
        .unwrap();
    assert_eq!(next(labelled.next().await), ("ADDED", "web".into()));
    // Leaving the selector is a DELETED for this watch; entering it an ADDED.
    let relabel = |app: &'static str| Patch::Merge(json!({"metadata": {"labels": {"app": app}}}));
    api.patch("web", &PatchParams::default(), &relabel("api"))
        .await
        .unwrap();
    assert_eq!(next(labelled.next().await), ("DELETED", "web".into()));
    api.patch("other", &PatchParams::default(), &relabel("web"))
        .await
        .unwrap();
    assert_eq!(next(labelled.next().await), ("ADDED", "other".into()));

    // A watch from a version older than the kept history gets 410 Gone.
    let small = FakeApiServer::start(Options {
        history_limit: 2,
        ..Options::default()
    })
    .await;
    for i in 0..5 {
        small.seed(vs(&format!("v{i}"), "h"));
    }
    let api = vs_api(&small).await;
    let mut expired = api
        .watch(&WatchParams::default().timeout(5), "2")
        .await
        .unwrap()
        .boxed();
    match expired.next().await {
        Some(Ok(WatchEvent::Error(e))) => assert_eq!(e.code, 410),
        Some(Err(kube::Error::Api(s))) => assert_eq!(s.code, 410),
        other => panic!("expected 410, got {other:?}"),
    }
}

fn next_owned(ev: Result<WatchEvent<DynamicObject>, kube::Error>) -> (&'static str, String) {
    match ev {
        Ok(WatchEvent::Added(o)) => ("ADDED", o.metadata.name.unwrap()),
        Ok(WatchEvent::Modified(o)) => ("MODIFIED", o.metadata.name.unwrap()),
        Ok(WatchEvent::Deleted(o)) => ("DELETED", o.metadata.name.unwrap()),
        other => panic!("unexpected watch item {other:?}"),
    }
}

#[tokio::test]
async fn faults_fail_delay_and_match_requests() {
    let server = FakeApiServer::start(Options::default()).await;
    let api = vs_api(&server).await;
    server.seed(vs("reviews", "reviews"));

    server.fail_next(1, 503);
    let url = format!(
        "{}/apis/networking.istio.io/v1/namespaces/default/virtualservices/reviews",
        server.url()
    );
    let (code, unavailable) = get_json(url.clone()).await;
    assert_eq!(code, 503);
    assert_eq!(unavailable["reason"], "ServiceUnavailable");
    assert_eq!(get_json(url).await.0, 200, "only the next request fails");

    // kube 5 retries 429/503/504 by itself: two failures are invisible to its caller.
    server.clear_requests();
    server.fail_next(2, 503);
    assert!(api.get("reviews").await.is_ok());
    assert_eq!(server.requests().len(), 3);

    server.inject(Fault::new(429, 1).retry_after(3));
    let resp = reqwest::get(format!("{}/api/v1/namespaces", server.url()))
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 429);
    assert_eq!(resp.headers()["retry-after"], "3");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["reason"], "TooManyRequests");
    assert_eq!(body["details"]["retryAfterSeconds"], 3);

    // Only matching requests fail.
    server.inject(
        Fault::new(403, 2)
            .method("PATCH")
            .path_contains("/virtualservices/"),
    );
    assert!(api.get("reviews").await.is_ok());
    let forbidden = api_status(
        api.patch("reviews", &PatchParams::default(), &Patch::Merge(json!({})))
            .await,
    );
    assert_eq!(forbidden.code, 403);
    assert_eq!(forbidden.reason, "Forbidden");
    assert_eq!(
        forbidden.message,
        "virtualservices.networking.istio.io \"reviews\" is forbidden: User \"system:serviceaccount:default:meshctl\" cannot patch resource \"virtualservices\" in API group \"networking.istio.io\" in the namespace \"default\""
    );
    server.inject(Fault::new(403, 1).user("jane"));
    let denied = api_status(api.list(&ListParams::default()).await);
    assert_eq!(
        denied.message,
        "virtualservices.networking.istio.io is forbidden: User \"jane\" cannot list resource \"virtualservices\" in API group \"networking.istio.io\" in the namespace \"default\""
    );
    server.inject(Fault::new(404, 1));
    assert_eq!(
        api_status(api.get("reviews").await).message,
        "virtualservices.networking.istio.io \"reviews\" not found"
    );

    // An expired continue token, as after etcd compaction.
    server.inject(Fault::new(410, 1).method("GET"));
    let expired = api_status(api.list(&ListParams::default().limit(1)).await);
    assert_eq!((expired.code, expired.reason.as_str()), (410, "Expired"));
    assert!(
        expired
            .message
            .starts_with("The provided continue parameter is too old")
    );

    server.fail_next(1, 500);
    assert_eq!(api_status(api.get("reviews").await).reason, "InternalError");

    server.set_delay(Duration::from_millis(300));
    let started = std::time::Instant::now();
    api.get("reviews").await.unwrap();
    let delayed = started.elapsed();
    server.set_delay(Duration::ZERO);
    assert!(delayed >= Duration::from_millis(300), "{delayed:?}");

    // A slow answer for one kind of request only, and a dropped connection.
    server.inject(Fault::slow(1, Duration::from_millis(300)).method("GET"));
    let started = std::time::Instant::now();
    assert!(api.get("reviews").await.is_ok());
    assert!(started.elapsed() >= Duration::from_millis(300));
    server.inject(Fault::reset(1));
    let dropped = api.get("reviews").await;
    assert!(
        !matches!(dropped, Ok(_) | Err(kube::Error::Api(_))),
        "a reset is a transport error, not a Status: {dropped:?}"
    );
    assert!(api.get("reviews").await.is_ok());

    let seen = server.requests();
    assert!(seen.iter().any(|r| r.method == "PATCH"
        && r.path == "/apis/networking.istio.io/v1/namespaces/default/virtualservices/reviews"));
    server.clear_requests();
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_concurrent_writer_makes_the_next_update_conflict() {
    let server = FakeApiServer::start(Options::default()).await;
    let api = vs_api(&server).await;
    server.seed(vs("reviews", "reviews"));
    server.concurrent_annotation_after_get("virtualservices", "default", "reviews");

    let mut read = api.get("reviews").await.unwrap();
    read.data["spec"]["hosts"] = json!(["mine"]);
    let conflict = api_status(api.replace("reviews", &PostParams::default(), &read).await);
    assert_eq!(conflict.code, 409);
    assert!(conflict.message.contains("the object has been modified"));

    // Read again (the writer acts once) and the update goes through, keeping its change.
    let mut fresh = api.get("reviews").await.unwrap();
    assert_eq!(
        fresh.metadata.annotations.as_ref().unwrap()["example.com/concurrent-writer"],
        "true"
    );
    fresh.data["spec"]["hosts"] = json!(["mine"]);
    let ok = api
        .replace("reviews", &PostParams::default(), &fresh)
        .await
        .unwrap();
    assert_eq!(ok.data["spec"]["hosts"], json!(["mine"]));
    let managers: Vec<String> = ok
        .metadata
        .managed_fields
        .unwrap()
        .iter()
        .map(|m| m.manager.clone().unwrap())
        .collect();
    assert!(
        managers.contains(&"concurrent-writer".to_string()),
        "{managers:?}"
    );
}

#[tokio::test]
async fn two_servers_are_independent() {
    let mesh = FakeApiServer::start(Options {
        context: "mesh".into(),
        ..Options::default()
    })
    .await;
    let workload = FakeApiServer::start(Options {
        context: "workload".into(),
        istio: IstioApis::None,
        ..Options::default()
    })
    .await;
    assert_ne!(mesh.url(), workload.url());
    vs_api(&mesh)
        .await
        .create(&PostParams::default(), &dynamic(vs("reviews", "reviews")))
        .await
        .unwrap();
    assert!(mesh.get("virtualservices", "default", "reviews").is_some());
    assert_eq!(
        api_status(vs_api(&workload).await.get("reviews").await).code,
        404
    );
    let pods =
        Api::<k8s_openapi::api::core::v1::Pod>::default_namespaced(workload.kube_client().await);
    workload.seed_pod(
        "default",
        "reviews-v1-abc",
        &[("app", "reviews"), ("version", "v1")],
        "Running",
        true,
    );
    assert_eq!(
        pods.list(&ListParams::default().labels("version=v1"))
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    assert!(mesh.list("pods", None).is_empty());
    let second = workload.seed_pod(
        "default",
        "reviews-v2-def",
        &[("version", "v2")],
        "Pending",
        false,
    );
    assert_ne!(
        second["status"]["podIP"],
        workload.list("pods", None)[0]["status"]["podIP"]
    );
    assert_eq!(
        second["status"]["conditions"][0],
        json!({"type": "Ready", "status": "False"})
    );
    let deployments = Api::<k8s_openapi::api::apps::v1::Deployment>::default_namespaced(
        workload.kube_client().await,
    );
    workload.seed_deployment(
        "default",
        "reviews-v2",
        &[("app", "reviews"), ("version", "v2")],
        3,
        1,
    );
    let d = deployments.get("reviews-v2").await.unwrap();
    assert_eq!(d.status.unwrap().ready_replicas, Some(1));

    // One kubeconfig can name both.
    let both = crate::support::apiserver::kubeconfig_yaml(&[&mesh, &workload], "mesh");
    let config: kube::config::Kubeconfig = serde_saphyr::from_str(&both).unwrap();
    assert_eq!(config.contexts.len(), 2);
    assert_eq!(config.current_context.as_deref(), Some("mesh"));
}

#[tokio::test]
async fn pod_proxy_forwards_to_the_mapped_address() {
    use axum::routing::get;
    let backend = axum::Router::new().route(
        "/stats/prometheus",
        get(|| async { "envoy_cluster_upstream_rq_total 7\n" }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let backend_task = tokio::spawn(async move { axum::serve(listener, backend).await });

    let server = FakeApiServer::start(Options::default()).await;
    server.seed_pod(
        "default",
        "reviews-v1",
        &[("app", "reviews")],
        "Running",
        true,
    );
    server.set_pod_proxy(
        "default",
        "reviews-v1",
        Some(15090),
        &format!("http://{addr}"),
    );
    let client = server.kube_client().await;

    let body = client
        .request_text(
            axum::http::Request::get(
                "/api/v1/namespaces/default/pods/reviews-v1:15090/proxy/stats/prometheus",
            )
            .body(vec![])
            .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(body, "envoy_cluster_upstream_rq_total 7\n");

    let (code, unmapped) = get_json(format!(
        "{}/api/v1/namespaces/default/pods/reviews-v1:15020/proxy/stats/prometheus",
        server.url()
    ))
    .await;
    assert_eq!(code, 503);
    assert!(
        unmapped["message"]
            .as_str()
            .unwrap()
            .contains("connection refused")
    );

    let (code, missing) = get_json(format!(
        "{}/api/v1/namespaces/default/pods/nope:15090/proxy/stats/prometheus",
        server.url()
    ))
    .await;
    assert_eq!(code, 404);
    assert_eq!(missing["message"], "pods \"nope\" not found");
    backend_task.abort();
}

#[tokio::test]
async fn typed_builtin_kinds_work_with_the_kube_client() {
    use k8s_openapi::api::coordination::v1::Lease;
    use k8s_openapi::api::core::v1::Event;
    let server = FakeApiServer::start(Options::default()).await;
    let client = server.kube_client().await;

    let leases = Api::<Lease>::default_namespaced(client.clone());
    let lease: Lease = serde_json::from_value(json!({
        "metadata": {"name": "meshctl-rollout"},
        "spec": {"holderIdentity": "ci-1", "leaseDurationSeconds": 30}
    }))
    .unwrap();
    let created = leases.create(&PostParams::default(), &lease).await.unwrap();
    let mut taken = created.clone();
    taken.spec.as_mut().unwrap().holder_identity = Some("ci-2".into());
    leases
        .replace("meshctl-rollout", &PostParams::default(), &taken)
        .await
        .unwrap();
    let lost = leases
        .replace("meshctl-rollout", &PostParams::default(), &created)
        .await;
    assert_eq!(api_status(lost).code, 409);

    let events = Api::<Event>::default_namespaced(client.clone());
    let event: Event = serde_json::from_value(json!({
        "metadata": {"generateName": "reviews."},
        "involvedObject": {"kind": "VirtualService", "name": "reviews", "namespace": "default"},
        "reason": "CanaryStep",
        "message": "weight 10",
        "type": "Normal"
    }))
    .unwrap();
    events.create(&PostParams::default(), &event).await.unwrap();
    let listed = events
        .list(&ListParams::default().fields("involvedObject.name=reviews"))
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 1);
    assert_eq!(listed.items[0].reason.as_deref(), Some("CanaryStep"));

    let new_events = Api::<k8s_openapi::api::events::v1::Event>::default_namespaced(client);
    let ev: k8s_openapi::api::events::v1::Event = serde_json::from_value(json!({
        "metadata": {"name": "e1"},
        "eventTime": "2026-11-24T00:00:00.000000Z",
        "reportingController": "meshctl",
        "reportingInstance": "meshctl-1",
        "action": "Promote",
        "note": "promoted to 100%",
        "regarding": {"kind": "VirtualService", "name": "reviews", "namespace": "default"},
        "reason": "Promoted",
        "type": "Normal"
    }))
    .unwrap();
    new_events
        .create(&PostParams::default(), &ev)
        .await
        .unwrap();

    // One store, two views: each API shows both events in its own field names.
    assert_eq!(server.list("events", None).len(), 2);
    let as_core = events
        .list(&ListParams::default().fields("involvedObject.name=reviews"))
        .await
        .unwrap();
    assert_eq!(as_core.items.len(), 2);
    let promoted = as_core
        .items
        .iter()
        .find(|e| e.reason.as_deref() == Some("Promoted"))
        .unwrap();
    assert_eq!(promoted.message.as_deref(), Some("promoted to 100%"));
    assert_eq!(promoted.reporting_component.as_deref(), Some("meshctl"));
    let as_new = new_events
        .list(&ListParams::default().fields("regarding.name=reviews"))
        .await
        .unwrap();
    assert_eq!(as_new.items.len(), 2);
    let step = as_new
        .items
        .iter()
        .find(|e| e.reason.as_deref() == Some("CanaryStep"))
        .unwrap();
    assert_eq!(step.note.as_deref(), Some("weight 10"));
    assert_eq!(
        step.regarding.as_ref().unwrap().name.as_deref(),
        Some("reviews")
    );
    let fetched = new_events.get("e1").await.unwrap();
    assert_eq!(fetched.note.as_deref(), Some("promoted to 100%"));
    let changed = new_events
        .patch(
            "e1",
            &PatchParams::default(),
            &Patch::Merge(json!({"note": "promoted again"})),
        )
        .await
        .unwrap();
    assert_eq!(changed.note.as_deref(), Some("promoted again"));
    assert_eq!(
        events.get("e1").await.unwrap().message.as_deref(),
        Some("promoted again")
    );
}

/// The blocking variant serves a plain `#[test]` (tests of the meshctl binary).
#[test]
fn blocking_server_writes_a_kubeconfig_and_serves() {
    use std::io::{Read, Write};
    let server = FakeApiServer::start_blocking(Options {
        namespace: "shop".into(),
        ..Options::default()
    });
    let config = kube::config::Kubeconfig::read_from(server.kubeconfig_path()).unwrap();
    assert_eq!(config.current_context.as_deref(), Some("fake"));
    let cluster = config.clusters[0].cluster.as_ref().unwrap();
    assert_eq!(cluster.server.as_deref(), Some(server.url().as_str()));
    let context = config.contexts[0].context.as_ref().unwrap();
    assert_eq!(context.namespace.as_deref(), Some("shop"));
    assert!(server.get("namespaces", "", "shop").is_some());

    let mut stream = std::net::TcpStream::connect(server.addr()).unwrap();
    write!(
        stream,
        "GET /api/v1/namespaces/shop HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"name\":\"shop\""), "{response}");
}

#[tokio::test]
async fn field_validation_and_schema_errors_like_the_real_server() {
    let server = FakeApiServer::start(Options::default()).await;
    let collection = format!(
        "{}/apis/networking.istio.io/v1/namespaces/default/virtualservices",
        server.url()
    );
    let post = |query: &'static str, body: Value| {
        let url = format!("{collection}{query}");
        async move {
            let r = reqwest::Client::new()
                .post(url)
                .header("Content-Type", "application/json")
                .body(body.to_string())
                .send()
                .await
                .unwrap();
            let warnings: Vec<String> = r
                .headers()
                .get_all("warning")
                .iter()
                .map(|v| v.to_str().unwrap().to_string())
                .collect();
            (
                r.status().as_u16(),
                warnings,
                r.json::<Value>().await.unwrap(),
            )
        }
    };
    let mut unknown = vs("strict", "reviews");
    unknown["spec"]["foo"] = json!(1);

    let (code, _, body) = post("?fieldValidation=Strict", unknown.clone()).await;
    assert_eq!(code, 400);
    assert_eq!(body["reason"], "BadRequest");
    assert_eq!(
        body["message"],
        "VirtualService in version \"v1\" cannot be handled as a VirtualService: strict decoding error: unknown field \"spec.foo\""
    );
    assert!(server.get("virtualservices", "default", "strict").is_none());

    // Warn (the server's default): stored without the field, with a warning.
    let (code, warnings, body) = post("", unknown.clone()).await;
    assert_eq!(code, 201);
    assert_eq!(warnings, ["299 - \"unknown field \\\"spec.foo\\\"\""]);
    assert!(body["spec"].get("foo").is_none());
    assert!(
        server.get("virtualservices", "default", "strict").unwrap()["spec"]
            .get("foo")
            .is_none()
    );

    unknown["metadata"]["name"] = json!("ignored");
    let (code, warnings, _) = post("?fieldValidation=Ignore", unknown).await;
    assert_eq!(code, 201);
    assert!(warnings.is_empty());

    // Schema violations are a 422 Invalid with one cause per field.
    let mut invalid = vs("invalid", "reviews");
    invalid["spec"]["http"][0]["route"][0]["destination"] = json!({"port": {"number": 9080}});
    invalid["spec"]["http"][0]["route"][0]["weight"] = json!("heavy");
    let (code, _, body) = post("", invalid).await;
    assert_eq!(code, 422, "{body}");
    assert_eq!(body["reason"], "Invalid");
    assert_eq!(body["details"]["kind"], "VirtualService");
    assert_eq!(body["details"]["group"], "networking.istio.io");
    assert_eq!(body["details"]["name"], "invalid");
    let causes = body["details"]["causes"].as_array().unwrap();
    let fields: Vec<&str> = causes
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"spec.http[0].route[0].destination.host"),
        "{fields:?}"
    );
    assert!(
        fields.contains(&"spec.http[0].route[0].weight"),
        "{fields:?}"
    );
    let required = causes
        .iter()
        .find(|c| c["field"] == "spec.http[0].route[0].destination.host")
        .unwrap();
    assert_eq!(required["reason"], "FieldValueRequired");
    assert_eq!(required["message"], "Required value");
    let message = body["message"].as_str().unwrap();
    assert!(
        message.starts_with("VirtualService.networking.istio.io \"invalid\" is invalid: ["),
        "{message}"
    );
    assert!(
        server
            .get("virtualservices", "default", "invalid")
            .is_none()
    );

    // The same rules hold for apply (through kube) and for patches.
    let api = vs_api(&server).await;
    let mut applied = vs("applied", "reviews");
    applied["spec"]["bar"] = json!(true);
    let strict = api_status(
        api.patch(
            "applied",
            &apply_params("meshctl").validation_strict(),
            &Patch::Apply(&applied),
        )
        .await,
    );
    assert_eq!(strict.code, 400);
    assert!(
        strict.message.contains("unknown field \"spec.bar\""),
        "{}",
        strict.message
    );
    let stored = api
        .patch("applied", &apply_params("meshctl"), &Patch::Apply(&applied))
        .await
        .unwrap();
    assert!(stored.data["spec"].get("bar").is_none());
    assert_eq!(
        stored.metadata.managed_fields.unwrap()[0]
            .fields_v1
            .as_ref()
            .unwrap()
            .0,
        json!({"f:spec": {"f:hosts": {}, "f:http": {}}}),
        "pruned fields are not owned"
    );

    let patched = api_status(
        api.patch(
            "applied",
            &PatchParams::default().validation_strict(),
            &Patch::Merge(json!({"spec": {"baz": 1}})),
        )
        .await,
    );
    assert_eq!(patched.code, 422);
    assert_eq!(patched.details.unwrap().causes[0].field, "patch");
    let bad_weight = api_status(
        api.patch(
            "applied",
            &PatchParams::default(),
            &Patch::Merge(json!({"spec": {"http": [{"route": [{"destination": {"host": "r"}, "weight": "heavy"}]}]}})),
        )
        .await,
    );
    assert_eq!(bad_weight.code, 422);
    assert_eq!(bad_weight.reason, "Invalid");
}

#[tokio::test]
async fn delete_collection_other_writers_and_recorded_bodies() {
    let server = FakeApiServer::start(Options::default()).await;
    let api = vs_api(&server).await;
    for (name, app) in [("a", "shop"), ("b", "shop"), ("c", "blog")] {
        let mut obj = vs(name, name);
        obj["metadata"]["labels"] = json!({"app": app});
        server.seed(obj);
    }
    let deleted = api
        .delete_collection(
            &DeleteParams::default(),
            &ListParams::default().labels("app=shop"),
        )
        .await
        .unwrap();
    let names: Vec<String> = deleted
        .left()
        .unwrap()
        .items
        .into_iter()
        .map(|o| o.metadata.name.unwrap())
        .collect();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(server.list("virtualservices", Some("default")).len(), 1);

    // Another writer (a controller, a person) changes the object between two reads.
    let before = api.get("c").await.unwrap();
    let changed = server.modify("virtualservices", "default", "c", "kubectl-edit", |o| {
        o["spec"]["hosts"] = json!(["c", "c.blog"]);
    });
    assert!(
        changed["metadata"]["resourceVersion"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > rv(&before)
    );
    assert_eq!(changed["metadata"]["generation"], 2);
    let after = api.get("c").await.unwrap();
    assert_eq!(after.data["spec"]["hosts"], json!(["c", "c.blog"]));
    assert!(
        after
            .metadata
            .managed_fields
            .unwrap()
            .iter()
            .any(|m| m.manager.as_deref() == Some("kubectl-edit")
                && m.operation.as_deref() == Some("Update"))
    );

    // Seeded objects are owned by `seed` unless told otherwise.
    let owned = server.seed_as(vs("d", "d"), "kubectl-create");
    assert_eq!(
        owned["metadata"]["managedFields"][0]["manager"],
        "kubectl-create"
    );
    let mut bare = vs("e", "e");
    bare["metadata"]["managedFields"] = json!([]);
    assert!(server.seed(bare)["metadata"].get("managedFields").is_none());

    // What the client sent is kept for assertions.
    server.clear_requests();
    api.patch(
        "c",
        &apply_params("meshctl").force(),
        &Patch::Apply(json!({
            "apiVersion": "networking.istio.io/v1",
            "kind": "VirtualService",
            "metadata": {"name": "c"},
            "spec": {"hosts": ["c"]}
        })),
    )
    .await
    .unwrap();
    let sent = &server.requests()[0];
    assert_eq!(sent.param("force").as_deref(), Some("true"));
    assert_eq!(sent.body_value().unwrap()["spec"]["hosts"], json!(["c"]));
}

#[tokio::test]
async fn watch_with_initial_events_ends_them_with_a_bookmark() {
    let server = FakeApiServer::start(Options::default()).await;
    server.seed(vs("one", "one"));
    let url = format!(
        "{}/apis/networking.istio.io/v1/namespaces/default/virtualservices?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&timeoutSeconds=1",
        server.url()
    );
    let text = reqwest::get(url).await.unwrap().text().await.unwrap();
    let events: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(events.len(), 2, "{text}");
    assert_eq!(events[0]["type"], "ADDED");
    assert_eq!(events[0]["object"]["metadata"]["name"], "one");
    assert_eq!(events[1]["type"], "BOOKMARK");
    assert_eq!(
        events[1]["object"]["metadata"]["annotations"]["k8s.io/initial-events-end"],
        "true"
    );
}

#[tokio::test]
async fn server_side_apply_merges_keyed_lists_item_by_item() {
    let server = FakeApiServer::start(Options::default()).await;
    let se = ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("networking.istio.io", "v1", "ServiceEntry"),
        "serviceentries",
    );
    let api = Api::<DynamicObject>::namespaced_with(server.kube_client().await, "default", &se);
    let entry = |ports: Value| {
        json!({
            "apiVersion": "networking.istio.io/v1",
            "kind": "ServiceEntry",
            "metadata": {"name": "api", "namespace": "default"},
            "spec": {"hosts": ["api.example.com"], "ports": ports, "resolution": "DNS", "location": "MESH_EXTERNAL"}
        })
    };
    let mine = entry(json!([{"number": 443, "name": "https", "protocol": "TLS"}]));
    let created = api
        .patch("api", &apply_params("meshctl"), &Patch::Apply(&mine))
        .await
        .unwrap();
    assert_eq!(
        created.metadata.managed_fields.unwrap()[0]
            .fields_v1
            .as_ref()
            .unwrap()
            .0["f:spec"]["f:ports"],
        json!({"k:{\"name\":\"https\"}": {".": {}, "f:name": {}, "f:number": {}, "f:protocol": {}}})
    );

    // `spec.ports` is `x-kubernetes-list-type: map` keyed by `name`: another manager
    // adds its own port without a conflict.
    let theirs = json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "ServiceEntry",
        "metadata": {"name": "api"},
        "spec": {"ports": [{"number": 80, "name": "http", "protocol": "HTTP"}]}
    });
    let both = api
        .patch(
            "api",
            &apply_params("other-manager"),
            &Patch::Apply(&theirs),
        )
        .await
        .unwrap();
    let numbers: Vec<i64> = both.data["spec"]["ports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [443, 80]);

    // Changing a field of meshctl's item is a conflict named by key.
    let mut renamed = theirs.clone();
    renamed["spec"]["ports"] = json!([{"number": 8443, "name": "https", "protocol": "TLS"}]);
    let conflict = api_status(
        api.patch(
            "api",
            &apply_params("other-manager"),
            &Patch::Apply(&renamed),
        )
        .await,
    );
    assert_eq!(
        conflict.message,
        "Apply failed with 1 conflict: conflict with \"meshctl\": .spec.ports[name=\"https\"].number"
    );

    // meshctl drops its port: it goes, the other manager's stays.
    let without = entry(json!([]));
    let mut without = without;
    without["spec"].as_object_mut().unwrap().remove("ports");
    let after = api
        .patch("api", &apply_params("meshctl"), &Patch::Apply(&without))
        .await
        .unwrap();
    assert_eq!(
        after.data["spec"]["ports"],
        json!([{"number": 80, "name": "http", "protocol": "HTTP"}])
    );
}
