//! `meshctl gateway list`: Gateways as a table (or JSON/YAML for scripts), with the
//! VirtualServices that bind to each.

use crate::cmd::Ctx;
use crate::core::store::{ISTIO_NETWORKING, ListQuery};
use crate::output::{OutputFormat, table};
use crate::{Error, ExitStatus, Result};
use serde_json::Value;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Gateways in the current namespace
  meshctl gateway list

  # In every namespace, as JSON
  meshctl gateway list -A -o json")]
pub struct Args {
    /// List Gateways in every namespace
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,

    /// Output format: table (default), json or yaml
    #[arg(short = 'o', long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
}

/// One row of the list: what people want to know about a gateway at a glance.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayView {
    pub namespace: String,
    pub name: String,
    pub selector: Vec<String>,
    pub ports: Vec<String>,
    pub hosts: Vec<String>,
    pub tls: Vec<String>,
    pub routed_by: Vec<String>,
    /// The gateway workloads (`NS/NAME`) whose pods the selector picks; empty when
    /// none does or the workload cluster could not be read.
    pub workloads: Vec<String>,
}

fn strs(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn ns_name(object: &Value) -> (String, String) {
    let get = |p| {
        object
            .pointer(p)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    (get("/metadata/namespace"), get("/metadata/name"))
}

/// The view of each gateway; `routed_by` names the VirtualServices whose `gateways`
/// refer to it (`NAME` from its own namespace, `NS/NAME` from any).
pub fn views(gateways: &[Value], virtual_services: &[Value]) -> Vec<GatewayView> {
    let mut out: Vec<GatewayView> = gateways
        .iter()
        .map(|gw| {
            let (namespace, name) = ns_name(gw);
            let selector = gw
                .pointer("/spec/selector")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                        .collect()
                })
                .unwrap_or_default();
            let servers = gw
                .pointer("/spec/servers")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let mut ports = Vec::new();
            let mut hosts: Vec<String> = Vec::new();
            let mut tls = Vec::new();
            for s in &servers {
                let number = s
                    .pointer("/port/number")
                    .and_then(Value::as_u64)
                    .unwrap_or_default();
                let protocol = s
                    .pointer("/port/protocol")
                    .and_then(Value::as_str)
                    .unwrap_or("?");
                ports.push(format!("{number}/{protocol}"));
                for h in strs(s.get("hosts")) {
                    if !hosts.contains(&h) {
                        hosts.push(h);
                    }
                }
                if let Some(t) = s.get("tls") {
                    if t.get("httpsRedirect").and_then(Value::as_bool) == Some(true) {
                        tls.push(format!("{number}:redirect"));
                    }
                    if let Some(mode) = t.get("mode").and_then(Value::as_str) {
                        match t.get("credentialName").and_then(Value::as_str) {
                            Some(secret) => tls.push(format!("{number}:{mode}({secret})")),
                            None => tls.push(format!("{number}:{mode}")),
                        }
                    }
                }
            }
            let routed_by = virtual_services
                .iter()
                .filter_map(|vs| {
                    let (vs_ns, vs_name) = ns_name(vs);
                    let binds = strs(vs.pointer("/spec/gateways")).iter().any(|g| {
                        match g.split_once('/') {
                            Some((gns, gname)) => gns == namespace && gname == name,
                            None => vs_ns == namespace && *g == name,
                        }
                    });
                    binds.then(|| {
                        if vs_ns == namespace {
                            vs_name
                        } else {
                            format!("{vs_ns}/{vs_name}")
                        }
                    })
                })
                .collect();
            GatewayView {
                namespace,
                name,
                selector,
                ports,
                hosts,
                tls,
                routed_by,
                workloads: Vec::new(),
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    out
}

/// The kubectl-style table of `views`.
pub fn render_table(views: &[GatewayView]) -> String {
    let mut t = table::new_table([
        "namespace",
        "name",
        "selector",
        "ports",
        "hosts",
        "tls",
        "routed-by",
    ]);
    let cell = |v: &[String]| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.join(",")
        }
    };
    for v in views {
        t.add_row([
            v.namespace.clone(),
            v.name.clone(),
            cell(&v.selector),
            cell(&v.ports),
            cell(&v.hosts),
            cell(&v.tls),
            cell(&v.routed_by),
        ]);
    }
    table::render(&t)
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    if args.output == Some(OutputFormat::Wide) {
        return Err(
            Error::usage("`gateway list` does not support `-o wide`").with_hint(
                "the table already shows every column; use `-o json` or `-o yaml` for scripts",
            ),
        );
    }
    let store = ctx.mesh_store().await?;
    let query = ListQuery {
        namespace: if args.all_namespaces {
            None
        } else {
            Some(ctx.mesh_namespace().await?)
        },
        label_selector: None,
    };
    let gateways = store.list(ISTIO_NETWORKING, "Gateway", &query).await?;
    // With `-A`, VirtualServices in any namespace that bind `NS/NAME` show too; without
    // it, only the namespace is read (a namespaced Role is enough).
    let virtual_services = store
        .list(ISTIO_NETWORKING, "VirtualService", &query)
        .await?;
    let mut views = views(&gateways, &virtual_services);
    let workloads = read_workloads(ctx, &gateways, &mut views).await;
    match args.output {
        Some(OutputFormat::Json) => ctx
            .printer
            .data(&format!("{}\n", serde_json::to_string_pretty(&views)?))?,
        Some(OutputFormat::Yaml) => ctx
            .printer
            .data(&crate::core::yaml::to_yaml(&serde_json::to_value(&views)?))?,
        _ if views.is_empty() => match &query.namespace {
            Some(ns) => ctx
                .printer
                .info(&format!("No gateways found in namespace `{ns}`.")),
            None => ctx.printer.info("No gateways found."),
        },
        _ => {
            let mut text = render_table(&views);
            if !workloads.is_empty() {
                text.push('\n');
                text.push_str(&super::workloads::render_table(&workloads));
            }
            ctx.printer.data(&text)?;
        }
    }
    Ok(ExitStatus::Success)
}

/// The gateway workloads from the workload cluster, noted on each rule's view; a rule
/// that selects none is warned about. When the workload cluster cannot be read (no
/// cluster-wide list permission, say) the rules still show, with a warning.
async fn read_workloads(
    ctx: &Ctx,
    gateways: &[Value],
    views: &mut [GatewayView],
) -> Vec<super::workloads::WorkloadView> {
    let read = async { super::workloads::read(ctx.cluster().await?.as_ref()).await };
    let (deployments, services) = match read.await {
        Ok(found) => found,
        Err(err) => {
            ctx.printer
                .warn(&format!("gateway workloads not shown: {}", err.message()));
            return Vec::new();
        }
    };
    let workloads = super::workloads::views(&deployments, &services, gateways);
    for view in views.iter_mut() {
        let key = format!("{}/{}", view.namespace, view.name);
        view.workloads = workloads
            .iter()
            .filter(|w| w.selected_by.contains(&key))
            .map(|w| format!("{}/{}", w.namespace, w.name))
            .collect();
        if view.workloads.is_empty() {
            ctx.printer
                .warn(&format!("Gateway `{key}` selects no gateway workload"));
        }
    }
    workloads
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn views_summarise_servers_and_find_bound_virtual_services() {
        let gw = json!({"metadata": {"name": "shop", "namespace": "prod"}, "spec": {
        "selector": {"istio": "ingressgateway"},
        "servers": [
            {"port": {"number": 443, "protocol": "HTTPS"}, "hosts": ["a.example", "b.example"], "tls": {"mode": "SIMPLE", "credentialName": "cert"}},
            {"port": {"number": 80, "protocol": "HTTP"}, "hosts": ["a.example"], "tls": {"httpsRedirect": true}}
        ]}});
        let vss = [
            json!({"metadata": {"name": "web", "namespace": "prod"}, "spec": {"gateways": ["shop"]}}),
            json!({"metadata": {"name": "api", "namespace": "team"}, "spec": {"gateways": ["prod/shop"]}}),
            json!({"metadata": {"name": "other", "namespace": "team"}, "spec": {"gateways": ["shop"]}}),
            json!({"metadata": {"name": "mesh", "namespace": "prod"}, "spec": {}}),
        ];
        let v = &views(&[gw], &vss)[0];
        assert_eq!(v.selector, ["istio=ingressgateway"]);
        assert_eq!(v.ports, ["443/HTTPS", "80/HTTP"]);
        assert_eq!(v.hosts, ["a.example", "b.example"]);
        assert_eq!(v.tls, ["443:SIMPLE(cert)", "80:redirect"]);
        assert_eq!(v.routed_by, ["web", "team/api"]);
    }
}
