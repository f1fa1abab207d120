//! The live names of `meshctl __complete` in zsh and fish, as in bash
//! (`completion.rs`), and the kubeconfig's contexts for `--context`/`--mesh-context` in
//! every shell.
//!
//! fish runs for real: `complete -C LINE` completes a command line as the interactive
//! shell would. zsh's completion system only runs inside its line editor, so the script
//! is sourced in a real zsh with `words`, `CURRENT` and `PREFIX` set as the completion
//! system sets them, and `compadd` (the builtin that hands candidates to the editor) and
//! the static `_meshctl_static` replaced by functions that print what they get. When a
//! shell is not installed, its test checks instead that the generated script calls
//! `__complete` with the typed words, and the answers of `__complete` for those words.

use super::completion::{bin_dir, complete as bash, server};
use crate::support::cli::run;
use std::path::Path;
use std::process::Command;

/// Whether `shell` runs here. A shell named in `MESHCTL_TEST_SHELLS` (the test command
/// installs and names them) must run: the test then fails instead of checking less.
fn installed(shell: &str) -> bool {
    let runs = Command::new(shell)
        .args(["-c", "exit 0"])
        .output()
        .is_ok_and(|o| o.status.success());
    let required = std::env::var("MESHCTL_TEST_SHELLS")
        .is_ok_and(|list| list.split_whitespace().any(|s| s == shell));
    assert!(
        runs || !required,
        "{shell} is named in MESHCTL_TEST_SHELLS but does not run; install it (Debian package `{shell}`)"
    );
    runs
}

fn path_with(bin: &Path) -> String {
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// What zsh's `_meshctl` offers for `words` (the last one being completed); `static`
/// when it hands over to clap's completion.
fn zsh(bin: &Path, words: &[&str]) -> Vec<String> {
    let path = bin.join("_meshctl");
    std::fs::write(&path, run(&["completion", "zsh"]).stdout).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let body = format!(
        "compdef() {{ :; }}; source '{}'; \
         _meshctl_static() {{ print -r -- static; }}; \
         compadd() {{ [[ $1 == -a ]] && print -rl -- \"${{(@P)2}}\"; }}; \
         words=({}); CURRENT={}; PREFIX='{}'; _meshctl",
        path.display(),
        quoted.join(" "),
        words.len(),
        words[words.len() - 1],
    );
    let out = Command::new("zsh")
        .args(["-f", "-c", &body])
        .env("PATH", path_with(bin))
        .env_remove("KUBECONFIG")
        .output()
        .expect("zsh runs");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "zsh: {body}");
    lines(&out.stdout)
}

/// What fish offers for the command line `line`, sorted, without descriptions.
fn fish(bin: &Path, line: &str) -> Vec<String> {
    let path = bin.join("meshctl.fish");
    std::fs::write(&path, run(&["completion", "fish"]).stdout).unwrap();
    let body = format!("source '{}'; complete -C'{line}'", path.display());
    let out = Command::new("fish")
        .args(["--no-config", "-c", &body])
        .env("PATH", path_with(bin))
        .env_remove("KUBECONFIG")
        .output()
        .expect("fish runs");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "fish: {body}");
    let mut words: Vec<String> = lines(&out.stdout)
        .into_iter()
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .collect();
    words.sort();
    words
}

