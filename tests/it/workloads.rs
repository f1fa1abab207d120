//! The new version's workload on Kubernetes end to end: `canary start --image` and
//! what follows a rollout for its Deployments, the built binary against the REAL
//! kube-apiserver and kube-controller-manager of the test platform (its Deployment
//! and ReplicaSet controllers create and remove the pods). No kubelet runs there, so a
//! stand-in ([`with_kubelet`]) marks pods Running and Ready while meshctl waits, as a
//! kubelet would once their containers started. Every test asserts the live objects.

use crate::support::kube::KubeTest;
use crate::support::process::wait_for;
use crate::support::rollout_mesh::{live, main_weights, mc, record, server};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

const DEPLOY: &str = "deployments";

/// The VirtualService `reviews` (all traffic to subset `live`), a DestinationRule with
/// only that subset (labelled `key: live`; meshctl adds the new one), the Service, and
/// the live Deployment `reviews-LIVE` with 2 Ready pods; returns the Deployment.
fn seed_live(s: &KubeTest, live: &str, key: &str) -> Value {
    s.seed(json!({
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "reviews", "namespace": "shop"},
        "spec": {"hosts": ["reviews"], "http": [{"name": "main",
            "route": [{"destination": {"host": "reviews", "subset": live}}]}]}
    }));
    s.seed(json!({
        "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
        "metadata": {"name": "reviews", "namespace": "shop"},
        "spec": {"host": "reviews", "subsets": [{"name": live, "labels": {key: live}}]}
    }));
    s.seed(json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "reviews", "namespace": "shop"},
        "spec": {"selector": {"app": "reviews"}, "ports": [{"port": 9080}]}
    }));
    let name = format!("reviews-{live}");
    s.seed_deployment("shop", &name, &[("app", "reviews"), (key, live)], 2, 2)
}

/// A canary's starting point: v1 live, subsets by `version`.
fn seed(s: &KubeTest) -> Value {
    seed_live(s, "v1", "version")
}

/// Runs `f` while a stand-in for the kubelets the platform does not run marks every
/// pod of the namespace that is not Ready (and not being deleted) Running and Ready,
/// as a kubelet reports a pod whose containers started.
fn with_kubelet<T>(s: &KubeTest, f: impl FnOnce() -> T) -> T {
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while !stop.load(Ordering::Relaxed) {
                for pod in s.list("pods", Some("shop")) {
                    let ready = pod["status"]["conditions"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .any(|c| c["type"] == "Ready" && c["status"] == "True");
                    if !ready && pod["metadata"]["deletionTimestamp"].is_null() {
                        let name = pod["metadata"]["name"].as_str().unwrap();
                        s.set_pod_status("shop", name, "Running", true, None);
                    }
                }
                // A kubelet's own cadence; nothing waits on this sleep.
                std::thread::sleep(Duration::from_millis(200));
            }
        });
        let out = f();
        stop.store(true, Ordering::Relaxed);
        out
    })
}

fn deploy(s: &KubeTest, name: &str) -> Option<Value> {
    s.get(DEPLOY, "shop", name)
}

fn replicas(s: &KubeTest, name: &str) -> u64 {
    deploy(s, name).expect(name)["spec"]["replicas"]
        .as_u64()
        .unwrap()
}

fn image(d: &Value) -> &str {
    d["spec"]["template"]["spec"]["containers"][0]["image"]
        .as_str()
        .unwrap()
}

/// Waits until the controller has seen the Deployment's spec and its pods are as many
/// as wanted (after a scale-down: gone).
fn settled(s: &KubeTest, name: &str) -> Value {
    wait_for(
        &format!("Deployment {name} to settle"),
        Duration::from_secs(30),
        || {
            let d = deploy(s, name)?;
            let st = &d["status"];
            let want = d["spec"]["replicas"].as_u64()?;
            (st["observedGeneration"] == d["metadata"]["generation"]
                && st["replicas"].as_u64().unwrap_or(0) == want)
                .then_some(d)
        },
    )
}

const START: [&str; 9] = [
    "canary",
    "start",
    "reviews",
    "--canary",
    "v2",
    "--image",
    "reviews:2",
    "--steps",
    "50",
];

fn start_with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    START
        .iter()
        .copied()
        .chain(["--interval", "1s"])
        .chain(extra.iter().copied())
        .collect()
}

