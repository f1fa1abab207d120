//! The service spec: one service's mesh intent in a small YAML file (documented in
//! `docs/service-spec.md`), from which `render` builds the Istio resources.
//!
//! The spec is strict: an unknown key is an error naming the key and its line, so a
//! typo never silently drops a setting. Values are checked in [`check`] against what
//! Istio and Kubernetes can ever accept (a host with a space, a label value with a
//! colon), so no template is asked to render nonsense.

mod check;
mod choice;
mod ordered;

pub use check::*;
pub use choice::*;
pub use ordered::OrderedMap;

use crate::duration::Duration;
use serde::{Deserialize, Deserializer};

/// One service's mesh intent.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ServiceSpec {
    /// Name of the VirtualService and DestinationRule (usually the Kubernetes service).
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub namespace: Option<String>,
    /// Labels added to every rendered object.
    #[serde(default)]
    pub labels: OrderedMap<String>,
    /// Hosts the VirtualService routes for (default: `name`).
    #[serde(default)]
    pub hosts: Vec<String>,
    /// The service traffic goes to, also the DestinationRule host (default: the first
    /// of `hosts`).
    #[serde(default)]
    pub destination_host: Option<String>,
    /// The service port routes go to; needed only when the service has several.
    #[serde(default)]
    pub port: Option<u32>,
    /// Gateways the VirtualService is bound to (`NS/NAME`, or `mesh` for sidecars).
    #[serde(default)]
    pub gateways: Vec<String>,
    /// Subset name → the pod labels that select it.
    #[serde(default)]
    pub subsets: OrderedMap<OrderedMap<String>>,
    /// HTTP routes in order; the first that matches wins.
    #[serde(default)]
    pub routes: Vec<RouteSpec>,
    #[serde(default, deserialize_with = "opt_duration")]
    pub timeout: Option<Duration>,
    #[serde(default)]
    pub retries: Option<RetrySpec>,
    #[serde(default)]
    pub fault: Option<FaultSpec>,
    #[serde(default)]
    pub mirror: Option<MirrorSpec>,
    #[serde(default)]
    pub load_balancer: Option<LoadBalancerSpec>,
    #[serde(default)]
    pub connection_pool: Option<ConnectionPoolSpec>,
    #[serde(default)]
    pub outlier_detection: Option<OutlierSpec>,
    #[serde(default)]
    pub tls: Option<ClientTlsSpec>,
    /// An ingress Gateway for this service, when it is reached from outside.
    #[serde(default)]
    pub gateway: Option<GatewayIntent>,
    /// External services this service calls (one ServiceEntry each).
    #[serde(default)]
    pub egress: Vec<EgressSpec>,
    /// `istio` (the default) or `gateway-api` (see docs/gateway-api.md).
    #[serde(default)]
    pub api: Option<TargetApi>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RouteSpec {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, rename = "match")]
    pub matches: Option<MatchSpec>,
    /// Subset → weight; empty means the whole service, unsplit.
    #[serde(default)]
    pub weights: OrderedMap<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MatchSpec {
    #[serde(default)]
    pub uri: Option<StringMatchSpec>,
    /// Header name → value (exact) or `{exact|prefix|regex: value}`.
    #[serde(default)]
    pub headers: OrderedMap<StringMatchSpec>,
}

/// How a string is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    Exact,
    Prefix,
    Regex,
}

impl MatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Prefix => "prefix",
            MatchKind::Regex => "regex",
        }
    }
}

/// A plain string (exact match) or a one-key mapping `{exact|prefix|regex: value}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringMatchSpec {
    pub kind: MatchKind,
    pub value: String,
}

impl StringMatchSpec {
    pub fn exact(value: impl Into<String>) -> Self {
        StringMatchSpec {
            kind: MatchKind::Exact,
            value: value.into(),
        }
    }
}

