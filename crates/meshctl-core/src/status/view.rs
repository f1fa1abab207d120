//! How the mesh view and one service's tree read for people: the table (its wide
//! columns: the metric figures and the objects behind each row) and the tree with the
//! rollout history. Icons always come with words, so nothing depends on colour.

use super::http_routes::{HttpRouteRow, http_routes_table};
use super::lanes::{LaneGroupRow, lane_groups_table, service_lanes_table};
use super::{RouteWeight, ServiceDetail, ServiceMetrics, ServiceRow};
use crate::view::{Block, Document, Table, View, cell, object_name};
use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};

/// The rows of `status` (without a SERVICE), the Gateway API's HTTPRoutes beside them,
/// and the namespace they were read from (`None`: every namespace) to say where
/// nothing was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Rows {
    pub rows: Vec<ServiceRow>,
    pub http_routes: Vec<HttpRouteRow>,
    /// The lane groups held in the namespace (their annotation on the ingress object).
    pub lane_groups: Vec<LaneGroupRow>,
    pub namespace: Option<String>,
}

/// Scripts get one list: the service rows, then the HTTPRoutes (`"kind": "HTTPRoute"`),
/// then the lane groups (`"kind": "LaneGroup"`), so a mesh without either reads as before.
impl Serialize for Rows {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let len = self.rows.len() + self.http_routes.len() + self.lane_groups.len();
        let mut seq = s.serialize_seq(Some(len))?;
        for row in &self.rows {
            seq.serialize_element(row)?;
        }
        for route in &self.http_routes {
            seq.serialize_element(route)?;
        }
        for group in &self.lane_groups {
            seq.serialize_element(group)?;
        }
        seq.end()
    }
}

/// `v1=90 v2=10`, with `(+1 match)` when routes with conditions exist besides.
pub fn routes_cell(routes: &[RouteWeight], matched: usize) -> String {
    let mut text = routes
        .iter()
        .map(|r| format!("{}={}", r.destination, r.weight))
        .collect::<Vec<_>>()
        .join(" ");
    if matched > 0 {
        let word = if matched == 1 { "match" } else { "matches" };
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&format!("(+{matched} {word})"));
    }
    if text.is_empty() { "-".into() } else { text }
}

/// SUCCESS, RPS and P99: `-` where there is nothing to show, `!` after a figure that
/// misses a subset (the note in JSON says which).
fn metric_cells(m: Option<&ServiceMetrics>) -> [String; 3] {
    let Some(m) = m else {
        return ["-".into(), "-".into(), "-".into()];
    };
    let mark = if m.note.is_some() { "!" } else { "" };
    if m.requests <= 0.0 {
        return [format!("-{mark}"), "0.0".into(), "-".into()];
    }
    [
        m.success_rate
            .map_or("-".into(), |r| format!("{r:.1}%{mark}")),
        format!("{:.1}", m.rps),
        m.p99_ms.map_or("-".into(), |p| {
            if p < 10.0 {
                format!("{p:.1}ms")
            } else {
                format!("{p:.0}ms")
            }
        }),
    ]
}

impl View for Rows {
    /// The kubectl-style table; `-o wide` adds the figures (when a source gave any)
    /// and the objects behind each row.
    fn document(&self) -> Document {
        let with_metrics = self.rows.iter().any(|r| r.metrics.is_some());
        let mut t = Table::new([
            "namespace",
            "service",
            "gateways",
            "routes",
            "subsets",
            "policy",
            "rollout",
        ]);
        if with_metrics {
            t = t.with_wide(["success", "rps", "p99"]);
        }
        t = t.with_wide(["virtualservices", "destinationrules", "message"]);
        for r in &self.rows {
            let mut cells = vec![
                r.namespace.clone(),
                r.service.clone(),
                cell(&r.gateways),
                routes_cell(&r.routes, r.matched_routes),
                cell(&r.subsets),
                if r.policy.is_empty() {
                    "-".into()
                } else {
                    r.policy.join(" ")
                },
                r.rollout.to_string(),
            ];
            if with_metrics {
                cells.extend(metric_cells(r.metrics.as_ref()));
            }
            cells.push(cell(&r.virtual_services));
            cells.push(cell(&r.destination_rules));
            cells.push(if r.rollout.message.is_empty() {
                "-".into()
            } else {
                r.rollout.message.clone()
            });
            t.row(cells);
        }
        // The services' table, unless only HTTPRoutes were found.
        let mut doc = Document::new();
        if !self.rows.is_empty() || self.http_routes.is_empty() {
            doc = doc.push(Block::Table(t));
        }
        if !self.http_routes.is_empty() {
            if !self.rows.is_empty() {
                doc = doc.line("");
            }
            doc = doc.push(Block::Table(http_routes_table(&self.http_routes)));
        }
        if !self.lane_groups.is_empty() {
            doc = doc
                .line("")
                .push(Block::Table(lane_groups_table(&self.lane_groups)));
        }
        doc
    }

