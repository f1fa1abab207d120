//! `meshctl demo canary [--bad]`: the whole canary loop on one machine in one command —
//! a throw-away local mesh (real Envoy), two demo backends, steady traffic, and a
//! `canary start` judged by the proxy's own stats. `--bad` makes the new version fail
//! half its requests, so the automatic rollback can be watched. Everything it starts
//! (Envoy, backends, the state directory) is stopped and removed at the end, also on
//! Ctrl-C or an error. `--workload` shows the whole release: v2 runs as a local
//! workload (`meshctl local workload`), which a rollback stops again.

use super::gateway_api::Api;
use super::mesh::{self, SERVICE, Started, Version};
use crate::adapters::local::workloads::LocalWorkloads;
use crate::cmd::Ctx;
use crate::core::local_workload::{DEFAULT_IMAGE, WorkloadList};
use crate::core::workload::Workloads;
use crate::{ErrorKind, ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Watch a healthy canary go 10% → 25% → 50% → 100%
  meshctl demo canary

  # Watch a failing canary roll back automatically (exit 3)
  meshctl demo canary --bad

  # Try a step plan (docs/plan.md) on the demo mesh
  meshctl demo canary --plan release.yaml

  # The whole release: v2 started as a local workload, stopped again on rollback
  meshctl demo canary --bad --workload

  # On the Kubernetes Gateway API: an HTTPRoute splits between reviews-v1 and reviews-v2
  meshctl demo canary --api gateway-api")]
pub struct Args {
    /// Make the new version fail half of its requests
    #[arg(long)]
    pub bad: bool,

    /// Run this step plan (docs/plan.md) instead of the demo's own steps
    #[arg(long, value_name = "FILE")]
    pub plan: Option<std::path::PathBuf>,

    /// Start v2 as a local workload (`meshctl local workload`) and stop it again when
    /// the canary is rolled back; the workloads are shown at the end
    #[arg(long)]
    pub workload: bool,

    /// Route with `istio` (a VirtualService between subsets) or `gateway-api` (an
    /// HTTPRoute on the Service `reviews` between the Services `reviews-v1` and
    /// `reviews-v2`)
    #[arg(long, value_name = "API", value_enum, default_value_t = Api::Istio)]
    pub api: Api,

    /// The Envoy binary (default: `envoy` on `PATH`)
    #[arg(long, env = "MESHCTL_ENVOY", value_name = "FILE")]
    pub envoy: Option<std::path::PathBuf>,

    #[command(flatten)]
    pub hooks: crate::cmd::rollout::HookArgs,
    #[command(flatten)]
    pub notify: crate::cmd::rollout::notify::NotifyArgs,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let path = std::env::var_os("PATH");
    let envoy = crate::adapters::local::envoy::find(args.envoy.as_deref(), path.as_deref())?;
    let mut started = Started::default();
    mesh::until_interrupted(ctx, demo(ctx, args, envoy, &mut started)).await
}

async fn demo(
    ctx: &Ctx,
    args: &Args,
    envoy: std::path::PathBuf,
    started: &mut Started,
) -> Result<ExitStatus> {
    let passed = mesh::Passed {
        hooks: &args.hooks,
        notify: &args.notify,
    };
    passed.check(ctx, args.plan.as_deref())?;
    let v2_errors = if args.bad { "0.5" } else { "0" };
    let versions = [
        Version {
            subset: "v1",
            backend_flags: vec![],
            note: "error rate 0".into(),
            workload: None,
        },
        Version {
            subset: "v2",
            backend_flags: vec!["--error-rate".into(), v2_errors.into()],
            note: format!("error rate {v2_errors}"),
            workload: args.workload.then(|| {
                if args.bad {
                    format!("demo:error-rate={v2_errors}")
                } else {
                    DEFAULT_IMAGE.to_string()
                }
            }),
        },
    ];
    let demo = mesh::start(ctx, envoy, started, &versions, args.api).await?;
    let traffic = demo.traffic(Vec::new())?;
    // No metric flag: on the local mesh the rollout reads its Envoy's stats.
    let bad = if args.bad {
        " (v2 fails half its requests)"
    } else {
        ""
    };
    let outcome = match &args.plan {
        Some(plan) => {
            ctx.printer.info(&format!(
                "canary of `{SERVICE}`: v2 by the plan `{}`, judged by Envoy's stats{bad}",
                plan.display()
            ));
            mesh::run_plan(&demo, "v2", plan, &passed).await
        }
        None => {
            ctx.printer.info(&format!(
                "canary of `{SERVICE}`: v2 at 10% → 25% → 50% → 100%, each step held 2s and judged by Envoy's stats{bad}"
            ));
            let mut argv = vec!["canary".to_string(), SERVICE.to_string()];
            argv.extend(demo.api.rollout_flags(&demo.stable, "v2"));
            argv.extend(
                [
                    "--steps",
                    "10,25,50",
                    "--interval",
                    "2s",
                    "--analysis-window",
                    "1s",
                    "--analysis-interval",
                    "1s",
                    "--min-success-rate",
                    "95",
                ]
                .map(String::from),
            );
            let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
            let mut parsed: crate::cmd::canary::start::Args = mesh::parse_args(&argv)?;
            parsed.hooks = passed.hooks.clone();
            parsed.notify = passed.notify.clone();
            crate::cmd::canary::run(
                &demo.ctx,
                &crate::cmd::canary::Command::Start(Box::new(parsed)),
            )
            .await
        }
    };
    if args.workload {
        retire_if_rolled_back(ctx, &demo, &outcome).await?;
    }
    let sent = traffic.stop().await;
    demo.finish(ctx, sent).await?;
    outcome
}

/// The end of the release with a workload: a rolled-back v2 is stopped (its endpoints
/// removed, its processes ended, its entry kept), then the workloads are shown.
async fn retire_if_rolled_back(
    ctx: &Ctx,
    demo: &mesh::DemoMesh,
    outcome: &Result<ExitStatus>,
) -> Result<()> {
    let wl = LocalWorkloads::for_meshctl(&demo.mesh)?;
    if outcome
        .as_ref()
        .is_err_and(|e| e.kind() == ErrorKind::RolloutFailed)
    {
        wl.scale("default", "reviews-v2", 0).await?;
        ctx.printer
            .info("rolled back: workload `default/reviews-v2` stopped (its endpoints removed)");
    }
    let view = WorkloadList::new(&wl.list().await?, ctx.clock().now());
    ctx.printer.show(&view, crate::output::OutputFormat::Table)
}
