//! `meshctl demo lanes [--strict] [--bad]`: traffic lanes on one machine — a throw-away
//! local mesh (real Envoy), demo backends chained a → b → c that pass the lane header
//! along, a lane group and a lane created by the `lane` commands themselves, requests
//! with and without the lane's header or cookie and the chains of versions they took,
//! then a `lane shift` judged by Envoy's stats. `--bad` makes b's lane version fail
//! half its requests, so the shift rolls the whole lane back (exit 3). Everything it
//! started is stopped and removed at the end, also on Ctrl-C or an error.

use super::chain;
use super::mesh::{self, Started};
use crate::adapters::local::downstream::Downstream;
use crate::adapters::local::traffic::Traffic;
use crate::cmd::Ctx;
use crate::core::envoy::Endpoint;
use crate::core::lane::chains::{ChainShares, subset_versions};
use crate::core::lane::{Lane, LaneGroup};
use crate::output::OutputFormat;
use crate::{Error, ExitStatus, Result};
use std::collections::BTreeMap;

/// The chain, in call order; the first is where requests enter.
const SERVICES: [&str; 3] = ["a", "b", "c"];
const GROUP: &str = "shop";
const LANE: &str = "dev";
const HEADER: &str = "x-lane";
/// Requests of each kind whose chains are shown.
const SAMPLE: usize = 100;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # A permissive lane holding only b: tagged requests go a:v1 → b:v2 → c:v1
  meshctl demo lanes

  # A strict lane: tagged requests go a:v2 → b:v2 → c:v2
  meshctl demo lanes --strict

  # b:v2 fails half its requests: the lane shift rolls the whole lane back (exit 3)
  meshctl demo lanes --bad")]
pub struct Args {
    /// A strict lane with v2 of every service instead of a permissive one holding b
    #[arg(long)]
    pub strict: bool,

    /// Make b's lane version (v2) fail half of its requests
    #[arg(long)]
    pub bad: bool,

    /// The Envoy binary (default: `envoy` on `PATH`)
    #[arg(long, env = "MESHCTL_ENVOY", value_name = "FILE")]
    pub envoy: Option<std::path::PathBuf>,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let path = std::env::var_os("PATH");
    let envoy = crate::adapters::local::envoy::find(args.envoy.as_deref(), path.as_deref())?;
    let mut started = Started::default();
    mesh::until_interrupted(ctx, demo(ctx, args, envoy, &mut started)).await
}

/// The group the `lane` commands below create, as data: which versions to start.
fn group(strict: bool) -> LaneGroup {
    let services: Vec<String> = SERVICES.iter().map(|s| s.to_string()).collect();
    let mut g = LaneGroup::new(GROUP, "default", &services);
    g.lanes.push(Lane {
        name: LANE.into(),
        version: "v2".into(),
        permissive: !strict,
        services: if strict { services } else { vec!["b".into()] },
    });
    g
}

/// The `lane` command lines that create `group`'s objects.
fn lane_commands(strict: bool) -> Vec<Vec<String>> {
    let mut create_group = vec!["lane", "group", "create", GROUP];
    for s in SERVICES {
        create_group.extend(["--service", s]);
    }
    create_group.extend(["--header", HEADER]);
    let mut create_lane = vec!["lane", "create", GROUP, LANE, "--version", "v2"];
    if !strict {
        create_lane.extend(["--permissive", "--service", "b"]);
    }
    [create_group, create_lane]
        .map(|c| c.into_iter().map(String::from).collect())
        .into()
}

/// The flags of the demo's `lane shift`: short steps judged every second.
fn shift_command() -> Vec<String> {
    [
        "lane",
        "shift",
        GROUP,
        LANE,
        "--steps",
        "20,50",
        "--interval",
        "2s",
        "--analysis-window",
        "1s",
        "--analysis-interval",
        "1s",
        "--min-success-rate",
        "95",
        // The demo is the person who asked for the shift.
        "--yes",
    ]
    .map(String::from)
    .into()
}

