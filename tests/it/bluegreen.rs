//! `meshctl bluegreen …` end to end: the built binary against the fake Kubernetes API
//! server, judged by metrics from a REAL Envoy carrying traffic to both colours (`v1`
//! is blue and active, `v2` is green and idle). Failures after the switch are made by
//! turning on Envoy's fault filter for green through its admin runtime.


use crate::support::rollout_mesh;

use rollout_mesh::*;
use serde_json::{Value, json};
use std::time::Duration;
use crate::support::apiserver::FakeApiServer;
use crate::support::process::wait_for;

const CHECKS: [&str; 8] = [
    "--min-success-rate",
    "99",
    "--analysis-window",
    "1s",
    "--analysis-interval",
    "500ms",
    "--min-requests",
    "5",
];

fn has_preview(s: &FakeApiServer) -> bool {
    let vs = s.get(VS, "shop", "reviews").unwrap();
    vs["spec"]["http"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["name"] == "meshctl-preview")
}

fn switch_args<'a>(admin: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "bluegreen",
        "switch",
        "reviews",
        "--to",
        "v2",
        "--yes",
        "--envoy-admin",
        admin,
    ];
    args.extend(CHECKS);
    args.extend(extra);
    args
}

/// Waits until green serves all traffic (the switch was written).
fn wait_for_switch(s: &FakeApiServer) {
    wait_for("the switch", Duration::from_secs(30), || {
        let vs = s.get(VS, "shop", "reviews")?;
        vs["spec"]["http"]
            .as_array()?
            .iter()
            .find(|r| r["name"] == "main")?["route"]
            .as_array()?
            .iter()
            .any(|d| d["destination"]["subset"] == "v2" && d["weight"] == 100)
            .then_some(())
    });
}

#[test]
fn a_healthy_switch_verifies_switches_and_removes_the_preview() {
    let mesh = Mesh::start(0);
    let s = server();
    seed(&s);
    s.modify("destinationrules", "shop", "reviews", "kubectl", |dr| {
        dr["spec"]["subsets"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "v2", "labels": {"version": "v2"}}));
    });
    let admin = mesh.admin();
    let run = mc(
        &s,
        &switch_args(&admin, &["--verify-before", "2s", "--verify-after", "2s"]),
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    assert!(!has_preview(&s));
    let rec = record(&s);
    assert_eq!(rec["phase"], "Succeeded");
    assert_eq!(rec["analyses"].as_array().unwrap().len(), 2);
    let reasons = event_reasons(&s);
    for r in ["BlueGreenPreview", "BlueGreenSwitched", "BlueGreenPromoted"] {
        assert!(reasons.contains(&r.to_string()), "{r} in {reasons:?}");
    }
    // `status` names the active and idle colours with their versions.
    let status = mc(&s, &["bluegreen", "status", "reviews"]);
    assert_eq!(status.code, 0, "{}", status.snapshot());
    assert!(
        status
            .stdout
            .contains("v2         active   100%  version version=v2"),
        "{}",
        status.stdout
    );
    assert!(
        status
            .stdout
            .contains("v1         idle       0%  version version=v1"),
        "{}",
        status.stdout
    );
}

#[test]
fn a_green_that_fails_before_the_switch_leaves_production_untouched() {
    let mesh = Mesh::start(20);
    let s = server();
    let before = seed(&s);
    let admin = mesh.admin();
    let run = mc(
        &s,
        &switch_args(&admin, &["--verify-before", "2s", "--verify-after", "2s"]),
    );
    assert_eq!(run.code, 3, "{}", run.snapshot());
    assert!(run.stderr.contains("rolled back"), "{}", run.stderr);
    let after = s.get(VS, "shop", "reviews").unwrap();
    assert_eq!(without_record(after), without_record(before));
    let rec = record(&s);
    assert_eq!(rec["phase"], "RolledBack");
    assert_eq!(rec["stage"], 0, "failed in the preview stage");
}

#[test]
fn a_green_that_fails_after_the_switch_is_reverted() {
    let mesh = Mesh::start(0);
    let s = server();
    let before = seed(&s);
    let admin = mesh.admin();
    let mut bg = Bg::spawn(
        &s,
        "ci-job-1",
        &switch_args(&admin, &["--verify-before", "1s", "--verify-after", "6s"]),
    );
    wait_for_switch(&s);
    mesh.set_v2_errors(40);
    let status = bg.0.wait().unwrap();
    assert_eq!(status.code(), Some(3));
    let after = s.get(VS, "shop", "reviews").unwrap();
    assert_eq!(without_record(after), without_record(before));
    let rec = record(&s);
    assert_eq!(rec["phase"], "RolledBack");
    assert!(
        rec["message"].as_str().unwrap().contains("success rate"),
        "{rec}"
    );
    assert!(event_reasons(&s).contains(&"BlueGreenReverted".to_string()));
}

