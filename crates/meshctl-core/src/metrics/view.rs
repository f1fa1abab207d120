//! The view of `meshctl metrics SERVICE`: each subset's weight and live figures for
//! one window, as scripts read it (JSON/YAML) and as people read it (a table).

use super::{Sample, SourceError};
use crate::duration::Duration;
use crate::view::{Document, Table, View};
use serde::Serialize;

/// One subset's row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubsetView {
    pub subset: String,
    /// Percent of the service's traffic the VirtualService sends here; `None` unknown.
    pub weight: Option<i64>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "camel_sample"
    )]
    pub sample: Option<Sample>,
    /// Why there are no figures (no traffic, a proxy failed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What the command shows for one window.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MetricsView {
    pub service: String,
    pub namespace: String,
    pub source: String,
    #[serde(serialize_with = "display")]
    pub window: Duration,
    pub subsets: Vec<SubsetView>,
}

/// The sample in camelCase like the rest of the output (the core type is snake_case).
fn camel_sample<S: serde::Serializer>(
    sample: &Option<Sample>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    let value = sample.as_ref().map(|x| {
        serde_json::json!({
            "requests": x.requests,
            "errors": x.errors,
            "successRate": x.success_rate,
            "rps": x.rps,
            "latencyMs": x.latency,
            "window": x.window.to_string(),
            "partial": x.partial,
            "proxies": x.proxies,
            "family": x.family,
        })
    });
    value.serialize(s)
}

fn display<S: serde::Serializer>(d: &Duration, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// The first failure when every subset failed for a reason other than missing data.
pub fn all_failed(samples: &[std::result::Result<Sample, SourceError>]) -> Option<&SourceError> {
    let mut first = None;
    for s in samples {
        match s {
            Err(e) if !e.is_no_data() => {
                first.get_or_insert(e);
            }
            _ => return None,
        }
    }
    first
}

/// `window` is the one asked for: the measured one differs by a few milliseconds.
pub fn subset_view(
    subset: &str,
    weight: Option<i64>,
    window: Duration,
    result: std::result::Result<Sample, SourceError>,
) -> SubsetView {
    match result {
        Ok(sample) if sample.requests > 0.0 => SubsetView {
            subset: subset.to_string(),
            weight,
            reason: sample
                .partial
                .then(|| "some proxies could not be counted".to_string()),
            sample: Some(sample),
        },
        Ok(sample) => SubsetView {
            subset: subset.to_string(),
            weight,
            reason: Some(format!("no requests in {window}")),
            sample: Some(sample),
        },
        Err(e) => SubsetView {
            subset: subset.to_string(),
            weight,
            sample: None,
            reason: Some(e.message),
        },
    }
}

/// The table people read: one row per subset, `-` where there is nothing to show.
impl View for MetricsView {
    fn document(&self) -> Document {
        table(self)
    }
}

fn table(view: &MetricsView) -> Document {
    let with_notes = view.subsets.iter().any(|s| s.reason.is_some());
    let mut headers = vec![
        "subset", "weight", "rps", "success", "p50", "p90", "p99", "requests",
    ];
    if with_notes {
        headers.push("note");
    }
    let mut t = Table::new(headers);
    for s in &view.subsets {
        let weight = s.weight.map_or("-".to_string(), |w| format!("{w}%"));
        let traffic = s.sample.as_ref().filter(|x| x.requests > 0.0);
        let mut row = vec![s.subset.clone(), weight];
        match traffic {
            Some(x) => row.extend([
                format!("{:.1}", x.rps),
                x.success_rate.map_or("-".into(), |r| format!("{r:.1}%")),
                ms(x.latency.p50),
                ms(x.latency.p90),
                ms(x.latency.p99),
                format!("{:.0}", x.requests),
            ]),
            None => row.extend(std::iter::repeat_n("-".to_string(), 6)),
        }
        if with_notes {
            row.push(s.reason.clone().unwrap_or_default());
        }
        t.row(row);
    }
    Document::table(t)
}

fn ms(v: Option<f64>) -> String {
    match v {
        Some(v) if v < 10.0 => format!("{v:.1}ms"),
        Some(v) => format!("{v:.0}ms"),
        None => "-".to_string(),
    }
}
