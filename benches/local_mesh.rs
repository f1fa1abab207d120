//! Time from a weight change to Envoy serving it on the local mesh: a store `update` of
//! a VirtualService's weights (lock, file write, translation, xDS files, Envoy's
//! confirmation through its admin stats), then the first request through Envoy that
//! lands on the newly weighted version. Weights flip between 100/0 and 0/100, so the
//! very first request after the change tells whether Envoy routes by it.
//!
//! Needs real Envoy: `MESHCTL_TEST_ENVOY=$(scripts/find-envoy.sh) cargo bench --bench
//! local_mesh`. Envoy runs in its own process group and is killed by PID at the end.

use divan::Bencher;
use meshctl::adapters::local::{LocalMesh, UpOptions};
use meshctl::core::envoy::Endpoint;
use meshctl::core::store::{ApplyOptions, MeshStore, ObjectRef};
use serde_json::{Value, json};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

struct Env {
    runtime: tokio::runtime::Runtime,
    mesh: LocalMesh,
    http: reqwest::Client,
    port: u16,
    pid: u32,
    _dir: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free port")
}

async fn backend(version: &'static str) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = axum::Router::new().fallback(move || async move { version });
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    port
}

fn weights(v1: u64) -> Value {
    json!({
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "reviews", "namespace": "default"},
        "spec": {"hosts": ["reviews"], "http": [{"route": [
            {"destination": {"host": "reviews", "subset": "v1"}, "weight": v1},
            {"destination": {"host": "reviews", "subset": "v2"}, "weight": 100 - v1}
        ]}]}
    })
}

static ENV: LazyLock<Env> = LazyLock::new(|| {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let envoy = std::env::var_os("MESHCTL_TEST_ENVOY").expect(
        "MESHCTL_TEST_ENVOY is not set: run with MESHCTL_TEST_ENVOY=$(scripts/find-envoy.sh)",
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mesh = LocalMesh::open(dir.path()).unwrap();
    let port = free_port();
    let pid = runtime.block_on(async {
        let state = mesh
            .up(&UpOptions {
                envoy: envoy.into(),
                listener_port: port,
                admin_port: free_port(),
            })
            .await
            .unwrap();
        for (subset, version) in [("v1", "v1"), ("v2", "v2")] {
            let p = backend(version).await;
            mesh.add_endpoint(Endpoint {
                service: "reviews".into(),
                namespace: "default".into(),
                subset: subset.into(),
                address: format!("127.0.0.1:{p}"),
            })
            .await
            .unwrap();
        }
        mesh.apply(&weights(100), ApplyOptions::default())
            .await
            .unwrap();
        state.pid
    });
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    Env {
        runtime,
        mesh,
        http,
        port,
        pid,
        _dir: dir,
    }
});

static FLIPS: AtomicU64 = AtomicU64::new(0);

/// Flips all traffic to the other version; returns the version now expected.
async fn flip(env: &Env) -> &'static str {
    let to_v2 = FLIPS.fetch_add(1, Ordering::SeqCst).is_multiple_of(2);
    let v1 = if to_v2 { 0 } else { 100 };
    let r = ObjectRef::istio("VirtualService", "default", "reviews");
    let mut change = |o: &mut Value| {
        o["spec"]["http"][0]["route"][0]["weight"] = json!(v1);
        o["spec"]["http"][0]["route"][1]["weight"] = json!(100 - v1);
        Ok(())
    };
    env.mesh.update(&r, &mut change).await.unwrap();
    if to_v2 { "v2" } else { "v1" }
}

async fn first_answer(env: &Env) -> String {
    env.http
        .get(format!("http://127.0.0.1:{}/", env.port))
        .header("host", "reviews")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Store write → Envoy confirms the new version.
#[divan::bench(sample_count = 40, sample_size = 1)]
fn weight_change_confirmed(bencher: Bencher) {
    let env = &*ENV;
    bencher.bench_local(|| env.runtime.block_on(flip(env)));
}

/// Store write → Envoy confirms → the first request lands on the new version (it
/// must: the benchmark panics otherwise).
#[divan::bench(sample_count = 40, sample_size = 1)]
fn weight_change_served(bencher: Bencher) {
    let env = &*ENV;
    bencher.bench_local(|| {
        env.runtime.block_on(async {
            let expected = flip(env).await;
            let got = first_answer(env).await;
            assert_eq!(
                got, expected,
                "Envoy served the old weights after the write"
            );
        })
    });
}

fn main() {
    divan::main();
    if let Some(env) = LazyLock::get(&ENV) {
        let _ = std::process::Command::new("kill")
            .arg("-KILL")
            .arg(env.pid.to_string())
            .status();
    }
}
