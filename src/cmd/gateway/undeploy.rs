//! `meshctl gateway undeploy NAME`: removes the gateway workload `gateway deploy`
//! created — each object only when it carries meshctl's managed-by label and the
//! workload annotation for NAME, so a hand-made Deployment of the same name stays.

use crate::cmd::Ctx;
use crate::core::policy::workload::workload_of;
use crate::core::store::MeshStore;
use crate::{Error, ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Remove the gateway workload `edge`
  meshctl gateway undeploy edge -n istio-ingress

  # Remove the IstioGateway meshctl created on ASM
  meshctl gateway undeploy edge -n istio-system --asm")]
pub struct Args {
    /// Name given to `gateway deploy`
    pub name: String,

    /// Remove ASM's `IstioGateway` from the mesh control plane instead
    #[arg(long)]
    pub asm: bool,

    /// Succeed even if nothing was deployed under that name
    #[arg(long)]
    pub ignore_not_found: bool,
}

/// What `deploy` creates, in the order to remove it (pods first).
const INJECTED: [(&str, &str, &str); 5] = [
    ("Service", "v1", ""),
    ("Deployment", "apps/v1", ""),
    ("RoleBinding", "rbac.authorization.k8s.io/v1", "-sds"),
    ("Role", "rbac.authorization.k8s.io/v1", "-sds"),
    ("ServiceAccount", "v1", ""),
];

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let targets: Vec<(&str, &str, &str)> = if args.asm {
        vec![("IstioGateway", "istio.alibabacloud.com/v1beta1", "")]
    } else {
        INJECTED.to_vec()
    };
    let cluster;
    let (store, namespace): (&dyn MeshStore, String) = if args.asm {
        (ctx.mesh_store().await?, ctx.mesh_namespace().await?)
    } else {
        cluster = ctx.cluster().await?;
        (cluster.as_ref(), ctx.workload_namespace().await?)
    };
    let mut deleted = 0;
    let mut skipped = Vec::new();
    for (kind, api_version, suffix) in targets {
        let ty = store.resolve(api_version, kind).await?;
        let name = format!("{}{suffix}", args.name);
        let object = ty.object_ref(Some(&namespace), &name);
        let Some(live) = store.get(&object).await? else {
            continue;
        };
        if workload_of(&live) != Some(args.name.as_str()) {
            skipped.push(format!("{kind} `{namespace}/{name}`"));
            continue;
        }
        if store.delete(&object).await? {
            deleted += 1;
            ctx.printer
                .data(&format!("{} \"{name}\" deleted\n", ty.qualified_kind()))?;
        }
    }
    for s in &skipped {
        ctx.printer
            .warn(&format!("left {s} in place: meshctl did not deploy it"));
    }
    if deleted == 0 && !args.ignore_not_found {
        return Err(Error::not_found(format!(
            "meshctl deployed no gateway workload `{}` in namespace `{namespace}`",
            args.name
        ))
        .with_hint("`meshctl gateway list` shows the gateway workloads"));
    }
    Ok(ExitStatus::Success)
}
