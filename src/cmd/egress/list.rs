//! `meshctl egress list`: the external hosts meshctl allowed, from the ServiceEntries
//! it created, and whether they go through the egress gateway.

use crate::cmd::Ctx;
use crate::core::policy::egress::egress_host;
use crate::core::store::{self, ISTIO_NETWORKING, ListQuery};
use crate::output::{OutputFormat, table};
use crate::{Error, ExitStatus, Result};
use serde_json::Value;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # External hosts allowed in the current namespace
  meshctl egress list

  # Everywhere, as JSON
  meshctl egress list -A -o json")]
pub struct Args {
    /// List in every namespace
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,

    /// Output format: table (default), json or yaml
    #[arg(short = 'o', long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
}

/// One allowed host.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EgressView {
    pub namespace: String,
    pub host: String,
    pub ports: Vec<String>,
    pub via_gateway: bool,
}

fn text(o: &Value, pointer: &str) -> String {
    o.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The view of each meshctl-made ServiceEntry; `via_gateway` when a meshctl-made
/// Gateway for the same host is in the same namespace.
pub fn views(service_entries: &[Value], gateways: &[Value]) -> Vec<EgressView> {
    let mut out: Vec<EgressView> = service_entries
        .iter()
        .filter_map(|se| {
            let host = egress_host(se)?;
            let namespace = text(se, "/metadata/namespace");
            let ports = se
                .pointer("/spec/ports")
                .and_then(Value::as_array)
                .map(|ports| {
                    ports
                        .iter()
                        .map(|p| format!("{}/{}", p["number"], text(p, "/protocol")))
                        .collect()
                })
                .unwrap_or_default();
            let via_gateway = gateways.iter().any(|gw| {
                egress_host(gw) == Some(host) && text(gw, "/metadata/namespace") == namespace
            });
            Some(EgressView {
                namespace,
                host: host.to_string(),
                ports,
                via_gateway,
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.namespace, &a.host).cmp(&(&b.namespace, &b.host)));
    out
}

pub fn render_table(views: &[EgressView]) -> String {
    let mut t = table::new_table(["namespace", "host", "ports", "via-gateway"]);
    for v in views {
        t.add_row([
            v.namespace.clone(),
            v.host.clone(),
            v.ports.join(","),
            if v.via_gateway { "yes" } else { "no" }.to_string(),
        ]);
    }
    table::render(&t)
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    if args.output == Some(OutputFormat::Wide) {
        return Err(Error::usage("`egress list` does not support `-o wide`")
            .with_hint("use `-o json` or `-o yaml` for scripts"));
    }
    let store = ctx.mesh_store().await?;
    let query = ListQuery {
        namespace: if args.all_namespaces {
            None
        } else {
            Some(ctx.mesh_namespace().await?)
        },
        label_selector: Some(format!(
            "{}={}",
            store::MANAGED_BY_LABEL,
            store::MANAGED_BY_VALUE
        )),
    };
    let entries = store.list(ISTIO_NETWORKING, "ServiceEntry", &query).await?;
    let gateways = store.list(ISTIO_NETWORKING, "Gateway", &query).await?;
    let views = views(&entries, &gateways);
    match args.output {
        Some(OutputFormat::Json) => ctx
            .printer
            .data(&format!("{}\n", serde_json::to_string_pretty(&views)?))?,
        Some(OutputFormat::Yaml) => ctx
            .printer
            .data(&crate::core::yaml::to_yaml(&serde_json::to_value(&views)?))?,
        _ if views.is_empty() => ctx.printer.info("No external hosts allowed by meshctl."),
        _ => ctx.printer.data(&render_table(&views))?,
    }
    Ok(ExitStatus::Success)
}
