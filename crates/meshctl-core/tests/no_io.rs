//! The core stays pure because Cargo refuses imports of crates it does not list. This
//! test keeps the list honest: it walks `meshctl-core`'s normal dependencies, direct
//! and transitive (as `cargo tree -p meshctl-core -e normal` shows them), and fails when
//! an I/O crate appears — an async runtime, a Kubernetes or HTTP client, a terminal
//! crate, or the adapters.

use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::process::Command;

/// Crates that do I/O or talk to terminals; none may be reachable from the core.
const FORBIDDEN: &[&str] = &[
    "meshctl-adapters",
    "meshctl",
    "tokio",
    "async-std",
    "mio",
    "futures",
    "kube",
    "kube-client",
    "k8s-openapi",
    "reqwest",
    "hyper",
    "hyper-util",
    "http",
    "h2",
    "axum",
    "tower",
    "rustls",
    "ring",
    "indicatif",
    "dialoguer",
    "comfy-table",
    "crossterm",
    "console",
    "clap",
];

/// The platform this test runs on, so `cargo metadata` resolves only what builds here
/// (and needs nothing it has not already downloaded).
fn host_triple() -> String {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let out = Command::new(rustc)
        .arg("-vV")
        .output()
        .expect("rustc -vV runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .expect("rustc -vV names the host")
        .to_string()
}

fn metadata() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--offline"])
        .args(["--filter-platform", &host_triple()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON")
}

/// The names of every package the core depends on at run time (not dev or build).
fn runtime_dependencies(meta: &Value) -> BTreeSet<String> {
    let names: HashMap<&str, &str> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    let nodes: HashMap<&str, &Value> = meta["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    let core = names
        .iter()
        .find(|(_, name)| **name == "meshctl-core")
        .map(|(id, _)| *id)
        .expect("meshctl-core is in the workspace");
    let mut seen = BTreeSet::new();
    let mut stack = vec![core];
    while let Some(id) = stack.pop() {
        for dep in nodes[id]["deps"].as_array().unwrap() {
            let normal = dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kind"].is_null());
            let pkg = dep["pkg"].as_str().unwrap();
            if normal && seen.insert(names[pkg].to_string()) {
                stack.push(pkg);
            }
        }
    }
    seen
}

#[test]
fn core_has_no_io_dependencies() {
    let deps = runtime_dependencies(&metadata());
    assert!(
        deps.contains("serde_json"),
        "the walk found the core's dependencies: {deps:?}"
    );
    let found: Vec<&str> = FORBIDDEN
        .iter()
        .copied()
        .filter(|f| deps.contains(*f))
        .collect();
    assert!(
        found.is_empty(),
        "meshctl-core must not depend on I/O crates, but reaches {found:?}; put the code that \
         needs them in meshctl-adapters behind a port"
    );
}
