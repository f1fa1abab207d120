//! `meshctl canary …` end to end: the built binary against the REAL kube-apiserver of
//! the test platform (each test in namespaces of its own, through a fault proxy that
//! loses replies, refuses connections or lets another writer in), judged by metrics
//! from a REAL Envoy carrying real traffic to two `meshctl demo backend`s through
//! clusters with Istio's names (`outbound|9080|v1|reviews.shop.svc.cluster.local`); see
//! `support/rollout_mesh.rs`. A traffic thread hits both subsets the whole time; the
//! VirtualService weights need not drive Envoy here. Every test asserts the live
//! object, not only meshctl's account of it.

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

fn with_checks<'a>(admin: &'a str, mut args: Vec<&'a str>) -> Vec<&'a str> {
    args.extend(["--envoy-admin", admin]);
    args.extend(CHECKS);
    args
}

/// The PUTs meshctl sent to the VirtualService, as the statuses it got (0: no answer).
fn vs_put_statuses(s: &KubeTest) -> Vec<u16> {
    s.requests()
        .iter()
        .filter(|r| r.method == "PUT" && r.path.ends_with("/virtualservices/reviews"))
        .map(|r| r.status)
        .collect()
}

/// Waits until the live record is at `phase` and stage `stage` (0-based).
fn wait_for_stage(s: &KubeTest, phase: &str, stage: u64) {
    wait_for(
        &format!("{phase} at stage {stage}"),
        Duration::from_secs(30),
        || {
            let vs = s.get(VS, "shop", "reviews")?;
            let text = vs["metadata"]["annotations"].get("meshctl.io/rollout")?;
            let rec: Value = serde_json::from_str(text.as_str()?).ok()?;
            (rec["phase"] == phase && rec["stage"] == stage).then_some(())
        },
    );
}

#[test]
fn a_healthy_canary_promotes_with_events_and_a_record() {
    let s = server();
    let mesh = Mesh::start(&s, 0);
    seed(&s);
    // The pre-check looks for Ready pods with the labels the subset will have.
    s.seed_pod(
        "shop",
        "reviews-v2-canary",
        &[("app", "reviews"), ("version", "v2"), ("track", "canary")],
        "Running",
        true,
    );
    let admin = mesh.admin();
    let args = with_checks(
        &admin,
        vec![
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--steps",
            "20,50",
            "--interval",
            "2s",
            "--max-p99",
            "500ms",
            "--canary-labels",
            "version=v2,track=canary",
        ],
    );
    let run = mc(&s, &args);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(run.stderr.contains("succeeded"), "{}", run.stderr);
    // `--canary-labels` extended the subset in the DestinationRule.
    let dr = s.get("destinationrules", "shop", "reviews").unwrap();
    assert_eq!(
        dr["spec"]["subsets"][1],
        json!({"name": "v2", "labels": {"version": "v2", "track": "canary"}}),
        "{dr}"
    );
    // Final routes: all traffic to v2, v1 kept at 0; the retries untouched.
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    let vs = live(&s);
    assert_eq!(vs["spec"]["http"][1]["retries"]["attempts"], 3);
    assert_eq!(
        vs["spec"]["http"][0]["route"][0]["destination"]["subset"],
        "v3"
    );
    let rec = record(&s);
    assert_eq!(rec["phase"], "Succeeded");
    assert_eq!(rec["schemaVersion"], 2);
    assert_eq!(rec["weights"], json!({"v1": 0, "v2": 100}));
    assert!(rec.get("lock").is_none(), "the lock is released: {rec}");
    assert_eq!(rec["writtenBy"], "ci-job-1");
    assert!(rec["revision"].as_u64().unwrap() >= 3, "{rec}");
    let outcomes: Vec<&str> = rec["analyses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["Successful", "Successful"]);
    let reasons = event_reasons(&s);
    assert_eq!(
        reasons.iter().filter(|r| *r == "CanaryStep").count(),
        2,
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&"CanaryPromoted".to_string()),
        "{reasons:?}"
    );
}

#[test]
fn a_canary_with_errors_rolls_back_at_the_first_step_exactly() {
    let s = server();
    let mesh = Mesh::start(&s, 20);
    let before = seed(&s);
    let admin = mesh.admin();
    let args = with_checks(
        &admin,
        vec![
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--steps",
            "20,50",
            "--interval",
            "2s",
            "-o",
            "json",
        ],
    );
    let run = mc(&s, &args);
    assert_eq!(run.code, 3, "{}", run.snapshot());
    assert!(run.stderr.contains("rolled back"), "{}", run.stderr);
    assert!(
        run.stderr.contains("traffic is back on `v1`"),
        "{}",
        run.stderr
    );
    // JSON Lines progress on stdout, one object per line.
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The verdict is a failed round, or the sequential test's that may come first.
    assert!(
        lines
            .iter()
            .any(|l| (l["event"] == "round" && l["outcome"] == "Failed")
                || l.to_string().contains("sequential threshold test")),
        "{}",
        run.stdout
    );
    let rec = record(&s);
    assert_eq!(rec["phase"], "RolledBack");
    assert_eq!(rec["stage"], 0, "rolled back at the first step");
    let message = rec["message"].as_str().unwrap();
    assert!(
        message.contains("success rate") || message.contains("sequential threshold test"),
        "{rec}"
    );
    // Weights restored exactly and nothing else touched.
    assert_eq!(without_record(live(&s)), without_record(before));
    let reasons = event_reasons(&s);
    assert!(
        reasons.contains(&"CanaryRolledBack".to_string()),
        "{reasons:?}"
    );
}

