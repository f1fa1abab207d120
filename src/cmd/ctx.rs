//! The context every command receives: settings resolved once from flags and the
//! environment, and the printer. Clients to clusters and metric backends are built
//! on first use, so `render`, `validate` and `completion` never need a cluster.

use crate::Result;
use crate::adapters::kube::{Cluster, ConnectOptions, KubeMeshStore};
use crate::adapters::local::LocalMesh;
use crate::cli::{Cli, KubeArgs, Target};
use crate::core::store::MeshStore;
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
    /// The workload cluster (pods, services, proxy stats); built on first use.
    workload: OnceCell<Arc<Cluster>>,
    /// Where Istio resources live (the ASM control plane, or the workload cluster).
    mesh: OnceCell<KubeMeshStore>,
    /// The local mesh (`--target local`, `meshctl local`); opened on first use.
    local: std::sync::OnceLock<LocalMesh>,
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

impl Ctx {
    pub fn from_cli(cli: &Cli) -> Result<Self> {
        let g = &cli.global;
        let verbosity = if g.quiet { -1 } else { g.verbose.min(3) as i8 };
        let settings = Settings {
            namespace: g.namespace.clone(),
            templates_dir: g.templates.clone(),
            kube: g.kube.clone(),
            target: g.target.target,
            local_dir: g.target.local_dir.clone(),
            verbosity,
        };
        let printer = Printer::from_env(g.color).with_verbosity(verbosity);
        Ok(Self::for_tests(settings, printer))
    }

    /// A context for tests: given settings, a capturing printer.
    pub fn for_tests(settings: Settings, printer: Printer) -> Self {
        Ctx {
            settings,
            printer,
            workload: OnceCell::new(),
            mesh: OnceCell::new(),
            local: std::sync::OnceLock::new(),
        }
    }

    /// The workload cluster, connected on first use.
    pub async fn workload(&self) -> Result<&Arc<Cluster>> {
        self.workload
            .get_or_try_init(|| async {
                let options = self.settings.workload_connect();
                let cluster = Cluster::connect(&options).await?;
                self.printer.verbose(&format!(
                    "workload cluster: context `{}` at `{}`",
                    cluster.context(),
                    cluster.server()
                ));
                Ok(Arc::new(cluster))
            })
            .await
    }

    /// The mesh store `--target` chooses: the one place that tells a cluster from the
    /// local mesh. Commands that only read and write mesh objects use this.
    pub async fn mesh_store(&self) -> Result<&dyn MeshStore> {
        match self.settings.target {
            Target::Kubernetes => Ok(self.kube_mesh_store().await?),
            Target::Local => Ok(self.local_mesh()?),
        }
    }

    /// The local mesh in `--local-dir` (else `MESHCTL_LOCAL_DIR`, else
    /// `$XDG_DATA_HOME/meshctl/local`, else `~/.local/share/meshctl/local`).
    pub fn local_mesh(&self) -> Result<&LocalMesh> {
        if let Some(mesh) = self.local.get() {
            return Ok(mesh);
        }
        let dir = match &self.settings.local_dir {
            Some(dir) => dir.clone(),
            None => default_local_dir()?,
        };
        let mesh = LocalMesh::open(&dir)?;
        Ok(self.local.get_or_init(|| mesh))
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
    pub async fn kube_mesh_store(&self) -> Result<&KubeMeshStore> {
        self.mesh
            .get_or_try_init(|| async {
                let options = self.settings.mesh_connect();
                let cluster = if options == self.settings.workload_connect() {
                    self.workload().await?.clone()
                } else {
                    let cluster = Cluster::connect(&options).await?;
                    self.printer.verbose(&format!(
                        "mesh control plane: context `{}` at `{}`",
                        cluster.context(),
                        cluster.server()
                    ));
                    Arc::new(cluster)
                };
                Ok(KubeMeshStore::new(cluster))
            })
            .await
    }

    /// The mesh cluster behind the mesh store.
    pub async fn mesh(&self) -> Result<&Cluster> {
        if self.settings.target == Target::Local {
            return Err(crate::Error::usage(
                "this command needs a Kubernetes cluster, but `--target local` was given",
            )
            .with_hint("leave out `--target local` (and unset `MESHCTL_TARGET`)"));
        }
        Ok(self.kube_mesh_store().await?.cluster())
    }

    /// The workload cluster for an object the mesh store does not hold (a ConfigMap,
    /// Service, Deployment, …; `what` names it): the local mesh holds only Istio kinds,
    /// so there such an object is a usage error.
    pub async fn workload_for(&self, what: &str) -> Result<&Cluster> {
        match self.settings.target {
            Target::Kubernetes => Ok(self.workload().await?.as_ref()),
            Target::Local => Err(crate::Error::usage(format!(
                "the local mesh holds only Istio kinds; {what} needs a Kubernetes cluster"
            ))
            .with_hint(
                "apply it to a cluster (leave out `--target local`), or remove it from the files",
            )),
        }
    }

    /// `-n`, else the mesh context's namespace (`default` for the local mesh).
    pub async fn mesh_namespace(&self) -> Result<String> {
        match (&self.settings.namespace, self.settings.target) {
            (Some(ns), _) => Ok(ns.clone()),
            (None, Target::Local) => Ok("default".to_string()),
            (None, Target::Kubernetes) => Ok(self.mesh().await?.default_namespace().to_string()),
        }
    }

    /// `-n`, else the workload context's namespace, else `default`.
    pub async fn workload_namespace(&self) -> Result<String> {
        match &self.settings.namespace {
            Some(ns) => Ok(ns.clone()),
            None => Ok(self.workload().await?.default_namespace().to_string()),
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
