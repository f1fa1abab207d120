//! `meshctl gateway deploy|undeploy` and the workload view of `gateway list` against
//! the real kube-apiserver: gateway injection objects on the workload cluster, ASM's
//! IstioGateway on the mesh control plane, and undeploy leaving what meshctl did not
//! deploy.

use crate::support::cli::{Run, meshctl, run_cmd};
use crate::support::kube::{KubeTest, Options};
use serde_json::json;

fn server(asm: bool) -> KubeTest {
    KubeTest::start(Options {
        namespaces: vec!["istio-ingress".into()],
        asm,
        ..Default::default()
    })
}

fn mc(server: &KubeTest, args: &[&str]) -> Run {
    let mut cmd = meshctl();
    cmd.arg("--kubeconfig")
        .arg(server.kubeconfig_path())
        .args(["-n", &server.ns("istio-ingress")])
        .args(args);
    server.filter_run(run_cmd(&mut cmd, None))
}

#[test]
fn deploy_by_gateway_injection_then_undeploy() {
    let server = server(false);
    let run = mc(
        &server,
        &[
            "gateway",
            "deploy",
            "edge",
            "--replicas",
            "2",
            "--port",
            "80",
            "--port",
            "8443",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "serviceaccount/edge created\n\
         role.rbac.authorization.k8s.io/edge-sds created\n\
         rolebinding.rbac.authorization.k8s.io/edge-sds created\n\
         deployment.apps/edge created\n\
         service/edge created\n"
    );
    let deploy = server.get("deployments", "istio-ingress", "edge").unwrap();
    let template = &deploy["spec"]["template"];
    assert_eq!(
        template["metadata"]["annotations"]["inject.istio.io/templates"],
        "gateway"
    );
    assert_eq!(
        template["metadata"]["labels"]["sidecar.istio.io/inject"],
        "true"
    );
    assert_eq!(template["spec"]["containers"][0]["image"], "auto");
    assert_eq!(deploy["spec"]["replicas"], 2);
    let svc = server.get("services", "istio-ingress", "edge").unwrap();
    assert_eq!(svc["spec"]["type"], "LoadBalancer");
    assert_eq!(svc["spec"]["ports"][1]["port"], 8443);

    // Deploying again changes nothing.
    let again = mc(
        &server,
        &[
            "gateway",
            "deploy",
            "edge",
            "--replicas",
            "2",
            "--port",
            "80",
            "--port",
            "8443",
        ],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stdout.lines().all(|l| l.ends_with(" unchanged")),
        "{}",
        again.stdout
    );

    // A ServiceAccount someone else made under the same name is not meshctl's to remove.
    server.modify("serviceaccounts", "istio-ingress", "edge", "someone", |o| {
        o["metadata"]["labels"] = json!({});
    });
    let run = mc(&server, &["gateway", "undeploy", "edge"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "service \"edge\" deleted\n\
         deployment.apps \"edge\" deleted\n\
         rolebinding.rbac.authorization.k8s.io \"edge-sds\" deleted\n\
         role.rbac.authorization.k8s.io \"edge-sds\" deleted\n"
    );
    assert!(
        run.stderr
            .contains("left ServiceAccount `istio-ingress/edge` in place"),
        "{}",
        run.stderr
    );
    assert!(server.get("deployments", "istio-ingress", "edge").is_none());
    assert!(
        server
            .get("serviceaccounts", "istio-ingress", "edge")
            .is_some()
    );

    let none = mc(&server, &["gateway", "undeploy", "edge"]);
    assert_eq!(none.code, 1, "{}", none.stderr);
    assert!(
        none.stderr
            .contains("meshctl deployed no gateway workload `edge`"),
        "{}",
        none.stderr
    );
}

#[test]
fn asm_deploys_an_istio_gateway_on_the_mesh_control_plane() {
    let server = server(true);
    let run = mc(
        &server,
        &[
            "gateway",
            "deploy",
            "out",
            "--egress",
            "--asm",
            "--replicas",
            "3",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "istiogateway.istio.alibabacloud.com/out created\n"
    );
    let gw = server
        .get(
            "istiogateways.istio.alibabacloud.com",
            "istio-ingress",
            "out",
        )
        .unwrap();
    assert_eq!(
        gw["spec"],
        json!({
            "gatewayType": "egress",
            "replicaCount": 3,
            "serviceType": "ClusterIP",
            "podLabels": {"istio": "egressgateway"},
            "ports": [{"name": "http2", "port": 80, "targetPort": 80},
                      {"name": "https", "port": 443, "targetPort": 443}]
        })
    );
    assert!(server.list("deployments", Some("istio-ingress")).is_empty());
    let run = mc(&server, &["gateway", "undeploy", "out", "--asm"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        server
            .get(
                "istiogateways.istio.alibabacloud.com",
                "istio-ingress",
                "out"
            )
            .is_none()
    );
}

#[test]
fn asm_without_the_kind_says_what_is_missing() {
    let server = server(false);
    let run = mc(&server, &["gateway", "deploy", "edge", "--asm"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("--mesh-kubeconfig"), "{}", run.stderr);
}

#[test]
fn dry_run_prints_the_injection_objects() {
    let run = crate::support::cli::run(&[
        "gateway",
        "deploy",
        "edge",
        "-n",
        "istio-ingress",
        "--revision",
        "1-30",
        "--labels",
        "istio=edge,team=web",
        "--dry-run",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
    let bad = crate::support::cli::run(&[
        "gateway",
        "deploy",
        "edge",
        "--labels",
        "nonsense",
        "--dry-run",
    ]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[test]
fn gateway_list_shows_workloads_and_rules_that_select_none() {
    let server = server(false);
    let run = mc(&server, &["gateway", "deploy", "edge", "--replicas", "2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // No kubelet runs: the support marks the Deployment's two pods ready, and the
    // controller-manager counts them in its status.
    server.make_deployment_ready("istio-ingress", "edge", 2);
    server.modify("services", "istio-ingress", "edge", "cloud", |o| {
        o["status"] = json!({"loadBalancer": {"ingress": [{"ip": "203.0.113.7"}]}});
    });
    for (name, selector) in [("shop", "ingressgateway"), ("stale", "oldgateway")] {
        server.seed(json!({
            "apiVersion": "networking.istio.io/v1", "kind": "Gateway",
            "metadata": {"name": name, "namespace": "istio-ingress"},
            "spec": {"selector": {"istio": selector},
                     "servers": [{"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": ["*"]}]}
        }));
    }
    let run = mc(&server, &["gateway", "list"]).mask_age();
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.snapshot());
    let run = mc(&server, &["gateway", "list", "-o", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(rows[0]["workloads"], json!(["istio-ingress/edge"]));
    assert_eq!(rows[1]["workloads"], json!([]));
}
