//! `meshctl render gateway NAME --host H [--tls-mode SIMPLE --credential-name S]`: an
//! ingress Gateway, from flags or the spec's `gateway` section — Istio's, or with
//! `--api gateway-api` the Kubernetes Gateway API's (an HTTPRoute does the redirect).

use super::{CommonArgs, Draft, flags};
use crate::cmd::Ctx;
use crate::core::model::Kind;
use crate::core::render::gateway_api::{self, DEFAULT_GATEWAY_CLASS};
use crate::core::spec::{Parts, Protocol, ServerTlsMode, ServerTlsSpec};
use crate::{ExitStatus, Result};

const EXAMPLES: &str = "\
Examples:
  # HTTPS with a certificate from the secret `reviews-cert`, and HTTP redirected to it
  meshctl render gateway reviews-gw --host reviews.example.com \\
    --tls-mode SIMPLE --credential-name reviews-cert --https-redirect

  # Plain HTTP on port 80
  meshctl render gw public --host '*.example.com' --protocol HTTP --port 80

  # TLS passed through to the service, on a dedicated gateway deployment
  meshctl render gw db-gw --host db.example.com --tls-mode PASSTHROUGH \\
    --selector istio=db-gateway

  # The spec's `gateway` section
  meshctl render gw -f reviews.yaml -n shop

  # A Gateway API Gateway of class `istio`, HTTPS with HTTP redirected to it
  meshctl render gateway web --api gateway-api --host shop.example.com \
    --tls-mode SIMPLE --credential-name shop-cert --https-redirect";

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Name of the Gateway (default: the spec's `gateway.name`, else `<name>-gateway`)
    #[arg(value_name = "NAME", value_parser = flags::object_name)]
    pub name: Option<String>,

    /// Host the gateway accepts, optionally `NS/HOST` (repeatable)
    #[arg(long = "host", value_name = "HOST", value_parser = flags::gateway_host)]
    pub hosts: Vec<String>,

    /// Port to listen on (default: 443 with TLS, else 80)
    #[arg(long, value_name = "PORT", value_parser = flags::port)]
    pub port: Option<u32>,

    /// Protocol of the port (default: `HTTPS` with TLS, `TLS` for `PASSTHROUGH`, else `HTTP`)
    #[arg(long, value_name = "PROTOCOL", value_parser = flags::choice::<Protocol>())]
    pub protocol: Option<Protocol>,

    /// TLS mode of the server
    #[arg(long, value_name = "MODE", value_parser = flags::choice::<ServerTlsMode>())]
    pub tls_mode: Option<ServerTlsMode>,

    /// Secret holding the server certificate (`SIMPLE`, `MUTUAL`)
    #[arg(long, value_name = "SECRET", value_parser = flags::object_name)]
    pub credential_name: Option<String>,

    /// Also listen on port 80 and redirect HTTP to HTTPS
    #[arg(long)]
    pub https_redirect: bool,

    /// Pod label of the gateway deployment, `KEY=VALUE` (repeatable; default
    /// `istio=ingressgateway`)
    #[arg(long = "selector", value_name = "KEY=VALUE", value_parser = flags::label)]
    pub selector: Vec<(String, String)>,

    /// Which API to render: `istio` (networking.istio.io) or `gateway-api`
    /// (gateway.networking.k8s.io)
    #[arg(long, value_name = "API", value_enum, default_value_t = crate::cli::flags::Api::Istio)]
    pub api: crate::cli::flags::Api,

    /// GatewayClass of a Gateway API Gateway (default `istio`)
    #[arg(long, value_name = "CLASS", value_parser = flags::object_name)]
    pub gateway_class: Option<String>,

    #[command(flatten)]
    pub common: CommonArgs,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let mut draft = Draft::load(&args.common, "gateway")?;
    draft.setter("gateway.name", "NAME");
    draft.setter("gateway.hosts", "--host");
    draft.setter("gateway.tls.credentialName", "--credential-name");
    draft.setter("gateway.tls", "--tls-mode");
    if draft.spec.gateway.is_none() {
        // No `gateway` section: whatever the gateway lacks, the flags should have given.
        draft.flag("gateway", "NAME");
    }
    let mut gw = draft.spec.gateway.clone().unwrap_or_default();
    if let Some(name) = &args.name {
        gw.name = Some(name.clone());
        draft.flag("gateway.name", "NAME");
    }
    if !args.hosts.is_empty() {
        gw.hosts = args.hosts.clone();
        draft.flag("gateway.hosts", "--host");
    }
    if let Some(port) = args.port {
        gw.port = Some(port);
    }
    if let Some(protocol) = args.protocol {
        gw.protocol = Some(protocol);
        draft.flag("gateway.protocol", "--protocol");
    }
    if let Some(mode) = args.tls_mode {
        let credential_name = gw.tls.as_ref().and_then(|t| t.credential_name.clone());
        gw.tls = Some(ServerTlsSpec {
            mode,
            credential_name,
        });
        draft.flag("gateway.tls", "--tls-mode");
    }
    if let Some(secret) = &args.credential_name {
        match gw.tls.as_mut() {
            Some(tls) => tls.credential_name = Some(secret.clone()),
            None => {
                gw.tls = Some(ServerTlsSpec {
                    mode: ServerTlsMode::Simple,
                    credential_name: Some(secret.clone()),
                })
            }
        }
        draft.flag("gateway.tls.credentialName", "--credential-name");
    }
    if args.https_redirect {
        gw.https_redirect = true;
    }
    if !args.selector.is_empty() {
        gw.selector = args.selector.iter().cloned().collect();
        draft.flag("gateway.selector", "--selector");
    }
    draft.spec.gateway = Some(gw);
    let parts = Parts {
        gateway: true,
        ..Parts::default()
    };
    if args.api != crate::cli::flags::Api::GatewayApi {
        if args.gateway_class.is_some() {
            return Err(
                crate::Error::usage("`--gateway-class` needs `--api gateway-api`")
                    .with_hint("Istio's Gateway picks its deployment with `--selector`"),
            );
        }
        return draft.render(ctx, &args.common, parts);
    }
    let class = args
        .gateway_class
        .as_deref()
        .unwrap_or(DEFAULT_GATEWAY_CLASS);
    super::check_namespace(ctx)?;
    draft.check(parts)?;
    args.common.refuse_istio_version()?;
    let options = draft.options(ctx, &args.common);
    let spec = draft.spec.in_namespace(&options.namespace);
    let (gateway, redirect) = gateway_api::gateway(&spec, &options, class)?;
    let mut contexts = vec![(Kind::ApiGateway, gateway)];
    contexts.extend(redirect.map(|r| (Kind::HttpRoute, r)));
    super::render_contexts(ctx, &args.common.out, &contexts)
}
