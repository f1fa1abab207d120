//! `meshctl canary …` end to end: the built binary against the fake Kubernetes API
//! server, judged by metrics from a REAL Envoy carrying real traffic to two
//! `meshctl demo backend`s through clusters with Istio's names
//! (`outbound|9080|v1|reviews.shop.svc.cluster.local`); see `support/rollout_mesh.rs`.
//! A traffic thread hits both subsets the whole time; the VirtualService weights in the
//! API server need not drive Envoy here.


use crate::support::rollout_mesh;

use rollout_mesh::*;
use serde_json::{Value, json};
use std::time::Duration;
use crate::support::apiserver::FakeApiServer;
use crate::support::cli::meshctl;
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

#[test]
fn a_healthy_canary_promotes_with_events_and_a_record() {
    let mesh = Mesh::start(0);
    let s = server();
    seed(&s);
    let admin = mesh.admin();
    let mut args = vec![
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
        "--envoy-admin",
        &admin,
        "--canary-labels",
        "version=v2",
    ];
    args.extend(CHECKS);
    let run = mc(&s, &args);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(run.stderr.contains("succeeded"), "{}", run.stderr);
    // `--canary-labels` added the subset to the DestinationRule.
    let dr = s.get("destinationrules", "shop", "reviews").unwrap();
    assert_eq!(
        dr["spec"]["subsets"][2],
        json!({"name": "v2", "labels": {"version": "v2"}}),
        "{dr}\n{}",
        run.stderr
    );
    // Final routes: all traffic to v2, v1 kept at 0; the retries untouched.
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    let vs = s.get(VS, "shop", "reviews").unwrap();
    assert_eq!(vs["spec"]["http"][1]["retries"]["attempts"], 3);
    assert_eq!(
        vs["spec"]["http"][0]["route"][0]["destination"]["subset"],
        "v3"
    );
    let rec = record(&s);
    assert_eq!(rec["phase"], "Succeeded");
    assert_eq!(rec["weights"], json!({"v1": 0, "v2": 100}));
    assert!(rec.get("lock").is_none(), "the lock is released: {rec}");
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
    let mesh = Mesh::start(20);
    let s = server();
    let before = seed(&s);
    let admin = mesh.admin();
    let mut args = vec![
        "canary",
        "start",
        "reviews",
        "--canary",
        "v2",
        "--steps",
        "20,50",
        "--interval",
        "2s",
        "--envoy-admin",
        &admin,
        "-o",
        "json",
    ];
    args.extend(CHECKS);
    let run = mc(&s, &args);
    assert_eq!(run.code, 3, "{}", run.snapshot());
    assert!(run.stderr.contains("rolled back"), "{}", run.stderr);
    // JSON Lines progress on stdout, one object per line.
    let lines: Vec<Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l["event"] == "round" && l["outcome"] == "Failed")
    );
    let rec = record(&s);
    assert_eq!(rec["phase"], "RolledBack");
    assert_eq!(rec["stage"], 0, "rolled back at the first step");
    assert!(
        rec["message"].as_str().unwrap().contains("success rate"),
        "{rec}"
    );
    // Weights restored exactly and nothing else touched.
    let after = s.get(VS, "shop", "reviews").unwrap();
    assert_eq!(without_record(after), without_record(before));
    let reasons = event_reasons(&s);
    assert!(
        reasons.contains(&"CanaryRolledBack".to_string()),
        "{reasons:?}"
    );
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
    wait_for("the first rollout", Duration::from_secs(20), || {
        let vs = s.get(VS, "shop", "reviews")?;
        vs["metadata"]["annotations"]
            .get("meshctl.io/rollout")
            .map(|_| ())
    });
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
fn killed_mid_rollout(s: &FakeApiServer) {
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
            "2s",
        ],
    );
    wait_for("the first step", Duration::from_secs(20), || {
        (s.get(VS, "shop", "reviews")?["metadata"]["annotations"]
            .get("meshctl.io/rollout")
            .is_some())
        .then_some(())
    });
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
    // The killed driver's lock is live for 2s: resume says so, then takes over.
    let early = mc_env(&s, "ci-job-2", &["canary", "resume", "reviews"]);
    assert_eq!(early.code, 1, "{}", early.snapshot());
    assert!(
        early.stderr.contains("locked by `laptop`"),
        "{}",
        early.stderr
    );
    std::thread::sleep(Duration::from_millis(2100));
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
    let after = s.get(VS, "shop", "reviews").unwrap();
    assert_eq!(without_record(after), without_record(before));
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
    let mesh = Mesh::start(0);
    let s = server();
    seed(&s);
    let admin = mesh.admin();
    let mut start = vec![
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
        "--envoy-admin",
        &admin,
    ];
    start.extend(CHECKS);
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
    let run = step("ci-job-2");
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(run.stderr.contains("stage 2/2"), "{}", run.stderr);
    let run = step("ci-job-3");
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    assert_eq!(record(&s)["phase"], "Succeeded");
    let run = mc(
        &s,
        &["canary", "status", "reviews", "--watch", "--timeout", "5s"],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
}

