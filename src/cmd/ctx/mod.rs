//! The context every command receives: settings resolved once from flags and the
//! environment, the printer, and the ports — the mesh store, the workload cluster and
//! the metric sources. They are built on first use, so `render`, `validate` and
//! `completion` never need a cluster; this module is the one place that picks an
//! implementation (Kubernetes, the local mesh, or a test's doubles), so commands see
//! only the ports.

mod metrics;

pub use metrics::{
    ENVOY_ADMIN_ENV, Log, Metrics, SourceArgs, SourceChoice, TOKEN_ENV, prometheus_token,
};

use crate::Result;
use crate::adapters::clock::SystemClock;
use crate::adapters::http::HttpPoster;
use crate::adapters::kube::{Cluster as KubeConnection, ConnectOptions, KubeMeshStore};
use crate::adapters::local::{LocalCluster, LocalMesh, NoWorkloads, workloads::LocalWorkloads};
use crate::cli::{Cli, KubeArgs, Target};
use crate::core::clock::Clock;
use crate::core::cluster::Cluster;
use crate::core::http::Poster;
use crate::core::metrics::MetricSource;
use crate::core::store::MeshStore;
use crate::core::workload::Workloads;
use crate::core::workload::kube::KubeWorkloads;
use crate::output::Printer;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::OnceCell;

/// Everything a command needs to know from flags and environment, resolved once.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// `-n`; `None` means "the context's namespace, then `default`".
    pub namespace: Option<String>,
    /// `--templates` / `MESHCTL_TEMPLATES`.
    pub templates_dir: Option<PathBuf>,
    pub kube: KubeArgs,
    /// `--target` / `MESHCTL_TARGET`: which mesh store commands use.
    pub target: Target,
    /// `--local-dir` / `MESHCTL_LOCAL_DIR`; `None` means the default under the user's
    /// data directory.
    pub local_dir: Option<PathBuf>,
    /// -1 quiet, 0 normal, 1+ verbose.
    pub verbosity: i8,
}

pub struct Ctx {
    pub settings: Settings,
    pub printer: Printer,
    /// The connection to the workload cluster's API server; built on first use.
    connection: OnceCell<Arc<KubeConnection>>,
    /// Where Istio resources live (the ASM control plane, the workload cluster, or the
    /// local mesh).
    mesh: OnceCell<Arc<dyn MeshStore>>,
    /// The workload cluster (pods, Services, proxy stats).
    cluster: OnceCell<Arc<dyn Cluster>>,
    /// The workload cluster as a store of routes (Gateway API HTTPRoutes), when the
    /// mesh store is elsewhere.
    routes: OnceCell<Arc<dyn MeshStore>>,
    /// The local mesh (`--target local`, `meshctl local`); opened on first use.
    local: std::sync::OnceLock<Arc<LocalMesh>>,
    /// A metric source every [`Ctx::metrics`] answers with (tests).
    metric_source: Option<Arc<dyn MetricSource>>,
    /// What time it is and how to wait: the wall clock, or a test's virtual time.
    clock: Arc<dyn Clock>,
    /// Outgoing HTTP (webhooks, gates, notifications); built on first use.
    poster: std::sync::OnceLock<Arc<dyn Poster>>,
}

impl Settings {
    /// The workload cluster: `--kubeconfig` (else `KUBECONFIG`, else ~/.kube/config)
    /// and `--context` (else the current context).
    pub fn workload_connect(&self) -> ConnectOptions {
        ConnectOptions {
            kubeconfig: self.kube.kubeconfig.clone(),
            context: self.kube.context.clone(),
            timeout: self.kube.request_timeout.map(|d| d.as_std()),
        }
    }

    /// The mesh control plane: `--mesh-kubeconfig`/`--mesh-context`, each defaulting to
    /// the workload's. A separate mesh kubeconfig without `--mesh-context` uses that
    /// file's current context, not the workload context's name.
    pub fn mesh_connect(&self) -> ConnectOptions {
        let k = &self.kube;
        let context = match (&k.mesh_context, &k.mesh_kubeconfig) {
            (Some(c), _) => Some(c.clone()),
            (None, Some(_)) => None,
            (None, None) => k.context.clone(),
        };
        ConnectOptions {
            kubeconfig: k.mesh_kubeconfig.clone().or_else(|| k.kubeconfig.clone()),
            context,
            timeout: k.request_timeout.map(|d| d.as_std()),
        }
    }
}

