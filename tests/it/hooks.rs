//! Rollout webhooks and gates end to end: the built binary drives canaries on the REAL
//! kube-apiserver of the test platform (`support/rollout_mesh.rs`) and calls REAL HTTP
//! receivers on 127.0.0.1 (`support::backend::Receiver`, which records every request
//! and answers a status the test changes). Every hook point is called in order with
//! the documented payload and secrets read from files; a closed gate holds the rollout
//! and opening it lets it go on; a `rollback` hook that answers 2xx rolls back.

use crate::support::backend::Receiver;
use crate::support::rollout_mesh::*;
use std::time::Duration;

const ORDER: [&str; 7] = [
    "confirm-rollout",
    "pre-rollout",
    "rollout",
    "confirm-traffic-increase",
    "confirm-promotion",
    "post-rollout",
    "rollback",
];

fn flags(receiver: &Receiver, kinds: &[&str]) -> Vec<String> {
    kinds
        .iter()
        .flat_map(|k| {
            [
                "--webhook".to_string(),
                format!("{k}={}", receiver.url(&format!("/{k}"))),
            ]
        })
        .collect()
}

fn start(s: &crate::support::kube::KubeTest, extra: &[String]) -> crate::support::cli::Run {
    let mut args = vec![
        "canary", "start", "reviews", "--canary", "v2", "--steps", "25,50",
    ];
    args.extend(extra.iter().map(String::as_str));
    mc(s, &args)
}