fn lines(bytes: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bytes)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// What `meshctl __complete -- WORDS` prints, one name a line.
fn answer(words: &[&str]) -> Vec<String> {
    let mut args = vec!["__complete", "--"];
    args.extend(words);
    let run = run(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    lines(run.stdout.as_bytes())
}

#[test]
fn names_come_from_the_cluster_in_zsh() {
    let script = run(&["completion", "zsh"]).stdout;
    assert!(
        script.contains("__complete -- \"${(@Q)words[2,CURRENT-1]}\""),
        "zsh does not ask `__complete`"
    );
    let server = server();
    let bin = bin_dir();
    let kubeconfig = server.kubeconfig_path().to_str().unwrap().to_string();
    let shop = server.ns("shop");
    let base = ["meshctl", "--kubeconfig", &kubeconfig, "-n", &shop];
    let with = |more: &[&'static str]| {
        let mut words = base.to_vec();
        words.extend(more);
        words
    };
    if !installed("zsh") {
        // zsh is not installed here: the words its script passes, answered.
        let typed = with(&["policy", "set"]);
        assert_eq!(answer(&typed[1..]), ["ratings", "ratings-route", "reviews"]);
        return;
    }
    // zsh's `compadd` filters by the prefix itself; every name is handed over.
    assert_eq!(
        zsh(bin.path(), &with(&["policy", "set", "r"])),
        ["ratings", "ratings-route", "reviews"]
    );
    assert_eq!(
        zsh(bin.path(), &with(&["gateway", "delete", ""])),
        ["shop-edge"]
    );
    let namespaces = zsh(
        bin.path(),
        &["meshctl", "--kubeconfig", &kubeconfig, "-n", ""],
    );
    assert!(namespaces.contains(&shop), "{namespaces:?}");
    // Past the name, and for flags, the static completion.
    assert_eq!(
        zsh(bin.path(), &with(&["policy", "set", "reviews", ""])),
        ["static"]
    );
    assert_eq!(
        zsh(bin.path(), &with(&["policy", "set", "--ti"])),
        ["static"]
    );
}

#[test]
fn names_come_from_the_cluster_in_fish() {
    let script = run(&["completion", "fish"]).stdout;
    assert!(
        script.contains("__complete -- $words"),
        "fish does not ask `__complete`"
    );
    let server = server();
    let bin = bin_dir();
    let kubeconfig = server.kubeconfig_path().to_str().unwrap().to_string();
    let shop = server.ns("shop");
    let base = format!("meshctl --kubeconfig {kubeconfig} -n {shop}");
    if !installed("fish") {
        // fish is not installed here: the words its script passes, answered.
        assert_eq!(
            answer(&[
                "--kubeconfig",
                &kubeconfig,
                "-n",
                &shop,
                "gateway",
                "delete"
            ]),
            ["shop-edge"]
        );
        return;
    }
    assert_eq!(
        fish(bin.path(), &format!("{base} policy set r")),
        ["ratings", "ratings-route", "reviews"]
    );
    assert_eq!(
        fish(bin.path(), &format!("{base} fault inject rev")),
        ["reviews"]
    );
    assert_eq!(
        fish(bin.path(), &format!("{base} gateway delete ")),
        ["shop-edge"]
    );
    let namespaces = fish(
        bin.path(),
        &format!("meshctl --kubeconfig {kubeconfig} -n "),
    );
    assert!(namespaces.contains(&shop), "{namespaces:?}");
    // Inside a subcommand too (fish completes an option's value from its own rules).
    let namespaces = fish(
        bin.path(),
        &format!("meshctl --kubeconfig {kubeconfig} gateway list --namespace "),
    );
    assert!(namespaces.contains(&shop), "{namespaces:?}");
    // Flags and subcommands complete statically as before.
    assert_eq!(
        fish(bin.path(), &format!("{base} policy set reviews --time")),
        ["--timeout"]
    );
    assert_eq!(fish(bin.path(), "meshctl pol"), ["policy"]);
}

#[test]
fn an_unreachable_cluster_falls_back_silently_in_zsh_and_fish() {
    let bin = bin_dir();
    let missing = bin.path().join("missing");
    let missing = missing.to_str().unwrap();
    if installed("zsh") {
        assert_eq!(
            zsh(
                bin.path(),
                &["meshctl", "--kubeconfig", missing, "policy", "show", ""]
            ),
            ["static"]
        );
    }
    if installed("fish") {
        // No names; the static rules offer no files for the service either way.
        let offered = fish(
            bin.path(),
            &format!("meshctl --kubeconfig {missing} policy show zz"),
        );
        assert!(offered.is_empty(), "{offered:?}");
    }
    assert!(answer(&["--kubeconfig", missing, "policy", "show"]).is_empty());
}

/// A kubeconfig with contexts `prod` and `dev`, and a mesh one with `asm`; no server is
/// needed, contexts are read from the files.
fn kubeconfigs(dir: &Path) -> (String, String) {
    let config = |contexts: &[&str]| {
        let mut text = "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:9'}\nusers:\n- name: u\n  user: {}\ncontexts:\n".to_string();
        for c in contexts {
            text.push_str(&format!(
                "- name: {c}\n  context: {{cluster: c, user: u}}\n"
            ));
        }
        text
    };
    let workload = dir.join("workload.yaml");
    let mesh = dir.join("mesh.yaml");
    std::fs::write(&workload, config(&["prod", "dev"])).unwrap();
    std::fs::write(&mesh, config(&["asm"])).unwrap();
    (
        workload.to_str().unwrap().to_string(),
        mesh.to_str().unwrap().to_string(),
    )
}

#[test]
fn contexts_of_the_kubeconfig_are_offered_in_every_shell() {
    let bin = bin_dir();
    let (workload, mesh) = kubeconfigs(bin.path());
    let k = workload.as_str();

    assert_eq!(answer(&["--kubeconfig", k, "--context"]), ["dev", "prod"]);
    // `--mesh-context` reads the mesh kubeconfig, else the workload one.
    assert_eq!(
        answer(&[
            "--kubeconfig",
            k,
            "--mesh-kubeconfig",
            &mesh,
            "canary",
            "status",
            "--mesh-context"
        ]),
        ["asm"]
    );
    assert_eq!(
        answer(&["--kubeconfig", k, "--mesh-context"]),
        ["dev", "prod"]
    );

    let (offered, stderr) = bash(
        bin.path(),
        &["meshctl", "--kubeconfig", k, "--context", "p"],
    );
    assert_eq!(offered, ["prod"], "{stderr}");
    let (offered, _) = bash(
        bin.path(),
        &[
            "meshctl",
            "--mesh-kubeconfig",
            &mesh,
            "gateway",
            "list",
            "--mesh-context",
            "",
        ],
    );
    assert_eq!(offered, ["asm"]);

    if installed("zsh") {
        assert_eq!(
            zsh(bin.path(), &["meshctl", "--kubeconfig", k, "--context", ""]),
            ["dev", "prod"]
        );
    }
    if installed("fish") {
        assert_eq!(
            fish(bin.path(), &format!("meshctl --kubeconfig {k} --context ")),
            ["dev", "prod"]
        );
        assert_eq!(
            fish(
                bin.path(),
                &format!("meshctl --mesh-kubeconfig {mesh} status --mesh-context ")
            ),
            ["asm"]
        );
    }
}