/// Issue 12, case 1: another actor pins testers to v1 with a route at index 0 (and
/// appends one at the end) while the canary runs; the automatic rollback restores the
/// real main route — found by its match, not its position — and leaves theirs alone.
#[test]
fn foreign_routes_at_the_top_and_the_end_survive_an_automatic_rollback() {
    let s = server();
    let mesh = Mesh::start(&s, 20);
    // An unnamed main route (found by its content), with foreign routes before and after.
    let before = seed_with(
        &s,
        vec![
            foreign_route("x-early", "v1"),
            main_route(false),
            foreign_route("x-late", "v3"),
        ],
    );
    let admin = mesh.admin();
    // The first round judges 3s of traffic: the other actor edits meanwhile.
    let args = [
        "canary",
        "start",
        "reviews",
        "--canary",
        "v2",
        "--steps",
        "25,50",
        "--interval",
        "3s",
        "--envoy-admin",
        &admin,
        "--min-success-rate",
        "99",
        "--analysis-window",
        "3s",
        "--min-requests",
        "5",
    ];
    let mut bg = Bg::spawn(&s, "ci-job-1", &args);
    wait_for_stage(&s, "Progressing", 0);
    insert_route(&s, Some(0), foreign_route("x-pinned", "v1"));
    insert_route(&s, None, foreign_route("x-tail", "v1"));
    assert_eq!(
        record(&s)["phase"],
        "Progressing",
        "edited during the rollout"
    );
    let (code, stderr) = bg.wait();
    assert_eq!(code, Some(3), "{stderr}");
    let after = live(&s);
    let http = after["spec"]["http"].as_array().unwrap();
    assert_eq!(http.len(), 5, "{after}");
    // Theirs: exactly as they wrote them, where they put them.
    assert_eq!(http[0], foreign_route("x-pinned", "v1"));
    assert_eq!(http[1], foreign_route("x-early", "v1"));
    assert_eq!(http[3], foreign_route("x-late", "v3"));
    assert_eq!(http[4], foreign_route("x-tail", "v1"));
    // Ours: exactly as before the rollout.
    assert_eq!(http[2], before["spec"]["http"][1]);
    assert_eq!(weights_of(&http[2]), ["v1=null"]);
    let rec = record(&s);
    assert_eq!(rec["phase"], "RolledBack");
    assert_eq!(
        rec["snapshot"]["routes"][0]["id"],
        json!({"by": "content", "match": null, "hosts": ["reviews"]})
    );
}

/// Issue 12, case 1 on promotion: a foreign route pinned to v1 at index 0 is not
/// rewritten to v2.
#[test]
fn a_foreign_route_pinned_to_stable_survives_promotion() {
    let s = server();
    let mesh = Mesh::start(&s, 0);
    seed(&s);
    let admin = mesh.admin();
    let args = with_checks(
        &admin,
        vec![
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--steps",
            "20,50",
            "--interval",
            "3s",
        ],
    );
    let mut bg = Bg::spawn(&s, "ci-job-1", &args);
    wait_for_stage(&s, "Progressing", 0);
    insert_route(&s, Some(0), foreign_route("x-pinned", "v1"));
    insert_route(&s, None, foreign_route("x-tail", "v1"));
    let (code, stderr) = bg.wait();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    assert_eq!(
        route_with_header(&s, "x-pinned"),
        foreign_route("x-pinned", "v1")
    );
    assert_eq!(
        route_with_header(&s, "x-tail"),
        foreign_route("x-tail", "v1")
    );
    assert_eq!(record(&s)["phase"], "Succeeded");
}

