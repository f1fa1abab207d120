//! Lane shifts through the command, against the ports' doubles and in virtual time: a
//! group of a → b → c whose ingress sits in the entry's VirtualService, and metrics
//! per service and subset.

use crate::ExitStatus;
use crate::cmd::rollout::driver::record_of;
use crate::cmd::testing::Doubles;
use crate::core::duration::Duration;
use crate::core::fake::FixedSource;
use crate::core::lane::{Lane, LaneGroup};
use crate::core::metrics::{Latency, Sample};
use crate::core::rollout::Phase;
use crate::core::store::ObjectRef;
use serde_json::{Value, json};

/// Group `shop` of a, b, c with lane `dev` (v2): permissive holding b, or strict.
fn group(strict: bool) -> LaneGroup {
    let mut g = LaneGroup::new("shop", "shop", &["a".into(), "b".into(), "c".into()]);
    g.lanes.push(Lane {
        name: "dev".into(),
        version: "v2".into(),
        permissive: !strict,
        services: match strict {
            true => vec!["a".into(), "b".into(), "c".into()],
            false => vec!["b".into()],
        },
    });
    g
}

/// The ingress object `shop-a` as the contract renders it (the entry's own routes).
fn ingress(g: &LaneGroup) -> Value {
    json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
           "metadata": {"name": "shop-a", "namespace": "shop",
                        "labels": {"meshctl.io/lane-group": "shop",
                                   "app.kubernetes.io/managed-by": "meshctl"},
                        "annotations": {"meshctl.io/lane-group": g.to_annotation()}},
           "spec": {"hosts": ["a"], "http": [
               {"name": "lane-dev",
                "match": [{"headers": {"x-lane": {"exact": "dev"}}},
                          {"headers": {"cookie": {"regex": "^(.*;\\s*)?x-lane=dev(;.*)?$"}}}],
                "headers": {"request": {"set": {"x-lane": "dev"}}},
                "route": [{"destination": {"host": "a", "subset": "dev"}}]},
               {"name": "baseline",
                "route": [{"destination": {"host": "a", "subset": "baseline"}, "weight": 100}]}]}})
}

/// Another service's object of the group, which a shift never touches.
fn member_b() -> Value {
    json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
           "metadata": {"name": "shop-b", "namespace": "shop",
                        "labels": {"meshctl.io/lane-group": "shop"}},
           "spec": {"hosts": ["b"], "http": [
               {"name": "lane-dev", "match": [{"headers": {"x-lane": {"exact": "dev"}}}],
                "route": [{"destination": {"host": "b", "subset": "dev"}}]},
               {"name": "baseline",
                "route": [{"destination": {"host": "b", "subset": "baseline"}, "weight": 100}]}]}})
}

fn sample(errors: f64) -> Sample {
    Sample::from_totals(1000.0, errors, Duration::from_secs(60), Latency::default())
}

/// The mesh with the group, where `failing`'s lane subset answers 300 of 1000 with 5xx
/// and everything else is healthy.
fn doubles(strict: bool, failing: Option<&str>) -> Doubles {
    let mut source = FixedSource::default()
        .with("baseline", sample(0.0))
        .with("dev", sample(0.0));
    if let Some(service) = failing {
        source = source.with_service(service, "dev", sample(300.0));
    }
    Doubles::mesh([ingress(&group(strict)), member_b()]).with_metrics(source)
}

const SHIFT: [&str; 13] = [
    "lane",
    "shift",
    "shop",
    "dev",
    "--steps",
    "20,50",
    "--interval",
    "10m",
    "--min-success-rate",
    "95",
    "--analysis-interval",
    "1m",
    "--yes",
];

fn stored(doubles: &Doubles, name: &str) -> Value {
    doubles
        .mesh
        .object(&ObjectRef::istio("VirtualService", "shop", name))
        .unwrap()
}

/// The `baseline` route's destinations with traffic, as (subset, weight).
fn traffic(vs: &Value) -> Vec<(String, u64)> {
    let routes = vs["spec"]["http"].as_array().unwrap();
    let baseline = routes.iter().find(|r| r["name"] == "baseline").unwrap();
    baseline["route"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["destination"]["subset"].as_str().unwrap().to_string(),
                d["weight"].as_u64().unwrap_or(100),
            )
        })
        .filter(|(_, w)| *w > 0)
        .collect()
}

/// The ingress object as the test made it (the store adds a resourceVersion).
fn assert_untouched(doubles: &Doubles) {
    let vs = stored(doubles, "shop-a");
    let made = ingress(&group(false));
    assert_eq!(vs["spec"], made["spec"]);
    assert_eq!(
        vs["metadata"]["annotations"],
        made["metadata"]["annotations"]
    );
}

fn phase(vs: &Value) -> Phase {
    record_of(vs).unwrap().expect("a record").phase
}