    /// The VirtualServices and DestinationRules behind the rows, then the HTTPRoutes;
    /// as kubectl, without namespaces (a row may name `other-ns/name`).
    fn names(&self) -> Option<Vec<String>> {
        const ISTIO: &str = "networking.istio.io/v1";
        let bare = |n: &String| n.rsplit('/').next().unwrap_or(n).to_string();
        let mut names = Vec::new();
        for r in &self.rows {
            let vss = r.virtual_services.iter().map(bare);
            names.extend(vss.map(|n| object_name(ISTIO, "VirtualService", &n)));
            let drs = r.destination_rules.iter().map(bare);
            names.extend(drs.map(|n| object_name(ISTIO, "DestinationRule", &n)));
        }
        names.sort();
        names.dedup();
        let gateway_api = format!("{}/v1", crate::model::GATEWAY_API_GROUP);
        names.extend(
            self.http_routes
                .iter()
                .map(|r| object_name(&gateway_api, "HTTPRoute", &r.name)),
        );
        Some(names)
    }

    fn empty_message(&self) -> Option<String> {
        (self.rows.is_empty() && self.http_routes.is_empty()).then(|| match &self.namespace {
            Some(ns) => {
                format!("No VirtualServices or DestinationRules found in namespace `{ns}`.")
            }
            None => "No VirtualServices or DestinationRules found.".to_string(),
        })
    }
}

impl View for ServiceDetail {
    /// The objects in the tree, as for the rows: its VirtualServices and
    /// DestinationRules, then its HTTPRoutes.
    fn names(&self) -> Option<Vec<String>> {
        Rows {
            rows: vec![self.row.clone()],
            http_routes: self.http_routes.clone(),
            lane_groups: Vec::new(),
            namespace: None,
        }
        .names()
    }

    /// The tree of one service, then the rollout history.
    fn document(&self) -> Document {
        let r = &self.row;
        let mut doc =
            Document::new().line(format!("{} ({})  {}", r.service, r.namespace, r.rollout));
        if !r.rollout.message.is_empty() {
            doc = doc.line(format!("   {}", r.rollout.message));
        }
        doc = doc.push(Block::Tree(self.tree.clone()));
        if !self.lanes.is_empty() {
            doc = doc.line("").line("Lanes:").push(Block::Indent(
                2,
                vec![Block::Table(service_lanes_table(&self.lanes))],
            ));
        }
        if !self.history.is_empty() {
            let mut t = Table::new(["at", "from", "to", "stage", "actor", "reason"]);
            for h in &self.history {
                t.row([
                    h.at.clone(),
                    h.from.clone(),
                    h.to.clone(),
                    h.stage.to_string(),
                    h.actor.clone(),
                    h.reason.clone(),
                ]);
            }
            doc = doc
                .line("")
                .line("History:")
                .push(Block::Indent(2, vec![Block::Table(t)]));
        }
        doc
    }
}

/// What `status` shows: the rows, or one service.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum StatusView {
    Rows(Rows),
    Service(Box<ServiceDetail>),
}

impl View for StatusView {
    fn document(&self) -> Document {
        match self {
            StatusView::Rows(v) => v.document(),
            StatusView::Service(v) => v.document(),
        }
    }

    fn empty_message(&self) -> Option<String> {
        match self {
            StatusView::Rows(v) => v.empty_message(),
            StatusView::Service(v) => v.empty_message(),
        }
    }

    fn names(&self) -> Option<Vec<String>> {
        match self {
            StatusView::Rows(v) => v.names(),
            StatusView::Service(v) => v.names(),
        }
    }
}
