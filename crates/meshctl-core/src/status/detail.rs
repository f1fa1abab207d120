//! One service in depth: Gateway → VirtualService → routes → subsets → pods, the
//! Gateway API's HTTPRoutes about it, plus the rollout record's recent history.

use super::http_routes::http_route_row;
use super::lanes::ServiceLane;
use super::route_tree::{concerns, route_node};
use super::*;
use crate::analyze::{qualify_gateway, selects};
use crate::host::matches as host_matches;
use crate::model::ApiHttpRoute;
use serde_json::Map;

/// How many history entries the view keeps (newest last).
pub const HISTORY_SHOWN: usize = 10;

/// One transition of the rollout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryLine {
    pub at: String,
    pub from: String,
    pub to: String,
    pub stage: usize,
    pub actor: String,
    pub reason: String,
}

/// Everything `status SERVICE` shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceDetail {
    #[serde(flatten)]
    pub row: ServiceRow,
    pub tree: Vec<Node>,
    /// The HTTPRoutes that send to the service, attach to it or are named like it.
    #[serde(rename = "httpRoutes")]
    pub http_routes: Vec<HttpRouteRow>,
    /// The lanes the service is in (none outside lane groups).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lanes: Vec<ServiceLane>,
    pub history: Vec<HistoryLine>,
}

fn labels(value: Option<&Value>) -> Vec<(&str, &str)> {
    value
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.as_str(), v)))
                .collect()
        })
        .unwrap_or_default()
}

fn label_pairs(labels: &BTreeMap<String, String>) -> Vec<(&str, &str)> {
    labels
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

pub(super) fn pod_ready(pod: &Value) -> bool {
    let conditions = pod.pointer("/status/conditions").and_then(Value::as_array);
    pod.pointer("/status/phase").and_then(Value::as_str) == Some("Running")
        && conditions.into_iter().flatten().any(|c| {
            c.get("type").and_then(Value::as_str) == Some("Ready")
                && c.get("status").and_then(Value::as_str) == Some("True")
        })
}

/// A route's conditions in words: `uri prefix=/api, header x-canary exact=1`.
fn describe_match(matches: &[Map<String, Value>]) -> String {
    let mut parts = Vec::new();
    for o in matches {
        for (key, v) in o {
            match key.as_str() {
                "name" => {}
                "headers" | "queryParams" | "withoutHeaders" => {
                    for (h, sm) in v.as_object().into_iter().flatten() {
                        parts.push(format!("{key} {h} {}", string_match(sm)));
                    }
                }
                _ if v.is_object() => parts.push(format!("{key} {}", string_match(v))),
                _ => parts.push(format!("{key}={v}")),
            }
        }
    }
    parts.join(", ")
}

/// A route rule with its conditions as written.
type RuleWithMatches<'a> = (Rule<'a>, Vec<Map<String, Value>>);

/// An HTTP route's conditions as written (every key, in the typed model's order).
fn http_matches(route: &HttpRoute) -> Vec<Map<String, Value>> {
    route
        .matches
        .iter()
        .filter_map(|m| match serde_json::to_value(m) {
            Ok(Value::Object(o)) => Some(o),
            _ => None,
        })
        .collect()
}

fn string_match(v: &Value) -> String {
    v.as_object()
        .and_then(|o| o.iter().next())
        .map(|(k, v)| format!("{k}={}", v.as_str().map_or(v.to_string(), str::to_string)))
        .unwrap_or_default()
}

/// What the tree of one host is built from.
struct Tree<'a> {
    host: &'a str,
    pods: &'a [Value],
    /// The Kubernetes Service's selector (empty without the Service).
    base: Vec<(&'a str, &'a str)>,
    drs: Vec<&'a DestinationRule>,
}

impl<'a> Tree<'a> {
    /// `pods READY/ALL ready` of a destination of the host: the Service's selector plus
    /// the subset's labels; `None` for other hosts or without any selector.
    fn pods_for(&self, subset_labels: &[(&str, &str)], dest_host: &str) -> Option<String> {
        if dest_host != self.host {
            return None;
        }
        let mut selector = self.base.clone();
        selector.extend_from_slice(subset_labels);
        if selector.is_empty() {
            return None;
        }
        let matching: Vec<&Value> = self.pods.iter().filter(|p| selects(&selector, p)).collect();
        let ready = matching.iter().filter(|p| pod_ready(p)).count();
        Some(format!("pods {ready}/{} ready", matching.len()))
    }

