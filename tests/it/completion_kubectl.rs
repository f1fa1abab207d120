//! `kubectl mesh <TAB>`: kubectl (1.26 and later) runs `kubectl_complete-mesh` from PATH
//! with the words after `mesh` and expects cobra's `__complete` answer — candidates one
//! per line, then `:DIRECTIVE`. The script `meshctl completion kubectl-plugin` prints is
//! installed as that executable and run directly and by the platform's real kubectl.

use super::completion::server;
use crate::support::cli::run;
use crate::support::kube::platform;
use std::path::Path;
use std::process::Command;

/// A PATH directory with `meshctl`, `kubectl-mesh` and `kubectl_complete-mesh`.
fn plugin_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["meshctl", "kubectl-mesh"] {
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_meshctl"), dir.path().join(name)).unwrap();
    }
    let script = run(&["completion", "kubectl-plugin"]);
    assert_eq!(script.code, 0, "{}", script.stderr);
    assert!(
        script.stdout.starts_with("#!/bin/sh\n"),
        "{}",
        script.stdout
    );
    let path = dir.path().join("kubectl_complete-mesh");
    std::fs::write(&path, script.stdout).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// Runs `program ARGS` with `dir` first on PATH and KUBECONFIG set; its stdout.
fn stdout(dir: &Path, program: &Path, args: &[&str], kubeconfig: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .env(
            "PATH",
            format!(
                "{}:{}",
                dir.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("KUBECONFIG", kubeconfig)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn kubectl_complete_mesh_answers_in_cobras_format() {
    let server = server();
    let dir = plugin_dir();
    let script = dir.path().join("kubectl_complete-mesh");
    let kubeconfig = server.kubeconfig_path();
    let shop = server.ns("shop");
    let complete = |args: &[&str]| stdout(dir.path(), &script, args, kubeconfig);

    // Names from the cluster, starting with the word being completed; no file names.
    assert_eq!(
        complete(&["--namespace", &shop, "policy", "set", "r"]),
        "ratings\nratings-route\nreviews\n:4\n"
    );
    assert_eq!(
        complete(&["-n", &shop, "gateway", "delete", ""]),
        "shop-edge\n:4\n"
    );
    // kubectl completes nothing of a plugin itself: subcommands and flags come too.
    assert_eq!(complete(&["pol"]), "policy\n:4\n");
    assert_eq!(
        complete(&["policy", "set", "reviews", "--time"]),
        "--timeout\n:4\n"
    );
    // A value meshctl cannot name: nothing, and the shell may complete files.
    assert_eq!(complete(&["apply", "-f", ""]), ":0\n");
}

#[test]
fn the_real_kubectl_completes_the_plugin_through_it() {
    let server = server();
    let dir = plugin_dir();
    let kubectl = &platform().kubectl;
    let shop = server.ns("shop");
    let out = stdout(
        dir.path(),
        kubectl,
        &[
            "__complete",
            "mesh",
            "--namespace",
            &shop,
            "fault",
            "inject",
            "rev",
        ],
        server.kubeconfig_path(),
    );
    assert_eq!(out, "reviews\n:4\n");
    let out = stdout(
        dir.path(),
        kubectl,
        &["__complete", "mesh", "gate"],
        server.kubeconfig_path(),
    );
    assert_eq!(out, "gateway\n:4\n");
}
