//! A fault-injecting HTTPS proxy in front of the platform's real kube-apiserver, one per
//! test. It is a stand-in ONLY for what a real server cannot be made to do on demand:
//! answer 429 with Retry-After or 5xx, answer slowly, reset connections, lose the reply
//! to a write it performed, race a client with a foreign write between its read and its
//! update, be unreachable for a while, or lack some APIs (Istio's CRDs, versions of
//! them) that the shared platform has installed. Everything else — every object,
//! validation, conflict, `Status` and watch — is the real server's answer, forwarded.
//!
//! It also keeps a test's view of the shared cluster its own: lists and watches across
//! all namespaces show only the test's namespaces, as if the cluster were the test's.
//!
//! It listens on 127.0.0.1 with the platform's serving certificate (SAN 127.0.0.1), so
//! a kubeconfig trusts it with the platform's CA; the client's `Authorization` header is
//! passed through, so the real server authenticates and authorizes every request.

use super::client::{ApiResource, admin};
use super::status::{Target, injected, path_not_found};
use super::{NamespaceSet, platform, runtime};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, StreamBody, combinators::BoxBody};
use hyper::body::{Frame, Incoming};
use hyper::{Request, Response};
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;

type Body = BoxBody<Bytes, std::io::Error>;

/// One request the proxy received, for tests that assert what the client did.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// The raw query string (without `?`).
    pub query: String,
    pub content_type: Option<String>,
    /// The `fieldManager` query parameter, if any.
    pub field_manager: Option<String>,
    pub user_agent: Option<String>,
    /// The request body as text (empty for GET).
    pub body: String,
    /// Who the bearer token belongs to (`meshctl-admin`, `meshctl-viewer`), or empty.
    pub user: String,
    /// The status the client got; 0 when it got no answer (reset, lost reply).
    pub status: u16,
    seq: u64,
}

impl RecordedRequest {
    /// The body parsed as JSON or YAML (apply bodies may be either).
    pub fn body_value(&self) -> Option<Value> {
        if self.body.trim().is_empty() {
            return None;
        }
        serde_json::from_str(&self.body)
            .ok()
            .or_else(|| serde_saphyr::from_str(&self.body).ok())
    }

    /// The decoded value of query parameter `key`.
    pub fn param(&self, key: &str) -> Option<String> {
        query_pairs(&self.query)
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
}

/// `a=1&b=x%2Fy` as decoded pairs.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' if i + 3 <= bytes.len() => {
                    let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                    match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                        Some(b) => {
                            out.push(b);
                            i += 2;
                        }
                        None => out.push(b'%'),
                    }
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

/// A failure to inject: the next `times` requests matching `method`, `path_contains`
/// and `user` get `status` (with `Retry-After` when set) instead of being forwarded, or
/// are only delayed (`Fault::slow`), or lose their connection (`Fault::reset`), or are
/// forwarded and then lose their connection instead of the answer (`Fault::lost_reply`).
#[derive(Debug, Clone)]
pub struct Fault {
    pub method: Option<String>,
    pub path_contains: Option<String>,
    pub status: u16,
    pub retry_after: Option<u32>,
    pub times: usize,
    /// Only requests of this user (`meshctl-admin`, `meshctl-viewer`); a 403 names
    /// the user who sent the request either way.
    pub user: Option<String>,
    /// Wait this long first (then forward as usual when `status` is 0).
    pub delay: Option<Duration>,
    /// Send the headers of a 200, then cut the connection: a transport error.
    pub reset: bool,
    /// Forward the request (the server performs it), then close the connection
    /// without answering: the client cannot know whether its write happened.
    pub lost_reply: bool,
}

impl Fault {
    pub fn new(status: u16, times: usize) -> Self {
        Fault {
            method: None,
            path_contains: None,
            status,
            retry_after: None,
            times,
            user: None,
            delay: None,
            reset: false,
            lost_reply: false,
        }
    }

    /// The next `times` matching requests are answered normally, after `delay`.
    pub fn slow(times: usize, delay: Duration) -> Self {
        Fault {
            delay: Some(delay),
            ..Fault::new(0, times)
        }
    }

    /// The next `times` matching requests lose their connection mid-response (headers
    /// sent, body cut off), without reaching the server.
    pub fn reset(times: usize) -> Self {
        Fault {
            reset: true,
            ..Fault::new(0, times)
        }
    }

    /// The next `times` matching requests reach the server, but the client's
    /// connection is closed instead of the answer.
    pub fn lost_reply(times: usize) -> Self {
        Fault {
            lost_reply: true,
            ..Fault::new(0, times)
        }
    }