impl Settings {
    /// The settings the global flags (and their environment variables) resolve to.
    pub fn from_cli(cli: &Cli) -> Settings {
        let g = &cli.global;
        Settings {
            namespace: g.namespace.clone(),
            templates_dir: g.templates.clone(),
            kube: g.kube.clone(),
            target: g.target.target,
            local_dir: g.target.local_dir.clone(),
            verbosity: if g.quiet { -1 } else { g.verbose.min(3) as i8 },
        }
    }
}

impl Ctx {
    pub fn from_cli(cli: &Cli) -> Result<Self> {
        let settings = Settings::from_cli(cli);
        let printer = Printer::from_env(cli.global.color).with_verbosity(settings.verbosity);
        Ok(Self::new(settings, printer))
    }

    /// A context for tests: given settings, a capturing printer; inject doubles with
    /// [`Ctx::with_mesh_store`], [`Ctx::with_cluster`], [`Ctx::with_metric_source`].
    pub fn for_tests(settings: Settings, printer: Printer) -> Self {
        Self::new(settings, printer)
    }

    /// A context with the given settings and printer; ports are built on first use.
    pub fn new(settings: Settings, printer: Printer) -> Self {
        Ctx {
            settings,
            printer,
            connection: OnceCell::new(),
            mesh: OnceCell::new(),
            cluster: OnceCell::new(),
            routes: OnceCell::new(),
            local: std::sync::OnceLock::new(),
            metric_source: None,
            clock: Arc::new(SystemClock),
            poster: std::sync::OnceLock::new(),
        }
    }

    /// Sends webhooks and notifications through `poster` (a test double).
    pub fn with_poster(self, poster: Arc<dyn Poster>) -> Self {
        let _ = self.poster.set(poster);
        self
    }

    /// Where webhooks, gates and notifications are sent: the real HTTP client unless a
    /// test injected another.
    pub fn poster(&self) -> Result<Arc<dyn Poster>> {
        if let Some(p) = self.poster.get() {
            return Ok(p.clone());
        }
        let built: Arc<dyn Poster> = Arc::new(HttpPoster::new()?);
        Ok(self.poster.get_or_init(|| built).clone())
    }

    /// Uses `clock` for the time and for waiting (a test's virtual time).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The clock: the one source of "now" and of waits for rollouts and analysis.
    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// Uses `store` as the mesh store (a test double).
    pub fn with_mesh_store(self, store: Arc<dyn MeshStore>) -> Self {
        let _ = self.mesh.set(store);
        self
    }

    /// Uses `cluster` as the workload cluster (a test double).
    pub fn with_cluster(self, cluster: Arc<dyn Cluster>) -> Self {
        let _ = self.cluster.set(cluster);
        self
    }

    /// Answers every metric question with `source` (a test double).
    pub fn with_metric_source(mut self, source: Arc<dyn MetricSource>) -> Self {
        self.metric_source = Some(source);
        self
    }

    /// The connection to the workload cluster's API server.
    async fn connection(&self) -> Result<&Arc<KubeConnection>> {
        self.connection
            .get_or_try_init(|| async {
                let options = self.settings.workload_connect();
                let cluster = KubeConnection::connect(&options).await?;
                self.printer.verbose(&format!(
                    "workload cluster: context `{}` at `{}`",
                    cluster.context(),
                    cluster.server()
                ));
                Ok(Arc::new(cluster))
            })
            .await
    }

    /// The workload cluster `--target` chooses: Kubernetes (`--kubeconfig`,
    /// `--context`), or on the local mesh its Gateway API kinds and nothing else
    /// (every other use is refused with a usage error that says what needs Kubernetes).
    pub async fn cluster(&self) -> Result<Arc<dyn Cluster>> {
        let cluster = self
            .cluster
            .get_or_try_init(|| async {
                Ok::<Arc<dyn Cluster>, crate::Error>(match self.settings.target {
                    Target::Kubernetes => {
                        Arc::new(KubeMeshStore::new(self.connection().await?.clone()))
                    }
                    Target::Local => Arc::new(LocalCluster::new(self.local_mesh_arc()?)),
                })
            })
            .await?;
        Ok(cluster.clone())
    }

    /// Where the versions of a service run (`canary start --image`, `bluegreen
    /// deploy`): Deployments of the workload cluster. On the local mesh not yet: the
    /// demo backends' implementation is wired in separately.
    pub async fn workloads(&self) -> Result<Arc<dyn Workloads>> {
        match self.settings.target {
            Target::Kubernetes => Ok(Arc::new(KubeWorkloads::new(self.cluster().await?))),
            // Demo backend processes played by this meshctl binary.
            Target::Local => Ok(Arc::new(LocalWorkloads::for_meshctl(self.local_mesh()?)?)),
        }
    }

