//! The real Kubernetes platform under the tests: the kube-apiserver, etcd and
//! kube-controller-manager `scripts/platform.sh` starts (with Istio's and the Gateway
//! API's CRDs), shared by every test of a run, and a handle per test (`KubeTest`) that
//! gives the test a cluster of its own:
//!
//! - its own fresh namespaces (the names a test uses — `shop`, `default` — are mapped to
//!   unique real names, `shop-x7k2q`; `filter` maps them back in output), deleted when
//!   the handle drops (without waiting for them to go);
//! - a kubeconfig whose context namespace is the test's, pointing at a fault proxy of
//!   its own (`proxy.rs`) in front of the real server, or straight at it (`direct`);
//! - seeding, reading and changing objects through the real server as the platform's
//!   admin, behind meshctl's back (`seed`, `get`, `list`, `modify`, …);
//! - faults a real server does not produce on demand, from the proxy (`inject`,
//!   `concurrent_write_after_get`, `unreachable_for`, …);
//! - test hosts in network namespaces for the API server's pod proxy (`netns.rs`).
//!
//! ```text
//! let s = KubeTest::start(Options { namespaces: vec!["shop".into()], ..Default::default() });
//! s.seed(json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
//!               "metadata": {"name": "reviews", "namespace": "shop"}, ..}));
//! let run = cli::run(&["--kubeconfig", s.kubeconfig_str(), "-n", &s.ns("shop"), ..]);
//! s.get("virtualservices", "shop", "reviews");                     // from the real server
//! s.requests();                                                    // what meshctl sent
//! s.inject(Fault::new(503, 2).method("PATCH"));                    // the next 2 PATCHes fail
//! ```
//!
//! The platform comes from the environment `scripts/platform.sh env` prints; without it
//! the tests panic with a hint, never skip.

pub mod client;
pub mod netns;
pub mod proxy;
mod status;
mod table;

pub use netns::TestHost;
pub use proxy::{Fault, HiddenApis, RecordedRequest};

use client::{ApiResource, admin};
use serde_json::{Value, json};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

/// The platform a run of the tests uses, from `scripts/platform.sh env`.
#[derive(Debug)]
pub struct Platform {
    pub dir: PathBuf,
    pub kubeconfig: PathBuf,
    pub url: String,
    pub ca: PathBuf,
    pub token: String,
    pub viewer_kubeconfig: PathBuf,
    pub viewer_token: String,
    pub kubectl: PathBuf,
    pub istioctl: PathBuf,
}

fn env(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| {
        panic!(
            "{var} is not set: this test needs the real Kubernetes platform\n\
             hint: run the tests with ./scripts/test.sh, or: scripts/platform.sh start DIR && eval \"$(scripts/platform.sh env DIR)\""
        )
    })
}

static PLATFORM: LazyLock<Platform> = LazyLock::new(|| {
    let viewer_kubeconfig = PathBuf::from(env("MESHCTL_TEST_VIEWER_KUBECONFIG"));
    let text = std::fs::read_to_string(&viewer_kubeconfig)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", viewer_kubeconfig.display()));
    let viewer_token = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("token: "))
        .expect("a token in the viewer kubeconfig")
        .trim()
        .to_string();
    let platform = Platform {
        dir: PathBuf::from(env("MESHCTL_TEST_PLATFORM_DIR")),
        kubeconfig: PathBuf::from(env("MESHCTL_TEST_KUBECONFIG")),
        url: env("MESHCTL_TEST_KUBE_URL"),
        ca: PathBuf::from(env("MESHCTL_TEST_KUBE_CA")),
        token: env("MESHCTL_TEST_KUBE_TOKEN"),
        viewer_kubeconfig,
        viewer_token,
        kubectl: PathBuf::from(env("MESHCTL_TEST_KUBECTL")),
        istioctl: PathBuf::from(env("MESHCTL_TEST_ISTIOCTL")),
    };
    // meshctl's kube client needs the process crypto provider when used in-process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    platform
});

/// The platform, read once; panics with a hint when the tests run without one.
pub fn platform() -> &'static Platform {
    &PLATFORM
}

impl Platform {
    pub fn ca_pem(&self) -> Vec<u8> {
        std::fs::read(&self.ca)
            .unwrap_or_else(|e| panic!("cannot read the platform's CA {}: {e}", self.ca.display()))
    }

    /// The user a bearer token authenticates as.
    pub fn user_of_token(&self, token: &str) -> Option<String> {
        if token == self.token {
            Some(ADMIN_USER.into())
        } else if token == self.viewer_token {
            Some(VIEWER_USER.into())
        } else {
            TOKENS.lock().unwrap().get(token).cloned()
        }
    }
}

/// The platform's users (scripts/platform.sh's tokens.csv): the admin is in
/// `system:masters`; the viewer has no rights but those a test grants it.
pub const ADMIN_USER: &str = "meshctl-admin";
pub const VIEWER_USER: &str = "meshctl-viewer";

