//! `canary start --image` and what follows a rollout for its workloads, through the
//! commands against the ports' doubles, in virtual time (the scale-down delay and the
//! readiness waits pass in milliseconds).

use crate::ExitStatus;
use crate::cmd::testing::{Doubles, Ran};
use crate::core::duration::Duration;
use crate::core::fake::{FakeStore, FixedSource};
use crate::core::metrics::{Latency, Sample};
use crate::core::rollout::{Phase, RolloutRecord};
use crate::core::store::{ListQuery, MeshStore, ObjectRef};
use crate::core::workload::deployment;
use serde_json::{Value, json};

fn vs() -> Value {
    json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
           "metadata": {"name": "reviews"},
           "spec": {"hosts": ["reviews"], "http": [{"route": [
               {"destination": {"host": "reviews", "subset": "v1"}}]}]}})
}

/// Only the stable subset: `--image` adds the new one.
fn dr() -> Value {
    json!({"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
           "metadata": {"name": "reviews"},
           "spec": {"host": "reviews", "subsets": [{"name": "v1", "labels": {"version": "v1"}}]}})
}

fn service() -> Value {
    json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "reviews"},
           "spec": {"selector": {"app": "reviews"}}})
}

fn stable() -> Value {
    let labels = json!({"app": "reviews", "version": "v1"});
    json!({"apiVersion": "apps/v1", "kind": "Deployment",
           "metadata": {"name": "reviews-v1", "labels": labels},
           "spec": {"replicas": 2, "selector": {"matchLabels": labels},
                    "template": {"metadata": {"labels": labels},
                                 "spec": {"containers": [{"name": "app", "image": "reviews:1"}]}}},
           "status": {"replicas": 2, "readyReplicas": 2, "updatedReplicas": 2}})
}

fn doubles(v2_errors: f64) -> Doubles {
    let sample =
        |errors| Sample::from_totals(1000.0, errors, Duration::from_secs(60), Latency::default());
    let source = FixedSource::default()
        .with("v1", sample(0.0))
        .with("v2", sample(v2_errors));
    Doubles::mesh([vs(), dr()])
        .with_workloads([service(), stable()])
        .with_metrics(source)
}

fn deploy(cluster: &FakeStore, name: &str) -> Option<Value> {
    cluster.object(&ObjectRef::new("apps", "Deployment", Some("shop"), name))
}

fn record(d: &Doubles) -> RolloutRecord {
    let vs = d
        .mesh
        .object(&ObjectRef::istio("VirtualService", "shop", "reviews"))
        .unwrap();
    crate::cmd::rollout::driver::record_of(&vs)
        .unwrap()
        .expect("a record")
}

/// The first route's weights by subset (a destination without weight has 100).
fn weights(d: &Doubles) -> Vec<(String, u64)> {
    let vs = d
        .mesh
        .object(&ObjectRef::istio("VirtualService", "shop", "reviews"))
        .unwrap();
    vs["spec"]["http"][0]["route"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let subset = r["destination"]["subset"].as_str().unwrap().to_string();
            (subset, r["weight"].as_u64().unwrap_or(100))
        })
        .collect()
}

fn replicas(cluster: &FakeStore, name: &str) -> u64 {
    deploy(cluster, name).unwrap()["spec"]["replicas"]
        .as_u64()
        .unwrap()
}

