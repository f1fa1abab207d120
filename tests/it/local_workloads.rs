//! Local workloads end to end: the built `meshctl` starts versions of `reviews` as demo
//! backend processes on a local mesh served by a REAL Envoy (`MESHCTL_TEST_ENVOY`),
//! requests go through that Envoy, and stopping a workload takes it out of Envoy's
//! endpoints and ends its processes. The `Workloads` port the rollout driver uses is
//! driven the same way (copy, new image, snapshot and restore) with real processes.
//! Everything started is killed by PID when a test ends, also on failure.

use crate::support::cli::{self, Run};
use crate::support::process::free_port;
use meshctl::adapters::local::LocalMesh;
use meshctl::adapters::local::workloads::LocalWorkloads;
use meshctl::core::workload::{NewWorkload, Workloads};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// A state directory whose Envoy and workload processes are killed by PID on drop (the
/// PIDs `envoy.json` and `workloads.json` record, each checked to still be that
/// process first), then removed.
struct State {
    dir: tempfile::TempDir,
}

impl State {
    fn new() -> State {
        State {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn arg(&self) -> &str {
        self.path().to_str().unwrap()
    }

    /// A local mesh up on free ports with `reviews` v1 running as a workload; the
    /// listener's port.
    fn up_with_v1() -> (State, u16) {
        let state = State::new();
        let port = free_port();
        let up = state.run(&[
            "local",
            "up",
            "--port",
            &port.to_string(),
            "--admin-port",
            &free_port().to_string(),
        ]);
        assert_eq!(up.code, 0, "{}", up.snapshot());
        let v1 = state.run(&["local", "workload", "start", "reviews", "--version", "v1"]);
        assert_eq!(v1.code, 0, "{}", v1.snapshot());
        (state, port)
    }

    /// `meshctl ARGS --dir STATE` with the test's Envoy.
    fn run(&self, args: &[&str]) -> Run {
        let mut cmd = cli::meshctl();
        cmd.args(args)
            .args(["--dir", self.arg()])
            .env("MESHCTL_ENVOY", crate::local_mesh::envoy_binary());
        cli::run_cmd(&mut cmd, None)
    }

    /// `meshctl --target local --local-dir STATE apply -f -` of one object.
    fn apply(&self, yaml: &str) {
        let mut cmd = cli::meshctl();
        cmd.args(["--target", "local", "--local-dir", self.arg()])
            .args(["apply", "-f", "-"]);
        let run = cli::run_cmd(&mut cmd, Some(yaml));
        assert_eq!(run.code, 0, "{}", run.snapshot());
    }

    fn list(&self) -> Vec<Value> {
        let run = self.run(&["local", "workload", "list", "-o", "json"]);
        assert_eq!(run.code, 0, "{}", run.snapshot());
        serde_json::from_str(&run.stdout).unwrap()
    }

    fn workload(&self, name: &str) -> Value {
        self.list()
            .into_iter()
            .find(|w| w["name"] == name)
            .unwrap_or_else(|| panic!("no workload `{name}`"))
    }

    /// The registered addresses of `reviews` subset `subset`.
    fn endpoints(&self, subset: &str) -> Vec<String> {
        let run = self.run(&["local", "endpoint", "list", "-o", "json"]);
        assert_eq!(run.code, 0, "{}", run.snapshot());
        let all: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
        all.iter()
            .filter(|e| e["service"] == "reviews" && e["subset"] == subset)
            .map(|e| e["address"].as_str().unwrap().to_string())
            .collect()
    }
}

/// Whether `pid` runs (a zombie has exited).
fn alive(pid: u64) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|s| !s.contains(") Z"))
}

/// The command line of `pid`, if it runs.
fn cmdline(pid: u64) -> String {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .map(|b| String::from_utf8_lossy(&b).replace('\0', " "))
        .unwrap_or_default()
}

fn kill(pid: u64) {
    let _ = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status();
}

impl Drop for State {
    fn drop(&mut self) {
        let read = |file: &str| -> Value {
            std::fs::read_to_string(self.path().join(file))
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or(Value::Null)
        };
        for w in read("workloads.json").as_array().into_iter().flatten() {
            for i in w["instances"].as_array().into_iter().flatten() {
                let pid = i["pid"].as_u64().unwrap_or(0);
                if pid > 0 && cmdline(pid).contains("demo backend") {
                    kill(pid);
                }
            }
        }
        if let Some(pid) = read("envoy.json")["pid"].as_u64().filter(|p| *p > 0)
            && cmdline(pid).contains("envoy")
        {
            kill(pid);
        }
    }
}