impl<'de> Deserialize<'de> for StringMatchSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{Error, MapAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StringMatchSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string, or one of `exact`, `prefix`, `regex` with a string")
            }
            fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(StringMatchSpec::exact(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                const FIELDS: &[&str] = &["exact", "prefix", "regex"];
                let mut found: Option<StringMatchSpec> = None;
                while let Some(key) = map.next_key::<String>()? {
                    let kind = match key.as_str() {
                        "exact" => MatchKind::Exact,
                        "prefix" => MatchKind::Prefix,
                        "regex" => MatchKind::Regex,
                        other => return Err(A::Error::unknown_field(other, FIELDS)),
                    };
                    let value: String = map.next_value()?;
                    if found.is_some() {
                        return Err(A::Error::custom(
                            "give only one of `exact`, `prefix`, `regex`",
                        ));
                    }
                    found = Some(StringMatchSpec { kind, value });
                }
                found.ok_or_else(|| A::Error::custom("give one of `exact`, `prefix`, `regex`"))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RetrySpec {
    pub attempts: u32,
    #[serde(default, deserialize_with = "opt_duration")]
    pub per_try_timeout: Option<Duration>,
    /// Envoy retry conditions, comma separated (`5xx,reset,connect-failure`).
    #[serde(default)]
    pub retry_on: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FaultSpec {
    #[serde(default)]
    pub delay: Option<DelaySpec>,
    #[serde(default)]
    pub abort: Option<AbortSpec>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DelaySpec {
    /// Share of requests delayed, 0–100.
    pub percent: f64,
    #[serde(deserialize_with = "duration")]
    pub fixed_delay: Duration,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AbortSpec {
    pub percent: f64,
    pub http_status: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MirrorSpec {
    /// Host to mirror to (default: the destination host).
    #[serde(default)]
    pub host: Option<String>,
    #[serde(default)]
    pub subset: Option<String>,
    /// Share of requests mirrored, 0–100 (default: all).
    #[serde(default)]
    pub percent: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LoadBalancerSpec {
    #[serde(default)]
    pub simple: Option<LbAlgorithm>,
    #[serde(default)]
    pub consistent_hash_cookie: Option<CookieSpec>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CookieSpec {
    pub name: String,
    /// Lifetime of the cookie the proxy sets when a request has none (default `0s`,
    /// a session cookie).
    #[serde(default, deserialize_with = "opt_duration")]
    pub ttl: Option<Duration>,
    #[serde(default)]
    pub path: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ConnectionPoolSpec {
    #[serde(default)]
    pub max_connections: Option<u32>,
    #[serde(default, deserialize_with = "opt_duration")]
    pub connect_timeout: Option<Duration>,
    #[serde(default)]
    pub http1_max_pending_requests: Option<u32>,
    #[serde(default)]
    pub http2_max_requests: Option<u32>,
    #[serde(default)]
    pub max_requests_per_connection: Option<u32>,
    #[serde(default)]
    pub max_retries: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OutlierSpec {
    #[serde(default, rename = "consecutive5xxErrors")]
    pub consecutive_5xx_errors: Option<u32>,
    #[serde(default)]
    pub consecutive_gateway_errors: Option<u32>,
    #[serde(default, deserialize_with = "opt_duration")]
    pub interval: Option<Duration>,
    #[serde(default, deserialize_with = "opt_duration")]
    pub base_ejection_time: Option<Duration>,
    #[serde(default)]
    pub max_ejection_percent: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ClientTlsSpec {
    pub mode: ClientTlsMode,
    #[serde(default)]
    pub credential_name: Option<String>,
    #[serde(default)]
    pub sni: Option<String>,
}

/// An ingress Gateway for the service.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GatewayIntent {
    /// Default: `<name>-gateway`.
    #[serde(default)]
    pub name: Option<String>,
    /// Pod labels of the gateway deployment (default `istio: ingressgateway`).
    #[serde(default)]
    pub selector: OrderedMap<String>,
    /// Default: the service's `hosts`.
    #[serde(default)]
    pub hosts: Vec<String>,
    /// Default: 443 with TLS, else 80.
    #[serde(default)]
    pub port: Option<u32>,
    /// Default: `HTTPS` with TLS (`TLS` for `PASSTHROUGH`), else `HTTP`.
    #[serde(default)]
    pub protocol: Option<Protocol>,
    #[serde(default)]
    pub tls: Option<ServerTlsSpec>,
    /// Also listen on port 80 and redirect plain HTTP to HTTPS.
    #[serde(default)]
    pub https_redirect: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ServerTlsSpec {
    pub mode: ServerTlsMode,
    /// The Kubernetes secret with the certificate (SIMPLE, MUTUAL).
    #[serde(default)]
    pub credential_name: Option<String>,
}

/// An external service this service calls.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EgressSpec {
    pub name: String,
    pub hosts: Vec<String>,
    pub ports: Vec<PortSpec>,
    #[serde(default)]
    pub location: Option<Location>,
    #[serde(default)]
    pub resolution: Option<Resolution>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PortSpec {
    pub number: u32,
    /// Default: by number (443 `TLS`, 80 `HTTP`, else `TCP`).
    #[serde(default)]
    pub protocol: Option<Protocol>,
    /// Default: `<protocol>-<number>`, e.g. `tls-443`.
    #[serde(default)]
    pub name: Option<String>,
}

impl PortSpec {
    pub fn protocol(&self) -> Protocol {
        self.protocol
            .unwrap_or_else(|| Protocol::default_for_port(self.number))
    }

    pub fn name(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| format!("{}-{}", self.protocol().port_name_prefix(), self.number))
    }
}

/// A spec file that could not be read: the message and the line it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for SpecError {}

impl ServiceSpec {
    /// The spec moved to namespace `to` (`render -n`): its own namespace, and every
    /// reference to it — `OLD/gateway`, `NAME.OLD.svc.cluster.local` — follow, so the
    /// objects rendered into `to` refer to each other there, not to the spec's
    /// namespace. References to other namespaces are left alone.
    pub fn in_namespace(&self, to: &str) -> ServiceSpec {
        let mut spec = self.clone();
        let Some(from) = self.namespace.clone().filter(|f| f != to) else {
            spec.namespace = Some(to.to_string());
            return spec;
        };
        let gateway = |g: &mut String| {
            if let Some(name) = g.strip_prefix(&format!("{from}/")) {
                *g = format!("{to}/{name}");
            }
        };
        let suffix = format!(".{from}.svc.cluster.local");
        let host = |h: &mut String| {
            if let Some(name) = h.strip_suffix(&suffix) {
                *h = format!("{name}.{to}.svc.cluster.local");
            }
        };
        spec.gateways.iter_mut().for_each(gateway);
        spec.hosts.iter_mut().for_each(host);
        if let Some(h) = spec.destination_host.as_mut() {
            host(h);
        }
        if let Some(h) = spec.mirror.as_mut().and_then(|m| m.host.as_mut()) {
            host(h);
        }
        spec.namespace = Some(to.to_string());
        spec
    }

    /// Reads a spec from YAML text. Unknown keys, wrong types and malformed durations
    /// are errors with the line they are on.
    pub fn from_yaml(text: &str) -> Result<ServiceSpec, SpecError> {
        if text.trim().is_empty() {
            return Ok(ServiceSpec::default());
        }
        serde_saphyr::from_str(text).map_err(|e| SpecError {
            line: e.location().map(|l| l.line() as usize),
            message: bare_message(&e.to_string()),
        })
    }

    /// The service the routes go to and the DestinationRule is for.
    pub fn destination(&self) -> &str {
        self.destination_host
            .as_deref()
            .or(self.hosts.first().map(String::as_str))
            .unwrap_or(&self.name)
    }

    /// The VirtualService hosts: as given, else the service name.
    pub fn vs_hosts(&self) -> Vec<String> {
        if self.hosts.is_empty() {
            vec![self.name.clone()]
        } else {
            self.hosts.clone()
        }
    }
}

/// The parser's message without its own `error: line L column C:` prefix, which
/// callers replace with the file name and line.
fn bare_message(text: &str) -> String {
    static PREFIX: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(error: )?(line \d+ column \d+: )?").expect("valid regex")
    });
    let first = text.lines().next().unwrap_or("invalid spec").trim();
    PREFIX.replace(first, "").into_owned()
}

fn parse_duration<E: serde::de::Error>(text: &str) -> Result<Duration, E> {
    text.parse::<Duration>().map_err(E::custom)
}

fn duration<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    let text = String::deserialize(d)?;
    parse_duration(&text)
}

fn opt_duration<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|t| parse_duration(&t))
        .transpose()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod namespace_tests {
    use super::*;

    #[test]
    fn references_to_the_specs_namespace_follow_it() {
        let spec = ServiceSpec::from_yaml(
            "name: reviews\nnamespace: shop\nhosts: [reviews, reviews.shop.svc.cluster.local]\ngateways: [mesh, shop/gw, edge/gw]\ndestinationHost: reviews.shop.svc.cluster.local\n",
        )
        .unwrap();
        let moved = spec.in_namespace("test");
        assert_eq!(moved.namespace.as_deref(), Some("test"));
        assert_eq!(moved.gateways, ["mesh", "test/gw", "edge/gw"]);
        assert_eq!(moved.hosts, ["reviews", "reviews.test.svc.cluster.local"]);
        assert_eq!(
            moved.destination_host.as_deref(),
            Some("reviews.test.svc.cluster.local")
        );
        assert_eq!(spec.in_namespace("shop"), spec);
    }
}
