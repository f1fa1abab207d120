//! `meshctl status` over 5,000 VirtualServices and 5,000 DestinationRules in one
//! namespace of the real kube-apiserver of the test platform (`scripts/platform.sh`;
//! straight to it, no fault proxy), read in paged lists of 500. Targets: < 1.5 s and
//! < 150 MB peak RSS for the whole command. The built binary is timed, so the figure
//! includes start-up, kubeconfig loading, discovery, both lists, the view and printing.
//! Peak RSS is read with GNU `time -f %M` when that tool is on `PATH`.
#![allow(clippy::print_stderr)]

#[path = "../tests/it/support/mod.rs"]
mod support;

use serde_json::{Value, json};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use support::kube::{KubeTest, Options};

const OBJECTS: usize = 5000;

/// `--kubeconfig FILE -n NAMESPACE` of the seeded namespace.
static TARGET: OnceLock<(String, String)> = OnceLock::new();

fn seeded() -> KubeTest {
    let server = KubeTest::start(Options {
        namespaces: vec!["bench".into()],
        direct: true,
        ..Default::default()
    });
    server.seed_all(
        (0..OBJECTS)
            .flat_map(|i| {
                let (vs, dr) = service(&format!("svc-{i:05}"));
                [vs, dr]
            })
            .collect(),
    );
    server
}

fn service(name: &str) -> (Value, Value) {
    let vs = json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "VirtualService",
        "metadata": {"name": name, "namespace": "bench"},
        "spec": {
            "hosts": [name],
            "gateways": ["istio-system/public", "mesh"],
            "http": [
                {"match": [{"headers": {"x-canary": {"exact": "1"}}}],
                 "route": [{"destination": {"host": name, "subset": "v2"}}]},
                {"route": [
                    {"destination": {"host": name, "subset": "v1"}, "weight": 90},
                    {"destination": {"host": name, "subset": "v2"}, "weight": 10}
                ]}
            ]
        }
    });
    let dr = json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "DestinationRule",
        "metadata": {"name": name, "namespace": "bench"},
        "spec": {
            "host": name,
            "trafficPolicy": {
                "loadBalancer": {"simple": "LEAST_REQUEST"},
                "outlierDetection": {"consecutive5xxErrors": 5, "interval": "10s"}
            },
            "subsets": [
                {"name": "v1", "labels": {"version": "v1"}},
                {"name": "v2", "labels": {"version": "v2"}}
            ]
        }
    });
    (vs, dr)
}

fn status_command(program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_remove("KUBECONFIG")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn args() -> Vec<String> {
    let (kubeconfig, namespace) = TARGET.get().expect("seeded first");
    vec![
        "--kubeconfig".into(),
        kubeconfig.clone(),
        "status".into(),
        "-n".into(),
        namespace.clone(),
    ]
}

/// Runs the command once and checks it printed every row.
fn run_status() {
    let out = status_command(env!("CARGO_BIN_EXE_meshctl"))
        .args(args())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The header and one row per service.
    assert_eq!(
        out.stdout.iter().filter(|&&b| b == b'\n').count(),
        OBJECTS + 1
    );
}

#[divan::bench(sample_count = 10)]
fn status_5000_vs_5000_dr() {
    run_status();
}

/// The pure view alone: 5,000 rows from the same objects, without the API server.
#[divan::bench(sample_count = 20)]
fn view_rows_only(bencher: divan::Bencher) {
    let (vss, drs): (Vec<Value>, Vec<Value>) = (0..OBJECTS)
        .map(|i| service(&format!("svc-{i:05}")))
        .unzip();
    bencher.bench(|| {
        // Reading into the typed model is part of building the view.
        let objects = meshctl::core::status::Objects::read(&vss, &drs, &[]);
        let rows = meshctl::core::status::rows(objects.mesh());
        assert_eq!(rows.len(), OBJECTS);
        rows
    });
}

/// Peak RSS of one run, in MB, from GNU `time -f %M` (KiB); `None` without it.
fn peak_rss_mb() -> Option<f64> {
    let out = status_command("time")
        .args(["-f", "%M", env!("CARGO_BIN_EXE_meshctl")])
        .args(args())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    let kib: f64 = text.lines().last()?.trim().parse().ok()?;
    Some(kib / 1024.0)
}

fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let server = seeded();
    let _ = TARGET.set((server.kubeconfig_str().to_string(), server.ns("bench")));
    match peak_rss_mb() {
        Some(mb) => eprintln!("status over {OBJECTS} VS + {OBJECTS} DR: peak RSS {mb:.1} MB"),
        None => eprintln!("peak RSS not measured: GNU `time` is not on PATH"),
    }
    divan::main();
    // Deletes the namespace.
    drop(server);
}
