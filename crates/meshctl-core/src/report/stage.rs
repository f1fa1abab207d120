//! One stage of the report: when it ran, its thresholds, three charts (success rate,
//! request rate, p99) of both versions over its rounds, each round's verdict and why,
//! the stage's judgements and the hooks called at it.

use jiff::Timestamp;

use super::chart::{CANARY_COLOUR, Chart, STABLE_COLOUR, Series};
use super::html::{escape, table};
use crate::analysis::{AnalysisSpec, Check};
use crate::metrics::Quantile;
use crate::rollout::rounds::{RoundFigures, SubsetFigures};
use crate::rollout::{RolloutRecord, Stage};

/// The stage's limits that a chart can show.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Thresholds {
    pub min_success_rate: Option<f64>,
    pub min_rps: Option<f64>,
    /// Only a p99 limit: the figures kept are p99s.
    pub max_p99_ms: Option<f64>,
}

impl Thresholds {
    pub fn of(spec: Option<&AnalysisSpec>) -> Thresholds {
        let mut t = Thresholds::default();
        for check in spec.map(|s| s.checks.as_slice()).unwrap_or_default() {
            match check {
                Check::SuccessRate(c) => t.min_success_rate = Some(c.min),
                Check::RequestRate(c) => t.min_rps = Some(c.min),
                Check::Latency(c) if c.quantile == Quantile::P99 => {
                    t.max_p99_ms = Some(c.max.as_millis() as f64)
                }
                _ => {}
            }
        }
        t
    }
}

/// When a stage began and ended, from the record's history and rounds; `None` for an
/// end still to come.
pub fn span(rec: &RolloutRecord, stage: usize) -> (Option<Timestamp>, Option<Timestamp>) {
    let entered = rec.history.iter().position(|h| h.stage == stage);
    let first_round = rec.rounds.iter().find(|r| r.stage == stage).map(|r| r.at);
    let start = match (entered.map(|i| rec.history[i].at), first_round) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let end = entered.and_then(|i| {
        rec.history[i..]
            .iter()
            .find(|h| h.stage != stage || h.to.is_terminal())
            .map(|h| h.at)
    });
    let end = end.or_else(|| {
        (rec.stage > stage || rec.phase.is_terminal())
            .then(|| rec.rounds.iter().rev().find(|r| r.stage == stage))
            .flatten()
            .map(|r| r.at)
    });
    (start, end)
}

fn figure(f: Option<&SubsetFigures>, pick: fn(&SubsetFigures) -> Option<f64>) -> Option<f64> {
    f.and_then(pick)
}

fn series(
    name: &str,
    colour: &'static str,
    rounds: &[&RoundFigures],
    start: Timestamp,
    of: fn(&RoundFigures) -> Option<&SubsetFigures>,
    pick: fn(&SubsetFigures) -> Option<f64>,
) -> Series {
    Series {
        name: name.to_string(),
        colour,
        points: rounds
            .iter()
            .map(|r| {
                let x = r.at.duration_since(start).as_secs_f64().max(0.0);
                (x, figure(of(r), pick))
            })
            .collect(),
    }
}

/// The three charts of a stage's rounds, with the stage's thresholds.
pub fn charts(
    rec: &RolloutRecord,
    rounds: &[&RoundFigures],
    start: Timestamp,
    t: &Thresholds,
) -> Vec<Chart> {
    let (stable, canary) = (&rec.spec.split.stable, &rec.spec.split.canary);
    let both = |pick: fn(&SubsetFigures) -> Option<f64>| {
        vec![
            series(
                stable,
                STABLE_COLOUR,
                rounds,
                start,
                |r| r.stable.as_ref(),
                pick,
            ),
            series(
                canary,
                CANARY_COLOUR,
                rounds,
                start,
                |r| r.canary.as_ref(),
                pick,
            ),
        ]
    };
    vec![
        Chart {
            title: "Success rate (%)".into(),
            unit: "%",
            series: both(|f| f.success_rate),
            threshold: t
                .min_success_rate
                .map(|m| (m, format!("at least {}%", super::chart::label(m)))),
            ceiling: Some(100.0),
        },
        Chart {
            title: "Request rate (requests/s)".into(),
            unit: " rps",
            series: both(|f| Some(f.rps)),
            threshold: t
                .min_rps
                .map(|m| (m, format!("at least {} rps", super::chart::label(m)))),
            ceiling: None,
        },
        Chart {
            title: "p99 latency (ms)".into(),
            unit: " ms",
            series: both(|f| f.p99_ms),
            threshold: t
                .max_p99_ms
                .map(|m| (m, format!("at most {} ms", super::chart::label(m)))),
            ceiling: None,
        },
    ]
}

