//! Speed of meshctl's Kubernetes adapter against the fake API server on 127.0.0.1:
//! applying 1,000 objects with server-side apply (16 at a time), and listing 5,000
//! VirtualServices in pages of 500. Targets: 1,000 applies < 2 s; the 5,000-object list
//! < 1 s and < 150 MB peak memory (the allocation profile includes the in-process fake
//! server, so it is an upper bound for meshctl itself).

#[path = "../tests/it/support/mod.rs"]
mod support;

use divan::{AllocProfiler, Bencher};
use futures::StreamExt;
use meshctl::adapters::kube::{self, Cluster, ConnectOptions, ResourceType};
use meshctl::core::store::ApplyOptions;
use serde_json::{Value, json};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use support::apiserver::{FakeApiServer, Options};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

const CONCURRENCY: usize = 16;

struct Env {
    runtime: tokio::runtime::Runtime,
    server: FakeApiServer,
    cluster: Cluster,
    vs: ResourceType,
}

static ENV: LazyLock<Env> = LazyLock::new(|| {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let server = FakeApiServer::start_blocking(Options {
        namespaces: vec!["apply".into(), "list".into()],
        ..Default::default()
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (cluster, vs) = runtime.block_on(async {
        let cluster = Cluster::connect(&ConnectOptions {
            kubeconfig: Some(server.kubeconfig_path().to_path_buf()),
            ..Default::default()
        })
        .await
        .unwrap();
        let vs = cluster.istio_type("VirtualService").await.unwrap();
        (cluster, vs)
    });
    for i in 0..5000 {
        server.seed(virtual_service("list", &format!("vs-{i:05}")));
    }
    Env {
        runtime,
        server,
        cluster,
        vs,
    }
});

fn virtual_service(namespace: &str, name: &str) -> Value {
    json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "VirtualService",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {
            "hosts": [name],
            "http": [{"route": [
                {"destination": {"host": name, "subset": "v1"}, "weight": 90},
                {"destination": {"host": name, "subset": "v2"}, "weight": 10}
            ]}]
        }
    })
}

fn main() {
    divan::main();
}

static ROUND: AtomicUsize = AtomicUsize::new(0);

/// 1,000 new VirtualServices, server-side applied 16 at a time.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn apply_1000(bencher: Bencher) {
    let env = &*ENV;
    bencher
        .with_inputs(|| {
            let round = ROUND.fetch_add(1, Ordering::Relaxed);
            (0..1000)
                .map(|i| {
                    let object = virtual_service("apply", &format!("r{round}-{i:04}"));
                    kube::prepare(&env.vs, &object, "apply").unwrap()
                })
                .collect::<Vec<_>>()
        })
        .bench_local_values(|objects| {
            env.runtime.block_on(async {
                let results: Vec<_> = futures::stream::iter(objects.iter())
                    .map(|o| kube::apply_object(&env.cluster, &env.vs, o, ApplyOptions::default()))
                    .buffer_unordered(CONCURRENCY)
                    .collect()
                    .await;
                assert!(results.iter().all(Result::is_ok));
                results.len()
            })
        });
    let _ = env.server.resource_version();
}

/// 5,000 VirtualServices listed in pages of 500.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn list_5000(bencher: Bencher) {
    let env = &*ENV;
    bencher.bench_local(|| {
        env.runtime.block_on(async {
            let items = env.cluster.list(&env.vs, Some("list"), None).await.unwrap();
            assert_eq!(items.len(), 5000);
            items.len()
        })
    });
}
