//! The lane verbs against the in-memory mesh store: what they write, what they refuse.

use crate::ExitStatus;
use crate::cmd::testing::Doubles;
use crate::core::lane::LaneGroup;
use crate::core::store::ObjectRef;
use serde_json::{Value, json};

fn vs(doubles: &Doubles, name: &str) -> Value {
    doubles
        .mesh
        .object(&ObjectRef::istio("VirtualService", "shop", name))
        .unwrap_or_else(|| panic!("VirtualService {name} exists"))
}

fn route_names(object: &Value) -> Vec<String> {
    object["spec"]["http"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

async fn group(doubles: &Doubles) {
    let ran = doubles
        .run(&[
            "lane",
            "group",
            "create",
            "g",
            "--service",
            "a",
            "--service",
            "b",
            "--service",
            "c",
        ])
        .await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    assert!(
        ran.stdout
            .contains("destinationrule.networking.istio.io/g-a created"),
        "{}",
        ran.stdout
    );
}

#[tokio::test]
async fn a_group_then_lanes_then_a_promotion() {
    let doubles = Doubles::mesh([]);
    group(&doubles).await;
    assert_eq!(route_names(&vs(&doubles, "g-a")), ["baseline"]);

    let ran = doubles
        .run(&["lane", "create", "g", "dev", "--version", "v2"])
        .await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    let ran = doubles
        .run(&[
            "lane",
            "create",
            "g",
            "fx",
            "--version",
            "v3",
            "--permissive",
            "--service",
            "b",
        ])
        .await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    assert_eq!(
        route_names(&vs(&doubles, "g-a")),
        ["lane-dev", "lane-fx", "baseline"]
    );
    assert_eq!(
        route_names(&vs(&doubles, "g-b")),
        ["lane-dev", "lane-fx", "baseline"]
    );
    assert_eq!(route_names(&vs(&doubles, "g-c")), ["lane-dev", "baseline"]);

    let ran = doubles.run(&["lane", "list", "-o", "json"]).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    let rows: Value = serde_json::from_str(&ran.stdout).unwrap();
    let lanes: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["lane"].as_str().unwrap())
        .collect();
    assert_eq!(lanes, ["baseline", "dev", "fx"]);
    assert_eq!(rows[0]["weight"], 100);

    let ran = doubles.run(&["lane", "promote", "g", "fx"]).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    let g = LaneGroup::from_object(&vs(&doubles, "g-a"))
        .unwrap()
        .unwrap();
    let baselines: Vec<&str> = g.services.iter().map(|s| s.baseline.as_str()).collect();
    assert_eq!(baselines, ["v1", "v3", "v1"]);
    assert!(g.lane("fx").is_none());
    let dr_b = doubles
        .mesh
        .object(&ObjectRef::istio("DestinationRule", "shop", "g-b"))
        .unwrap();
    assert_eq!(
        dr_b["spec"]["subsets"][0],
        json!({"name": "baseline", "labels": {"version": "v3"}})
    );

    let ran = doubles.run(&["lane", "delete", "g", "dev"]).await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    assert_eq!(route_names(&vs(&doubles, "g-c")), ["baseline"]);

    let ran = doubles
        .run(&["lane", "group", "delete", "g", "--yes"])
        .await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    assert_eq!(ran.stdout.lines().count(), 6, "{}", ran.stdout);
    let ran = doubles.run(&["lane", "list"]).await;
    assert!(
        ran.stderr.contains("No lane groups") || ran.stdout.contains("No lane groups"),
        "{ran:?}"
    );
}

#[tokio::test]
async fn a_strict_lane_naming_services_is_a_usage_error_and_changes_nothing() {
    let doubles = Doubles::mesh([]);
    group(&doubles).await;
    let before = vs(&doubles, "g-a");
    let ran = doubles
        .run(&[
            "lane",
            "create",
            "g",
            "dev",
            "--version",
            "v2",
            "--service",
            "b",
        ])
        .await;
    assert_eq!(ran.status, ExitStatus::Usage, "{}", ran.stderr);
    assert!(ran.stderr.contains("strict lane `dev`"), "{}", ran.stderr);
    assert_eq!(vs(&doubles, "g-a"), before);
}

#[tokio::test]
async fn a_foreign_route_for_a_service_is_refused_by_name() {
    let theirs = json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "b-by-hand", "namespace": "shop"},
        "spec": {"hosts": ["b"], "http": [{"route": [{"destination": {"host": "b"}}]}]}});
    let doubles = Doubles::mesh([theirs]);
    let ran = doubles
        .run(&[
            "lane",
            "group",
            "create",
            "g",
            "--service",
            "a",
            "--service",
            "b",
        ])
        .await;
    assert_eq!(ran.status, ExitStatus::Failure, "{}", ran.stderr);
    assert!(ran.stderr.contains("shop/b-by-hand"), "{}", ran.stderr);
    assert!(
        doubles
            .mesh
            .object(&ObjectRef::istio("DestinationRule", "shop", "g-a"))
            .is_none()
    );
}

#[tokio::test]
async fn a_running_shift_blocks_every_rewrite() {
    let doubles = Doubles::mesh([]);
    group(&doubles).await;
    let mut ingress = vs(&doubles, "g-a");
    ingress["metadata"]["annotations"]["meshctl.io/rollout"] = json!("{\"not\": \"readable\"}");
    doubles.mesh.insert(ingress);
    let ran = doubles
        .run(&["lane", "create", "g", "dev", "--version", "v2"])
        .await;
    assert_eq!(ran.status, ExitStatus::Failure, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("meshctl lane rollback g"),
        "{}",
        ran.stderr
    );
}

#[tokio::test]
async fn a_client_dry_run_prints_and_writes_nothing() {
    let doubles = Doubles::mesh([]);
    let ran = doubles
        .run(&[
            "lane",
            "group",
            "create",
            "g",
            "--service",
            "a",
            "--dry-run=client",
            "--asm",
            "--ingress-gateway",
            "istio-system/gw",
        ])
        .await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    assert!(
        ran.stdout.contains("kind: ASMSwimLaneGroup"),
        "{}",
        ran.stdout
    );
    let ran = doubles
        .run(&[
            "lane",
            "group",
            "create",
            "g",
            "--service",
            "a",
            "--dry-run=client",
        ])
        .await;
    assert!(
        ran.stdout.contains("kind: DestinationRule"),
        "{}",
        ran.stdout
    );
    assert!(
        doubles
            .mesh
            .object(&ObjectRef::istio("DestinationRule", "shop", "g-a"))
            .is_none()
    );
}

#[tokio::test]
async fn an_asm_group_takes_lanes_through_its_own_object() {
    let doubles = Doubles::mesh([]);
    let ran = doubles
        .run(&[
            "lane",
            "group",
            "create",
            "g",
            "--service",
            "a",
            "--service",
            "b",
            "--asm",
            "--ingress-gateway",
            "istio-system/gw",
        ])
        .await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    let ran = doubles
        .run(&["lane", "create", "g", "dev", "--version", "v2", "--asm"])
        .await;
    assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
    assert!(
        ran.stdout.contains("asmswimlane"),
        "{}",
        ran.stdout.to_lowercase()
    );
}
