//! The mesh at a glance: one row per service host (routes, subsets, policy, rollout)
//! and, for one service, the tree from Gateway to pods with the rollout's history.
//!
//! The Gateway API's HTTPRoutes follow the rows (`http_routes`), and are in the tree
//! of a service they send to or attach to (`route_tree`). Lane groups follow too, and
//! one service's view lists the lanes it is in (`lanes`).
//!
//! Pure: built from fetched objects so every view is testable without a server; the
//! output layer (`output::status`) prints it, `cmd::status` fetches.

mod detail;
mod http_routes;
mod lanes;
mod metrics;
mod policy;
mod route_tree;
#[cfg(test)]
mod tests;
mod view;

pub use crate::view::Node;
pub use detail::{HistoryLine, ServiceDetail, detail};
pub use http_routes::{HttpRouteRow, ParentConditions, RouteBackend, http_route_rows};
pub use lanes::{LaneGroupRow, LaneMode, LaneSummary, PodCount, ServiceLane, lane_group_rows};
pub use metrics::{ServiceMetrics, combine};
pub use policy::policy_summary;
pub use view::{Rows, StatusView, routes_cell};

use crate::host::{fqdn, namespace_of_host, short_host};
use crate::model::{
    DestinationRule, Gateway, HttpRoute, L4Route, Resource, VirtualService, VirtualServiceSpec,
};
use crate::rollout::{ANNOTATION, Phase, RolloutRecord};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// The Istio objects a view is built from, read into the typed model.
#[derive(Debug, Clone, Copy)]
pub struct Mesh<'a> {
    pub virtual_services: &'a [VirtualService],
    pub destination_rules: &'a [DestinationRule],
    pub gateways: &'a [Gateway],
}

/// The objects of a [`Mesh`], read from whole objects as a store lists them.
#[derive(Debug, Clone, Default)]
pub struct Objects {
    pub virtual_services: Vec<VirtualService>,
    pub destination_rules: Vec<DestinationRule>,
    pub gateways: Vec<Gateway>,
}

impl Objects {
    /// Reads the listed objects; one that does not fit the model is left out.
    pub fn read(
        virtual_services: &[Value],
        destination_rules: &[Value],
        gateways: &[Value],
    ) -> Self {
        Objects {
            virtual_services: Resource::read_all(virtual_services),
            destination_rules: Resource::read_all(destination_rules),
            gateways: Resource::read_all(gateways),
        }
    }

    pub fn mesh(&self) -> Mesh<'_> {
        Mesh {
            virtual_services: &self.virtual_services,
            destination_rules: &self.destination_rules,
            gateways: &self.gateways,
        }
    }
}

/// Where a service's rollout stands, or `Idle` when none is recorded. A service
/// without a rollout is not called healthy: `status` does not judge health (a service
/// with no ready pod would pass for one); the tree of one service shows its pods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum State {
    Idle,
    Pending,
    Verifying,
    Progressing,
    Paused,
    Succeeded,
    RolledBack,
    Aborted,
    /// The record annotation cannot be decoded.
    Unreadable,
}

impl State {
    /// An icon that reads without colour, always shown beside the word.
    pub fn icon(self) -> &'static str {
        match self {
            State::Idle => "·",
            State::Succeeded => "✔",
            State::Pending | State::Verifying | State::Progressing => "◌",
            State::Paused => "⏸",
            State::RolledBack | State::Aborted | State::Unreadable => "✖",
        }
    }
}

impl From<Phase> for State {
    fn from(p: Phase) -> State {
        match p {
            Phase::Pending => State::Pending,
            Phase::Verifying => State::Verifying,
            Phase::Progressing => State::Progressing,
            Phase::Paused => State::Paused,
            Phase::Succeeded => State::Succeeded,
            Phase::RolledBack => State::RolledBack,
            Phase::Aborted => State::Aborted,
        }
    }
}

/// The ROLLOUT column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RolloutState {
    pub state: State,
    /// 1-based stage and the number of stages, while a rollout is under way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canary_weight: Option<u32>,
    /// The VirtualService holding the record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub virtual_service: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
}

/// `· Idle`, `◌ Progressing 3/5`, `✖ RolledBack`.
impl fmt::Display for RolloutState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}", self.state.icon(), self.state)?;
        if let (Some(step), Some(steps)) = (self.step, self.steps) {
            write!(f, " {step}/{steps}")?;
        }
        Ok(())
    }
}