/// When two routes answer to the identity of the shifted one, meshctl refuses to guess:
/// exit 1, and nothing is written — neither a promotion nor a rollback.
#[test]
fn an_ambiguous_route_stops_every_write_and_writes_nothing() {
    let s = server();
    seed(&s);
    let run = mc(
        &s,
        &[
            "canary", "start", "reviews", "--canary", "v2", "--steps", "20,50", "--detach",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    // Someone adds a second route named `main`, pinned to v1, at the top.
    let mut copy = main_route(true);
    copy["match"] = json!([{"uri": {"prefix": "/admin"}}]);
    insert_route(&s, Some(0), copy.clone());
    let version = s.resource_version(VS, "shop", "reviews");
    for args in [
        vec!["canary", "promote", "reviews"],
        vec!["canary", "rollback", "reviews"],
    ] {
        let run = mc(&s, &args);
        assert_eq!(run.code, 1, "{}", run.snapshot());
        assert!(
            run.stderr.contains(
                "route `main` matches 2 routes of VirtualService `reviews` (positions 1, 3)"
            ),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
        assert_eq!(s.resource_version(VS, "shop", "reviews"), version);
    }
    assert_eq!(live(&s)["spec"]["http"][0], copy);
}

#[test]
fn a_second_start_is_refused_while_the_first_holds_the_lock() {
    let s = server();
    seed(&s);
    let _first = Bg::spawn(
        &s,
        "ci-job-7",
        &[
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--steps",
            "10,20",
            "--interval",
            "1m",
        ],
    );
    wait_for_stage(&s, "Progressing", 0);
    let run = mc_env(
        &s,
        "ci-job-8",
        &[
            "canary", "start", "reviews", "--canary", "v2", "--steps", "50",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(
        run.stderr.contains("locked by `ci-job-7` until"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(main_weights(&s), ["v1=90", "v2=10"]);
    // `--force` takes over and says whose lock it overrode.
    let run = mc_env(
        &s,
        "ci-job-8",
        &[
            "canary", "start", "reviews", "--canary", "v2", "--steps", "50", "--detach", "--force",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(
        run.stderr.contains("took the lock of `ci-job-7`"),
        "{}",
        run.stderr
    );
    assert_eq!(main_weights(&s), ["v1=50", "v2=50"]);
}

/// Starts a rollout in the background and SIGKILLs it once the first step is written.
fn killed_mid_rollout(s: &KubeTest) {
    let mut bg = Bg::spawn(
        s,
        "laptop",
        &[
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--steps",
            "20,40",
            "--interval",
            "1m",
            "--lock-ttl",
            "3s",
            "--request-timeout",
            "2s",
        ],
    );
    wait_for_stage(s, "Progressing", 0);
    bg.sigkill();
    // Weights sum to 100 and the record says so.
    assert_eq!(main_weights(s), ["v1=80", "v2=20"]);
    let rec = record(s);
    assert_eq!(rec["phase"], "Progressing");
    assert_eq!(rec["weights"], json!({"v1": 80, "v2": 20}));
}

#[test]
fn a_killed_rollout_resumes_from_its_recorded_step() {
    let s = server();
    seed(&s);
    killed_mid_rollout(&s);
    // The killed driver's lock is live for 3s: resume says so, then takes over.
    let early = mc_env(&s, "ci-job-2", &["canary", "resume", "reviews"]);
    assert_eq!(early.code, 1, "{}", early.snapshot());
    assert!(
        early.stderr.contains("locked by `laptop`"),
        "{}",
        early.stderr
    );
    std::thread::sleep(Duration::from_millis(3100));
    // The new driver judges the recorded step again; the record carries the old
    // spec's 1m interval, so promote each step to finish quickly.
    let run = mc_env(&s, "ci-job-2", &["canary", "resume", "reviews", "--detach"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(
        run.stderr.contains("took over the rollout from `laptop`"),
        "{}",
        run.stderr
    );
    let run = mc_env(&s, "ci-job-2", &["canary", "promote", "reviews"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(main_weights(&s), ["v1=60", "v2=40"]);
    let run = mc_env(&s, "ci-job-2", &["canary", "promote", "reviews", "--full"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    assert_eq!(record(&s)["phase"], "Succeeded");
}

#[test]
fn a_killed_rollout_rolls_back_cleanly() {
    let s = server();
    let before = seed(&s);
    killed_mid_rollout(&s);
    // Stopping needs no lock: rollback works while the dead driver's lock is live.
    let run = mc_env(
        &s,
        "alice",
        &["canary", "rollback", "reviews", "--reason", "bad build"],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(without_record(live(&s)), without_record(before));
    let rec = record(&s);
    assert_eq!(rec["phase"], "RolledBack");
    assert!(rec["message"].as_str().unwrap().contains("bad build"));
    // `status` of a rolled-back rollout exits 3.
    let status = mc(&s, &["canary", "status", "reviews"]);
    assert_eq!(status.code, 3, "{}", status.snapshot());
    assert!(
        status.stdout.contains("Phase:     RolledBack"),
        "{}",
        status.stdout
    );
}

#[test]
fn status_gates_on_paused_and_times_out() {
    let s = server();
    seed(&s);
    let run = mc(
        &s,
        &[
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--steps",
            "10,50",
            "--interval",
            "1h",
            "--detach",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(main_weights(&s), ["v1=90", "v2=10"]);
    // Progressing for an hour: a watch with a timeout gives up with exit 1.
    let run = mc(
        &s,
        &[
            "canary",
            "status",
            "reviews",
            "--timeout",
            "1s",
            "--poll",
            "200ms",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stderr.contains("timed out after 1s"), "{}", run.stderr);
    let run = mc(&s, &["canary", "pause", "reviews"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    // A look at a paused rollout: 4, traffic is still split.
    let run = mc(&s, &["canary", "status", "reviews"]);
    assert_eq!(run.code, 4, "{}", run.snapshot());
    let run = mc(
        &s,
        &[
            "canary",
            "status",
            "reviews",
            "--watch",
            "--succeed-on-paused",
            "--timeout",
            "5s",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(
        run.stdout.contains("Phase:     Paused (requested)"),
        "{}",
        run.stdout
    );
    // Without the flag, paused is still waited on.
    let run = mc(
        &s,
        &[
            "canary",
            "status",
            "reviews",
            "--timeout",
            "1s",
            "--poll",
            "200ms",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.snapshot());
    // `list` shows it.
    let run = mc(&s, &["canary", "list"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(run.stdout.contains("reviews"), "{}", run.stdout);
    assert!(run.stdout.contains("Paused"), "{}", run.stdout);
    assert!(run.stdout.contains("v1=90,v2=10"), "{}", run.stdout);
}

#[test]
fn a_detached_canary_is_moved_on_by_step_jobs() {
    let s = server();
    let mesh = Mesh::start(&s, 0);
    seed(&s);
    let admin = mesh.admin();
    let start = with_checks(
        &admin,
        vec![
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--steps",
            "30,60",
            "--interval",
            "1s",
            "--detach",
        ],
    );
    let run = mc_env(&s, "ci-job-1", &start);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(
        run.stderr.contains("meshctl canary step reviews"),
        "{}",
        run.stderr
    );
    assert_eq!(main_weights(&s), ["v1=70", "v2=30"]);
    assert!(
        record(&s).get("lock").is_none(),
        "--detach releases the lock"
    );
    // Each scheduled job (another actor) judges the current step once.
    let step = |job: &str| {
        mc_env(
            &s,
            job,
            &["canary", "step", "reviews", "--envoy-admin", &admin],
        )
    };
    // One judgement per job: exit 5 while the step is still watched (its 1 s window
    // is not over), 0 once a judgement moved it on.
    let step_until_moved = |job: &str| {
        wait_for(
            "a step job to move the rollout",
            Duration::from_secs(60),
            || {
                let run = step(job);
                if run.code == 5 {
                    assert!(run.stderr.contains("stays at stage"), "{}", run.snapshot());
                    return None;
                }
                Some(run)
            },
        )
    };
    let run = step_until_moved("ci-job-2");
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(
        run.stderr.contains("advanced `reviews` to stage 2/2"),
        "{}",
        run.stderr
    );
    assert_eq!(main_weights(&s), ["v1=40", "v2=60"]);
    let run = step_until_moved("ci-job-3");
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(run.stderr.contains("promoted `reviews`"), "{}", run.stderr);
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    assert_eq!(record(&s)["phase"], "Succeeded");
    let run = mc(
        &s,
        &["canary", "status", "reviews", "--watch", "--timeout", "5s"],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
}

#[test]
fn a_step_is_one_judgement_with_an_exit_code_for_each_verdict() {
    let s = server();
    // v2 fails half its requests.
    let mesh = Mesh::start(&s, 50);
    let before = seed(&s);
    let admin = mesh.admin();
    let start = |interval: &'static str| {
        with_checks(
            &admin,
            vec![
                "canary",
                "start",
                "reviews",
                "--canary",
                "v2",
                "--steps",
                "30,60",
                "--interval",
                interval,
                "--detach",
            ],
        )
    };
    let step = || {
        mc_env(
            &s,
            "ci-job-2",
            &["canary", "step", "reviews", "--envoy-admin", &admin],
        )
    };
    // A step of an hour: one judgement returns at once, saying the step goes on (5),
    // or — once v2's failures show in its stats — that it was rolled back (3).
    let run = mc_env(&s, "ci-job-1", &start("1h"));
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let run = wait_for(
        "a step job to roll the rollout back",
        Duration::from_secs(60),
        || {
            let run = step();
            match run.code {
                5 => {
                    assert!(
                        run.stderr
                            .contains("stays at stage 1/2 (`v1` 70%, `v2` 30%)")
                            && run.stderr.contains("meshctl canary step reviews"),
                        "{}",
                        run.snapshot()
                    );
                    assert_eq!(main_weights(&s), ["v1=70", "v2=30"]);
                    assert!(record(&s).get("lock").is_none(), "the lock is released");
                    None
                }
                _ => Some(run),
            }
        },
    );
    assert_eq!(run.code, 3, "{}", run.snapshot());
    assert!(run.stderr.contains("rolled back"), "{}", run.stderr);
    assert_eq!(live(&s)["spec"], before["spec"], "the routes are restored");
    assert_eq!(record(&s)["phase"], "RolledBack");
    // A finished rollout: the same step says so with the same code, and writes nothing.
    let run = step();
    assert_eq!(run.code, 3, "{}", run.snapshot());
}

#[test]
fn abort_restores_the_routes_and_retry_starts_the_recorded_spec_again() {
    let s = server();
    let before = seed(&s);
    let start = [
        "canary",
        "start",
        "reviews",
        "--canary",
        "v2",
        "--steps",
        "30,60",
        "--interval",
        "1h",
        "--detach",
    ];
    let run = mc(&s, &start);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(main_weights(&s), ["v1=70", "v2=30"]);
    // Retrying a running rollout is refused.
    let run = mc(&s, &["canary", "retry", "reviews", "--detach"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    let run = mc_env(&s, "alice", &["canary", "abort", "reviews"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(
        run.stderr.contains("meshctl canary retry reviews"),
        "{}",
        run.stderr
    );
    assert_eq!(live(&s)["spec"], before["spec"]);
    let aborted = record(&s);
    assert_eq!(aborted["phase"], "Aborted");
    let run = mc_env(&s, "alice", &["canary", "retry", "reviews", "--detach"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let rec = record(&s);
    assert_eq!(rec["phase"], "Progressing");
    assert_eq!(rec["createdBy"], "alice");
    assert_eq!(rec["spec"], aborted["spec"], "the recorded spec, unchanged");
    assert_eq!(main_weights(&s), ["v1=70", "v2=30"]);
}

#[test]
fn ctrl_c_pauses_the_rollout_and_exits_130() {
    let s = server();
    seed(&s);
    let mut bg = Bg::spawn(
        &s,
        "laptop",
        &[
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--steps",
            "10,20",
            "--interval",
            "1m",
        ],
    );
    // meshctl listens for signals before its first write: as soon as the start shows,
    // Ctrl-C is a pause.
    wait_for_stage(&s, "Progressing", 0);
    let pid = bg.pid().to_string();
    let kill = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(kill.success());
    let (code, stderr) = bg.wait();
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("stopped by SIGINT"), "{stderr}");
    assert!(stderr.contains("is paused at"), "{stderr}");
    assert!(stderr.contains("meshctl canary resume reviews"), "{stderr}");
    assert!(
        stderr.contains("meshctl canary rollback reviews"),
        "{stderr}"
    );
    let rec = record(&s);
    assert_eq!(rec["phase"], "Paused");
    assert_eq!(rec["pauseReason"], "requested");
    assert!(rec.get("lock").is_none(), "the lock is released");
    assert_eq!(main_weights(&s), ["v1=90", "v2=10"]);
}

#[test]
fn sigterm_stops_a_step_job_with_143_and_releases_its_lock() {
    let s = server();
    let mesh = Mesh::start(&s, 0);
    seed(&s);
    let admin = mesh.admin();
    let start = with_checks(
        &admin,
        vec![
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--steps",
            "30,60",
            "--interval",
            "1h",
            "--detach",
        ],
    );
    let run = mc_env(&s, "ci-job-1", &start);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    // A Prometheus that takes connections and never answers: the step job holds its
    // lock while it waits for the round.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", silent.local_addr().unwrap());
    let mut bg = Bg::spawn(
        &s,
        "ci-job-2",
        &["canary", "step", "reviews", "--prometheus-url", &url],
    );
    wait_for(
        "the step job to hold the lock",
        Duration::from_secs(60),
        || (record(&s)["lock"]["holder"] == "ci-job-2").then_some(()),
    );
    let kill = std::process::Command::new("kill")
        .args(["-TERM", &bg.pid().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let (code, stderr) = bg.wait();
    assert_eq!(code, Some(143), "{stderr}");
    assert!(stderr.contains("stopped by SIGTERM"), "{stderr}");
    let rec = record(&s);
    assert!(rec.get("lock").is_none(), "the lock is released: {rec}");
    assert_eq!(rec["phase"], "Progressing");
    assert_eq!(main_weights(&s), ["v1=70", "v2=30"]);
    drop(silent);
}

#[test]
fn without_a_metric_flag_the_subsets_pods_are_scraped_through_the_pod_proxy() {
    let s = server();
    let mesh = Mesh::start(&s, 20);
    let before = seed(&s);
    for pod in ["reviews-v1-0", "reviews-v2-0"] {
        // Each pod's sidecar is the one real Envoy; it tells subsets apart by cluster.
        s.set_pod_proxy("shop", pod, Some(15020), &mesh.admin());
    }
    let mut args = vec![
        "canary",
        "start",
        "reviews",
        "--canary",
        "v2",
        "--steps",
        "50",
        "--interval",
        "2s",
    ];
    args.extend(CHECKS);
    let run = mc(&s, &args);
    assert_eq!(run.code, 3, "{}", run.snapshot());
    let rec = record(&s);
    assert_eq!(rec["phase"], "RolledBack");
    // A round's success rate or the sequential test on the same counters, whichever
    // judged first.
    let message = rec["message"].as_str().unwrap();
    assert!(
        message.contains("success rate") || message.contains("sequential threshold test"),
        "{rec}"
    );
    assert_eq!(without_record(live(&s)), without_record(before));
    let scraped = s
        .requests()
        .iter()
        .filter(|r| r.path.contains("reviews-v2-0:15020/proxy/stats/prometheus"))
        .count();
    assert!(scraped >= 2, "v2's pod was scraped through the pod proxy");
}

/// Issue 12, case 2: the reply of a write is lost (the write landed); the retry meets
/// a 409, reads the object again and finds its own write id — for the start, a step
/// job, a promotion and a rollback. The events' replies are lost too.
#[test]
fn lost_replies_on_start_step_and_promote_are_recognised_as_our_own_writes() {
    let s = server();
    seed(&s);
    let lost_put = || {
        Fault::lost_reply(1)
            .method("PUT")
            .path_contains("virtualservices/reviews")
    };
    s.inject(lost_put());
    s.inject(Fault::lost_reply(1).method("POST").path_contains("/events"));
    let run = mc(
        &s,
        &[
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--steps",
            "20,50,80",
            "--interval",
            "1s",
            "--detach",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(!run.stderr.contains("already"), "{}", run.stderr);
    assert!(!run.stderr.contains("could not record"), "{}", run.stderr);
    // The first PUT landed without an answer; its retry met the real 409.
    assert_eq!(vs_put_statuses(&s)[..2], [0, 409]);
    assert_eq!(main_weights(&s), ["v1=80", "v2=20"]);
    let rec = record(&s);
    assert_eq!(rec["phase"], "Progressing");
    assert_eq!(rec["createdBy"], "ci-job-1");
    let steps: Vec<Value> = events(&s)
        .into_iter()
        .filter(|e| e["reason"] == "CanaryStep")
        .collect();
    assert_eq!(steps.len(), 1, "one event, not two: {steps:?}");

    // A scheduled step job: the hold is over, its tick passes the step.
    std::thread::sleep(Duration::from_millis(1100));
    s.clear_requests();
    s.inject(lost_put());
    let run = mc_env(&s, "ci-job-2", &["canary", "step", "reviews"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(vs_put_statuses(&s)[..2], [0, 409]);
    assert_eq!(main_weights(&s), ["v1=50", "v2=50"]);

    // A person promotes one step, then all the way.
    s.clear_requests();
    s.inject(lost_put());
    let run = mc_env(&s, "alice", &["canary", "promote", "reviews"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(main_weights(&s), ["v1=20", "v2=80"]);
    s.inject(lost_put());
    let run = mc_env(&s, "alice", &["canary", "promote", "reviews", "--full"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    let rec = record(&s);
    assert_eq!(rec["phase"], "Succeeded");
    let transitions: Vec<&str> = rec["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["to"].as_str().unwrap())
        .collect();
    // Each write once: start, step, promote, promote --full.
    assert_eq!(
        transitions,
        ["Progressing", "Progressing", "Progressing", "Succeeded"]
    );
}

#[test]
fn a_lost_reply_on_the_rollback_write_is_recognised() {
    let s = server();
    let before = seed(&s);
    let run = mc(
        &s,
        &[
            "canary", "start", "reviews", "--canary", "v2", "--steps", "30", "--detach",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    s.clear_requests();
    s.inject(
        Fault::lost_reply(1)
            .method("PUT")
            .path_contains("virtualservices/reviews"),
    );
    let run = mc_env(&s, "alice", &["canary", "rollback", "reviews"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(vs_put_statuses(&s), [0, 409]);
    assert_eq!(without_record(live(&s)), without_record(before));
    assert_eq!(record(&s)["phase"], "RolledBack");
}

/// Issue 12, case 3: the API server is gone for 12 s across a step write; the driver
/// rides it out, says so on stderr, and finishes.
#[test]
fn an_api_server_outage_across_a_step_write_is_ridden_out() {
    let s = server();
    seed(&s);
    let mut bg = Bg::spawn(
        &s,
        "ci-job-1",
        &[
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--steps",
            "20,40",
            "--interval",
            "3s",
        ],
    );
    wait_for_stage(&s, "Progressing", 0);
    bg.wait_for_stderr("holding stage 1/2");
    let down = Instant::now();
    s.unreachable_for(Duration::from_secs(12));
    let (code, stderr) = bg.wait();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(down.elapsed() >= Duration::from_secs(12), "{stderr}");
    assert!(
        stderr.contains("cannot reach the API server") && stderr.contains("retrying for up to 5m"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the API server answers again after"),
        "{stderr}"
    );
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    let rec = record(&s);
    assert_eq!(rec["phase"], "Succeeded");
    assert!(rec.get("lock").is_none(), "{rec}");
}

/// A driver whose `--outage-timeout` runs out gives up with exit 1 and says where the
/// rollout stands; the live object still agrees with its record, and the next driver
/// continues it.
#[test]
fn a_driver_that_gives_up_on_an_outage_says_where_the_rollout_stands() {
    let s = server();
    seed(&s);
    let mut bg = Bg::spawn(
        &s,
        "ci-job-1",
        &[
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--steps",
            "20,40",
            "--interval",
            "2s",
            "--outage-timeout",
            "3s",
            "--lock-ttl",
            "4s",
            "--request-timeout",
            "2s",
        ],
    );
    wait_for_stage(&s, "Progressing", 0);
    // The record is visible before the start write's reply reaches the driver; an
    // outage in between would fail the start itself, which another test covers.
    bg.wait_for_stderr("holding stage 1/2");
    let down = Instant::now();
    s.unreachable_for(Duration::from_secs(8));
    let (code, stderr) = bg.wait();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        down.elapsed() < Duration::from_secs(8),
        "gave up before the server came back"
    );
    assert!(stderr.contains("gave up"), "{stderr}");
    assert!(
        stderr.contains("the API server did not answer for"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "the rollout of `reviews` is Progressing at stage 1/2 with `v1` 80%, `v2` 20%"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("meshctl canary resume reviews"), "{stderr}");
    // Once the server is back (and the dead driver's 4s lock has expired):
    std::thread::sleep(Duration::from_millis(8300).saturating_sub(down.elapsed()));
    assert_eq!(main_weights(&s), ["v1=80", "v2=20"]);
    assert_eq!(record(&s)["weights"], json!({"v1": 80, "v2": 20}));
    let run = mc_env(&s, "ci-job-2", &["canary", "resume", "reviews"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
}

/// Issue 12, case 4: a lock TTL the driver cannot renew in time is refused before
/// anything is written; a short one it can renew is renewed whatever the analysis
/// cadence, so nobody takes over a live driver.
#[test]
fn a_short_lock_ttl_is_refused_or_renewed_inside_it() {
    let s = server();
    let before = seed(&s);
    let run = mc(
        &s,
        &[
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--lock-ttl",
            "10s",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(
        run.stderr.contains("`--lock-ttl 10s` is too short"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`--lock-ttl 45s`"), "{}", run.stderr);
    assert_eq!(live(&s), before, "nothing was written");

    // 4s with 2s requests: renewed every 1.333s while rounds come every 8s.
    let mesh = Mesh::start(&s, 0);
    let dir = tempfile::tempdir().unwrap();
    let analysis = analysis_file(
        dir.path(),
        "interval: 8s\nwindow: 1s\ncount: 2\nminRequests: 5\nchecks:\n  - successRate: { min: 99 }\n",
    );
    let admin = mesh.admin();
    let mut bg = Bg::spawn(
        &s,
        "ci-job-1",
        &[
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--steps",
            "50",
            "--interval",
            "1s",
            "--lock-ttl",
            "4s",
            "--request-timeout",
            "2s",
            "--analysis",
            &analysis,
            "--envoy-admin",
            &admin,
        ],
    );
    wait_for_stage(&s, "Progressing", 0);
    let first = record(&s)["lock"]["expiresAt"].clone();
    // Past the first lock's expiry, in the middle of the 8s between two rounds.
    std::thread::sleep(Duration::from_secs(6));
    let lock = record(&s)["lock"].clone();
    assert_eq!(lock["holder"], "ci-job-1");
    assert_ne!(lock["expiresAt"], first, "renewed");
    let run = mc_env(&s, "ci-job-2", &["canary", "resume", "reviews", "--detach"]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(
        run.stderr.contains("locked by `ci-job-1`"),
        "{}",
        run.stderr
    );
    let (code, stderr) = bg.wait();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
}

/// Issue 12, case 5: with an unreachable metric source nothing moves (exit 1); forced,
/// traffic moves, the analysis errors pause the rollout with traffic split — exit 4,
/// never 3, which means traffic is back on stable.
#[test]
fn an_unreachable_metric_source_refuses_the_start_and_a_forced_one_ends_paused() {
    let s = server();
    let before = seed(&s);
    let dr = s.get("destinationrules", "shop", "reviews").unwrap();
    let args = |force: bool| {
        let mut args = vec![
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--steps",
            "25,50",
            "--interval",
            "1s",
            "--prometheus-url",
            "http://127.0.0.1:1",
            "--canary-labels",
            "version=v2",
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
        run.stderr
            .contains("not moving traffic of `reviews` to `v2`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("the metric source does not answer"),
        "{}",
        run.stderr
    );
    assert_eq!(live(&s), before, "nothing was written");
    assert_eq!(
        s.get("destinationrules", "shop", "reviews").unwrap(),
        dr,
        "nor the DestinationRule"
    );
    let run = mc(&s, &args(true));
    assert_eq!(run.code, 4, "{}", run.snapshot());
    assert!(run.stderr.contains("--force:"), "{}", run.stderr);
    assert!(run.stderr.contains("is paused at"), "{}", run.stderr);
    let rec = record(&s);
    assert_eq!(rec["phase"], "Paused");
    assert_eq!(rec["pauseReason"], "errorLimit");
    assert_eq!(main_weights(&s), ["v1=75", "v2=25"]);
}

#[test]
fn a_canary_without_ready_pods_is_refused_with_nothing_written() {
    let s = server();
    let before = seed(&s);
    s.set_pod_status("shop", "reviews-v2-0", "Running", false, None);
    let run = mc(
        &s,
        &[
            "canary", "start", "reviews", "--canary", "v2", "--steps", "25",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(
        run.stderr
            .contains("no Ready pod serves `v2`: 1 pod(s) match `app=reviews,version=v2`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(live(&s), before);
    // Detached, the same check refuses the same way.
    let run = mc(
        &s,
        &[
            "canary", "start", "reviews", "--canary", "v2", "--steps", "25", "--detach",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(
        run.stderr.contains("no Ready pod serves `v2`"),
        "{}",
        run.stderr
    );
    assert_eq!(live(&s), before);
    let run = mc(
        &s,
        &[
            "canary", "start", "reviews", "--canary", "v2", "--steps", "25", "--detach", "--force",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(
        run.stderr
            .contains("warning: --force: no Ready pod serves `v2`"),
        "{}",
        run.stderr
    );
    assert_eq!(main_weights(&s), ["v1=75", "v2=25"]);
}

/// A stand-in Prometheus on 127.0.0.1 that answers every query with no series and
/// keeps the `Authorization` headers it got.
fn token_catcher() -> (u16, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let keep = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("authorization:") {
                    let _ = v;
                    keep.lock().unwrap().push(line.trim().to_string());
                }
                line.clear();
            }
            let body = r#"{"status":"success","data":{"resultType":"vector","result":[]}}"#;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (port, seen)
}

#[test]
fn the_prometheus_token_comes_from_a_file() {
    let s = server();
    seed(&s);
    let (port, seen) = token_catcher();
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, "s3cret-token\n").unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let token = token.display().to_string();
    let mut args = vec![
        "canary",
        "start",
        "reviews",
        "--canary",
        "v2",
        "--steps",
        "25",
        "--prometheus-url",
        &url,
        "--prometheus-token-file",
        &token,
        "--detach",
    ];
    args.extend(CHECKS);
    let run = mc(&s, &args);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(!run.stderr.contains("s3cret"), "{}", run.stderr);
    let seen = seen.lock().unwrap().clone();
    assert!(!seen.is_empty(), "the pre-check asked Prometheus");
    assert!(
        seen.iter()
            .all(|h| h == "authorization: Bearer s3cret-token"
                || h == "Authorization: Bearer s3cret-token"),
        "{seen:?}"
    );
}

#[test]
fn a_token_file_that_cannot_be_read_is_an_error_before_anything_is_written() {
    let s = server();
    let before = seed(&s);
    let mut args = vec![
        "canary",
        "start",
        "reviews",
        "--canary",
        "v2",
        "--prometheus-url",
        "http://127.0.0.1:1",
        "--prometheus-token-file",
        "/nonexistent/token",
    ];
    args.extend(CHECKS);
    let run = mc(&s, &args);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(
        run.stderr
            .contains("cannot read the token file `/nonexistent/token`"),
        "{}",
        run.stderr
    );
    assert_eq!(live(&s), before);
}

/// `--dry-run` of a start shows the first step as a diff of the VirtualService (as
/// the server would store it, with `server`) and writes nothing: no weights, no
/// record, no lock.
#[test]
fn a_dry_run_start_shows_the_first_step_and_writes_nothing() {
    let s = server();
    let before = seed(&s);
    for mode in ["--dry-run=client", "--dry-run=server"] {
        let run = mc(
            &s,
            &[
                "canary", "start", "reviews", "--canary", "v2", "--steps", "20,50", mode,
            ],
        );
        assert_eq!(run.code, 0, "{}", run.snapshot());
        assert!(
            run.stdout.contains("+      weight: 20"),
            "{mode}: {}",
            run.stdout
        );
        assert!(
            run.stdout.contains("meshctl.io/rollout"),
            "{mode}: {}",
            run.stdout
        );
        assert_eq!(live(&s), before, "{mode} wrote");
    }
    assert!(!has_record(&s));
}
