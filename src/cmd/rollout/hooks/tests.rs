//! The driver's hook points against the in-memory store of `rollout/tests.rs` and a
//! `FakePoster` that answers what a test scripts, in virtual time (tokio's clock
//! paused): the order of the calls of a whole canary and what they carry, a closed
//! gate holding the weights until it opens, a `rollback` hook rolling back, and a
//! failing `pre-rollout` changing nothing. The same with real HTTP receivers and a
//! real mesh: `tests/it/hooks.rs`.

use super::super::driver::{Driver, Ended, record_of, settle};
use super::super::tests::{MemStore, driver, spec};
use crate::core::fake::FakePoster;
use crate::core::rollout::hooks::{Answer, Hook, HookType};
use crate::core::rollout::{Phase, RolloutSpec};
use crate::output::progress::{Progress, Recorder};
use std::sync::Arc;

fn url(kind: HookType) -> String {
    format!("http://hooks.test/{kind}")
}

fn with_hooks(kinds: &[HookType]) -> RolloutSpec {
    let mut s = spec(false);
    s.webhooks = kinds
        .iter()
        .map(|&k| Hook::at(k, &url(k)).unwrap())
        .collect();
    s
}

fn hooked<'a>(store: &'a MemStore, rec: &'a Recorder, poster: &Arc<FakePoster>) -> Driver<'a> {
    Driver {
        poster: Some(poster.clone()),
        ..driver(store, rec, None)
    }
}

/// The types of the hooks called, in order, without the repeats of a gate or a
/// `rollback` hook asked again.
fn called(poster: &FakePoster) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for post in poster.sent() {
        let kind = post.url.rsplit('/').next().unwrap().to_string();
        if out.last() != Some(&kind) {
            out.push(kind);
        }
    }
    out
}

