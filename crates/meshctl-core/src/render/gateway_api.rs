//! What the Gateway API templates see: a `Gateway` from the same gateway intent as
//! Istio's (`render gateway --api gateway-api`), and an `HTTPRoute` from a route intent
//! (`render httproute`). Istio settings the Gateway API's standard channel cannot say
//! (mutual TLS on a listener, `NS/HOST` hosts, pod selectors) are refused here, with
//! what to do instead, rather than dropped.

use super::Options;
use super::context::{gateway_name, labels_with};
use crate::duration::Duration;
use crate::model::GATEWAY_API_GROUP;
use crate::spec::{
    Choice, MatchKind, OrderedMap, Protocol, ServerTlsMode, ServiceSpec, StringMatchSpec,
};
use crate::{Error, Result};
use serde_json::{Value, json};

/// The class of the Gateways meshctl renders unless told otherwise: Istio's.
pub const DEFAULT_GATEWAY_CLASS: &str = "istio";

fn api_version() -> String {
    format!("{GATEWAY_API_GROUP}/v1")
}

fn object(name: &str, opts: &Options, labels: &OrderedMap<String>, rest: Value) -> Value {
    let mut map = serde_json::Map::new();
    map.insert("api_version".into(), api_version().into());
    map.insert("name".into(), name.into());
    map.insert("namespace".into(), opts.namespace.clone().into());
    map.insert("labels".into(), labels_with(labels));
    if let Value::Object(rest) = rest {
        map.extend(rest);
    }
    Value::Object(map)
}

/// The Gateway's context and, with `httpsRedirect`, the context of the HTTPRoute that
/// redirects its plain-HTTP listeners to HTTPS (the Gateway API has no redirect on a
/// listener). One listener per host name, as a listener has one `hostname`.
pub fn gateway(spec: &ServiceSpec, opts: &Options, class: &str) -> Result<(Value, Option<Value>)> {
    let gw = spec.gateway.clone().unwrap_or_default();
    if !gw.selector.is_empty() {
        return Err(Error::usage(
            "a Gateway API Gateway has no pod selector: its class picks the deployment",
        )
        .with_hint("drop `--selector` (or `gateway.selector`); use `--gateway-class` to pick the controller"));
    }
    let hosts = if gw.hosts.is_empty() {
        spec.vs_hosts()
    } else {
        gw.hosts.clone()
    };
    if let Some(h) = hosts.iter().find(|h| h.contains('/')) {
        return Err(Error::usage(format!(
            "`{h}`: a Gateway API listener takes a host name, not `NAMESPACE/HOST`"
        ))
        .with_hint("routes choose a Gateway by `parentRefs`; give the host name alone"));
    }
    let protocol = gw.protocol.unwrap_or(match &gw.tls {
        Some(t) if t.mode == ServerTlsMode::Passthrough => Protocol::Tls,
        Some(_) => Protocol::Https,
        None => Protocol::Http,
    });
    let port = gw.port.unwrap_or(match protocol {
        Protocol::Https | Protocol::Tls => 443,
        _ => 80,
    });
    let tls = match &gw.tls {
        None => Value::Null,
        Some(t) => match t.mode {
            ServerTlsMode::Simple => {
                let Some(secret) = &t.credential_name else {
                    return Err(Error::usage(
                        "a terminating HTTPS listener needs the certificate's secret",
                    )
                    .with_hint("pass `--credential-name SECRET`"));
                };
                json!({"mode": "Terminate", "certificate_refs": [secret]})
            }
            ServerTlsMode::Passthrough => json!({"mode": "Passthrough", "certificate_refs": []}),
            other => {
                return Err(Error::usage(format!(
                    "TLS mode `{}` cannot be said on a Gateway API listener (standard channel)",
                    other.as_str()
                ))
                .with_hint("use `--tls-mode SIMPLE` or `PASSTHROUGH`, or render Istio's Gateway (`--api istio`)"));
            }
        },
    };
    let (listener_protocol, prefix) = match protocol {
        Protocol::Https => ("HTTPS", "https"),
        Protocol::Tls => ("TLS", "tls"),
        Protocol::Tcp => ("TCP", "tcp"),
        _ => ("HTTP", "http"),
    };
    let listener =
        |prefix: &str, protocol: &str, port: u32, host: Option<&String>, i: usize, tls: &Value| {
            let hostname = host.filter(|h| h.as_str() != "*");
            json!({
                "name": if hosts.len() > 1 { format!("{prefix}-{i}") } else { prefix.to_string() },
                "port": port,
                "protocol": protocol,
                "hostname": hostname,
                "tls": tls,
            })
        };
    let each = |f: &dyn Fn(Option<&String>, usize) -> Value| -> Vec<Value> {
        if hosts.is_empty() {
            vec![f(None, 0)]
        } else {
            hosts
                .iter()
                .enumerate()
                .map(|(i, h)| f(Some(h), i))
                .collect()
        }
    };
    let mut listeners = each(&|h, i| listener(prefix, listener_protocol, port, h, i, &tls));
    let name = gateway_name(spec);
    let redirect = if gw.https_redirect {
        let plain = each(&|h, i| listener("http", "HTTP", 80, h, i, &Value::Null));
        let parents: Vec<Value> = plain
            .iter()
            .map(|l| json!({"name": name, "group": null, "kind": null, "section": l["name"], "port": null}))
            .collect();
        listeners.extend(plain);
        Some(object(
            &format!("{name}-https-redirect"),
            opts,
            &spec.labels,
            json!({
                "parents": parents,
                "hostnames": [],
                "rules": [{"matches": [], "redirect": {"scheme": "https", "status_code": 301}, "backends": [], "timeout": null}],
            }),
        ))
    } else {
        None
    };
    let gateway = object(
        &name,
        opts,
        &spec.labels,
        json!({"class": class, "listeners": listeners}),
    );
    Ok((gateway, redirect))
}