impl RolloutState {
    fn idle() -> Self {
        RolloutState {
            state: State::Idle,
            step: None,
            steps: None,
            canary_weight: None,
            virtual_service: None,
            message: String::new(),
        }
    }

    /// The state a VirtualService's record annotation describes; `None` without one.
    pub fn of(vs: &VirtualService) -> Option<(RolloutState, Option<RolloutRecord>)> {
        let text = vs.metadata.annotations.get(ANNOTATION)?;
        let vs_name = vs.key();
        Some(match RolloutRecord::decode(text) {
            Ok(record) => {
                let under_way = !record.phase.is_terminal() && record.phase != Phase::Pending;
                let stages = record.spec.stages().len();
                (
                    RolloutState {
                        state: record.phase.into(),
                        step: under_way.then_some(record.stage + 1),
                        steps: under_way.then_some(stages),
                        canary_weight: Some(record.canary_weight()),
                        virtual_service: Some(vs_name),
                        message: record.message.clone(),
                    },
                    Some(record),
                )
            }
            Err(e) => (
                RolloutState {
                    state: State::Unreadable,
                    message: e.to_string(),
                    virtual_service: Some(vs_name),
                    ..RolloutState::idle()
                },
                None,
            ),
        })
    }
}

/// One destination of the route shown: `v1=90`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteWeight {
    /// The subset when the destination is the row's own host, else `host` or
    /// `host/subset` (short names for cluster services).
    pub destination: String,
    pub weight: u32,
}

/// One row of the mesh view.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRow {
    pub namespace: String,
    /// Short name for cluster services, the host otherwise.
    pub service: String,
    pub host: String,
    /// Gateways the routes are bound to (`name` in the row's namespace, else `ns/name`).
    pub gateways: Vec<String>,
    /// The weights of the default route (the first that matches every request).
    pub routes: Vec<RouteWeight>,
    /// HTTP routes with match conditions, besides the default route.
    pub matched_routes: usize,
    pub subsets: Vec<String>,
    /// Short form of the traffic policy: `lb:LEAST_REQUEST outlier:5x/10s tls:ISTIO_MUTUAL`.
    pub policy: Vec<String>,
    pub rollout: RolloutState,
    pub virtual_services: Vec<String>,
    pub destination_rules: Vec<String>,
    /// Traffic figures, when a metric source was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<ServiceMetrics>,
}

/// The hosts of a VirtualService, fully qualified.
pub(crate) fn vs_hosts(vs: &VirtualService) -> Vec<String> {
    vs.spec
        .hosts
        .iter()
        .map(|h| fqdn(h, vs.namespace()))
        .collect()
}

pub(crate) fn dr_host(dr: &DestinationRule) -> Option<String> {
    (!dr.spec.host.is_empty()).then(|| fqdn(&dr.spec.host, dr.namespace()))
}

/// `ns/name` written relative to `namespace`.
fn relative(qualified: &str, namespace: &str) -> String {
    match qualified.split_once('/') {
        Some((n, rest)) if n == namespace => rest.to_string(),
        _ => qualified.to_string(),
    }
}

/// Whether an HTTP route has no conditions (matches every request).
pub(crate) fn is_default_route(route: &HttpRoute) -> bool {
    route.matches_every_request()
}

