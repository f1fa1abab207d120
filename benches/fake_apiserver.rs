//! How fast the fake API server answers the bulk operations meshctl's own benchmarks
//! sit on top of: listing 5,000 VirtualServices in pages of 500 and applying 1,000
//! objects with server-side apply, both through the kube client.

#[allow(dead_code)]
#[path = "../tests/it/support/apiserver/mod.rs"]
mod apiserver;

use std::sync::LazyLock;

use apiserver::{FakeApiServer, Options};
use kube::api::{
    Api, ApiResource, DynamicObject, GroupVersionKind, ListParams, Patch, PatchParams,
};
use serde_json::json;

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    divan::main();
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn vs_resource() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("networking.istio.io", "v1", "VirtualService"),
        "virtualservices",
    )
}

fn vs(name: &str, namespace: &str) -> serde_json::Value {
    json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "VirtualService",
        "metadata": {"name": name, "namespace": namespace, "labels": {"app": name}},
        "spec": {
            "hosts": [format!("{name}.{namespace}.svc.cluster.local")],
            "http": [{"route": [
                {"destination": {"host": name, "subset": "stable"}, "weight": 90},
                {"destination": {"host": name, "subset": "canary"}, "weight": 10}
            ]}]
        }
    })
}

static LISTED: LazyLock<FakeApiServer> = LazyLock::new(|| {
    let server = FakeApiServer::start_blocking(Options::default());
    for i in 0..5_000 {
        server.seed(vs(&format!("vs-{i:05}"), "default"));
    }
    server
});

#[divan::bench(sample_count = 5)]
fn list_5000_virtualservices_in_pages_of_500(bencher: divan::Bencher) {
    let rt = runtime();
    let server = &*LISTED;
    let api: Api<DynamicObject> = rt.block_on(async {
        Api::namespaced_with(server.kube_client().await, "default", &vs_resource())
    });
    bencher.bench_local(|| {
        rt.block_on(async {
            let mut total = 0;
            let mut token: Option<String> = None;
            loop {
                let mut lp = ListParams::default().limit(500);
                if let Some(t) = &token {
                    lp = lp.continue_token(t);
                }
                let page = api.list(&lp).await.unwrap();
                total += page.items.len();
                token = page.metadata.continue_.filter(|t| !t.is_empty());
                if token.is_none() {
                    break;
                }
            }
            assert_eq!(total, 5_000);
        })
    });
}

#[divan::bench(sample_count = 3)]
fn apply_1000_virtualservices(bencher: divan::Bencher) {
    let rt = runtime();
    bencher
        .with_inputs(|| FakeApiServer::start_blocking(Options::default()))
        .bench_local_values(|server| {
            rt.block_on(async {
                let api: Api<DynamicObject> =
                    Api::namespaced_with(server.kube_client().await, "default", &vs_resource());
                let params = PatchParams::apply("meshctl");
                for i in 0..1_000 {
                    let name = format!("vs-{i:04}");
                    api.patch(&name, &params, &Patch::Apply(vs(&name, "default")))
                        .await
                        .unwrap();
                }
            });
            server
        });
}
