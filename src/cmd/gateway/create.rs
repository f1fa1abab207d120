//! `meshctl gateway create NAME --host H --route SERVICE[:PORT]`: renders a Gateway and
//! a VirtualService bound to it, validates both, and applies both (server-side apply).

use super::GATEWAY_ANNOTATION;
use crate::cli::flags::DryRunArgs;
use crate::cmd::{Ctx, rendered};
use crate::core::schema::Catalog;
use crate::core::store::{self, ISTIO_NETWORKING};
use crate::{Error, ExitStatus, Result};
use serde_json::{Value, json};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Route shop.example.com on port 80 to the `web` service
  meshctl gateway create shop --host shop.example.com --route web

  # HTTPS with a certificate secret, redirect plain HTTP, and an API prefix
  meshctl gateway create shop --host shop.example.com --tls-secret shop-cert \\
    --https-redirect --route /api=api:8080 --route web:80

  # See the two objects without applying them
  meshctl gateway create shop --host shop.example.com --route web --dry-run")]
pub struct Args {
    /// Name of the Gateway (and of its VirtualService)
    pub name: String,

    /// Host the gateway serves, e.g. `shop.example.com`; repeatable
    #[arg(long = "host", value_name = "HOST", required = true, value_parser = crate::cmd::render::flags::gateway_host)]
    pub hosts: Vec<String>,

    /// Port to listen on (default: 443 with `--tls-secret`, else 80)
    #[arg(long, value_name = "PORT")]
    pub port: Option<u16>,

    /// Secret with the TLS certificate: serve HTTPS (TLS mode SIMPLE)
    #[arg(long, value_name = "SECRET")]
    pub tls_secret: Option<String>,

    /// Also listen on port 80 and redirect it to HTTPS (needs `--tls-secret`)
    #[arg(long, requires = "tls_secret")]
    pub https_redirect: bool,

    /// Where traffic goes: `SERVICE[:PORT]`, or `/PREFIX=SERVICE[:PORT]` for a path
    /// prefix; repeatable, prefixes are matched in order, the one without a prefix last
    #[arg(
        long = "route",
        value_name = "[/PREFIX=]SERVICE[:PORT]",
        required = true
    )]
    pub routes: Vec<String>,

    /// Labels of the gateway workload to bind to (default: `istio=ingressgateway`)
    #[arg(long = "selector", value_name = "KEY=VALUE")]
    pub selectors: Vec<String>,

    #[command(flatten)]
    pub dry_run: DryRunArgs,
}

/// One `--route`: an optional path prefix and a destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub prefix: Option<String>,
    pub host: String,
    pub port: Option<u16>,
}

impl std::str::FromStr for Route {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        let bad = || {
            Error::usage(format!("invalid `--route {text}`"))
                .with_hint("use `SERVICE`, `SERVICE:PORT` or `/PREFIX=SERVICE:PORT`, e.g. `--route /api=api:8080`")
        };
        let (prefix, dest) = match text.split_once('=') {
            Some((prefix, dest)) if prefix.starts_with('/') => (Some(prefix.to_string()), dest),
            Some(_) => return Err(bad()),
            None => (None, text),
        };
        let (host, port) = match dest.rsplit_once(':') {
            Some((host, port)) => (host, Some(port.parse::<u16>().map_err(|_| bad())?)),
            None => (dest, None),
        };
        if host.is_empty() || host.contains('/') {
            return Err(bad());
        }
        if let Err(why) = crate::core::spec::check_host(host) {
            return Err(Error::usage(format!("invalid `--route {text}`: {why}"))
                .with_hint("name a service, e.g. `--route web:8080` or `--route /api=api.shop.svc.cluster.local:8080`"));
        }
        Ok(Route {
            prefix,
            host: host.to_string(),
            port,
        })
    }
}

