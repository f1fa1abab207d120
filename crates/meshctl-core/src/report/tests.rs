use super::*;
use crate::analysis::{AnalysisFlags, Outcome};
use crate::duration::Duration;
use crate::rollout::hooks::{Answer, HookCall, HookType};
use crate::rollout::rounds::{RoundFigures, SubsetFigures};
use crate::rollout::{
    AnalysisEntry, HistoryEntry, Phase, RolloutRecord, RolloutSpec, Split, Steps, Weights,
};
use serde_json::json;

fn at(secs: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + secs).unwrap()
}

/// A canary of `<b>reviews</b>` (a hostile name, to see it escaped) rolled back at its
/// second step.
fn record() -> RolloutRecord {
    let mut spec = RolloutSpec::canary(
        "<b>reviews</b>",
        Split::subsets("v1", "v2\"><script>"),
        Steps::parse("10,50").unwrap(),
        Duration::from_secs(60),
    );
    spec.analysis = Some(
        AnalysisFlags {
            success_rate: Some(99.0),
            max_latency: Some(Duration::from_millis(250)),
            ..Default::default()
        }
        .apply(None)
        .unwrap(),
    );
    let mut rec = RolloutRecord::new(
        spec,
        Weights::split("v1", "v2\"><script>", 0),
        json!({"routes": []}),
        "ci <job>",
        at(0),
    )
    .unwrap();
    let entry = |secs, from, to, stage, reason: &str| HistoryEntry {
        at: at(secs),
        actor: "ci <job>".into(),
        from,
        to,
        stage,
        reason: reason.into(),
    };
    rec.history = vec![
        entry(0, Phase::Pending, Phase::Progressing, 0, "started"),
        entry(
            60,
            Phase::Progressing,
            Phase::Progressing,
            1,
            "stage 1 passed",
        ),
        entry(
            100,
            Phase::Progressing,
            Phase::RolledBack,
            1,
            "<i>failed</i>",
        ),
    ];
    for i in 0..6 {
        let stage = usize::from(i >= 3);
        let bad = i == 5;
        rec.push_round(RoundFigures {
            at: at(i64::from(i) * 20 + 10),
            stage,
            weight: if stage == 0 { 10 } else { 50 },
            canary: Some(SubsetFigures {
                success_rate: Some(if bad { 80.0 } else { 99.5 }),
                rps: 5.0 + f64::from(i),
                p99_ms: Some(100.0 + f64::from(i) * 10.0),
            }),
            stable: (i != 4).then_some(SubsetFigures {
                success_rate: Some(100.0),
                rps: 40.0,
                p99_ms: None,
            }),
            outcome: if bad {
                Outcome::Failed
            } else {
                Outcome::Successful
            },
            reason: format!("round {i} <reason>"),
        });
    }
    rec.analyses = vec![AnalysisEntry {
        at: at(100),
        stage: 1,
        outcome: Outcome::Failed,
        summary: "success rate 80% < 99% & worse".into(),
    }];
    rec.hook_calls = vec![HookCall {
        at: at(61),
        kind: HookType::ConfirmTrafficIncrease,
        url: "https://gate.example/<x>".into(),
        stage: 1,
        status: Some(200),
        error: None,
        attempts: 2,
        answer: Answer::Passed,
    }];
    rec.phase = Phase::RolledBack;
    rec.stage = 1;
    rec.message = "rolled back: <i>failed</i>".into();
    rec.updated_at = at(100);
    rec
}

#[test]
fn every_user_string_is_escaped_and_nothing_runs_or_loads() {
    let page = render(&record(), "shop & co", at(200));
    assert!(page.starts_with("<!DOCTYPE html>"));
    for raw in [
        "<b>reviews",
        "<script",
        "<i>failed",
        "<reason>",
        "<job>",
        "/<x>",
    ] {
        assert!(!page.contains(raw), "{raw} is not escaped");
    }
    assert!(page.contains("&lt;b&gt;reviews&lt;/b&gt;"));
    assert!(page.contains("shop &amp; co"));
    // Self-contained: no script, no link, nothing fetched.
    for banned in ["<script", "<link", "src=", "@import", "url("] {
        assert!(!page.contains(banned), "{banned} in the report");
    }
}

#[test]
fn each_stage_has_its_charts_rounds_verdicts_and_hooks() {
    let page = render(&record(), "shop", at(200));
    assert_eq!(page.matches("<section class=\"stage\">").count(), 3);
    assert_eq!(page.matches("<svg").count(), 6, "three charts per stage");
    // Thresholds: success rate and p99 in each stage; no request rate check.
    assert_eq!(page.matches("stroke-dasharray").count(), 4);
    assert!(page.contains("at least 99%"));
    assert!(page.contains("at most 250 ms"));
    assert!(page.contains("Stage 2/2: Step, new version at 50%"));
    assert!(page.contains("2027-01-15T08:01:00Z → 2027-01-15T08:01:40Z"));
    assert!(page.contains("round 5 &lt;reason&gt;"));
    assert!(page.contains("<span class=\"verdict failed\">Failed</span>"));
    assert!(page.contains("success rate 80% &lt; 99% &amp; worse"));
    assert!(page.contains("<td>confirm-traffic-increase</td>"));
    assert!(page.contains("RolledBack"));
    // A round without stable figures shows a dash, and breaks stable's line.
    assert!(page.contains("<td>–</td>"));
}

#[test]
fn a_record_without_rounds_still_reports_its_stages() {
    let mut rec = record();
    rec.rounds.clear();
    let page = render(&rec, "shop", at(200));
    assert_eq!(page.matches("<svg").count(), 0);
    assert!(page.contains("No round figures recorded for this stage."));
}

#[test]
fn stage_spans_come_from_the_history() {
    let rec = record();
    assert_eq!(stage::span(&rec, 0), (Some(at(0)), Some(at(60))));
    assert_eq!(stage::span(&rec, 1), (Some(at(60)), Some(at(100))));
}