    /// The selector of Service `namespace/name`, which narrows a subset's labels to that
    /// service's workloads; empty on the local mesh, which has no Services (its
    /// workloads are told apart by their subset labels alone).
    pub async fn service_selector(
        &self,
        namespace: &str,
        name: &str,
    ) -> Result<std::collections::BTreeMap<String, String>> {
        match self.settings.target {
            Target::Kubernetes => {
                self.cluster()
                    .await?
                    .service_selector(namespace, name)
                    .await
            }
            Target::Local => Ok(Default::default()),
        }
    }

    /// The workload cluster for an object of `kind` in `group` the mesh store does not
    /// hold (a ConfigMap, Service, HTTPRoute, …; `what` names it): on the local mesh,
    /// which holds only Istio's and the Gateway API's routing kinds, a usage error
    /// naming anything else.
    pub async fn cluster_for(
        &self,
        group: &str,
        kind: &str,
        what: &str,
    ) -> Result<Arc<dyn Cluster>> {
        match self.settings.target {
            Target::Local if !LocalCluster::holds(group, kind) => Err(NoWorkloads::refuse(what)),
            _ => self.cluster().await,
        }
    }

    /// The mesh store `--target` chooses: the one place that tells a cluster from the
    /// local mesh. Commands that only read and write mesh objects use this.
    pub async fn mesh_store(&self) -> Result<&dyn MeshStore> {
        let store = self
            .mesh
            .get_or_try_init(|| async {
                Ok::<Arc<dyn MeshStore>, crate::Error>(match self.settings.target {
                    Target::Kubernetes => Arc::new(self.kube_mesh_store().await?),
                    Target::Local => self.local_mesh_arc()?,
                })
            })
            .await?;
        Ok(store.as_ref())
    }

    /// Where Gateway API routes (HTTPRoutes) live, as a store a rollout can drive: the
    /// workload cluster on Kubernetes (the mesh store itself when both are one
    /// connection), the local mesh with `--target local`.
    pub async fn route_store(&self) -> Result<&dyn MeshStore> {
        if self.settings.target == Target::Local
            || self.settings.mesh_connect() == self.settings.workload_connect()
        {
            return self.mesh_store().await;
        }
        let store = self
            .routes
            .get_or_try_init(|| async {
                Ok::<Arc<dyn MeshStore>, crate::Error>(Arc::new(KubeMeshStore::new(
                    self.connection().await?.clone(),
                )))
            })
            .await?;
        Ok(store.as_ref())
    }

    /// The local mesh in `--local-dir` (else `MESHCTL_LOCAL_DIR`, else
    /// `$XDG_DATA_HOME/meshctl/local`, else `~/.local/share/meshctl/local`).
    pub fn local_mesh(&self) -> Result<&LocalMesh> {
        Ok(self.local_mesh_arc_ref()?.as_ref())
    }

    fn local_mesh_arc(&self) -> Result<Arc<LocalMesh>> {
        Ok(self.local_mesh_arc_ref()?.clone())
    }

    fn local_mesh_arc_ref(&self) -> Result<&Arc<LocalMesh>> {
        if let Some(mesh) = self.local.get() {
            return Ok(mesh);
        }
        let dir = match &self.settings.local_dir {
            Some(dir) => dir.clone(),
            None => default_local_dir()?,
        };
        let mesh = LocalMesh::open(&dir)?;
        Ok(self.local.get_or_init(|| Arc::new(mesh)))
    }

    /// With `--target local`, the admin URL of the local mesh's running Envoy: the
    /// default proxy-stats source for `metrics`, `canary` and `bluegreen` there (what
    /// `--envoy-admin` / `MESHCTL_ENVOY_ADMIN` name otherwise). `None` on Kubernetes or
    /// when the local Envoy is not running.
    pub fn local_envoy_admin(&self) -> Result<Option<String>> {
        match self.settings.target {
            Target::Kubernetes => Ok(None),
            Target::Local => self.local_mesh()?.admin_url(),
        }
    }

    /// The Kubernetes mesh store, connected on first use; the same connection as the
    /// workload cluster unless `--mesh-kubeconfig`/`--mesh-context` point elsewhere.
    async fn kube_mesh_store(&self) -> Result<KubeMeshStore> {
        let options = self.settings.mesh_connect();
        let connection = if options == self.settings.workload_connect() {
            self.connection().await?.clone()
        } else {
            let cluster = KubeConnection::connect(&options).await?;
            self.printer.verbose(&format!(
                "mesh control plane: context `{}` at `{}`",
                cluster.context(),
                cluster.server()
            ));
            Arc::new(cluster)
        };
        Ok(KubeMeshStore::new(connection))
    }

