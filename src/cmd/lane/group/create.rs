//! `meshctl lane group create NAME --service a --service b …`: the group as data,
//! rendered (`core::lane::render`), checked against Istio's schemas and against
//! VirtualServices someone else owns for the same services, then written.

use crate::cli::flags::{DryRun, DryRunArgs};
use crate::cmd::lane::objects;
use crate::cmd::{Ctx, rendered};
use crate::core::lane::edit::foreign_routes;
use crate::core::lane::model::{DEFAULT_HEADER, DEFAULT_VERSION_LABEL, Ingress, LaneGroup};
use crate::core::lane::{render, render_asm};
use crate::core::store::{ISTIO_NETWORKING, ListQuery};
use crate::{Error, ErrorKind, ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # A chain a → b → c; requests enter at a
  meshctl lane group create shop --service a --service b --service c

  # Requests enter through a Gateway, for one host
  meshctl lane group create shop --service a --service b --ingress-gateway istio-system/public --host shop.example.com

  # Show the objects, write nothing
  meshctl lane group create shop --service a --service b --dry-run=client

  # ASM's own lane kinds instead of plain Istio objects
  meshctl lane group create shop --service a --service b --ingress-gateway istio-system/ingressgateway --asm")]
pub struct Args {
    /// The group's name (a DNS-1123 label; it prefixes the objects' names)
    pub name: String,

    /// A service of the chain, in call order; the first is where requests enter
    #[arg(long = "service", value_name = "SERVICE", required = true)]
    pub services: Vec<String>,

    /// The Istio Gateway requests enter through, as NAMESPACE/NAME (default: the entry service's own routes, for the mesh)
    #[arg(long, value_name = "NS/NAME")]
    pub ingress_gateway: Option<String>,

    /// A host the ingress answers at the Gateway (default `*`)
    #[arg(long = "host", value_name = "HOST", requires = "ingress_gateway")]
    pub hosts: Vec<String>,

    /// The request header naming a lane; applications must pass it along
    #[arg(long, value_name = "NAME", default_value = DEFAULT_HEADER)]
    pub header: String,

    /// The version every service's baseline runs (its pods' version label value)
    #[arg(long, value_name = "VERSION", default_value = "v1")]
    pub baseline: String,

    /// The pod label whose value is a version
    #[arg(long, value_name = "KEY", default_value = DEFAULT_VERSION_LABEL)]
    pub version_label: String,

    /// Write ASM's ASMSwimLaneGroup instead of Istio objects
    #[arg(long)]
    pub asm: bool,

    #[command(flatten)]
    pub dry_run: DryRunArgs,
}

impl Args {
    /// The group these flags describe, in `namespace`, without lanes.
    pub fn group(&self, namespace: &str) -> Result<LaneGroup> {
        let mut group = LaneGroup::new(&self.name, namespace, &self.services);
        for s in &mut group.services {
            s.baseline = self.baseline.clone();
        }
        group.header = self.header.clone();
        group.version_label = self.version_label.clone();
        group.ingress = self.ingress_gateway.as_ref().map(|gw| Ingress {
            gateway: gw.clone(),
            hosts: self.hosts.clone(),
        });
        group.validate()?;
        Ok(group)
    }
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let namespace = rendered::namespace(ctx, args.dry_run).await?;
    let group = args.group(&namespace)?;
    let objects = if args.asm {
        render_asm(&group)
    } else {
        let objects = render(&group);
        objects::check(&group, &objects)?;
        objects
    };
    if args.dry_run.dry_run != DryRun::Client {
        let store = ctx.mesh_store().await?;
        if !args.asm {
            if let Ok((existing, _)) = objects::load(store, &namespace, &group.name).await
                && !existing.lanes.is_empty()
            {
                return Err(Error::new(
                    ErrorKind::Conflict,
                    format!(
                        "lane group `{}` already exists in `{namespace}` with {} lane(s); creating it again would drop them",
                        group.name,
                        existing.lanes.len()
                    ),
                )
                .with_hint(format!(
                    "`meshctl lane group delete {}` first, or pick another name",
                    group.name
                )));
            }
            let query = ListQuery {
                namespace: None,
                label_selector: None,
            };
            let routes = store
                .list(ISTIO_NETWORKING, "VirtualService", &query)
                .await?;
            foreign_routes(&group, &routes)?;
        }
    }
    objects::write(ctx, &objects, &namespace, args.dry_run).await?;
    Ok(ExitStatus::Success)
}
