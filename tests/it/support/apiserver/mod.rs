//! A stateful fake Kubernetes API server for tests.
//!
//! No real API server installs on the test machines, yet meshctl is written against real
//! API semantics; so this server speaks real HTTP on 127.0.0.1 with the real behaviour
//! the client code depends on: discovery (including the Istio CRDs), CRUD with
//! resourceVersion preconditions, label/field selectors and paging, merge and JSON patch,
//! server-side apply with field managers and conflicts, dry runs, field validation,
//! watches, and real `Status` bodies. Tests add faults (delays, failures, a concurrent
//! writer) and inspect the store and the requests received.
//!
//! The server runs on its own runtime thread, so it serves both `#[tokio::test]`s and
//! plain `#[test]`s that run the meshctl binary; dropping it stops it.
//!
//! ```text
//! let server = FakeApiServer::start_blocking(Options::default());   // or start(..).await
//! server.seed(json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService", ..}));
//! server.seed_pod("default", "reviews-v1-x", &[("app", "reviews")], "Running", true);
//! let run = cli::run(&["--kubeconfig", server.kubeconfig_path().to_str().unwrap(), ..]);
//! server.get("virtualservices", "default", "reviews");             // straight from the store
//! server.requests();                                               // what the client sent
//! server.inject(Fault::new(503, 2).method("PATCH"));               // the next 2 PATCHes fail
//! server.concurrent_annotation_after_get("virtualservices", "default", "reviews");
//! ```
//!
//! Server-side apply follows the CRD schemas: lists with `x-kubernetes-list-type: map`
//! (ServiceEntry ports, WasmPlugin env) merge item by item, `set` lists by value, every
//! other list is atomic; built-in kinds have no schema here, so all their lists are atomic.
//!
//! Known differences from a real server: strategic merge patch is a JSON merge patch;
//! no status subresource endpoints; a continued list reads the current data, not a
//! snapshot at the first page's version; deletes are immediate
//! (no finalizers, no graceful namespace termination); no admission, defaulting or
//! authentication (403s come only from injected faults).

mod fields;
mod http;
mod patch;
mod resources;
mod select;
mod status;
mod store;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use resources::Registry;
use store::{ConcurrentWrite, State};

/// Which Istio APIs discovery shows and the server serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IstioApis {
    /// Every Istio CRD at every version it serves.
    All,
    /// `networking.istio.io` only at this version (e.g. `v1beta1`, `v1alpha3`); the other
    /// Istio groups as usual. For tests of version discovery.
    NetworkingOnly(String),
    /// No Istio CRDs installed.
    None,
}

impl IstioApis {
    fn serves(&self, group: &str, version: &str) -> bool {
        match self {
            IstioApis::All => true,
            IstioApis::NetworkingOnly(v) => group != "networking.istio.io" || version == v,
            IstioApis::None => false,
        }
    }
}

/// How to start a server.
#[derive(Debug, Clone)]
pub struct Options {
    pub istio: IstioApis,
    /// The namespace of the kubeconfig context (created if missing).
    pub namespace: String,
    /// Further namespaces to create at start (`default` always exists).
    pub namespaces: Vec<String>,
    /// The context (and cluster) name in the kubeconfig.
    pub context: String,
    /// How many changes a watch can resume across before it gets `410 Gone`.
    pub history_limit: usize,
    /// Also serve ASM's `istio.alibabacloud.com/v1beta1` `IstioGateway` (no schema).
    pub asm: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            istio: IstioApis::All,
            namespace: "default".into(),
            namespaces: Vec::new(),
            context: "fake".into(),
            history_limit: 1_000,
            asm: false,
        }
    }
}

/// One request the server received, for tests that assert what the client did.
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
}