#[test]
fn every_hook_point_is_called_in_order_with_the_payload() {
    let s = server();
    seed(&s);
    let ok = Receiver::start(200);
    let no = Receiver::start(404);
    let mut extra = flags(&ok, &ORDER[..6]);
    extra.extend(flags(&no, &ORDER[6..]));
    extra.extend(["--interval".into(), "1s".into()]);
    let run = start(&s, &extra);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let seen = ok.requests();
    let targets: Vec<&str> = seen.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(
        targets,
        [
            "/confirm-rollout",
            "/pre-rollout",
            "/confirm-traffic-increase",
            "/rollout",
            "/confirm-traffic-increase",
            "/rollout",
            "/confirm-promotion",
            "/post-rollout",
        ]
    );
    assert!(
        seen.iter()
            .all(|r| r.method == "POST" && r.header("content-type") == Some("application/json"))
    );
    let ns = s.ns("shop");
    let body = |i: usize| seen[i].json();
    assert_eq!(
        body(4),
        serde_json::json!({
            "name": "reviews", "namespace": ns, "phase": "Progressing",
            "type": "confirm-traffic-increase", "step": 1, "stages": 2,
            "stable": "v1", "canary": "v2",
            "weights": {"stable": 75, "canary": 25}, "metadata": {}
        })
    );
    assert_eq!(body(0)["phase"], "Pending");
    assert_eq!(body(7)["phase"], "Succeeded");
    let asked = no.requests();
    assert!(!asked.is_empty(), "the rollback hook is asked during holds");
    assert_eq!(asked[0].json()["type"], "rollback");

    let rec = record(&s);
    let kept: Vec<&str> = rec["hookCalls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["type"].as_str().unwrap())
        .collect();
    assert_eq!(kept.first(), Some(&"confirm-rollout"));
    assert_eq!(kept.last(), Some(&"post-rollout"));
    let reasons = event_reasons(&s);
    for reason in ["GateOpened", "HookCalled"] {
        assert!(reasons.iter().any(|r| r == reason), "{reasons:?}");
    }
}

#[test]
fn secrets_come_from_files_and_are_never_recorded() {
    let s = server();
    seed(&s);
    let hook = Receiver::start(200);
    let dir = tempfile::tempdir().unwrap();
    let url_file = dir.path().join("url");
    std::fs::write(&url_file, format!("{}?token=s3cret\n", hook.url("/pre"))).unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "Bearer t0ken\n").unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(
        &plan,
        format!(
            "steps:\n- setWeight: 50\nwebhooks:\n- type: pre-rollout\n  urlFrom: {{file: {}}}\n  \
             headers: {{Authorization: {{file: {}}}}}\n  metadata: {{ticket: OPS-7}}\n",
            url_file.display(),
            token_file.display()
        ),
    )
    .unwrap();
    let run = mc(
        &s,
        &[
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--plan",
            plan.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let seen = hook.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].target, "/pre?token=s3cret");
    assert_eq!(seen[0].header("authorization"), Some("Bearer t0ken"));
    assert_eq!(seen[0].json()["metadata"]["ticket"], "OPS-7");
    let stored = live(&s).to_string();
    assert!(
        !stored.contains("s3cret") && !stored.contains("t0ken"),
        "{stored}"
    );

    // A URL with a token on the command line is refused before anything is written.
    let secret = format!("pre-rollout={}?token=s3cret", hook.url("/pre"));
    let run = start(&s, &["--webhook".into(), secret, "--force".into()]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(
        run.stderr.contains("carries a query or credentials"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--webhook-file"), "{}", run.stderr);
    assert!(!run.stderr.contains("s3cret"), "{}", run.stderr);
}

#[test]
fn a_closed_gate_holds_the_rollout_and_opening_it_lets_it_go_on() {
    let s = server();
    seed(&s);
    let gate = Receiver::start(403);
    let url = format!("confirm-promotion={}", gate.url("/gate"));
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
            "--gate-interval",
            "200ms",
            "--webhook",
            &url,
        ],
    );
    gate.wait_for(Duration::from_secs(60), |seen| seen.len() >= 3);
    assert_eq!(main_weights(&s), ["v1=50", "v2=50"], "held while closed");
    let status = mc(&s, &["canary", "status", "reviews"]);
    assert!(
        status
            .stdout
            .contains("Gate:      waiting for confirm-promotion at")
            && status.stdout.contains("(closed: 403 since"),
        "{}",
        status.snapshot()
    );
    assert!(
        bg.stderr()
            .contains("waiting for gate confirm-promotion at"),
        "{}",
        bg.stderr()
    );
    gate.set_status(200);
    let (code, stderr) = bg.wait();
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    let reasons = event_reasons(&s);
    let closed = reasons
        .iter()
        .position(|r| r == "GateClosed")
        .expect("GateClosed");
    let opened = reasons
        .iter()
        .position(|r| r == "GateOpened")
        .expect("GateOpened");
    let promoted = reasons
        .iter()
        .position(|r| r == "CanaryPromoted")
        .expect("promoted");
    assert!(closed < opened && opened < promoted, "{reasons:?}");
}

#[test]
fn a_rollback_hook_that_answers_2xx_rolls_back() {
    let s = server();
    let before = without_record(seed(&s));
    let hook = Receiver::start(200);
    let mut extra = flags(&hook, &["rollback"]);
    extra.extend(["--interval".into(), "1m".into()]);
    let run = start(&s, &extra);
    assert_eq!(run.code, 3, "{}", run.snapshot());
    assert!(
        run.stderr.contains("was rolled back")
            && run.stderr.contains("the rollback hook at")
            && run.stderr.contains("answered 200"),
        "{}",
        run.stderr
    );
    assert_eq!(
        without_record(live(&s))["spec"],
        before["spec"],
        "routes restored"
    );
    assert_eq!(record(&s)["phase"], "RolledBack");
    assert!(event_reasons(&s).iter().any(|r| r == "HookRollback"));
}

#[test]
fn canary_step_from_ci_calls_the_hooks_and_waits_at_a_closed_gate() {
    let s = server();
    seed(&s);
    let ok = Receiver::start(200);
    let gate = Receiver::start(403);
    let mut extra = flags(&ok, &["rollout", "post-rollout"]);
    extra.extend(flags(&gate, &["confirm-promotion"]));
    let mut args: Vec<String> = [
        "canary", "start", "reviews", "--canary", "v2", "--steps", "50",
    ]
    .map(String::from)
    .to_vec();
    args.extend(["--interval".into(), "1s".into(), "--detach".into()]);
    args.extend(extra);
    let run = mc(&s, &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let step = || mc(&s, &["canary", "step", "reviews"]);
    // Each job exits 5 while the step is held, then while the gate is closed.
    let closed = crate::support::process::wait_for(
        "`canary step` to reach the closed gate",
        Duration::from_secs(60),
        || {
            let run = step();
            assert_eq!(run.code, 5, "{}", run.snapshot());
            run.stderr
                .contains("gate confirm-promotion at")
                .then_some(run)
        },
    );
    assert!(
        closed.stderr.contains("(closed: 403)"),
        "{}",
        closed.snapshot()
    );
    assert_eq!(main_weights(&s), ["v1=50", "v2=50"]);
    gate.set_status(200);
    let run = step();
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    let targets: Vec<String> = ok.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/rollout", "/post-rollout"]);
}
