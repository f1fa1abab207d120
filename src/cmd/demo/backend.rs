//! `meshctl demo backend`: a tiny HTTP/1.1 server that plays one version of a service.
//!
//! Every answer names the service and version (JSON body and `x-meshctl-version`
//! header) so a test or a person can count how traffic was split. Errors are
//! deterministic, not random: with `--error-rate 0.2` exactly every fifth request gets
//! a 500, so a test knows the true error share over any number of requests. A fixed
//! `--latency` is added before every answer.
//!
//! With `--call SERVICE` the backend is one link of a chain: every request calls
//! `SERVICE` through the mesh listener, passing on the `--propagate` headers, and the
//! answer carries the chain of versions the request went through (`chain.rs`).
//!
//! The server is deliberately minimal (no hyper): keep-alive, `Content-Length` bodies,
//! TCP_NODELAY and a listen backlog of 1024 are all a load generator needs.

use super::super::Ctx;
use super::chain::{self, Answer, CHAIN_HEADER};
use crate::adapters::local::downstream::Downstream;
use crate::core::duration::Duration;
use crate::{Error, ErrorKind, ExitStatus, Result};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpSocket, TcpStream};

/// Header that names the version which answered.
pub const VERSION_HEADER: &str = "x-meshctl-version";

const BACKLOG: u32 = 1024;
/// Request heads larger than this are refused; nothing legitimate sends more.
const MAX_HEAD: usize = 64 * 1024;

// `--version` is this command's own flag (the version it plays), not meshctl's.
#[derive(Debug, clap::Args)]
#[command(
    disable_version_flag = true,
    after_help = "\
Examples:
  # Version v1 of `reviews`, healthy, on port 9081
  meshctl demo backend --name reviews --version v1 --port 9081

  # Version v2 answering every fifth request with a 500, 50 ms slower
  meshctl demo backend --name reviews --version v2 --port 9082 --error-rate 0.2 --latency 50ms

  # Version v2 of `b`, calling `c` through the local mesh with the lane header passed on
  meshctl demo backend --name b --version v2 --port 9083 --call c --propagate x-lane"
)]
pub struct Args {
    /// The service name the answers carry
    #[arg(long, value_name = "NAME")]
    pub name: String,

    /// The version the answers carry (and `x-meshctl-version`)
    #[arg(long, value_name = "VERSION")]
    pub version: String,

    /// Port to listen on (0 picks a free one)
    #[arg(long, value_name = "PORT")]
    pub port: u16,

    /// Share of requests answered with 500, from 0 to 1; spread evenly (0.2 = every fifth)
    #[arg(long, value_name = "SHARE", default_value_t = 0.0, value_parser = parse_share)]
    pub error_rate: f64,

    /// Requests carrying this header never fail and do not count for `--error-rate`:
    /// a version passes its preview (e.g. `x-meshctl-preview`) and fails real traffic
    #[arg(long, value_name = "HEADER")]
    pub spare_header: Option<String>,

    /// Time added before every answer, e.g. `50ms`
    #[arg(long, value_name = "DURATION")]
    pub latency: Option<Duration>,

    /// Address to listen on
    #[arg(long, value_name = "IP", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,

    /// Call this service (through `--mesh`, Host header = SERVICE) on every request and
    /// answer with the chain of versions it reports after this one's
    #[arg(long, value_name = "SERVICE")]
    pub call: Option<String>,

    /// The mesh listener `--call` goes through
    #[arg(
        long,
        value_name = "URL",
        default_value = "http://127.0.0.1:15080",
        requires = "call"
    )]
    pub mesh: String,

    /// A request header passed on to `--call` (repeatable); no other header is
    #[arg(long, value_name = "HEADER", requires = "call")]
    pub propagate: Vec<String>,
}

fn parse_share(text: &str) -> std::result::Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("`{text}` is not between 0 and 1"))
    }
}

