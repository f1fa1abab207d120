//! Canary and blue-green on a Gateway API HTTPRoute, end to end: the built binary
//! against the platform's REAL kube-apiserver with the v1.4.1 CRDs. The HTTPRoute is
//! written by another field manager (`platform-team`) with fields meshctl does not own
//! — a filter on the shifted rule, another rule — and changed by it again while the
//! rollout runs; after promotion and after rollback every one of them must be as that
//! manager left it, and the split exactly as planned or as before. The record, lock and
//! events live on the HTTPRoute. Steps are moved on by `canary promote` (no metrics),
//! as a CI job would.

use crate::support::cli::run;
use crate::support::kube::KubeTest;
use crate::support::rollout_mesh::{mc, server, without_record};
use serde_json::{Value, json};

const ROUTES: &str = "httproutes.gateway.networking.k8s.io";
const MANAGER: &str = "platform-team";

/// The HTTPRoute `shop` as the platform team writes it: an admin rule of theirs, then
/// the main rule to `main` with a header filter meshctl does not own.
fn route(main: &str) -> Value {
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
        "metadata": {"name": "shop", "namespace": "shop"},
        "spec": {
            "parentRefs": [{"name": "web"}],
            "rules": [
                {"name": "admin",
                 "matches": [{"path": {"type": "PathPrefix", "value": "/admin"}}],
                 "backendRefs": [{"name": "admin", "port": 8080}]},
                {"filters": [{"type": "RequestHeaderModifier",
                              "requestHeaderModifier": {"set": [{"name": "x-env", "value": "prod"}]}}],
                 "backendRefs": [{"name": main, "port": 80}]}
            ]
        }
    })
}

/// Services for each version, and a Ready pod of each new one (the pre-check looks
/// for one before traffic moves; no kubelet runs, the support marks it Ready).
fn seed(s: &KubeTest, main: &str, new: &[&str]) -> Value {
    for name in std::iter::once(&main).chain(new) {
        s.seed(json!({"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": "shop"},
            "spec": {"selector": {"app": name}, "ports": [{"port": 80}]}}));
    }
    for name in new {
        s.seed_pod(
            "shop",
            &format!("{name}-0"),
            &[("app", name)],
            "Running",
            true,
        );
    }
    s.seed_as(route(main), MANAGER)
}

fn live(s: &KubeTest) -> Value {
    s.get(ROUTES, "shop", "shop").expect("the HTTPRoute")
}

fn record(s: &KubeTest) -> Value {
    let text = live(s)["metadata"]["annotations"]["meshctl.io/rollout"]
        .as_str()
        .expect("a record on the HTTPRoute")
        .to_string();
    serde_json::from_str(&text).unwrap()
}