async fn demo(
    ctx: &Ctx,
    args: &Args,
    envoy: std::path::PathBuf,
    started: &mut Started,
) -> Result<ExitStatus> {
    let group = group(args.strict);
    let (local, state) = mesh::up(ctx, envoy, started).await?;
    let listener = state.listener_url();
    let mut ports: BTreeMap<(String, String), u16> = BTreeMap::new();
    let subsets = subset_versions(&group);
    for s in &subsets {
        let key = (s.service.clone(), s.version.clone());
        if ports.contains_key(&key) {
            continue;
        }
        let flags = backend_flags(&s.service, &s.version, &listener, args.bad);
        let port = mesh::spawn_backend(started, &s.service, &s.version, &flags).await?;
        ctx.printer.info(&format!(
            "backend {}:{} on 127.0.0.1:{port}{}",
            s.service,
            s.version,
            if flags.iter().any(|f| f == "--error-rate") {
                " (fails half its requests)"
            } else {
                ""
            }
        ));
        ports.insert(key, port);
    }
    for s in &subsets {
        local
            .add_endpoint(Endpoint {
                service: s.service.clone(),
                namespace: group.namespace.clone(),
                subset: s.subset.clone(),
                address: format!(
                    "127.0.0.1:{}",
                    ports[&(s.service.clone(), s.version.clone())]
                ),
            })
            .await?;
    }
    let demo_ctx = mesh::context(ctx, started.dir().to_path_buf());
    for argv in lane_commands(args.strict) {
        ctx.printer.info(&format!("meshctl {}", argv.join(" ")));
        let status = meshctl(&demo_ctx, &argv).await?;
        if status != ExitStatus::Success {
            return Ok(status);
        }
    }
    let client = Downstream::new(&listener)?;
    let mut seen = ChainShares::default();
    let tagged = format!("{HEADER}: {LANE}");
    let cookie = format!("session=42; {HEADER}={LANE}");
    for (kind, headers) in [
        (
            format!("header {tagged}"),
            vec![(HEADER.to_string(), LANE.to_string())],
        ),
        (
            format!("cookie {HEADER}={LANE}"),
            vec![("cookie".to_string(), cookie)],
        ),
        ("untagged".to_string(), vec![]),
    ] {
        seen.add(&kind, &sample(&client, SAMPLE, &headers).await);
    }
    ctx.printer.show(&seen, OutputFormat::Table)?;
    ctx.printer.info(&format!(
        "lane shift of `{LANE}`: untagged requests into the lane at 20% → 50% → 100%, each step held 2s and judged by Envoy's stats{}",
        if args.bad { " (b:v2 fails half its requests)" } else { "" }
    ));
    let traffic = Traffic::start(&listener, SERVICES[0], Vec::new())?;
    let outcome = meshctl(&demo_ctx, &shift_command()).await;
    let sent = traffic.stop().await;
    let mut after = ChainShares::default();
    after.add(
        "untagged, after the shift",
        &sample(&client, SAMPLE, &[]).await,
    );
    ctx.printer.show(&after, OutputFormat::Table)?;
    ctx.printer
        .data(&format!("{sent} requests sent during the shift\n"))?;
    local.down().await?;
    outcome
}

/// A backend's flags: it calls the next service through the mesh passing the lane
/// header on; with `bad`, b's lane version fails half its requests.
fn backend_flags(service: &str, version: &str, listener: &str, bad: bool) -> Vec<String> {
    let mut flags = Vec::new();
    let next = SERVICES
        .iter()
        .position(|s| *s == service)
        .and_then(|i| SERVICES.get(i + 1));
    if let Some(next) = next {
        flags.extend(["--call", next, "--mesh", listener, "--propagate", HEADER].map(String::from));
    }
    if bad && service == "b" && version == "v2" {
        flags.extend(["--error-rate", "0.5"].map(String::from));
    }
    flags
}

/// `n` requests to the entry service with `headers`: the chain each reported.
async fn sample(client: &Downstream, n: usize, headers: &[(String, String)]) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(match client.get(SERVICES[0], headers).await {
            Ok(reply) => chain::reported(&reply),
            Err(_) => "no answer".to_string(),
        });
    }
    out
}

/// Runs `meshctl ARGV…` on the demo's mesh, as a user would type it: the demo uses
/// the commands' own code paths, not a copy of them.
async fn meshctl(ctx: &Ctx, argv: &[String]) -> Result<ExitStatus> {
    let cli = <crate::cli::Cli as clap::Parser>::try_parse_from(
        std::iter::once("meshctl").chain(argv.iter().map(String::as_str)),
    )
    .map_err(|e| Error::internal(format!("the demo's command line does not parse: {e}")))?;
    let run: std::pin::Pin<Box<dyn std::future::Future<Output = Result<ExitStatus>> + '_>> =
        Box::pin(crate::cmd::dispatch(ctx, &cli.command));
    run.await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chain_passes_the_lane_header_and_only_b_v2_fails_when_bad() {
        let url = "http://127.0.0.1:1";
        assert_eq!(
            backend_flags("a", "v1", url, true).join(" "),
            "--call b --mesh http://127.0.0.1:1 --propagate x-lane"
        );
        assert!(backend_flags("c", "v2", url, true).is_empty());
        assert!(
            backend_flags("b", "v2", url, true).ends_with(&["--error-rate".into(), "0.5".into()])
        );
        assert!(!backend_flags("b", "v1", url, true).contains(&"--error-rate".into()));
        assert!(!backend_flags("b", "v2", url, false).contains(&"--error-rate".into()));
    }

    #[test]
    fn the_lane_commands_match_the_group_started() {
        let permissive = lane_commands(false);
        assert_eq!(
            permissive[0].join(" "),
            "lane group create shop --service a --service b --service c --header x-lane"
        );
        assert_eq!(
            permissive[1].join(" "),
            "lane create shop dev --version v2 --permissive --service b"
        );
        assert_eq!(
            lane_commands(true)[1].join(" "),
            "lane create shop dev --version v2"
        );
        assert_eq!(group(false).lanes[0].services, ["b"]);
        assert_eq!(group(true).lanes[0].services, ["a", "b", "c"]);
    }
}
