//! `meshctl lane create GROUP LANE --version V`: adds a lane to a group. Strict lanes
//! hold every service; `--permissive --service b` holds only `b`, whose callers'
//! other calls fall back to the baseline. With `--asm`, writes ASM's ASMSwimLane.

use crate::cli::flags::DryRunArgs;
use crate::cmd::Ctx;
use crate::cmd::lane::objects;
use crate::core::lane::edit;
use crate::core::lane::model::{ANNOTATION, Lane, LaneGroup};
use crate::core::lane::render::{ASM_API_VERSION, render_asm};
use crate::core::store::{self, ObjectRef};
use crate::{Error, ExitStatus, Result};

// `--version` is the lane's version here, not meshctl's (`meshctl version` says that).
#[derive(Debug, clap::Args)]
#[command(
    disable_version_flag = true,
    after_help = "\
Examples:
  # A strict lane: every service of group shop at v2, for requests with `x-lane: dev`
  meshctl lane create shop dev --version v2

  # A permissive lane holding only b (a and c answer with their baseline)
  meshctl lane create shop feature-x --version v2 --permissive --service b

  # Show the objects after the change, write nothing
  meshctl lane create shop dev --version v2 --dry-run=client"
)]
pub struct Args {
    /// The lane group
    pub group: String,

    /// The lane's name: the header value that selects it (not `baseline`)
    pub lane: String,

    /// The version the lane's services run (their pods' version label value)
    #[arg(
        long = "version",
        id = "lane_version",
        value_name = "VERSION",
        required = true
    )]
    pub lane_version: String,

    /// Hold only the services named with `--service`; calls to the others fall back to the baseline
    #[arg(long)]
    pub permissive: bool,

    /// A service the lane holds (default: every service of the group)
    #[arg(long = "service", value_name = "SERVICE")]
    pub services: Vec<String>,

    /// Write ASM's ASMSwimLane (for a group created with `--asm`)
    #[arg(long)]
    pub asm: bool,

    #[command(flatten)]
    pub dry_run: DryRunArgs,
}

impl Args {
    fn lane(&self, group: &LaneGroup) -> Lane {
        Lane {
            name: self.lane.clone(),
            version: self.lane_version.clone(),
            permissive: self.permissive,
            services: if self.services.is_empty() {
                group.services.iter().map(|s| s.name.clone()).collect()
            } else {
                self.services.clone()
            },
        }
    }
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    if args.asm {
        return asm(ctx, args).await;
    }
    let group = objects::rewrite(ctx, &args.group, args.dry_run, |g| {
        edit::add_lane(g, args.lane(g))
    })
    .await?;
    ctx.printer.info(&format!(
        "Requests with `{}: {}` (or the cookie `{}={}`) now take lane `{}`.",
        group.header, args.lane, group.header, args.lane, args.lane
    ));
    Ok(ExitStatus::Success)
}

/// ASM keeps the group on its ASMSwimLaneGroup: read it there, add the lane, write
/// ASM's objects again.
async fn asm(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let store = ctx.mesh_store().await?;
    let namespace = ctx.mesh_namespace().await?;
    let ty = store
        .resolve(ASM_API_VERSION, "ASMSwimLaneGroup")
        .await
        .map_err(|e| {
            Error::new(
                e.kind(),
                format!("this cluster has no `ASMSwimLaneGroup` ({ASM_API_VERSION}): ASM's lane kinds exist only on an Alibaba Cloud Service Mesh"),
            )
            .with_detail(e.message().to_string())
            .with_hint("drop `--asm` to use a group meshctl wrote as Istio objects")
        })?;
    let r = ObjectRef::new(
        store::group_of(ASM_API_VERSION),
        "ASMSwimLaneGroup",
        ty.namespaced.then_some(namespace.as_str()),
        &args.group,
    );
    let object = store.get(&r).await?.ok_or_else(|| {
        Error::not_found(format!("no ASMSwimLaneGroup `{}`", args.group))
            .with_hint("create it with `meshctl lane group create NAME --service … --asm`")
    })?;
    let group = LaneGroup::from_object(&object)?.ok_or_else(|| {
        Error::not_found(format!(
            "ASMSwimLaneGroup `{}` was not written by meshctl (no `{ANNOTATION}` annotation)",
            args.group
        ))
        .with_hint("add lanes to it in ASM's console, or recreate it with `meshctl lane group create … --asm`")
    })?;
    let next = edit::add_lane(&group, args.lane(&group))?;
    objects::write(ctx, &render_asm(&next), &namespace, args.dry_run).await?;
    Ok(ExitStatus::Success)
}
