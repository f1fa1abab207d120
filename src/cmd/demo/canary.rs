//! `meshctl demo canary [--bad]`: the whole canary loop on one machine in one command —
//! a throw-away local mesh (real Envoy), two demo backends, steady traffic, and a
//! `canary start` judged by the proxy's own stats. `--bad` makes the new version fail
//! half its requests, so the automatic rollback can be watched. Everything it starts
//! (Envoy, backends, the state directory) is stopped and removed at the end, also on
//! Ctrl-C or an error.

use crate::adapters::local::{self, LocalMesh, UpOptions};
use crate::cli::Target;
use crate::cmd::{Ctx, Settings};
use crate::core::envoy::Endpoint;
use crate::core::store::{ApplyOptions, MeshStore, ObjectRef};
use crate::output::{ColorChoice, Printer};
use crate::{Error, ErrorKind, ExitStatus, Result};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Watch a healthy canary go 10% → 25% → 50% → 100%
  meshctl demo canary

  # Watch a failing canary roll back automatically (exit 3)
  meshctl demo canary --bad")]
pub struct Args {
    /// Make the new version fail half of its requests
    #[arg(long)]
    pub bad: bool,

    /// The Envoy binary (default: `envoy` on `PATH`)
    #[arg(long, env = "MESHCTL_ENVOY", value_name = "FILE")]
    pub envoy: Option<std::path::PathBuf>,
}

/// What the demo started; stopped by PID and removed on drop, whatever happened.
struct Started {
    dir: std::path::PathBuf,
    backends: Vec<std::process::Child>,
}

impl Drop for Started {
    fn drop(&mut self) {
        for b in &mut self.backends {
            let _ = b.kill();
            let _ = b.wait();
        }
        let dir = &self.dir;
        if let Ok(Some(state)) =
            local::files::read_json::<local::EnvoyState>(&dir.join("envoy.json"))
            && local::envoy::is_ours(state.pid, &dir.join("bootstrap.json"))
        {
            let _ = std::process::Command::new("kill")
                .arg(state.pid.to_string())
                .status();
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}

fn free_port() -> Result<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| Error::io("no free port on 127.0.0.1", e))
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let path = std::env::var_os("PATH");
    let envoy = local::envoy::find(args.envoy.as_deref(), path.as_deref())?;
    let mut started = Started {
        dir: std::env::temp_dir().join(format!("meshctl-demo-{}", std::process::id())),
        backends: Vec::new(),
    };
    // Ctrl-C ends the demo through the same cleanup as every other ending.
    let interrupted = tokio::signal::ctrl_c();
    tokio::select! {
        result = demo(ctx, args, envoy, &mut started) => result,
        _ = interrupted => {
            ctx.printer.warn("interrupted: stopping everything the demo started");
            Ok(ExitStatus::Failure)
        }
    }
}

