//! The Gateway API on the local mesh, end to end: HTTPRoutes applied with the built
//! `meshctl --target local`, served by a real Envoy (`MESHCTL_TEST_ENVOY`) to two
//! in-process backends, each registered as a Service of its own (`reviews-v1`,
//! `reviews-v2`) without a subset, as an HTTPRoute's backends name them.

use crate::local_mesh::{Behaviour, Mesh, backend, get_host};
use crate::support::cli;
use meshctl::core::model::GATEWAY_API_GROUP;
use meshctl::core::store::{MeshStore, ObjectRef};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Runs `meshctl --target local ARGS` against `mesh`'s state directory.
async fn local(mesh: &Mesh, args: &[&str]) -> cli::Run {
    let dir = mesh._dir.path().to_path_buf();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let mut cmd = cli::meshctl();
        cmd.args(["--target", "local"])
            .args(&args)
            .env("MESHCTL_LOCAL_DIR", &dir);
        cli::run_cmd(&mut cmd, None)
    })
    .await
    .unwrap()
}

/// A GAMMA route for `reviews` splitting between the two Services, with a rule that
/// sends `x-canary: yes` to v2 whatever the weights.
fn route(v1: u32, v2: u32) -> String {
    format!(
        "apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {{name: reviews}}
spec:
  parentRefs: [{{group: \"\", kind: Service, name: reviews, port: 9080}}]
  rules:
  - backendRefs:
    - {{name: reviews-v1, port: 9080, weight: {v1}}}
    - {{name: reviews-v2, port: 9080, weight: {v2}}}
  - matches: [{{headers: [{{name: x-canary, value: \"yes\"}}]}}]
    backendRefs: [{{name: reviews-v2, port: 9080}}]
"
    )
}

/// `n` requests to `host` through Envoy: how many each answer (version, or
/// `status NNN`) got.
async fn split(
    mesh: &Mesh,
    host: &str,
    n: usize,
    headers: &[(&str, &str)],
) -> BTreeMap<String, usize> {
    split_path(mesh, host, "/", n, headers).await
}

async fn split_path(
    mesh: &Mesh,
    host: &str,
    path: &str,
    n: usize,
    headers: &[(&str, &str)],
) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for _ in 0..n {
        let key = match get_host(&mesh.http, mesh.port, host, path, headers).await {
            (200, body) => body,
            (status, _) => format!("status {status}"),
        };
        *out.entry(key).or_default() += 1;
    }
    out
}

fn only(version: &str, n: usize) -> BTreeMap<String, usize> {
    [(version.to_string(), n)].into()
}

/// Two Services behind the mesh, registered with `local endpoint add SERVICE HOST:PORT`.
async fn two_services() -> Mesh {
    two_services_with(Behaviour::default()).await
}

/// The same, with v2 behaving as `v2`.
async fn two_services_with(v2: Behaviour) -> Mesh {
    let mesh = Mesh::up().await;
    for (service, version, behaviour) in [
        ("reviews-v1", "v1", Behaviour::default()),
        ("reviews-v2", "v2", v2),
    ] {
        let port = backend(version, behaviour).await;
        let address = format!("127.0.0.1:{port}");
        let added = local(&mesh, &["local", "endpoint", "add", service, &address]).await;
        assert_eq!(added.code, 0, "{}", added.snapshot());
    }
    mesh
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_http_route_splits_between_services_by_its_weights() {
    let mesh = two_services().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("route.yaml");
    let f = file.to_str().unwrap();
    for (step, (v1, v2)) in [(100, 0), (50, 50), (0, 100)].into_iter().enumerate() {
        std::fs::write(&file, route(v1, v2)).unwrap();
        let applied = local(&mesh, &["apply", "-f", f]).await;
        assert_eq!(applied.code, 0, "{}", applied.snapshot());
        let verb = if step == 0 { "created" } else { "configured" };
        assert_eq!(
            applied.stdout,
            format!("httproute.gateway.networking.k8s.io/reviews {verb}\n")
        );
        assert_eq!(local(&mesh, &["diff", "-f", f]).await.code, 0);
        // The write returned once Envoy served it: the next requests follow it.
        let got = split(&mesh, "reviews", 400, &[]).await;
        match (v1, v2) {
            (100, 0) => assert_eq!(got, only("v1", 400)),
            (0, 100) => assert_eq!(got, only("v2", 400)),
            _ => {
                // 400 draws at one half: 200 ± 60 is more than 6 standard deviations.
                let v2 = got.get("v2").copied().unwrap_or(0);
                assert_eq!(got.values().sum::<usize>(), 400, "{got:?}");
                assert!((140..=260).contains(&v2), "50/50 gave {got:?}");
            }
        }
        // The header rule is more specific than the split, whatever the weights.
        assert_eq!(
            split(&mesh, "reviews", 50, &[("x-canary", "yes")]).await,
            only("v2", 50),
            "step {v1}/{v2}"
        );
        // The FQDN reaches the same routes.
        assert_eq!(
            split(
                &mesh,
                "reviews.default.svc.cluster.local",
                20,
                &[("x-canary", "yes")]
            )
            .await,
            only("v2", 20)
        );
    }
    let status = local(&mesh, &["local", "status", "-o", "json"]).await;
    assert_eq!(status.code, 0, "{}", status.snapshot());
    let status: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(status["warnings"], serde_json::json!([]), "{status}");

    let deleted = local(&mesh, &["delete", "httproute", "reviews"]).await;
    assert_eq!(deleted.code, 0, "{}", deleted.snapshot());
    // No route for the host any more: Envoy answers 404.
    assert_eq!(split(&mesh, "reviews", 5, &[]).await, only("status 404", 5));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_parent_serves_the_routes_hostnames_and_a_bad_route_is_refused() {
    let mesh = two_services().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("web.yaml");
    std::fs::write(
        &file,
        "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web}
spec:
  gatewayClassName: istio
  listeners:
  - {name: http, port: 80, protocol: HTTP, hostname: \"*.example.com\"}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop}
spec:
  parentRefs: [{name: web}]
  hostnames: [shop.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /}}]
    backendRefs: [{name: reviews-v2, port: 9080}]
  - matches: [{path: {type: PathPrefix, value: /api}}]
    backendRefs: [{name: reviews-v1, port: 9080}]
",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let applied = local(&mesh, &["apply", "-f", f]).await;
    assert_eq!(applied.code, 0, "{}", applied.snapshot());
    assert_eq!(
        split(&mesh, "shop.example.com", 20, &[]).await,
        only("v2", 20)
    );
    // The longer prefix wins though written second, by whole path elements.
    for (path, version) in [("/api", "v1"), ("/api/x", "v1"), ("/apix", "v2")] {
        assert_eq!(
            split_path(&mesh, "shop.example.com", path, 10, &[]).await,
            only(version, 10),
            "{path}"
        );
    }
    // A host the listener accepts but the route does not name is not routed.
    assert_eq!(
        split(&mesh, "other.example.com", 5, &[]).await,
        only("status 404", 5)
    );

    // Validated like every write: an invalid route is refused and nothing changes.
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        std::fs::read_to_string(&file)
            .unwrap()
            .replace("port: 9080}", "port: 9080, weight: -1}"),
    )
    .unwrap();
    let refused = local(&mesh, &["apply", "-f", bad.to_str().unwrap()]).await;
    assert_eq!(refused.code, 79, "{}", refused.snapshot());
    assert!(refused.stderr.contains("weight"), "{}", refused.stderr);
    assert_eq!(local(&mesh, &["diff", "-f", f]).await.code, 0);
    let deleted = local(&mesh, &["delete", "-f", f]).await;
    assert_eq!(deleted.code, 0, "{}", deleted.snapshot());
    assert_eq!(
        split(&mesh, "shop.example.com", 5, &[]).await,
        only("status 404", 5)
    );
}

/// The stored HTTPRoute `reviews`.
async fn stored_route(mesh: &Mesh) -> serde_json::Value {
    let r = ObjectRef::new(GATEWAY_API_GROUP, "HTTPRoute", Some("default"), "reviews");
    mesh.mesh.get(&r).await.unwrap().unwrap()
}

/// A release (`release`: the command's arguments before the Envoy admin flag) on the
/// route from [`route`] at 100/0, judged by the local Envoy, while a client keeps
/// asking for `reviews`: the run, the requests sent and failed meanwhile, and the
/// stored route before the start.
async fn release_on_the_route(
    mesh: &Mesh,
    release: &[&str],
) -> (cli::Run, u64, u64, serde_json::Value) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("route.yaml");
    std::fs::write(&file, route(100, 0)).unwrap();
    let applied = local(mesh, &["apply", "-f", file.to_str().unwrap()]).await;
    assert_eq!(applied.code, 0, "{}", applied.snapshot());
    let before = stored_route(mesh).await;
    let stop = Arc::new(AtomicBool::new(false));
    let (total, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let load = {
        let (stop, total, failed) = (stop.clone(), total.clone(), failed.clone());
        let (http, port) = (mesh.http.clone(), mesh.port);
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let (status, _) = get_host(&http, port, "reviews", "/", &[]).await;
                total.fetch_add(1, Ordering::Relaxed);
                if status != 200 {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
        })
    };
    let admin = mesh.mesh.admin_url().unwrap().unwrap();
    let run = local(mesh, &[release, &["--envoy-admin", &admin]].concat()).await;
    stop.store(true, Ordering::Relaxed);
    load.await.unwrap();
    (
        run,
        total.load(Ordering::Relaxed),
        failed.load(Ordering::Relaxed),
        before,
    )
}

/// `canary start reviews --api gateway-api` in two short steps.
const CANARY: [&str; 19] = [
    "canary",
    "start",
    "reviews",
    "--api",
    "gateway-api",
    "--stable-host",
    "reviews-v1",
    "--canary-host",
    "reviews-v2",
    "--steps",
    "20,50",
    "--interval",
    "2s",
    "--analysis-window",
    "1s",
    "--analysis-interval",
    "1s",
    "--min-success-rate",
    "99",
];

/// `bluegreen switch reviews --api gateway-api` to `reviews-v2`, verified 3s after.
const SWITCH: [&str; 16] = [
    "bluegreen",
    "switch",
    "reviews",
    "--api",
    "gateway-api",
    "--to",
    "reviews-v2",
    "--verify-after",
    "3s",
    "--analysis-window",
    "1s",
    "--analysis-interval",
    "1s",
    "--min-success-rate",
    "99",
    "--yes",
];

async fn canary_on_the_route(mesh: &Mesh) -> (cli::Run, u64, u64, serde_json::Value) {
    release_on_the_route(mesh, &CANARY).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_healthy_canary_on_an_http_route_promotes_without_failed_requests() {
    let mesh = two_services().await;
    let (run, total, failed, _) = canary_on_the_route(&mesh).await;
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(total > 0, "no traffic was sent");
    assert_eq!(failed, 0, "{failed} of {total} requests failed");
    let spec = &stored_route(&mesh).await["spec"];
    assert_eq!(spec["rules"][0]["backendRefs"][0]["weight"], 0, "{spec}");
    assert_eq!(spec["rules"][0]["backendRefs"][1]["weight"], 100, "{spec}");
    assert_eq!(split(&mesh, "reviews", 30, &[]).await, only("v2", 30));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_canary_on_an_http_route_rolls_back_to_the_route_as_it_was() {
    let failing = Behaviour {
        fail_every: Some(2),
        ..Default::default()
    };
    let mesh = two_services_with(failing).await;
    let (run, _, _, before) = canary_on_the_route(&mesh).await;
    assert_eq!(run.code, 3, "{}", run.snapshot());
    assert!(run.stderr.contains("was rolled back"), "{}", run.stderr);
    // The route exactly as applied: the record stays beside it, in annotations.
    let stored = stored_route(&mesh).await;
    assert_eq!(stored["spec"], before["spec"], "{stored}");
    assert_eq!(stored["spec"]["rules"][0]["backendRefs"][1]["weight"], 0);
    assert_eq!(split(&mesh, "reviews", 30, &[]).await, only("v1", 30));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_healthy_blue_green_switch_on_an_http_route_loses_no_request() {
    let mesh = two_services().await;
    let (run, total, failed, _) = release_on_the_route(&mesh, &SWITCH).await;
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(total > 0, "no traffic was sent");
    assert_eq!(failed, 0, "{failed} of {total} requests failed");
    assert_eq!(split(&mesh, "reviews", 30, &[]).await, only("v2", 30));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_blue_green_switch_on_an_http_route_reverts_to_the_route_as_it_was() {
    let failing = Behaviour {
        fail_every: Some(2),
        ..Default::default()
    };
    let mesh = two_services_with(failing).await;
    let (run, _, _, before) = release_on_the_route(&mesh, &SWITCH).await;
    assert_eq!(run.code, 3, "{}", run.snapshot());
    let stored = stored_route(&mesh).await;
    assert_eq!(stored["spec"], before["spec"], "{stored}");
    assert_eq!(split(&mesh, "reviews", 30, &[]).await, only("v1", 30));
}
