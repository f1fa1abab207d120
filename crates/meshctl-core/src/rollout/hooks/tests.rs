//! The hooks' rules: parsing and refusals, the payload, what answers mean, which
//! points fire, and the bounded call history.

use super::*;
use crate::rollout::plan::{self, PlanStep};
use crate::rollout::{FinishPolicy, Split, Steps, Weights};

#[test]
fn types_read_and_unknown_ones_list_the_valid_ones() {
    assert_eq!(
        HookType::parse("confirm-promotion").unwrap(),
        HookType::ConfirmPromotion
    );
    let err = HookType::parse("pre-promotion").unwrap_err();
    assert_eq!(err.message, "unknown webhook type `pre-promotion`");
    for t in HookType::ALL {
        assert!(err.hint.contains(&format!("`{t}`")), "{}", err.hint);
    }
    let gates: Vec<&str> = HookType::ALL
        .iter()
        .filter(|t| t.is_gate())
        .map(|t| t.name())
        .collect();
    assert_eq!(
        gates,
        [
            "confirm-rollout",
            "confirm-traffic-increase",
            "confirm-promotion"
        ]
    );
}

#[test]
fn urls_with_secrets_are_refused_with_a_hint() {
    assert!(Hook::at(HookType::Rollout, "http://127.0.0.1:8080/load").is_ok());
    for url in [
        "http://127.0.0.1:8080/hook?token=s3cret",
        "https://user:pw@hooks.example/x",
    ] {
        let err = Hook::at(HookType::Rollout, url).unwrap_err();
        assert!(
            err.message.contains("carries a query or credentials"),
            "{err}"
        );
        assert!(!err.message.contains("s3cret") && !err.message.contains("pw"));
        assert!(err.hint.contains("--webhook-file"), "{}", err.hint);
    }
    let err = Hook::at(HookType::Rollout, "ftp://h/x").unwrap_err();
    assert!(err.message.contains("not an http(s) URL"), "{err}");
}

#[test]
fn a_plans_webhooks_are_read_strictly() {
    let p = plan::parse(
        "steps:\n- setWeight: 10\n- webhook: {type: confirm-promotion, url: \"http://h/gate\"}\n\
         webhooks:\n- name: load\n  url: http://h/load\n  timeout: 2s\n  retries: 1\n  metadata: {cmd: hey}\n\
         - type: rollback\n  urlFrom: {env: ROLLBACK_URL}\n  headers: {Authorization: {file: token.txt}}\n",
    )
    .unwrap();
    assert_eq!(p.webhooks.len(), 2);
    assert_eq!(
        p.webhooks[0].kind,
        HookType::Rollout,
        "rollout is the default"
    );
    assert_eq!(p.webhooks[0].timeout(), Duration::from_secs(2));
    assert_eq!(p.webhooks[0].metadata["cmd"], "hey");
    assert_eq!(
        p.webhooks[1].url_from,
        Some(SecretRef::Env("ROLLBACK_URL".into()))
    );
    assert_eq!(
        p.webhooks[1].headers["Authorization"],
        SecretRef::File("token.txt".into())
    );
    assert!(matches!(&p.steps[1], PlanStep::Webhook(h) if h.kind == HookType::ConfirmPromotion));

    let cases = [
        (
            "webhooks:\n- url: http://h/x\n  bogus: 1\n",
            "unknown field `bogus`",
        ),
        ("webhooks:\n- type: rollout\n", "has no `url`"),
        (
            "webhooks:\n- url: http://h/x\n  urlFrom: {env: X}\n",
            "has both `url` and `urlFrom`",
        ),
        (
            "webhooks:\n- url: http://h/x\n  headers: {Authorization: Bearer x}\n",
            "",
        ),
        (
            "webhooks:\n- url: http://h/x\n  retries: 11\n",
            "more than 10",
        ),
        (
            "webhooks:\n- url: http://h/x\n  timeout: 0s\n",
            "zero `timeout`",
        ),
    ];
    for (hooks, message) in cases {
        let text = format!("steps:\n- setWeight: 10\n{hooks}");
        let err = plan::parse(&text).unwrap_err();
        assert!(err.message.contains(message), "{text}: {}", err.message);
        assert!(!err.hint.is_empty(), "{text}");
    }
}

fn spec() -> RolloutSpec {
    RolloutSpec::canary(
        "reviews",
        Split::subsets("v1", "v2"),
        Steps::parse("10,50").unwrap(),
        Duration::from_secs(60),
    )
}

#[test]
fn the_payload_says_where_the_rollout_stands() {
    let spec = spec();
    let mut hook = Hook::at(HookType::ConfirmPromotion, "http://h/gate").unwrap();
    hook.metadata.insert("ticket".into(), "OPS-1".into());
    let at = Moment {
        spec: &spec,
        namespace: "shop",
        phase: "Progressing".into(),
        stage: 1,
        stable_weight: 50,
        canary_weight: 50,
    };
    assert_eq!(
        payload(&hook, &at),
        json!({
            "name": "reviews", "namespace": "shop", "phase": "Progressing",
            "type": "confirm-promotion", "step": 2, "stages": 2,
            "stable": "v1", "canary": "v2",
            "weights": {"stable": 50, "canary": 50},
            "metadata": {"ticket": "OPS-1"}
        })
    );
    let before = payload(&hook, &Moment::before_start(&spec, "shop", 0));
    assert_eq!(before["phase"], "Pending");
    assert_eq!(before["weights"], json!({"stable": 100, "canary": 0}));
}