/// What an HTTPRoute is attached to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteParent {
    /// A Gateway (north–south), optionally one of its listeners.
    Gateway {
        name: String,
        section: Option<String>,
    },
    /// A Service (GAMMA, east–west): the route applies to traffic sent to it.
    Service { name: String, port: Option<u32> },
}

/// One weighted backend: a Service and port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteBackend {
    pub service: String,
    pub port: u32,
    pub weight: u32,
}

/// One rule: which requests (all, without path or headers), where they go, and how
/// long they may take.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RouteRule {
    /// A path match (`PathPrefix /` when only headers are given).
    pub path: Option<StringMatchSpec>,
    pub headers: Vec<(String, StringMatchSpec)>,
    pub backends: Vec<RouteBackend>,
    pub timeout: Option<Duration>,
}

/// An HTTPRoute: its parents, host names and rules.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RouteIntent {
    pub name: String,
    pub labels: OrderedMap<String>,
    pub parents: Vec<RouteParent>,
    pub hostnames: Vec<String>,
    pub rules: Vec<RouteRule>,
}

fn path_type(kind: MatchKind) -> &'static str {
    match kind {
        MatchKind::Exact => "Exact",
        MatchKind::Prefix => "PathPrefix",
        MatchKind::Regex => "RegularExpression",
    }
}

fn rule(r: &RouteRule) -> Value {
    let matches = if r.path.is_some() || !r.headers.is_empty() {
        let headers: Vec<Value> = r
            .headers
            .iter()
            .map(|(name, m)| {
                let ty = (m.kind == MatchKind::Regex).then_some("RegularExpression");
                json!({"name": name, "value": m.value, "type": ty})
            })
            .collect();
        let path = r.path.as_ref().map_or(
            json!({"type": "PathPrefix", "value": "/"}),
            |p| json!({"type": path_type(p.kind), "value": p.value}),
        );
        json!([{"path": path, "headers": headers}])
    } else {
        json!([])
    };
    let backends: Vec<Value> = r
        .backends
        .iter()
        .map(|b| json!({"name": b.service, "port": b.port, "weight": b.weight}))
        .collect();
    json!({
        "matches": matches,
        "redirect": null,
        "backends": backends,
        "timeout": r.timeout.map(Duration::to_gateway_api),
    })
}

