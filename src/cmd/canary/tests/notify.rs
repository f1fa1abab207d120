//! A canary with notification channels, against the doubles: the channels get a
//! notice at the start, at each step and at the end, with the deciding figures; a
//! channel that refuses or fails is a warning and changes neither the outcome nor the
//! exit status.

use super::*;
use crate::core::fake::FakePoster;

const HOOK: &str = "http://127.0.0.1:9/hook";
const SLACK: &str = "https://hooks.example/services/T/B/x";

/// `canary start reviews` (steps 50, 100) with a webhook answering `hook_status` and
/// a Slack file whose robot never answers; what ran, and what was sent.
async fn notified(
    v2_errors: f64,
    hook_status: u16,
) -> (crate::cmd::testing::Ran, Vec<crate::core::http::Post>) {
    let dir = tempfile::tempdir().unwrap();
    let slack = dir.path().join("slack.url");
    std::fs::write(&slack, format!("{SLACK}\n")).unwrap();
    let poster = std::sync::Arc::new(FakePoster::default().answer(HOOK, hook_status));
    let mut d = doubles(v2_errors);
    d.poster = Some(poster.clone());
    let ran = d
        .run(&[
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--steps",
            "50,100",
            "--interval",
            "10m",
            "--min-success-rate",
            "99",
            "--analysis-interval",
            "1m",
            "--notify",
            &format!("webhook={HOOK}"),
            "--notify",
            &format!("slack={}", slack.display()),
        ])
        .await;
    (ran, poster.sent())
}

/// The JSON bodies the webhook got.
fn bodies(sent: &[crate::core::http::Post]) -> Vec<Value> {
    sent.iter()
        .filter(|p| p.url == HOOK)
        .map(|p| serde_json::from_str(&p.body).unwrap())
        .collect()
}