/// One plain HTTP/1.1 request for host `reviews` through Envoy: (status, the
/// `x-meshctl-version` header).
fn get_reviews(port: u16) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: reviews\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let status = raw
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let version = raw
        .lines()
        .find_map(|l| l.strip_prefix("x-meshctl-version: "))
        .unwrap_or_default()
        .to_string();
    (status, version)
}

const ALL_TO_V2: &str = "\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http: [{route: [{destination: {host: reviews, subset: v2}, weight: 100}]}]
";

const SUBSETS: &str = "\
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: default}
spec:
  host: reviews
  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]
";

fn pids(w: &Value) -> Vec<u64> {
    w["pids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_u64().unwrap())
        .collect()
}

#[test]
fn a_workload_answers_through_envoy_until_it_is_stopped() {
    let (state, port) = State::up_with_v1();
    let v2 = state.run(&[
        "local",
        "workload",
        "start",
        "reviews",
        "--version",
        "v2",
        "--image",
        "demo:error-rate=0.25",
    ]);
    assert_eq!(v2.code, 0, "{}", v2.snapshot());
    assert!(
        v2.stdout
            .starts_with("workload `default/reviews-v2` started: `reviews` subset `v2`"),
        "{}",
        v2.snapshot()
    );
    state.apply(SUBSETS);
    state.apply(ALL_TO_V2);

    // Every answer is v2's, and its image fails exactly every fourth request.
    let answers: Vec<(u16, String)> = (0..8).map(|_| get_reviews(port)).collect();
    assert!(answers.iter().all(|(_, v)| v == "v2"), "{answers:?}");
    assert_eq!(
        answers.iter().filter(|(s, _)| *s == 500).count(),
        2,
        "{answers:?}"
    );

    // `list` shows it ready, with its process and port; the table reads the same.
    let w = state.workload("reviews-v2");
    assert_eq!(
        (&w["version"], &w["image"], &w["replicas"], &w["ready"]),
        (
            &Value::from("v2"),
            &Value::from("demo:error-rate=0.25"),
            &Value::from(1),
            &Value::from(1)
        ),
        "{w}"
    );
    let first = pids(&w);
    assert!(first.iter().all(|p| alive(*p)), "{w}");
    let table = state.run(&["local", "workload", "list"]).mask_age();
    assert!(
        table
            .stdout
            .contains("reviews-v2   reviews   v2        demo:error-rate=0.25   1/1"),
        "{}",
        table.stdout
    );

    // Two copies: both registered for v2.
    let scaled = state.run(&[
        "local",
        "workload",
        "scale",
        "reviews-v2",
        "--replicas",
        "2",
    ]);
    assert_eq!(scaled.code, 0, "{}", scaled.snapshot());
    let w = state.workload("reviews-v2");
    assert_eq!((&w["ready"], pids(&w).len()), (&Value::from(2), 2), "{w}");
    assert_eq!(state.endpoints("v2").len(), 2);
    let all_pids = pids(&w);

    // Stopped: out of Envoy's endpoints, processes gone, entry kept.
    let stopped = state.run(&["local", "workload", "stop", "reviews-v2"]);
    assert_eq!(stopped.code, 0, "{}", stopped.snapshot());
    assert!(state.endpoints("v2").is_empty());
    assert!(all_pids.iter().all(|p| !alive(*p)), "{all_pids:?}");
    assert_eq!(get_reviews(port).0, 503);
    let w = state.workload("reviews-v2");
    assert_eq!(
        (&w["replicas"], &w["ready"]),
        (&Value::from(0), &Value::from(0))
    );
    assert_eq!(state.endpoints("v1").len(), 1);

    // Deleted: forgotten; deleting again says it is not there.
    let deleted = state.run(&["local", "workload", "delete", "reviews-v2"]);
    assert_eq!(deleted.code, 0, "{}", deleted.snapshot());
    assert!(state.list().iter().all(|w| w["name"] != "reviews-v2"));
    let again = state.run(&["local", "workload", "delete", "reviews-v2"]);
    assert_eq!(again.code, 1, "{}", again.snapshot());
    assert!(
        again.stderr.contains("local workload list"),
        "{}",
        again.stderr
    );

    // An image the local mesh cannot run is refused before anything starts.
    let bad = state.run(&[
        "local",
        "workload",
        "start",
        "reviews",
        "--version",
        "v3",
        "--image",
        "nginx:1.27",
    ]);
    assert_eq!(bad.code, 2, "{}", bad.snapshot());
    assert!(bad.stderr.contains("hint: "), "{}", bad.stderr);
    assert!(state.list().iter().all(|w| w["name"] != "reviews-v3"));

    // `local down` stops the workloads with Envoy; `start` brings v1 back on the mesh.
    let v1_pids = pids(&state.workload("reviews-v1"));
    let down = state.run(&["local", "down"]);
    assert_eq!(down.code, 0, "{}", down.snapshot());
    assert!(
        down.stderr.contains("stopped 1 workload process"),
        "{}",
        down.stderr
    );
    assert!(v1_pids.iter().all(|p| !alive(*p)), "{v1_pids:?}");
    let w = state.workload("reviews-v1");
    assert_eq!(
        (&w["replicas"], &w["ready"]),
        (&Value::from(1), &Value::from(0))
    );
    let again = state.run(&["local", "workload", "start", "reviews", "--version", "v1"]);
    assert_eq!(again.code, 0, "{}", again.snapshot());
    assert!(again.stdout.contains("` running: "), "{}", again.stdout);
    assert_eq!(state.workload("reviews-v1")["ready"], 1);
}

/// What the rollout driver does through the port on `--target local`: copy the stable
/// workload as a new version, change its image, snapshot and restore it, delete it.
#[tokio::test]
async fn the_workloads_port_copies_changes_and_restores_real_processes() {
    let state = State::new();
    let mesh = LocalMesh::open(state.path()).unwrap();
    let wl = LocalWorkloads::open(&mesh, PathBuf::from(env!("CARGO_BIN_EXE_meshctl"))).unwrap();
    let v1 = state.run(&["local", "workload", "start", "reviews", "--version", "v1"]);
    assert_eq!(v1.code, 0, "{}", v1.snapshot());

    let new = NewWorkload {
        namespace: "default".into(),
        name: "reviews-v2".into(),
        from: "reviews-v1".into(),
        labels: BTreeMap::from([("version".to_string(), "v2".to_string())]),
        image: "demo:latency=5ms".into(),
        container: None,
        replicas: Some(2),
    };
    let created = wl.create(&new).await.unwrap();
    assert!(created.is_ready(), "{created:?}");
    assert_eq!(created.labels["app"], "reviews");
    assert_eq!(state.endpoints("v2").len(), 2);
    // Creating the same copy again is no error and starts nothing more.
    assert_eq!(wl.create(&new).await.unwrap().replicas, 2);
    let v2 = BTreeMap::from([("version".to_string(), "v2".to_string())]);
    let found = wl.find("default", &v2).await.unwrap();
    assert_eq!(found.len(), 1);

    let snapshot = wl.snapshot("default", "reviews-v2").await.unwrap();
    let before = pids(&state.workload("reviews-v2"));
    wl.set_image("default", "reviews-v2", None, "demo:error-rate=1")
        .await
        .unwrap();
    let changed = state.workload("reviews-v2");
    assert_eq!(changed["image"], "demo:error-rate=1");
    assert_eq!(changed["ready"], 2);
    // New processes play the new image; the old ones are gone.
    assert!(before.iter().all(|p| !alive(*p)), "{before:?}");
    assert!(
        pids(&changed)
            .iter()
            .all(|p| cmdline(*p).contains("--error-rate 1")),
        "{changed}"
    );
    let err = wl
        .set_image("default", "reviews-v2", None, "reviews:2.0")
        .await
        .unwrap_err();
    assert!(err.message().contains("`reviews:2.0`"), "{}", err.message());

    wl.restore(&snapshot).await.unwrap();
    let restored = wl.get("default", "reviews-v2").await.unwrap().unwrap();
    assert_eq!(restored.image.as_deref(), Some("demo:latency=5ms"));
    assert!(restored.is_ready(), "{restored:?}");

    wl.scale("default", "reviews-v2", 0).await.unwrap();
    assert!(state.endpoints("v2").is_empty());
    wl.delete("default", "reviews-v2").await.unwrap();
    assert!(wl.get("default", "reviews-v2").await.unwrap().is_none());
    wl.delete("default", "reviews-v2").await.unwrap();
}

/// `meshctl demo canary --workload`: v2 runs as a local workload for the whole release —
/// promoted, it serves until the demo ends and is gone after it; rolled back (`--bad`),
/// it is stopped before the demo ends, its entry shown with no copies.
#[test]
fn the_canary_demo_releases_v2_as_a_workload() {
    let demo = |bad: bool| {
        let mut cmd = cli::meshctl();
        cmd.args(["demo", "canary", "--workload"])
            .env("MESHCTL_ENVOY", crate::local_mesh::envoy_binary());
        if bad {
            cmd.arg("--bad");
        }
        cli::run_cmd(&mut cmd, None)
    };
    // The port of the workload, from `workload `default/reviews-v2` started: … on 127.0.0.1:PORT`.
    let port = |run: &Run| -> u16 {
        run.stderr
            .lines()
            .find(|l| l.starts_with("workload `default/reviews-v2` started: "))
            .and_then(|l| l.rsplit_once(':'))
            .and_then(|(_, p)| p.parse().ok())
            .unwrap_or_else(|| panic!("{}", run.snapshot()))
    };
    let run = demo(false);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(
        run.stdout
            .contains("reviews-v2   reviews   v2        demo    1/1"),
        "{}",
        run.snapshot()
    );
    assert!(
        run.stdout
            .lines()
            .last()
            .unwrap_or_default()
            .starts_with("final weights: v1=0 v2=100 ("),
        "{}",
        run.snapshot()
    );
    // Everything the demo started is gone when it returns.
    assert!(std::net::TcpStream::connect(("127.0.0.1", port(&run))).is_err());

    let run = demo(true);
    assert_eq!(run.code, 3, "{}", run.snapshot());
    assert!(
        run.stderr.contains("workload `default/reviews-v2` stopped"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("demo:error-rate=0.5   0/0"),
        "{}",
        run.snapshot()
    );
    assert!(std::net::TcpStream::connect(("127.0.0.1", port(&run))).is_err());
}

/// `meshctl --target local --local-dir STATE ARGS`.
fn on_local_mesh(state: &State, args: &[&str]) -> Run {
    let mut cmd = cli::meshctl();
    cmd.args(["--target", "local", "--local-dir", state.arg()])
        .args(args);
    cli::run_cmd(&mut cmd, None)
}

const SPLIT_V1: &str = "\
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http: [{route: [{destination: {host: reviews, subset: v1}, weight: 100}, {destination: {host: reviews, subset: v2}, weight: 0}]}]
";

#[test]
fn a_canary_with_an_image_brings_v2_up_on_the_local_mesh_and_a_rollback_brings_v1_back() {
    let (state, port) = State::up_with_v1();
    state.apply(SUBSETS);
    state.apply(SPLIT_V1);

    // Clients keep calling through Envoy while the release runs, so every step has
    // traffic to judge.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    let load = std::thread::spawn(move || {
        let mut seen = BTreeMap::<(u16, String), usize>::new();
        while !flag.load(std::sync::atomic::Ordering::SeqCst) {
            *seen.entry(get_reviews(port)).or_default() += 1;
        }
        seen
    });
    let start = on_local_mesh(
        &state,
        &[
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--image",
            "demo",
            "--steps",
            "50",
            "--interval",
            "2s",
            "--analysis-interval",
            "1s",
            "--analysis-window",
            "1s",
            "--min-success-rate",
            "95",
            "--scale-down-delay",
            "1s",
        ],
    );
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let seen = load.join().unwrap();
    assert_eq!(start.code, 0, "{}", start.snapshot());
    // No client saw a failure while v2 came up, took traffic and took over.
    assert!(seen.keys().all(|(status, _)| *status == 200), "{seen:?}");
    assert!(seen.contains_key(&(200, "v2".to_string())), "{seen:?}");

    // v2 runs as the copy meshctl made; v1 was scaled to zero after the delay.
    let v2 = state.workload("reviews-v2");
    assert_eq!(
        (&v2["image"], &v2["ready"]),
        (&Value::from("demo"), &Value::from(1)),
        "{v2}"
    );
    assert_eq!(state.workload("reviews-v1")["replicas"], 0);
    assert_eq!(get_reviews(port), (200, "v2".to_string()));

    // A rollback after promotion brings v1 back first, then routes to it and scales
    // v2 down, kept for inspection.
    let back = on_local_mesh(&state, &["canary", "rollback", "reviews"]);
    assert_eq!(back.code, 0, "{}", back.snapshot());
    assert_eq!(state.workload("reviews-v1")["ready"], 1);
    assert_eq!(state.workload("reviews-v2")["replicas"], 0);
    assert_eq!(get_reviews(port), (200, "v1".to_string()));
}