/// The main rule's backends as `name=weight`, wherever the rule is now.
fn split(s: &KubeTest) -> Vec<String> {
    let obj = live(s);
    let rule = obj["spec"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r.get("filters").is_some() && r.get("name").is_none())
        .expect("the main rule")
        .clone();
    rule["backendRefs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| format!("{}={}", b["name"].as_str().unwrap(), b["weight"]))
        .collect()
}

fn reasons_on_the_route(s: &KubeTest) -> Vec<String> {
    s.list("events", Some("shop"))
        .into_iter()
        .filter(|e| {
            e["involvedObject"]["kind"] == "HTTPRoute" && e["involvedObject"]["name"] == "shop"
        })
        .map(|e| e["reason"].as_str().unwrap().to_string())
        .collect()
}

/// The platform team adds a rule of theirs at the top while the rollout runs.
fn foreign_rule() -> Value {
    json!({"name": "pinned",
           "matches": [{"headers": [{"type": "Exact", "name": "x-pin", "value": "1"}]}],
           "backendRefs": [{"name": "shop-v1", "port": 80}]})
}

fn add_foreign_rule(s: &KubeTest) {
    s.modify(ROUTES, "shop", "shop", MANAGER, |r| {
        r["spec"]["rules"]
            .as_array_mut()
            .unwrap()
            .insert(0, foreign_rule());
    });
}

#[test]
fn a_canary_on_an_httproute_keeps_every_foreign_field_through_promotion() {
    let s = server();
    seed(&s, "shop-v1", &["shop-v2"]);
    let start = [
        "canary",
        "start",
        "shop",
        "--api",
        "gateway-api",
        "--canary-host",
        "shop-v2",
        "--steps",
        "20,50",
        "--detach",
    ];
    // A server-side dry run shows the first step and writes nothing.
    let seeded = live(&s);
    let run = mc(&s, &[&start[..], &["--dry-run=server"]].concat());
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(run.stdout.contains("weight: 20"), "{}", run.stdout);
    assert_eq!(live(&s), seeded);

    let run = mc(&s, &start);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(split(&s), ["shop-v1=80", "shop-v2=20"]);
    // A step job without checks holds the step for its interval (1m): same step.
    let run = mc(&s, &["canary", "step", "shop"]);
    assert_eq!(run.code, 5, "{}", run.snapshot());
    let rec = record(&s);
    assert_eq!(rec["spec"]["kind"], "HTTPRoute");
    assert_eq!(rec["spec"]["split"]["by"], "host");
    assert_eq!(
        rec["lock"],
        Value::Null,
        "a detached start leaves no lock: {rec}"
    );

    add_foreign_rule(&s);
    let before = live(&s);
    // Follow-ups find the HTTPRoute by its record, without `--api`.
    let run = mc(&s, &["canary", "promote", "shop"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(split(&s), ["shop-v1=50", "shop-v2=50"]);
    let run = mc(&s, &["canary", "promote", "shop", "--full"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(split(&s), ["shop-v1=0", "shop-v2=100"]);
    assert_eq!(record(&s)["phase"], "Succeeded");

    // Everything but the main rule's backends is as the platform team left it.
    let after = live(&s);
    let rules = |v: &Value| v["spec"]["rules"].as_array().unwrap().clone();
    assert_eq!(rules(&after)[0], rules(&before)[0]);
    assert_eq!(rules(&after)[0]["name"], "pinned");
    assert_eq!(rules(&after)[1], rules(&before)[1]);
    assert_eq!(rules(&after)[2]["filters"], rules(&before)[2]["filters"]);
    assert_eq!(after["spec"]["parentRefs"], before["spec"]["parentRefs"]);
    assert_eq!(
        rules(&after).len(),
        3,
        "no rule of meshctl's is left: {after}"
    );

    let reasons = reasons_on_the_route(&s);
    assert!(
        reasons.contains(&"CanaryPromoted".to_string()),
        "{reasons:?}"
    );
    let run = mc(&s, &["canary", "list", "-o", "json"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let rows: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(rows[0]["kind"], "HTTPRoute", "{rows}");
    let run = mc(&s, &["canary", "status", "shop"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(
        run.stdout.contains("On:        HTTPRoute `shop`"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_rolled_back_canary_leaves_the_httproute_exactly_as_before() {
    let s = server();
    // As stored: the server fills in defaults (a backend's weight 1, a rule's `/`).
    let original = seed(&s, "shop-v1", &["shop-v2"]);
    assert_eq!(split(&s), ["shop-v1=1"]);
    let run = mc(
        &s,
        &[
            "canary",
            "start",
            "shop",
            "--api",
            "gateway-api",
            "--canary-host",
            "shop-v2",
            "--steps",
            "30",
            "--detach",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(split(&s), ["shop-v1=70", "shop-v2=30"]);
    add_foreign_rule(&s);
    // What a rollback must leave: the platform team's rule kept, the split as before.
    let mut expected = live(&s);
    expected["spec"]["rules"][2]["backendRefs"] =
        original["spec"]["rules"][1]["backendRefs"].clone();

    let run = mc(&s, &["canary", "rollback", "shop", "--reason", "bad build"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let after = live(&s);
    assert_eq!(after["spec"], expected["spec"], "{after}");
    assert_eq!(
        without_record(after.clone())["metadata"].get("annotations"),
        None,
        "{after}"
    );
    let rec = record(&s);
    assert_eq!(rec["phase"], "RolledBack");
    assert!(reasons_on_the_route(&s).contains(&"CanaryRolledBack".to_string()));
}

#[test]
fn a_blue_green_switch_on_an_httproute_previews_switches_and_switches_back() {
    let s = server();
    let original = seed(&s, "shop-blue", &["shop-green"]);
    // A preview rule of meshctl's: testers' header to green, production untouched.
    let run = mc(
        &s,
        &[
            "bluegreen",
            "preview",
            "shop",
            "--api",
            "gateway-api",
            "--to",
            "shop-green",
            "--preview-header",
            "x-tester=yes",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let rules = live(&s)["spec"]["rules"].clone();
    assert_eq!(rules[0]["name"], "meshctl-preview");
    // (The server adds the path prefix `/` a match without a path means.)
    assert_eq!(
        rules[0]["matches"],
        json!([{"headers": [{"type": "Exact", "name": "x-tester", "value": "yes"}],
                "path": {"type": "PathPrefix", "value": "/"}}])
    );
    assert_eq!(rules[0]["backendRefs"][0]["name"], "shop-green");
    assert_eq!(rules[0]["backendRefs"][0]["port"], 80);
    assert_eq!(split(&s), ["shop-blue=1"]);
    let run = mc(
        &s,
        &[
            "bluegreen",
            "preview",
            "shop",
            "--api",
            "gateway-api",
            "--to",
            "shop-green",
            "--remove",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(live(&s)["spec"], original["spec"]);

    // The switch verifies through the preview rule first (held, no checks), then
    // moves everything and takes the preview rule out.
    let run = mc(
        &s,
        &[
            "bluegreen",
            "switch",
            "shop",
            "--api",
            "gateway-api",
            "--to",
            "shop-green",
            "--verify-before",
            "1s",
            "--yes",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(split(&s), ["shop-blue=0", "shop-green=100"]);
    let rec = record(&s);
    assert_eq!(rec["phase"], "Succeeded");
    assert_eq!(rec["spec"]["kind"], "HTTPRoute");
    assert!(
        live(&s)["spec"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["name"] != "meshctl-preview")
    );
    assert!(
        reasons_on_the_route(&s)
            .iter()
            .any(|r| r.starts_with("BlueGreen"))
    );
    // The colours are the Services, found by the record without `--api`.
    let run = mc(&s, &["bluegreen", "status", "shop", "-o", "json"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let view: Value = serde_json::from_str(&run.stdout).unwrap();
    let colours: Vec<(String, String, u64)> = view["colours"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap().into(),
                c["role"].as_str().unwrap().into(),
                c["weight"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        colours,
        [
            ("shop-blue".into(), "idle".into(), 0),
            ("shop-green".into(), "active".into(), 100)
        ]
    );

    let run = mc(&s, &["bluegreen", "rollback", "shop"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(split(&s), ["shop-blue=100", "shop-green=0"]);
    assert_eq!(record(&s)["spec"]["kind"], "HTTPRoute");
}

#[test]
fn subset_flags_and_sticky_cookies_mean_nothing_on_an_httproute() {
    for (flags, says) in [
        (&["--canary", "v2"][..], "`--canary` names a subset"),
        (
            &["--canary-host", "shop-v2", "--canary-labels", "a=b"][..],
            "`--canary-labels` names a subset",
        ),
        (
            &["--canary-host", "shop-v2", "--sticky-cookie", "c"][..],
            "`--sticky-cookie` has no form",
        ),
        (
            &["--canary-host", "shop-v2", "--image", "shop:2"][..],
            "`--image` with `--api gateway-api`",
        ),
    ] {
        let mut args = vec![
            "canary",
            "start",
            "shop",
            "--api",
            "gateway-api",
            "--detach",
        ];
        args.extend(flags);
        let out = run(&args);
        assert_eq!(out.code, 2, "{flags:?}: {}", out.snapshot());
        assert!(out.stderr.contains(says), "{flags:?}: {}", out.stderr);
        assert!(out.stderr.contains("hint:"), "{flags:?}: {}", out.stderr);
    }
}
