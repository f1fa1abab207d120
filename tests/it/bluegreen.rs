//! `meshctl bluegreen …` end to end: the built binary against the REAL kube-apiserver
//! of the test platform (own namespaces, a fault proxy in front), judged by metrics
//! from a REAL Envoy carrying traffic to both colours (`v1` is blue and active, `v2`
//! is green and idle). Failures after the switch are made by turning on Envoy's fault
//! filter for green through its admin runtime. Every test asserts the live object.

use crate::support::kube::{Fault, KubeTest};
use crate::support::process::wait_for;
use crate::support::rollout_mesh::*;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

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

fn has_preview(s: &KubeTest) -> bool {
    live(s)["spec"]["http"]
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
fn wait_for_switch(s: &KubeTest) {
    wait_for("the switch", Duration::from_secs(30), || {
        let vs = s.get(VS, "shop", "reviews")?;
        main_route_of(&vs)["route"]
            .as_array()?
            .iter()
            .any(|d| d["destination"]["subset"] == "v2" && d["weight"] == 100)
            .then_some(())
    });
}

fn wait_for_preview(s: &KubeTest) {
    wait_for("the preview route", Duration::from_secs(30), || {
        has_preview(s).then_some(())
    });
}

/// The PUTs meshctl sent to the VirtualService, as the statuses it got (0: no answer).
fn vs_put_statuses(s: &KubeTest) -> Vec<u16> {
    s.requests()
        .iter()
        .filter(|r| r.method == "PUT" && r.path.ends_with("/virtualservices/reviews"))
        .map(|r| r.status)
        .collect()
}

fn lost_put() -> Fault {
    Fault::lost_reply(1)
        .method("PUT")
        .path_contains("virtualservices/reviews")
}

#[test]
fn a_healthy_switch_verifies_switches_and_removes_the_preview() {
    let s = server();
    let mesh = Mesh::start(&s, 0);
    seed(&s);
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
    let s = server();
    let mesh = Mesh::start(&s, 20);
    let before = seed(&s);
    let admin = mesh.admin();
    let run = mc(
        &s,
        &switch_args(&admin, &["--verify-before", "2s", "--verify-after", "2s"]),
    );
    assert_eq!(run.code, 3, "{}", run.snapshot());
    assert!(run.stderr.contains("rolled back"), "{}", run.stderr);
    assert_eq!(without_record(live(&s)), without_record(before));
    let rec = record(&s);
    assert_eq!(rec["phase"], "RolledBack");
    assert_eq!(rec["stage"], 0, "failed in the preview stage");
}

#[test]
fn a_green_that_fails_after_the_switch_is_reverted() {
    let s = server();
    let mesh = Mesh::start(&s, 0);
    let before = seed(&s);
    let admin = mesh.admin();
    let mut bg = Bg::spawn(
        &s,
        "ci-job-1",
        &switch_args(&admin, &["--verify-before", "1s", "--verify-after", "6s"]),
    );
    wait_for_switch(&s);
    mesh.set_v2_errors(40);
    let (code, stderr) = bg.wait();
    assert_eq!(code, Some(3), "{stderr}");
    assert_eq!(without_record(live(&s)), without_record(before));
    let rec = record(&s);
    assert_eq!(rec["phase"], "RolledBack");
    // A round's success rate or the sequential test, whichever judged first.
    let message = rec["message"].as_str().unwrap();
    assert!(
        message.contains("success rate") || message.contains("sequential threshold test"),
        "{rec}"
    );
    assert!(event_reasons(&s).contains(&"BlueGreenReverted".to_string()));
}

/// Issue 12, case 5 for blue-green: a failed verification under `--no-revert` leaves
/// all traffic on green and pauses: exit 4, not 3 (3 means traffic is back on blue).
#[test]
fn no_revert_keeps_traffic_on_green_pauses_and_exits_4() {
    let s = server();
    let mesh = Mesh::start(&s, 0);
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
    let (code, stderr) = bg.wait();
    assert_eq!(code, Some(4), "{stderr}");
    assert!(stderr.contains("is paused at"), "{stderr}");
    assert!(
        stderr.contains("meshctl bluegreen rollback reviews"),
        "{stderr}"
    );
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
    assert_eq!(live(&s), before);
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
    // The rollback's reply is lost: its retry recognises the write as its own.
    s.clear_requests();
    s.inject(lost_put());
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
    assert_eq!(vs_put_statuses(&s)[..2], [0, 409]);
    assert_eq!(main_weights(&s), ["v1=100", "v2=0"]);
    let reverted: Vec<Value> = events(&s)
        .into_iter()
        .filter(|e| e["reason"] == "BlueGreenReverted")
        .collect();
    assert_eq!(reverted.len(), 1, "{reverted:?}");
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
    let vs = live(&s);
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
    assert_eq!(without_record(live(&s))["spec"], before["spec"]);
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
    wait_for_preview(&s);
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
            "3s",
            "--request-timeout",
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
    // Anyone can take it back, even when the reply of that write is lost.
    s.clear_requests();
    s.inject(lost_put());
    let run = mc_env(&s, "alice", &["bluegreen", "rollback", "reviews"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(vs_put_statuses(&s), [0, 409]);
    assert_eq!(without_record(live(&s)), without_record(before));
    assert_eq!(record(&s)["phase"], "RolledBack");
}

#[test]
fn halfway_moves_half_the_traffic_verifies_then_the_rest() {
    let s = server();
    let mesh = Mesh::start(&s, 0);
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

/// Issue 12, case 1 for blue-green: routes of other people, at the top and at the end,
/// before and during a switch that is then reverted, are left exactly as they are; the
/// main route (unnamed: found by its match) is restored exactly.
#[test]
fn foreign_routes_survive_a_reverted_switch() {
    let s = server();
    let mesh = Mesh::start(&s, 0);
    let before = seed_with(
        &s,
        vec![
            foreign_route("x-early", "v1"),
            main_route(false),
            foreign_route("x-late", "v1"),
        ],
    );
    let admin = mesh.admin();
    let mut bg = Bg::spawn(
        &s,
        "ci-job-1",
        &switch_args(&admin, &["--verify-before", "2s", "--verify-after", "6s"]),
    );
    // During the preview: a route pinned to blue on top, ahead of meshctl's preview.
    wait_for_preview(&s);
    insert_route(&s, Some(0), foreign_route("x-pinned", "v1"));
    wait_for_switch(&s);
    insert_route(&s, None, foreign_route("x-tail", "v1"));
    mesh.set_v2_errors(40);
    let (code, stderr) = bg.wait();
    assert_eq!(code, Some(3), "{stderr}");
    let after = live(&s);
    let http = after["spec"]["http"].as_array().unwrap();
    assert_eq!(http.len(), 5, "{after}");
    assert_eq!(http[0], foreign_route("x-pinned", "v1"));
    assert_eq!(http[1], foreign_route("x-early", "v1"));
    assert_eq!(http[2], before["spec"]["http"][1]);
    assert_eq!(http[3], foreign_route("x-late", "v1"));
    assert_eq!(http[4], foreign_route("x-tail", "v1"));
    assert_eq!(record(&s)["phase"], "RolledBack");
}

#[test]
fn a_foreign_route_pinned_to_blue_survives_the_switch() {
    let s = server();
    seed(&s);
    let mut bg = Bg::spawn(
        &s,
        "ci-job-1",
        &[
            "bluegreen",
            "switch",
            "reviews",
            "--to",
            "v2",
            "--yes",
            "--verify-before",
            "2s",
            "--verify-after",
            "2s",
        ],
    );
    wait_for_preview(&s);
    insert_route(&s, Some(0), foreign_route("x-pinned", "v1"));
    let (code, stderr) = bg.wait();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    assert_eq!(
        route_with_header(&s, "x-pinned"),
        foreign_route("x-pinned", "v1")
    );
    assert!(!has_preview(&s));
}

/// Issue 12, case 2 for blue-green: the replies of the start (preview), step (switch)
/// and promote writes are lost; each retry recognises its own write, and the switch
/// runs to the end with each transition written once.
#[test]
fn lost_replies_on_the_preview_switch_and_promote_writes_are_recognised() {
    let s = server();
    seed(&s);
    s.inject(lost_put());
    let mut bg = Bg::spawn(
        &s,
        "ci-job-1",
        &[
            "bluegreen",
            "switch",
            "reviews",
            "--to",
            "v2",
            "--yes",
            "--verify-before",
            "2s",
            "--verify-after",
            "3s",
        ],
    );
    wait_for_preview(&s);
    s.inject(lost_put());
    wait_for_switch(&s);
    s.inject(lost_put());
    let (code, stderr) = bg.wait();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stderr.contains("already"), "{stderr}");
    let statuses = vs_put_statuses(&s);
    assert_eq!(
        statuses.iter().filter(|&&c| c == 0).count(),
        3,
        "{statuses:?}"
    );
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    assert!(!has_preview(&s));
    let rec = record(&s);
    assert_eq!(rec["phase"], "Succeeded");
    let transitions: Vec<&str> = rec["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["to"].as_str().unwrap())
        .collect();
    assert_eq!(transitions, ["Verifying", "Progressing", "Succeeded"]);
    for reason in ["BlueGreenPreview", "BlueGreenSwitched", "BlueGreenPromoted"] {
        let n = event_reasons(&s).iter().filter(|r| *r == reason).count();
        assert_eq!(n, 1, "{reason}");
    }
}

/// Issue 12, case 3 for blue-green: the API server is gone across the switch write.
#[test]
fn an_api_server_outage_across_the_switch_is_ridden_out() {
    let s = server();
    seed(&s);
    let mut bg = Bg::spawn(
        &s,
        "ci-job-1",
        &[
            "bluegreen",
            "switch",
            "reviews",
            "--to",
            "v2",
            "--yes",
            "--verify-before",
            "2s",
            "--verify-after",
            "2s",
        ],
    );
    wait_for_preview(&s);
    let down = Instant::now();
    s.unreachable_for(Duration::from_secs(10));
    let (code, stderr) = bg.wait();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(down.elapsed() >= Duration::from_secs(10));
    assert!(stderr.contains("retrying for up to 5m"), "{stderr}");
    assert!(
        stderr.contains("the API server answers again after"),
        "{stderr}"
    );
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    assert!(!has_preview(&s));
    assert_eq!(record(&s)["phase"], "Succeeded");
}

/// Issue 12, case 4 for blue-green: a TTL the driver cannot renew in time is refused
/// before anything changes.
#[test]
fn a_lock_ttl_too_short_to_renew_is_refused() {
    let s = server();
    let before = seed(&s);
    let run = mc(
        &s,
        &[
            "bluegreen",
            "switch",
            "reviews",
            "--to",
            "v2",
            "--yes",
            "--lock-ttl",
            "20s",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(
        run.stderr.contains("`--lock-ttl 20s` is too short"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--request-timeout"), "{}", run.stderr);
    assert_eq!(live(&s), before);
}

/// Issue 12, case 5 for blue-green: an unreachable metric source refuses the switch
/// with nothing written; forced, the preview's analysis errors pause it: exit 4.
#[test]
fn an_unreachable_metric_source_refuses_the_switch() {
    let s = server();
    let before = seed(&s);
    let args = |force: bool| {
        let mut args = vec![
            "bluegreen",
            "switch",
            "reviews",
            "--to",
            "v2",
            "--yes",
            "--verify-before",
            "1s",
            "--prometheus-url",
            "http://127.0.0.1:1",
        ];
        args.extend(CHECKS);
        if force {
            args.push("--force");
        }
        args
    };
    let run = mc(&s, &args(false));
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(
        run.stderr.contains("the metric source does not answer"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_eq!(live(&s), before);
    let run = mc(&s, &args(true));
    assert_eq!(run.code, 4, "{}", run.snapshot());
    let rec = record(&s);
    assert_eq!(rec["phase"], "Paused");
    assert_eq!(rec["pauseReason"], "errorLimit");
    assert_eq!(main_weights(&s), ["v1=null"], "production still on blue");
}

#[test]
fn an_idle_colour_without_ready_pods_is_refused() {
    let s = server();
    let before = seed(&s);
    s.set_pod_status("shop", "reviews-v2-0", "Pending", false, None);
    let run = mc(
        &s,
        &["bluegreen", "switch", "reviews", "--to", "v2", "--yes"],
    );
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(
        run.stderr.contains("no Ready pod serves `v2`"),
        "{}",
        run.stderr
    );
    assert_eq!(live(&s), before);
}
