//! Processes the local mesh starts (Envoy, workload backends) and recognises again by
//! PID. A PID recorded long ago may belong to another process by now, so every signal
//! is sent only after the caller's check of the command line says it is still ours.
//! The demo backend spawner lives here too, shared by local workloads and the demos.

use meshctl_core::{Error, Result};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The command line of `pid`, or `None` when it is gone or a zombie (it has exited;
/// only its parent's wait is missing).
pub fn cmdline(pid: u32) -> Option<Vec<String>> {
    let raw = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
    if has_exited(pid) {
        return None;
    }
    Some(
        raw.split(|b| *b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect(),
    )
}

/// The process is gone, or a zombie waiting for its parent.
pub fn has_exited(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| matches!(rest.trim_start().chars().next(), Some('Z' | 'X'))),
    }
}

/// Sends SIGTERM to `pid`, waits up to `grace` for it to exit, then SIGKILL if
/// `is_ours` still holds.
pub async fn stop(pid: u32, is_ours: impl Fn() -> bool, grace: Duration) -> Result<()> {
    signal(pid, "TERM")?;
    let deadline = tokio::time::Instant::now() + grace;
    // An exiting process loses its command line before it is gone, so once it stops
    // looking like ours, wait for the PID itself to finish exiting.
    while tokio::time::Instant::now() < deadline {
        if !is_ours() && has_exited(pid) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    if is_ours() {
        signal(pid, "KILL")?;
    }
    Ok(())
}

/// `kill -SIG PID`: std has no way to signal a process it did not spawn in this run.
pub fn signal(pid: u32, sig: &str) -> Result<()> {
    let status = std::process::Command::new("kill")
        .arg(format!("-{sig}"))
        .arg(pid.to_string())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| Error::io(format!("cannot signal PID {pid}"), e))?;
    // A process that exited meanwhile is fine: it is gone either way.
    let _ = status;
    Ok(())
}

/// A `meshctl demo backend` to start: one version of a service on one port.
pub struct Backend<'a> {
    /// The meshctl binary that runs it.
    pub program: &'a Path,
    pub service: &'a str,
    pub version: &'a str,
    pub port: u16,
    /// More `demo backend` flags (error rate, latency, spared header).
    pub flags: &'a [String],
    /// Where its output goes (appended); none: discarded.
    pub log: Option<&'a Path>,
}

impl Backend<'_> {
    /// Starts it in its own process group (a Ctrl-C in the terminal does not reach it).
    /// The caller owns the child: it waits for it, or hands it to [`reap`].
    pub fn spawn(&self) -> Result<Child> {
        let output = || -> Result<Stdio> {
            let Some(log) = self.log else {
                return Ok(Stdio::null());
            };
            if let Some(dir) = log.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| Error::io(format!("cannot create `{}`", dir.display()), e))?;
            }
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(log)
                .map(Stdio::from)
                .map_err(|e| Error::io(format!("cannot open `{}`", log.display()), e))
        };
        Command::new(self.program)
            .args(["-q", "demo", "backend", "--name", self.service])
            .args(["--version", self.version])
            .args(["--port", &self.port.to_string()])
            .args(self.flags)
            .stdin(Stdio::null())
            .stdout(output()?)
            .stderr(output()?)
            .process_group(0)
            .spawn()
            .map_err(|e| {
                Error::io(
                    format!("cannot start a demo backend (`{}`)", self.program.display()),
                    e,
                )
            })
    }

    /// Whether `args` (a command line) is such a backend on `port` for this version.
    pub fn matches(args: &[String], service: &str, version: &str, port: u16) -> bool {
        let after = |flag: &str| {
            args.iter()
                .position(|a| a == flag)
                .and_then(|i| args.get(i + 1))
                .map(String::as_str)
        };
        args.windows(2).any(|w| w[0] == "demo" && w[1] == "backend")
            && after("--name") == Some(service)
            && after("--version") == Some(version)
            && after("--port") == Some(port.to_string().as_str())
    }
}

/// Waits for `child` on a thread of its own, so a long-running meshctl (a demo, a
/// rollout) leaves no zombie when the backend exits; the process itself is not tied
/// to this one and outlives it.
pub fn reap(mut child: Child) {
    std::thread::spawn(move || {
        let _ = child.wait();
    });
}

/// A free TCP port on 127.0.0.1 (released before use, so another process may take it
/// first: the start then fails and says so).
pub fn free_port() -> Result<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| Error::io("no free port on 127.0.0.1", e))
}

/// Polls until something accepts connections on 127.0.0.1:`port`; `false` after
/// `patience`, or as soon as `alive` says the process that should listen is gone.
pub async fn wait_listening(
    port: u16,
    patience: Duration,
    mut alive: impl FnMut() -> bool,
) -> bool {
    let deadline = tokio::time::Instant::now() + patience;
    while tokio::time::Instant::now() < deadline {
        if answers(port).await {
            return true;
        }
        if !alive() {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

/// Whether 127.0.0.1:`port` accepts a connection now.
pub async fn answers(port: u16) -> bool {
    let connect = tokio::net::TcpStream::connect(("127.0.0.1", port));
    matches!(
        tokio::time::timeout(Duration::from_secs(1), connect).await,
        Ok(Ok(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_has_a_command_line_and_a_gone_one_has_none() {
        assert!(cmdline(std::process::id()).is_some_and(|a| !a.is_empty()));
        assert!(!has_exited(std::process::id()));
        assert!(cmdline(u32::MAX).is_none());
        assert!(has_exited(u32::MAX));
    }

    #[test]
    fn a_backend_is_known_by_its_flags() {
        let args: Vec<String> = [
            "meshctl",
            "-q",
            "demo",
            "backend",
            "--name",
            "reviews",
            "--version",
            "v2",
            "--port",
            "9082",
        ]
        .map(String::from)
        .to_vec();
        assert!(Backend::matches(&args, "reviews", "v2", 9082));
        assert!(!Backend::matches(&args, "reviews", "v2", 9083));
        assert!(!Backend::matches(&args, "reviews", "v1", 9082));
        assert!(!Backend::matches(&args[2..3], "reviews", "v2", 9082));
    }
}
