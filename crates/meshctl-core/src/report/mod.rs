//! The rollout report: one self-contained HTML page made from a rollout record alone
//! (inline CSS, inline SVG charts, no script, nothing fetched), so it can be made
//! later from any machine and kept by CI as an artifact. Per stage: both versions'
//! success rate, request rate and p99 over the rounds against their thresholds, each
//! verdict and why, gates and hooks; then the transitions. Pure: the caller passes the
//! namespace and the time the report is made. See `docs/report.md`.

pub mod chart;
pub mod html;
pub mod stage;

use jiff::Timestamp;

use crate::rollout::RolloutRecord;
use html::{escape, table};

const STYLE: &str = "\
body{font:14px/1.4 system-ui,sans-serif;color:#222;margin:24px;max-width:1160px}\
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0 0 4px}h3{font-size:14px;margin:12px 0 4px}\
.summary td{padding:2px 12px 2px 0}.stage{border-top:1px solid #ccc;padding:12px 0}\
.when,.legend{color:#555;margin:2px 0 8px}.charts{display:flex;flex-wrap:wrap;gap:12px}\
figure{margin:0}figcaption{font-weight:600;font-size:13px}\
.tick{font-size:10px;fill:#555}\
table.rounds,table.judgements,table.hooks,table.history{border-collapse:collapse;margin-top:8px;font-size:12px}\
table.rounds td,table.rounds th,table.judgements td,table.judgements th,table.hooks td,table.hooks th,table.history td,table.history th\
{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}\
.key{display:inline-block;width:14px;height:4px;margin:0 4px 2px 10px;vertical-align:middle}\
.key.stable{background:#1c64d8}.key.canary{background:#f2700c}\
.key.limit{background:repeating-linear-gradient(90deg,#d0102a 0 4px,transparent 4px 7px)}\
.verdict{font-weight:600}.successful{color:#17803d}.failed{color:#b00020}.inconclusive{color:#8a6d00}.error{color:#6b21a8}\
.outcome{font-weight:700}";

/// The report of `rec`, a rollout in `namespace`, made at `now`.
pub fn render(rec: &RolloutRecord, namespace: &str, now: Timestamp) -> String {
    let spec = &rec.spec;
    let strategy = if spec.is_blue_green() {
        "blue-green"
    } else {
        "canary"
    };
    let title = format!("Rollout of {} ({strategy})", spec.service);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        escape(&title)
    );
    out.push_str(&format!("<h1>{}</h1>", escape(&title)));
    let ended = if rec.phase.is_terminal() {
        rec.updated_at.to_string()
    } else {
        "(not ended)".into()
    };
    let summary = [
        ("Namespace", escape(namespace)),
        (
            "Versions",
            format!(
                "{} → {}",
                escape(&spec.split.stable),
                escape(&spec.split.canary)
            ),
        ),
        (
            "Outcome",
            format!(
                "<span class=\"outcome\">{}</span> at stage {}/{} with {}",
                rec.phase,
                rec.stage + 1,
                spec.stages().len(),
                escape(&rec.weights.to_string())
            ),
        ),
        ("Why", escape(&rec.message)),
        (
            "Started",
            format!(
                "{} by {}",
                escape(&rec.created_at.to_string()),
                escape(&rec.created_by)
            ),
        ),
        ("Ended", escape(&ended)),
        ("Report made", escape(&now.to_string())),
    ];
    out.push_str("<table class=\"summary\">");
    for (k, v) in summary {
        out.push_str(&format!("<tr><td>{k}</td><td>{v}</td></tr>"));
    }
    out.push_str("</table>");
    let stages = spec.stages();
    for (i, stage) in stages.iter().enumerate() {
        out.push_str(&stage::section(rec, i, stage, stages.len()));
    }
    if !rec.history.is_empty() {
        out.push_str("<section class=\"stage\"><h2>Transitions</h2>");
        let rows: Vec<Vec<String>> = rec
            .history
            .iter()
            .map(|h| {
                vec![
                    escape(&h.at.to_string()),
                    escape(&h.actor),
                    format!("{} → {}", h.from, h.to),
                    (h.stage + 1).to_string(),
                    escape(&h.reason),
                ]
            })
            .collect();
        out.push_str(&table(
            "history",
            &["at", "by", "phase", "stage", "why"],
            &rows,
        ));
        out.push_str("</section>");
    }
    out.push_str("</body></html>\n");
    out
}

#[cfg(test)]
mod tests;