fn kinds(sent: &[crate::core::http::Post]) -> Vec<String> {
    bodies(sent)
        .iter()
        .map(|b| b["kind"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(start_paused = true)]
async fn failing_notifications_are_warnings_and_the_canary_is_promoted() {
    let (ran, sent) = notified(0.0, 500).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    assert_eq!(kinds(&sent), ["started", "step", "promoted"]);
    // Slack got the same three, as `{"text": …}`.
    let slack: Vec<Value> = sent
        .iter()
        .filter(|p| p.url == SLACK)
        .map(|p| serde_json::from_str(&p.body).unwrap())
        .collect();
    assert_eq!(slack.len(), 3);
    assert!(
        slack[2]["text"]
            .as_str()
            .unwrap()
            .contains("canary of `reviews` in shop: promoted"),
        "{:?}",
        slack[2]
    );
    assert!(
        ran.stderr.contains(&format!(
            "warning: the webhook notification to `{HOOK}` was answered 500; the rollout goes on"
        )),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("warning: the slack notification failed: connection refused (https://hooks.example/services/T/B/x)"),
        "{}",
        ran.stderr
    );
}

#[tokio::test(start_paused = true)]
async fn a_rollback_is_told_with_its_figures_and_still_exits_3() {
    let (ran, sent) = notified(50.0, 500).await;
    assert_eq!(ran.status, ExitStatus::RolloutFailed, "{}", ran.stderr);
    assert_eq!(kinds(&sent), ["started", "rolledBack"]);
    let last = bodies(&sent).pop().unwrap();
    assert_eq!(last["analysis"]["outcome"], "Failed");
    assert!(
        last["analysis"]["summary"]
            .as_str()
            .unwrap()
            .contains("success rate"),
        "{last}"
    );
    assert_eq!(last["weights"], json!({"v1": 100, "v2": 0}));
    // Healthy receivers: no warnings at all.
    let (ran, _) = notified(50.0, 200).await;
    assert_eq!(ran.status, ExitStatus::RolloutFailed, "{}", ran.stderr);
    assert!(
        !ran.stderr.contains("webhook notification"),
        "{}",
        ran.stderr
    );
}

#[tokio::test(start_paused = true)]
async fn a_channel_mistake_is_refused_before_anything_is_written() {
    let d = doubles(0.0);
    let vs_ref = ObjectRef::istio("VirtualService", "shop", "reviews");
    let before = d.mesh.object(&vs_ref).unwrap();
    for (flag, status, message) in [
        (
            "slack=no-such-file.url",
            ExitStatus::Failure,
            "cannot read the slack notification file `no-such-file.url`",
        ),
        (
            "webhook=https://ci.example/h?token=1",
            ExitStatus::Usage,
            "has a query string",
        ),
    ] {
        let ran = d
            .run(&[
                "canary", "start", "reviews", "--canary", "v2", "--notify", flag,
            ])
            .await;
        assert_eq!(ran.status, status, "{flag}: {}", ran.stderr);
        assert!(ran.stderr.contains(message), "{flag}: {}", ran.stderr);
        assert!(ran.stderr.contains("hint:"), "{flag}: {}", ran.stderr);
        assert_eq!(d.mesh.object(&vs_ref).unwrap(), before, "{flag}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_blue_green_switch_is_told_too() {
    let poster = std::sync::Arc::new(FakePoster::default().answer(HOOK, 204));
    let mut d = doubles(0.0);
    d.poster = Some(poster.clone());
    let hook = format!("webhook={HOOK}");
    let ran = d
        .run(&[
            "bluegreen",
            "switch",
            "reviews",
            "--to",
            "v2",
            "--halfway",
            "--yes",
            "--notify",
            &hook,
        ])
        .await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    let told: Vec<(String, String)> = bodies(&poster.sent())
        .iter()
        .map(|b| {
            (
                b["kind"].as_str().unwrap().to_string(),
                b["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("started", "BlueGreenSwitched"),
        ("step", "BlueGreenSwitched"),
        ("promoted", "BlueGreenPromoted"),
    ];
    assert_eq!(
        told,
        expected.map(|(k, r)| (k.to_string(), r.to_string())),
        "{}",
        ran.stderr
    );
    assert!(
        bodies(&poster.sent())
            .iter()
            .all(|b| b["strategy"] == "bluegreen")
    );
}

#[tokio::test(start_paused = true)]
async fn the_users_templates_write_the_text_and_a_broken_one_is_refused_first() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().to_str().unwrap();
    std::fs::write(
        dir.path().join("notify.txt.j2"),
        "{{ service }}: {{ kind }} at {{ weights.v2 }}%",
    )
    .unwrap();
    let poster = std::sync::Arc::new(FakePoster::default().answer(HOOK, 200));
    let mut d = doubles(0.0);
    d.poster = Some(poster.clone());
    let hook = format!("webhook={HOOK}");
    let start = |extra: &'static str| {
        [
            "--templates",
            templates,
            "canary",
            "start",
            "reviews",
            "--canary",
            "v2",
            "--steps",
            extra,
            "--notify",
            &hook,
        ]
    };
    let ran = d.run(&start("50")).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    let texts: Vec<Value> = bodies(&poster.sent())
        .iter()
        .map(|b| b["text"].clone())
        .collect();
    assert_eq!(
        texts,
        [
            json!("reviews: started at 50%"),
            json!("reviews: promoted at 100%")
        ]
    );

    // A misspelt variable: refused before anything is written.
    std::fs::write(dir.path().join("notify.txt.j2"), "{{ servce }}").unwrap();
    let fresh = doubles(0.0);
    let vs_ref = ObjectRef::istio("VirtualService", "shop", "reviews");
    let before = fresh.mesh.object(&vs_ref).unwrap();
    let ran = fresh.run(&start("50")).await;
    assert_eq!(ran.status, ExitStatus::Failure, "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("cannot render notification template `notify.txt.j2` line 1"),
        "{}",
        ran.stderr
    );
    assert_eq!(fresh.mesh.object(&vs_ref).unwrap(), before);
}

#[tokio::test(start_paused = true)]
async fn a_plans_notify_list_adds_its_channels() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.yaml");
    std::fs::write(
        &plan,
        format!("steps:\n- setWeight: 30\nnotify:\n- webhook: {HOOK}\n"),
    )
    .unwrap();
    let poster = std::sync::Arc::new(FakePoster::default().answer(HOOK, 200));
    let mut d = doubles(0.0);
    d.poster = Some(poster.clone());
    let plan = plan.to_str().unwrap();
    let ran = d
        .run(&[
            "canary", "start", "reviews", "--canary", "v2", "--plan", plan,
        ])
        .await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    let kinds: Vec<Value> = bodies(&poster.sent())
        .iter()
        .map(|b| b["kind"].clone())
        .collect();
    assert_eq!(kinds, [json!("started"), json!("promoted")]);
}
