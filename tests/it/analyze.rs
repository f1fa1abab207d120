//! `meshctl analyze`: one fixture set per code (each finds exactly its code on exactly
//! its resource and line), cluster-only codes against the real kube-apiserver, files
//! overlaid on the cluster, and the command line (exit codes, formats, suppression).

use crate::support::cli::{Run, meshctl, run_cmd};
use crate::support::kube::{KubeTest, Options};
use meshctl::core::analyze::CODES;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::Path;

const FIXTURES: &str = "tests/fixtures/analyze";

/// Runs `meshctl ARGS` from the package root, so fixture paths print relative.
fn mc(args: &[&str]) -> Run {
    let mut cmd = meshctl();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args(args);
    run_cmd(&mut cmd, None)
}

fn mc_on(server: &KubeTest, args: &[&str]) -> Run {
    mc_as(server, server.kubeconfig_path(), args)
}

/// `mc_on` with another kubeconfig (another user); `-n` takes the test's names.
fn mc_as(server: &KubeTest, kubeconfig: &Path, args: &[&str]) -> Run {
    let mut cmd = meshctl();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("--kubeconfig")
        .arg(kubeconfig);
    let mut namespace_next = false;
    for arg in args {
        cmd.arg(if namespace_next {
            server.ns(arg)
        } else {
            arg.to_string()
        });
        namespace_next = *arg == "-n";
    }
    server.filter_run(run_cmd(&mut cmd, None))
}

/// `(code, "Kind ns/name", line)` of each JSON finding.
fn findings(run: &Run) -> Vec<(String, String, Option<u64>)> {
    let list: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.snapshot()));
    list.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let r = &f["resource"];
            (
                f["code"].as_str().unwrap().to_string(),
                format!(
                    "{} {}/{}",
                    r["kind"].as_str().unwrap(),
                    r["namespace"].as_str().unwrap(),
                    r["name"].as_str().unwrap()
                ),
                f["line"].as_u64(),
            )
        })
        .collect()
}

/// Each file fixture: the one code it must produce, on which resource and line.
const FILE_CASES: &[(&str, &str, u64)] = &[
    ("MESH0101", "VirtualService shop/reviews", 17),
    ("MESH0102", "VirtualService shop/web", 11),
    ("MESH0103", "Gateway shop/public", 17),
    ("MESH0104", "VirtualService shop/ratings", 10),
    ("MESH0105", "VirtualService shop/web-canary", 32),
    ("MESH0106", "DestinationRule shop/reviews-tls", 16),
    ("MESH0110", "DestinationRule shop/payments", 14),
    ("MESH0111", "VirtualService shop/web", 13),
    ("MESH0112", "VirtualService shop/reviews", 8),
    ("MESH0113", "VirtualService shop/reviews", 8),
    ("MESH0114", "VirtualService shop/reviews-canary", 20),
    ("MESH0115", "HTTPRoute shop/reviews", 33),
    ("MESH0117", "HTTPRoute shop/ratings", 13),
    ("MESH0118", "HTTPRoute shop/reviews", 22),
    ("MESH0119", "HTTPRoute shop/api-v2", 39),
    ("MESH0121", "VirtualService shop/lanes-b", 58),
    ("MESH0122", "VirtualService shop/lanes-b", 64),
    ("MESH0123", "VirtualService shop/lanes-b", 58),
    ("MESH0124", "VirtualService shop/lanes-b", 60),
    ("MESH0125", "VirtualService shop/lanes-a", 11),
    ("MESH0126", "VirtualService shop/lanes-a", 11),
];

/// Cluster-only fixtures: seeded into the API server, analyzed with `-A`.
const CLUSTER_CASES: &[(&str, &str)] = &[
    ("MESH0107", "DestinationRule shop/reviews"),
    ("MESH0108", "Gateway shop/public"),
    ("MESH0109", "Gateway istio-system/public"),
    ("MESH0116", "HTTPRoute shop/reviews"),
    ("MESH0120", "VirtualService shop/lanes-b"),
];

#[test]
fn every_code_has_a_fixture() {
    let covered: BTreeSet<&str> = FILE_CASES
        .iter()
        .map(|c| c.0)
        .chain(CLUSTER_CASES.iter().map(|c| c.0))
        .collect();
    let registered: BTreeSet<&str> = CODES.iter().map(|c| c.code).collect();
    assert_eq!(covered, registered);
    for c in CODES {
        let cluster = CLUSTER_CASES.iter().any(|k| k.0 == c.code);
        assert_eq!(c.cluster_only, cluster, "{}", c.code);
    }
}