impl RecordedRequest {
    /// The decoded value of query parameter `key`.
    pub fn param(&self, key: &str) -> Option<String> {
        http::query_pairs(&self.query)
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
}

/// A failure to inject: the next `times` requests matching `method` and `path_contains`
/// get `status` (with `Retry-After` when set) instead of being served, or are only
/// delayed (`Fault::slow`), or have their connection dropped (`Fault::reset`).
#[derive(Debug, Clone)]
pub struct Fault {
    pub method: Option<String>,
    pub path_contains: Option<String>,
    pub status: u16,
    pub retry_after: Option<u32>,
    pub times: usize,
    /// Who a 403 says was denied.
    pub user: String,
    /// Wait this long before answering (then answer normally when `status` is 0).
    pub delay: Option<Duration>,
    /// Drop the connection mid-response.
    pub reset: bool,
}

impl Fault {
    pub fn new(status: u16, times: usize) -> Self {
        Fault {
            method: None,
            path_contains: None,
            status,
            retry_after: None,
            times,
            user: "system:serviceaccount:default:meshctl".into(),
            delay: None,
            reset: false,
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
    /// sent, body cut off): a transport error, not a `Status`.
    pub fn reset(times: usize) -> Self {
        Fault {
            reset: true,
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

    pub fn user(mut self, user: &str) -> Self {
        self.user = user.into();
        self
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.times > 0
            && self.method.as_deref().is_none_or(|m| m == method)
            && self
                .path_contains
                .as_deref()
                .is_none_or(|p| path.contains(p))
    }
}

pub type Shared = Arc<Mutex<State>>;

/// A running fake API server; dropping it stops it.
pub struct FakeApiServer {
    state: Shared,
    addr: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
    kubeconfig: PathBuf,
    context: String,
    namespace: String,
    _dir: tempfile::TempDir,
}

impl FakeApiServer {
    /// Starts a server (for async tests; the server has its own runtime either way).
    pub async fn start(options: Options) -> Self {
        Self::start_blocking(options)
    }

    /// Starts a server from a plain `#[test]`.
    pub fn start_blocking(options: Options) -> Self {
        // The pod proxy forwards with reqwest, which needs the process crypto provider.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut registry = Registry::new(&options.istio);
        if options.asm {
            registry.add_asm_gateway();
        }
        let mut state = State::new(registry, options.history_limit);
        let mut namespaces = vec!["default".to_string(), options.namespace.clone()];
        namespaces.extend(options.namespaces.iter().cloned());
        for ns in namespaces {
            seed_namespace(&mut state, &ns);
        }
        let state: Shared = Arc::new(Mutex::new(state));

        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("cannot bind 127.0.0.1");
        listener
            .set_nonblocking(true)
            .expect("nonblocking listener");
        let addr = listener.local_addr().expect("local address");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("fake-apiserver")
            .enable_all()
            .build()
            .expect("cannot build the server runtime");
        let app = http::router(state.clone());
        runtime.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            let _ = axum::serve(listener, app).await;
        });

        let dir = tempfile::tempdir().expect("temp dir");
        let kubeconfig = dir.path().join("kubeconfig");
        let server = FakeApiServer {
            state,
            addr,
            runtime: Some(runtime),
            kubeconfig,
            context: options.context.clone(),
            namespace: options.namespace.clone(),
            _dir: dir,
        };
        std::fs::write(
            &server.kubeconfig,
            kubeconfig_yaml(&[&server], &server.context),
        )
        .expect("cannot write kubeconfig");
        server
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A kubeconfig with one cluster, user and context (current) pointing here.
    pub fn kubeconfig_path(&self) -> &Path {
        &self.kubeconfig
    }

    pub fn context(&self) -> &str {
        &self.context
    }

    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// A kube client for this server (for tests driving it with kube directly).
    pub async fn kube_client(&self) -> kube::Client {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let config = kube::Config::from_custom_kubeconfig(
            kube::config::Kubeconfig::read_from(&self.kubeconfig).expect("kubeconfig"),
            &kube::config::KubeConfigOptions::default(),
        )
        .await
        .expect("kube config");
        kube::Client::try_from(config).expect("kube client")
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    // ---- seeding ----

    pub fn create_namespace(&self, name: &str) {
        seed_namespace(&mut self.lock(), name);
    }

    /// Stores `obj` directly (its type from `apiVersion`/`kind`), with the server's
    /// bookkeeping, as if an earlier client (field manager `seed`, operation Update) had
    /// created it; `metadata.managedFields` in `obj` are kept instead when present, and
    /// an empty list leaves the object unowned. Returns the stored object. Panics on an
    /// unknown type, a missing name, or an object that already exists.
    pub fn seed(&self, obj: Value) -> Value {
        self.seed_as(obj, "seed")
    }

    /// `seed` on behalf of field manager `manager` (e.g. `kubectl-create`).
    pub fn seed_as(&self, obj: Value, manager: &str) -> Value {
        let mut state = self.lock();
        seed_object(&mut state, obj, manager)
    }

    /// Seeds a pod with `labels`, `phase` (`Running`, `Pending`, …) and a `Ready`
    /// condition, with an Istio sidecar container, as a workload would have.
    pub fn seed_pod(
        &self,
        namespace: &str,
        name: &str,
        labels: &[(&str, &str)],
        phase: &str,
        ready: bool,
    ) -> Value {
        let labels: serde_json::Map<String, Value> = labels
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        let status = if ready { "True" } else { "False" };
        // A distinct pod IP per pod, as a cluster would assign.
        let n = self.list("pods", None).len();
        let ip = format!("10.0.{}.{}", n / 250, n % 250 + 2);
        self.seed(json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": name, "namespace": namespace, "labels": labels},
            "spec": {"containers": [
                {"name": "app", "image": "app:latest"},
                {"name": "istio-proxy", "image": "proxyv2:1.30.3",
                 "ports": [{"containerPort": 15090, "name": "http-envoy-prom", "protocol": "TCP"}]}
            ]},
            "status": {
                "phase": phase,
                "podIP": ip,
                "conditions": [
                    {"type": "Ready", "status": status},
                    {"type": "ContainersReady", "status": status}
                ]
            }
        }))
    }

    /// Seeds an `apps/v1` Deployment whose pods carry `labels`, with `replicas` wanted
    /// and `ready` of them ready (status and `Available` condition to match).
    pub fn seed_deployment(
        &self,
        namespace: &str,
        name: &str,
        labels: &[(&str, &str)],
        replicas: u32,
        ready: u32,
    ) -> Value {
        let labels: serde_json::Map<String, Value> = labels
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        let available = if ready >= replicas { "True" } else { "False" };
        self.seed(json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": name, "namespace": namespace, "labels": labels},
            "spec": {
                "replicas": replicas,
                "selector": {"matchLabels": labels},
                "template": {
                    "metadata": {"labels": labels},
                    "spec": {"containers": [{"name": "app", "image": "app:latest"}]}
                }
            },
            "status": {
                "observedGeneration": 1,
                "replicas": replicas,
                "updatedReplicas": replicas,
                "readyReplicas": ready,
                "availableReplicas": ready,
                "conditions": [{"type": "Available", "status": available}]
            }
        }))
    }

