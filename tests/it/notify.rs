//! Rollout notifications end to end: the built binary drives a canary on the REAL
//! kube-apiserver of the test platform, judged by a REAL Envoy's stats (see
//! `support/rollout_mesh.rs`), and tells receivers on 127.0.0.1 shaped like a Slack
//! incoming webhook, a DingTalk robot with signing on (it checks each signature with
//! the secret, with an HMAC of its own, and that the timestamp is recent, and refuses
//! as DingTalk does) and a generic JSON webhook. A rollback is told with the figures
//! that decided it; a channel that refuses is a warning and changes nothing.

use crate::support::backend::{Receiver, Request, StubServer, url_decode};
use crate::support::rollout_mesh::*;
use base64::Engine;
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const SECRET: &str = "SECtest-robot-secret";
const TOKEN: &str = "robot-token-1";

/// DingTalk's robot: a signed request carries `timestamp` (ms) and `sign` =
/// Base64(HMAC-SHA256(secret, "{timestamp}\n{secret}")) in its query; a bad one is
/// answered 200 with `errcode` 310000, as DingTalk does.
struct DingTalk {
    server: StubServer,
    seen: Arc<Mutex<Vec<Request>>>,
}

/// Why a DingTalk request would be refused, if it would.
fn dingtalk_refusal(req: &Request, secret: &str) -> Option<String> {
    let query = req.target.split_once('?').map(|(_, q)| q).unwrap_or("");
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .map(url_decode)
    };
    if param("access_token").as_deref() != Some(TOKEN) {
        return Some("token is not exist".into());
    }
    let (Some(ts), Some(sign)) = (param("timestamp"), param("sign")) else {
        return Some("sign not match: unsigned".into());
    };
    let ms: u128 = ts.parse().ok()?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    // DingTalk's own rule: within an hour of its clock.
    if now.abs_diff(ms) > 3_600_000 {
        return Some(format!("timestamp {ts} is not recent"));
    }
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    let mac = ring::hmac::sign(&key, format!("{ts}\n{secret}").as_bytes());
    let want = base64::engine::general_purpose::STANDARD.encode(mac.as_ref());
    (sign != want).then(|| format!("sign not match: {sign} is not {want}"))
}

impl DingTalk {
    fn start(secret: &'static str) -> DingTalk {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        let server = StubServer::start(move |req| {
            s.lock().unwrap().push(req.clone());
            let body = match dingtalk_refusal(req, secret) {
                None => json!({"errcode": 0, "errmsg": "ok"}),
                Some(why) => json!({"errcode": 310000, "errmsg": why}),
            };
            (Duration::ZERO, 200, body.to_string())
        });
        DingTalk { server, seen }
    }

    fn requests(&self) -> Vec<Request> {
        self.seen.lock().unwrap().clone()
    }
}

/// The three receivers and the channel flags that name them (files in `dir`).
struct Receivers {
    slack: Receiver,
    dingtalk: DingTalk,
    webhook: Receiver,
    flags: Vec<String>,
}

fn receivers(dir: &std::path::Path, webhook_status: u16, robot_secret: &'static str) -> Receivers {
    let slack = Receiver::start(200);
    let dingtalk = DingTalk::start(robot_secret);
    let webhook = Receiver::start(webhook_status);
    let slack_file = dir.join("slack.url");
    std::fs::write(&slack_file, format!("{}\n", slack.url("/services/T0/B0/x"))).unwrap();
    let ding_file = dir.join("dingtalk.yaml");
    std::fs::write(
        &ding_file,
        format!(
            "url: {}/robot/send?access_token={TOKEN}\nsecret: {SECRET}\n",
            dingtalk.server.url()
        ),
    )
    .unwrap();
    let flags = vec![
        format!("--notify=slack={}", slack_file.display()),
        format!("--notify=dingtalk={}", ding_file.display()),
        format!("--notify=webhook={}", webhook.url("/hooks/rollout")),
    ];
    Receivers {
        slack,
        dingtalk,
        webhook,
        flags,
    }
}

/// `canary start reviews --canary v2 --steps 25,50` judged by the mesh's Envoy, with
/// `extra` flags.
fn canary(
    s: &crate::support::kube::KubeTest,
    mesh: &Mesh,
    extra: &[String],
) -> crate::support::cli::Run {
    let admin = mesh.admin();
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
        "--envoy-admin",
        &admin,
        "--min-success-rate",
        "99",
        "--analysis-window",
        "1s",
        "--analysis-interval",
        "500ms",
        "--min-requests",
        "5",
    ];
    args.extend(extra.iter().map(String::as_str));
    mc(s, &args)
}

