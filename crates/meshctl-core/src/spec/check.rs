//! Checks of spec values against what Kubernetes and Istio can ever accept. Each
//! finding names the spec field (`routes[1].weights`), so the command can name the
//! spec file or the flag that set it.
//!
//! These checks are the first guard against YAML injection: a value with a newline,
//! a space or a `: ` where none can be valid is refused here, before any template
//! sees it. Templates escape every value anyway (see `core::render`).

use super::{ClientTlsMode, Protocol, ServerTlsMode, ServiceSpec};
use regex::Regex;
use std::sync::LazyLock;

/// One thing wrong with a spec, at a field path such as `routes[0].weights`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

impl Problem {
    fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`: {}", self.field, self.message)
    }
}

/// Which resources are about to be rendered; only their fields are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Parts {
    pub virtual_service: bool,
    pub destination_rule: bool,
    pub gateway: bool,
    pub egress: bool,
}

impl Parts {
    /// Everything the spec describes: the VirtualService; the DestinationRule when
    /// there are subsets or a traffic policy (an empty one would only shadow a
    /// mesh-wide rule); the Gateway and ServiceEntries when the spec has those sections.
    pub fn all_of(spec: &ServiceSpec) -> Parts {
        Parts {
            virtual_service: true,
            destination_rule: !spec.subsets.is_empty()
                || spec.load_balancer.is_some()
                || spec.connection_pool.is_some()
                || spec.outlier_detection.is_some()
                || spec.tls.is_some(),
            gateway: spec.gateway.is_some(),
            egress: !spec.egress.is_empty(),
        }
    }
}

static DNS_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$").expect("valid regex"));
static HOST_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9]([-A-Za-z0-9_]*[A-Za-z0-9])?$").expect("valid regex")
});
static LABEL_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$").expect("valid regex")
});
static HEADER_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$").expect("valid regex"));
static RETRY_ON: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9-]+(,[a-z0-9-]+)*$").expect("valid regex"));
static PATH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^/[\x21-\x7e]*$").expect("valid regex"));

/// A DNS-1123 label (namespaces, subset names): `reviews`, `v1`.
pub fn check_dns_label(value: &str) -> Result<(), String> {
    if value.len() > 63 || !DNS_LABEL.is_match(value) {
        return Err(format!(
            "{} is not a valid name: use at most 63 lower-case letters, digits and `-`, starting and ending with a letter or digit",
            show(value)
        ));
    }
    Ok(())
}

/// A DNS-1123 subdomain (object names): `reviews`, `reviews.v2`.
pub fn check_object_name(value: &str) -> Result<(), String> {
    if value.is_empty() || value.len() > 253 || !value.split('.').all(|l| DNS_LABEL.is_match(l)) {
        return Err(format!(
            "{} is not a valid object name: use lower-case letters, digits, `-` and `.`, starting and ending with a letter or digit",
            show(value)
        ));
    }
    Ok(())
}

/// A host Istio routes for: `reviews`, `reviews.shop.svc.cluster.local`,
/// `*.example.com` or `*`.
pub fn check_host(value: &str) -> Result<(), String> {
    let bad = || {
        Err(format!(
            "{} is not a valid host: use a DNS name such as `reviews` or `api.example.com`, optionally starting with `*.`",
            show(value)
        ))
    };
    if value == "*" {
        return Ok(());
    }
    let rest = value.strip_prefix("*.").unwrap_or(value);
    if rest.is_empty() || value.len() > 253 {
        return bad();
    }
    if !rest
        .split('.')
        .all(|l| l.len() <= 63 && HOST_LABEL.is_match(l))
    {
        return bad();
    }
    Ok(())
}

/// A Gateway server host: a host, optionally after `NAMESPACE/` (or `./`, `*/`).
pub fn check_gateway_host(value: &str) -> Result<(), String> {
    match value.split_once('/') {
        Some((ns, host)) => {
            if ns != "." && ns != "*" {
                check_dns_label(ns).map_err(|_| {
                    format!("{}: the namespace before `/` is not valid", show(value))
                })?;
            }
            check_host(host)
        }
        None => check_host(value),
    }
}

/// A VirtualService gateway reference: `mesh`, `NAME` or `NAMESPACE/NAME`.
pub fn check_gateway_ref(value: &str) -> Result<(), String> {
    let (ns, name) = value.split_once('/').unwrap_or(("", value));
    if (!ns.is_empty() && check_dns_label(ns).is_err()) || check_object_name(name).is_err() {
        return Err(format!(
            "{} is not a gateway reference: use `mesh`, `NAME` or `NAMESPACE/NAME`",
            show(value)
        ));
    }
    Ok(())
}

/// A label key: `version`, `app.kubernetes.io/name`.
pub fn check_label_key(value: &str) -> Result<(), String> {
    let (prefix, name) = match value.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, value),
    };
    let prefix_ok = prefix.is_none_or(|p| check_object_name(p).is_ok());
    if !prefix_ok || name.len() > 63 || !LABEL_NAME.is_match(name) {
        return Err(format!(
            "{} is not a valid label key: use letters, digits, `-`, `_` and `.`, with an optional DNS prefix and `/`",
            show(value)
        ));
    }
    Ok(())
}

/// A label value: empty, or up to 63 letters, digits, `-`, `_`, `.`.
pub fn check_label_value(value: &str) -> Result<(), String> {
    if value.len() > 63 || !(value.is_empty() || LABEL_NAME.is_match(value)) {
        return Err(format!(
            "{} is not a valid label value: use at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit",
            show(value)
        ));
    }
    Ok(())
}

/// An HTTP header name.
pub fn check_header_name(value: &str) -> Result<(), String> {
    if !HEADER_NAME.is_match(value) {
        return Err(format!(
            "{} is not a valid HTTP header name: use letters, digits and `-`",
            show(value)
        ));
    }
    Ok(())
}

/// An HTTP header value or match string: any text without control characters
/// (a newline there could never reach a proxy).
pub fn check_header_value(value: &str) -> Result<(), String> {
    if value.chars().any(char::is_control) {
        return Err(format!(
            "{} contains a control character such as a newline, which no HTTP header can carry",
            show(value)
        ));
    }
    Ok(())
}

/// Envoy retry conditions: `5xx,reset,connect-failure`.
pub fn check_retry_on(value: &str) -> Result<(), String> {
    if !RETRY_ON.is_match(value) {
        return Err(format!(
            "{} is not a list of retry conditions: use comma-separated words such as `5xx,reset,connect-failure`",
            show(value)
        ));
    }
    Ok(())
}

/// A cookie name (an HTTP token).
pub fn check_cookie_name(value: &str) -> Result<(), String> {
    check_header_name(value).map_err(|_| format!("{} is not a valid cookie name", show(value)))
}

fn check_port(value: u32) -> Result<(), String> {
    if value == 0 || value > 65535 {
        return Err(format!("port `{value}` is not between 1 and 65535"));
    }
    Ok(())
}

fn check_percent(value: f64) -> Result<(), String> {
    if !(0.0..=100.0).contains(&value) {
        return Err(format!("`{value}` is not a percentage between 0 and 100"));
    }
    Ok(())
}

/// A value quoted for a message, with newlines and other control characters made
/// visible so the message stays on one line.
pub fn show(value: &str) -> String {
    format!("`{}`", value.escape_debug())
}

struct Collector(Vec<Problem>);

impl Collector {
    fn check(&mut self, field: impl Into<String>, result: Result<(), String>) {
        if let Err(message) = result {
            self.0.push(Problem::new(field, message));
        }
    }
    fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem::new(field, message));
    }
}

impl ServiceSpec {
    /// Everything wrong with the fields the resources in `parts` use.
    pub fn check(&self, parts: Parts) -> Vec<Problem> {
        let mut c = Collector(Vec::new());
        if let Some(ns) = &self.namespace {
            c.check("namespace", check_dns_label(ns));
        }
        for (key, value) in self.labels.iter() {
            c.check(format!("labels.{key}"), check_label_key(key));
            c.check(format!("labels.{key}"), check_label_value(value));
        }
        if parts.virtual_service || parts.destination_rule {
            if self.name.is_empty() {
                c.push("name", "the service needs a name");
            } else {
                c.check("name", check_object_name(&self.name));
            }
            for (i, host) in self.hosts.iter().enumerate() {
                c.check(format!("hosts[{i}]"), check_host(host));
            }
            if let Some(host) = &self.destination_host {
                c.check("destinationHost", check_host(host));
            }
            for (name, labels) in self.subsets.iter() {
                c.check(format!("subsets.{name}"), check_dns_label(name));
                if labels.is_empty() {
                    c.push(
                        format!("subsets.{name}"),
                        "a subset needs at least one pod label, e.g. `version: v1`",
                    );
                }
                for (key, value) in labels.iter() {
                    c.check(format!("subsets.{name}.{key}"), check_label_key(key));
                    c.check(format!("subsets.{name}.{key}"), check_label_value(value));
                }
            }
        }
        if parts.virtual_service {
            self.check_routing(&mut c);
            if self.api == Some(super::TargetApi::GatewayApi) {
                self.check_gateway_api(&mut c);
            }
        }
        if parts.destination_rule {
            self.check_policy(&mut c);
        }
        if parts.gateway {
            self.check_gateway(&mut c);
        }
        if parts.egress {
            self.check_egress(&mut c);
        }
        c.0
    }

    fn check_routing(&self, c: &mut Collector) {
        if let Some(port) = self.port {
            c.check("port", check_port(port));
        }
        for (i, gw) in self.gateways.iter().enumerate() {
            c.check(format!("gateways[{i}]"), check_gateway_ref(gw));
        }
        for (i, route) in self.routes.iter().enumerate() {
            let at = format!("routes[{i}]");
            if let Some(name) = &route.name {
                c.check(format!("{at}.name"), check_dns_label(name));
            }
            if let Some(m) = &route.matches {
                if let Some(uri) = &m.uri {
                    c.check(format!("{at}.match.uri"), check_header_value(&uri.value));
                }
                for (name, value) in m.headers.iter() {
                    c.check(format!("{at}.match.headers"), check_header_name(name));
                    c.check(
                        format!("{at}.match.headers.{name}"),
                        check_header_value(&value.value),
                    );
                }
            }
            self.check_weights(c, &format!("{at}.weights"), &route.weights);
        }
        if let Some(on) = self.retries.as_ref().and_then(|r| r.retry_on.as_ref()) {
            c.check("retries.retryOn", check_retry_on(on));
        }
        if let Some(f) = &self.fault {
            if let Some(d) = &f.delay {
                c.check("fault.delay.percent", check_percent(d.percent));
            }
            if let Some(a) = &f.abort {
                c.check("fault.abort.percent", check_percent(a.percent));
                if !(200..=599).contains(&a.http_status) {
                    c.push(
                        "fault.abort.httpStatus",
                        format!(
                            "`{}` is not an HTTP status between 200 and 599",
                            a.http_status
                        ),
                    );
                }
            }
            if f.delay.is_none() && f.abort.is_none() {
                c.push("fault", "give `delay`, `abort` or both");
            }
        }
        if let Some(m) = &self.mirror {
            if let Some(host) = &m.host {
                c.check("mirror.host", check_host(host));
            }
            if let Some(subset) = &m.subset {
                c.check("mirror.subset", check_dns_label(subset));
                if !self.subsets.is_empty() && !self.subsets.contains_key(subset) {
                    c.push(
                        "mirror.subset",
                        format!("subset `{subset}` is not defined in `subsets`"),
                    );
                }
            }
            if let Some(p) = m.percent {
                c.check("mirror.percent", check_percent(p));
            }
        }
    }

    /// What `api: gateway-api` cannot say in an HTTPRoute of the standard channel:
    /// refused, naming the field, rather than dropped.
    fn check_gateway_api(&self, c: &mut Collector) {
        let not_expressible = [
            (
                "subsets",
                !self.subsets.is_empty(),
                "the Gateway API splits traffic between Services, not subsets: name each version's Service in `routes[].weights` (e.g. `reviews-v1: 90`) and drop `subsets`",
            ),
            (
                "destinationHost",
                self.destination_host.is_some(),
                "backends are Services in the route's namespace, named in `routes[].weights`",
            ),
            (
                "retries",
                self.retries.is_some(),
                "HTTPRoute retries are in the experimental channel only",
            ),
            (
                "fault",
                self.fault.is_some(),
                "the Gateway API has no fault injection",
            ),
            (
                "mirror",
                self.mirror.is_some(),
                "not rendered for the Gateway API yet",
            ),
            (
                "loadBalancer",
                self.load_balancer.is_some(),
                "the Gateway API has no load-balancing policy; use a DestinationRule with `api: istio`",
            ),
            (
                "connectionPool",
                self.connection_pool.is_some(),
                "the Gateway API has no connection pool settings; use a DestinationRule with `api: istio`",
            ),
            (
                "outlierDetection",
                self.outlier_detection.is_some(),
                "the Gateway API has no outlier detection; use a DestinationRule with `api: istio`",
            ),
            (
                "tls",
                self.tls.is_some(),
                "client TLS is a BackendTLSPolicy, which meshctl does not render yet",
            ),
        ];
        for (field, set, why) in not_expressible {
            if set {
                c.push(
                    field,
                    format!("not expressible with `api: gateway-api`: {why}"),
                );
            }
        }
        if self.port.is_none() {
            c.push(
                "port",
                "`api: gateway-api` needs the Service port: every backend names one",
            );
        }
        for (i, route) in self.routes.iter().enumerate() {
            for (name, value) in route.matches.iter().flat_map(|m| m.headers.iter()) {
                if value.kind == super::MatchKind::Prefix {
                    c.push(
                        format!("routes[{i}].match.headers.{name}"),
                        "the Gateway API matches headers exactly or by regex, not by prefix",
                    );
                }
            }
        }
    }

    fn check_weights(&self, c: &mut Collector, at: &str, weights: &super::OrderedMap<i64>) {
        if weights.is_empty() {
            return;
        }
        let mut bad = false;
        for (subset, weight) in weights.iter() {
            if let Err(m) = check_dns_label(subset) {
                c.push(at, m);
                bad = true;
            } else if !self.subsets.is_empty() && !self.subsets.contains_key(subset) {
                let known: Vec<String> = self.subsets.keys().map(|k| format!("`{k}`")).collect();
                c.push(
                    at,
                    format!(
                        "subset `{subset}` is not defined in `subsets` (defined: {})",
                        known.join(", ")
                    ),
                );
            }
            if !(0..=100).contains(weight) {
                c.push(
                    at,
                    format!("weight `{weight}` of `{subset}` is not between 0 and 100"),
                );
                bad = true;
            }
        }
        if bad {
            return;
        }
        let total: i64 = weights.iter().map(|(_, w)| *w).sum();
        if total == 0 {
            c.push(at, "every weight is 0, so the route sends traffic nowhere");
        } else if total != 100 {
            c.push(at, format!("weights add up to {total}, not 100"));
        }
    }

    fn check_policy(&self, c: &mut Collector) {
        if let Some(lb) = &self.load_balancer {
            if lb.simple.is_some() && lb.consistent_hash_cookie.is_some() {
                c.push(
                    "loadBalancer",
                    "give either `simple` or `consistentHashCookie`, not both",
                );
            }
            if let Some(cookie) = &lb.consistent_hash_cookie {
                c.check(
                    "loadBalancer.consistentHashCookie.name",
                    check_cookie_name(&cookie.name),
                );
                if let Some(path) = &cookie.path
                    && !PATH.is_match(path)
                {
                    c.push(
                        "loadBalancer.consistentHashCookie.path",
                        format!("{} is not a URL path starting with `/`", show(path)),
                    );
                }
            }
        }
        if let Some(o) = &self.outlier_detection
            && let Some(p) = o.max_ejection_percent
            && p > 100
        {
            c.push(
                "outlierDetection.maxEjectionPercent",
                format!("`{p}` is not a percentage between 0 and 100"),
            );
        }
        if let Some(tls) = &self.tls {
            if let Some(name) = &tls.credential_name {
                c.check("tls.credentialName", check_object_name(name));
            }
            if let Some(sni) = &tls.sni {
                c.check("tls.sni", check_host(sni));
            }
            if tls.mode == ClientTlsMode::Mutual && tls.credential_name.is_none() {
                c.push(
                    "tls.credentialName",
                    "`MUTUAL` TLS needs the secret with the client certificate",
                );
            }
        }
    }

    fn check_gateway(&self, c: &mut Collector) {
        let Some(gw) = &self.gateway else {
            return;
        };
        if let Some(name) = &gw.name {
            c.check("gateway.name", check_object_name(name));
        } else if self.name.is_empty() {
            c.push("gateway.name", "the gateway needs a name");
        }
        for (key, value) in gw.selector.iter() {
            c.check(format!("gateway.selector.{key}"), check_label_key(key));
            c.check(format!("gateway.selector.{key}"), check_label_value(value));
        }
        if gw.hosts.is_empty() && self.hosts.is_empty() && self.name.is_empty() {
            c.push("gateway.hosts", "the gateway needs at least one host");
        }
        for (i, host) in gw.hosts.iter().enumerate() {
            c.check(format!("gateway.hosts[{i}]"), check_gateway_host(host));
        }
        if let Some(port) = gw.port {
            c.check("gateway.port", check_port(port));
        }
        if let Some(tls) = &gw.tls {
            if let Some(name) = &tls.credential_name {
                c.check("gateway.tls.credentialName", check_object_name(name));
            }
            let needs_secret = matches!(tls.mode, ServerTlsMode::Simple | ServerTlsMode::Mutual);
            if needs_secret && tls.credential_name.is_none() {
                c.push(
                    "gateway.tls.credentialName",
                    format!(
                        "`{}` TLS needs the secret that holds the server certificate",
                        tls.mode
                    ),
                );
            }
            if let Some(p) = gw.protocol
                && matches!(
                    p,
                    Protocol::Http | Protocol::Tcp | Protocol::Http2 | Protocol::Grpc
                )
            {
                c.push(
                    "gateway.protocol",
                    format!("`{p}` servers cannot have TLS settings; use `HTTPS` or `TLS`"),
                );
            }
        } else if let Some(p @ (Protocol::Https | Protocol::Tls)) = gw.protocol {
            c.push(
                "gateway.tls",
                format!("a `{p}` server needs TLS settings (a mode and usually a secret)"),
            );
        }
    }

    fn check_egress(&self, c: &mut Collector) {
        for (i, e) in self.egress.iter().enumerate() {
            let at = format!("egress[{i}]");
            c.check(format!("{at}.name"), check_object_name(&e.name));
            if e.hosts.is_empty() {
                c.push(
                    format!("{at}.hosts"),
                    "a ServiceEntry needs at least one host",
                );
            }
            for (j, host) in e.hosts.iter().enumerate() {
                c.check(format!("{at}.hosts[{j}]"), check_host(host));
            }
            if e.ports.is_empty() {
                c.push(
                    format!("{at}.ports"),
                    "a ServiceEntry needs at least one port",
                );
            }
            for (j, port) in e.ports.iter().enumerate() {
                c.check(format!("{at}.ports[{j}].number"), check_port(port.number));
                if let Some(name) = &port.name {
                    c.check(format!("{at}.ports[{j}].name"), check_dns_label(name));
                }
            }
        }
    }
}
