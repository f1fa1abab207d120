//! What the rollout tests (`canary.rs`, `bluegreen.rs`) share: a cluster of their own
//! on the REAL kube-apiserver (`support::kube::KubeTest`: own namespaces, a fault proxy
//! in front of the server) seeded with a VirtualService, DestinationRule, Service and
//! Ready pods for both versions; a REAL Envoy with Istio's cluster names carrying
//! traffic to two `meshctl demo backend`s (`/v1`, `/v2`; v2's backend can answer a
//! share of requests with 500, and an Envoy fault filter in front of it can add more at
//! run time); the binary run with a named actor; and readers of the live object: the
//! record, the weights, the routes and the events.
#![allow(dead_code)]

use crate::support;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use support::backend::DemoBackend;
use support::cli::{Run, meshctl, run_cmd};
use support::kube::{KubeTest, Options};
use support::process::{Envoy, http_get, wait_for};

pub const VS: &str = "virtualservices";

/// A cluster of the test's own on the real API server, with namespace `shop`.
pub fn server() -> KubeTest {
    KubeTest::start(Options {
        namespaces: vec!["shop".into()],
        ..Default::default()
    })
}

/// The main route before any rollout: all traffic to v1, with retries meshctl must
/// not touch.
pub fn main_route(named: bool) -> Value {
    let mut route = json!({"retries": {"attempts": 3, "perTryTimeout": "2s"},
        "route": [{"destination": {"host": "reviews", "subset": "v1"}}]});
    if named {
        route["name"] = json!("main");
    }
    route
}

/// A route someone else owns: requests with header `header` go to `subset`.
pub fn foreign_route(header: &str, subset: &str) -> Value {
    json!({"match": [{"headers": {header: {"exact": "yes"}}}],
           "route": [{"destination": {"host": "reviews", "subset": subset}}]})
}

/// Seeds the VirtualService `reviews` with `http` routes, its DestinationRule (subsets
/// v1, v2, v3), the Service and one Ready pod per version; returns the VirtualService
/// as stored.
pub fn seed_with(s: &KubeTest, http: Vec<Value>) -> Value {
    s.seed(json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "VirtualService",
        "metadata": {"name": "reviews", "namespace": "shop", "labels": {"team": "books"}},
        "spec": {"hosts": ["reviews"], "http": http}
    }));
    s.seed(json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "DestinationRule",
        "metadata": {"name": "reviews", "namespace": "shop"},
        "spec": {"host": "reviews", "subsets": [
            {"name": "v1", "labels": {"version": "v1"}},
            {"name": "v2", "labels": {"version": "v2"}},
            {"name": "v3", "labels": {"version": "v3"}}
        ]}
    }));
    s.seed(json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "reviews", "namespace": "shop"},
        "spec": {"selector": {"app": "reviews"}, "ports": [{"port": 9080}]}
    }));
    for version in ["v1", "v2"] {
        s.seed_pod(
            "shop",
            &format!("reviews-{version}-0"),
            &[("app", "reviews"), ("version", version)],
            "Running",
            true,
        );
    }
    s.get(VS, "shop", "reviews").unwrap()
}

/// The usual VirtualService: a tester route to v3, and the main route `main` to v1.
pub fn seed(s: &KubeTest) -> Value {
    seed_with(
        s,
        vec![
            json!({"name": "testers", "match": [{"headers": {"end-user": {"exact": "jason"}}}],
                   "route": [{"destination": {"host": "reviews", "subset": "v3"}}]}),
            main_route(true),
        ],
    )
}