    pub fn method(mut self, method: &str) -> Self {
        self.method = Some(method.to_uppercase());
        self
    }

    pub fn path_contains(mut self, fragment: &str) -> Self {
        self.path_contains = Some(fragment.into());
        self
    }

    pub fn retry_after(mut self, seconds: u32) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// Only requests sent by `user`.
    pub fn user(mut self, user: &str) -> Self {
        self.user = Some(user.into());
        self
    }

    fn matches(&self, method: &str, path: &str, user: &str) -> bool {
        self.times > 0
            && self.method.as_deref().is_none_or(|m| m == method)
            && self
                .path_contains
                .as_deref()
                .is_none_or(|p| path.contains(p))
            && self.user.as_deref().is_none_or(|u| u == user)
    }
}

/// APIs the proxy pretends the server lacks: hidden from discovery, 404 at their paths.
#[derive(Debug, Clone, Default)]
pub struct HiddenApis {
    /// Whole groups, by name or by suffix (`.istio.io`).
    pub groups: Vec<String>,
    /// Groups of which only this version is served.
    pub only_version: Vec<(String, String)>,
}

impl HiddenApis {
    fn group_hidden(&self, group: &str) -> bool {
        self.groups
            .iter()
            .any(|g| g == group || (g.starts_with('.') && group.ends_with(g.as_str())))
    }

    fn version_hidden(&self, group: &str, version: &str) -> bool {
        self.group_hidden(group)
            || self
                .only_version
                .iter()
                .any(|(g, v)| g == group && v != version)
    }

    fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.only_version.is_empty()
    }

    /// Removes hidden groups and versions from `/apis` (legacy or aggregated form).
    fn filter_discovery(&self, doc: &mut Value) {
        let only = |group: &str| {
            self.only_version
                .iter()
                .find(|(g, _)| g == group)
                .map(|(_, v)| v.clone())
        };
        if let Some(groups) = doc.get_mut("groups").and_then(Value::as_array_mut) {
            groups.retain(|g| !self.group_hidden(g["name"].as_str().unwrap_or("")));
            for g in groups.iter_mut() {
                let name = g["name"].as_str().unwrap_or("").to_string();
                if let Some(v) = only(&name) {
                    let gv = format!("{name}/{v}");
                    if let Some(versions) = g["versions"].as_array_mut() {
                        versions.retain(|x| x["version"] == v.as_str());
                    }
                    g["preferredVersion"] = serde_json::json!({"groupVersion": gv, "version": v});
                }
            }
        }
        if let Some(items) = doc.get_mut("items").and_then(Value::as_array_mut) {
            items.retain(|g| !self.group_hidden(g["metadata"]["name"].as_str().unwrap_or("")));
            for g in items.iter_mut() {
                let name = g["metadata"]["name"].as_str().unwrap_or("").to_string();
                if let (Some(v), Some(versions)) = (only(&name), g["versions"].as_array_mut()) {
                    versions.retain(|x| x["version"] == v.as_str());
                }
            }
        }
    }
}

type Mutate = Box<dyn FnOnce(&mut Value) + Send>;

struct ConcurrentWrite {
    ty: ApiResource,
    namespace: String,
    name: String,
    mutate: Mutate,
}

#[derive(Default)]
struct State {
    requests: Vec<RecordedRequest>,
    seq: u64,
    faults: Vec<Fault>,
    delay: Option<Duration>,
    concurrent: Vec<ConcurrentWrite>,
}

struct Shared {
    state: Mutex<State>,
    upstream: reqwest::Client,
    namespaces: NamespaceSet,
    hidden: HiddenApis,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn set_status(&self, seq: u64, status: u16) {
        let mut state = self.lock();
        if let Some(r) = state.requests.iter_mut().rev().find(|r| r.seq == seq) {
            r.status = status;
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Ctl {
    Serve,
    /// Nothing listens (connections are refused), until the instant if given.
    Down(Option<Instant>),
    Stop,
}

/// A running proxy; dropping it stops it and closes its connections.
pub struct Proxy {
    shared: Arc<Shared>,
    addr: SocketAddr,
    ctl: watch::Sender<Ctl>,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    pub(super) fn start(namespaces: NamespaceSet, hidden: HiddenApis) -> Proxy {
        let p = platform();
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            upstream: super::client::https_client(&p.ca_pem()),
            namespaces,
            hidden,
        });
        let tls = tls_acceptor();
        let std_listener =
            std::net::TcpListener::bind("127.0.0.1:0").expect("cannot bind 127.0.0.1");
        std_listener.set_nonblocking(true).expect("nonblocking");
        let addr = std_listener.local_addr().expect("local address");
        let (ctl, rx) = watch::channel(Ctl::Serve);
        let task = {
            let shared = shared.clone();
            let _guard = runtime().enter();
            let listener = tokio::net::TcpListener::from_std(std_listener).expect("listener");
            runtime().spawn(serve(shared, addr, listener, tls, rx))
        };
        Proxy {
            shared,
            addr,
            ctl,
            task,
        }
    }

    /// `https://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    pub fn clear_requests(&self) {
        self.shared.lock().requests.clear();
    }

