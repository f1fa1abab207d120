//! `meshctl gateway deploy NAME`: runs a gateway workload — by gateway injection on
//! the workload cluster, or with `--asm` as ASM's `IstioGateway` on the mesh control
//! plane — rendered by `core::policy::workload` and server-side applied.

use crate::cli::flags::{DryRun, DryRunArgs};
use crate::cmd::{Ctx, rendered};
use crate::core::policy::workload::{self, WorkloadRequest};
use crate::core::store::MeshStore;
use crate::{Error, ExitStatus, Result};

/// `--service-type` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "PascalCase")]
pub enum ServiceType {
    LoadBalancer,
    NodePort,
    // Kubernetes spells it `ClusterIP`; PascalCase alone would make it `ClusterIp`.
    #[value(name = "ClusterIP")]
    ClusterIP,
}

impl ServiceType {
    fn as_str(self) -> &'static str {
        match self {
            ServiceType::LoadBalancer => "LoadBalancer",
            ServiceType::NodePort => "NodePort",
            ServiceType::ClusterIP => "ClusterIP",
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # An ingress gateway with a public load balancer on ports 80 and 443
  meshctl gateway deploy edge -n istio-ingress --replicas 2

  # An egress gateway injected from the `1-30` control plane revision
  meshctl gateway deploy egress -n istio-egress --egress --revision 1-30

  # On Alibaba Cloud Service Mesh: let ASM deploy it (IstioGateway)
  meshctl gateway deploy edge -n istio-system --asm --port 80 --port 443

  # See the objects without applying them
  meshctl gateway deploy edge --dry-run")]
pub struct Args {
    /// Name of the workload (Deployment, Service, ServiceAccount)
    pub name: String,

    /// An egress gateway (default labels `istio=egressgateway`, service `ClusterIP`)
    #[arg(long)]
    pub egress: bool,

    /// Number of gateway pods
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub replicas: u32,

    /// Service type (default: LoadBalancer, ClusterIP with `--egress`)
    #[arg(long, value_enum, value_name = "TYPE")]
    pub service_type: Option<ServiceType>,

    /// Port to expose; repeatable (default: 80 and 443)
    #[arg(long = "port", value_name = "PORT")]
    pub ports: Vec<u16>,

    /// Pod labels `Gateway` rules select it by, comma separated
    /// (default: `istio=ingressgateway`, or `istio=egressgateway`)
    #[arg(long, value_name = "KEY=VALUE,…")]
    pub labels: Option<String>,

    /// Inject from this Istio revision (`istio.io/rev`) instead of the default
    #[arg(long, value_name = "REVISION", conflicts_with = "asm")]
    pub revision: Option<String>,

    /// Create ASM's `IstioGateway` on the mesh control plane instead
    #[arg(long)]
    pub asm: bool,

    #[command(flatten)]
    pub dry_run: DryRunArgs,
}

impl Args {
    pub fn request(&self, namespace: &str) -> Result<WorkloadRequest> {
        let labels = match &self.labels {
            None => WorkloadRequest::default_labels(self.egress),
            Some(text) => text
                .split(',')
                .map(|pair| {
                    pair.split_once('=')
                        .filter(|(k, _)| !k.is_empty())
                        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                        .ok_or_else(|| {
                            Error::usage(format!("invalid `--labels {text}`")).with_hint(
                                "use `KEY=VALUE` pairs separated by commas, e.g. `istio=ingressgateway`",
                            )
                        })
                })
                .collect::<Result<_>>()?,
        };
        let service_type = self.service_type.unwrap_or(if self.egress {
            ServiceType::ClusterIP
        } else {
            ServiceType::LoadBalancer
        });
        Ok(WorkloadRequest {
            name: self.name.clone(),
            namespace: namespace.to_string(),
            egress: self.egress,
            replicas: self.replicas,
            service_type: service_type.as_str().to_string(),
            ports: if self.ports.is_empty() {
                vec![80, 443]
            } else {
                self.ports.clone()
            },
            labels,
            revision: self.revision.clone(),
        })
    }
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let namespace = if args.dry_run.dry_run == DryRun::Client {
        ctx.namespace_or_default().to_string()
    } else if args.asm {
        ctx.mesh_namespace().await?
    } else {
        ctx.workload_namespace().await?
    };
    let req = args.request(&namespace)?;
    let objects = if args.asm {
        vec![workload::render_asm(&req)]
    } else {
        workload::render_injected(&req)
    };
    if args.dry_run.dry_run == DryRun::Client {
        return rendered::print(ctx, &objects);
    }
    // The workload runs in the workload cluster; ASM's IstioGateway lives on the mesh
    // control plane, which deploys it.
    let cluster;
    let target: &dyn MeshStore = if args.asm {
        ctx.mesh_store().await?
    } else {
        cluster = ctx.cluster().await?;
        cluster.as_ref()
    };
    if args.asm {
        let object = &objects[0];
        let api_version = object["apiVersion"].as_str().unwrap_or_default();
        let kind = object["kind"].as_str().unwrap_or_default();
        target.resolve(api_version, kind).await.map_err(|e| {
            e.with_hint("`--asm` needs an ASM control plane (`--mesh-kubeconfig`/`--mesh-context`); without ASM, leave `--asm` out")
        })?;
    }
    rendered::write_to(ctx, target, &objects, &namespace, args.dry_run).await
}