#[test]
fn ctrl_c_pauses_the_rollout_and_says_how_to_continue() {
    let s = server();
    seed(&s);
    let dir = tempfile::tempdir().unwrap();
    let err_path = dir.path().join("stderr");
    let mut cmd = meshctl();
    cmd.env("MESHCTL_ACTOR", "laptop")
        .arg("--kubeconfig")
        .arg(s.kubeconfig_path())
        .args(["-n", "shop", "canary", "start", "reviews", "--canary", "v2"])
        .args(["--steps", "10,20", "--interval", "1m"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&err_path).unwrap());
    let mut child = Bg(cmd.spawn().unwrap());
    wait_for("the first step", Duration::from_secs(20), || {
        (main_weights(&s) == ["v1=90", "v2=10"]).then_some(())
    });
    let pid = child.0.id().to_string();
    let kill = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap();
    assert!(kill.success());
    let status = child.0.wait().unwrap();
    let stderr = std::fs::read_to_string(&err_path).unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("is paused at"), "{stderr}");
    assert!(stderr.contains("meshctl canary resume reviews"), "{stderr}");
    assert!(
        stderr.contains("meshctl canary rollback reviews"),
        "{stderr}"
    );
    let rec = record(&s);
    assert_eq!(rec["phase"], "Paused");
    assert_eq!(rec["pauseReason"], "requested");
    assert_eq!(main_weights(&s), ["v1=90", "v2=10"]);
}

#[test]
fn without_a_metric_flag_the_subsets_pods_are_scraped_through_the_pod_proxy() {
    let mesh = Mesh::start(20);
    let s = server();
    let before = seed(&s);
    s.seed(json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "reviews", "namespace": "shop"},
        "spec": {"selector": {"app": "reviews"}, "ports": [{"port": 9080}]}
    }));
    for (pod, version) in [("reviews-v1-0", "v1"), ("reviews-v2-0", "v2")] {
        s.seed_pod(
            "shop",
            pod,
            &[("app", "reviews"), ("version", version)],
            "Running",
            true,
        );
        // Each pod's sidecar is the one real Envoy; it tells subsets apart by cluster.
        s.set_pod_proxy("shop", pod, Some(15020), &mesh.admin());
    }
    let mut args = vec![
        "canary",
        "start",
        "reviews",
        "--canary",
        "v2",
        "--canary-labels",
        "version=v2",
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
    assert!(
        rec["message"].as_str().unwrap().contains("success rate"),
        "{rec}"
    );
    let after = s.get(VS, "shop", "reviews").unwrap();
    assert_eq!(without_record(after), without_record(before));
    let scraped = s
        .requests()
        .iter()
        .filter(|r| r.path.contains("reviews-v2-0:15020/proxy/stats/prometheus"))
        .count();
    assert!(scraped >= 2, "v2's pod was scraped through the pod proxy");
}
