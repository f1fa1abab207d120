//! `meshctl status` against the real kube-apiserver: the mesh table in every format, the
//! tree of one service with pods from the workload cluster, errors, and `--watch`
//! redrawing on change and ending cleanly on Ctrl-C.

use crate::support::cli::{Run, meshctl, run_cmd};
use crate::support::kube::{KubeTest, Options};
use serde_json::{Value, json};
use std::io::Read;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const VS: &str = "virtualservices.networking.istio.io";

fn mesh() -> KubeTest {
    let server = KubeTest::start(Options {
        namespace: "shop".into(),
        namespaces: vec!["web".into(), "istio-system".into(), "default".into()],
        ..Default::default()
    });
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/status/mesh.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    for doc in meshctl::core::yaml::parse_documents(&text).unwrap() {
        server.seed(doc.value);
    }
    let reviews = |v: &'static str| [("app", "reviews"), ("version", v)];
    server.seed_pod("shop", "reviews-v1-a", &reviews("v1"), "Running", true);
    server.seed_pod("shop", "reviews-v1-b", &reviews("v1"), "Running", true);
    server.seed_pod("shop", "reviews-v2-a", &reviews("v2"), "Running", false);
    server.seed_pod("shop", "ratings-a", &[("app", "ratings")], "Running", true);
    server
}

fn mc(server: &KubeTest, args: &[&str]) -> Run {
    let mut cmd = meshctl();
    cmd.arg("--kubeconfig").arg(server.kubeconfig_path());
    let mut namespace_next = false;
    for arg in args {
        cmd.arg(if namespace_next {
            server.ns(arg)
        } else {
            arg.to_string()
        });
        namespace_next = *arg == "-n";
    }
    server.filter_run(run_cmd(&mut cmd, None))
}

