//! `meshctl lane …` against the real kube-apiserver with Istio's CRDs: the group's
//! objects are accepted (and `istioctl validate` finds nothing wrong with them), lanes
//! rewrite the routes and subsets as the contract says, a refused lane and a server dry
//! run change nothing, a promotion moves the baselines, a failed write leaves nothing
//! behind, and `group delete` removes every object. ASM's kinds, absent here, fail
//! with a sentence that names the kind.

use crate::support::cli::{Run, meshctl, run_cmd};
use crate::support::kube::{KubeTest, Options};
use serde_json::{Value, json};

const DR: &str = "destinationrules.networking.istio.io";
const VS: &str = "virtualservices.networking.istio.io";

fn server() -> KubeTest {
    KubeTest::start(Options {
        namespaces: vec!["shop".into()],
        ..Default::default()
    })
}

fn mc(server: &KubeTest, args: &[&str]) -> Run {
    let mut cmd = meshctl();
    cmd.arg("--kubeconfig")
        .arg(server.kubeconfig_path())
        .args(["-n", &server.ns("shop")])
        .args(args);
    server.filter_run(run_cmd(&mut cmd, None))
}

fn names(server: &KubeTest, resource: &str) -> Vec<String> {
    let mut out: Vec<String> = server
        .list(resource, Some("shop"))
        .iter()
        .map(|o| o["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

fn route_names(object: &Value) -> Vec<&str> {
    object["spec"]["http"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect()
}

fn subsets(server: &KubeTest, name: &str) -> Vec<(String, String)> {
    let dr = server
        .get(DR, "shop", name)
        .expect("the DestinationRule exists");
    dr["spec"]["subsets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["labels"]["version"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn gateway(server: &KubeTest) -> String {
    server.seed(json!({
        "apiVersion": "networking.istio.io/v1", "kind": "Gateway",
        "metadata": {"name": "public", "namespace": "shop"},
        "spec": {"selector": {"istio": "ingressgateway"},
                 "servers": [{"port": {"number": 80, "name": "http", "protocol": "HTTP"},
                              "hosts": ["*"]}]}
    }));
    format!("{}/public", server.ns("shop"))
}

fn create_args<'a>(gw: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "lane",
        "group",
        "create",
        "chain",
        "--service",
        "a",
        "--service",
        "b",
        "--service",
        "c",
        "--ingress-gateway",
        gw,
        "--host",
        "shop.example.com",
    ];
    args.extend_from_slice(more);
    args
}

/// `istioctl validate` on what `--dry-run=client` prints: Istio's own verdict.
fn istioctl_accepts(yaml: &str) {
    let istioctl = std::env::var("MESHCTL_TEST_ISTIOCTL")
        .expect("MESHCTL_TEST_ISTIOCTL is set by the platform's env (scripts/platform.sh env)");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lanes.yaml");
    std::fs::write(&path, yaml).unwrap();
    let out = std::process::Command::new(istioctl)
        .args(["validate", "-f"])
        .arg(&path)
        .env("KUBECONFIG", dir.path().join("none"))
        .output()
        .expect("istioctl runs");
    assert!(
        out.status.success(),
        "istioctl validate refused the lane objects:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_group_its_lanes_a_promotion_and_the_delete_on_the_real_api_server() {
    let server = server();
    let gw = gateway(&server);

    // Client dry run: the objects, accepted by istioctl; nothing written.
    let run = mc(&server, &create_args(&gw, &["--dry-run=client"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    istioctl_accepts(&run.stdout);
    // Server dry run: the API server checks them and saves nothing.
    let run = mc(&server, &create_args(&gw, &["--dry-run=server"]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("(server dry run)"), "{}", run.stdout);
    assert!(names(&server, VS).is_empty());
    assert!(names(&server, DR).is_empty());

    let run = mc(&server, &create_args(&gw, &[]));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.matches(" created").count(), 7, "{}", run.stdout);
    assert_eq!(names(&server, DR), ["chain-a", "chain-b", "chain-c"]);
    assert_eq!(
        names(&server, VS),
        ["chain-a", "chain-b", "chain-c", "chain-ingress"]
    );

    let run = mc(
        &server,
        &["lane", "create", "chain", "dev", "--version", "v2"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = mc(
        &server,
        &[
            "lane",
            "create",
            "chain",
            "fx",
            "--version",
            "v3",
            "--permissive",
            "--service",
            "b",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);

    let vs = |name: &str| {
        server
            .get(VS, "shop", name)
            .expect("the VirtualService exists")
    };
    assert_eq!(
        route_names(&vs("chain-a")),
        ["lane-dev", "lane-fx", "baseline"]
    );
    assert_eq!(
        route_names(&vs("chain-b")),
        ["lane-dev", "lane-fx", "baseline"]
    );
    // c is not in fx: its fx requests take the baseline route (the fallback).
    assert_eq!(route_names(&vs("chain-c")), ["lane-dev", "baseline"]);
    let ingress = vs("chain-ingress");
    assert_eq!(ingress["spec"]["gateways"], json!([gw]));
    assert_eq!(ingress["spec"]["hosts"], json!(["shop.example.com"]));
    assert_eq!(route_names(&ingress), ["lane-dev", "lane-fx", "baseline"]);
    assert_eq!(
        ingress["spec"]["http"][1]["headers"]["request"]["set"]["x-lane"],
        "fx"
    );
    assert_eq!(
        ingress["spec"]["http"][1]["route"][0]["destination"],
        json!({"host": "a", "subset": "fx"})
    );
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    // The entry's fx subset selects its baseline pods: fx does not hold a.
    assert_eq!(
        subsets(&server, "chain-a"),
        pairs(&[("baseline", "v1"), ("dev", "v2"), ("fx", "v1")])
    );
    assert_eq!(
        subsets(&server, "chain-b"),
        pairs(&[("baseline", "v1"), ("dev", "v2"), ("fx", "v3")])
    );
    assert_eq!(
        subsets(&server, "chain-c"),
        pairs(&[("baseline", "v1"), ("dev", "v2")])
    );

    // A strict lane naming services breaks a rule: exit 2, nothing changes.
    let before = server.resource_version(VS, "shop", "chain-ingress");
    let run = mc(
        &server,
        &[
            "lane",
            "create",
            "chain",
            "x",
            "--version",
            "v4",
            "--service",
            "b",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(server.resource_version(VS, "shop", "chain-ingress"), before);

    let run = mc(&server, &["lane", "list", "-o", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Value = serde_json::from_str(&run.stdout).unwrap();
    let lanes: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["lane"].as_str().unwrap())
        .collect();
    assert_eq!(lanes, ["baseline", "dev", "fx"]);

    // Promote fx: b's baseline is v3 now; the lane is gone everywhere.
    let run = mc(&server, &["lane", "promote", "chain", "fx"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        subsets(&server, "chain-b"),
        pairs(&[("baseline", "v3"), ("dev", "v2")])
    );
    assert_eq!(
        subsets(&server, "chain-a"),
        pairs(&[("baseline", "v1"), ("dev", "v2")])
    );
    assert_eq!(route_names(&vs("chain-ingress")), ["lane-dev", "baseline"]);

    let run = mc(&server, &["lane", "group", "delete", "chain", "--yes"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(names(&server, VS).is_empty(), "{:?}", names(&server, VS));
    assert!(names(&server, DR).is_empty());
}

#[test]
fn a_failed_write_removes_what_the_run_created() {
    let server = server();
    let gw = gateway(&server);
    // Someone else's fields on the object meshctl would write last: the API server
    // refuses meshctl's apply of it as a conflict.
    server.seed_as(
        json!({
            "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
            "metadata": {"name": "chain-ingress", "namespace": "shop"},
            "spec": {"gateways": [gw.clone()], "hosts": ["other.example.com"],
                     "http": [{"route": [{"destination": {"host": "z"}}]}]}
        }),
        "kubectl-create",
    );
    let run = mc(&server, &create_args(&gw, &[]));
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("removed what this command had created"),
        "{}",
        run.stderr
    );
    assert!(names(&server, DR).is_empty(), "{:?}", names(&server, DR));
    assert_eq!(names(&server, VS), ["chain-ingress"]);
}

#[test]
fn asm_kinds_on_a_cluster_without_asm_fail_with_the_kind_named() {
    let server = server();
    let run = mc(
        &server,
        &[
            "lane",
            "group",
            "create",
            "chain",
            "--service",
            "a",
            "--asm",
            "--ingress-gateway",
            "istio-system/ingressgateway",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("this cluster has no `ASMSwimLaneGroup`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("drop `--asm`"), "{}", run.stderr);
}
