//! `meshctl bluegreen …`: two full versions (colours) online, all traffic on one;
//! preview the idle one, switch at once (verified before and after), switch back as
//! fast. The same rollout record, lock, events and driver as `meshctl canary`.

pub mod deploy;
pub mod switch;

use super::Ctx;
use crate::cli::flags::OutputArgs;
use crate::cmd::canary::start::default_stable;
use crate::cmd::rollout::{self, DriveArgs, SourceArgs, routes, view};
use crate::core::duration::Duration;
use crate::core::metrics::Target;
use crate::core::model::{DestinationRule, Resource};
use crate::core::rollout::view::{BlueGreenStatus, Colour};
use crate::core::rollout::{BlueGreen, Input, Phase, Preview, RolloutSpec, Split, Weights};
use crate::core::service;
use crate::core::store::{EventRecord, ISTIO_NETWORKING, ListQuery};
use crate::{Error, ExitStatus, Result};
use serde_json::Value;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Which colour is active, which is idle, their versions, metrics and last switch
    Status(StatusArgs),
    /// Bring the idle colour up with a new image and wait until it is ready (no traffic
    /// moves)
    Deploy(Box<deploy::Args>),
    /// Add (or `--remove`) a route that sends preview requests to the idle colour
    Preview(PreviewArgs),
    /// Verify the idle colour, switch all traffic to it, verify again, revert on failure
    Switch(Box<switch::Args>),
    /// Switch back to the previously active colour at once
    Rollback(RollbackArgs),
    /// Write a switch's report: one HTML file with its figures, verdicts and hooks
    Report(rollout::report::Args),
}

pub async fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    match cmd {
        Command::Status(args) => status(ctx, args).await,
        Command::Report(args) => rollout::report::run(ctx, args).await,
        Command::Deploy(args) => deploy::run(ctx, args).await,
        Command::Preview(args) => preview(ctx, args).await,
        // Boxed: the switch's future (hooks, workloads, the drive) is large.
        Command::Switch(args) => Box::pin(switch::run(ctx, args)).await,
        Command::Rollback(args) => rollback(ctx, args).await,
    }
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Which colour serves reviews, with live metrics per colour
  meshctl bluegreen status reviews --envoy-admin http://127.0.0.1:15000")]
pub struct StatusArgs {
    /// The VirtualService
    pub service: String,
    #[command(flatten)]
    pub metrics: SourceArgs,
    /// How much traffic the live metrics cover
    #[arg(long, value_name = "DURATION", default_value = "2s")]
    pub metrics_window: Duration,
    /// Whose colours: `istio` (the VirtualService SERVICE and its subsets) or
    /// `gateway-api` (the HTTPRoute SERVICE and its Services); default: the one
    /// carrying a rollout
    #[arg(long, value_name = "API", value_enum)]
    pub api: Option<rollout::Api>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Testers reach green with the header `x-meshctl-preview: green`
  meshctl bluegreen preview reviews --to green --header x-meshctl-preview=green

  # Take the preview route out again
  meshctl bluegreen preview reviews --to green --remove")]
pub struct PreviewArgs {
    /// The VirtualService
    pub service: String,
    /// The idle colour (subset) to preview
    #[arg(long, value_name = "SUBSET")]
    pub to: String,
    /// Requests with this header reach the idle colour (default `x-meshctl-preview=COLOUR`)
    #[arg(
        long,
        alias = "header",
        value_name = "NAME=VALUE",
        conflicts_with = "preview_host"
    )]
    pub preview_header: Option<String>,
    /// Requests for this host reach the idle colour
    #[arg(long, value_name = "HOST")]
    pub preview_host: Option<String>,
    /// Remove meshctl's preview route
    #[arg(long)]
    pub remove: bool,
    /// The object to add it to: `istio` (the VirtualService SERVICE, the default) or
    /// `gateway-api` (the HTTPRoute SERVICE; `--to` names a Service)
    #[arg(long, value_name = "API", value_enum)]
    pub api: Option<rollout::Api>,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Green misbehaves: all traffic back to blue now
  meshctl bluegreen rollback reviews --reason \"checkout errors\"")]
