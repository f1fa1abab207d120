//! Analyzers: mistakes in mesh configuration that the schema allows but traffic
//! suffers from (a route to a subset nobody defines, a Gateway with no routes, a
//! rollout left half-way). Every finding carries a code from ONE registry
//! ([`CODES`]), so people can look codes up, suppress them and grep CI logs for them.
//!
//! Pure: the caller loads objects (files, the cluster, or files overlaid on the
//! cluster), the workload facts for cluster-only checks, and the time; `analyze`
//! returns findings with the field path of the fault, which the command turns into
//! `file:line`.

mod gateway_api;
#[cfg(test)]
mod gateway_api_tests;
mod lanes;
#[cfg(test)]
mod lanes_tests;
mod rules;
#[cfg(test)]
mod tests;
pub mod view;

pub use rules::gateway_workload_namespaces;
pub(crate) use rules::{qualify_gateway, selects};

use jiff::Timestamp;
use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// How bad a finding is; ordered so `level >= threshold` decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One registered finding type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Code {
    pub code: &'static str,
    pub level: Level,
    /// Short kebab-case name.
    pub name: &'static str,
    pub description: &'static str,
    /// Whether the check needs the live cluster (pods, Secrets, Services).
    pub cluster_only: bool,
    /// The `istioctl analyze` code that finds the same problem, if any; where there is
    /// one, the level is istioctl's.
    pub istio: Option<&'static str>,
}

macro_rules! codes {
    ($($id:ident = $code:literal, $level:ident, $name:literal, $cluster:literal, $istio:expr, $desc:literal;)*) => {
        $(pub const $id: Code = Code {
            code: $code,
            level: Level::$level,
            name: $name,
            description: $desc,
            cluster_only: $cluster,
            istio: $istio,
        };)*
        /// Every code meshctl reports, in order.
        pub const CODES: &[Code] = &[$($id),*];
    };
}

codes! {
    UNDEFINED_SUBSET = "MESH0101", Error, "undefined-subset", false, Some("IST0101"),
        "A route sends traffic to a subset that no DestinationRule for its host defines";
    MISSING_GATEWAY = "MESH0102", Error, "missing-gateway", false, Some("IST0101"),
        "A VirtualService is bound to a Gateway that does not exist";
    UNROUTED_GATEWAY_HOST = "MESH0103", Warning, "unrouted-gateway-host", false, None,
        "A Gateway accepts a host that no VirtualService bound to it serves";
    ZERO_WEIGHTS = "MESH0104", Error, "zero-weights", false, None,
        "The destination weights of a route total 0, so it sends traffic nowhere";
    CONFLICTING_VIRTUAL_SERVICES = "MESH0105", Warning, "conflicting-virtualservices", false, None,
        "Two VirtualServices serve the same host on the same Gateway; which route wins is undefined";
    DUPLICATE_DESTINATION_RULES = "MESH0106", Warning, "duplicate-destinationrules", false, None,
        "Two DestinationRules are written for the same host; only one traffic policy applies";
    SUBSET_WITHOUT_PODS = "MESH0107", Warning, "subset-without-pods", true, None,
        "A subset's labels match no pod of its service";
    MISSING_TLS_SECRET = "MESH0108", Error, "missing-tls-secret", true, Some("IST0101"),
        "A Gateway server names a TLS Secret (`credentialName`) that does not exist";
    GATEWAY_PORT_NOT_EXPOSED = "MESH0109", Warning, "gateway-port-not-exposed", true, Some("IST0162"),
        "A Gateway server listens on a port the gateway workload's Service does not expose";
    TLS_WITHOUT_CA = "MESH0110", Warning, "tls-origination-without-ca", false, Some("IST0128"),
        "A DestinationRule originates TLS without a CA to verify the server against";
    SHADOWED_ROUTE = "MESH0111", Warning, "shadowed-route", false, Some("IST0130"),
        "An HTTP route can never match because an earlier route matches every request";
    EXPIRED_ROLLOUT_LOCK = "MESH0112", Error, "expired-rollout-lock", false, None,
        "A rollout stopped mid-way: its lock expired and nothing is driving it";
    UNREADABLE_ROLLOUT_RECORD = "MESH0113", Error, "unreadable-rollout-record", false, None,
        "The rollout record annotation cannot be decoded";
    CONFLICTING_MESH_VIRTUAL_SERVICES = "MESH0114", Error, "conflicting-mesh-virtualservices", false, Some("IST0109"),
        "Two VirtualServices serve the same host on the `mesh` gateway; which route wins is undefined";
    MISSING_PARENT_GATEWAY = "MESH0115", Error, "missing-parent-gateway", false, None,
        "An HTTPRoute's parentRef names a Gateway API Gateway that does not exist";
    MISSING_BACKEND_SERVICE = "MESH0116", Error, "missing-backend-service", true, None,
        "An HTTPRoute's backendRef names a Service that does not exist";
    ZERO_BACKEND_WEIGHTS = "MESH0117", Error, "zero-backend-weights", false, None,
        "The backend weights of an HTTPRoute rule total 0, so it sends traffic nowhere";
    UNACCEPTED_ROUTE_HOSTNAME = "MESH0118", Warning, "unaccepted-route-hostname", false, None,
        "An HTTPRoute hostname is accepted by no listener of its parent Gateway";
    CONFLICTING_HTTP_ROUTES = "MESH0119", Warning, "conflicting-httproutes", false, None,
        "Two HTTPRoutes on the same parent Gateway and hostname have the same match; only the oldest route's rule applies";
    LANE_WITHOUT_PODS = "MESH0120", Warning, "lane-subset-without-pods", true, None,
        "A lane route sends a service's lane requests to a subset whose labels match no pod";
    LANE_MISSING_FALLBACK = "MESH0121", Error, "lane-missing-fallback", false, None,
        "A lane group's VirtualService has no catch-all `baseline` route, so requests outside the lanes match nothing";
    LANE_UNDEFINED_SUBSET = "MESH0122", Error, "lane-undefined-subset", false, None,
        "A lane route sends traffic to a subset the service's DestinationRule lacks";
    LANE_ROUTE_MISSING = "MESH0123", Error, "lane-route-missing", false, None,
        "A service a lane holds has no `lane-LANE` route, so the lane's requests reach its baseline";
    LANE_HEADER_MISMATCH = "MESH0124", Error, "lane-header-mismatch", false, None,
        "A lane route matches another header than its group's, so the group's services disagree on what names a lane";
    UNREADABLE_LANE_GROUP = "MESH0125", Error, "unreadable-lane-group", false, None,
        "The lane group annotation cannot be decoded, or breaks the group's rules";
    LANE_OBJECTS_MISSING = "MESH0126", Error, "lane-objects-missing", false, None,
        "A lane group names a service whose VirtualService or DestinationRule is missing";
}

