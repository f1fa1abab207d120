//! Traffic for the metrics tests: `meshctl demo backend` processes (the built binary,
//! each in its own process group, killed by PID on drop), a keep-alive load generator
//! that counts answers by status, and a stub HTTP server whose answers (and delays) a
//! test chooses, standing in for a Prometheus that is slow or says odd things, and a
//! webhook receiver that records what it was sent.

use super::process::{Guard, free_port, wait_for};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// A running `meshctl demo backend`.
pub struct DemoBackend {
    pub guard: Guard,
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl DemoBackend {
    /// Starts `meshctl demo backend` and waits until it accepts connections.
    pub fn start(name: &str, version: &str, error_rate: f64, latency: Option<&str>) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let port = free_port();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_meshctl"));
        cmd.args(["demo", "backend", "--name", name, "--version", version])
            .args(["--port", &port.to_string()])
            .args(["--error-rate", &error_rate.to_string()]);
        if let Some(l) = latency {
            cmd.args(["--latency", l]);
        }
        let mut guard = Guard::spawn("demo backend", &mut cmd, &dir.path().join("backend.log"));
        wait_for(
            "the demo backend to listen",
            Duration::from_secs(10),
            || {
                guard.assert_running();
                TcpStream::connect(("127.0.0.1", port)).ok().map(|_| ())
            },
        );
        DemoBackend {
            guard,
            port,
            _dir: dir,
        }
    }
}

/// One answer: status and the `x-meshctl-version` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub version: Option<String>,
}

/// Sends `n` GET requests over one keep-alive connection to `port`, with the given
/// extra headers, and returns every answer.
pub fn send(port: u16, headers: &[(&str, &str)], n: usize) -> Vec<Answer> {
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_nodelay(true).expect("nodelay");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut writer = stream.try_clone().expect("clone");
    let mut reader = BufReader::new(stream);
    let extra: String = headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    let mut answers = Vec::with_capacity(n);
    for _ in 0..n {
        write!(
            writer,
            "GET /reviews HTTP/1.1\r\nHost: reviews\r\n{extra}\r\n"
        )
        .expect("write request");
        answers.push(read_answer(&mut reader));
    }
    answers
}

fn read_answer(reader: &mut BufReader<TcpStream>) -> Answer {
    let mut line = String::new();
    reader.read_line(&mut line).expect("status line");
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {line:?}"));
    let mut length = 0;
    let mut version = None;
    loop {
        line.clear();
        reader.read_line(&mut line).expect("header");
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
            if k == "content-length" {
                length = v.parse().expect("content-length");
            } else if k == "x-meshctl-version" {
                version = Some(v.to_string());
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).expect("body");
    Answer { status, version }
}

/// Answers counted by (version, status).
pub fn tally(answers: &[Answer]) -> BTreeMap<(String, u16), usize> {
    let mut out = BTreeMap::new();
    for a in answers {
        *out.entry((a.version.clone().unwrap_or_default(), a.status))
            .or_insert(0) += 1;
    }
    out
}

/// What the stub answers: a delay, a status and a JSON body.
pub type Reply = (Duration, u16, String);

/// What the stub was asked: the method, the request target (path and query), the
/// headers and the body.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub target: String,
    /// Names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON (panics when it is not: the receivers of the tests expect JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("the body is not JSON ({e}): {}", self.body))
    }

    /// The decoded PromQL of a Prometheus API request.
    pub fn promql(&self) -> String {
        promql_of(&self.target)
    }
}

/// A tiny HTTP server on 127.0.0.1 whose answers a closure of the request decides;
/// stopped and joined on drop.
pub struct StubServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StubServer {
    pub fn start(reply: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let stop = Arc::new(AtomicBool::new(false));
        let reply = Arc::new(reply);
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if flag.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let reply = reply.clone();
                std::thread::spawn(move || serve_one(stream, &*reply));
            }
        });
        StubServer {
            port,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

fn serve_one(stream: TcpStream, reply: &(dyn Fn(&Request) -> Reply + Send + Sync)) {
    let mut writer = match stream.try_clone() {
        Ok(w) => w,
        Err(_) => return,
    };
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut words = line.split_whitespace();
    let method = words.next().unwrap_or("GET").to_string();
    let target = words.next().unwrap_or("/").to_string();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => return,
            Ok(_) if header.trim_end().is_empty() => break,
            Ok(_) => {
                if let Some((k, v)) = header.trim_end().split_once(':') {
                    headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
                }
            }
        }
    }
    let length = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let request = Request {
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    let (delay, status, body) = reply(&request);
    std::thread::sleep(delay);
    let _ = write!(
        writer,
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
}

impl Drop for StubServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A webhook receiver on 127.0.0.1: records every request in order and answers with the
/// status a test sets (and may change while a rollout runs: a gate opening).
pub struct Receiver {
    pub server: StubServer,
    status: Arc<std::sync::atomic::AtomicU16>,
    seen: Arc<std::sync::Mutex<Vec<Request>>>,
}

impl Receiver {
    /// A receiver answering `status` with an empty JSON object.
    pub fn start(status: u16) -> Self {
        let answer = Arc::new(std::sync::atomic::AtomicU16::new(status));
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let (a, s) = (answer.clone(), seen.clone());
        let server = StubServer::start(move |req| {
            s.lock().expect("poisoned").push(req.clone());
            (Duration::ZERO, a.load(Ordering::SeqCst), "{}".to_string())
        });
        Receiver {
            server,
            status: answer,
            seen,
        }
    }

    /// The URL of `path` on this receiver.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    /// Answers `status` from now on.
    pub fn set_status(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }

    /// Every request so far, in the order they arrived.
    pub fn requests(&self) -> Vec<Request> {
        self.seen.lock().expect("poisoned").clone()
    }

    /// Waits (up to `timeout`) until `done` holds for the requests so far; returns them.
    pub fn wait_for(&self, timeout: Duration, done: impl Fn(&[Request]) -> bool) -> Vec<Request> {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let seen = self.requests();
            if done(&seen) {
                return seen;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the receiver did not see what was awaited in {timeout:?}; it saw {seen:#?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Decodes `%XX` and `+` in a query string value.
pub fn url_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The decoded `query` parameter of a Prometheus API request target.
pub fn promql_of(target: &str) -> String {
    let query = target.split_once('?').map(|(_, q)| q).unwrap_or("");
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("query="))
        .map(url_decode)
        .unwrap_or_default()
}

/// A Prometheus instant-query answer: a vector with one element per value.
pub fn vector(values: &[&str]) -> String {
    let result: Vec<String> = values
        .iter()
        .map(|v| format!(r#"{{"metric":{{}},"value":[1700000000,"{v}"]}}"#))
        .collect();
    format!(
        r#"{{"status":"success","data":{{"resultType":"vector","result":[{}]}}}}"#,
        result.join(",")
    )
}
