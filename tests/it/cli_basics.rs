//! The binary's contract for the basics: version, usage errors, help and completions.

use crate::support::cli::run;

#[test]
fn version_prints_the_package_version() {
    let run = run(&["--version"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!("meshctl {}\n", env!("CARGO_PKG_VERSION"))
    );
    let run = crate::support::cli::run(&["version", "-o", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["clientVersion"]["version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn an_unknown_flag_is_a_usage_error_with_exit_2() {
    let run = run(&["--no-such-flag"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("unexpected argument '--no-such-flag'"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unsupported_output_format_is_a_usage_error() {
    // A version is no object: there is nothing for `-o name` to name.
    let run = run(&["version", "-o", "name"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: `-o name` needs objects to name, and this command shows none\n\nhint: use `-o json` or `-o yaml` for scripts\n"
    );
}

/// Every command path in the CLI, e.g. `["render", "gateway"]`, root first.
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(prefix.clone());
        for sub in cmd.get_subcommands() {
            let mut path = prefix.clone();
            path.push(sub.get_name().to_string());
            walk(sub, path, out);
        }
    }
    let mut out = Vec::new();
    walk(&meshctl::cli::command(), Vec::new(), &mut out);
    out
}

#[test]
fn help_of_every_command() {
    let mut text = String::new();
    for path in command_paths() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let run = run(&args);
        assert_eq!(
            run.code,
            0,
            "`meshctl {}` failed: {}",
            args.join(" "),
            run.stderr
        );
        assert!(run.stderr.is_empty());
        text.push_str(&format!("$ meshctl {}\n{}\n", args.join(" "), run.stdout));
    }
    insta::assert_snapshot!("help", text);
}

#[test]
fn every_command_has_examples_in_its_help() {
    for path in command_paths() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        let cmd = path.iter().fold(meshctl::cli::command(), |cmd, name| {
            cmd.find_subcommand(name).expect("listed").clone()
        });
        if cmd.has_subcommands() {
            continue;
        }
        args.push("--help");
        let run = run(&args);
        assert!(
            run.stdout.contains("Examples:"),
            "`meshctl {}` has no examples",
            args.join(" ")
        );
    }
}

/// `completions/` holds the generated scripts; they must match what the binary prints.
/// Refresh with `UPDATE_COMPLETIONS=1 cargo test --test it cli_basics::`.
#[test]
fn completion_scripts_in_the_repository_are_fresh() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some();
    for (shell, file) in [
        ("bash", "meshctl.bash"),
        ("zsh", "_meshctl"),
        ("fish", "meshctl.fish"),
        ("powershell", "_meshctl.ps1"),
        ("elvish", "meshctl.elv"),
    ] {
        let run = run(&["completion", shell]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout.contains("meshctl"),
            "{shell} script names no meshctl"
        );
        let path = dir.join(file);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &run.stdout).unwrap();
        }
        let stored = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            stored == run.stdout,
            "completions/{file} is stale\nhint: run `UPDATE_COMPLETIONS=1 cargo test --test it cli_basics::`"
        );
    }
}

#[test]
fn bash_completion_completes_subcommands_in_a_real_bash() {
    let script = run(&["completion", "bash"]).stdout;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("meshctl.bash");
    std::fs::write(&path, script).unwrap();
    let probe = format!(
        "source '{}'; COMP_WORDS=(meshctl ren); COMP_CWORD=1; COMP_LINE='meshctl ren'; COMP_POINT=11; _meshctl meshctl ren meshctl; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display()
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", &probe])
        .output()
        .expect("bash runs");
    let words = String::from_utf8_lossy(&out.stdout);
    assert_eq!(words.trim(), "render", "bash offered: {words:?}");
}

/// The README's quick start renders the example spec and validates the result.
#[test]
fn the_readme_quick_start_works() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let pipeline = "meshctl render service -f examples/specs/reviews.yaml | meshctl validate -f -";
    assert!(
        readme.contains(pipeline),
        "README no longer shows `{pipeline}`"
    );

    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/specs/reviews.yaml");
    let rendered = run(&["render", "service", "-f", spec]);
    assert_eq!(rendered.code, 0, "{}", rendered.stderr);
    let validated = crate::support::cli::run_with_stdin(&["validate", "-f", "-"], &rendered.stdout);
    assert_eq!(validated.code, 0, "{}", validated.stderr);
    assert!(
        validated.stderr.contains("✔ 4 objects valid"),
        "{}",
        validated.stderr
    );
}

#[test]
fn a_file_that_is_not_utf8_is_named_with_the_line_of_the_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("latin1.yaml");
    // `café` in Latin-1: 0xE9 is not UTF-8.
    std::fs::write(&file, b"kind: VirtualService\nname: caf\xe9\n").unwrap();
    let path = file.to_str().unwrap();
    for args in [
        &["validate", "-f", path][..],
        &["analyze", "-f", path][..],
        &["render", "service", "-f", path][..],
    ] {
        let run = run(args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr
                .contains("is not UTF-8 text: line 2 has a byte that is not UTF-8"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("hint: meshctl reads YAML and JSON as UTF-8"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("check the path"), "{}", run.stderr);
    }
}

#[test]
fn service_types_are_spelled_as_kubernetes_spells_them() {
    for t in ["ClusterIP", "NodePort", "LoadBalancer"] {
        let run = run(&[
            "gateway",
            "deploy",
            "edge",
            "--service-type",
            t,
            "--dry-run",
        ]);
        assert_eq!(run.code, 0, "{t}: {}", run.stderr);
        assert!(run.stdout.contains(&format!("type: {t}")), "{}", run.stdout);
    }
}

#[test]
fn color_always_colours_the_message_labels_and_never_does_not() {
    let coloured = run(&["--color", "always", "validate", "-f", "no-such-file.yaml"]);
    assert_eq!(coloured.code, 1, "{}", coloured.stderr);
    assert!(
        coloured
            .stderr
            .starts_with("\x1b[1;31merror\x1b[0m: cannot read `no-such-file.yaml`"),
        "{:?}",
        coloured.stderr
    );
    assert!(
        coloured
            .stderr
            .contains("\x1b[36mhint\x1b[0m: check the path"),
        "{:?}",
        coloured.stderr
    );
    for args in [
        &["--color", "never", "validate", "-f", "no-such-file.yaml"][..],
        &["validate", "-f", "no-such-file.yaml"][..],
    ] {
        let plain = run(args);
        assert!(
            plain.stderr.starts_with("error: cannot read"),
            "{:?}",
            plain.stderr
        );
        assert!(!plain.stderr.contains('\x1b'), "{:?}", plain.stderr);
    }
}