/// A route rule of any section: its destinations as `(host, subset, weight)`.
pub(crate) enum Rule<'a> {
    Http(&'a HttpRoute),
    L4(&'a L4Route),
}

impl<'a> Rule<'a> {
    pub(crate) fn destinations(&self) -> Vec<(&'a str, Option<&'a str>, Option<i32>)> {
        match self {
            Rule::Http(r) => r
                .route
                .iter()
                .map(|d| {
                    (
                        d.destination.host.as_str(),
                        d.destination.subset.as_deref(),
                        d.weight,
                    )
                })
                .collect(),
            Rule::L4(r) => r
                .route
                .iter()
                .map(|d| {
                    (
                        d.destination.host.as_str(),
                        d.destination.subset.as_deref(),
                        d.weight,
                    )
                })
                .collect(),
        }
    }
}

/// The destinations of one route rule with their effective weights.
pub(crate) fn route_weights(rule: &Rule<'_>, row_host: &str, namespace: &str) -> Vec<RouteWeight> {
    let routes = rule.destinations();
    let single = routes.len() == 1;
    routes
        .iter()
        .map(|(host, subset, weight)| {
            let host = if host.is_empty() {
                String::new()
            } else {
                fqdn(host, namespace)
            };
            let destination = match subset {
                Some(s) if host == row_host => s.to_string(),
                Some(s) => format!("{}/{s}", short_host(&host)),
                None => short_host(&host).to_string(),
            };
            let weight = match weight {
                Some(w) => (*w).max(0) as u32,
                None if single => 100,
                None => 0,
            };
            RouteWeight {
                destination,
                weight,
            }
        })
        .collect()
}

/// The route rule a row shows: the default HTTP route, else the first HTTP route,
/// else the first TCP or TLS route.
fn shown_rule(spec: &VirtualServiceSpec) -> Option<Rule<'_>> {
    spec.http
        .iter()
        .find(|r| is_default_route(r))
        .or_else(|| spec.http.first())
        .map(Rule::Http)
        .or_else(|| spec.tcp.first().map(Rule::L4))
        .or_else(|| spec.tls.first().map(Rule::L4))
}

/// The mesh view: one row per host named by a VirtualService or DestinationRule,
/// sorted by namespace and service.
pub fn rows(mesh: Mesh<'_>) -> Vec<ServiceRow> {
    // Index once: with thousands of objects, rows must not rescan every list.
    type Found<'a> = (Vec<&'a VirtualService>, Vec<&'a DestinationRule>);
    let mut by_host: BTreeMap<String, Found<'_>> = BTreeMap::new();
    for vs in mesh.virtual_services {
        for h in vs_hosts(vs) {
            by_host.entry(h).or_default().0.push(vs);
        }
    }
    for dr in mesh.destination_rules {
        if let Some(h) = dr_host(dr) {
            by_host.entry(h).or_default().1.push(dr);
        }
    }
    let mut out: Vec<ServiceRow> = by_host
        .into_iter()
        .map(|(host, (vss, drs))| row(&host, &vss, &drs))
        .collect();
    out.sort_by(|a, b| (&a.namespace, &a.service).cmp(&(&b.namespace, &b.service)));
    out
}

pub(crate) fn row(host: &str, vss: &[&VirtualService], drs: &[&DestinationRule]) -> ServiceRow {
    let namespace = namespace_of_host(host)
        .map(str::to_string)
        .or_else(|| {
            vss.first()
                .map(|o| o.namespace())
                .or(drs.first().map(|o| o.namespace()))
                .map(str::to_string)
        })
        .unwrap_or_default();
    let mut gateways: Vec<String> = Vec::new();
    for vs in vss {
        for g in &vs.spec.gateways {
            if g == "mesh" {
                continue;
            }
            let q = crate::analyze::qualify_gateway(g, vs.namespace());
            let shown = relative(&q, &namespace);
            if !gateways.contains(&shown) {
                gateways.push(shown);
            }
        }
    }
    let main = vss.first();
    let routes = main
        .and_then(|vs| shown_rule(&vs.spec).map(|r| route_weights(&r, host, vs.namespace())))
        .unwrap_or_default();
    let matched_routes = main
        .map(|vs| vs.spec.http.iter().filter(|r| !is_default_route(r)).count())
        .unwrap_or(0);
    let subsets = drs
        .iter()
        .flat_map(|dr| &dr.spec.subsets)
        .map(|s| s.name.clone())
        .collect();
    let policy = drs
        .first()
        .map(|dr| policy_summary(dr.spec.traffic_policy.as_ref()))
        .unwrap_or_default();
    let rollout = vss
        .iter()
        .find_map(|vs| RolloutState::of(vs).map(|(s, _)| s))
        .unwrap_or_else(RolloutState::idle);
    ServiceRow {
        service: if namespace_of_host(host).is_some() {
            short_host(host).to_string()
        } else {
            host.to_string()
        },
        host: host.to_string(),
        gateways,
        routes,
        matched_routes,
        subsets,
        policy,
        rollout,
        virtual_services: vss.iter().map(|o| relative(&o.key(), &namespace)).collect(),
        destination_rules: drs.iter().map(|o| relative(&o.key(), &namespace)).collect(),
        metrics: None,
        namespace,
    }
}