pub struct RollbackArgs {
    /// The VirtualService
    pub service: String,
    /// Why, for the record and the event
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub reason: String,
    #[command(flatten)]
    pub drive: DriveArgs,
}

async fn preview(ctx: &Ctx, args: &PreviewArgs) -> Result<ExitStatus> {
    let api = Some(args.api.unwrap_or_default());
    let (store, vs) = rollout::rollout_object(ctx, &args.service, api).await?;
    let object = store
        .get(&vs)
        .await?
        .ok_or_else(|| Error::not_found(format!("{vs} not found")))?;
    let split = if api == Some(rollout::Api::GatewayApi) {
        crate::core::rollout::backends::discover(&object, None, Some(&args.to))?
    } else {
        Split::subsets(default_stable(&object, &args.to, None)?, &args.to)
    };
    let from = split.stable.clone();
    let selector = routes::Selector::new(split, None);
    let matcher = match (&args.preview_host, &args.preview_header) {
        (Some(host), _) => Preview::Host { host: host.clone() },
        (None, Some(pair)) => {
            let (name, value) = pair.split_once('=').ok_or_else(|| {
                Error::usage(format!("`--preview-header {pair}` is not NAME=VALUE"))
                    .with_hint("e.g. `--preview-header x-meshctl-preview=green`")
            })?;
            Preview::Header {
                name: name.into(),
                value: value.into(),
            }
        }
        (None, None) => Preview::Header {
            name: "x-meshctl-preview".into(),
            value: args.to.clone(),
        },
    };
    let mut change = |obj: &mut Value| -> Result<()> {
        Ok(routes::set_preview(
            obj,
            &selector,
            &matcher,
            &args.to,
            args.remove,
        )?)
    };
    store.update(&vs, &mut change).await?;
    if args.remove {
        ctx.printer
            .info(&format!("removed the preview route of `{}`", args.service));
    } else {
        let how = match &matcher {
            Preview::Header { name, value } => format!("requests with header `{name}: {value}`"),
            Preview::Host { host } => format!("requests for host `{host}`"),
        };
        ctx.printer.info(&format!(
            "{how} now reach `{}` of `{}`; production traffic still goes to `{from}`",
            args.to, args.service
        ));
    }
    Ok(ExitStatus::Success)
}

async fn rollback(ctx: &Ctx, args: &RollbackArgs) -> Result<ExitStatus> {
    let reporter = rollout::reporter(ctx, &args.drive);
    let d = rollout::driver(ctx, &args.service, &args.drive, reporter.as_ref(), None).await?;
    let (_, rec) = d.record().await?;
    if !rec.phase.is_terminal() {
        let t = d
            .input(&Input::Rollback {
                reason: args.reason.clone(),
            })
            .await?;
        ctx.printer.info(&format!(
            "switched `{}` back: {}",
            args.service, t.record.weights
        ));
        return Ok(ExitStatus::Success);
    }
    if rec.phase != Phase::Succeeded || !rec.spec.is_blue_green() {
        return Err(Error::new(
            crate::ErrorKind::Conflict,
            format!(
                "the last rollout of `{}` is {}: `{}` still serves all traffic",
                args.service, rec.phase, rec.spec.split.stable
            ),
        )
        .with_hint("there is no switch to take back"));
    }
    // The old colour's Deployment, scaled down after the switch, is put back first.
    rollout::workload::restore_stable(ctx, reporter.as_ref(), &rec).await?;
    // A finished switch is taken back by an immediate switch the other way, recorded
    // as a rollout of its own (one guarded update, no verification).
    let (now_active, previous) = (&rec.spec.split.canary, &rec.spec.split.stable);
    let back = Split {
        stable: now_active.clone(),
        canary: previous.clone(),
        ..rec.spec.split.clone()
    };
    let mut spec = RolloutSpec::blue_green(
        &args.service,
        back,
        BlueGreen {
            preview: None,
            verify_before: None,
            verify_after: None,
            halfway: false,
            no_revert: false,
        },
        Duration::from_secs(60),
    );
    spec.finish = rec.spec.finish;
    spec.kind = rec.spec.kind.clone();
    let route = rollout::driver::snapshot_of(&rec)?.route;
    let (record, _, _) = d.start(&spec, route.as_deref(), true).await?;
    let why = if args.reason.is_empty() {
        String::new()
    } else {
        format!(": {}", args.reason)
    };
    let message = format!(
        "switched `{}` back from `{now_active}` to `{previous}`{why}",
        args.service
    );
    let event = EventRecord {
        object: d.vs.clone(),
        reason: "BlueGreenReverted".into(),
        message: message.clone(),
        warning: true,
    };
    if let Err(err) = d.store.record_event(&event).await {
        ctx.printer
            .warn(&format!("could not record the event: {}", err.message()));
    }
    ctx.printer.info(&format!("{message} ({})", record.weights));
    Ok(ExitStatus::Success)
}