fn cell(v: Option<f64>, unit: &str) -> String {
    v.map(|v| format!("{}{unit}", super::chart::label((v * 100.0).round() / 100.0)))
        .unwrap_or_else(|| "–".into())
}

fn figures_cells(f: Option<&SubsetFigures>) -> [String; 3] {
    [
        cell(f.and_then(|f| f.success_rate), "%"),
        cell(f.map(|f| f.rps), ""),
        cell(f.and_then(|f| f.p99_ms), " ms"),
    ]
}

/// The `<section>` of stage `i`.
pub fn section(rec: &RolloutRecord, i: usize, stage: &Stage, stages: usize) -> String {
    let (start, end) = span(rec, i);
    let rounds: Vec<&RoundFigures> = rec.rounds.iter().filter(|r| r.stage == i).collect();
    let analyses: Vec<_> = rec.analyses.iter().filter(|a| a.stage == i).collect();
    let hooks: Vec<_> = rec.hook_calls.iter().filter(|h| h.stage == i).collect();
    let mut out = format!(
        "<section class=\"stage\"><h2>Stage {}/{stages}: {:?}, new version at {}%</h2>",
        i + 1,
        stage.kind,
        stage.weight
    );
    let when = match (start, end) {
        (None, _) => "not reached".to_string(),
        (Some(s), Some(e)) => format!("{s} → {e}"),
        (Some(s), None) => format!("{s} → (running)"),
    };
    out.push_str(&format!(
        "<p class=\"when\">{} · window {}{}</p>",
        escape(&when),
        stage.window,
        if stage.judged { "" } else { " · not judged" }
    ));
    let thresholds = Thresholds::of(rec.spec.analysis_for(i));
    if let Some(start) = start.or(rounds.first().map(|r| r.at))
        && !rounds.is_empty()
    {
        out.push_str(&format!(
            "<p class=\"legend\"><span class=\"key stable\"></span>{} (stable) <span class=\"key canary\"></span>{} (new) <span class=\"key limit\"></span>threshold</p><div class=\"charts\">",
            escape(&rec.spec.split.stable),
            escape(&rec.spec.split.canary)
        ));
        for chart in charts(rec, &rounds, start, &thresholds) {
            out.push_str(&format!(
                "<figure><figcaption>{}</figcaption>{}</figure>",
                escape(&chart.title),
                chart.svg()
            ));
        }
        out.push_str("</div>");
        let rows: Vec<Vec<String>> = rounds
            .iter()
            .map(|r| {
                let [csr, crps, cp99] = figures_cells(r.canary.as_ref());
                let [ssr, srps, sp99] = figures_cells(r.stable.as_ref());
                vec![
                    escape(&r.at.to_string()),
                    format!("{}%", r.weight),
                    csr,
                    crps,
                    cp99,
                    ssr,
                    srps,
                    sp99,
                    format!(
                        "<span class=\"verdict {}\">{}</span>",
                        r.outcome.to_string().to_lowercase(),
                        r.outcome
                    ),
                    escape(&r.reason),
                ]
            })
            .collect();
        out.push_str(&table(
            "rounds",
            &[
                "round at",
                "weight",
                "new: success",
                "rps",
                "p99",
                "stable: success",
                "rps",
                "p99",
                "verdict",
                "why",
            ],
            &rows,
        ));
    } else if stage.judged && start.is_some() {
        out.push_str("<p>No round figures recorded for this stage.</p>");
    }
    if !analyses.is_empty() {
        out.push_str("<h3>Judgements</h3>");
        let rows: Vec<Vec<String>> = analyses
            .iter()
            .map(|a| {
                vec![
                    escape(&a.at.to_string()),
                    format!(
                        "<span class=\"verdict {}\">{}</span>",
                        a.outcome.to_string().to_lowercase(),
                        a.outcome
                    ),
                    escape(&a.summary),
                ]
            })
            .collect();
        out.push_str(&table("judgements", &["at", "verdict", "why"], &rows));
    }
    if !hooks.is_empty() {
        out.push_str("<h3>Gates and hooks</h3>");
        let rows: Vec<Vec<String>> = hooks
            .iter()
            .map(|h| {
                vec![
                    escape(&h.at.to_string()),
                    escape(&h.kind.to_string()),
                    escape(&h.url),
                    escape(&h.said()),
                    h.attempts.to_string(),
                ]
            })
            .collect();
        out.push_str(&table(
            "hooks",
            &["at", "type", "url", "answer", "attempts"],
            &rows,
        ));
    }
    out.push_str("</section>");
    out
}