#[test]
fn the_mesh_table_has_one_row_per_service() {
    let server = mesh();
    let run = mc(&server, &["status"]);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn wide_adds_the_objects_and_the_rollout_message() {
    let server = mesh();
    let run = mc(&server, &["status", "-A", "-o", "wide"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn json_and_yaml_carry_the_same_view() {
    let server = mesh();
    let json_run = mc(&server, &["status", "-A", "-o", "json"]);
    assert_eq!(json_run.code, 0, "{}", json_run.snapshot());
    insta::assert_snapshot!("json", json_run.stdout);
    let yaml_run = mc(&server, &["status", "-A", "-o", "yaml"]);
    insta::assert_snapshot!("yaml", yaml_run.stdout);
    let from_json: Value = serde_json::from_str(&json_run.stdout).unwrap();
    let docs = meshctl::core::yaml::parse_documents(&yaml_run.stdout).unwrap();
    assert_eq!(docs[0].value, from_json);
}

#[test]
fn one_service_is_a_tree_with_pods_and_history() {
    let server = mesh();
    let run = mc(&server, &["status", "reviews"]);
    insta::assert_snapshot!(run.snapshot());
    let run = mc(&server, &["status", "reviews", "-o", "json"]);
    let detail: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(detail["rollout"]["state"], "Progressing");
    assert_eq!(detail["rollout"]["step"], 2);
    assert_eq!(detail["history"].as_array().unwrap().len(), 2);
}

#[test]
fn unknown_services_and_empty_namespaces_say_so() {
    let server = mesh();
    let run = mc(&server, &["status", "nothere"]);
    insta::assert_snapshot!("unknown_service", run.snapshot());
    let run = mc(&server, &["status", "-n", "default"]);
    insta::assert_snapshot!("empty_namespace", run.snapshot());
}

/// Collects a child's stdout as it comes.
pub(crate) fn collect(child: &mut Child) -> Arc<Mutex<String>> {
    let out = Arc::new(Mutex::new(String::new()));
    let mut pipe = child.stdout.take().unwrap();
    let sink = out.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = pipe.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    out
}

pub(crate) fn wait_for(out: &Mutex<String>, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !out.lock().unwrap().contains(what) {
        assert!(
            Instant::now() < deadline,
            "never saw `{what}` in:\n{}",
            out.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Kills the watch by PID if the test fails before it ends.
pub(crate) struct Guard(pub(crate) Option<Child>);

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[test]
fn watch_redraws_on_change_and_exits_cleanly_on_ctrl_c() {
    let server = mesh();
    let mut cmd = meshctl();
    cmd.arg("--kubeconfig")
        .arg(server.kubeconfig_path())
        .args(["status", "--watch"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut guard = Guard(Some(cmd.spawn().unwrap()));
    let child = guard.0.as_mut().unwrap();
    let out = collect(child);
    wait_for(&out, "v1=75 v2=25");
    server.modify(VS, "shop", "reviews", "kubectl", |vs| {
        vs["spec"]["http"][1]["route"][0]["weight"] = json!(50);
        vs["spec"]["http"][1]["route"][1]["weight"] = json!(50);
    });
    wait_for(&out, "v1=50 v2=50");
    // Unchanged views are not drawn again.
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(out.lock().unwrap().matches("NAMESPACE").count(), 2);
    let pid = child.id().to_string();
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let mut child = guard.0.take().unwrap();
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
}

/// A Prometheus that answers Istio's standard queries with fixed figures per version:
/// v1 300 requests (3 5xx, p99 100 ms), v2 100 requests (10 5xx, p99 250 ms).
struct FakePrometheus {
    url: String,
    runtime: Option<tokio::runtime::Runtime>,
}

impl FakePrometheus {
    fn start() -> Self {
        use axum::extract::Query;
        use std::collections::HashMap;
        async fn answer(Query(params): Query<HashMap<String, String>>) -> axum::Json<Value> {
            let q = params.get("query").cloned().unwrap_or_default();
            let version = ["v1", "v2"]
                .into_iter()
                .find(|v| q.contains(&format!("destination_version=\"{v}\"")));
            let value = match version {
                None => None,
                Some(v) if q.contains("histogram_quantile(0.99") => {
                    Some(if v == "v1" { "100" } else { "250" })
                }
                Some(_) if q.contains("histogram_quantile") => Some("20"),
                Some(v) if q.contains("response_code=~\"5..\"") => {
                    Some(if v == "v1" { "3" } else { "10" })
                }
                Some(v) if q.contains("istio_requests_total") => {
                    Some(if v == "v1" { "300" } else { "100" })
                }
                Some(_) => None,
            };
            let result: Vec<Value> = value
                .map(|v| json!({"metric": {}, "value": [1_790_000_000.0, v]}))
                .into_iter()
                .collect();
            axum::Json(
                json!({"status": "success", "data": {"resultType": "vector", "result": result}}),
            )
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new().route("/api/v1/query", axum::routing::get(answer));
        runtime.spawn(async move { axum::serve(listener, app).await });
        FakePrometheus {
            url,
            runtime: Some(runtime),
        }
    }
}

impl Drop for FakePrometheus {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

#[test]
fn wide_shows_success_rps_and_p99_from_prometheus() {
    let server = mesh();
    let prometheus = FakePrometheus::start();
    let run = mc(
        &server,
        &["status", "-o", "wide", "--prometheus-url", &prometheus.url],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    insta::assert_snapshot!(run.stdout);
    let run = mc(
        &server,
        &["status", "-o", "json", "--prometheus-url", &prometheus.url],
    );
    let rows: Value = serde_json::from_str(&run.stdout).unwrap();
    let reviews = &rows[1]["metrics"];
    assert_eq!(reviews["requests"], 400.0);
    assert_eq!(reviews["p99Ms"], 250.0);
    assert!((reviews["successRate"].as_f64().unwrap() - 96.75).abs() < 1e-9);
    // ratings has no subsets to measure.
    assert!(rows[0].get("metrics").is_none());
    // The plain table has no room for figures.
    let run = mc(&server, &["status", "--prometheus-url", &prometheus.url]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
}