    /// The query of a list of meshctl's own objects: the mesh namespace, or every one
    /// with `-A`; labelled as meshctl's, narrowed further by `-l`.
    pub async fn owned_query(
        &self,
        all_namespaces: bool,
        selector: &crate::cli::flags::SelectorArgs,
    ) -> Result<crate::core::store::ListQuery> {
        use crate::core::store::{MANAGED_BY_LABEL, MANAGED_BY_VALUE};
        let namespace = match all_namespaces {
            true => None,
            false => Some(self.mesh_namespace().await?),
        };
        let owned = format!("{MANAGED_BY_LABEL}={MANAGED_BY_VALUE}");
        let label_selector = match &selector.selector {
            Some(more) => format!("{owned},{more}"),
            None => owned,
        };
        Ok(crate::core::store::ListQuery {
            namespace,
            label_selector: Some(label_selector),
        })
    }

    /// `-n`, else the mesh store's namespace (the mesh context's; `default` for the
    /// local mesh).
    pub async fn mesh_namespace(&self) -> Result<String> {
        match &self.settings.namespace {
            Some(ns) => Ok(ns.clone()),
            None => Ok(self.mesh_store().await?.default_namespace().to_string()),
        }
    }

    /// `-n`, else the workload cluster's namespace (the context's, else `default`).
    pub async fn workload_namespace(&self) -> Result<String> {
        match &self.settings.namespace {
            Some(ns) => Ok(ns.clone()),
            None => Ok(self.cluster().await?.default_namespace().to_string()),
        }
    }

    /// How long one write to the mesh store may take: `--request-timeout` (else the
    /// Kubernetes client's default) on a cluster, a second on the local mesh, whose
    /// writes take milliseconds.
    pub fn write_timeout(&self) -> crate::core::duration::Duration {
        use crate::core::duration::Duration;
        match self.settings.target {
            Target::Kubernetes => self.settings.kube.request_timeout.unwrap_or_else(|| {
                Duration::from_millis(crate::adapters::kube::DEFAULT_TIMEOUT.as_millis() as u64)
            }),
            Target::Local => Duration::from_secs(1),
        }
    }

    /// The namespace for namespaced objects when no cluster is consulted.
    pub fn namespace_or_default(&self) -> &str {
        self.settings.namespace.as_deref().unwrap_or("default")
    }
}

/// `$XDG_DATA_HOME/meshctl/local`, else `$HOME/.local/share/meshctl/local`.
fn default_local_dir() -> Result<PathBuf> {
    if let Some(data) = std::env::var_os("XDG_DATA_HOME").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(data).join("meshctl/local"));
    }
    match std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        Some(home) => Ok(PathBuf::from(home).join(".local/share/meshctl/local")),
        None => Err(crate::Error::config(
            "no directory for the local mesh: neither `XDG_DATA_HOME` nor `HOME` is set",
        )
        .with_hint("pass `--local-dir DIR` or set `MESHCTL_LOCAL_DIR`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(kube: KubeArgs) -> Settings {
        Settings {
            kube,
            ..Default::default()
        }
    }

    #[test]
    fn the_mesh_defaults_to_the_workload_connection() {
        let s = settings(KubeArgs {
            kubeconfig: Some("wl.yaml".into()),
            context: Some("wl".into()),
            ..Default::default()
        });
        assert_eq!(s.mesh_connect(), s.workload_connect());
        assert_eq!(s.mesh_connect().context.as_deref(), Some("wl"));
    }

    #[test]
    fn a_mesh_kubeconfig_uses_its_own_current_context() {
        let s = settings(KubeArgs {
            kubeconfig: Some("wl.yaml".into()),
            context: Some("wl".into()),
            mesh_kubeconfig: Some("mesh.yaml".into()),
            ..Default::default()
        });
        let mesh = s.mesh_connect();
        assert_eq!(mesh.kubeconfig, Some("mesh.yaml".into()));
        assert_eq!(mesh.context, None);
        assert_eq!(s.workload_connect().context.as_deref(), Some("wl"));
    }

    #[test]
    fn a_mesh_context_picks_a_context_in_the_same_kubeconfig() {
        let s = settings(KubeArgs {
            kubeconfig: Some("all.yaml".into()),
            context: Some("ack".into()),
            mesh_context: Some("asm".into()),
            ..Default::default()
        });
        let mesh = s.mesh_connect();
        assert_eq!(mesh.kubeconfig, Some("all.yaml".into()));
        assert_eq!(mesh.context.as_deref(), Some("asm"));
    }
}
