//! Printing `meshctl status`: the mesh table (and its wide form) and the tree of one
//! service. Icons always come with words, so nothing depends on colour.

use super::table;
use crate::core::status::{Node, RouteWeight, ServiceDetail, ServiceMetrics, ServiceRow};

fn cell(items: &[String]) -> String {
    if items.is_empty() {
        "-".to_string()
    } else {
        items.join(",")
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

/// The kubectl-style table; `wide` adds the objects behind each row.
pub fn render_table(rows: &[ServiceRow], wide: bool) -> String {
    let mut headers = vec![
        "namespace",
        "service",
        "gateways",
        "routes",
        "subsets",
        "policy",
        "rollout",
    ];
    let with_metrics = wide && rows.iter().any(|r| r.metrics.is_some());
    if with_metrics {
        headers.extend(["success", "rps", "p99"]);
    }
    if wide {
        headers.extend(["virtualservices", "destinationrules", "message"]);
    }
    let mut t = table::new_table(headers);
    for r in rows {
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
        if wide {
            cells.push(cell(&r.virtual_services));
            cells.push(cell(&r.destination_rules));
            cells.push(if r.rollout.message.is_empty() {
                "-".into()
            } else {
                r.rollout.message.clone()
            });
        }
        t.add_row(cells);
    }
    table::render(&t)
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

fn render_nodes(nodes: &[Node], prefix: &str, out: &mut String) {
    for (i, node) in nodes.iter().enumerate() {
        let last = i + 1 == nodes.len();
        out.push_str(prefix);
        out.push_str(if last { "└─ " } else { "├─ " });
        out.push_str(&node.label);
        out.push('\n');
        let deeper = format!("{prefix}{}", if last { "   " } else { "│  " });
        render_nodes(&node.children, &deeper, out);
    }
}

/// The tree of one service, then the rollout history.
pub fn render_detail(d: &ServiceDetail) -> String {
    let r = &d.row;
    let mut out = format!("{} ({})  {}\n", r.service, r.namespace, r.rollout);
    if !r.rollout.message.is_empty() {
        out.push_str(&format!("   {}\n", r.rollout.message));
    }
    render_nodes(&d.tree, "", &mut out);
    if !d.history.is_empty() {
        out.push_str("\nHistory:\n");
        let mut t = table::new_table(["at", "from", "to", "stage", "actor", "reason"]);
        for h in &d.history {
            t.add_row([
                h.at.clone(),
                h.from.clone(),
                h.to.clone(),
                h.stage.to_string(),
                h.actor.clone(),
                h.reason.clone(),
            ]);
        }
        for line in table::render(&t).lines() {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