#[test]
fn each_file_fixture_finds_exactly_its_code_resource_and_line() {
    for &(code, resource, line) in FILE_CASES {
        let path = format!("{FIXTURES}/{code}.yaml");
        let run = mc(&[
            "analyze",
            "-f",
            &path,
            "-o",
            "json",
            "--failure-threshold",
            "info",
        ]);
        assert_eq!(run.code, 79, "{code}: {}", run.snapshot());
        assert_eq!(
            findings(&run),
            [(code.to_string(), resource.to_string(), Some(line))],
            "{code}"
        );
    }
}

/// Seeds every object of a fixture file into the server.
fn seed_file(server: &KubeTest, path: &str) {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    for doc in meshctl::core::yaml::parse_documents(&text).unwrap() {
        server.seed(doc.value);
    }
}

fn cluster_server() -> KubeTest {
    KubeTest::start(Options {
        namespaces: vec!["shop".into(), "istio-system".into()],
        ..Default::default()
    })
}

#[test]
fn each_cluster_fixture_finds_exactly_its_code_and_resource() {
    for &(code, resource) in CLUSTER_CASES {
        let server = cluster_server();
        seed_file(&server, &format!("{FIXTURES}/cluster/{code}.yaml"));
        let run = mc_on(
            &server,
            &["analyze", "-A", "-o", "json", "--failure-threshold", "info"],
        );
        assert_eq!(run.code, 79, "{code}: {}", run.snapshot());
        let found = findings(&run);
        assert_eq!(
            found,
            [(code.to_string(), resource.to_string(), None)],
            "{code}"
        );
        // The same objects as files, without the cluster: the cluster-only check
        // cannot run, so it finds nothing.
        let path = format!("{FIXTURES}/cluster/{code}.yaml");
        let files_only = mc(&["analyze", "-f", &path, "-o", "json"]);
        assert!(
            findings(&files_only).iter().all(|f| f.0 != code),
            "{code}: {}",
            files_only.snapshot()
        );
    }
}

#[test]
fn a_lane_without_pods_is_found_on_the_api_server_until_its_pods_run() {
    let server = cluster_server();
    seed_file(&server, &format!("{FIXTURES}/cluster/MESH0120.yaml"));
    let run = mc_on(&server, &["analyze", "-n", "shop"]);
    // A warning: the default threshold (error) passes, the finding and its hint show.
    assert_eq!(run.code, 0, "{}", run.snapshot());
    insta::assert_snapshot!(run.stdout, @r"
    warning[MESH0120] VirtualService shop/lanes-b: lane `dev` of group `lanes` sends `b`'s requests to subset `dev` (`version=v2`), which selects no pod in namespace `shop`
      hint: run pods of `b` labelled `version=v2`, or delete the lane: `meshctl lane delete lanes dev`
    ");
    // The lane's version of b starts: the lane is whole.
    server.seed_pod(
        "shop",
        "b-v2",
        &[("app", "b"), ("version", "v2")],
        "Running",
        true,
    );
    let run = mc_on(
        &server,
        &["analyze", "-n", "shop", "--failure-threshold", "info"],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(run.stdout, "", "{}", run.snapshot());
}

/// Pods and a Service for `service` at each of `versions`, in `shop`.
fn seed_versions(server: &KubeTest, service: &str, versions: &[&str]) {
    server.seed(json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": service, "namespace": "shop"},
        "spec": {"selector": {"app": service}, "ports": [{"name": "http", "port": 8080}]}}));
    for v in versions {
        let name = format!("{service}-{v}");
        server.seed_pod(
            "shop",
            &name,
            &[("app", service), ("version", v)],
            "Running",
            true,
        );
    }
}