/// Which requests fail: request `n` (counting from 1) fails when `n · share` crosses
/// an integer, so any run of requests holds the share rounded down, never more.
#[derive(Debug, Clone, Copy)]
pub struct ErrorSchedule {
    /// The share in millionths, so the arithmetic is exact.
    ppm: u64,
}

impl ErrorSchedule {
    pub fn new(share: f64) -> Self {
        ErrorSchedule {
            ppm: (share.clamp(0.0, 1.0) * 1_000_000.0).round() as u64,
        }
    }

    pub fn fails(&self, n: u64) -> bool {
        n > 0 && (n * self.ppm) / 1_000_000 > ((n - 1) * self.ppm) / 1_000_000
    }
}

struct Backend {
    service: String,
    version: String,
    errors: ErrorSchedule,
    /// Lower-case name of the header whose requests never fail.
    spare_header: Option<String>,
    latency: std::time::Duration,
    served: AtomicU64,
    /// Requests the error schedule counts (all but the spared ones).
    judged: AtomicU64,
    /// The next service of the chain and the client that calls it.
    call: Option<(String, Downstream)>,
    /// Lower-case names of the headers passed on to `call`.
    propagate: Vec<String>,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let addr = SocketAddr::new(args.bind, args.port);
    let listener = listen(addr).map_err(|e| {
        Error::new(ErrorKind::Io, format!("cannot listen on `{addr}`"))
            .with_source(e)
            .with_hint("choose a free port with `--port`, or `--port 0` for any")
    })?;
    let local = listener
        .local_addr()
        .map_err(|e| Error::io("cannot read the listening address", e))?;
    let backend = Arc::new(Backend {
        service: args.name.clone(),
        version: args.version.clone(),
        errors: ErrorSchedule::new(args.error_rate),
        spare_header: args.spare_header.as_ref().map(|h| h.to_ascii_lowercase()),
        latency: args.latency.map(|d| d.as_std()).unwrap_or_default(),
        served: AtomicU64::new(0),
        judged: AtomicU64::new(0),
        call: match &args.call {
            Some(service) => Some((service.clone(), Downstream::new(&args.mesh)?)),
            None => None,
        },
        propagate: args
            .propagate
            .iter()
            .map(|h| h.to_ascii_lowercase())
            .collect(),
    });
    let stop = shutdown();
    ctx.printer.info(&format!("listening on {local}"));
    let serve = async {
        loop {
            match listener.accept().await {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(connection(stream, backend.clone()));
                }
                // Out of file descriptors and the like: back off instead of spinning.
                Err(e) => {
                    tracing::debug!("accept failed: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                }
            }
        }
    };
    tokio::select! {
        () = serve => {}
        () = stop => {}
    }
    ctx.printer.verbose(&format!(
        "served {} requests",
        backend.served.load(Ordering::Relaxed)
    ));
    Ok(ExitStatus::Success)
}

fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// Resolves on Ctrl-C or SIGTERM. The SIGTERM handler is installed when this is
/// called, not when it is first polled, so a SIGTERM sent right after "listening on"
/// stops the server cleanly instead of killing it.
fn shutdown() -> impl std::future::Future<Output = ()> {
    let term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate());
    let interrupt = tokio::signal::ctrl_c();
    async move {
        match term {
            Ok(mut term) => {
                tokio::select! {
                    _ = interrupt => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = interrupt.await;
            }
        }
    }
}

/// What the head of one request says about the connection.
#[derive(Debug, PartialEq)]
struct Head {
    body_len: usize,
    keep_alive: bool,
    chunked: bool,
    /// The request carries the spared header.
    spared: bool,
    /// The headers to pass on downstream.
    propagated: Vec<(String, String)>,
}

fn parse_head(head: &str, spare_header: Option<&str>, propagate: &[String]) -> Option<Head> {
    let mut lines = head.split("\r\n");
    let request_line = lines.next()?;
    let mut parts = request_line.split(' ');
    let (_method, _target, version) = (parts.next()?, parts.next()?, parts.next()?);
    let mut keep_alive = version == "HTTP/1.1";
    let mut body_len = 0;
    let mut chunked = false;
    let mut spared = false;
    let mut headers = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':')?;
        if !propagate.is_empty() {
            headers.push((name.to_string(), value.to_string()));
        }
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            body_len = value.parse().ok()?;
        } else if name.eq_ignore_ascii_case("connection") {
            if value.eq_ignore_ascii_case("close") {
                keep_alive = false;
            } else if value.eq_ignore_ascii_case("keep-alive") {
                keep_alive = true;
            }
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = true;
        } else if spare_header.is_some_and(|h| name.trim().eq_ignore_ascii_case(h)) {
            spared = true;
        }
    }
    Some(Head {
        body_len,
        keep_alive,
        chunked,
        spared,
        propagated: chain::propagated(&headers, propagate),
    })
}