    /// Makes `GET …/pods/POD[:PORT]/proxy/PATH` forward to `base_url` + `/PATH`
    /// (`port: None` maps every port of the pod).
    pub fn set_pod_proxy(&self, namespace: &str, pod: &str, port: Option<u16>, base_url: &str) {
        self.lock().pod_proxies.insert(
            (namespace.into(), pod.into(), port),
            base_url.trim_end_matches('/').into(),
        );
    }

    // ---- inspection ----

    /// An object straight from the store, by resource (`virtualservices`,
    /// `virtualservices.networking.istio.io` or a kind), namespace (empty for
    /// cluster-scoped) and name. Objects are as stored: `events.k8s.io` events are a
    /// view of core/v1 events, so both names return the core form.
    pub fn get(&self, resource: &str, namespace: &str, name: &str) -> Option<Value> {
        let state = self.lock();
        let ty = state.registry.by_name(resource)?.clone();
        state.get(&ty, namespace, name).cloned()
    }

    /// All stored objects of a resource, optionally in one namespace.
    pub fn list(&self, resource: &str, namespace: Option<&str>) -> Vec<Value> {
        let state = self.lock();
        let Some(ty) = state.registry.by_name(resource) else {
            return Vec::new();
        };
        state
            .objects
            .get(&ty.store_key())
            .map(|m| {
                m.iter()
                    .filter(|((ns, _), _)| namespace.is_none_or(|n| n == ns))
                    .map(|(_, v)| v.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    pub fn clear_requests(&self) {
        self.lock().requests.clear();
    }

    /// The current (last assigned) resourceVersion.
    pub fn resource_version(&self) -> u64 {
        self.lock().rv
    }

    // ---- faults ----

    /// Delays every response by `delay` (`Duration::ZERO` turns it off).
    pub fn set_delay(&self, delay: Duration) {
        self.lock().delay = (!delay.is_zero()).then_some(delay);
    }

    /// Fails the next `n` requests (any method and path) with `status`.
    pub fn fail_next(&self, n: usize, status: u16) {
        self.inject(Fault::new(status, n));
    }

    pub fn inject(&self, fault: Fault) {
        self.lock().faults.push(fault);
    }

    /// Right after the next GET of this object is answered, another writer changes it
    /// with `mutate` (recorded as manager `concurrent-writer`, new resourceVersion), so
    /// the client's following update with the resourceVersion it read gets a 409.
    pub fn concurrent_write_after_get(
        &self,
        resource: &str,
        namespace: &str,
        name: &str,
        mutate: impl FnOnce(&mut Value) + Send + 'static,
    ) {
        let mut state = self.lock();
        let ty = state
            .registry
            .by_name(resource)
            .unwrap_or_else(|| panic!("unknown resource {resource}"))
            .clone();
        state.concurrent.push(ConcurrentWrite {
            key: ty.store_key(),
            ns: namespace.into(),
            name: name.into(),
            mutate: Box::new(mutate),
        });
    }

    /// `concurrent_write_after_get` that adds the annotation
    /// `example.com/concurrent-writer: "true"`.
    pub fn concurrent_annotation_after_get(&self, resource: &str, namespace: &str, name: &str) {
        self.concurrent_write_after_get(resource, namespace, name, |obj| {
            obj["metadata"]["annotations"]["example.com/concurrent-writer"] = json!("true");
        });
    }

    /// Changes a stored object now, as another writer would (`manager`, operation
    /// Update): new resourceVersion, generation bump on spec change, watch event.
    pub fn modify(
        &self,
        resource: &str,
        namespace: &str,
        name: &str,
        manager: &str,
        mutate: impl FnOnce(&mut Value),
    ) -> Value {
        let mut state = self.lock();
        let ty = state
            .registry
            .by_name(resource)
            .unwrap_or_else(|| panic!("unknown resource {resource}"))
            .clone();
        http::modify_stored(&mut state, &ty, namespace, name, manager, mutate)
            .unwrap_or_else(|| panic!("no {resource} {namespace}/{name} to modify"))
    }
}

impl Drop for FakeApiServer {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

/// A kubeconfig naming every server (cluster, user and context named after each
/// server's context), with `current` as the current context. For tests that need one
/// file with two contexts (ASM: mesh and workload clusters).
pub fn kubeconfig_yaml(servers: &[&FakeApiServer], current: &str) -> String {
    let mut clusters = Vec::new();
    let mut contexts = Vec::new();
    let mut users = Vec::new();
    for s in servers {
        clusters.push(json!({"name": s.context, "cluster": {"server": s.url()}}));
        users.push(json!({"name": s.context, "user": {}}));
        contexts.push(json!({"name": s.context, "context": {"cluster": s.context, "user": s.context, "namespace": s.namespace}}));
    }
    let config = json!({
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": clusters,
        "contexts": contexts,
        "users": users,
        "current-context": current,
        "preferences": {},
    });
    meshctl::core::yaml::to_yaml(&config)
}

fn seed_namespace(state: &mut State, name: &str) {
    let ty = state
        .registry
        .by_name("namespaces")
        .expect("namespaces")
        .clone();
    if state.get(&ty, "", name).is_some() {
        return;
    }
    seed_object(
        state,
        json!({
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": {"name": name, "labels": {"kubernetes.io/metadata.name": name}},
            "spec": {"finalizers": ["kubernetes"]},
            "status": {"phase": "Active"}
        }),
        "kube-apiserver",
    );
}

fn seed_object(state: &mut State, obj: Value, manager: &str) -> Value {
    let api_version = obj["apiVersion"].as_str().unwrap_or("").to_string();
    let kind = obj["kind"].as_str().unwrap_or("").to_string();
    let ty = state
        .registry
        .for_object(&api_version, &kind)
        .unwrap_or_else(|| panic!("the fake server does not serve {api_version} {kind}"))
        .clone();
    http::create_stored(state, &ty, obj, manager)
        .unwrap_or_else(|e| panic!("cannot seed: {}", e.body))
}
