//! `meshctl egress allow HOST`: renders the egress objects (`core::policy::egress`),
//! validates them against Istio's schemas and applies them (server-side apply).

use crate::cli::flags::DryRunArgs;
use crate::cmd::{Ctx, rendered};
use crate::core::policy::egress::{self, EgressGateway, EgressRequest, Protocol};
use crate::core::schema::Catalog;
use crate::{Error, ExitStatus, Result};

/// `--protocol` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "UPPER")]
pub enum ProtocolArg {
    Tls,
    Https,
    Http,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Let workloads call https://api.stripe.com directly
  meshctl egress allow api.stripe.com

  # Send it through the egress gateway (TLS passed through, routed by SNI)
  meshctl egress allow api.stripe.com --via-gateway

  # Plain HTTP on port 80 through the egress gateway, shown but not applied
  meshctl egress allow edition.cnn.com --port 80 --protocol HTTP --via-gateway --dry-run")]
pub struct Args {
    /// The external host, e.g. `api.stripe.com` (or `*.example.com` without a gateway)
    #[arg(value_parser = crate::cmd::render::flags::host)]
    pub host: String,

    /// Port of the external host
    #[arg(long, default_value_t = 443)]
    pub port: u16,

    /// Protocol (default: TLS on 443, HTTP on 80, else TLS)
    #[arg(long, value_enum, ignore_case = true, value_name = "TLS|HTTPS|HTTP")]
    pub protocol: Option<ProtocolArg>,

    /// Route the traffic through the egress gateway
    #[arg(long)]
    pub via_gateway: bool,

    /// Labels of the egress gateway pods
    #[arg(
        long,
        value_name = "KEY=VALUE",
        default_value = "istio=egressgateway",
        requires = "via_gateway"
    )]
    pub gateway_selector: Vec<String>,

    /// Host of the egress gateway's service
    #[arg(
        long,
        value_name = "HOST",
        default_value = "istio-egressgateway.istio-system.svc.cluster.local",
        requires = "via_gateway"
    )]
    pub gateway_service: String,

    #[command(flatten)]
    pub dry_run: DryRunArgs,
}

impl Args {
    pub fn request(&self, namespace: &str) -> Result<EgressRequest> {
        let protocol = match (self.protocol, self.port) {
            (Some(ProtocolArg::Http), _) | (None, 80) => Protocol::Http,
            (Some(ProtocolArg::Https), _) => Protocol::Https,
            _ => Protocol::Tls,
        };
        if self.via_gateway && self.host.contains('*') {
            return Err(Error::usage(format!(
                "cannot route the wildcard host `{}` through the egress gateway",
                self.host
            ))
            .with_hint("name one host, or allow the wildcard without `--via-gateway`"));
        }
        let via_gateway = if self.via_gateway {
            let mut selector = Vec::new();
            for s in &self.gateway_selector {
                let (k, v) = s.split_once('=').ok_or_else(|| {
                    Error::usage(format!("invalid `--gateway-selector {s}`"))
                        .with_hint("use `KEY=VALUE`, e.g. `istio=egressgateway`")
                })?;
                selector.push((k.to_string(), v.to_string()));
            }
            Some(EgressGateway {
                selector,
                service: self.gateway_service.clone(),
            })
        } else {
            None
        };
        Ok(EgressRequest {
            host: self.host.clone(),
            port: self.port,
            protocol,
            namespace: namespace.to_string(),
            via_gateway,
        })
    }
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let namespace = rendered::namespace(ctx, args.dry_run).await?;
    let objects = egress::render(&args.request(&namespace)?);
    let mut findings = Vec::new();
    for object in &objects {
        for v in Catalog::builtin().validate(object) {
            findings.push(format!(
                "{}: {}: {}",
                object["kind"].as_str().unwrap_or_default(),
                v.path,
                v.message
            ));
        }
    }
    if !findings.is_empty() {
        return Err(Error::invalid(format!(
            "the egress objects for `{}` are not valid against Istio's schemas; nothing was applied",
            args.host
        ))
        .with_details(findings)
        .with_hint("check the host and `--port`"));
    }
    rendered::write(ctx, &objects, &namespace, args.dry_run).await
}