    pub fn set_delay(&self, delay: Duration) {
        self.shared.lock().delay = (!delay.is_zero()).then_some(delay);
    }

    pub fn inject(&self, fault: Fault) {
        self.shared.lock().faults.push(fault);
    }

    pub(super) fn concurrent_write_after_get(
        &self,
        ty: ApiResource,
        namespace: &str,
        name: &str,
        mutate: Mutate,
    ) {
        self.shared.lock().concurrent.push(ConcurrentWrite {
            ty,
            namespace: namespace.into(),
            name: name.into(),
            mutate,
        });
    }

    /// Refuses connections (and drops open ones) until `set_unreachable(false)`.
    pub fn set_unreachable(&self, down: bool) {
        let _ = self
            .ctl
            .send(if down { Ctl::Down(None) } else { Ctl::Serve });
    }

    /// Refuses connections (and drops open ones) for `how_long`, then serves again.
    pub fn unreachable_for(&self, how_long: Duration) {
        let _ = self.ctl.send(Ctl::Down(Some(Instant::now() + how_long)));
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.ctl.send(Ctl::Stop);
        self.task.abort();
    }
}

fn tls_acceptor() -> tokio_rustls::TlsAcceptor {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let dir = &platform().dir;
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(dir.join("apiserver.crt"))
            .expect("the platform's apiserver.crt")
            .collect::<Result<_, _>>()
            .expect("a PEM certificate");
    let key = PrivateKeyDer::from_pem_file(dir.join("apiserver.key"))
        .expect("the platform's apiserver.key");
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("TLS versions")
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .expect("the platform's serving certificate");
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
}

fn bind(addr: SocketAddr) -> Option<tokio::net::TcpListener> {
    let socket = tokio::net::TcpSocket::new_v4().ok()?;
    socket.set_reuseaddr(true).ok()?;
    socket.bind(addr).ok()?;
    socket.listen(1024).ok()
}

async fn serve(
    shared: Arc<Shared>,
    addr: SocketAddr,
    first: tokio::net::TcpListener,
    tls: tokio_rustls::TlsAcceptor,
    mut ctl: watch::Receiver<Ctl>,
) {
    let mut listener = Some(first);
    let mut conns = tokio::task::JoinSet::new();
    loop {
        let want = ctl.borrow_and_update().clone();
        let up = match &want {
            Ctl::Stop => return,
            Ctl::Serve => true,
            Ctl::Down(None) => false,
            Ctl::Down(Some(until)) => Instant::now() >= *until,
        };
        if !up {
            // Nothing listens: new connections are refused, open ones dropped.
            listener = None;
            conns.abort_all();
            let changed = match want {
                Ctl::Down(Some(until)) => tokio::select! {
                    _ = tokio::time::sleep_until(until.into()) => Ok(()),
                    r = ctl.changed() => r,
                },
                _ => ctl.changed().await,
            };
            if changed.is_err() {
                return;
            }
            continue;
        }
        let l = match listener.take() {
            Some(l) => l,
            None => {
                let mut bound = None;
                for _ in 0..50 {
                    bound = bind(addr);
                    if bound.is_some() {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                bound.unwrap_or_else(|| panic!("the fault proxy cannot listen on {addr} again"))
            }
        };
        loop {
            tokio::select! {
                accepted = l.accept() => {
                    let Ok((tcp, _)) = accepted else { continue };
                    let _ = tcp.set_nodelay(true);
                    let tls = tls.clone();
                    let shared = shared.clone();
                    conns.spawn(async move {
                        let Ok(stream) = tls.accept(tcp).await else { return };
                        let service = hyper::service::service_fn(move |req| {
                            handle(shared.clone(), req)
                        });
                        let _ = hyper::server::conn::http1::Builder::new()
                            .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                            .await;
                    });
                }
                // Reap finished connections so the set does not grow.
                Some(_) = conns.join_next(), if !conns.is_empty() => {}
                changed = ctl.changed() => {
                    if changed.is_err() {
                        return;
                    }
                    break;
                }
            }
        }
        listener = Some(l);
    }
}

fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into())
        .map_err(|never| match never {})
        .boxed()
}