/// Requests through Envoy about 20 a second until `stop`, as a steady client sends
/// them (the pace is the traffic's, not a wait for anything).
fn steady_load(
    port: u16,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> std::thread::JoinHandle<usize> {
    std::thread::spawn(move || {
        let mut sent = 0;
        while !stop.load(std::sync::atomic::Ordering::SeqCst) {
            get_reviews(port);
            sent += 1;
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        sent
    })
}

#[test]
fn a_canary_failing_30_percent_is_rolled_back_by_the_sequential_test_within_its_step() {
    let (state, port) = State::up_with_v1();
    state.apply(SUBSETS);
    state.apply(SPLIT_V1);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load = steady_load(port, stop.clone());
    // A step held 10 minutes: the rounds (1m windows) would not judge before a minute;
    // only the sequential test on Envoy's counters can end it sooner.
    let start = on_local_mesh(
        &state,
        &[
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--image",
            "demo:error-rate=0.3",
            "--steps",
            "25",
            "--interval",
            "10m",
            "--min-success-rate",
            "95",
        ],
    );
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    load.join().unwrap();
    assert_eq!(start.code, 3, "{}", start.snapshot());
    // The record says which test decided, and on which counts.
    // `status` of a rolled-back rollout exits 3 too.
    let status = on_local_mesh(&state, &["canary", "status", "reviews", "-o", "json"]);
    assert_eq!(status.code, 3, "{}", status.snapshot());
    let message = serde_json::from_str::<Value>(&status.stdout).unwrap()["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        message.contains("sequential threshold test: "),
        "{message}\n{}",
        status.stdout
    );
    let (errors, requests) = message
        .split_once("sequential threshold test: ")
        .and_then(|(_, rest)| rest.split_once(" requests failed"))
        .and_then(|(counts, _)| counts.split_once(" of "))
        .map(|(e, r)| (e.parse::<u64>().unwrap(), r.parse::<u64>().unwrap()))
        .unwrap_or_else(|| panic!("no counts in {message}"));
    // Enough evidence, from the canary's quarter of the traffic, and about 30% of it
    // failed (the demo backend fails every so many requests exactly).
    assert!((5..=200).contains(&requests), "{message}");
    let share = errors as f64 / requests as f64;
    assert!((0.2..=0.5).contains(&share), "{message}");
    assert!(message.contains("likelihood ratio"), "{message}");
}

#[test]
#[allow(clippy::print_stderr)] // the time and the reason, for people reading the test log
fn a_canary_200ms_slower_than_stable_is_rolled_back_by_the_latency_test_within_its_step() {
    let (state, port) = State::up_with_v1();
    state.apply(SUBSETS);
    state.apply(SPLIT_V1);
    // Latency judged against stable only: no error check, no absolute limit.
    let spec = state.path().join("latency.yaml");
    std::fs::write(&spec, "compareToStable:\n  maxLatencyIncrease: 50ms\n").unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load = steady_load(port, stop.clone());
    // A step held 10 minutes: the rounds (1m windows) would not judge before a minute;
    // only the rank test on Envoy's histograms can end it sooner.
    let started = std::time::Instant::now();
    let start = on_local_mesh(
        &state,
        &[
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--image",
            "demo:latency=200ms",
            "--steps",
            "25",
            "--interval",
            "10m",
            "--analysis",
            spec.to_str().unwrap(),
        ],
    );
    let took = started.elapsed();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    load.join().unwrap();
    assert_eq!(start.code, 3, "{}", start.snapshot());
    assert!(
        took < std::time::Duration::from_secs(60),
        "rolled back after {took:?}, not before the first round"
    );
    let status = on_local_mesh(&state, &["canary", "status", "reviews", "-o", "json"]);
    assert_eq!(status.code, 3, "{}", status.snapshot());
    let message = serde_json::from_str::<Value>(&status.stdout).unwrap()["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        message.contains("latency: canary slower than stable in "),
        "{message}\n{}",
        status.stdout
    );
    // Nearly every canary request is slower than every stable one (a busy machine may
    // slow a stable request into a canary bucket now and then).
    let share = message
        .split_once("slower than stable in ")
        .and_then(|(_, rest)| rest.split_once("% of pairs"))
        .map(|(pct, _)| pct.parse::<u64>().unwrap())
        .unwrap_or_else(|| panic!("no share in {message}"));
    assert!(share >= 90, "{message}");
    eprintln!("rolled back after {took:?}: {message}");
    assert!(message.contains("> 60%), Mann–Whitney over "), "{message}");
    let (canary, stable) = message
        .split_once("Mann–Whitney over ")
        .and_then(|(_, rest)| rest.split_once(" requests"))
        .and_then(|(counts, _)| counts.split_once(" vs "))
        .map(|(c, s)| {
            let n = |t: &str| t.replace(',', "").parse::<u64>().unwrap();
            (n(c), n(s))
        })
        .unwrap_or_else(|| panic!("no counts in {message}"));
    // minSamples (50) on each side, and not many more: it decided at once.
    assert!((50..=150).contains(&canary), "{message}");
    assert!(stable >= 50, "{message}");
}