fn kinds(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .map(|r| r.json()["kind"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn slack_dingtalk_and_a_webhook_hear_of_every_step_and_of_a_later_promotion() {
    let s = server();
    let mesh = Mesh::start(&s, 0);
    seed(&s);
    let dir = tempfile::tempdir().unwrap();
    let r = receivers(dir.path(), 200, SECRET);
    let mut extra = r.flags.clone();
    extra.push("--pause-before-promote".into());
    let run = canary(&s, &mesh, &extra);
    assert_eq!(run.code, 4, "{}", run.snapshot());
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);

    // The record keeps references — the files and the plain URL — never the secret
    // or the robot's token.
    let rec = record(&s);
    let stored = rec["spec"]["notify"].to_string();
    assert!(
        stored.contains("dingtalk.yaml") && stored.contains("/hooks/rollout"),
        "{stored}"
    );
    let annotation = live(&s)["metadata"]["annotations"]["meshctl.io/rollout"].to_string();
    assert!(
        !annotation.contains(SECRET) && !annotation.contains(TOKEN),
        "{annotation}"
    );

    // A later invocation (another CI job) tells the same channels.
    let promoted = mc(&s, &["canary", "promote", "reviews"]);
    assert_eq!(promoted.code, 0, "{}", promoted.snapshot());
    let expected = ["started", "step", "paused", "promoted"];

    let hooks = r.webhook.requests();
    assert_eq!(kinds(&hooks), expected);
    for h in &hooks {
        assert_eq!(
            (h.method.as_str(), h.target.as_str()),
            ("POST", "/hooks/rollout")
        );
        assert_eq!(h.header("content-type"), Some("application/json"));
    }
    let step = hooks[1].json();
    assert_eq!(step["service"], "reviews");
    assert_eq!(step["strategy"], "canary");
    assert_eq!(step["stage"], 2);
    assert_eq!(step["weights"], json!({"v1": 50, "v2": 50}));
    // The judgement of the first step, which moved the canary on, with its figures.
    assert_eq!(step["analysis"]["outcome"], "Successful");
    assert_eq!(step["analysis"]["stage"], 1);
    let last = hooks[3].json();
    assert_eq!(last["phase"], "Succeeded");
    assert_eq!(last["weights"], json!({"v1": 0, "v2": 100}));
    assert!(
        last["text"].as_str().unwrap().contains("promoted"),
        "{last}"
    );

    let slack = r.slack.requests();
    assert_eq!(slack.len(), 4);
    let texts: Vec<String> = slack
        .iter()
        .map(|r| r.json()["text"].as_str().unwrap().to_string())
        .collect();
    assert!(
        texts[0].contains("*meshctl canary of `reviews`"),
        "{texts:?}"
    );
    assert!(texts[0].contains(": started*"), "{texts:?}");
    assert!(texts[1].contains("`v1` 50%, `v2` 50%"), "{texts:?}");
    assert!(texts[3].contains(": promoted*"), "{texts:?}");

    let robot = r.dingtalk.requests();
    assert_eq!(robot.len(), 4);
    for req in &robot {
        assert_eq!(dingtalk_refusal(req, SECRET), None, "{}", req.target);
        let body = req.json();
        assert_eq!(body["msgtype"], "markdown");
        assert!(
            body["markdown"]["text"]
                .as_str()
                .unwrap()
                .starts_with("### meshctl canary"),
            "{body}"
        );
    }
    assert!(
        robot[2].json()["markdown"]["title"]
            .as_str()
            .unwrap()
            .ends_with(": paused")
    );
}

#[test]
fn a_rollback_is_told_with_its_figures_and_refusing_channels_change_nothing() {
    let s = server();
    let mesh = Mesh::start(&s, 50);
    let before = seed(&s);
    let dir = tempfile::tempdir().unwrap();
    // The webhook answers 500 and the robot knows another secret: both refuse.
    let r = receivers(dir.path(), 500, "SECanother-secret");
    let run = canary(&s, &mesh, &r.flags);
    assert_eq!(run.code, 3, "{}", run.snapshot());
    assert_eq!(live(&s)["spec"]["http"], before["spec"]["http"]);

    let hooks = r.webhook.requests();
    assert_eq!(kinds(&hooks), ["started", "rolledBack"]);
    let rollback = hooks[1].json();
    assert_eq!(rollback["phase"], "RolledBack");
    assert_eq!(rollback["analysis"]["outcome"], "Failed");
    let figures = rollback["analysis"]["summary"].as_str().unwrap();
    // A round's success rate or the sequential test's counts, whichever judged first.
    assert!(
        figures.contains("success rate") || figures.contains("requests failed"),
        "{figures}"
    );
    let slack = r.slack.requests();
    let text = slack[1].json()["text"].as_str().unwrap().to_string();
    assert!(
        text.contains(": rolled back*") && text.contains(figures),
        "{text}"
    );

    // Each refusal is one warning line per message; the rollout ended as it would have.
    let refused = |what: &str| run.stderr.lines().filter(|l| l.contains(what)).count();
    assert_eq!(
        refused("warning: the webhook notification to `http://127.0.0.1"),
        2,
        "{}",
        run.stderr
    );
    assert_eq!(
        refused("was answered 500; the rollout goes on"),
        2,
        "{}",
        run.stderr
    );
    assert_eq!(
        refused("/robot/send?…` was refused: errcode 310000 (sign not match"),
        2,
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(TOKEN), "{}", run.stderr);
}
