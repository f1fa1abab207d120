//! The binary's contract for the basics: version, usage errors, help and completions.

mod support;

use support::cli::run;

#[test]
fn version_prints_the_package_version() {
    let run = run(&["--version"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        format!("meshctl {}\n", env!("CARGO_PKG_VERSION"))
    );
    let run = support::cli::run(&["version", "-o", "json"]);
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
    let run = run(&["version", "-o", "table"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: `version` does not support `-o table`\n\nhint: use `-o json` or `-o yaml`\n"
    );
}