#[tokio::test(start_paused = true)]
async fn every_hook_point_is_called_in_order_with_the_payload() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let mut poster = FakePoster::default();
    for kind in HookType::ALL {
        // A rollback hook that says no (404) lets the rollout go on.
        let status = if kind == HookType::Rollback { 404 } else { 200 };
        poster = poster.answer(&url(kind), status);
    }
    let poster = Arc::new(poster);
    let d = hooked(&store, &rec, &poster);
    let (record, actions, _) = d
        .start(&with_hooks(&HookType::ALL), None, false)
        .await
        .unwrap();
    let Ended::Settled(done) = d.drive(record, actions).await.unwrap() else {
        panic!("not interrupted")
    };
    assert_eq!(done.phase, Phase::Succeeded);
    assert_eq!(
        called(&poster),
        [
            "confirm-rollout",
            "pre-rollout",
            "confirm-traffic-increase",
            "rollout",
            "rollback",
            "confirm-traffic-increase",
            "rollout",
            "rollback",
            "confirm-promotion",
            "post-rollout",
        ]
    );
    let sent = poster.sent();
    let body = |kind: HookType| -> serde_json::Value {
        let post = sent.iter().find(|p| p.url == url(kind)).unwrap();
        assert_eq!(
            post.headers[0],
            ("content-type".into(), "application/json".into())
        );
        serde_json::from_str(&post.body).unwrap()
    };
    assert_eq!(
        body(HookType::PreRollout),
        serde_json::json!({
            "name": "reviews", "namespace": "shop", "phase": "Pending",
            "type": "pre-rollout", "step": 1, "stages": 2,
            "stable": "v1", "canary": "v2",
            "weights": {"stable": 100, "canary": 0}, "metadata": {}
        })
    );
    let promotion = body(HookType::ConfirmPromotion);
    assert_eq!(
        (
            promotion["step"].clone(),
            promotion["weights"]["canary"].clone()
        ),
        (2.into(), 50.into())
    );
    assert_eq!(body(HookType::PostRollout)["phase"], "Succeeded");
    let stored = record_of(&store.object()).unwrap().unwrap();
    let kept: Vec<&str> = stored.hook_calls.iter().map(|c| c.kind.name()).collect();
    assert_eq!(
        kept.first(),
        Some(&"confirm-rollout"),
        "the start write keeps the calls before it"
    );
    assert_eq!(kept.last(), Some(&"post-rollout"));
    let reasons = store.reasons();
    assert_eq!(
        reasons.iter().filter(|r| *r == "GateOpened").count(),
        4,
        "{reasons:?}"
    );
    assert_eq!(
        reasons.iter().filter(|r| *r == "HookCalled").count(),
        4,
        "{reasons:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_closed_gate_holds_the_weights_until_it_opens() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let gate = url(HookType::ConfirmTrafficIncrease);
    // Open for the first step, then closed three times, then open.
    let poster = Arc::new(
        FakePoster::default()
            .answer(&gate, 200)
            .answer(&gate, 403)
            .answer(&gate, 403)
            .answer(&gate, 403)
            .answer(&gate, 200),
    );
    let d = hooked(&store, &rec, &poster);
    let s = with_hooks(&[HookType::ConfirmTrafficIncrease]);
    let (record, actions, _) = d.start(&s, None, false).await.unwrap();
    let watch = async {
        // Polls the condition in virtual time: the gate has been asked while closed.
        while poster.sent().len() < 3 {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        store.weights()
    };
    let (ended, while_closed) = tokio::join!(d.drive(record, actions), watch);
    assert_eq!(
        while_closed,
        [("v1".into(), 75), ("v2".into(), 25)],
        "no write gave the canary more traffic while the gate was closed"
    );
    let Ended::Settled(done) = ended.unwrap() else {
        panic!("not interrupted")
    };
    assert_eq!(
        done.phase,
        Phase::Succeeded,
        "it went on once the gate opened"
    );
    let answers: Vec<(Answer, u32)> = done
        .hook_calls
        .iter()
        .map(|c| (c.answer, c.attempts))
        .collect();
    assert_eq!(
        answers[..3],
        [
            (Answer::Passed, 1),
            (Answer::Closed, 1),
            (Answer::Passed, 4)
        ],
        "a change of answer is kept, with the times the gate was asked"
    );
    assert!(rec.events().iter().any(|e| matches!(e,
        Progress::Note { message } if message.starts_with("waiting for gate confirm-traffic-increase at http://hooks.test/confirm-traffic-increase (closed: 403)"))));
    let closed_at = done.hook_calls[1].at;
    let promoted = done.history.last().unwrap().at;
    assert!(
        promoted.duration_since(closed_at).as_secs() >= 15,
        "three closed answers 5s apart held it"
    );
}

#[tokio::test(start_paused = true)]
async fn a_rollback_hook_that_answers_2xx_rolls_back() {
    let store = MemStore::new();
    let before = store.object()["spec"].clone();
    let rec = Recorder::default();
    let poster = Arc::new(FakePoster::default().answer(&url(HookType::Rollback), 200));
    let d = hooked(&store, &rec, &poster);
    let (record, actions, _) = d
        .start(&with_hooks(&[HookType::Rollback]), None, false)
        .await
        .unwrap();
    let Ended::Settled(done) = d.drive(record, actions).await.unwrap() else {
        panic!("not interrupted")
    };
    assert_eq!(done.phase, Phase::RolledBack);
    assert_eq!(store.object()["spec"], before, "routes restored");
    let err = settle(&done, "canary").unwrap_err();
    assert_eq!(crate::ExitStatus::from(err.kind()).code(), 3);
    assert!(
        err.message()
            .contains("the rollback hook at http://hooks.test/rollback answered 200"),
        "{}",
        err.message()
    );
    assert!(store.reasons().contains(&"HookRollback".to_string()));
}

#[tokio::test(start_paused = true)]
async fn a_failing_pre_rollout_hook_changes_nothing() {
    let store = MemStore::new();
    let before = store.object();
    let rec = Recorder::default();
    let poster = Arc::new(FakePoster::default().answer(&url(HookType::PreRollout), 500));
    let d = hooked(&store, &rec, &poster);
    let err = d
        .start(&with_hooks(&[HookType::PreRollout]), None, false)
        .await
        .unwrap_err();
    assert_eq!(crate::ExitStatus::from(err.kind()).code(), 3);
    assert!(
        err.message()
            .contains("the pre-rollout hook at http://hooks.test/pre-rollout failed: 500"),
        "{}",
        err.message()
    );
    assert_eq!(store.object(), before, "nothing written");
    assert_eq!(poster.sent().len(), 3, "the call and its two retries");
    assert_eq!(store.reasons(), ["HookFailed"]);
}

#[tokio::test(start_paused = true)]
async fn a_failing_rollout_hook_rolls_the_stage_back() {
    let store = MemStore::new();
    let before = store.object()["spec"].clone();
    let rec = Recorder::default();
    let poster =
        Arc::new(FakePoster::default().fail(&url(HookType::Rollout), "connection refused"));
    let d = hooked(&store, &rec, &poster);
    let (record, actions, _) = d
        .start(&with_hooks(&[HookType::Rollout]), None, false)
        .await
        .unwrap();
    let Ended::Settled(done) = d.drive(record, actions).await.unwrap() else {
        panic!("not interrupted")
    };
    assert_eq!(done.phase, Phase::RolledBack);
    assert!(
        done.message.contains(
            "stage 1/2: the rollout hook at http://hooks.test/rollout failed: connection refused"
        ),
        "{}",
        done.message
    );
    assert_eq!(store.object()["spec"], before);
}

#[tokio::test(start_paused = true)]
async fn a_webhook_step_waits_for_its_gate() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let gate = "http://hooks.test/qa";
    let poster = Arc::new(FakePoster::default().answer(gate, 409).answer(gate, 200));
    let d = hooked(&store, &rec, &poster);
    let mut s = spec(false);
    let plan = crate::core::rollout::plan::parse(&format!(
        "steps:\n- setWeight: 20\n- webhook: {{type: confirm-promotion, url: \"{gate}\"}}\n- setWeight: 60\n"
    ))
    .unwrap();
    s.strategy = crate::core::rollout::Strategy::Plan { steps: plan.steps };
    let (record, actions, _) = d.start(&s, None, false).await.unwrap();
    assert_eq!(record.stage, 1, "at the webhook step");
    let Ended::Settled(done) = d.drive(record, actions).await.unwrap() else {
        panic!("not interrupted")
    };
    assert_eq!(done.phase, Phase::Succeeded);
    assert_eq!(poster.sent().len(), 2, "asked until it opened");
    assert_eq!(
        done.analyses[0].summary,
        format!("gate confirm-promotion at {gate} opened")
    );
}