#[tokio::test(start_paused = true)]
async fn a_healthy_lane_shift_sends_the_whole_ingress_into_the_lane() {
    let doubles = doubles(false, None);
    let ran = doubles.run(&SHIFT).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    let vs = stored(&doubles, "shop-a");
    assert_eq!(traffic(&vs), [("dev".to_string(), 100)]);
    assert_eq!(phase(&vs), Phase::Succeeded);
    let lane = vs["spec"]["http"][1]["route"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["destination"]["subset"] == "dev")
        .unwrap()
        .clone();
    assert_eq!(
        lane["headers"],
        json!({"request": {"set": {"x-lane": "dev"}}}),
        "what the ingress sends into the lane carries the lane's header"
    );
    assert_eq!(
        vs["spec"]["http"][0],
        ingress(&group(false))["spec"]["http"][0]
    );
    assert_eq!(stored(&doubles, "shop-b")["spec"], member_b()["spec"]);
    // Every round judged b's lane subset against its baseline, and only b (permissive).
    let asked = doubles.metrics.as_ref().unwrap().asked();
    assert!(
        asked
            .iter()
            .any(|(t, _)| t.service == "b" && t.subset == "dev")
    );
    assert!(asked.iter().all(|(t, _)| t.service == "b"), "{asked:?}");
}

#[tokio::test(start_paused = true)]
async fn a_failing_member_rolls_the_whole_lane_back_and_is_named() {
    let doubles = doubles(false, Some("b"));
    let ran = doubles.run(&SHIFT).await;
    assert_eq!(ran.status, ExitStatus::RolloutFailed, "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("b: success rate of subset `dev` was 70% over 1m"),
        "{}",
        ran.stderr
    );
    let vs = stored(&doubles, "shop-a");
    assert_eq!(traffic(&vs), [("baseline".to_string(), 100)]);
    let rec = record_of(&vs).unwrap().unwrap();
    assert_eq!(rec.phase, Phase::RolledBack);
    assert!(rec.message.contains("b: "), "{}", rec.message);
    assert!(
        rec.rounds.iter().any(|r| r.reason.starts_with("b: ")),
        "the round figures name the pair they are of"
    );
}

/// A strict lane judges every service: one failing among healthy ones decides.
#[tokio::test(start_paused = true)]
async fn in_a_strict_lane_the_worst_service_decides() {
    let doubles = doubles(true, Some("c"));
    let ran = doubles.run(&SHIFT).await;
    assert_eq!(ran.status, ExitStatus::RolloutFailed, "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("c: success rate of subset `dev` was 70% over 1m"),
        "{}",
        ran.stderr
    );
    assert_eq!(
        traffic(&stored(&doubles, "shop-a")),
        [("baseline".to_string(), 100)]
    );
    let asked = doubles.metrics.as_ref().unwrap().asked();
    for service in ["a", "b", "c"] {
        assert!(
            asked.iter().any(|(t, _)| t.service == service),
            "{service}: {asked:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn an_unknown_lane_is_refused_and_nothing_is_written() {
    let doubles = doubles(false, None);
    let ran = doubles
        .run(&["lane", "shift", "shop", "qa", "--steps", "50", "--yes"])
        .await;
    assert_eq!(ran.status, ExitStatus::Usage, "{}", ran.stderr);
    assert!(ran.stderr.contains("no lane `qa`"), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("meshctl lane list shop"),
        "{}",
        ran.stderr
    );
    assert_untouched(&doubles);
    let unknown = doubles
        .run(&["lane", "shift", "nope", "dev", "--yes"])
        .await;
    assert_eq!(unknown.status, ExitStatus::Failure, "{}", unknown.stderr);
    assert!(unknown.stderr.contains("no lane group `nope`"));
}

/// A shift waiting for `promote` holds the group: another shift is refused (exit 1)
/// with the way out, `lane rollback` puts the ingress back, `lane report` reads it.
#[tokio::test(start_paused = true)]
async fn a_lane_command_is_refused_while_a_shift_is_active() {
    let doubles = doubles(false, None);
    let held = doubles
        .run(&[&SHIFT[..], &["--pause-before-promote"]].concat())
        .await;
    assert_eq!(held.status, ExitStatus::RolloutPaused, "{}", held.stderr);
    let before = stored(&doubles, "shop-a");
    assert_eq!(
        traffic(&before),
        [("baseline".to_string(), 50), ("dev".to_string(), 50)]
    );
    let again = doubles.run(&SHIFT).await;
    assert_eq!(again.status, ExitStatus::Failure, "{}", again.stderr);
    assert!(
        again.stderr.contains("meshctl lane rollback shop"),
        "{}",
        again.stderr
    );
    assert_eq!(stored(&doubles, "shop-a"), before, "nothing was written");

    let back = doubles.run(&["lane", "rollback", "shop"]).await;
    assert_eq!(back.status, ExitStatus::Success, "{}", back.stderr);
    let vs = stored(&doubles, "shop-a");
    assert_eq!(traffic(&vs), [("baseline".to_string(), 100)]);
    assert_eq!(phase(&vs), Phase::RolledBack);

    let report = doubles.run(&["lane", "report", "shop"]).await;
    assert_eq!(report.status, ExitStatus::Success, "{}", report.stderr);
    assert!(report.stdout.starts_with("<!DOCTYPE html>"));
    assert!(report.stdout.contains("RolledBack"));
}

/// Without `--yes` and without a terminal nobody can confirm: refused, nothing written.
#[tokio::test(start_paused = true)]
async fn a_shift_needs_a_confirmation() {
    let doubles = doubles(false, None);
    let ran = doubles.run(&SHIFT[..SHIFT.len() - 1]).await;
    assert_eq!(ran.status, ExitStatus::Usage, "{}", ran.stderr);
    assert!(ran.stderr.contains("--yes"), "{}", ran.stderr);
    assert_untouched(&doubles);
}