#[test]
fn what_answers_mean() {
    use HookType as T;
    let cases = [
        (T::ConfirmRollout, Some(200), Answer::Passed),
        (T::ConfirmTrafficIncrease, Some(403), Answer::Closed),
        (T::ConfirmPromotion, None, Answer::Closed),
        (T::PreRollout, Some(204), Answer::Passed),
        (T::Rollout, Some(500), Answer::Failed),
        (T::PostRollout, None, Answer::Failed),
        (T::Rollback, Some(200), Answer::Abort),
        (T::Rollback, Some(404), Answer::Passed),
        (T::Rollback, None, Answer::Passed),
    ];
    for (kind, status, want) in cases {
        assert_eq!(answer(kind, status), want, "{kind} {status:?}");
        assert_eq!(
            retry(kind, status),
            want == Answer::Failed,
            "{kind} {status:?}"
        );
    }
}

#[test]
fn which_gates_a_write_passes() {
    let up = [Action::SetWeights {
        weights: Weights::split("v1", "v2", 50),
    }];
    assert_eq!(
        gates_before("v2", 10, &up),
        [HookType::ConfirmTrafficIncrease]
    );
    assert!(gates_before("v2", 50, &up).is_empty(), "no increase");
    let promote = [
        Action::SetWeights {
            weights: Weights::split("v1", "v2", 100),
        },
        Action::FinalizePromotion {
            new: "v2".into(),
            old: "v1".into(),
            finish: FinishPolicy::Keep,
        },
    ];
    assert_eq!(
        gates_before("v2", 50, &promote),
        [HookType::ConfirmTrafficIncrease, HookType::ConfirmPromotion]
    );
    assert!(gates_before("v2", 50, &[Action::RestoreSnapshot]).is_empty());
}

fn started(spec: RolloutSpec, now: Timestamp) -> crate::rollout::Started {
    crate::rollout::start(
        None,
        spec,
        Weights::split("v1", "v2", 0),
        Value::Null,
        "me",
        now,
        Duration::from_secs(60),
        false,
    )
    .unwrap()
}

#[test]
fn the_rollout_hook_fires_on_entering_a_stage() {
    let now = Timestamp::from_second(1_790_000_000).unwrap();
    let pending = RolloutRecord::new(
        spec(),
        Weights::split("v1", "v2", 0),
        Value::Null,
        "me",
        now,
    )
    .unwrap();
    let running = started(spec(), now).record;
    assert!(!entered_stage(None, &pending), "not running yet");
    assert!(entered_stage(None, &running), "a driver starts on a stage");
    assert!(entered_stage(Some(&pending), &running));
    assert!(!entered_stage(Some(&running), &running), "same stage");
    let mut next = running.clone();
    next.stage = 1;
    assert!(entered_stage(Some(&running), &next));
}

#[test]
fn the_record_keeps_the_last_calls_redacted_and_bounded() {
    let now = Timestamp::from_second(1_790_000_000).unwrap();
    let mut rec = RolloutRecord::new(
        spec(),
        Weights::split("v1", "v2", 0),
        Value::Null,
        "me",
        now,
    )
    .unwrap();
    for i in 0..(MAX_HOOK_CALLS as u16 + 5) {
        rec.push_hook_call(HookCall {
            at: now,
            kind: HookType::ConfirmPromotion,
            url: "http://h/gate".into(),
            stage: 0,
            status: Some(400 + i),
            error: None,
            attempts: 1,
            answer: Answer::Closed,
        });
    }
    assert_eq!(rec.hook_calls.len(), MAX_HOOK_CALLS);
    assert_eq!(rec.hook_calls[0].status, Some(405), "oldest dropped");
    assert_eq!(rec.closed_gate().unwrap().said(), "closed: 424");
    let back = RolloutRecord::decode(&rec.encode().unwrap()).unwrap();
    assert_eq!(back.hook_calls, rec.hook_calls);
    let json: Value = serde_json::from_str(&rec.encode().unwrap()).unwrap();
    assert_eq!(json["hookCalls"][0]["type"], "confirm-promotion");
    assert_eq!(json["hookCalls"][0]["answer"], "closed");
}

#[test]
fn a_webhook_step_is_judged_by_its_answer() {
    let p = plan::parse(
        "steps:\n- setWeight: 10\n- webhook: {type: confirm-traffic-increase, url: \"http://h/g\"}\n- setWeight: 50\n",
    )
    .unwrap();
    let mut spec = spec();
    spec.strategy = crate::rollout::Strategy::Plan { steps: p.steps };
    let stages = spec.stages();
    assert_eq!(stages[1].kind, crate::rollout::StageKind::Webhook);
    assert!(stages[1].judged && stages[1].weight == 10);
    assert!(spec.hook_step(1).is_some() && spec.hook_step(0).is_none());
    assert!(!spec.has_analysis(), "no metric source needed");
    let now = Timestamp::from_second(1_790_000_000).unwrap();
    let crate::rollout::Started {
        record: rec,
        actions,
        ..
    } = started(spec, now);
    assert_eq!(
        rec.stage, 1,
        "the weight step passed, the webhook step waits"
    );
    assert!(
        actions
            .iter()
            .any(|a| matches!(a, Action::RunAnalysis { stage: 1, .. }))
    );
}
