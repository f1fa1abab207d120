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

fn kinds(sent: &[crate::core::http::Post]) -> Vec<String> {
    sent.iter()
        .filter(|p| p.url == HOOK)
        .map(|p| {
            serde_json::from_str::<Value>(&p.body).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_string()
        })
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
    let last: Value =
        serde_json::from_str(&sent.iter().rfind(|p| p.url == HOOK).unwrap().body).unwrap();
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