/// Tokens of the tests' service accounts, by token: their user names.
static TOKENS: LazyLock<Mutex<std::collections::HashMap<String, String>>> =
    LazyLock::new(Default::default);

static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("kube-support")
        .enable_all()
        .build()
        .expect("the support's runtime")
});

/// The support's own runtime (proxies, forwarders, admin requests), shared by all tests.
pub fn runtime() -> &'static tokio::runtime::Runtime {
    &RUNTIME
}

/// Runs `fut` on the support's runtime and waits for it, from a plain `#[test]` or from
/// inside a `#[tokio::test]` alike.
pub fn block<F>(fut: F) -> F::Output
where
    F: std::future::Future + Send,
    F::Output: Send,
{
    if tokio::runtime::Handle::try_current().is_ok() {
        std::thread::scope(|s| {
            s.spawn(|| runtime().block_on(fut))
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p))
        })
    } else {
        runtime().block_on(fut)
    }
}

// ---- namespaces ----

/// The names of a test's namespaces (the test's, the real), as the proxy sees them.
#[derive(Clone, Default)]
pub struct NamespaceSet(Arc<Mutex<Vec<(String, String)>>>);

impl NamespaceSet {
    fn pairs(&self) -> Vec<(String, String)> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn contains_real(&self, real: &str) -> bool {
        self.pairs().iter().any(|(_, r)| r == real)
    }
}

/// A test's namespaces: the names it uses and the real ones. Deleted when the last
/// handle sharing them drops.
pub struct Namespaces {
    suffix: String,
    set: NamespaceSet,
}

impl Namespaces {
    fn new() -> Self {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        let suffix: String = (0..5)
            .map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char)
            .collect();
        Namespaces {
            suffix,
            set: NamespaceSet::default(),
        }
    }

    fn pairs(&self) -> Vec<(String, String)> {
        self.set.pairs()
    }

    fn real(&self, name: &str) -> Option<String> {
        self.pairs()
            .into_iter()
            .find(|(l, r)| l == name || r == name)
            .map(|(_, r)| r)
    }

    /// Creates the real namespace for `logical` (once).
    fn create(&self, logical: &str) -> String {
        if let Some(real) = self.real(logical) {
            return real;
        }
        let real = format!("{logical}-{}", self.suffix);
        assert!(real.len() <= 63, "namespace name `{logical}` is too long");
        block(async {
            let ns = json!({"apiVersion": "v1", "kind": "Namespace",
                "metadata": {"name": real, "labels": {"meshctl.test/name": logical}}});
            admin()
                .send("POST", "/api/v1/namespaces", None, Some(&ns))
                .await
                .unwrap_or_else(|e| panic!("cannot create namespace {real}: {e}"));
            // The controller-manager makes `default` soon; pods admitted before that
            // would be refused, so the support makes it at once.
            let sa = json!({"apiVersion": "v1", "kind": "ServiceAccount",
                "metadata": {"name": "default", "namespace": real}});
            let path = format!("/api/v1/namespaces/{real}/serviceaccounts");
            match admin().send("POST", &path, None, Some(&sa)).await {
                Ok(_) => {}
                Err(e) if e.code == 409 => {}
                Err(e) => panic!("cannot create the default ServiceAccount in {real}: {e}"),
            }
        });
        self.set
            .0
            .lock()
            .unwrap()
            .push((logical.to_string(), real.clone()));
        real
    }
}

impl Drop for Namespaces {
    fn drop(&mut self) {
        let pairs = self.pairs();
        // Asks for the deletion only; the controller-manager finishes it later.
        block(async move {
            for (_, real) in pairs {
                let _ = admin()
                    .delete_path(&format!("/api/v1/namespaces/{real}"), None)
                    .await;
            }
        });
    }
}

// ---- a test's cluster ----

/// Which Istio APIs the test's cluster appears to serve (the platform serves them all;
/// the proxy hides the rest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IstioApis {
    /// Every Istio CRD at every version it serves.
    All,
    /// `networking.istio.io` only at this version (e.g. `v1beta1`, `v1alpha3`).
    NetworkingOnly(String),
    /// No Istio CRDs installed.
    None,
}

/// How to start a test's cluster.
#[derive(Debug, Clone)]
pub struct Options {
    pub istio: IstioApis,
    /// The namespace of the kubeconfig context (as the test names it).
    pub namespace: String,
    /// Further namespaces to create.
    pub namespaces: Vec<String>,
    /// The context (and cluster and user) name in the kubeconfig.
    pub context: String,
    /// Also serve ASM's `istio.alibabacloud.com/v1beta1` `IstioGateway` (no schema).
    pub asm: bool,
    /// A kubeconfig straight to the real server: no proxy, so no faults, no recorded
    /// requests and no hidden APIs; lists across namespaces show other tests' objects.
    pub direct: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            istio: IstioApis::All,
            namespace: "default".into(),
            namespaces: Vec::new(),
            context: "platform".into(),
            asm: false,
            direct: false,
        }
    }
}