/// Envoy's config: the front listener routes to the Istio-named clusters, which lead
/// to one hop listener per subset (v2's has a fault filter a test can turn up at run
/// time) in front of that subset's `meshctl demo backend` (`BACKEND_V1`/`BACKEND_V2`).
pub fn envoy_config() -> String {
    let fault = 0;
    let backend = |name: &str, port: &str| {
        let fault_filter = if name == "v2" {
            format!(
                r#"
                  - name: envoy.filters.http.fault
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault
                      abort:
                        http_status: 500
                        percentage: {{ numerator: {fault}, denominator: HUNDRED }}"#
            )
        } else {
            String::new()
        };
        format!(
            r#"
    - name: {name}
      address: {{ socket_address: {{ address: 127.0.0.1, port_value: {port} }} }}
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: {name}
                route_config:
                  virtual_hosts:
                    - name: all
                      domains: ["*"]
                      routes:
                        - match: {{ prefix: "/" }}
                          route: {{ cluster: "backend-{name}" }}
                http_filters:{fault_filter}
                  - name: envoy.filters.http.router
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"#
        )
    };
    let plain_cluster = |name: &str, port: &str| {
        format!(
            r#"
    - name: {name}
      connect_timeout: 1s
      type: STATIC
      load_assignment:
        cluster_name: {name}
        endpoints:
          - lb_endpoints:
              - endpoint: {{ address: {{ socket_address: {{ address: 127.0.0.1, port_value: {port} }} }} }}"#
        )
    };
    let cluster = |subset: &str, port: &str| {
        format!(
            r#"
    - name: "outbound|9080|{subset}|reviews.NAMESPACE.svc.cluster.local"
      connect_timeout: 1s
      type: STATIC
      load_assignment:
        cluster_name: "outbound|9080|{subset}|reviews.NAMESPACE.svc.cluster.local"
        endpoints:
          - lb_endpoints:
              - endpoint: {{ address: {{ socket_address: {{ address: 127.0.0.1, port_value: {port} }} }} }}"#
        )
    };
    format!(
        r#"
admin:
  address: {{ socket_address: {{ address: 127.0.0.1, port_value: ADMIN_PORT }} }}
stats_flush_interval: 1s
layered_runtime:
  layers:
    - name: admin
      admin_layer: {{}}
stats_config:
  use_all_default_tags: false
  stats_tags:
    - tag_name: envoy.cluster_name
      regex: '^cluster\.((.+?(\..+?\.svc\.cluster\.local)?)\.)'
    - tag_name: envoy.response_code
    - tag_name: envoy.response_code_class
    - tag_name: envoy.http_conn_manager_prefix
static_resources:
  listeners:
    - name: front
      address: {{ socket_address: {{ address: 127.0.0.1, port_value: FRONT_PORT }} }}
      filter_chains:
        - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: front
                route_config:
                  virtual_hosts:
                    - name: reviews
                      domains: ["*"]
                      routes:
                        - match: {{ prefix: "/v1" }}
                          route: {{ cluster: "outbound|9080|v1|reviews.NAMESPACE.svc.cluster.local" }}
                        - match: {{ prefix: "/v2" }}
                          route: {{ cluster: "outbound|9080|v2|reviews.NAMESPACE.svc.cluster.local" }}
                http_filters:
                  - name: envoy.filters.http.router
                    typed_config:
                      "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
{v1}{v2}
  clusters:{c1}{c2}{b1}{b2}
"#,
        v1 = backend("v1", "V1_PORT"),
        v2 = backend("v2", "V2_PORT"),
        c1 = cluster("v1", "V1_PORT"),
        c2 = cluster("v2", "V2_PORT"),
        b1 = plain_cluster("backend-v1", "BACKEND_V1"),
        b2 = plain_cluster("backend-v2", "BACKEND_V2"),
    )
}

/// A real Envoy in front of two `meshctl demo backend`s, with traffic flowing to both
/// subsets until dropped.
pub struct Mesh {
    envoy: Envoy,
    _backends: [DemoBackend; 2],
    stop: Arc<AtomicBool>,
    traffic: Option<std::thread::JoinHandle<()>>,
}

