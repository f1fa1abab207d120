//! What every rollout demo shares: a throw-away local mesh (real Envoy) in a temp
//! directory, one `meshctl demo backend` process per version of `reviews`, steady
//! traffic through Envoy, a context pointed at that mesh, and the closing status
//! table. Everything started is stopped by PID and removed when [`Started`] drops,
//! whatever ended the demo: success, rollback, error or Ctrl-C.

use super::gateway_api::{self, Api};
use crate::adapters::local::workloads::{LocalWorkloads, StartRequest};
use crate::adapters::local::{self, EnvoyState, LocalMesh, UpOptions, process};
use crate::cli::Target;
use crate::cmd::{Ctx, Settings};
use crate::core::envoy::Endpoint;
use crate::core::local_workload::default_name;
use crate::core::model::GATEWAY_API_GROUP;
use crate::core::store::{ApplyOptions, MeshStore, ObjectRef};
use crate::output::{ColorChoice, Printer};
use crate::{Error, ErrorKind, ExitStatus, Result};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

/// The demo service: every demo rolls out a new version of it.
pub const SERVICE: &str = "reviews";

/// How long a demo backend has to accept connections.
const BACKEND_PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// What the demo started; stopped by PID and removed on drop, whatever happened.
pub struct Started {
    dir: PathBuf,
    backends: Vec<std::process::Child>,
}

/// A state directory named after this process, nothing started yet.
impl Default for Started {
    fn default() -> Self {
        Started {
            dir: std::env::temp_dir().join(format!("meshctl-demo-{}", std::process::id())),
            backends: Vec::new(),
        }
    }
}