/// A test's view of the platform; dropping it stops its proxy and test hosts and
/// deletes its namespaces (unless another handle shares them).
pub struct KubeTest {
    names: Arc<Namespaces>,
    proxy: Option<proxy::Proxy>,
    url: String,
    context: String,
    namespace: String,
    kubeconfig: PathBuf,
    viewer_kubeconfig: PathBuf,
    hosts: Mutex<Vec<TestHost>>,
    grants: AtomicU32,
    cluster_grants: Mutex<Vec<String>>,
    _dir: tempfile::TempDir,
}

static POD_IPS: AtomicU32 = AtomicU32::new(0);

impl KubeTest {
    /// A cluster with the default options: context namespace `default`.
    pub fn new() -> Self {
        Self::start(Options::default())
    }

    pub fn start(options: Options) -> Self {
        Self::attach(Arc::new(Namespaces::new()), options)
    }

    /// A second cluster over the same namespaces (its own proxy, context and hidden
    /// APIs), for tests of a split control plane: both see the same objects, so what
    /// went where is told by each proxy's `requests()`.
    pub fn another_cluster(&self, options: Options) -> Self {
        Self::attach(self.names.clone(), options)
    }

    fn attach(names: Arc<Namespaces>, options: Options) -> Self {
        names.create(&options.namespace);
        for ns in &options.namespaces {
            names.create(ns);
        }
        let mut hidden = HiddenApis::default();
        match &options.istio {
            IstioApis::All => {}
            IstioApis::NetworkingOnly(v) => hidden
                .only_version
                .push(("networking.istio.io".into(), v.clone())),
            IstioApis::None => hidden.groups.push(".istio.io".into()),
        }
        if options.asm {
            install_asm_crd();
        } else {
            hidden.groups.push("istio.alibabacloud.com".into());
        }
        let proxy = (!options.direct).then(|| proxy::Proxy::start(names.set.clone(), hidden));
        let url = match &proxy {
            Some(p) => p.url(),
            None => platform().url.clone(),
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let test = KubeTest {
            namespace: names.real(&options.namespace).expect("created above"),
            names,
            proxy,
            url,
            context: options.context.clone(),
            kubeconfig: dir.path().join("kubeconfig"),
            viewer_kubeconfig: dir.path().join("viewer.kubeconfig"),
            hosts: Mutex::new(Vec::new()),
            grants: AtomicU32::new(0),
            cluster_grants: Mutex::new(Vec::new()),
            _dir: dir,
        };
        std::fs::write(&test.kubeconfig, kubeconfig_yaml(&[&test], &test.context))
            .expect("cannot write the kubeconfig");
        std::fs::write(
            &test.viewer_kubeconfig,
            test.kubeconfig_yaml_as(VIEWER_USER, &platform().viewer_token),
        )
        .expect("cannot write the viewer kubeconfig");
        test
    }

    /// The URL the kubeconfig points at: the proxy's `https://127.0.0.1:PORT`, or the
    /// platform's server when `direct`.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// A kubeconfig with one cluster, user (the platform's admin) and context.
    pub fn kubeconfig_path(&self) -> &Path {
        &self.kubeconfig
    }

    pub fn kubeconfig_str(&self) -> &str {
        self.kubeconfig.to_str().expect("a UTF-8 path")
    }

    /// The same, as the platform's viewer (rights only as granted with `grant`).
    pub fn viewer_kubeconfig_path(&self) -> &Path {
        &self.viewer_kubeconfig
    }

    pub fn context(&self) -> &str {
        &self.context
    }

    /// The real name of the context namespace.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The real name of a namespace the test calls `name` (a real name is returned as
    /// is). Panics for namespaces the test did not ask for.
    pub fn ns(&self, name: &str) -> String {
        self.names.real(name).unwrap_or_else(|| {
            panic!("namespace `{name}` is not one of this test's (add it to Options::namespaces or call create_namespace)")
        })
    }

    /// Creates another namespace for the test; returns its real name.
    pub fn create_namespace(&self, name: &str) -> String {
        self.names.create(name)
    }

    /// A kube client for this test's kubeconfig.
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

    fn kubeconfig_yaml_as(&self, user: &str, token: &str) -> String {
        let config = json!({
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": self.context, "cluster": {
                "server": self.url, "certificate-authority": platform().ca}}],
            "users": [{"name": user, "user": {"token": token}}],
            "contexts": [{"name": self.context, "context": {
                "cluster": self.context, "user": user, "namespace": self.namespace}}],
            "current-context": self.context,
        });
        meshctl::core::yaml::to_yaml(&config)
    }

    // ---- names in output ----

    /// Maps real namespace names back to the test's names (re-aligning tables), and
    /// the server's URL to `[SERVER]`.
    pub fn filter(&self, text: &str) -> String {
        let mut pairs = self.names.pairs();
        pairs.sort_by_key(|(_, real)| std::cmp::Reverse(real.len()));
        let map = |s: &str| {
            let mut out = s
                .replace(&self.url, "[SERVER]")
                .replace(&platform().url, "[SERVER]");
            for (logical, real) in &pairs {
                out = out.replace(real.as_str(), logical);
            }
            out
        };
        map(&table::realign(text, &map))
    }

    /// `filter` on a run's stdout and stderr.
    pub fn filter_run(&self, mut run: crate::support::cli::Run) -> crate::support::cli::Run {
        run.stdout = self.filter(&run.stdout);
        run.stderr = self.filter(&run.stderr);
        run
    }

    /// Puts the test's real namespace names into an object written with its names:
    /// `metadata.namespace`, `NS/name` references and `.NS.svc.cluster.local` hosts.
    pub fn localize(&self, mut obj: Value) -> Value {
        let pairs = self.names.pairs();
        fn walk(v: &mut Value, pairs: &[(String, String)]) {
            match v {
                Value::String(s) => {
                    for (logical, real) in pairs {
                        if let Some(rest) = s.strip_prefix(&format!("{logical}/")) {
                            *s = format!("{real}/{rest}");
                        }
                        let fqdn = format!(".{logical}.svc");
                        if s.contains(&fqdn) {
                            *s = s.replace(&fqdn, &format!(".{real}.svc"));
                        } else if let Some(host) = s.strip_suffix(&format!(".{logical}"))
                            && !host.contains('.')
                        {
                            *s = format!("{host}.{real}");
                        }
                    }
                }
                Value::Array(items) => items.iter_mut().for_each(|i| walk(i, pairs)),
                Value::Object(map) => map.values_mut().for_each(|i| walk(i, pairs)),
                _ => {}
            }
        }
        if let Some(spec) = obj.get_mut("spec") {
            walk(spec, &pairs);
        }
        if let Some(ns) = obj["metadata"]["namespace"].as_str() {
            let real = self.ns(ns);
            obj["metadata"]["namespace"] = json!(real);
        }
        obj
    }

    // ---- seeding ----

    /// Server-side applies `obj` (its type from `apiVersion`/`kind`; namespaces as the
    /// test names them, see `localize`) as field manager `seed`, then its `status`, if
    /// any, through the status subresource. Returns the stored object.
    pub fn seed(&self, obj: Value) -> Value {
        self.seed_as(obj, "seed")
    }

    /// `seed` on behalf of field manager `manager` (e.g. `kubectl-create`).
    pub fn seed_as(&self, obj: Value, manager: &str) -> Value {
        let obj = self.prepare(obj);
        block(async {
            let stored = admin()
                .apply(&obj, manager)
                .await
                .unwrap_or_else(|e| panic!("cannot seed {}: {e}", describe(&obj)));
            if obj.get("status").is_some_and(|s| !s.is_null()) {
                return admin()
                    .apply_status(&obj, manager)
                    .await
                    .unwrap_or_else(|e| {
                        panic!("cannot seed the status of {}: {e}", describe(&obj))
                    });
            }
            stored
        })
    }

    /// `seed` of many objects at once (in parallel; for big collections).
    pub fn seed_all(&self, objs: Vec<Value>) {
        let objs: Vec<Value> = objs.into_iter().map(|o| self.prepare(o)).collect();
        block(async {
            let mut set = tokio::task::JoinSet::new();
            for chunk in objs.chunks(objs.len().div_ceil(16).max(1)) {
                let chunk = chunk.to_vec();
                set.spawn(async move {
                    for obj in chunk {
                        admin()
                            .apply(&obj, "seed")
                            .await
                            .unwrap_or_else(|e| panic!("cannot seed {}: {e}", describe(&obj)));
                    }
                });
            }
            while let Some(r) = set.join_next().await {
                r.unwrap_or_else(|p| std::panic::resume_unwind(p.into_panic()));
            }
        });
    }

    fn prepare(&self, obj: Value) -> Value {
        let mut obj = self.localize(obj);
        let namespaced = block(admin().resource_of(
            obj["apiVersion"].as_str().expect("apiVersion"),
            obj["kind"].as_str().expect("kind"),
        ))
        .namespaced;
        if namespaced && obj["metadata"]["namespace"].is_null() {
            obj["metadata"]["namespace"] = json!(self.namespace);
        }
        if let Some(meta) = obj["metadata"].as_object_mut() {
            for k in [
                "managedFields",
                "resourceVersion",
                "uid",
                "creationTimestamp",
                "generation",
            ] {
                meta.remove(k);
            }
        }
        obj
    }

    /// A pod with `labels`, an app container and an Istio sidecar (port 15090), in
    /// `phase` with a `Ready` condition. No kubelet runs on the platform, so the support
    /// stands in for it: it creates the pod, then writes its status (phase, conditions,
    /// a pod IP) through the `pods/status` subresource, as a kubelet would.
    pub fn seed_pod(
        &self,
        namespace: &str,
        name: &str,
        labels: &[(&str, &str)],
        phase: &str,
        ready: bool,
    ) -> Value {
        let n = POD_IPS.fetch_add(1, Ordering::Relaxed);
        // Addresses no test host uses (those are in 10.213.0.0/16); nothing answers there.
        let ip = Ipv4Addr::new(10, 214, (n / 250) as u8, (n % 250 + 2) as u8);
        self.seed_pod_at(namespace, name, labels, phase, ready, ip)
    }

    /// `seed_pod` with the pod IP given (a test host's address, for the pod proxy).
    pub fn seed_pod_at(
        &self,
        namespace: &str,
        name: &str,
        labels: &[(&str, &str)],
        phase: &str,
        ready: bool,
        ip: Ipv4Addr,
    ) -> Value {
        let labels: serde_json::Map<String, Value> = labels
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        self.seed(json!({
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": {"name": name, "namespace": namespace, "labels": labels},
            "spec": {"containers": [
                {"name": "app", "image": "app:latest"},
                {"name": "istio-proxy", "image": "proxyv2:1.30.3",
                 "ports": [{"containerPort": 15090, "name": "http-envoy-prom", "protocol": "TCP"}]}
            ]}
        }));
        self.set_pod_status(namespace, name, phase, ready, Some(ip))
    }

    /// Writes a pod's status as a kubelet would: `phase`, `Ready` and `ContainersReady`
    /// conditions, and the pod IP when given.
    pub fn set_pod_status(
        &self,
        namespace: &str,
        name: &str,
        phase: &str,
        ready: bool,
        ip: Option<Ipv4Addr>,
    ) -> Value {
        let namespace = self.ns(namespace);
        let flag = if ready { "True" } else { "False" };
        let mut status = json!({
            "phase": phase,
            "conditions": [
                {"type": "Ready", "status": flag},
                {"type": "ContainersReady", "status": flag}
            ]
        });
        if let Some(ip) = ip {
            status["podIP"] = json!(ip.to_string());
            status["podIPs"] = json!([{"ip": ip.to_string()}]);
        }
        let obj = json!({"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": namespace}, "status": status});
        block(admin().apply_status(&obj, "kubelet-stand-in"))
            .unwrap_or_else(|e| panic!("cannot write the status of pod {namespace}/{name}: {e}"))
    }

    /// An `apps/v1` Deployment whose pods carry `labels`, with `replicas` wanted and
    /// `ready` of them ready. The controller-manager makes the ReplicaSet and pods; the
    /// support marks `ready` pods Running and Ready (no kubelet runs) and waits until
    /// the Deployment's status says so. Returns the Deployment.
    pub fn seed_deployment(
        &self,
        namespace: &str,
        name: &str,
        labels: &[(&str, &str)],
        replicas: u32,
        ready: u32,
    ) -> Value {
        let labels_map: serde_json::Map<String, Value> = labels
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        self.seed(json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": name, "namespace": namespace, "labels": labels_map},
            "spec": {
                "replicas": replicas,
                "selector": {"matchLabels": labels_map},
                "template": {
                    "metadata": {"labels": labels_map},
                    "spec": {"containers": [{"name": "app", "image": "app:latest"}]}
                }
            }
        }));
        self.make_deployment_ready(namespace, name, ready)
    }

    /// Marks `ready` pods of a Deployment Running and Ready (as kubelets would) and
    /// waits until its status counts them. Returns the Deployment.
    pub fn make_deployment_ready(&self, namespace: &str, name: &str, ready: u32) -> Value {
        let deploy = self
            .get("deployments", namespace, name)
            .expect("the Deployment");
        let replicas = deploy["spec"]["replicas"].as_u64().unwrap_or(1) as usize;
        let selector = deploy["spec"]["selector"]["matchLabels"].clone();
        let selected = |pod: &Value| {
            selector
                .as_object()
                .into_iter()
                .flatten()
                .all(|(k, v)| pod["metadata"]["labels"][k] == *v)
        };
        let pods = wait_until(&format!("pods of Deployment {name}"), || {
            let pods: Vec<Value> = self
                .list("pods", Some(namespace))
                .into_iter()
                .filter(|p| selected(p) && p["metadata"]["deletionTimestamp"].is_null())
                .collect();
            (pods.len() >= replicas).then_some(pods)
        });
        for pod in pods.iter().take(ready as usize) {
            let n = POD_IPS.fetch_add(1, Ordering::Relaxed);
            let ip = Ipv4Addr::new(10, 214, (n / 250) as u8, (n % 250 + 2) as u8);
            let pod_name = pod["metadata"]["name"].as_str().expect("a pod name");
            self.set_pod_status(namespace, pod_name, "Running", true, Some(ip));
        }
        wait_until(&format!("Deployment {name} to count {ready} ready"), || {
            let d = self.get("deployments", namespace, name)?;
            let s = &d["status"];
            (s["readyReplicas"].as_u64().unwrap_or(0) == ready as u64
                && s["replicas"].as_u64().unwrap_or(0) == replicas as u64
                && s["observedGeneration"] == d["metadata"]["generation"])
                .then_some(d)
        })
    }

    /// Makes `GET …/pods/POD:PORT/proxy/PATH` through the API server reach `base_url`
    /// (a server on 127.0.0.1): a test host of the pod's own forwards `PORT` there, and
    /// the pod's IP becomes the test host's.
    pub fn set_pod_proxy(&self, namespace: &str, pod: &str, port: Option<u16>, base_url: &str) {
        let port = port.expect("the real API server proxies to one port: name it");
        let target: SocketAddr = base_url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .unwrap_or_else(|_| panic!("`{base_url}` is not http://IP:PORT"));
        let mut host = TestHost::new();
        host.forward(port, target);
        let live = self.get("pods", namespace, pod).expect("the pod");
        let phase = live["status"]["phase"]
            .as_str()
            .unwrap_or("Running")
            .to_string();
        let ready = live["status"]["conditions"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|c| c["type"] == "Ready" && c["status"] == "True");
        self.set_pod_status(namespace, pod, &phase, ready, Some(host.ip()));
        self.hosts.lock().unwrap().push(host);
    }

    /// Keeps a test host until the test ends.
    pub fn keep_host(&self, host: TestHost) {
        self.hosts.lock().unwrap().push(host);
    }

    /// Lets `user` do what `rules` (RBAC `PolicyRule`s) allow in `namespace`.
    pub fn grant(&self, user: &str, namespace: &str, rules: Value) {
        let n = self.grants.fetch_add(1, Ordering::Relaxed);
        let name = format!("grant-{n}");
        self.seed(
            json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
            "metadata": {"name": name, "namespace": namespace}, "rules": rules}),
        );
        self.seed(
            json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
            "metadata": {"name": name, "namespace": namespace},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": name},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": user}]}),
        );
        self.wait_for_grant(user, Some(&self.ns(namespace)), &rules);
    }

    /// A user of the test's own: a ServiceAccount `name` in the context namespace, with
    /// a token. Returns its user name (`system:serviceaccount:NS:NAME`, for `grant` and
    /// `grant_cluster`) and a kubeconfig for it through the test's proxy.
    pub fn service_account(&self, name: &str) -> (String, PathBuf) {
        let ns = self.namespace.clone();
        let token = block(async {
            let sa = json!({"apiVersion": "v1", "kind": "ServiceAccount",
                "metadata": {"name": name, "namespace": ns}});
            admin()
                .apply(&sa, "seed")
                .await
                .unwrap_or_else(|e| panic!("cannot create ServiceAccount {name}: {e}"));
            let request = json!({"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest",
                "spec": {"expirationSeconds": 3600}});
            let path = format!("/api/v1/namespaces/{ns}/serviceaccounts/{name}/token");
            admin()
                .send("POST", &path, None, Some(&request))
                .await
                .unwrap_or_else(|e| panic!("cannot get a token for {name}: {e}"))["status"]["token"]
                .as_str()
                .expect("a token")
                .to_string()
        });
        let user = format!("system:serviceaccount:{ns}:{name}");
        TOKENS.lock().unwrap().insert(token.clone(), user.clone());
        let path = self._dir.path().join(format!("{name}.kubeconfig"));
        std::fs::write(&path, self.kubeconfig_yaml_as(name, &token))
            .expect("cannot write the kubeconfig");
        (user, path)
    }

    /// Lets `user` do what `rules` allow in every namespace (a ClusterRole and binding of
    /// the test's own, removed when the test ends). Use it for the test's own users
    /// (`service_account`): the platform's users are shared by all tests.
    pub fn grant_cluster(&self, user: &str, rules: Value) {
        let n = self.grants.fetch_add(1, Ordering::Relaxed);
        let name = format!("{}-grant-{n}", self.namespace);
        self.cluster_grants.lock().unwrap().push(name.clone());
        self.seed(
            json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
            "metadata": {"name": name}, "rules": rules}),
        );
        self.seed(json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
            "metadata": {"name": name},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": name},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": user}]}));
        self.wait_for_grant(user, None, &rules);
    }

    fn wait_for_grant(&self, user: &str, namespace: Option<&str>, rules: &Value) {
        // RBAC answers from an informer cache: wait until the grant is in force.
        let first = &rules[0];
        let mut attributes = json!({
            "verb": first["verbs"][0],
            "group": first["apiGroups"][0],
            "resource": first["resources"][0]});
        if let Some(ns) = namespace {
            attributes["namespace"] = json!(ns);
        }
        if let Some(name) = first["resourceNames"][0].as_str() {
            attributes["name"] = json!(name);
        }
        let review = json!({"apiVersion": "authorization.k8s.io/v1", "kind": "SubjectAccessReview",
            "spec": {"user": user, "resourceAttributes": attributes}});
        wait_until("the grant to be in force", || {
            let answer = block(admin().send(
                "POST",
                "/apis/authorization.k8s.io/v1/subjectaccessreviews",
                None,
                Some(&review),
            ))
            .ok()?;
            (answer["status"]["allowed"] == true).then_some(())
        });
    }

    // ---- inspection ----

    fn resource(&self, name: &str) -> ApiResource {
        block(admin().resource(name))
    }

    /// An object from the real server, by resource (`virtualservices`,
    /// `virtualservices.networking.istio.io` or a kind), namespace (as the test names
    /// it; empty for cluster-scoped) and name.
    pub fn get(&self, resource: &str, namespace: &str, name: &str) -> Option<Value> {
        let ty = self.resource(resource);
        let ns = if ty.namespaced {
            self.ns(namespace)
        } else {
            String::new()
        };
        match block(admin().get(&ty, &ns, name)) {
            Ok(mut obj) => {
                obj["apiVersion"] = json!(ty.api_version());
                obj["kind"] = json!(ty.kind);
                Some(obj)
            }
            Err(e) if e.code == 404 => None,
            Err(e) => panic!("cannot read {resource} {ns}/{name}: {e}"),
        }
    }

    /// All objects of a resource in one of the test's namespaces, or in all of them.
    pub fn list(&self, resource: &str, namespace: Option<&str>) -> Vec<Value> {
        let ty = self.resource(resource);
        if !ty.namespaced {
            return block(admin().list(&ty, None));
        }
        let namespaces = match namespace {
            Some(ns) => vec![self.ns(ns)],
            None => self.names.pairs().into_iter().map(|(_, r)| r).collect(),
        };
        let mut out = Vec::new();
        for ns in namespaces {
            out.extend(block(admin().list(&ty, Some(&ns))));
        }
        out
    }

    /// The resourceVersion of an object now.
    pub fn resource_version(&self, resource: &str, namespace: &str, name: &str) -> String {
        self.get(resource, namespace, name)
            .unwrap_or_else(|| panic!("no {resource} {namespace}/{name}"))["metadata"]
            ["resourceVersion"]
            .as_str()
            .expect("a resourceVersion")
            .to_string()
    }

    /// Changes an object now, as another writer would (`manager`, an update with the
    /// resourceVersion read; again on a conflict). A changed `status` is written
    /// through the status subresource.
    pub fn modify(
        &self,
        resource: &str,
        namespace: &str,
        name: &str,
        manager: &str,
        mut mutate: impl FnMut(&mut Value),
    ) -> Value {
        let ty = self.resource(resource);
        let ns = if ty.namespaced {
            self.ns(namespace)
        } else {
            String::new()
        };
        for _ in 0..10 {
            let before = block(admin().get(&ty, &ns, name))
                .unwrap_or_else(|e| panic!("no {resource} {ns}/{name} to modify: {e}"));
            let mut after = before.clone();
            mutate(&mut after);
            let written = match block(admin().put(&ty, &after, manager, None)) {
                Ok(v) => v,
                Err(e) if e.code == 409 => continue,
                Err(e) => panic!("cannot modify {resource} {ns}/{name}: {e}"),
            };
            if after
                .get("status")
                .is_none_or(|s| Some(s) == before.get("status"))
            {
                return written;
            }
            let mut with_status = written;
            with_status["status"] = after["status"].clone();
            match block(admin().put(&ty, &with_status, manager, Some("status"))) {
                Ok(v) => return v,
                Err(e) if e.code == 409 => continue,
                Err(e) => panic!("cannot modify the status of {resource} {ns}/{name}: {e}"),
            }
        }
        panic!("{resource} {ns}/{name} kept changing under the support's update")
    }

    /// Deletes an object now (as another client would).
    pub fn delete(&self, resource: &str, namespace: &str, name: &str) {
        let ty = self.resource(resource);
        let ns = if ty.namespaced {
            self.ns(namespace)
        } else {
            String::new()
        };
        match block(admin().delete_path(&ty.object(&ns, name), None)) {
            Ok(_) => {}
            Err(e) if e.code == 404 => {}
            Err(e) => panic!("cannot delete {resource} {ns}/{name}: {e}"),
        }
    }

    // ---- the proxy ----

    fn proxy(&self) -> &proxy::Proxy {
        self.proxy
            .as_ref()
            .expect("this test's cluster has no proxy (Options::direct)")
    }

    /// The requests meshctl sent through this test's proxy, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.proxy().requests()
    }

    pub fn clear_requests(&self) {
        self.proxy().clear_requests();
    }

    /// Delays every answer by `delay` (`Duration::ZERO` turns it off).
    pub fn set_delay(&self, delay: Duration) {
        self.proxy().set_delay(delay);
    }

    /// Fails the next `n` requests (any method and path) with `status`.
    pub fn fail_next(&self, n: usize, status: u16) {
        self.inject(Fault::new(status, n));
    }

    pub fn inject(&self, fault: Fault) {
        self.proxy().inject(fault);
    }

    /// Right after the next GET of this object is answered by the real server, another
    /// writer changes it there with `mutate` (field manager `concurrent-writer`), and
    /// only then does the client get its (now stale) answer: its update with the
    /// resourceVersion it read meets the real server's 409.
    pub fn concurrent_write_after_get(
        &self,
        resource: &str,
        namespace: &str,
        name: &str,
        mutate: impl FnOnce(&mut Value) + Send + 'static,
    ) {
        let ty = self.resource(resource);
        let ns = if ty.namespaced {
            self.ns(namespace)
        } else {
            String::new()
        };
        self.proxy()
            .concurrent_write_after_get(ty, &ns, name, Box::new(mutate));
    }

    /// `concurrent_write_after_get` that adds the annotation
    /// `example.com/concurrent-writer: "true"`.
    pub fn concurrent_annotation_after_get(&self, resource: &str, namespace: &str, name: &str) {
        self.concurrent_write_after_get(resource, namespace, name, |obj| {
            obj["metadata"]["annotations"]["example.com/concurrent-writer"] = json!("true");
        });
    }

    /// The server is unreachable (connections refused, open ones dropped) for
    /// `how_long`, starting now.
    pub fn unreachable_for(&self, how_long: Duration) {
        self.proxy().unreachable_for(how_long);
    }

    /// The server is unreachable until called again with `false`.
    pub fn set_unreachable(&self, down: bool) {
        self.proxy().set_unreachable(down);
    }
}

