//! How recorded rollouts read: one rollout's status (for people; scripts get the
//! record itself), the list of rollouts in a namespace, and a blue-green service's
//! colours. Views are data; the output layer prints them.

use super::{RolloutRecord, Strategy};
use crate::view::{Document, Table, View};
use jiff::Timestamp;
use serde::{Serialize, Serializer};

/// `status` of one rollout: its record, read at `now` (for the lock).
#[derive(Debug, Clone, PartialEq)]
pub struct RolloutStatus {
    pub record: RolloutRecord,
    pub now: Timestamp,
}

/// Scripts get the record as stored.
impl Serialize for RolloutStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.record.serialize(s)
    }
}

impl View for RolloutStatus {
    /// Phase, stage, weights, lock, last transition and analyses.
    fn names(&self) -> Option<Vec<String>> {
        Some(vec![crate::view::object_name(
            "networking.istio.io/v1",
            "VirtualService",
            &self.record.spec.service,
        )])
    }

    fn document(&self) -> Document {
        let rec = &self.record;
        let stages = rec.spec.stages();
        let strategy = match &rec.spec.strategy {
            Strategy::Canary { .. } => "canary",
            Strategy::BlueGreen(_) => "blue-green",
            Strategy::Plan { .. } => "canary plan",
        };
        let mut doc = Document::new().line(format!(
            "Rollout:   {} ({strategy}, `{}` → `{}`)",
            rec.spec.service, rec.spec.split.stable, rec.spec.split.canary
        ));
        if let Some(kind) = &rec.spec.kind {
            doc = doc.line(format!("On:        {kind} `{}`", rec.spec.service));
        }
        let reason = rec
            .pause_reason
            .map(|r| {
                format!(
                    " ({})",
                    serde_json::to_value(r)
                        .unwrap_or_default()
                        .as_str()
                        .unwrap_or_default()
                )
            })
            .unwrap_or_default();
        doc = doc.line(format!("Phase:     {}{reason}", rec.phase));
        if let Some(stage) = stages.get(rec.stage) {
            doc = doc.line(format!(
                "Stage:     {}/{} ({:?}, new version at {}%)",
                rec.stage + 1,
                stages.len(),
                stage.kind,
                stage.weight
            ));
        }
        doc = doc.line(format!("Weights:   {}", rec.weights));
        if rec.preview_route {
            doc = doc.line("Preview:   route `meshctl-preview` present");
        }
        if let Some(percent) = rec.mirror {
            doc = doc.line(format!(
                "Mirror:    {percent}% of requests copied to `{}`",
                rec.spec.split.canary
            ));
        }
        if rec.sticky
            && let Some(cookie) = &rec.spec.sticky_cookie
        {
            doc = doc.line(format!(
                "Sticky:    cookie `{cookie}=canary` keeps users on `{}` (route `meshctl-sticky`)",
                rec.spec.split.canary
            ));
        }
        if let Some(gate) = rec.closed_gate() {
            doc = doc.line(format!(
                "Gate:      waiting for {} at {} ({} since {})",
                gate.kind,
                gate.url,
                gate.said(),
                gate.at
            ));
        }
        doc = doc.line(match &rec.lock {
            Some(l) if l.is_live(self.now) => {
                format!("Lock:      held by `{}` until {}", l.holder, l.expires_at)
            }
            Some(l) => format!("Lock:      expired ({} until {})", l.holder, l.expires_at),
            None => "Lock:      free".to_string(),
        });
        doc = doc
            .line(format!("Message:   {}", rec.message))
            .line(format!(
                "Started:   {} by `{}`; updated {}",
                rec.created_at, rec.created_by, rec.updated_at
            ));
        if !rec.hook_calls.is_empty() {
            doc = doc.line("Webhooks:");
            for c in rec.hook_calls.iter().rev().take(5) {
                doc = doc.line(format!(
                    "  {} stage {}: {} {} → {}",
                    c.at,
                    c.stage + 1,
                    c.kind,
                    c.url,
                    c.said()
                ));
            }
        }
        if !rec.analyses.is_empty() {
            doc = doc.line("Analyses:");
            for a in rec.analyses.iter().rev().take(5) {
                doc = doc.line(format!(
                    "  {} stage {}: {} {}",
                    a.at,
                    a.stage + 1,
                    a.outcome,
                    a.summary
                ));
            }
        }
        doc
    }
}

/// One row of `list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub namespace: String,
    pub service: String,
    /// The kind of the object the rollout lives on (`VirtualService`, `HTTPRoute`).
    pub kind: String,
    pub strategy: String,
    pub phase: String,
    pub stage: String,
    pub weights: String,
    pub holder: String,
    /// When the record last changed (RFC 3339), for scripts.
    pub updated: String,
    /// How long ago that was, for people (the AGE column).
    #[serde(skip)]
    pub age: String,
}

