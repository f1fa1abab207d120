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

#[cfg(test)]
mod tests {
    //! The tree of one service as people read it, from objects through the core's view.

    use super::*;
    use crate::core::rollout::{
        ANNOTATION, HistoryEntry, Lock, Phase, RolloutRecord, RolloutSpec, Split, Steps, Weights,
    };
    use crate::core::status::{Objects, detail};
    use jiff::Timestamp;
    use serde_json::{Value, json};

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + secs).unwrap()
    }

    fn record(phase: Phase, stage: usize) -> String {
        let spec = RolloutSpec::canary(
            "reviews",
            Split::subsets("v1", "v2"),
            Steps::new(vec![10, 20, 40, 60, 100]).unwrap(),
            "1m".parse().unwrap(),
        );
        let mut r = RolloutRecord::new(spec, Weights::split("v1", "v2", 0), json!({}), "ci", at(0))
            .unwrap();
        r.phase = phase;
        r.stage = stage;
        r.weights = Weights::split("v1", "v2", [10, 20, 40, 60, 100][stage]);
        r.message = "stage 3 passed analysis".into();
        r.history.push(HistoryEntry {
            at: at(0),
            actor: "ci".into(),
            from: Phase::Pending,
            to: Phase::Progressing,
            stage: 0,
            reason: "started".into(),
        });
        r.lock = Some(Lock {
            holder: "ci".into(),
            acquired_at: at(0),
            expires_at: at(60),
        });
        r.encode().unwrap()
    }

    fn vs(name: &str, ns: &str, spec: Value) -> Value {
        json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
           "metadata": {"name": name, "namespace": ns}, "spec": spec})
    }

    fn dr(name: &str, ns: &str, spec: Value) -> Value {
        json!({"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
           "metadata": {"name": name, "namespace": ns}, "spec": spec})
    }

    fn reviews_vs(annotation: Option<String>) -> Value {
        let mut v = vs(
            "reviews",
            "shop",
            json!({"hosts": ["reviews"], "gateways": ["istio-system/public", "mesh"], "http": [
                {"match": [{"headers": {"x-canary": {"exact": "1"}}}], "route": [{"destination": {"host": "reviews", "subset": "v2"}}]},
                {"route": [{"destination": {"host": "reviews", "subset": "v1"}, "weight": 80},
                           {"destination": {"host": "reviews", "subset": "v2"}, "weight": 20}]}
            ]}),
        );
        if let Some(a) = annotation {
            v["metadata"]["annotations"] = json!({ANNOTATION: a});
        }
        v
    }

    fn reviews_dr() -> Value {
        dr(
            "reviews",
            "shop",
            json!({"host": "reviews", "trafficPolicy": {
            "loadBalancer": {"simple": "LEAST_REQUEST"},
            "outlierDetection": {"consecutive5xxErrors": 5, "interval": "10s"},
            "tls": {"mode": "ISTIO_MUTUAL"}},
          "subsets": [{"name": "v1", "labels": {"version": "v1"}}, {"name": "v2", "labels": {"version": "v2"}}]}),
        )
    }

    fn pod(name: &str, version: &str, ready: bool) -> Value {
        json!({"metadata": {"name": name, "namespace": "shop", "labels": {"app": "reviews", "version": version}},
           "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": if ready {"True"} else {"False"}}]}})
    }

    #[test]
    fn the_tree_goes_from_gateway_to_pods() {
        let vss = [reviews_vs(Some(record(Phase::Progressing, 2)))];
        let drs = [reviews_dr()];
        let gws = [
            json!({"apiVersion": "networking.istio.io/v1", "kind": "Gateway",
        "metadata": {"name": "public", "namespace": "istio-system"},
        "spec": {"servers": [{"port": {"number": 80, "protocol": "HTTP"}, "hosts": ["*"]}]}}),
        ];
        let pods = [
            pod("r1", "v1", true),
            pod("r2", "v1", true),
            pod("r3", "v2", false),
        ];
        let d = detail(
            Objects::read(&vss, &drs, &gws).mesh(),
            "reviews.shop.svc.cluster.local",
            &pods,
            Some(&json!({"app": "reviews"})),
        )
        .unwrap();
        let text = render_detail(&d);
        insta::assert_snapshot!(text, @r"
    reviews (shop)  ◌ Progressing 3/5
       stage 3 passed analysis
    ├─ Gateway istio-system/public  80/HTTP
    │  └─ VirtualService shop/reviews
    │     ├─ http[0] match headers x-canary exact=1
    │     │  └─ v2 100%  (version=v2)
    │     │     └─ pods 0/1 ready
    │     └─ http[1] default
    │        ├─ v1 80%  (version=v1)
    │        │  └─ pods 2/2 ready
    │        └─ v2 20%  (version=v2)
    │           └─ pods 0/1 ready
    ├─ mesh (sidecars)
    │  └─ VirtualService shop/reviews
    │     ├─ http[0] match headers x-canary exact=1
    │     │  └─ v2 100%  (version=v2)
    │     │     └─ pods 0/1 ready
    │     └─ http[1] default
    │        ├─ v1 80%  (version=v1)
    │        │  └─ pods 2/2 ready
    │        └─ v2 20%  (version=v2)
    │           └─ pods 0/1 ready
    └─ DestinationRule shop/reviews  lb:LEAST_REQUEST outlier:5x/10s tls:ISTIO_MUTUAL
       ├─ subset v1  (version=v1)
       │  └─ pods 2/2 ready
       └─ subset v2  (version=v2)
          └─ pods 0/1 ready

    History:
      AT                     FROM      TO            STAGE   ACTOR   REASON
      2026-09-21T14:13:20Z   Pending   Progressing   1       ci      started
    ");
        assert!(
            detail(
                Objects::read(&vss, &drs, &gws).mesh(),
                "ratings.shop.svc.cluster.local",
                &pods,
                None
            )
            .is_none()
        );
    }

    #[test]
    fn a_route_to_an_undefined_subset_says_so_in_the_tree() {
        let vss = [reviews_vs(None)];
        let d = detail(
            Objects::read(&vss, &[], &[]).mesh(),
            "reviews.shop.svc.cluster.local",
            &[],
            None,
        )
        .unwrap();
        let text = render_detail(&d);
        assert!(text.contains("v1 80%  (subset not defined)"), "{text}");
        assert!(
            text.contains("Gateway istio-system/public  (missing)"),
            "{text}"
        );
    }
}