impl Mesh {
    /// `v2_error_percent`: the share of v2's answers that are 500s (the backend's own).
    /// The clusters carry the real name of the test's namespace `shop`, as a sidecar's
    /// would.
    pub fn start(s: &KubeTest, v2_error_percent: u32) -> Mesh {
        let v1 = DemoBackend::start("reviews", "v1", 0.0, None);
        let v2 = DemoBackend::start("reviews", "v2", f64::from(v2_error_percent) / 100.0, None);
        let front = support::process::free_port();
        let config = envoy_config()
            .replace("NAMESPACE", &s.ns("shop"))
            .replace("BACKEND_V1", &v1.port.to_string())
            .replace("BACKEND_V2", &v2.port.to_string())
            .replace("FRONT_PORT", &front.to_string())
            .replace("V1_PORT", &support::process::free_port().to_string())
            .replace("V2_PORT", &support::process::free_port().to_string());
        let envoy = Envoy::start(&config);
        wait_for("the front listener", Duration::from_secs(30), || {
            matches!(http_get(front, "/v1"), Ok((200, _))).then_some(())
        });
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let traffic = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                let _ = http_get(front, "/v1");
                let _ = http_get(front, "/v2");
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        Mesh {
            envoy,
            _backends: [v1, v2],
            stop,
            traffic: Some(traffic),
        }
    }

    /// Makes v2 answer `percent`% of requests with 500 from now on (Envoy's fault
    /// filter, through an admin runtime override).
    pub fn set_v2_errors(&self, percent: u32) {
        use std::io::{Read, Write};
        let mut stream =
            std::net::TcpStream::connect(("127.0.0.1", self.envoy.admin_port)).unwrap();
        write!(
            stream,
            "POST /runtime_modify?fault.http.abort.abort_percent={percent} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    }

    pub fn admin(&self) -> String {
        format!("http://127.0.0.1:{}", self.envoy.admin_port)
    }
}

impl Drop for Mesh {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.traffic.take() {
            let _ = t.join();
        }
    }
}

/// `meshctl --kubeconfig TEST -n SHOP ARGS` as `actor`, with the test's namespace
/// names and server URL filtered from the output.
pub fn mc_env(s: &KubeTest, actor: &str, args: &[&str]) -> Run {
    let mut cmd = meshctl();
    cmd.env("MESHCTL_ACTOR", actor)
        .arg("--kubeconfig")
        .arg(s.kubeconfig_path())
        .args(["-n", &s.ns("shop")])
        .args(args);
    s.filter_run(run_cmd(&mut cmd, None))
}

pub fn mc(s: &KubeTest, args: &[&str]) -> Run {
    mc_env(s, "ci-job-1", args)
}

/// `meshctl ARGS` in the background (its own process group; killed on drop), its
/// stderr kept in a file.
pub struct Bg {
    pub child: Child,
    stderr: PathBuf,
    _dir: tempfile::TempDir,
}

impl Bg {
    pub fn spawn(s: &KubeTest, actor: &str, args: &[&str]) -> Bg {
        use std::os::unix::process::CommandExt;
        let dir = tempfile::tempdir().unwrap();
        let stderr = dir.path().join("stderr");
        let mut cmd = meshctl();
        cmd.env("MESHCTL_ACTOR", actor)
            .arg("--kubeconfig")
            .arg(s.kubeconfig_path())
            .args(["-n", &s.ns("shop")])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .process_group(0);
        Bg {
            child: cmd.spawn().expect("start meshctl"),
            stderr,
            _dir: dir,
        }
    }