    fn subset_labels(&self, name: &str) -> Vec<(&'a str, &'a str)> {
        self.drs
            .iter()
            .flat_map(|dr| &dr.spec.subsets)
            .find(|s| s.name == name)
            .map(|s| label_pairs(&s.labels))
            .unwrap_or_default()
    }

    /// One destination: its weight, its subset's labels, and its pods.
    fn destination(
        &self,
        namespace: &str,
        (dest_host, subset): (&str, Option<&str>),
        weight: RouteWeight,
    ) -> Node {
        let dest_host = if dest_host.is_empty() {
            String::new()
        } else {
            fqdn(dest_host, namespace)
        };
        let mut label = format!("{} {}%", weight.destination, weight.weight);
        let sl = subset.map(|s| self.subset_labels(s)).unwrap_or_default();
        if subset.is_some() {
            if sl.is_empty() {
                label.push_str("  (subset not defined)");
            } else {
                let shown: Vec<String> = sl.iter().map(|(k, v)| format!("{k}={v}")).collect();
                label.push_str(&format!("  ({})", shown.join(",")));
            }
        }
        let children = if subset.is_some() && sl.is_empty() {
            Vec::new()
        } else {
            self.pods_for(&sl, &dest_host)
                .map(Node::leaf)
                .into_iter()
                .collect()
        };
        Node { label, children }
    }

    /// A VirtualService with its routes (`http[0] default`, `tcp[1] match …`).
    fn virtual_service(&self, vs: &VirtualService) -> Node {
        let sections: [(&str, Vec<RuleWithMatches<'_>>); 3] = [
            (
                "http",
                vs.spec
                    .http
                    .iter()
                    .map(|r| (Rule::Http(r), http_matches(r)))
                    .collect(),
            ),
            (
                "tls",
                vs.spec
                    .tls
                    .iter()
                    .map(|r| (Rule::L4(r), r.matches.clone()))
                    .collect(),
            ),
            (
                "tcp",
                vs.spec
                    .tcp
                    .iter()
                    .map(|r| (Rule::L4(r), r.matches.clone()))
                    .collect(),
            ),
        ];
        let mut routes = Vec::new();
        for (section, rules) in &sections {
            for (i, (rule, matches)) in rules.iter().enumerate() {
                let what = if matches!(rule, Rule::Http(r) if is_default_route(r)) {
                    "default".to_string()
                } else {
                    match describe_match(matches) {
                        m if m.is_empty() => "match".into(),
                        m => format!("match {m}"),
                    }
                };
                let weights = route_weights(rule, self.host, vs.namespace());
                let dests = rule
                    .destinations()
                    .into_iter()
                    .zip(weights)
                    .map(|((h, subset, _), w)| self.destination(vs.namespace(), (h, subset), w))
                    .collect();
                routes.push(Node {
                    label: format!("{section}[{i}] {what}"),
                    children: dests,
                });
            }
        }
        Node {
            label: format!("VirtualService {}", vs.key()),
            children: routes,
        }
    }

    /// A DestinationRule with its policy and subsets, each with its pods.
    fn destination_rule(&self, dr: &DestinationRule) -> Node {
        let mut label = format!("DestinationRule {}", dr.key());
        let policy = policy_summary(dr.spec.traffic_policy.as_ref());
        if !policy.is_empty() {
            label.push_str(&format!("  {}", policy.join(" ")));
        }
        let children = dr
            .spec
            .subsets
            .iter()
            .map(|s| {
                let l: Vec<String> = s.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
                let mut node = Node::leaf(format!("subset {}  ({})", s.name, l.join(",")));
                if let Some(p) = self.pods_for(&label_pairs(&s.labels), self.host) {
                    node.children.push(Node::leaf(p));
                }
                node
            })
            .collect();
        Node { label, children }
    }
}

/// `Gateway NS/NAME  443/HTTPS`, `(missing)` when it does not exist, or the sidecars.
fn gateway_label(gateway: &str, gateways: &[Gateway]) -> String {
    if gateway == "mesh" {
        return "mesh (sidecars)".to_string();
    }
    match gateways.iter().find(|gw| gw.key() == gateway) {
        Some(gw) => {
            let ports: Vec<String> = gw
                .spec
                .servers
                .iter()
                .filter_map(|s| {
                    let p = s.port.protocol.as_ref()?;
                    Some(format!("{}/{p}", s.port.number))
                })
                .collect();
            format!("Gateway {gateway}  {}", ports.join(","))
        }
        None => format!("Gateway {gateway}  (missing)"),
    }
}

/// Each gateway the routes bind (`mesh` for sidecars), with its VirtualServices, in
/// the order they are first bound.
fn by_gateway<'v>(vss: &[&'v VirtualService]) -> Vec<(String, Vec<&'v VirtualService>)> {
    let mut roots: Vec<(String, Vec<&VirtualService>)> = Vec::new();
    for vs in vss {
        let mut bound: Vec<String> = vs
            .spec
            .gateways
            .iter()
            .map(|g| qualify_gateway(g, vs.namespace()))
            .collect();
        if bound.is_empty() {
            bound.push("mesh".into());
        }
        for g in bound {
            match roots.iter_mut().find(|(k, _)| *k == g) {
                Some((_, list)) => list.push(vs),
                None => roots.push((g, vec![vs])),
            }
        }
    }
    roots
}

