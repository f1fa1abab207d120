//! `meshctl demo bluegreen [--bad]`: the whole blue-green loop on one machine in one
//! command — a throw-away local mesh (real Envoy), a blue and a green demo backend,
//! steady traffic (some of it carrying the preview header), and a `bluegreen switch`
//! that verifies green through its preview route, moves all traffic at once and
//! verifies again, judged by the proxy's own stats. `--bad` makes green fail half of
//! the real traffic while passing its preview, so the audience sees the switch and the
//! automatic revert to blue. `--plan FILE` moves blue to green by a step plan instead:
//! `bluegreen switch` takes no plan (its stages are fixed), so the canary engine runs
//! it with green as the new version, as `demo canary --plan` does. Everything it starts is stopped and removed at the end,
//! also on Ctrl-C or an error.

use super::mesh::{self, SERVICE, Started, Version};
use crate::cmd::Ctx;
use crate::{ExitStatus, Result};

/// The header of the preview route `bluegreen switch --verify-before` adds by default.
const PREVIEW_HEADER: &str = "x-meshctl-preview";

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Watch green verified through its preview, switched to, and verified again
  meshctl demo bluegreen

  # Watch green fail after the switch and traffic go back to blue (exit 3)
  meshctl demo bluegreen --bad

  # Move from blue to green by a step plan (docs/plan.md), e.g. a preview header
  # route for the demo's preview traffic, an analysis, `setWeight: 100`, an analysis
  meshctl demo bluegreen --plan release.yaml")]
pub struct Args {
    /// Make green fail half of the real traffic after the switch (its preview passes)
    #[arg(long)]
    pub bad: bool,

    /// Move traffic from blue to green by this step plan (docs/plan.md) instead of
    /// `bluegreen switch`; the demo's preview requests carry `x-meshctl-preview: green`
    #[arg(long, value_name = "FILE")]
    pub plan: Option<std::path::PathBuf>,

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
    let green_errors = if args.bad { "0.5" } else { "0" };
    let versions = [
        Version {
            subset: "blue",
            backend_flags: vec![],
            note: "error rate 0".into(),
            workload: None,
        },
        Version {
            subset: "green",
            // Preview requests never fail: green looks fine until real traffic comes.
            backend_flags: vec![
                "--error-rate".into(),
                green_errors.into(),
                "--spare-header".into(),
                PREVIEW_HEADER.into(),
            ],
            note: if args.bad {
                "fails half of the requests without a preview header".into()
            } else {
                "error rate 0".into()
            },
            workload: None,
        },
    ];
    let demo = mesh::start(
        ctx,
        envoy,
        started,
        &versions,
        super::gateway_api::Api::Istio,
    )
    .await?;
    // Users, and a tester on the preview route: one request in four previews green.
    let plain = Vec::new();
    let preview = vec![(PREVIEW_HEADER.to_string(), "green".to_string())];
    let traffic = demo.traffic(vec![plain.clone(), plain.clone(), plain, preview])?;
    let bad = if args.bad {
        " (green fails real traffic)"
    } else {
        ""
    };
    // No metric flag: on the local mesh the rollout reads its Envoy's stats.
    let outcome = match &args.plan {
        Some(plan) => {
            // `bluegreen switch` takes no plan: the canary engine runs it, blue → green.
            ctx.printer.info(&format!(
                "blue-green of `{SERVICE}`: blue → green by the plan `{}` (run as a canary of green), judged by Envoy's stats{bad}",
                plan.display()
            ));
            mesh::run_plan(&demo, "green", plan, &passed).await
        }
        None => switch(ctx, &demo, bad, &passed).await,
    };
    let sent = traffic.stop().await;
    demo.finish(ctx, sent).await?;
    outcome
}

/// The demo's own `bluegreen switch`: preview verified 3s, switch, verified 4s.
async fn switch(
    ctx: &Ctx,
    demo: &mesh::DemoMesh,
    bad: &str,
    passed: &mesh::Passed<'_>,
) -> Result<ExitStatus> {
    let mut parsed: crate::cmd::bluegreen::switch::Args = mesh::parse_args(&[
        "switch",
        SERVICE,
        "--to",
        "green",
        "--verify-before",
        "3s",
        "--verify-after",
        "4s",
        "--analysis-window",
        "1s",
        "--analysis-interval",
        "1s",
        "--min-success-rate",
        "95",
        "--yes",
    ])?;
    parsed.hooks = passed.hooks.clone();
    parsed.notify = passed.notify.clone();
    ctx.printer.info(&format!(
        "blue-green switch of `{SERVICE}`: green verified 3s through its preview route \
         (`{PREVIEW_HEADER}: green`), all traffic moved, verified 4s more by Envoy's stats{bad}"
    ));
    crate::cmd::bluegreen::run(
        &demo.ctx,
        &crate::cmd::bluegreen::Command::Switch(Box::new(parsed)),
    )
    .await
}