#[test]
fn an_image_creates_a_ready_copy_promotes_and_scales_the_old_deployment_down() {
    let s = server();
    seed(&s);
    let run = with_kubelet(&s, || {
        mc(
            &s,
            &start_with(&["--replicas", "1", "--scale-down-delay", "2s"]),
        )
    });
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(
        run.stderr
            .contains("created Deployment `reviews-v2` from `reviews-v1`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("waiting for `reviews-v2`"),
        "{}",
        run.stderr
    );
    let canary = deploy(&s, "reviews-v2").expect("created");
    assert_eq!(image(&canary), "reviews:2");
    assert_eq!(canary["spec"]["replicas"], 1);
    let labels = json!({"app": "reviews", "version": "v2"});
    assert_eq!(canary["spec"]["selector"]["matchLabels"], labels);
    assert_eq!(canary["spec"]["template"]["metadata"]["labels"], labels);
    assert_eq!(
        canary["metadata"]["labels"]["app.kubernetes.io/managed-by"],
        "meshctl"
    );
    assert_eq!(
        canary["metadata"]["annotations"]["meshctl.io/copy-of"],
        "reviews-v1"
    );
    assert_eq!(canary["status"]["readyReplicas"], 1);
    let dr = s.get("destinationrules", "shop", "reviews").unwrap();
    assert_eq!(
        dr["spec"]["subsets"][1],
        json!({"name": "v2", "labels": {"version": "v2"}})
    );
    assert_eq!(main_weights(&s), ["v1=0", "v2=100"]);
    // `--finish keep`: the old Deployment ran through the delay, then went to zero.
    assert!(
        run.stderr.contains("scaled Deployment `reviews-v1` to 0"),
        "{}",
        run.stderr
    );
    assert_eq!(replicas(&s, "reviews-v1"), 0);
    let rec = record(&s);
    assert_eq!(rec["phase"], "Succeeded");
    assert!(rec["workloadDone"].is_string(), "{rec}");
    let plan = &rec["spec"]["workload"];
    assert_eq!(plan["stable"], "reviews-v1");
    assert_eq!(plan["canary"], "reviews-v2");
    assert_eq!(plan["image"], "reviews:2");
    assert_eq!(plan["scaleDownDelay"], "2s");
    assert_eq!(plan["stableBefore"]["spec"]["replicas"], 2);
}

#[test]
fn finish_primary_gives_the_stable_deployment_the_image_and_all_traffic_back() {
    let s = server();
    seed(&s);
    let run = with_kubelet(&s, || mc(&s, &start_with(&["--finish", "primary"])));
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let stable = settled(&s, "reviews-v1");
    assert_eq!(image(&stable), "reviews:2");
    assert_eq!(stable["spec"]["replicas"], 2);
    assert_eq!(stable["status"]["updatedReplicas"], 2);
    assert_eq!(stable["status"]["readyReplicas"], 2);
    assert_eq!(main_weights(&s), ["v1=100", "v2=0"]);
    assert_eq!(replicas(&s, "reviews-v2"), 0);
    let rec = record(&s);
    assert_eq!(rec["phase"], "Succeeded");
    assert_eq!(rec["weights"], json!({"v1": 100, "v2": 0}));
    assert!(rec["workloadDone"].is_string(), "{rec}");
}

#[test]
fn an_aborted_rollout_scales_the_canary_down_and_cleanup_delete_deletes_it() {
    let s = server();
    let before = seed(&s);
    let run = with_kubelet(&s, || mc(&s, &start_with(&["--detach"])));
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(main_weights(&s), ["v1=50", "v2=50"]);
    let run = mc(&s, &["canary", "abort", "reviews"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    // The route as it was before: v1 alone.
    assert_eq!(main_weights(&s), ["v1=null"]);
    assert_eq!(replicas(&s, "reviews-v2"), 0, "kept for inspection");
    settled(&s, "reviews-v2");
    assert_eq!(settled(&s, "reviews-v1")["spec"], before["spec"]);

    // Again, to be deleted on rollback. The copy exists and is meshctl's: reused.
    let run = with_kubelet(&s, || {
        mc(&s, &start_with(&["--detach", "--cleanup", "delete"]))
    });
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(
        replicas(&s, "reviews-v2"),
        2,
        "scaled up again, as the stable one"
    );
    let run = mc(&s, &["canary", "rollback", "reviews", "--reason", "bad"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(deploy(&s, "reviews-v2").is_none(), "deleted");
    assert_eq!(record(&s)["phase"], "RolledBack");
}

#[test]
fn a_deployment_that_never_gets_ready_gets_no_traffic_and_exits_3() {
    let s = server();
    let before = seed(&s);
    // No stand-in kubelet: the copy's pods never become Ready.
    let run = mc(&s, &start_with(&["--ready-timeout", "3s"]));
    assert_eq!(run.code, 3, "{}", run.snapshot());
    assert!(
        run.stderr.contains(
            "Deployment `reviews-v2` was not ready within 3s (0/2 ready): no traffic was moved to it; it was scaled to 0"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint: "), "{}", run.stderr);
    assert_eq!(replicas(&s, "reviews-v2"), 0);
    let vs = live(&s);
    assert!(
        vs["metadata"]["annotations"]
            .get("meshctl.io/rollout")
            .is_none(),
        "{vs}"
    );
    assert_eq!(main_weights(&s), ["v1=null"], "the route as seeded");
    let dr = s.get("destinationrules", "shop", "reviews").unwrap();
    assert_eq!(
        dr["spec"]["subsets"].as_array().unwrap().len(),
        1,
        "no subset added"
    );
    assert_eq!(deploy(&s, "reviews-v1").unwrap()["spec"], before["spec"]);
}

#[test]
fn a_rollback_after_promotion_restores_the_stable_deployment_exactly() {
    let s = server();
    seed(&s);
    let before = settled(&s, "reviews-v1");
    let (run, rollback) = with_kubelet(&s, || {
        let run = mc(&s, &start_with(&["--scale-down-delay", "1s"]));
        let scaled = replicas(&s, "reviews-v1");
        (
            run,
            (
                scaled,
                mc(&s, &["canary", "rollback", "reviews", "--reason", "slow"]),
            ),
        )
    });
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let (scaled, run) = rollback;
    assert_eq!(scaled, 0, "scaled down after the promotion");
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(
        run.stderr
            .contains("Deployment `reviews-v1` restored as it was before the rollout"),
        "{}",
        run.stderr
    );
    let after = settled(&s, "reviews-v1");
    assert_eq!(after["spec"], before["spec"]);
    assert_eq!(after["metadata"]["labels"], before["metadata"]["labels"]);
    assert_eq!(after["status"]["readyReplicas"], 2);
    assert_eq!(
        main_weights(&s),
        ["v1=null"],
        "the route as before the rollout"
    );
    assert_eq!(replicas(&s, "reviews-v2"), 0);
    let rec = record(&s);
    assert_eq!(rec["phase"], "RolledBack");
    assert!(rec["workloadDone"].is_string(), "{rec}");
}

#[test]
fn bluegreen_deploy_brings_up_the_idle_colour_and_switch_scales_the_old_one_down() {
    let s = server();
    // Blue and its Deployment live; subsets by `color`.
    seed_live(&s, "blue", "color");
    let before = settled(&s, "reviews-blue");
    let dry = mc(
        &s,
        &[
            "bluegreen",
            "deploy",
            "reviews",
            "--image",
            "reviews:2",
            "--to",
            "green",
            "--dry-run",
        ],
    );
    assert_eq!(dry.code, 0, "{}", dry.snapshot());
    assert!(
        dry.stderr.contains("would be created from `reviews-blue`"),
        "{}",
        dry.stderr
    );
    assert!(
        deploy(&s, "reviews-green").is_none(),
        "a dry run writes nothing"
    );
    let (deployed, switched, back) = with_kubelet(&s, || {
        let deployed = mc(
            &s,
            &[
                "bluegreen",
                "deploy",
                "reviews",
                "--image",
                "reviews:2",
                "--to",
                "green",
            ],
        );
        let weights = main_weights(&s);
        let switched = mc(
            &s,
            &[
                "bluegreen",
                "switch",
                "reviews",
                "--to",
                "green",
                "--halfway",
                "--interval",
                "1s",
                "--scale-down-delay",
                "1s",
                "--yes",
            ],
        );
        let blue = replicas(&s, "reviews-blue");
        let back = mc(&s, &["bluegreen", "rollback", "reviews"]);
        ((deployed, weights), (switched, blue), back)
    });
    let (deployed, weights_after_deploy) = deployed;
    assert_eq!(deployed.code, 0, "{}", deployed.snapshot());
    assert_eq!(
        weights_after_deploy,
        ["blue=null"],
        "deploy moves no traffic"
    );
    let green = deploy(&s, "reviews-green").expect("created");
    assert_eq!(image(&green), "reviews:2");
    assert_eq!(green["spec"]["replicas"], 2);
    assert_eq!(
        green["spec"]["template"]["metadata"]["labels"],
        json!({"app": "reviews", "color": "green"})
    );
    let dr = s.get("destinationrules", "shop", "reviews").unwrap();
    assert_eq!(
        dr["spec"]["subsets"][1],
        json!({"name": "green", "labels": {"color": "green"}})
    );
    let (switched, blue_after_switch) = switched;
    assert_eq!(switched.code, 0, "{}", switched.snapshot());
    assert!(
        switched.stderr.contains("`blue` 50%"),
        "halfway: {}",
        switched.stderr
    );
    assert_eq!(blue_after_switch, 0, "blue scaled down after the delay");
    // Switching back first puts blue back as it was, ready.
    assert_eq!(back.code, 0, "{}", back.snapshot());
    let blue = settled(&s, "reviews-blue");
    assert_eq!(blue["spec"], before["spec"]);
    assert_eq!(blue["status"]["readyReplicas"], 2);
    assert_eq!(main_weights(&s), ["blue=100", "green=0"]);
    assert_eq!(replicas(&s, "reviews-green"), 2, "the idle colour stays up");
}