async fn connection(stream: TcpStream, backend: Arc<Backend>) {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let mut head = String::new();
    loop {
        head.clear();
        // Read the head line by line up to the empty line.
        loop {
            match reader.read_line(&mut head).await {
                Ok(0) => return,
                Ok(_) if head.ends_with("\r\n\r\n") || head == "\r\n" => break,
                Ok(_) if head.len() > MAX_HEAD => return,
                Ok(_) => {}
                Err(_) => return,
            }
        }
        if head == "\r\n" {
            continue;
        }
        let Some(parsed) = parse_head(
            head.trim_end(),
            backend.spare_header.as_deref(),
            &backend.propagate,
        ) else {
            let _ = write
                .write_all(
                    b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                )
                .await;
            return;
        };
        if parsed.chunked {
            // Nothing that talks to a demo backend streams request bodies.
            let _ = write
                .write_all(b"HTTP/1.1 501 Not Implemented\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                .await;
            return;
        }
        if parsed.body_len > 0
            && tokio::io::copy(
                &mut (&mut reader).take(parsed.body_len as u64),
                &mut tokio::io::sink(),
            )
            .await
            .is_err()
        {
            return;
        }
        let n = backend.served.fetch_add(1, Ordering::Relaxed) + 1;
        if !backend.latency.is_zero() {
            tokio::time::sleep(backend.latency).await;
        }
        let fails = !parsed.spared && {
            let judged = backend.judged.fetch_add(1, Ordering::Relaxed) + 1;
            backend.errors.fails(judged)
        };
        let answer = answer(&backend, fails, &parsed.propagated).await;
        let response = respond(&backend, n, &answer, parsed.keep_alive);
        if write.write_all(response.as_bytes()).await.is_err() || !parsed.keep_alive {
            return;
        }
    }
}

/// This backend's answer: failed by its own schedule (without calling on), its own
/// when it calls nobody, else after calling the next service of the chain.
async fn answer(backend: &Backend, fails: bool, propagated: &[(String, String)]) -> Answer {
    let own = chain::hop(&backend.service, &backend.version);
    match &backend.call {
        _ if fails => Answer::own(own, 500),
        None => Answer::own(own, 200),
        Some((service, downstream)) => {
            let reply = downstream.get(service, propagated).await;
            Answer::after_call(own, service, reply.as_ref().map_err(|e| e.to_string()))
        }
    }
}

fn respond(backend: &Backend, n: u64, answer: &Answer, keep_alive: bool) -> String {
    let status = answer.status;
    let reason = match status {
        200 => "OK",
        502 => "Bad Gateway",
        _ => "Internal Server Error",
    };
    let body = answer
        .body(&backend.service, &backend.version, n)
        .to_string();
    format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{VERSION_HEADER}: {}\r\nx-meshctl-service: {}\r\n{CHAIN_HEADER}: {}\r\nconnection: {}\r\n\r\n{body}",
        body.len(),
        backend.version,
        backend.service,
        answer.header(),
        if keep_alive { "keep-alive" } else { "close" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fifth_fails_exactly_every_fifth_request() {
        let s = ErrorSchedule::new(0.2);
        let failed: Vec<u64> = (1..=20).filter(|&n| s.fails(n)).collect();
        assert_eq!(failed, [5, 10, 15, 20]);
    }

    #[test]
    fn shares_hold_over_any_run_of_requests() {
        for share in [0.0, 0.01, 0.1, 0.25, 0.3, 0.5, 0.75, 1.0] {
            let s = ErrorSchedule::new(share);
            let failed = (1..=1000).filter(|&n| s.fails(n)).count();
            assert_eq!(failed, (share * 1000.0).round() as usize, "share {share}");
        }
        assert!(!ErrorSchedule::new(0.0).fails(1));
        assert!(ErrorSchedule::new(1.0).fails(1));
    }

    #[test]
    fn heads_decide_keep_alive_and_bodies() {
        let h = parse_head("GET / HTTP/1.1\r\nHost: x", None, &[]).unwrap();
        assert_eq!((h.keep_alive, h.body_len, h.chunked), (true, 0, false));
        let h = parse_head(
            "POST / HTTP/1.1\r\nContent-Length: 12\r\nConnection: close",
            None,
            &[],
        )
        .unwrap();
        assert_eq!((h.keep_alive, h.body_len), (false, 12));
        let h = parse_head("GET / HTTP/1.0\r\nConnection: keep-alive", None, &[]).unwrap();
        assert!(h.keep_alive);
        assert!(!parse_head("GET / HTTP/1.0", None, &[]).unwrap().keep_alive);
        assert!(parse_head("nonsense", None, &[]).is_none());
        assert!(parse_head("GET / HTTP/1.1\r\nContent-Length: x", None, &[]).is_none());
    }

    #[test]
    fn heads_keep_the_headers_to_pass_on() {
        let head = "GET / HTTP/1.1\r\nX-Lane: dev\r\nCookie: x-lane=dev\r\nHost: a";
        let h = parse_head(head, None, &["x-lane".into()]).unwrap();
        assert_eq!(h.propagated, [("x-lane".to_string(), "dev".to_string())]);
        assert!(parse_head(head, None, &[]).unwrap().propagated.is_empty());
    }

    #[test]
    fn only_the_named_header_spares_a_request() {
        let head = "GET / HTTP/1.1\r\nX-Meshctl-Preview: green";
        assert!(
            parse_head(head, Some("x-meshctl-preview"), &[])
                .unwrap()
                .spared
        );
        assert!(!parse_head(head, Some("x-other"), &[]).unwrap().spared);
        assert!(!parse_head(head, None, &[]).unwrap().spared);
    }

    #[test]
    fn answers_name_the_version() {
        let backend = Backend {
            service: "reviews".into(),
            version: "v2".into(),
            errors: ErrorSchedule::new(0.5),
            spare_header: None,
            latency: std::time::Duration::ZERO,
            served: AtomicU64::new(0),
            judged: AtomicU64::new(0),
            call: None,
            propagate: Vec::new(),
        };
        let ok = respond(&backend, 1, &Answer::own("reviews:v2".into(), 200), true);
        assert!(ok.starts_with("HTTP/1.1 200 OK\r\n"), "{ok}");
        assert!(ok.contains("\r\nx-meshctl-version: v2\r\n"), "{ok}");
        assert!(ok.contains("\r\nx-meshctl-chain: reviews:v2\r\n"), "{ok}");
        assert!(ok.ends_with(
            r#"{"service":"reviews","version":"v2","status":200,"request":1,"chain":["reviews:v2"]}"#
        ), "{ok}");
        let failed = respond(&backend, 2, &Answer::own("reviews:v2".into(), 500), false);
        assert!(failed.starts_with("HTTP/1.1 500 "), "{failed}");
        assert!(failed.contains("connection: close"), "{failed}");
    }
}
