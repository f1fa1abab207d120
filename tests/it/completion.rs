//! Shell completion of names from the cluster, in a real bash: the script
//! `meshctl completion bash` prints is sourced, COMP_WORDS/COMP_CWORD set as bash
//! would, and the completion function called; names come from the real kube-apiserver, and
//! an unreachable cluster falls back silently. The same names in zsh and fish
//! (`completion_shells.rs`), kubeconfig contexts, and meshctl as the kubectl plugin
//! `kubectl-mesh`, completed through `kubectl_complete-mesh` by the real kubectl.

use crate::support::cli::run;
use crate::support::kube::{KubeTest, Options};
use serde_json::json;
use std::path::Path;
use std::process::Command;

/// A temp dir with `meshctl` (a link to the built binary) for PATH.
pub fn bin_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_meshctl"), dir.path().join("meshctl")).unwrap();
    dir
}

/// Runs the completion function for `words` (the last one is being completed) and
/// returns the offered words and bash's stderr.
pub fn complete(bin: &Path, words: &[&str]) -> (Vec<String>, String) {
    let script = run(&["completion", "bash"]).stdout;
    let path = bin.join("meshctl.bash");
    std::fs::write(&path, script).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let line = words.join(" ");
    let body = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{line}'; COMP_POINT={}; \
         _meshctl_dynamic meshctl '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display(),
        quoted.join(" "),
        words.len() - 1,
        line.len(),
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let path_var = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &body])
        .env("PATH", path_var)
        .env_remove("KUBECONFIG")
        .output()
        .expect("bash runs");
    let words = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    (words, String::from_utf8_lossy(&out.stderr).into_owned())
}

pub fn server() -> KubeTest {
    let server = KubeTest::start(Options {
        namespaces: vec!["shop".into()],
        ..Default::default()
    });
    for (name, host) in [
        ("reviews", "reviews"),
        ("ratings-route", "ratings.shop.svc.cluster.local"),
    ] {
        server.seed(json!({
            "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
            "metadata": {"name": name, "namespace": "shop"},
            "spec": {"hosts": [host], "http": [{"route": [{"destination": {"host": host}}]}]}
        }));
    }
    server.seed(json!({
        "apiVersion": "networking.istio.io/v1", "kind": "Gateway",
        "metadata": {"name": "shop-edge", "namespace": "shop"},
        "spec": {"selector": {"istio": "ingressgateway"},
                 "servers": [{"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": ["*"]}]}
    }));
    server
}

#[test]
fn names_come_from_the_cluster_in_a_real_bash() {
    let server = server();
    let bin = bin_dir();
    let kubeconfig = server.kubeconfig_path().to_str().unwrap().to_string();
    let shop = server.ns("shop");
    let base = [
        "meshctl",
        "--kubeconfig",
        kubeconfig.as_str(),
        "-n",
        shop.as_str(),
    ];

    let mut words = base.to_vec();
    words.extend(["policy", "set", "r"]);
    let (offered, stderr) = complete(bin.path(), &words);
    assert_eq!(offered, ["ratings", "ratings-route", "reviews"], "{stderr}");

    let mut words = base.to_vec();
    words.extend(["fault", "inject", "rev"]);
    assert_eq!(complete(bin.path(), &words).0, ["reviews"]);

    let mut words = base.to_vec();
    words.extend(["gateway", "delete", ""]);
    assert_eq!(complete(bin.path(), &words).0, ["shop-edge"]);

    // `-n` offers the cluster's namespaces.
    let words = ["meshctl", "--kubeconfig", kubeconfig.as_str(), "-n", ""];
    let (offered, stderr) = complete(bin.path(), &words);
    assert!(offered.contains(&shop), "{offered:?} {stderr}");

    // Past the name, flags complete statically as before.
    let mut words = base.to_vec();
    words.extend(["policy", "set", "reviews", "--time"]);
    assert_eq!(complete(bin.path(), &words).0, ["--timeout"]);

    // Subcommands still complete statically.
    let (offered, _) = complete(bin.path(), &["meshctl", "pol"]);
    assert_eq!(offered, ["policy"]);
}

#[test]
fn an_unreachable_cluster_offers_nothing_and_prints_nothing() {
    // A listener that never answers: connections hang until the completion gives up.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let bin = bin_dir();
    let kubeconfig = bin.path().join("kubeconfig");
    std::fs::write(
        &kubeconfig,
        format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: c\n  cluster: {{server: 'http://127.0.0.1:{port}'}}\nusers:\n- name: c\n  user: {{}}\ncontexts:\n- name: c\n  context: {{cluster: c, user: c}}\n"
        ),
    )
    .unwrap();
    let k = kubeconfig.to_str().unwrap();
    let (offered, stderr) = complete(
        bin.path(),
        &["meshctl", "--kubeconfig", k, "policy", "show", "re"],
    );
    assert!(offered.is_empty(), "{offered:?}");
    assert_eq!(stderr, "");

    // No kubeconfig at all: the same.
    let missing = bin.path().join("missing");
    let (offered, stderr) = complete(
        bin.path(),
        &[
            "meshctl",
            "--kubeconfig",
            missing.to_str().unwrap(),
            "egress",
            "revoke",
            "a",
        ],
    );
    assert!(offered.is_empty(), "{offered:?}");
    assert_eq!(stderr, "");
    drop(silent);
}

#[test]
fn the_hidden_command_prints_names_one_per_line() {
    let server = server();
    let run = run(&[
        "__complete",
        "--",
        "--kubeconfig",
        server.kubeconfig_path().to_str().unwrap(),
        "-n",
        &server.ns("shop"),
        "policy",
        "show",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "ratings\nratings-route\nreviews\n");
}

/// A `kubectl` stand-in that dispatches plugins the way kubectl does: `kubectl mesh
/// ARGS` runs `kubectl-mesh ARGS` from PATH.
fn kubectl_stub(dir: &Path) {
    let stub = dir.join("kubectl");
    std::fs::write(
        &stub,
        "#!/bin/sh\nplugin=\"kubectl-$1\"\nshift\nexec \"$plugin\" \"$@\"\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&stub, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn meshctl_works_as_the_kubectl_plugin_kubectl_mesh() {
    let server = server();
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        env!("CARGO_BIN_EXE_meshctl"),
        dir.path().join("kubectl-mesh"),
    )
    .unwrap();
    kubectl_stub(dir.path());
    let kubectl = |args: &[&str]| {
        let path_var = format!(
            "{}:{}",
            dir.path().display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let out = Command::new(dir.path().join("kubectl"))
            .args(args)
            .env("PATH", path_var)
            .env("KUBECONFIG", server.kubeconfig_path())
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .output()
            .expect("the stub runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };

    // Flags and the cluster from KUBECONFIG work as for meshctl.
    let shop = server.ns("shop");
    let (code, stdout, stderr) = kubectl(&["mesh", "-n", &shop, "gateway", "list", "-o", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let rows: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(rows[0]["name"], "shop-edge");

    // Help and usage speak of `kubectl mesh`.
    let (code, stdout, _) = kubectl(&["mesh", "fault", "inject", "--help"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("Usage: kubectl mesh fault inject [OPTIONS]"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  kubectl mesh fault inject reviews --abort 503:10%"),
        "{stdout}"
    );
    assert!(!stdout.contains("meshctl fault"), "{stdout}");
    let (code, _, stderr) = kubectl(&["mesh", "polcy"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("Usage: kubectl mesh [OPTIONS] <COMMAND>"),
        "{stderr}"
    );
}