/// The last [`HISTORY_SHOWN`] transitions of the rollout recorded on `vss`.
fn history(vss: &[&VirtualService]) -> Vec<HistoryLine> {
    vss.iter()
        .find_map(|vs| RolloutState::of(vs).and_then(|(_, r)| r))
        .map(|record| {
            let skip = record.history.len().saturating_sub(HISTORY_SHOWN);
            record.history[skip..]
                .iter()
                .map(|h| HistoryLine {
                    at: h.at.to_string(),
                    from: h.from.to_string(),
                    to: h.to.to_string(),
                    stage: h.stage + 1,
                    actor: h.actor.clone(),
                    reason: h.reason.clone(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The detail of `host` (fully qualified). `pods` are the pods of the host's
/// namespace; `service_selector` the Kubernetes Service's selector, when it exists;
/// `http_routes` the Gateway API's HTTPRoutes as listed (those about the host shown).
pub fn detail(
    mesh: Mesh<'_>,
    host: &str,
    pods: &[Value],
    service_selector: Option<&Value>,
    http_routes: &[Value],
) -> Option<ServiceDetail> {
    let vss: Vec<&VirtualService> = mesh
        .virtual_services
        .iter()
        .filter(|vs| vs_hosts(vs).iter().any(|h| h == host))
        .collect();
    let drs: Vec<&DestinationRule> = mesh
        .destination_rules
        .iter()
        .filter(|dr| dr_host(dr).is_some_and(|h| host_matches(&h, host)))
        .collect();
    let mut routes: Vec<ApiHttpRoute> = Resource::read_all(http_routes);
    routes.retain(|r| concerns(r, host));
    routes
        .sort_by(|a, b| (a.namespace(), &a.metadata.name).cmp(&(b.namespace(), &b.metadata.name)));
    if vss.is_empty() && drs.is_empty() && routes.is_empty() {
        return None;
    }
    let t = Tree {
        host,
        pods,
        base: labels(service_selector),
        drs,
    };
    let mut tree: Vec<Node> = by_gateway(&vss)
        .into_iter()
        .map(|(g, list)| Node {
            label: gateway_label(&g, mesh.gateways),
            children: list.into_iter().map(|vs| t.virtual_service(vs)).collect(),
        })
        .collect();
    let route_rows: Vec<HttpRouteRow> = routes.iter().map(http_route_row).collect();
    let pods_of = |backend: &str| t.pods_for(&[], backend);
    tree.extend(
        routes
            .iter()
            .zip(&route_rows)
            .map(|(route, shown)| route_node(route, shown, &pods_of)),
    );
    tree.extend(t.drs.iter().map(|dr| t.destination_rule(dr)));
    Some(ServiceDetail {
        row: row(host, &vss, &t.drs),
        tree,
        http_routes: route_rows,
        lanes: super::lanes::service_lanes(mesh, host, pods, &t.base),
        history: history(&vss),
    })
}