pub fn http_route(route: &RouteIntent, opts: &Options) -> Value {
    let parents: Vec<Value> = route
        .parents
        .iter()
        .map(|p| match p {
            RouteParent::Gateway { name, section } => {
                json!({"name": name, "group": null, "kind": null, "section": section, "port": null})
            }
            RouteParent::Service { name, port } => {
                json!({"name": name, "group": "", "kind": "Service", "section": null, "port": port})
            }
        })
        .collect();
    let rules: Vec<Value> = route.rules.iter().map(rule).collect();
    object(
        &route.name,
        opts,
        &route.labels,
        json!({"parents": parents, "hostnames": route.hostnames, "rules": rules}),
    )
}

/// The HTTPRoute of a service spec with `api: gateway-api` (checked first): attached
/// to the spec's `gateways`, or to the Service itself (GAMMA) when it names none; one
/// rule per route, each `weights` entry a backend Service on the spec's `port`.
pub fn service_route(spec: &ServiceSpec) -> RouteIntent {
    let port = spec.port.unwrap_or_default();
    let parents = if spec.gateways.is_empty() {
        vec![RouteParent::Service {
            name: spec.name.clone(),
            port: Some(port),
        }]
    } else {
        spec.gateways
            .iter()
            .map(|g| RouteParent::Gateway {
                name: g.rsplit('/').next().unwrap_or(g).to_string(),
                section: None,
            })
            .collect()
    };
    let hostnames = if spec.gateways.is_empty() {
        Vec::new()
    } else {
        spec.vs_hosts()
    };
    let all_to_self = || {
        vec![RouteBackend {
            service: spec.name.clone(),
            port,
            weight: 100,
        }]
    };
    let mut rules: Vec<RouteRule> = spec
        .routes
        .iter()
        .map(|r| RouteRule {
            path: r.matches.as_ref().and_then(|m| m.uri.clone()),
            headers: r
                .matches
                .iter()
                .flat_map(|m| m.headers.iter())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            backends: if r.weights.is_empty() {
                all_to_self()
            } else {
                r.weights
                    .iter()
                    .map(|(service, weight)| RouteBackend {
                        service: service.clone(),
                        port,
                        weight: u32::try_from(*weight).unwrap_or_default(),
                    })
                    .collect()
            },
            timeout: spec.timeout,
        })
        .collect();
    if rules.is_empty() {
        rules.push(RouteRule {
            backends: all_to_self(),
            timeout: spec.timeout,
            ..RouteRule::default()
        });
    }
    RouteIntent {
        name: spec.name.clone(),
        labels: spec.labels.clone(),
        parents,
        hostnames,
        rules,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::render::{Renderer, TemplateSet};

    fn render(kind: Kind, ctx: &Value) -> Value {
        let set = TemplateSet::builtin();
        let mut out = Renderer::new(&set).unwrap().render_one(kind, ctx).unwrap();
        out.remove(0).value
    }

    #[test]
    fn spec_routes_become_rules_with_their_match_kinds() {
        let spec = ServiceSpec::from_yaml(
            "api: gateway-api\nname: reviews\nport: 9080\nroutes:\n- match:\n    uri: {regex: '/v[0-9]+/.*'}\n    headers: {x-user: {regex: 'qa-.*'}}\n  weights: {reviews-v2: 100}\n- {}\n",
        )
        .unwrap();
        let route = render(
            Kind::HttpRoute,
            &http_route(&service_route(&spec), &Options::default()),
        );
        let rules = &route["spec"]["rules"];
        assert_eq!(
            rules[0]["matches"][0],
            json!({"path": {"type": "RegularExpression", "value": "/v[0-9]+/.*"},
                   "headers": [{"name": "x-user", "value": "qa-.*", "type": "RegularExpression"}]})
        );
        // A route without weights, as GAMMA: everything to the Service itself.
        assert_eq!(
            rules[1]["backendRefs"],
            json!([{"name": "reviews", "port": 9080, "weight": 100}])
        );
        assert_eq!(
            route["spec"]["parentRefs"],
            json!([{"name": "reviews", "group": "", "kind": "Service", "port": 9080}])
        );
        assert!(route["spec"].get("hostnames").is_none());
    }
}