#[tokio::test(start_paused = true)]
async fn canary_step_asks_a_gate_once_and_writes_nothing_while_closed() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let gate = url(HookType::ConfirmTrafficIncrease);
    let poster = Arc::new(FakePoster::default().answer(&gate, 200).answer(&gate, 403));
    let d = hooked(&store, &rec, &poster);
    let s = with_hooks(&[HookType::ConfirmTrafficIncrease]);
    let (record, _, _) = d.start(&s, None, false).await.unwrap();
    // The stage's hold is over: the next tick would raise the weight.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let closed = d
        .closed_gate_now(&record, &crate::core::rollout::Input::Tick)
        .await
        .unwrap();
    assert_eq!(
        closed.as_deref(),
        Some(
            "gate confirm-traffic-increase at http://hooks.test/confirm-traffic-increase (closed: 403)"
        )
    );
    assert_eq!(poster.sent().len(), 2, "asked once, not polled");
    assert_eq!(store.weights(), [("v1".into(), 75), ("v2".into(), 25)]);
    let stored = record_of(&store.object()).unwrap().unwrap();
    assert_eq!(stored.stage, 0);
    assert_eq!(stored.closed_gate().unwrap().status, Some(403));
}

#[tokio::test(start_paused = true)]
async fn a_blue_green_switch_passes_the_same_points() {
    use crate::core::rollout::{BlueGreen, Split};
    let store = MemStore::new();
    let rec = Recorder::default();
    let kinds = [
        HookType::ConfirmTrafficIncrease,
        HookType::Rollout,
        HookType::ConfirmPromotion,
        HookType::PostRollout,
    ];
    let mut poster = FakePoster::default();
    for kind in kinds {
        poster = poster.answer(&url(kind), 200);
    }
    let poster = Arc::new(poster);
    let d = hooked(&store, &rec, &poster);
    let mut s = RolloutSpec::blue_green(
        "reviews",
        Split::subsets("v1", "v2"),
        BlueGreen {
            preview: None,
            verify_before: None,
            verify_after: Some(crate::core::duration::Duration::from_millis(60)),
            halfway: false,
            no_revert: false,
        },
        crate::core::duration::Duration::from_millis(60),
    );
    s.webhooks = with_hooks(&kinds).webhooks;
    let (record, actions, _) = d.start(&s, None, false).await.unwrap();
    let Ended::Settled(done) = d.drive(record, actions).await.unwrap() else {
        panic!("not interrupted")
    };
    assert_eq!(done.phase, Phase::Succeeded);
    assert_eq!(
        called(&poster),
        [
            "confirm-traffic-increase",
            "rollout",
            "confirm-promotion",
            "post-rollout"
        ],
        "the switch is the traffic increase"
    );
}

#[tokio::test(start_paused = true)]
async fn a_gate_closed_past_the_timeout_rolls_back_or_starts_nothing() {
    // Before the start: nothing is written.
    let store = MemStore::new();
    let before = store.object();
    let rec = Recorder::default();
    let poster = Arc::new(FakePoster::default().answer(&url(HookType::ConfirmRollout), 403));
    let d = hooked(&store, &rec, &poster);
    let mut s = with_hooks(&[HookType::ConfirmRollout]);
    s.timeout = Some(crate::core::duration::Duration::from_secs(20));
    let err = d.start(&s, None, false).await.unwrap_err();
    assert_eq!(crate::ExitStatus::from(err.kind()).code(), 3);
    assert!(
        err.message().contains(
            "gate confirm-rollout at http://hooks.test/confirm-rollout stayed closed for 20s (closed: 403)"
        ),
        "{}",
        err.message()
    );
    assert_eq!(store.object(), before, "nothing written");

    // Later: the rollout is rolled back, naming the gate.
    let store = MemStore::new();
    let poster = Arc::new(FakePoster::default().answer(&url(HookType::ConfirmPromotion), 403));
    let d = hooked(&store, &rec, &poster);
    let mut s = with_hooks(&[HookType::ConfirmPromotion]);
    s.timeout = Some(crate::core::duration::Duration::from_secs(20));
    let (record, actions, _) = d.start(&s, None, false).await.unwrap();
    let Ended::Settled(done) = d.drive(record, actions).await.unwrap() else {
        panic!("not interrupted")
    };
    assert_eq!(done.phase, Phase::RolledBack);
    assert!(
        done.message.contains(
            "gate confirm-promotion at http://hooks.test/confirm-promotion stayed closed for 20s"
        ),
        "{}",
        done.message
    );
    assert_eq!(store.weights(), [("v1".into(), 100)], "routes restored");
}
