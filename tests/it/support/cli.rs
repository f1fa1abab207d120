//! Runs the built `meshctl` binary the same way every time: no colour, fixed terminal
//! width, no kubeconfig or meshctl variables from the developer's shell, and output
//! with temporary paths replaced, so snapshots are stable.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Replaces the cells of a table's last column `AGE` in stdout with `[AGE]`: ages
    /// depend on when the test ran.
    pub fn mask_age(mut self) -> Self {
        let mut at = None;
        let lines: Vec<String> = self
            .stdout
            .lines()
            .map(|line| {
                if line.is_empty() {
                    at = None;
                    return String::new();
                }
                if line.ends_with(" AGE") {
                    at = Some(line.len() - 3);
                    return line.to_string();
                }
                match at {
                    Some(i) if line.len() > i => format!("{}[AGE]", &line[..i]),
                    _ => line.to_string(),
                }
            })
            .collect();
        self.stdout = lines.join("\n")
            + if self.stdout.ends_with('\n') {
                "\n"
            } else {
                ""
            };
        self
    }

    /// Exit code, stdout and stderr in one text, for snapshots.
    pub fn snapshot(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// Replaces `path` (e.g. a temp dir) with `[TMP]` in stdout and stderr.
    pub fn filter_path(mut self, path: &Path) -> Self {
        let p = path.display().to_string();
        self.stdout = self.stdout.replace(&p, "[TMP]");
        self.stderr = self.stderr.replace(&p, "[TMP]");
        self
    }
}

/// A `Command` for the built binary with a clean, fixed environment.
pub fn meshctl() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_meshctl"));
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("MESHCTL_") || key == "KUBECONFIG" {
            cmd.env_remove(&key);
        }
    }
    cmd.env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("TERM", "dumb");
    cmd
}

/// Runs `meshctl ARGS` with no stdin.
pub fn run(args: &[&str]) -> Run {
    run_cmd(meshctl().args(args), None)
}

/// Runs `meshctl ARGS` with `input` on stdin.
pub fn run_with_stdin(args: &[&str], input: &str) -> Run {
    run_cmd(meshctl().args(args), Some(input))
}

/// Runs a prepared command, feeding `input` to stdin when given.
pub fn run_cmd(cmd: &mut Command, input: Option<&str>) -> Run {
    cmd.stdin(if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("cannot start meshctl");
    if let Some(input) = input {
        child
            .stdin
            .take()
            .expect("stdin piped")
            .write_all(input.as_bytes())
            .expect("cannot write stdin");
    }
    let output = child.wait_with_output().expect("cannot wait for meshctl");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}