async fn demo(
    ctx: &Ctx,
    args: &Args,
    envoy: std::path::PathBuf,
    started: &mut Started,
) -> Result<ExitStatus> {
    let dir = started.dir.clone();
    let mesh = LocalMesh::open(&dir)?;
    let (port, admin_port) = (free_port()?, free_port()?);
    let state = mesh
        .up(&UpOptions {
            envoy,
            listener_port: port,
            admin_port,
        })
        .await?;
    ctx.printer.info(&format!(
        "local mesh: Envoy PID {} on {} (admin {})",
        state.pid,
        state.listener_url(),
        state.admin_url()
    ));

    let exe = std::env::current_exe().map_err(|e| Error::io("cannot find meshctl itself", e))?;
    for (version, error_rate) in [("v1", "0"), ("v2", if args.bad { "0.5" } else { "0" })] {
        let backend_port = free_port()?;
        use std::os::unix::process::CommandExt;
        let child = std::process::Command::new(&exe)
            .args([
                "-q",
                "demo",
                "backend",
                "--name",
                "reviews",
                "--version",
                version,
            ])
            .args([
                "--port",
                &backend_port.to_string(),
                "--error-rate",
                error_rate,
            ])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .process_group(0)
            .spawn()
            .map_err(|e| Error::io("cannot start a demo backend", e))?;
        started.backends.push(child);
        wait_listening(backend_port).await?;
        mesh.add_endpoint(Endpoint {
            service: "reviews".into(),
            namespace: "default".into(),
            subset: version.into(),
            address: format!("127.0.0.1:{backend_port}"),
        })
        .await?;
        ctx.printer.info(&format!(
            "backend `reviews` {version} on 127.0.0.1:{backend_port} (error rate {error_rate})"
        ));
    }
    for object in [virtual_service(), destination_rule()] {
        mesh.apply(&object, ApplyOptions::default()).await?;
    }

    // Steady traffic, as users would send it.
    let stop = Arc::new(AtomicBool::new(false));
    let sent = Arc::new(AtomicU64::new(0));
    let traffic = {
        let (stop, sent) = (stop.clone(), sent.clone());
        let http = reqwest::Client::builder()
            .no_proxy()
            .build()
            .map_err(|e| Error::internal(format!("cannot build an HTTP client: {e}")))?;
        let url = format!("{}/", state.listener_url());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let _ = http.get(&url).header("host", "reviews").send().await;
                sent.fetch_add(1, Ordering::Relaxed);
            }
        })
    };

    let demo_ctx = Ctx::for_tests(
        Settings {
            namespace: Some("default".into()),
            target: Target::Local,
            local_dir: Some(dir.clone()),
            ..ctx.settings.clone()
        },
        Printer::from_env(if ctx.printer.color() {
            ColorChoice::Always
        } else {
            ColorChoice::Never
        })
        .with_verbosity(ctx.settings.verbosity),
    );
    let admin = state.admin_url();
    let canary_args = [
        "canary",
        "reviews",
        "--canary",
        "v2",
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
        "--envoy-admin",
        &admin,
    ];
    let parsed = <StartWrap as clap::Parser>::try_parse_from(canary_args)
        .map_err(|e| Error::internal(format!("the demo's canary flags do not parse: {e}")))?;
    ctx.printer.info(&format!(
        "canary of `reviews`: v2 at 10% → 25% → 50% → 100%, each step held 2s and judged by Envoy's stats{}",
        if args.bad { " (v2 fails half its requests)" } else { "" }
    ));
    let outcome = crate::cmd::canary::run(
        &demo_ctx,
        &crate::cmd::canary::Command::Start(Box::new(parsed.args)),
    )
    .await;

    stop.store(true, Ordering::Relaxed);
    let _ = traffic.await;
    let vs = mesh
        .get(&ObjectRef::istio("VirtualService", "default", "reviews"))
        .await?;
    let weights: Vec<String> = vs
        .as_ref()
        .and_then(|v| v.pointer("/spec/http/0/route"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|r| {
            format!(
                "{}={}",
                r.pointer("/destination/subset")
                    .and_then(Value::as_str)
                    .unwrap_or("?"),
                r.get("weight").and_then(Value::as_u64).unwrap_or(100)
            )
        })
        .collect();
    ctx.printer
        .data(&super::super::local::status_table(&mesh.status().await?))?;
    ctx.printer.data(&format!(
        "final weights: {} ({} requests sent)\n",
        weights.join(" "),
        sent.load(Ordering::Relaxed)
    ))?;
    mesh.down().await?;
    outcome
}

#[derive(clap::Parser)]
struct StartWrap {
    #[command(flatten)]
    args: crate::cmd::canary::start::Args,
}

async fn wait_listening(port: u16) -> Result<()> {
    for _ in 0..250 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    Err(Error::new(
        ErrorKind::Unavailable,
        format!("the demo backend on port {port} did not start"),
    ))
}

fn virtual_service() -> Value {
    json!({
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "reviews", "namespace": "default"},
        "spec": {"hosts": ["reviews"], "http": [{"name": "default", "route": [
            {"destination": {"host": "reviews", "subset": "v1"}, "weight": 100},
            {"destination": {"host": "reviews", "subset": "v2"}, "weight": 0}
        ]}]}
    })
}

fn destination_rule() -> Value {
    json!({
        "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
        "metadata": {"name": "reviews", "namespace": "default"},
        "spec": {"host": "reviews", "subsets": [
            {"name": "v1", "labels": {"version": "v1"}},
            {"name": "v2", "labels": {"version": "v2"}}
        ]}
    })
}
