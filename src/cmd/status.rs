//! `meshctl status`: the mesh at a glance (one row per service), or one service as a
//! tree from Gateway to pods with its rollout history. Fetching lives here; the view
//! is built by `core::status` and printed by `output::status`.

use super::Ctx;
use crate::core::analyze::{fqdn, namespace_of_host};
use crate::core::status::{self, Mesh};
use crate::core::store::{ISTIO_NETWORKING, ListQuery, MeshStore};
use crate::output::OutputFormat;
use crate::output::status::{render_detail, render_table};
use crate::{Error, ExitStatus, Result};
use serde_json::Value;
use std::io::IsTerminal;
use std::time::Duration;

const EXAMPLES: &str = "\
Examples:
  # Every service with routes in the current namespace
  meshctl status

  # Every namespace, with the objects behind each row
  meshctl status -A -o wide

  # One service: Gateway → VirtualService → routes → subsets → pods, and rollout history
  meshctl status reviews -n shop

  # Keep watching a rollout (Ctrl-C to stop)
  meshctl status reviews --watch";

/// How often `--watch` reads the mesh again; redraws happen only when the view changed.
const WATCH_INTERVAL: Duration = Duration::from_secs(1);
/// Redraws are never closer together than this.
const MIN_REDRAW: Duration = Duration::from_millis(200);

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// A service (short name in the namespace, or a host) to show as a tree
    pub service: Option<String>,

    /// Services in every namespace
    #[arg(short = 'A', long, conflicts_with = "service")]
    pub all_namespaces: bool,

    /// Redraw when something changes, until Ctrl-C
    #[arg(short = 'w', long)]
    pub watch: bool,

    /// Output format: table (default), wide, json or yaml
    #[arg(short = 'o', long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
}

/// The Istio objects read for one view.
struct Fetched {
    virtual_services: Vec<Value>,
    destination_rules: Vec<Value>,
    gateways: Vec<Value>,
}

impl Fetched {
    fn mesh(&self) -> Mesh<'_> {
        Mesh {
            virtual_services: &self.virtual_services,
            destination_rules: &self.destination_rules,
            gateways: &self.gateways,
        }
    }
}

async fn fetch(ctx: &Ctx, namespace: Option<&str>, gateways: bool) -> Result<Fetched> {
    let store = ctx.mesh_store().await?;
    let query = ListQuery {
        namespace: namespace.map(str::to_string),
        label_selector: None,
    };
    let (virtual_services, destination_rules) = futures::try_join!(
        store.list(ISTIO_NETWORKING, "VirtualService", &query),
        store.list(ISTIO_NETWORKING, "DestinationRule", &query),
    )?;
    // The tree names Gateways in any namespace; the table needs only their names.
    let gateways = if gateways {
        store
            .list(ISTIO_NETWORKING, "Gateway", &ListQuery::default())
            .await?
    } else {
        Vec::new()
    };
    Ok(Fetched {
        virtual_services,
        destination_rules,
        gateways,
    })
}

/// One rendering of the view, as printed.
async fn view(ctx: &Ctx, args: &Args) -> Result<String> {
    let format = args.output.unwrap_or(OutputFormat::Table);
    let Some(service) = &args.service else {
        let namespace = if args.all_namespaces {
            None
        } else {
            Some(ctx.mesh_namespace().await?)
        };
        let fetched = fetch(ctx, namespace.as_deref(), false).await?;
        let rows = status::rows(fetched.mesh());
        return Ok(match format {
            OutputFormat::Json => format!("{}\n", serde_json::to_string_pretty(&rows)?),
            OutputFormat::Yaml => crate::core::yaml::to_yaml(&serde_json::to_value(&rows)?),
            _ if rows.is_empty() => String::new(),
            OutputFormat::Wide => render_table(&rows, true),
            OutputFormat::Table => render_table(&rows, false),
        });
    };
    let namespace = ctx.mesh_namespace().await?;
    let host = fqdn(service, &namespace);
    let fetched = fetch(ctx, Some(&namespace), true).await?;
    // Pods and the Service live in the workload cluster, in the host's namespace.
    let (pods, selector) = match namespace_of_host(&host) {
        Some(pod_ns) => {
            let cluster = ctx.workload().await?;
            let pod_type = cluster.resolve("v1", "Pod").await?;
            let svc_type = cluster.resolve("v1", "Service").await?;
            let short = crate::core::analyze::short_host(&host);
            let (pods, svc) = futures::try_join!(
                cluster.list(&pod_type, Some(pod_ns), None),
                cluster.get(&svc_type, Some(pod_ns), short),
            )?;
            (pods, svc.and_then(|s| s.pointer("/spec/selector").cloned()))
        }
        None => (Vec::new(), None),
    };
    let Some(detail) = status::detail(fetched.mesh(), &host, &pods, selector.as_ref()) else {
        return Err(Error::not_found(format!(
            "no VirtualService or DestinationRule for `{service}` in namespace `{namespace}`"
        ))
        .with_hint(
            "`meshctl status` lists the services with routes; use `-n` for another namespace",
        ));
    };
    Ok(match format {
        OutputFormat::Json => format!("{}\n", serde_json::to_string_pretty(&detail)?),
        OutputFormat::Yaml => crate::core::yaml::to_yaml(&serde_json::to_value(&detail)?),
        OutputFormat::Table | OutputFormat::Wide => render_detail(&detail),
    })
}

async fn show(ctx: &Ctx, args: &Args, text: &str) -> Result<()> {
    if text.is_empty() && args.service.is_none() {
        let where_ = match (args.all_namespaces, &ctx.settings.namespace) {
            (true, _) => String::new(),
            (false, Some(ns)) => format!(" in namespace `{ns}`"),
            (false, None) => format!(" in namespace `{}`", ctx.mesh_namespace().await?),
        };
        ctx.printer.info(&format!(
            "No VirtualServices or DestinationRules found{where_}."
        ));
        return Ok(());
    }
    ctx.printer.data(text)
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    if !args.watch {
        let text = view(ctx, args).await?;
        show(ctx, args, &text).await?;
        return Ok(ExitStatus::Success);
    }
    // On a terminal each change replaces the screen; otherwise each change is appended.
    let terminal = std::io::stdout().is_terminal();
    let mut last: Option<String> = None;
    let mut last_draw: Option<tokio::time::Instant> = None;
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    loop {
        let text = tokio::select! {
            _ = &mut ctrl_c => return Ok(ExitStatus::Success),
            text = view(ctx, args) => text?,
        };
        if last.as_deref() != Some(text.as_str()) {
            if let Some(at) = last_draw {
                tokio::select! {
                    _ = &mut ctrl_c => return Ok(ExitStatus::Success),
                    _ = tokio::time::sleep_until(at + MIN_REDRAW) => {}
                }
            }
            if terminal {
                ctx.printer.data("\x1b[H\x1b[2J")?;
            } else if last.is_some() {
                ctx.printer.data("\n")?;
            }
            show(ctx, args, &text).await?;
            last = Some(text);
            last_draw = Some(tokio::time::Instant::now());
        }
        tokio::select! {
            _ = &mut ctrl_c => return Ok(ExitStatus::Success),
            _ = tokio::time::sleep(WATCH_INTERVAL) => {}
        }
    }
}