#[test]
fn no_revert_keeps_traffic_on_green_and_pauses() {
    let mesh = Mesh::start(0);
    let s = server();
    seed(&s);
    let admin = mesh.admin();
    let mut bg = Bg::spawn(
        &s,
        "ci-job-1",
        &switch_args(
            &admin,
            &[
                "--verify-before",
                "1s",
                "--verify-after",
                "6s",
                "--no-revert",
            ],
        ),
    );
    wait_for_switch(&s);
    mesh.set_v2_errors(40);
    let status = bg.0.wait().unwrap();
    assert_eq!(status.code(), Some(3));
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    let rec = record(&s);
    assert_eq!(rec["phase"], "Paused");
    assert_eq!(rec["pauseReason"], "failedNoRevert");
}

#[test]
fn without_a_terminal_yes_is_required_and_nothing_changes() {
    let s = server();
    let before = seed(&s);
    let run = mc(&s, &["bluegreen", "switch", "reviews", "--to", "v2"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(
        run.stderr.contains("needs a confirmation"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert_eq!(s.get(VS, "shop", "reviews").unwrap(), before);
}

#[test]
fn rollback_switches_back_at_once_with_the_reason_recorded() {
    let s = server();
    seed(&s);
    let run = mc(
        &s,
        &["bluegreen", "switch", "reviews", "--to", "v2", "--yes"],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    let run = mc(
        &s,
        &[
            "bluegreen",
            "rollback",
            "reviews",
            "--reason",
            "checkout errors",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(main_weights(&s), ["v1=100", "v2=0"]);
    let events = s.list("events", Some("shop"));
    let reverted: Vec<&Value> = events
        .iter()
        .filter(|e| e["reason"] == "BlueGreenReverted")
        .collect();
    assert_eq!(reverted.len(), 1, "{events:?}");
    assert!(
        reverted[0]["message"]
            .as_str()
            .unwrap()
            .contains("checkout errors")
    );
    assert_eq!(
        record(&s)["spec"]["split"],
        json!({"by": "subset", "stable": "v2", "canary": "v1"})
    );
}

#[test]
fn preview_adds_a_route_ahead_of_the_main_routes_and_removes_it() {
    let s = server();
    let before = seed(&s);
    let run = mc(
        &s,
        &[
            "bluegreen",
            "preview",
            "reviews",
            "--to",
            "v2",
            "--header",
            "x-meshctl-preview=green",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let vs = s.get(VS, "shop", "reviews").unwrap();
    let first = &vs["spec"]["http"][0];
    assert_eq!(first["name"], "meshctl-preview");
    assert_eq!(
        first["match"],
        json!([{"headers": {"x-meshctl-preview": {"exact": "green"}}}])
    );
    assert_eq!(first["route"][0]["destination"]["subset"], "v2");
    assert_eq!(main_weights(&s), ["v1=null"], "production untouched");
    let run = mc(
        &s,
        &["bluegreen", "preview", "reviews", "--to", "v2", "--remove"],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let after = s.get(VS, "shop", "reviews").unwrap();
    assert_eq!(without_record(after)["spec"], before["spec"]);
}

#[test]
fn a_concurrent_switch_is_refused_by_the_lock() {
    let s = server();
    seed(&s);
    let _first = Bg::spawn(
        &s,
        "ci-job-7",
        &[
            "bluegreen",
            "switch",
            "reviews",
            "--to",
            "v2",
            "--yes",
            "--verify-before",
            "1m",
        ],
    );
    wait_for("the first switch", Duration::from_secs(20), || {
        has_preview(&s).then_some(())
    });
    let run = mc_env(
        &s,
        "ci-job-8",
        &["bluegreen", "switch", "reviews", "--to", "v2", "--yes"],
    );
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(
        run.stderr.contains("locked by `ci-job-7` until"),
        "{}",
        run.stderr
    );
    assert_eq!(main_weights(&s), ["v1=null"]);
}

#[test]
fn a_switch_killed_midway_leaves_a_truthful_record_and_a_routable_service() {
    let s = server();
    let before = seed(&s);
    let mut bg = Bg::spawn(
        &s,
        "laptop",
        &[
            "bluegreen",
            "switch",
            "reviews",
            "--to",
            "v2",
            "--yes",
            "--verify-before",
            "1s",
            "--verify-after",
            "1m",
            "--lock-ttl",
            "2s",
        ],
    );
    wait_for_switch(&s);
    bg.sigkill();
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    assert!(!has_preview(&s));
    let rec = record(&s);
    assert_eq!(rec["phase"], "Progressing");
    assert_eq!(rec["weights"], json!({"v1": 0, "v2": 100}));
    assert_eq!(rec["previewRoute"], false);
    // Anyone can take it back.
    let run = mc_env(&s, "alice", &["bluegreen", "rollback", "reviews"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let after = s.get(VS, "shop", "reviews").unwrap();
    assert_eq!(without_record(after), without_record(before));
}

#[test]
fn halfway_moves_half_the_traffic_verifies_then_the_rest() {
    let mesh = Mesh::start(0);
    let s = server();
    seed(&s);
    let admin = mesh.admin();
    let run = mc(
        &s,
        &switch_args(&admin, &["--halfway", "--interval", "1s", "-o", "json"]),
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let weights: Vec<String> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|l| l["event"] == "transition")
        .map(|l| l["weights"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        weights,
        ["`v1` 50%, `v2` 50%", "`v1` 0%, `v2` 100%"],
        "{}",
        run.stdout
    );
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
}