fn json_response(code: u16, body: &Value, headers: &[(&'static str, String)]) -> Response<Body> {
    let mut builder = Response::builder()
        .status(code)
        .header("Content-Type", "application/json");
    for (k, v) in headers {
        builder = builder.header(*k, v);
    }
    builder
        .body(full(serde_json::to_vec(body).expect("JSON")))
        .expect("response")
}

fn user_of(headers: &hyper::HeaderMap) -> String {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    platform().user_of_token(token).unwrap_or_default()
}

const HOP_BY_HOP: &[&str] = &[
    "host",
    "connection",
    "content-length",
    "transfer-encoding",
    "accept-encoding",
    "te",
    "upgrade",
    "keep-alive",
    "proxy-connection",
];

async fn handle(
    shared: Arc<Shared>,
    req: Request<Incoming>,
) -> Result<Response<Body>, std::io::Error> {
    let (parts, body) = req.into_parts();
    let body = body
        .collect()
        .await
        .map_err(std::io::Error::other)?
        .to_bytes();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().unwrap_or("").to_string();
    let method = parts.method.as_str().to_string();
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let user = user_of(&parts.headers);
    let params = query_pairs(&query);
    let param = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    let watch = matches!(param("watch").as_deref(), Some("true" | "1"));

    let (seq, delay, fault) = {
        let mut s = shared.lock();
        s.seq += 1;
        let seq = s.seq;
        s.requests.push(RecordedRequest {
            method: method.clone(),
            path: path.clone(),
            query: query.clone(),
            content_type: header("content-type"),
            field_manager: param("fieldManager"),
            user_agent: header("user-agent"),
            body: String::from_utf8_lossy(&body).into_owned(),
            user: user.clone(),
            status: 0,
            seq,
        });
        let fault = s
            .faults
            .iter_mut()
            .find(|f| f.matches(&method, &path, &user))
            .map(|f| {
                f.times -= 1;
                f.clone()
            });
        s.faults.retain(|f| f.times > 0);
        (seq, s.delay, fault)
    };
    if let Some(d) = delay {
        tokio::time::sleep(d).await;
    }
    let mut lost_reply = false;
    if let Some(f) = &fault {
        if let Some(d) = f.delay {
            tokio::time::sleep(d).await;
        }
        if f.reset {
            let broken = futures::stream::once(async {
                Err::<Frame<Bytes>, std::io::Error>(std::io::Error::other(
                    "injected connection reset",
                ))
            });
            return Ok(Response::builder()
                .status(200)
                .header("Content-Type", "application/json")
                .body(StreamBody::new(broken).boxed())
                .expect("response"));
        }
        if f.status != 0 {
            let target = Target::parse(&method, &path, watch);
            let (body, headers) = injected(f.status, f.retry_after, &target, &user);
            shared.set_status(seq, f.status);
            return Ok(json_response(f.status, &body, &headers));
        }
        lost_reply = f.lost_reply;
    }

    // APIs the test's "cluster" does not have.
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if let ["apis", group, rest @ ..] = segs.as_slice() {
        let hidden = match rest.first() {
            Some(version) => shared.hidden.version_hidden(group, version),
            None => shared.hidden.group_hidden(group),
        };
        if hidden {
            shared.set_status(seq, 404);
            return Ok(json_response(404, &path_not_found(), &[]));
        }
    }

    // Forward.
    let url = if query.is_empty() {
        format!("{}{path}", platform().url)
    } else {
        format!("{}{path}?{query}", platform().url)
    };
    let mut forward = shared.upstream.request(parts.method.clone(), url);
    for (name, value) in &parts.headers {
        if !HOP_BY_HOP.contains(&name.as_str()) {
            forward = forward.header(name, value);
        }
    }
    let upstream = match forward.body(body).send().await {
        Ok(r) => r,
        // The real server is gone: the client loses its connection too.
        Err(e) => return Err(std::io::Error::other(e)),
    };
    if lost_reply {
        return Err(std::io::Error::other("injected lost reply"));
    }
    let code = upstream.status().as_u16();
    shared.set_status(seq, code);
    let mut builder = Response::builder().status(code);
    for (name, value) in upstream.headers() {
        if !HOP_BY_HOP.contains(&name.as_str()) {
            builder = builder.header(name, value);
        }
    }
    let is_json = upstream
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let cross_namespace = method == "GET"
        && (path.starts_with("/api/") || path.starts_with("/apis/"))
        && !segs.contains(&"namespaces")
        && segs.len() >= 3;
    let lists_namespaces = segs.as_slice() == ["api", "v1", "namespaces"];
    let discovery = path == "/apis" && !shared.hidden.is_empty();

    // The object a concurrent writer changes right after this read.
    let concurrent = if method == "GET" && !watch && code == 200 {
        let mut s = shared.lock();
        let at = s
            .concurrent
            .iter()
            .position(|c| path == c.ty.object(&c.namespace, &c.name));
        at.map(|i| s.concurrent.remove(i))
    } else {
        None
    };

    if !watch
        && is_json
        && (concurrent.is_some()
            || discovery
            || (code == 200 && (cross_namespace || lists_namespaces)))
    {
        let bytes = upstream.bytes().await.map_err(std::io::Error::other)?;
        let mut out = bytes.clone();
        if let Some(c) = concurrent {
            concurrent_write(c).await;
        }
        if (discovery || cross_namespace || lists_namespaces)
            && let Ok(mut doc) = serde_json::from_slice::<Value>(&bytes)
        {
            if discovery {
                shared.hidden.filter_discovery(&mut doc);
            } else {
                filter_list(&shared.namespaces, &mut doc);
            }
            out = Bytes::from(serde_json::to_vec(&doc).expect("JSON"));
        }
        return Ok(builder.body(full(out)).expect("response"));
    }

    // Streamed as it comes (watches stay open); cross-namespace watches filtered by line.
    let filter = watch && is_json && (cross_namespace || lists_namespaces);
    let namespaces = shared.namespaces.clone();
    let stream = futures::stream::unfold(
        (upstream, Vec::<u8>::new(), false),
        move |(mut resp, mut pending, done)| {
            let namespaces = namespaces.clone();
            async move {
                if done {
                    return None;
                }
                loop {
                    match resp.chunk().await {
                        Ok(Some(chunk)) if !filter => {
                            return Some((Ok(Frame::data(chunk)), (resp, pending, false)));
                        }
                        Ok(Some(chunk)) => {
                            pending.extend_from_slice(&chunk);
                            let mut out = Vec::new();
                            while let Some(nl) = pending.iter().position(|b| *b == b'\n') {
                                let line: Vec<u8> = pending.drain(..=nl).collect();
                                if keep_event(&namespaces, &line) {
                                    out.extend_from_slice(&line);
                                }
                            }
                            if !out.is_empty() {
                                return Some((
                                    Ok(Frame::data(Bytes::from(out))),
                                    (resp, pending, false),
                                ));
                            }
                        }
                        Ok(None) => {
                            if pending.is_empty() {
                                return None;
                            }
                            let rest = Bytes::from(std::mem::take(&mut pending));
                            return Some((Ok(Frame::data(rest)), (resp, pending, true)));
                        }
                        Err(e) => {
                            return Some((Err(std::io::Error::other(e)), (resp, pending, true)));
                        }
                    }
                }
            }
        },
    );
    Ok(builder
        .body(StreamBody::new(stream).boxed())
        .expect("response"))
}

/// Keeps only the items of the test's namespaces (cluster-scoped items stay, except
/// other tests' namespaces).
fn filter_list(namespaces: &NamespaceSet, doc: &mut Value) {
    let is_namespace_list = doc["kind"] == "NamespaceList";
    if let Some(items) = doc.get_mut("items").and_then(Value::as_array_mut) {
        items.retain(|item| keep_object(namespaces, item, is_namespace_list));
    }
    if let Some(meta) = doc.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("remainingItemCount");
    }
}

fn keep_object(namespaces: &NamespaceSet, obj: &Value, is_namespace: bool) -> bool {
    if is_namespace || obj["kind"] == "Namespace" {
        return namespaces.contains_real(obj["metadata"]["name"].as_str().unwrap_or(""));
    }
    match obj["metadata"]["namespace"].as_str() {
        Some(ns) => namespaces.contains_real(ns),
        None => true,
    }
}

fn keep_event(namespaces: &NamespaceSet, line: &[u8]) -> bool {
    match serde_json::from_slice::<Value>(line) {
        Ok(event) if event["object"]["kind"] != "Status" => {
            keep_object(namespaces, &event["object"], false)
        }
        _ => true,
    }
}

/// Another writer changes the object through the real server (a new resourceVersion),
/// so the client's update based on what it just read meets a real 409.
async fn concurrent_write(c: ConcurrentWrite) {
    let admin = admin();
    let mut obj = admin
        .get(&c.ty, &c.namespace, &c.name)
        .await
        .unwrap_or_else(|e| panic!("the concurrent writer cannot read {}: {e}", c.name));
    (c.mutate)(&mut obj);
    if let Err(e) = admin.put(&c.ty, &obj, "concurrent-writer", None).await {
        panic!("the concurrent writer cannot write {}: {e}", c.name);
    }
}