#[test]
fn a_group_written_by_meshctl_lane_is_clean_until_a_lane_loses_its_pods() {
    let server = cluster_server();
    server.seed(
        json!({"apiVersion": "networking.istio.io/v1", "kind": "Gateway",
        "metadata": {"name": "public", "namespace": "shop"},
        "spec": {"selector": {"istio": "ingressgateway"},
                 "servers": [{"port": {"number": 80, "name": "http", "protocol": "HTTP"},
                              "hosts": ["*"]}]}}),
    );
    let gateway = format!("{}/public", server.ns("shop"));
    let steps: [&[&str]; 3] = [
        &[
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
            &gateway,
            "--host",
            "shop.example.com",
        ],
        &["lane", "create", "chain", "dev", "--version", "v2"],
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
    ];
    for args in steps {
        let mut with_ns = args.to_vec();
        with_ns.extend(["-n", "shop"]);
        let run = mc_on(&server, &with_ns);
        assert_eq!(run.code, 0, "{}", run.snapshot());
    }
    seed_versions(&server, "a", &["v1", "v2"]);
    seed_versions(&server, "b", &["v1", "v2", "v3"]);
    seed_versions(&server, "c", &["v1", "v2"]);
    let run = mc_on(
        &server,
        &["analyze", "-n", "shop", "--failure-threshold", "info"],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(run.stdout, "", "{}", run.snapshot());

    // status lists the group, and b's lanes with their pods.
    let run = mc_on(&server, &["status", "-n", "shop"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let last = run.stdout.lines().last().unwrap_or_default();
    let cells: Vec<&str> = last.split_whitespace().collect();
    assert_eq!(
        cells,
        ["chain", "a→b→c", "dev=v2,fx=v3[b]", "x-lane", "shop/public"],
        "{}",
        run.stdout
    );
    let run = mc_on(&server, &["status", "b", "-n", "shop", "-o", "json"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let view: Value = serde_json::from_str(&run.stdout).unwrap();
    let lanes: Vec<(&str, &str, &str, u64)> = view["lanes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["lane"].as_str().unwrap(),
                l["mode"].as_str().unwrap(),
                l["version"].as_str().unwrap(),
                l["pods"]["ready"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lanes,
        [("dev", "strict", "v2", 1), ("fx", "permissive", "v3", 1)]
    );

    // b's v3 pods go: the permissive lane fx has nowhere to send b's requests.
    server.delete("pods", "shop", "b-v3");
    let run = mc_on(&server, &["analyze", "-n", "shop", "-o", "json"]);
    assert_eq!(
        findings(&run),
        [(
            "MESH0120".to_string(),
            "VirtualService shop/chain-b".to_string(),
            None
        )],
        "{}",
        run.snapshot()
    );
}

#[test]
fn the_local_mesh_is_analyzed_without_the_cluster_only_checks() {
    let dir = tempfile::tempdir().unwrap();
    let local = |args: &[&str]| {
        let mut cmd = meshctl();
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("MESHCTL_LOCAL_DIR", dir.path())
            .args(["--target", "local", "-n", "shop"])
            .args(args);
        run_cmd(&mut cmd, None)
    };
    // An empty local mesh: nothing to find, and no pods asked for.
    let run = local(&["analyze"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let applied = local(&["apply", "-f", &format!("{FIXTURES}/MESH0123.yaml")]);
    assert_eq!(applied.code, 0, "{}", applied.snapshot());
    let run = local(&["analyze", "-o", "json"]);
    assert_eq!(run.code, 79, "{}", run.snapshot());
    assert_eq!(
        findings(&run),
        [(
            "MESH0123".to_string(),
            "VirtualService shop/lanes-b".to_string(),
            None
        )]
    );
}

#[test]
fn files_replace_cluster_objects_and_namespaces_scope_the_findings() {
    let server = cluster_server();
    seed_file(&server, &format!("{FIXTURES}/MESH0101.yaml"));
    server.seed_pod("shop", "reviews-v1", &[("version", "v1")], "Running", true);
    server.seed_pod("shop", "reviews-v2", &[("version", "v2")], "Running", true);
    // In the cluster the route names subset v3, which is missing.
    let run = mc_on(&server, &["analyze", "-n", "shop", "-o", "json"]);
    assert_eq!(
        findings(&run),
        [(
            "MESH0101".to_string(),
            "VirtualService shop/reviews".to_string(),
            None
        )]
    );
    // Another namespace: nothing of shop's is reported.
    let run = mc_on(&server, &["analyze", "-n", "default"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    // A file with the fixed VirtualService replaces the cluster's.
    let dir = tempfile::tempdir().unwrap();
    let fixed = dir.path().join("reviews.yaml");
    std::fs::write(
        &fixed,
        format!(
            "apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {{name: reviews, namespace: {}}}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {{host: reviews, subset: v2}}
",
            server.ns("shop")
        ),
    )
    .unwrap();
    let run = mc_on(
        &server,
        &[
            "analyze",
            "-n",
            "shop",
            "-f",
            fixed.to_str().unwrap(),
            "--use-cluster",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(run.stderr, "✔ No findings in 2 objects\n");
    // Without the cluster, the file alone lacks the DestinationRule.
    let run = mc(&["analyze", "-f", fixed.to_str().unwrap(), "-o", "json"]);
    assert_eq!(findings(&run)[0].0, "MESH0101");
}

#[test]
fn text_output_and_exit_codes_follow_the_threshold() {
    let warn_only = format!("{FIXTURES}/MESH0111.yaml");
    let run = mc(&["analyze", "-f", &warn_only]);
    insta::assert_snapshot!(run.snapshot(), @r"
    exit: 0
    --- stdout
    warning[MESH0111] VirtualService shop/web (tests/fixtures/analyze/MESH0111.yaml:13): `http[1]` is never reached: `http[0]` before it matches every request
    --- stderr
    ✖ 1 finding (1 warning) in 1 object
    ");
    let run = mc(&[
        "analyze",
        "-f",
        &warn_only,
        "--failure-threshold",
        "warning",
    ]);
    assert_eq!(run.code, 79);
    let run = mc(&["analyze", "-f", FIXTURES, "--failure-threshold", "error"]);
    assert_eq!(run.code, 79, "{}", run.snapshot());
    assert!(run.stderr.starts_with("✖ "), "{}", run.stderr);
}

#[test]
fn json_output_names_file_line_and_field() {
    let run = mc(&[
        "analyze",
        "-f",
        &format!("{FIXTURES}/MESH0101.yaml"),
        "-o",
        "json",
    ]);
    insta::assert_snapshot!(run.stdout, @r#"
    [
      {
        "code": "MESH0101",
        "level": "error",
        "resource": {
          "kind": "VirtualService",
          "namespace": "shop",
          "name": "reviews"
        },
        "message": "route to subset `v3` of `reviews.shop.svc.cluster.local`, but DestinationRule `shop/reviews` does not define it",
        "path": "spec.http[0].route[1].destination.subset",
        "file": "tests/fixtures/analyze/MESH0101.yaml",
        "line": 17
      }
    ]
    "#);
}

#[test]
fn suppressions_hide_findings_by_code_and_resource() {
    let path = format!("{FIXTURES}/MESH0101.yaml");
    let run = mc(&["analyze", "-f", &path, "--suppress", "MESH0101=shop/rev*"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "✔ No findings in 2 objects, 1 suppressed or out of scope\n"
    );
    let run = mc(&["analyze", "-f", &path, "--suppress", "MESH0101=Gateway *"]);
    assert_eq!(run.code, 79);
    let run = mc(&["analyze", "-f", &path, "--suppress", "MESH9999=*"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(
        run.stderr.contains("`MESH9999` is not a registered code"),
        "{}",
        run.stderr
    );
}

#[test]
fn list_prints_the_registry() {
    let run = mc(&["analyze", "--list"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
    let run = mc(&["analyze", "--list", "-o", "json"]);
    let list: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), CODES.len());
    assert_eq!(list[0]["code"], "MESH0101");
    assert_eq!(list[0]["level"], "error");
}

#[test]
fn nothing_to_analyze_is_a_usage_error() {
    let run = mc(&["analyze", "--use-cluster=false"]);
    insta::assert_snapshot!(run.snapshot(), @r"
    exit: 2
    --- stdout
    --- stderr
    error: nothing to analyze: no `-f` and `--use-cluster=false`

    hint: pass files with `-f`, or drop `--use-cluster=false` to read the cluster
    ");
}

#[test]
fn forbidden_pod_lists_skip_only_the_cluster_checks() {
    let server = cluster_server();
    seed_file(&server, &format!("{FIXTURES}/MESH0101.yaml"));
    // A user of the test's own that may read Istio's objects everywhere, and nothing
    // else: the real authorizer refuses its cluster-wide pod list.
    let (user, kubeconfig) = server.service_account("analyst");
    server.grant_cluster(
        &user,
        json!([{"apiGroups": ["networking.istio.io"], "resources": ["*"], "verbs": ["get", "list"]}]),
    );
    let run = mc_as(&server, &kubeconfig, &["analyze", "-n", "shop"]);
    assert_eq!(run.code, 79, "{}", run.snapshot());
    assert!(run.stdout.contains("error[MESH0101]"), "{}", run.stdout);
    assert!(
        run.stderr.starts_with(
            "warning: the cluster's Gateway API objects were not read, so their checks were skipped: "
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "\nwarning: checks that need pods, Services and Secrets (`MESH0107`, `MESH0108`, `MESH0109`, `MESH0116`, `MESH0120`) were skipped: "
        ),
        "{}",
        run.stderr
    );
    let pods = server
        .requests()
        .into_iter()
        .find(|r| r.path == "/api/v1/pods")
        .expect("a pod list");
    assert_eq!((pods.status, pods.user.as_str()), (403, user.as_str()));
}