impl Started {
    /// The demo's state directory (the local mesh's).
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Started {
    fn drop(&mut self) {
        for b in &mut self.backends {
            let _ = b.kill();
            let _ = b.wait();
        }
        let dir = &self.dir;
        local::workloads::kill_recorded(dir);
        if let Ok(Some(state)) =
            local::files::read_json::<local::EnvoyState>(&dir.join("envoy.json"))
            && local::envoy::is_ours(state.pid, &dir.join("bootstrap.json"))
        {
            // Envoy is not our child: wait (bounded) until it is really gone, so the
            // demo never exits with its Envoy still running; SIGKILL if it lingers.
            let bootstrap = dir.join("bootstrap.json");
            let kill = |sig: &str| {
                let _ = std::process::Command::new("kill")
                    .arg(format!("-{sig}"))
                    .arg(state.pid.to_string())
                    .stderr(std::process::Stdio::null())
                    .status();
            };
            kill("TERM");
            // An exiting Envoy loses its command line before it has exited: wait for
            // the exit itself (it is this process's child, so it stays a zombie).
            for _ in 0..150 {
                if process::has_exited(state.pid) {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            if local::envoy::is_ours(state.pid, &bootstrap) {
                kill("KILL");
            }
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Runs `work` until it ends or Ctrl-C; either way the caller's [`Started`] drops
/// after this returns, so an interrupted demo is cleaned up like any other.
pub async fn until_interrupted(
    ctx: &Ctx,
    work: impl std::future::Future<Output = Result<ExitStatus>>,
) -> Result<ExitStatus> {
    tokio::select! {
        result = work => result,
        _ = tokio::signal::ctrl_c() => {
            ctx.printer.warn("interrupted: stopping everything the demo started");
            Ok(ExitStatus::Failure)
        }
    }
}

/// One version of the demo service: its subset name and its backend's extra flags.
pub struct Version<'a> {
    pub subset: &'a str,
    pub backend_flags: Vec<String>,
    /// Run as a local workload with this image (`meshctl local workload`) instead of a
    /// backend the demo starts itself; `backend_flags` are then unused.
    pub workload: Option<String>,
    /// Said in the progress line about this backend, e.g. `error rate 0.5`.
    pub note: String,
}

/// A running demo mesh with the service's versions behind it.
pub struct DemoMesh {
    pub mesh: LocalMesh,
    pub state: EnvoyState,
    /// A context for commands run against this mesh (`--target local` in its dir).
    pub ctx: Ctx,
    /// What routes the versions: a VirtualService, or an HTTPRoute.
    pub api: Api,
    /// The version that has the traffic at first.
    pub stable: String,
}

/// Starts Envoy on free ports, one backend per version, and applies the routing of
/// `api` with all traffic on the first version, 0 on the others: a VirtualService and
/// a DestinationRule, or an HTTPRoute between one Service per version.
pub async fn start(
    ctx: &Ctx,
    envoy: PathBuf,
    started: &mut Started,
    versions: &[Version<'_>],
    api: Api,
) -> Result<DemoMesh> {
    let dir = started.dir.clone();
    let (mesh, state) = up(ctx, envoy, started).await?;
    for version in versions {
        let (service, subset) = api.endpoint_of(version.subset);
        if let Some(image) = &version.workload {
            start_workload(ctx, &mesh, &service, version.subset, image).await?;
            continue;
        }
        let backend_port =
            spawn_backend(started, SERVICE, version.subset, &version.backend_flags).await?;
        mesh.add_endpoint(Endpoint {
            service: service.clone(),
            namespace: "default".into(),
            subset,
            address: format!("127.0.0.1:{backend_port}"),
        })
        .await?;
        let what = match api {
            Api::Istio => format!("`{SERVICE}` {}", version.subset),
            Api::GatewayApi => format!("Service `{service}`"),
        };
        ctx.printer.info(&format!(
            "backend {what} on 127.0.0.1:{backend_port} ({})",
            version.note
        ));
    }
    let subsets: Vec<&str> = versions.iter().map(|v| v.subset).collect();
    let objects = match api {
        Api::Istio => vec![virtual_service(&subsets), destination_rule(&subsets)],
        // Stored by the local mesh beside the Istio kinds (commands reach it through
        // the local workload cluster, where the Gateway API lives on Kubernetes).
        Api::GatewayApi => vec![gateway_api::http_route(&subsets)],
    };
    for object in objects {
        mesh.apply(&object, ApplyOptions::default()).await?;
    }
    Ok(DemoMesh {
        mesh,
        state,
        ctx: context(ctx, dir),
        api,
        stable: subsets.first().copied().unwrap_or_default().to_string(),
    })
}

/// Starts Envoy on free ports in the demo's state directory.
pub async fn up(ctx: &Ctx, envoy: PathBuf, started: &Started) -> Result<(LocalMesh, EnvoyState)> {
    let mesh = LocalMesh::open(&started.dir)?;
    let (port, admin_port) = (process::free_port()?, process::free_port()?);
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
    Ok((mesh, state))
}

/// Starts a `meshctl demo backend` for `service` `version` on a free port, kept in
/// `started` (stopped on drop), and waits until it listens; its port.
pub async fn spawn_backend(
    started: &mut Started,
    service: &str,
    version: &str,
    flags: &[String],
) -> Result<u16> {
    let exe = std::env::current_exe().map_err(|e| Error::io("cannot find meshctl itself", e))?;
    let backend_port = process::free_port()?;
    let child = process::Backend {
        program: &exe,
        service,
        version,
        port: backend_port,
        flags,
        log: None,
    }
    .spawn()?;
    let pid = child.id();
    started.backends.push(child);
    if !process::wait_listening(backend_port, BACKEND_PATIENCE, || !process::has_exited(pid)).await
    {
        return Err(Error::new(
            ErrorKind::Unavailable,
            format!("the demo backend on port {backend_port} did not start"),
        ));
    }
    Ok(backend_port)
}

/// A context for commands run against the demo's mesh: `--target local` in its
/// directory, namespace `default`, the caller's printer settings.
pub fn context(ctx: &Ctx, dir: PathBuf) -> Ctx {
    Ctx::for_tests(
        Settings {
            namespace: Some("default".into()),
            target: Target::Local,
            local_dir: Some(dir),
            ..ctx.settings.clone()
        },
        Printer::from_env(if ctx.printer.color() {
            ColorChoice::Always
        } else {
            ColorChoice::Never
        })
        .with_verbosity(ctx.settings.verbosity),
    )
}

/// Starts `service` (`reviews`, or `reviews-v2` on the Gateway API) version `subset`
/// as the local workload `reviews-SUBSET`, as `meshctl local workload start` does;
/// `Started` kills what it recorded.
async fn start_workload(
    ctx: &Ctx,
    mesh: &LocalMesh,
    service: &str,
    subset: &str,
    image: &str,
) -> Result<()> {
    let (w, ready, _) = LocalWorkloads::for_meshctl(mesh)?
        .start(&StartRequest {
            namespace: "default".into(),
            name: default_name(SERVICE, subset),
            service: service.into(),
            version: subset.into(),
            image: Some(image.into()),
            replicas: None,
            port: None,
        })
        .await?;
    let addresses: Vec<String> = w.instances.iter().map(|i| i.address()).collect();
    ctx.printer.info(&format!(
        "workload `{}/{}` started: `{service}` {subset}, image `{image}`, {ready}/{} ready on {}",
        w.namespace,
        w.name,
        w.replicas,
        addresses.join(", ")
    ));
    Ok(())
}

pub use crate::adapters::local::traffic::Traffic;

impl DemoMesh {
    /// Steady traffic to the service, as users would send it; requests take the
    /// headers of `rounds` in turn (an empty set: a plain request).
    pub fn traffic(&self, rounds: Vec<Vec<(String, String)>>) -> Result<Traffic> {
        Traffic::start(&self.state.listener_url(), SERVICE, rounds)
    }

    /// Prints the local mesh's status table and the main route's final weights,
    /// then stops Envoy.
    pub async fn finish(&self, ctx: &Ctx, sent: u64) -> Result<()> {
        let weights = match self.api {
            Api::Istio => {
                let vs = self
                    .mesh
                    .get(&ObjectRef::istio("VirtualService", "default", SERVICE))
                    .await?;
                main_weights(vs.as_ref())
            }
            Api::GatewayApi => {
                let r = ObjectRef::new(GATEWAY_API_GROUP, "HTTPRoute", Some("default"), SERVICE);
                gateway_api::route_weights(self.mesh.get(&r).await?.as_ref())
            }
        };
        ctx.printer.show(
            &self.mesh.status().await?,
            crate::output::OutputFormat::Table,
        )?;
        ctx.printer.data(&format!(
            "final weights: {} ({sent} requests sent)\n",
            weights.join(" ")
        ))?;
        self.mesh.down().await?;
        Ok(())
    }
}

/// `SUBSET=WEIGHT` of the route named `default` (the one the demo created; a preview
/// route may sit before it).
fn main_weights(vs: Option<&Value>) -> Vec<String> {
    vs.and_then(|v| v.pointer("/spec/http"))
        .and_then(Value::as_array)
        .and_then(|routes| {
            routes
                .iter()
                .find(|r| r.get("name").and_then(Value::as_str) == Some("default"))
        })
        .and_then(|r| r.get("route"))
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
        .collect()
}

/// Runs `canary start reviews --canary NEW --plan FILE` on the demo mesh: the plan of
/// `demo canary --plan` and `demo bluegreen --plan` (which the canary engine runs;
/// `bluegreen switch` takes no plan).
pub async fn run_plan(
    demo: &DemoMesh,
    new: &str,
    plan: &Path,
    passed: &Passed<'_>,
) -> Result<ExitStatus> {
    let plan = plan.to_string_lossy();
    let mut argv = vec!["canary".to_string(), SERVICE.to_string()];
    argv.extend(demo.api.rollout_flags(&demo.stable, new));
    argv.extend(["--plan".to_string(), plan.into_owned()]);
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    let mut parsed: crate::cmd::canary::start::Args = parse_args(&argv)?;
    parsed.hooks = passed.hooks.clone();
    parsed.notify = passed.notify.clone();
    crate::cmd::canary::run(
        &demo.ctx,
        &crate::cmd::canary::Command::Start(Box::new(parsed)),
    )
    .await
}

/// What a demo passes on to the rollout it runs: its webhooks and notification
/// channels.
pub struct Passed<'a> {
    pub hooks: &'a crate::cmd::rollout::HookArgs,
    pub notify: &'a crate::cmd::rollout::notify::NotifyArgs,
}

impl Passed<'_> {
    /// Checks a demo's `--plan` and notification channels before anything is started.
    pub fn check(&self, ctx: &Ctx, plan: Option<&Path>) -> Result<()> {
        let plan = plan.map(crate::cmd::rollout::plan::load).transpose()?;
        let plan_notify = plan
            .as_ref()
            .map(|p| p.notify.as_slice())
            .unwrap_or_default();
        self.notify.channels(ctx, plan_notify)?;
        Ok(())
    }
}

/// Parses `meshctl`-style flags into a command's `Args`, as the demo's own fixed
/// command line; a failure is a bug in the demo.
pub fn parse_args<A: clap::Args>(argv: &[&str]) -> Result<A> {
    #[derive(clap::Parser)]
    struct Wrap<A: clap::Args> {
        #[command(flatten)]
        args: A,
    }
    <Wrap<A> as clap::Parser>::try_parse_from(argv)
        .map(|w| w.args)
        .map_err(|e| Error::internal(format!("the demo's flags do not parse: {e}")))
}

fn virtual_service(subsets: &[&str]) -> Value {
    let routes: Vec<Value> = subsets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({"destination": {"host": SERVICE, "subset": s}, "weight": if i == 0 { 100 } else { 0 }})
        })
        .collect();
    json!({
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": SERVICE, "namespace": "default"},
        "spec": {"hosts": [SERVICE], "http": [{"name": "default", "route": routes}]}
    })
}

fn destination_rule(subsets: &[&str]) -> Value {
    let subsets: Vec<Value> = subsets
        .iter()
        .map(|s| json!({"name": s, "labels": {"version": s}}))
        .collect();
    json!({
        "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
        "metadata": {"name": SERVICE, "namespace": "default"},
        "spec": {"host": SERVICE, "subsets": subsets}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_weights_come_from_the_default_route_not_a_preview_route() {
        let vs = json!({"spec": {"http": [
            {"name": "preview", "route": [{"destination": {"subset": "green"}}]},
            {"name": "default", "route": [
                {"destination": {"subset": "blue"}, "weight": 100},
                {"destination": {"subset": "green"}, "weight": 0}
            ]}
        ]}});
        assert_eq!(main_weights(Some(&vs)), ["blue=100", "green=0"]);
        assert!(main_weights(None).is_empty());
    }

    #[test]
    fn the_first_version_gets_all_traffic_at_first() {
        let vs = virtual_service(&["blue", "green"]);
        assert_eq!(main_weights(Some(&vs)), ["blue=100", "green=0"]);
        let dr = destination_rule(&["blue", "green"]);
        assert_eq!(dr["spec"]["subsets"][1]["labels"]["version"], "green");
    }
}