/// No Deployment controller or kubelet runs here, so this stands in for both: every
/// virtual second, each Deployment's wanted pods exist, are Ready, and its status
/// counts them.
async fn kubelet(cluster: &FakeStore) {
    loop {
        let all = cluster
            .list("apps", "Deployment", &ListQuery::default())
            .await
            .unwrap();
        for mut d in all {
            let n = d["spec"]["replicas"].as_u64().unwrap_or(1);
            if d["status"]["readyReplicas"].as_u64() == Some(n) {
                continue;
            }
            d["status"] = json!({"replicas": n, "readyReplicas": n, "updatedReplicas": n});
            let labels = d["spec"]["template"]["metadata"]["labels"].clone();
            let name = d["metadata"]["name"].as_str().unwrap().to_string();
            cluster.insert(d);
            for i in 0..n {
                cluster.insert(json!({"apiVersion": "v1", "kind": "Pod",
                    "metadata": {"name": format!("{name}-{i}"), "labels": labels},
                    "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}}));
            }
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}

/// Runs a command line while the stand-in kubelet runs.
async fn run(d: &Doubles, args: &[&str]) -> Ran {
    tokio::select! {
        ran = d.run(args) => ran,
        _ = kubelet(&d.cluster) => unreachable!("the stand-in runs forever"),
    }
}

const START: [&str; 10] = [
    "canary",
    "start",
    "reviews",
    "--canary",
    "v2",
    "--image",
    "reviews:2",
    "--steps",
    "100",
    "--interval=1m",
];

fn start_with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    START.iter().copied().chain(extra.iter().copied()).collect()
}

#[tokio::test(start_paused = true)]
async fn an_image_becomes_a_ready_copy_and_the_old_deployment_is_scaled_down_after_the_delay() {
    let d = doubles(0.0);
    let ran = run(&d, &start_with(&["--replicas", "1"])).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    let canary = deploy(&d.cluster, "reviews-v2").expect("created");
    assert_eq!(canary["spec"]["replicas"], 1);
    assert_eq!(
        canary["spec"]["template"]["spec"]["containers"][0]["image"],
        "reviews:2"
    );
    let pods = json!({"app": "reviews", "version": "v2"});
    assert_eq!(canary["spec"]["selector"]["matchLabels"], pods);
    assert_eq!(canary["spec"]["template"]["metadata"]["labels"], pods);
    assert!(deployment::is_copy(&canary));
    assert!(
        ran.stderr.contains("waiting for `reviews-v2`: 0/1 ready"),
        "{}",
        ran.stderr
    );
    // The new subset was added only after the Deployment was ready, then shifted to.
    let rule = d
        .mesh
        .object(&ObjectRef::istio("DestinationRule", "shop", "reviews"))
        .unwrap();
    assert_eq!(
        rule["spec"]["subsets"][1],
        json!({"name": "v2", "labels": {"version": "v2"}})
    );
    assert_eq!(weights(&d), [("v1".into(), 0), ("v2".into(), 100)]);
    // Kept for the delay, then scaled to zero, once.
    assert_eq!(replicas(&d.cluster, "reviews-v1"), 0);
    let rec = record(&d);
    let promoted = rec
        .history
        .iter()
        .rev()
        .find(|h| h.to == Phase::Succeeded)
        .unwrap()
        .at;
    let done = rec.workload_done.expect("recorded as done");
    assert!(
        done.duration_since(promoted).as_secs() >= 30,
        "{promoted} {done}"
    );
    let plan = rec.spec.workload.as_ref().unwrap();
    assert_eq!(
        (
            plan.stable.as_str(),
            plan.canary.as_str(),
            plan.image.as_str()
        ),
        ("reviews-v1", "reviews-v2", "reviews:2")
    );
    assert_eq!(plan.stable_before["spec"], stable()["spec"]);
}

#[tokio::test(start_paused = true)]
async fn finish_primary_puts_the_image_on_the_stable_deployment_and_routes_back_to_it() {
    let d = doubles(0.0);
    let ran = run(&d, &start_with(&["--finish", "primary"])).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    let stable = deploy(&d.cluster, "reviews-v1").unwrap();
    assert_eq!(
        stable["spec"]["template"]["spec"]["containers"][0]["image"],
        "reviews:2"
    );
    assert_eq!(stable["spec"]["replicas"], 2);
    assert_eq!(weights(&d), [("v1".into(), 100), ("v2".into(), 0)]);
    assert_eq!(replicas(&d.cluster, "reviews-v2"), 0);
    let rec = record(&d);
    assert_eq!(rec.phase, Phase::Succeeded);
    assert_eq!(
        rec.weights.get("v1"),
        100,
        "the record says where traffic is"
    );
    assert!(rec.workload_done.is_some());
}

#[tokio::test(start_paused = true)]
async fn a_failed_rollout_scales_the_new_deployment_down_or_deletes_it() {
    let checks = ["--min-success-rate", "99", "--analysis-interval", "1m"];
    let d = doubles(50.0);
    let ran = run(&d, &start_with(&checks)).await;
    assert_eq!(ran.status, ExitStatus::RolloutFailed, "{}", ran.stderr);
    assert_eq!(replicas(&d.cluster, "reviews-v2"), 0, "kept for inspection");
    assert_eq!(
        replicas(&d.cluster, "reviews-v1"),
        2,
        "the stable one untouched"
    );
    assert_eq!(weights(&d)[0], ("v1".into(), 100));

    let d = doubles(50.0);
    let ran = run(
        &d,
        &start_with(&[&checks[..], &["--cleanup", "delete"]].concat()),
    )
    .await;
    assert_eq!(ran.status, ExitStatus::RolloutFailed, "{}", ran.stderr);
    assert!(deploy(&d.cluster, "reviews-v2").is_none(), "deleted");
    assert!(record(&d).workload_done.is_some());
}

#[tokio::test(start_paused = true)]
async fn a_deployment_not_ready_in_time_gets_no_traffic_and_is_cleaned_up() {
    // No stand-in kubelet: the copy never becomes ready.
    let d = doubles(0.0);
    let ran = d.run(&start_with(&["--ready-timeout", "1m"])).await;
    assert_eq!(ran.status, ExitStatus::RolloutFailed, "{}", ran.stderr);
    assert!(
        ran.stderr.contains(
            "was not ready within 1m (0/2 ready): no traffic was moved to it; it was scaled to 0"
        ),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("hint:"), "{}", ran.stderr);
    assert_eq!(replicas(&d.cluster, "reviews-v2"), 0);
    let vs = d
        .mesh
        .object(&ObjectRef::istio("VirtualService", "shop", "reviews"))
        .unwrap();
    assert_eq!(vs, {
        let mut want = vs.clone();
        want["spec"] = self::vs()["spec"].clone();
        want
    });
    assert!(
        crate::cmd::rollout::driver::record_of(&vs)
            .unwrap()
            .is_none()
    );
}

#[tokio::test(start_paused = true)]
async fn a_rollback_after_promotion_restores_the_stable_deployment_exactly() {
    let d = doubles(0.0);
    let before = deployment::snapshot(&deploy(&d.cluster, "reviews-v1").unwrap());
    let ran = run(&d, &START).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    assert_eq!(replicas(&d.cluster, "reviews-v1"), 0);
    let ran = run(&d, &["canary", "rollback", "reviews", "--reason", "slow"]).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    let after = deployment::snapshot(&deploy(&d.cluster, "reviews-v1").unwrap());
    assert_eq!(after, before);
    assert_eq!(weights(&d)[0], ("v1".into(), 100));
    assert_eq!(replicas(&d.cluster, "reviews-v2"), 0);
    assert_eq!(record(&d).phase, Phase::RolledBack);
}

#[tokio::test(start_paused = true)]
async fn detached_the_scale_down_waits_for_a_later_step_once_due() {
    let d = doubles(0.0);
    let ran = run(&d, &start_with(&["--detach"])).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    let ran = run(&d, &["canary", "promote", "reviews", "--full"]).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    assert!(ran.stderr.contains("is scaled to 0 at"), "{}", ran.stderr);
    assert_eq!(replicas(&d.cluster, "reviews-v1"), 2, "not yet due");
    let ran = run(&d, &["canary", "step", "reviews"]).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    assert_eq!(replicas(&d.cluster, "reviews-v1"), 2, "still not due");
    // A job 31s later: due.
    d.later.store(31, std::sync::atomic::Ordering::Relaxed);
    let ran = run(&d, &["canary", "step", "reviews"]).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    assert_eq!(replicas(&d.cluster, "reviews-v1"), 0);
    assert!(record(&d).workload_done.is_some());
    let ran = run(&d, &["canary", "step", "reviews"]).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    assert!(!ran.stderr.contains("scaled"), "done once: {}", ran.stderr);
}

#[tokio::test(start_paused = true)]
async fn a_dry_run_shows_the_copy_and_writes_nothing() {
    let d = doubles(0.0);
    let before = d
        .mesh
        .object(&ObjectRef::istio("VirtualService", "shop", "reviews"))
        .unwrap();
    let ran = d.run(&start_with(&["--dry-run"])).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    assert!(ran.stdout.contains("name: reviews-v2"), "{}", ran.stdout);
    assert!(ran.stdout.contains("image: reviews:2"), "{}", ran.stdout);
    assert!(
        ran.stdout.contains("meshctl.io/copy-of: reviews-v1"),
        "{}",
        ran.stdout
    );
    assert!(deploy(&d.cluster, "reviews-v2").is_none());
    let after = d
        .mesh
        .object(&ObjectRef::istio("VirtualService", "shop", "reviews"))
        .unwrap();
    assert_eq!(after, before);
}

#[tokio::test(start_paused = true)]
async fn a_failed_check_before_the_first_step_cleans_the_copy_up() {
    let d = doubles(0.0);
    // The Service selects pods the copy's do not carry: no Ready pod serves `v2`.
    d.cluster
        .insert(json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "reviews"}, "spec": {"selector": {"app": "reviews", "tier": "x"}}}));
    let ran = run(
        &d,
        &start_with(&["--from-deployment", "reviews-v1", "--cleanup", "delete"]),
    )
    .await;
    assert_eq!(ran.status, ExitStatus::Failure, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("no Ready pod serves `v2`"),
        "{}",
        ran.stderr
    );
    assert!(deploy(&d.cluster, "reviews-v2").is_none(), "deleted again");
}

#[tokio::test(start_paused = true)]
async fn retry_refuses_a_rollout_whose_deployment_was_cleaned_up() {
    let d = doubles(0.0);
    let ran = run(&d, &start_with(&["--detach"])).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    let ran = run(&d, &["canary", "abort", "reviews"]).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    let ran = run(&d, &["canary", "retry", "reviews"]).await;
    assert_eq!(ran.status, ExitStatus::Usage, "{}", ran.stderr);
    assert!(ran.stderr.contains("--image IMAGE"), "{}", ran.stderr);
    assert_eq!(record(&d).phase, Phase::Aborted, "nothing written");
}