    /// Waits for the exit; its code and stderr.
    pub fn wait(&mut self) -> (Option<i32>, String) {
        let status = self.child.wait().unwrap();
        (status.code(), self.stderr())
    }

    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// Waits until the run has said `text` on stderr (say, that the driver is holding
    /// a stage: its start write has been answered).
    pub fn wait_for_stderr(&self, text: &str) {
        support::process::wait_for(
            &format!("`{text}` on stderr"),
            Duration::from_secs(60),
            || self.stderr().contains(text).then_some(()),
        );
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn sigkill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Bg {
    fn drop(&mut self) {
        self.sigkill();
    }
}

/// The live VirtualService.
pub fn live(s: &KubeTest) -> Value {
    s.get(VS, "shop", "reviews").expect("the VirtualService")
}

/// The live record, decoded.
pub fn record(s: &KubeTest) -> Value {
    let vs = live(s);
    let text = vs["metadata"]["annotations"]["meshctl.io/rollout"]
        .as_str()
        .expect("a rollout record")
        .to_string();
    serde_json::from_str(&text).unwrap()
}

/// Whether the live object carries a record.
pub fn has_record(s: &KubeTest) -> bool {
    live(s)["metadata"]["annotations"]
        .get("meshctl.io/rollout")
        .is_some()
}

/// The main route of the live object: named `main`, else the one without a match
/// (meshctl's preview route aside).
pub fn main_route_of(vs: &Value) -> Value {
    let http = vs["spec"]["http"].as_array().unwrap();
    http.iter()
        .find(|r| r["name"] == "main")
        .or_else(|| {
            http.iter()
                .find(|r| r.get("match").is_none() && r["name"] != "meshctl-preview")
        })
        .cloned()
        .expect("a main route")
}

/// The main route's destinations as `subset=weight`.
pub fn main_weights(s: &KubeTest) -> Vec<String> {
    weights_of(&main_route_of(&live(s)))
}

/// A route's destinations as `subset=weight`.
pub fn weights_of(route: &Value) -> Vec<String> {
    route["route"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}={}",
                d["destination"]["subset"].as_str().unwrap(),
                d["weight"]
            )
        })
        .collect()
}

/// The live route whose match has header `header`.
pub fn route_with_header(s: &KubeTest, header: &str) -> Value {
    live(s)["spec"]["http"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["match"][0]["headers"].get(header).is_some())
        .cloned()
        .unwrap_or_else(|| panic!("no route matching header `{header}`"))
}

/// Adds a route at `index` (`None`: at the end) as another actor would, with its own
/// field manager and the resourceVersion it read.
pub fn insert_route(s: &KubeTest, index: Option<usize>, route: Value) {
    s.modify(VS, "shop", "reviews", "other-actor", |vs| {
        let http = vs["spec"]["http"].as_array_mut().unwrap();
        match index {
            Some(i) => http.insert(i, route.clone()),
            None => http.push(route.clone()),
        }
    });
}

pub fn events(s: &KubeTest) -> Vec<Value> {
    let mut events: Vec<Value> = s
        .list("events", Some("shop"))
        .into_iter()
        .filter(|e| e["involvedObject"]["name"] == "reviews")
        .collect();
    events.sort_by_key(|e| {
        (
            e["metadata"]["creationTimestamp"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            e["metadata"]["resourceVersion"]
                .as_str()
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0),
        )
    });
    events
}

pub fn event_reasons(s: &KubeTest) -> Vec<String> {
    events(s)
        .iter()
        .map(|e| e["reason"].as_str().unwrap().to_string())
        .collect()
}

/// The object without what the server and meshctl's record add: what a person wrote.
pub fn without_record(mut vs: Value) -> Value {
    if let Some(a) = vs
        .pointer_mut("/metadata/annotations")
        .and_then(Value::as_object_mut)
    {
        a.remove("meshctl.io/rollout");
        if a.is_empty() {
            vs["metadata"]
                .as_object_mut()
                .unwrap()
                .remove("annotations");
        }
    }
    for k in ["resourceVersion", "generation", "managedFields"] {
        vs["metadata"].as_object_mut().unwrap().remove(k);
    }
    vs
}

/// An analysis spec file in `dir` (kept by the caller).
pub fn analysis_file(dir: &std::path::Path, yaml: &str) -> String {
    let path = dir.join("analysis.yaml");
    std::fs::write(&path, yaml).unwrap();
    path.display().to_string()
}