impl Row {
    /// The row of a record on a VirtualService in `namespace`, read at `now`.
    pub fn of(namespace: &str, rec: &RolloutRecord, now: Timestamp) -> Row {
        let strategy = if rec.spec.is_blue_green() {
            "bluegreen"
        } else {
            "canary"
        };
        Row {
            namespace: namespace.to_string(),
            service: rec.spec.service.clone(),
            kind: rec.spec.object_kind().to_string(),
            strategy: strategy.into(),
            phase: rec.phase.to_string(),
            stage: format!("{}/{}", rec.stage + 1, rec.spec.stages().len()),
            weights: rec
                .weights
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(","),
            holder: rec
                .lock
                .as_ref()
                .filter(|l| l.is_live(now))
                .map(|l| l.holder.clone())
                .unwrap_or_else(|| "-".into()),
            updated: rec.updated_at.to_string(),
            age: crate::view::age(rec.updated_at, now),
        }
    }
}

/// `list [-A]`: every rollout, and where they were looked for (`None`: everywhere).
#[derive(Debug, Clone, PartialEq)]
pub struct RolloutList {
    pub rows: Vec<Row>,
    pub namespace: Option<String>,
}

/// Scripts get the rows.
impl Serialize for RolloutList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.rows.serialize(s)
    }
}

impl View for RolloutList {
    fn document(&self) -> Document {
        let mut t = Table::new([
            "namespace",
            "service",
            "strategy",
            "phase",
            "stage",
            "weights",
            "lock-holder",
            "age",
        ])
        .with_wide(["kind"]);
        for r in &self.rows {
            t.row([
                r.namespace.clone(),
                r.service.clone(),
                r.strategy.clone(),
                r.phase.clone(),
                r.stage.clone(),
                r.weights.clone(),
                r.holder.clone(),
                r.age.clone(),
                r.kind.clone(),
            ]);
        }
        Document::table(t)
    }

    fn names(&self) -> Option<Vec<String>> {
        let name = |r: &Row| match r.kind.as_str() {
            crate::rollout::shape::HTTP_ROUTE => crate::view::object_name(
                "gateway.networking.k8s.io/v1",
                crate::rollout::shape::HTTP_ROUTE,
                &r.service,
            ),
            _ => crate::view::object_name("networking.istio.io/v1", "VirtualService", &r.service),
        };
        Some(self.rows.iter().map(name).collect())
    }

    fn empty_message(&self) -> Option<String> {
        self.rows.is_empty().then(|| match &self.namespace {
            Some(ns) => format!("No rollouts found in namespace `{ns}`."),
            None => "No rollouts found.".to_string(),
        })
    }
}

/// One colour (subset) of a blue-green service.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Colour {
    pub name: String,
    /// `active` (all traffic), `serving` (some) or `idle`.
    pub role: String,
    pub weight: u32,
    /// The subset's pod labels, `k=v,…` (`-` when the DestinationRule has none).
    pub labels: String,
    /// `12.0 rps, success 99.5%`, or why there are none, when a source was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<String>,
}

/// `bluegreen status`: the colours, the preview route, the last switch.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BlueGreenStatus {
    pub service: String,
    pub colours: Vec<Colour>,
    pub preview: bool,
    /// `` `blue` → `green`: Succeeded at …: message ``, `None` before any switch.
    pub last_switch: Option<String>,
}

impl BlueGreenStatus {
    /// The role of a colour with `weight` percent of the traffic.
    pub fn role(weight: u32) -> &'static str {
        if weight == 100 {
            "active"
        } else if weight > 0 {
            "serving"
        } else {
            "idle"
        }
    }

    /// The last switch as `status` writes it.
    pub fn last_switch(rec: &RolloutRecord) -> String {
        format!(
            "`{}` → `{}`: {} at {}: {}",
            rec.spec.split.stable, rec.spec.split.canary, rec.phase, rec.updated_at, rec.message
        )
    }
}

impl View for BlueGreenStatus {
    fn names(&self) -> Option<Vec<String>> {
        Some(vec![crate::view::object_name(
            "networking.istio.io/v1",
            "VirtualService",
            &self.service,
        )])
    }

    fn document(&self) -> Document {
        let mut doc = Document::new().line(format!("Service:   {}", self.service));
        for c in &self.colours {
            let mut line = format!(
                "  {:<10} {:<8} {:>3}%  version {}",
                c.name, c.role, c.weight, c.labels
            );
            if let Some(m) = &c.metrics {
                line.push_str(&format!("  {m}"));
            }
            doc = doc.line(line);
        }
        if self.preview {
            doc = doc.line("Preview:   route `meshctl-preview` present");
        }
        doc.line(match &self.last_switch {
            Some(s) => format!("Last switch: {s}"),
            None => "Last switch: none recorded".to_string(),
        })
    }
}