impl Default for KubeTest {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for KubeTest {
    fn drop(&mut self) {
        // Test hosts first: their forwarders run on the support's runtime.
        self.hosts.lock().unwrap_or_else(|e| e.into_inner()).clear();
        self.proxy.take();
        let grants = std::mem::take(
            &mut *self
                .cluster_grants
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        );
        block(async move {
            for name in grants {
                for kind in ["clusterrolebindings", "clusterroles"] {
                    let path = format!("/apis/rbac.authorization.k8s.io/v1/{kind}/{name}");
                    let _ = admin().delete_path(&path, None).await;
                }
            }
        });
    }
}

/// A kubeconfig naming every test cluster (cluster, user and context named after each
/// one's context), with `current` as the current context. For tests that need one file
/// with two contexts (ASM: mesh and workload clusters).
pub fn kubeconfig_yaml(tests: &[&KubeTest], current: &str) -> String {
    let mut clusters = Vec::new();
    let mut contexts = Vec::new();
    let mut users = Vec::new();
    for t in tests {
        clusters.push(json!({"name": t.context, "cluster": {
            "server": t.url, "certificate-authority": platform().ca}}));
        users.push(json!({"name": t.context, "user": {"token": platform().token}}));
        contexts.push(json!({"name": t.context, "context": {
            "cluster": t.context, "user": t.context, "namespace": t.namespace}}));
    }
    let config = json!({
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": clusters,
        "contexts": contexts,
        "users": users,
        "current-context": current,
    });
    meshctl::core::yaml::to_yaml(&config)
}

fn describe(obj: &Value) -> String {
    format!(
        "{} {}/{}",
        obj["kind"].as_str().unwrap_or("?"),
        obj["metadata"]["namespace"].as_str().unwrap_or(""),
        obj["metadata"]["name"].as_str().unwrap_or("?")
    )
}

/// Polls `check` every 50 ms for up to 30 s; panics naming `what` when it never holds.
pub fn wait_until<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// ASM's `IstioGateway` (`istio.alibabacloud.com/v1beta1`): not part of Istio, so the
/// platform does not install it; the support does for tests that ask (`asm: true`),
/// with no schema, as a stand-in for an ASM control plane. Other tests' proxies hide it.
fn install_asm_crd() {
    static DONE: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    DONE.get_or_init(|| {
        let crd = json!({
            "apiVersion": "apiextensions.k8s.io/v1",
            "kind": "CustomResourceDefinition",
            "metadata": {"name": "istiogateways.istio.alibabacloud.com"},
            "spec": {
                "group": "istio.alibabacloud.com",
                "names": {"kind": "IstioGateway", "listKind": "IstioGatewayList",
                          "plural": "istiogateways", "singular": "istiogateway"},
                "scope": "Namespaced",
                "versions": [{"name": "v1beta1", "served": true, "storage": true,
                    "schema": {"openAPIV3Schema": {"type": "object",
                        "x-kubernetes-preserve-unknown-fields": true}}}]
            }
        });
        block(admin().apply(&crd, "meshctl-tests")).expect("the IstioGateway CRD");
        wait_until("the IstioGateway CRD to be served", || {
            block(admin().get_path("/apis/istio.alibabacloud.com/v1beta1"))
                .ok()
                .filter(|doc| doc["resources"].as_array().is_some_and(|r| !r.is_empty()))
        });
    });
}