async fn status(ctx: &Ctx, args: &StatusArgs) -> Result<ExitStatus> {
    let (store, vs_ref) = rollout::rollout_object(ctx, &args.service, args.api).await?;
    let vs = store
        .get(&vs_ref)
        .await?
        .ok_or_else(|| Error::not_found(format!("{vs_ref} not found")))?;
    let record = rollout::driver::record_of(&vs)?;
    // On an HTTPRoute the colours are Services: no DestinationRule subsets.
    let on_route = vs_ref.kind == crate::core::rollout::shape::HTTP_ROUTE;
    // The colours: the DestinationRule's subsets for the host; the active one is the
    // subset the main route gives all traffic.
    let host = rollout::driver::service_host(&vs).unwrap_or_else(|| args.service.clone());
    let ns = vs_ref.namespace.clone().unwrap_or_default();
    let rules = if on_route {
        Vec::new()
    } else {
        store
            .list(
                ISTIO_NETWORKING,
                "DestinationRule",
                &ListQuery {
                    namespace: Some(ns.clone()),
                    label_selector: None,
                },
            )
            .await?
    };
    let full = crate::core::host::fqdn(&host, &ns);
    let (service, service_ns) = crate::core::host::service_of(&full).unwrap_or((&host, &ns));
    let subsets: Vec<(String, String)> = Resource::read_all(&rules)
        .iter()
        .filter(|dr: &&DestinationRule| service::rule_is_for_service(dr, service, service_ns))
        .flat_map(|dr| dr.spec.subsets.clone())
        .map(|s| {
            let labels = s
                .labels
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(",");
            (s.name, labels)
        })
        .collect();
    let weights = routes::main_weights(&vs)
        .and_then(|map| Weights::new(map).ok())
        // Weights that do not sum to 100 are still shown as they are.
        .unwrap_or_else(|| Weights::split("?", "?", 0));
    let source = rollout::named_source(ctx, &args.metrics)?;
    let mut names: Vec<String> = subsets.iter().map(|(n, _)| n.clone()).collect();
    for (name, _) in weights.iter() {
        if !names.iter().any(|c| c == name) {
            names.push(name.to_string());
        }
    }
    let mut colours = Vec::new();
    for name in names {
        let weight = weights.get(&name);
        let labels = subsets
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| "-".into());
        let metrics = match &source {
            Some(source) => {
                let target = if on_route {
                    Target::new(&ns, &name, "")
                } else {
                    Target::new(&ns, &host, &name)
                };
                Some(match source.sample(&target, args.metrics_window).await {
                    Ok(s) => format!(
                        "{:.1} rps, success {}",
                        s.rps,
                        s.success_rate
                            .map(|r| format!("{r:.1}%"))
                            .unwrap_or_else(|| "-".into())
                    ),
                    Err(e) => format!("no metrics ({e})"),
                })
            }
            None => None,
        };
        colours.push(Colour {
            role: BlueGreenStatus::role(weight).to_string(),
            name,
            weight,
            labels,
            metrics,
        });
    }
    let view = BlueGreenStatus {
        service: args.service.clone(),
        colours,
        preview: routes::has_preview(&vs),
        last_switch: record.as_ref().map(BlueGreenStatus::last_switch),
    };
    ctx.printer.show_as(&view, &args.output)?;
    Ok(match &record {
        Some(rec) => view::status_exit(rec),
        None => ExitStatus::Success,
    })
}