/// The Gateway and VirtualService for `args` in `namespace`, with meshctl's label and
/// the annotation that ties the VirtualService to its gateway.
pub fn render(args: &Args, namespace: &str) -> Result<(Value, Value)> {
    let routes = args
        .routes
        .iter()
        .map(|r| r.parse::<Route>())
        .collect::<Result<Vec<_>>>()?;
    if routes.iter().filter(|r| r.prefix.is_none()).count() > 1 {
        return Err(
            Error::usage("more than one `--route` without a path prefix").with_hint(
                "give every route but one a prefix, e.g. `--route /api=api:8080 --route web`",
            ),
        );
    }
    let mut selector = serde_json::Map::new();
    for s in &args.selectors {
        let (k, v) = s
            .split_once('=')
            .filter(|(k, _)| !k.is_empty())
            .ok_or_else(|| {
                Error::usage(format!("invalid `--selector {s}`"))
                    .with_hint("use `KEY=VALUE`, e.g. `--selector istio=ingressgateway`")
            })?;
        selector.insert(k.to_string(), Value::String(v.to_string()));
    }
    if selector.is_empty() {
        selector.insert("istio".into(), "ingressgateway".into());
    }

    let mut servers = Vec::new();
    match &args.tls_secret {
        Some(secret) => {
            let port = args.port.unwrap_or(443);
            servers.push(json!({
                "port": {"number": port, "name": format!("https-{port}"), "protocol": "HTTPS"},
                "hosts": args.hosts,
                "tls": {"mode": "SIMPLE", "credentialName": secret},
            }));
            if args.https_redirect {
                servers.push(json!({
                    "port": {"number": 80, "name": "http-80", "protocol": "HTTP"},
                    "hosts": args.hosts,
                    "tls": {"httpsRedirect": true},
                }));
            }
        }
        None => {
            let port = args.port.unwrap_or(80);
            servers.push(json!({
                "port": {"number": port, "name": format!("http-{port}"), "protocol": "HTTP"},
                "hosts": args.hosts,
            }));
        }
    }
    let mut gateway = json!({
        "apiVersion": format!("{ISTIO_NETWORKING}/v1"),
        "kind": "Gateway",
        "metadata": {"name": args.name, "namespace": namespace},
        "spec": {"selector": selector, "servers": servers},
    });

    let mut ordered: Vec<&Route> = routes.iter().filter(|r| r.prefix.is_some()).collect();
    ordered.extend(routes.iter().filter(|r| r.prefix.is_none()));
    let http: Vec<Value> = ordered
        .into_iter()
        .map(|r| {
            let mut destination = json!({"host": r.host});
            if let Some(port) = r.port {
                destination["port"] = json!({"number": port});
            }
            let mut rule = json!({"route": [{"destination": destination}]});
            if let Some(prefix) = &r.prefix {
                rule =
                    json!({"match": [{"uri": {"prefix": prefix}}], "route": rule["route"].clone()});
            }
            rule
        })
        .collect();
    let mut vs = json!({
        "apiVersion": format!("{ISTIO_NETWORKING}/v1"),
        "kind": "VirtualService",
        "metadata": {
            "name": args.name,
            "namespace": namespace,
            "annotations": {GATEWAY_ANNOTATION: args.name},
        },
        "spec": {"hosts": args.hosts, "gateways": [args.name], "http": http},
    });
    store::mark_managed(&mut gateway);
    store::mark_managed(&mut vs);
    Ok((gateway, vs))
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let namespace = rendered::namespace(ctx, args.dry_run).await?;
    let (gateway, vs) = render(args, &namespace)?;
    let mut findings = Vec::new();
    for object in [&gateway, &vs] {
        for v in Catalog::builtin().validate(object) {
            findings.push(format!(
                "{} `{}`: {}: {}",
                object["kind"].as_str().unwrap_or_default(),
                args.name,
                v.path,
                v.message
            ));
        }
    }
    if !findings.is_empty() {
        return Err(Error::invalid(
            "the rendered objects are not valid against Istio's schemas; nothing was applied",
        )
        .with_details(findings)
        .with_hint("check the `--host`, `--port` and `--route` values"));
    }
    rendered::write(ctx, &[gateway, vs], &namespace, args.dry_run).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrap {
        #[command(flatten)]
        args: Args,
    }

    fn args(line: &[&str]) -> Args {
        let mut argv = vec!["x"];
        argv.extend_from_slice(line);
        Wrap::parse_from(argv).args
    }

    #[test]
    fn routes_parse_prefixes_and_ports() {
        assert_eq!(
            "/api=api:8080".parse::<Route>().unwrap(),
            Route {
                prefix: Some("/api".into()),
                host: "api".into(),
                port: Some(8080)
            }
        );
        assert_eq!("web".parse::<Route>().unwrap().port, None);
        assert!("api=web".parse::<Route>().is_err());
        assert!("web:http".parse::<Route>().is_err());
    }

    #[test]
    fn renders_a_plain_http_gateway_and_its_route() {
        let (gw, vs) = render(
            &args(&["shop", "--host", "shop.example.com", "--route", "web"]),
            "prod",
        )
        .unwrap();
        assert_eq!(gw["spec"]["selector"], json!({"istio": "ingressgateway"}));
        assert_eq!(
            gw["spec"]["servers"][0]["port"],
            json!({"number": 80, "name": "http-80", "protocol": "HTTP"})
        );
        assert_eq!(gw["metadata"]["labels"][store::MANAGED_BY_LABEL], "meshctl");
        assert_eq!(vs["spec"]["gateways"], json!(["shop"]));
        assert_eq!(
            vs["spec"]["http"],
            json!([{"route": [{"destination": {"host": "web"}}]}])
        );
        assert_eq!(vs["metadata"]["annotations"][GATEWAY_ANNOTATION], "shop");
        assert_eq!(vs["metadata"]["namespace"], "prod");
    }

    #[test]
    fn renders_tls_redirect_and_prefix_routes_in_order() {
        let a = args(&[
            "shop",
            "--host",
            "a.example",
            "--tls-secret",
            "cert",
            "--https-redirect",
            "--route",
            "web:80",
            "--route",
            "/api=api:8080",
            "--selector",
            "app=edge",
        ]);
        let (gw, vs) = render(&a, "prod").unwrap();
        let servers = gw["spec"]["servers"].as_array().unwrap();
        assert_eq!(
            servers[0]["tls"],
            json!({"mode": "SIMPLE", "credentialName": "cert"})
        );
        assert_eq!(servers[0]["port"]["number"], 443);
        assert_eq!(servers[1]["tls"], json!({"httpsRedirect": true}));
        assert_eq!(gw["spec"]["selector"], json!({"app": "edge"}));
        assert_eq!(
            vs["spec"]["http"][0]["match"],
            json!([{"uri": {"prefix": "/api"}}])
        );
        assert_eq!(
            vs["spec"]["http"][1]["route"][0]["destination"],
            json!({"host": "web", "port": {"number": 80}})
        );
    }

    #[test]
    fn two_default_routes_are_refused() {
        let err = render(
            &args(&["s", "--host", "h", "--route", "a", "--route", "b"]),
            "ns",
        )
        .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Usage);
    }
}