/// The codes whose findings are about Gateway API objects (`gateway.networking.k8s.io`)
/// rather than Istio's, so a caller can tell an Istio `Gateway` from a Gateway API one.
pub const GATEWAY_API_CODES: [Code; 5] = [
    MISSING_PARENT_GATEWAY,
    MISSING_BACKEND_SERVICE,
    ZERO_BACKEND_WEIGHTS,
    UNACCEPTED_ROUTE_HOSTNAME,
    CONFLICTING_HTTP_ROUTES,
];

/// The registered code with this id (`MESH0101`), case-insensitively.
pub fn code(id: &str) -> Option<&'static Code> {
    CODES.iter().find(|c| c.code.eq_ignore_ascii_case(id))
}

/// Which object a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Resource {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl Resource {
    pub fn of(object: &Value) -> Resource {
        let get = |p: &str| {
            object
                .pointer(p)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        Resource {
            kind: get("/kind"),
            namespace: get("/metadata/namespace"),
            name: get("/metadata/name"),
        }
    }
}

/// `VirtualService shop/reviews`.
impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}/{}", self.kind, self.namespace, self.name)
    }
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub level: Level,
    pub resource: Resource,
    pub message: String,
    /// The field at fault (`spec.http[0].route[1].destination.subset`), for locating
    /// the line in a file.
    pub path: String,
    /// What would fix it, where the analyzer knows (the lane checks name the command).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// The workload cluster as the cluster-only checks see it. `None` in [`Input`] means
/// "files only": those checks do not run.
#[derive(Debug, Clone, Default)]
pub struct ClusterFacts {
    pub pods: Vec<Value>,
    pub services: Vec<Value>,
    /// `(namespace, name)` of every Secret that exists.
    pub secrets: Vec<(String, String)>,
}

/// Everything the analyzers look at.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// Whole objects of any kind; kinds the analyzers do not know are ignored. Every
    /// object must have `metadata.namespace` set.
    pub objects: &'a [Value],
    pub cluster: Option<&'a ClusterFacts>,
    /// For rollout locks.
    pub now: Timestamp,
}

/// Runs every analyzer; findings sorted by resource, then code, then path.
pub fn analyze(input: Input<'_>) -> Vec<Finding> {
    let mut findings = rules::run(input);
    findings.sort_by(|a, b| (&a.resource, a.code, &a.path).cmp(&(&b.resource, b.code, &b.path)));
    findings.dedup();
    findings
}

/// Whether `pattern` (`*` matches any run of characters) matches `text` whole.
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] != '*' && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// A `--suppress CODE=PATTERN` rule: hides findings of `CODE` (or `*`) whose resource,
/// written `Kind ns/name`, or just `ns/name`, matches `PATTERN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub code: String,
    pub pattern: String,
}

impl Suppression {
    pub fn hides(&self, finding: &Finding) -> bool {
        let code_ok = self.code == "*" || self.code.eq_ignore_ascii_case(finding.code);
        let r = &finding.resource;
        let short = format!("{}/{}", r.namespace, r.name);
        code_ok && (glob(&self.pattern, &r.to_string()) || glob(&self.pattern, &short))
    }
}

impl std::str::FromStr for Suppression {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (code_id, pattern) = s
            .split_once('=')
            .ok_or_else(|| format!("`{s}` is not `CODE=PATTERN`"))?;
        let code_id = code_id.trim();
        if code_id != "*" && code(code_id).is_none() {
            return Err(format!(
                "`{code_id}` is not a registered code (`meshctl analyze --list` shows them)"
            ));
        }
        if pattern.is_empty() {
            return Err(format!(
                "`{s}` has an empty pattern; use `*` for every resource"
            ));
        }
        Ok(Suppression {
            code: code_id.to_ascii_uppercase(),
            pattern: pattern.to_string(),
        })
    }
}
