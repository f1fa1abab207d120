//! `meshctl bluegreen deploy`: bring the idle colour up with a new image and wait until
//! it is ready, without moving any traffic — the step before `bluegreen switch`. The
//! idle colour's Deployment is created as a copy of the live colour's (its labels
//! naming the idle colour) or, when it exists, given the image and scaled up; the
//! DestinationRule gets the colour's subset when it has none.

use crate::cli::flags::DryRunArgs;
use crate::cmd::Ctx;
use crate::cmd::canary::start::{default_stable, ensure_subset};
use crate::cmd::rollout;
use crate::cmd::rollout::workload::{Located, locate, wait_ready};
use crate::core::duration::Duration;
use crate::core::rollout::Split;
use crate::core::workload::NewWorkload;
use crate::output::progress::Lines;
use crate::{Error, ErrorKind, ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Bring green up with the new image (a copy of blue's Deployment), wait until ready
  meshctl bluegreen deploy reviews --image reviews:2.1 --to green

  # Then switch, and scale blue to zero 10 minutes after a good switch
  meshctl bluegreen switch reviews --to green --verify-after 5m --scale-down-delay 10m --yes")]
pub struct Args {
    /// The VirtualService
    pub service: String,
    /// The new version's image
    #[arg(long, value_name = "IMAGE")]
    pub image: String,
    // `--to`, as `switch` and `preview` name it (`--color` is the global output flag).
    /// The idle colour (subset) to bring up
    #[arg(long, value_name = "SUBSET")]
    pub to: String,
    /// Copies of the idle colour (default: the live colour's)
    #[arg(long, value_name = "N")]
    pub replicas: Option<u32>,
    /// The container whose image changes (default: the first)
    #[arg(long, value_name = "NAME")]
    pub container: Option<String>,
    /// The live colour's Deployment, when its subset's labels do not find exactly one
    #[arg(long, value_name = "NAME")]
    pub from_deployment: Option<String>,
    /// The idle colour's Deployment (default: SERVICE-COLOUR, e.g. `reviews-green`)
    #[arg(long, value_name = "NAME")]
    pub deployment: Option<String>,
    /// How long to wait until its pods are Ready
    #[arg(long, value_name = "DURATION", default_value = "5m")]
    pub ready_timeout: Duration,
    #[command(flatten)]
    pub dry_run: DryRunArgs,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let reporter = Lines::new(&ctx.printer);
    let store = ctx.mesh_store().await?;
    let vs_ref = rollout::vs_ref(ctx, &args.service).await?;
    let vs = store
        .get(&vs_ref)
        .await?
        .ok_or_else(|| Error::not_found(format!("{vs_ref} not found")))?;
    let live = default_stable(&vs, &args.to, None)?;
    let host = rollout::driver::service_host(&vs).unwrap_or_else(|| args.service.clone());
    let split = Split::subsets(&live, &args.to);
    let Located {
        workloads,
        namespace,
        stable,
        labels,
    } = locate(ctx, args.from_deployment.as_deref(), &host, &split, None).await?;
    let name = args
        .deployment
        .clone()
        .unwrap_or_else(|| format!("{host}-{}", args.to));
    if name == stable.name {
        return Err(Error::usage(format!(
            "`{name}` is the live colour's Deployment; it is not touched"
        ))
        .with_hint("name the idle colour's Deployment with `--deployment NAME`"));
    }
    let existing = workloads.get(&namespace, &name).await?;
    let replicas = args
        .replicas
        .unwrap_or(stable.replicas)
        .max(u32::from(stable.replicas == 0));
    if !args.dry_run.writes() {
        let what = match &existing {
            Some(w) => format!(
                "Deployment `{name}` would get image `{}` and {replicas} replica(s) (now {} with {})",
                args.image,
                w.replicas,
                w.image.as_deref().unwrap_or("-")
            ),
            None => format!(
                "Deployment `{name}` would be created from `{}` with image `{}` and {replicas} replica(s), pods labelled {}",
                stable.name,
                args.image,
                labels
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        };
        ctx.printer
            .info(&format!("dry run: {what}; nothing is written"));
        return Ok(ExitStatus::Success);
    }
    match &existing {
        Some(_) => {
            workloads
                .set_image(&namespace, &name, args.container.as_deref(), &args.image)
                .await?;
            workloads.scale(&namespace, &name, replicas).await?;
            ctx.printer.info(&format!(
                "Deployment `{name}`: image `{}`, {replicas} replica(s)",
                args.image
            ));
        }
        None => {
            let new = NewWorkload {
                namespace: namespace.clone(),
                name: name.clone(),
                from: stable.name.clone(),
                labels: labels.clone(),
                image: args.image.clone(),
                container: args.container.clone(),
                replicas: Some(replicas),
            };
            workloads.create(&new).await?;
            ctx.printer.info(&format!(
                "created Deployment `{name}` from `{}` with image `{}`",
                stable.name, args.image
            ));
        }
    }
    let ns = vs_ref.namespace.clone().unwrap_or_default();
    let full_host = vs
        .pointer("/spec/hosts/0")
        .and_then(serde_json::Value::as_str)
        .unwrap_or(&args.service)
        .to_string();
    ensure_subset(ctx, store, &ns, &full_host, &args.to, &labels).await?;
    let waited = wait_ready(
        ctx,
        workloads.as_ref(),
        &reporter,
        &namespace,
        &name,
        args.ready_timeout,
    )
    .await?;
    if let Err(last) = waited {
        let count = last
            .map(|w| format!("{}/{} ready", w.ready, w.replicas))
            .unwrap_or_else(|| "gone".into());
        return Err(Error::new(
            ErrorKind::RolloutFailed,
            format!(
                "Deployment `{name}` was not ready within {} ({count}); no traffic goes to `{}`",
                args.ready_timeout, args.to
            ),
        )
        .with_hint(format!(
            "see why with `kubectl describe deployment {name} -n {namespace}`, fix it and deploy again"
        )));
    }
    ctx.printer.info(&format!(
        "`{}` of `{}` is ready with image `{}`; switch to it with `meshctl bluegreen switch {} --to {}`",
        args.to, args.service, args.image, args.service, args.to
    ));
    Ok(ExitStatus::Success)
}
