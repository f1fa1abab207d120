//! meshctl against the platform's real kube-apiserver: the built binary with
//! `--kubeconfig` pointing at the test's own namespaces through its fault proxy (apply,
//! diff, delete, gateway, discovery, errors, the ASM split), plus adapter-level tests
//! where the behaviour is in the adapter (precondition updates with a concurrent
//! writer, events, server-side validation).
use crate::support::cli::{Run, meshctl, run_cmd};
use crate::support::kube::{Fault, IstioApis, KubeTest, Options, VIEWER_USER};
use meshctl::adapters::kube::{Cluster, ConnectOptions, KubeMeshStore};
use meshctl::core::store::{EventRecord, MeshStore, ObjectRef};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const VS: &str = "virtualservices.networking.istio.io";

pub(crate) fn server() -> KubeTest {
    KubeTest::start(Options {
        namespaces: vec!["shop".into()],
        ..Default::default()
    })
}

fn server_with(istio: IstioApis) -> KubeTest {
    KubeTest::start(Options {
        istio,
        ..Default::default()
    })
}

/// The test's real names for the namespaces `-n`/`--namespace` name.
fn real_args(server: &KubeTest, args: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for arg in args {
        let after_flag = matches!(out.last().map(String::as_str), Some("-n" | "--namespace"));
        out.push(if after_flag {
            server.ns(arg)
        } else {
            arg.to_string()
        });
    }
    out
}

/// Runs `meshctl --kubeconfig TEST ARGS`, with the server URL and the test's namespace
/// names filtered.
pub(crate) fn mc(server: &KubeTest, args: &[&str]) -> Run {
    mc_with(server, server.kubeconfig_path(), args)
}

fn mc_with(server: &KubeTest, kubeconfig: &Path, args: &[&str]) -> Run {
    let mut cmd = meshctl();
    cmd.arg("--kubeconfig")
        .arg(kubeconfig)
        .args(real_args(server, args));
    server.filter_run(run_cmd(&mut cmd, None))
}

/// A VirtualService in namespace `shop` of `server`.
fn vs_yaml(server: &KubeTest, name: &str, weight_v1: u32) -> String {
    vs_yaml_in(&server.ns("shop"), name, weight_v1)
}

fn vs_yaml_in(namespace: &str, name: &str, weight_v1: u32) -> String {
    format!(
        "apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: {name}
  namespace: {namespace}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {{host: reviews, subset: v1}}
      weight: {weight_v1}
    - destination: {{host: reviews, subset: v2}}
      weight: {}
",
        100 - weight_v1
    )
}

pub(crate) fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn weights(obj: &Value) -> Vec<u64> {
    obj["spec"]["http"][0]["route"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["weight"].as_u64().unwrap())
        .collect()
}

pub(crate) fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

// ---- apply ----

#[test]
fn apply_creates_then_reports_unchanged_then_configured() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "vs.yaml", &vs_yaml(&s, "reviews", 90));

    let run = mc(&s, &["apply", "-f", p(&file)]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(
        run.stdout,
        "virtualservice.networking.istio.io/reviews created\n"
    );
    let stored = s.get(VS, "shop", "reviews").unwrap();
    assert_eq!(weights(&stored), [90, 10]);
    assert_eq!(
        stored["metadata"]["labels"]["app.kubernetes.io/managed-by"],
        "meshctl"
    );
    let managers: Vec<&str> = stored["metadata"]["managedFields"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["manager"].as_str())
        .collect();
    assert_eq!(managers, ["meshctl"]);
    let patch = s
        .requests()
        .into_iter()
        .find(|r| r.method == "PATCH")
        .unwrap();
    assert_eq!(patch.field_manager.as_deref(), Some("meshctl"));
    assert_eq!(
        patch.content_type.as_deref(),
        Some("application/apply-patch+yaml")
    );

    let rv = s.resource_version(VS, "shop", "reviews");
    let run = mc(&s, &["apply", "-f", p(&file)]);
    assert_eq!(
        run.stdout,
        "virtualservice.networking.istio.io/reviews unchanged\n"
    );
    assert_eq!(
        s.resource_version(VS, "shop", "reviews"),
        rv,
        "a no-op apply must not write"
    );

    write(dir.path(), "vs.yaml", &vs_yaml(&s, "reviews", 80));
    let run = mc(&s, &["apply", "-f", p(&file)]);
    assert_eq!(
        run.stdout,
        "virtualservice.networking.istio.io/reviews configured\n"
    );
    assert_eq!(weights(&s.get(VS, "shop", "reviews").unwrap()), [80, 20]);
}

#[test]
fn apply_dry_runs_write_nothing_and_say_so() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "vs.yaml", &vs_yaml(&s, "reviews", 90));
    let run = mc(&s, &["apply", "-f", p(&file), "--dry-run=server"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "virtualservice.networking.istio.io/reviews created (server dry run)\n"
    );
    let run = mc(&s, &["apply", "-f", p(&file), "--dry-run=client"]);
    assert_eq!(
        run.stdout,
        "virtualservice.networking.istio.io/reviews created (dry run)\n"
    );
    assert!(s.get(VS, "shop", "reviews").is_none());
    assert!(
        s.requests()
            .iter()
            .any(|r| r.param("dryRun").as_deref() == Some("All"))
    );
}

#[test]
fn apply_reads_directories_and_stdin_and_prints_results_on_request() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.yaml", &vs_yaml(&s, "a", 50));
    write(dir.path(), "b.yml", &vs_yaml(&s, "b", 50));
    write(dir.path(), "notes.txt", "not yaml: [");
    let run = mc(&s, &["apply", "-f", p(dir.path())]);
    assert_eq!(
        run.stdout,
        "virtualservice.networking.istio.io/a created\nvirtualservice.networking.istio.io/b created\n"
    );
    let mut cmd = meshctl();
    cmd.arg("--kubeconfig")
        .arg(s.kubeconfig_path())
        .args(["apply", "-f", "-", "-o", "json"]);
    let run = run_cmd(&mut cmd, Some(&vs_yaml(&s, "c", 100)));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(out["metadata"]["name"], "c");
    assert!(out["metadata"]["resourceVersion"].is_string());
}

#[test]
fn apply_routes_non_istio_kinds_and_defaults_the_namespace() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: b}\n",
    );
    let run = mc(&s, &["apply", "-f", p(&file), "-n", "shop"]);
    assert_eq!(run.stdout, "configmap/settings created\n", "{}", run.stderr);
    assert!(s.get("configmaps", "shop", "settings").is_some());
}

#[test]
fn the_namespace_comes_from_the_flag_then_the_context() {
    let s = KubeTest::start(Options {
        namespace: "team".into(),
        namespaces: vec!["shop".into()],
        ..Default::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let bare = vs_yaml(&s, "reviews", 90).replace(&format!("  namespace: {}\n", s.ns("shop")), "");
    let file = write(dir.path(), "vs.yaml", &bare);
    assert_eq!(mc(&s, &["apply", "-f", p(&file)]).code, 0);
    assert!(
        s.get(VS, "team", "reviews").is_some(),
        "the context's namespace"
    );
    assert_eq!(mc(&s, &["apply", "-f", p(&file), "-n", "shop"]).code, 0);
    assert!(s.get(VS, "shop", "reviews").is_some(), "`-n` wins");

    let pinned = write(dir.path(), "pinned.yaml", &vs_yaml(&s, "pinned", 90));
    let run = mc(&s, &["apply", "-f", p(&pinned), "-n", "team"]).filter_path(dir.path());
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: [TMP]/pinned.yaml:1: VirtualService `pinned` is in namespace `shop`, but `-n team` was given\n\nhint: drop `-n`, or remove `metadata.namespace` from the file\n"
    );
}

#[test]
fn a_failure_mid_way_says_what_was_and_was_not_applied() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "all.yaml",
        &format!(
            "{}---\n{}---\n{}",
            vs_yaml(&s, "a", 50),
            vs_yaml(&s, "b", 50),
            vs_yaml(&s, "c", 50)
        ),
    );
    // The real authorizer refuses `b`: this user may patch only `a` and `c`.
    s.grant(
        VIEWER_USER,
        "shop",
        json!([
            {"apiGroups": ["networking.istio.io"], "resources": ["virtualservices"], "verbs": ["get", "list"]},
            {"apiGroups": ["networking.istio.io"], "resources": ["virtualservices"],
             "verbs": ["patch", "create"], "resourceNames": ["a", "c"]}
        ]),
    );
    // One at a time, so what follows the failure is certainly not sent.
    let run = mc_with(
        &s,
        s.viewer_kubeconfig_path(),
        &["apply", "-f", p(&file), "--concurrency=1"],
    )
    .filter_path(dir.path());
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.snapshot());
    assert!(s.get(VS, "shop", "a").is_some());
    assert!(s.get(VS, "shop", "c").is_none());
}

#[test]
fn a_schema_finding_aborts_before_anything_is_written() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "all.yaml",
        &format!(
            "{}---\n{}",
            vs_yaml(&s, "good", 50),
            vs_yaml(&s, "bad", 50).replace("weight: 50", "weight: heavy")
        ),
    );
    let run = mc(&s, &["apply", "-f", p(&file)]).filter_path(dir.path());
    assert_eq!(run.code, 79);
    insta::assert_snapshot!(run.snapshot());
    assert!(s.get(VS, "shop", "good").is_none());
    assert!(s.requests().is_empty(), "nothing may reach the server");
}

// ---- server-side apply conflicts ----

#[test]
fn a_field_owned_by_another_manager_is_a_conflict_until_forced() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "vs.yaml", &vs_yaml(&s, "reviews", 90));
    assert_eq!(mc(&s, &["apply", "-f", p(&file)]).code, 0);
    s.modify(VS, "shop", "reviews", "kubectl-edit", |o| {
        o["spec"]["http"][0]["route"][0]["weight"] = json!(50);
        o["spec"]["http"][0]["route"][1]["weight"] = json!(50);
    });
    write(dir.path(), "vs.yaml", &vs_yaml(&s, "reviews", 80));

    let run = mc(&s, &["apply", "-f", p(&file)]).filter_path(dir.path());
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.snapshot());
    assert_eq!(weights(&s.get(VS, "shop", "reviews").unwrap()), [50, 50]);

    let run = mc(&s, &["apply", "-f", p(&file), "--force-conflicts"]);
    assert_eq!(
        run.stdout, "virtualservice.networking.istio.io/reviews configured\n",
        "{}",
        run.stderr
    );
    assert_eq!(weights(&s.get(VS, "shop", "reviews").unwrap()), [80, 20]);
}

// ---- retries and error messages ----

#[test]
fn server_errors_are_retried_then_succeed() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "vs.yaml", &vs_yaml(&s, "reviews", 90));
    s.inject(Fault::new(503, 2).method("PATCH"));
    let run = mc(&s, &["apply", "-f", p(&file)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let patches = s.requests().iter().filter(|r| r.method == "PATCH").count();
    assert_eq!(patches, 3);
    s.inject(Fault::new(429, 1).method("GET").retry_after(1));
    assert_eq!(mc(&s, &["apply", "-f", p(&file)]).code, 0);
}

#[test]
fn dropped_connections_and_slow_answers_are_retried() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "vs.yaml", &vs_yaml(&s, "reviews", 90));
    s.inject(Fault::reset(2).method("PATCH"));
    let run = mc(&s, &["apply", "-f", p(&file)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "virtualservice.networking.istio.io/reviews created\n"
    );

    s.inject(Fault::slow(1, std::time::Duration::from_secs(2)).method("GET"));
    let run = mc(
        &s,
        &[
            "--request-timeout",
            "300ms",
            "delete",
            "vs",
            "reviews",
            "-n",
            "shop",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(s.get(VS, "shop", "reviews").is_none());
}

#[test]
fn server_errors_that_persist_end_in_a_clear_error() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "vs.yaml", &vs_yaml(&s, "reviews", 90));
    s.inject(Fault::new(503, 100).method("PATCH"));
    let run = mc(&s, &["apply", "-f", p(&file)]).filter_path(dir.path());
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.snapshot());
    assert_eq!(
        s.requests().iter().filter(|r| r.method == "PATCH").count(),
        5
    );
}

#[test]
fn not_found_and_forbidden_read_as_sentences() {
    let s = server();
    let run = mc(&s, &["delete", "vs", "nope", "-n", "shop"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("not_found", run.snapshot());

    // The real authorizer: this user may read VirtualServices, not delete them.
    s.grant(
        VIEWER_USER,
        "shop",
        json!([{"apiGroups": ["networking.istio.io"], "resources": ["virtualservices"], "verbs": ["get", "list"]}]),
    );
    let run = mc_with(
        &s,
        s.viewer_kubeconfig_path(),
        &["delete", "vs", "nope", "-n", "shop"],
    );
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains("Status {"), "{}", run.stderr);
    insta::assert_snapshot!("forbidden", run.snapshot());
}

#[test]
fn an_unreachable_server_names_the_address_and_what_to_check() {
    let dir = tempfile::tempdir().unwrap();
    // A port nothing listens on: bind, note the port, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let kubeconfig = write(
        dir.path(),
        "kubeconfig",
        &format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters:\n- name: c\n  cluster: {{server: 'http://127.0.0.1:{port}'}}\nusers:\n- name: c\n  user: {{}}\ncontexts:\n- name: c\n  context: {{cluster: c, user: c}}\n"
        ),
    );
    let run = run_cmd(
        meshctl()
            .arg("--kubeconfig")
            .arg(&kubeconfig)
            .args(["gateway", "list"]),
        None,
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(&format!(
            "error: cannot reach the API server `http://127.0.0.1:{port}`\n"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: check `--kubeconfig`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_server_that_does_not_answer_in_time_is_reported_with_the_timeout() {
    let s = server();
    s.set_delay(std::time::Duration::from_secs(3));
    let run = mc(&s, &["--request-timeout", "300ms", "gateway", "list"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn a_missing_context_is_named_with_the_known_ones() {
    let s = server();
    let run = mc(&s, &["--context", "prod", "gateway", "list"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.snapshot());
}

// ---- discovery ----

#[test]
fn the_newest_served_istio_version_is_used() {
    for version in ["v1", "v1beta1", "v1alpha3"] {
        let s = server_with(IstioApis::NetworkingOnly(version.into()));
        let dir = tempfile::tempdir().unwrap();
        let file = write(
            dir.path(),
            "vs.yaml",
            &vs_yaml_in(&s.ns("default"), "reviews", 90),
        );
        let run = mc(&s, &["apply", "-f", p(&file), "-o", "json"]);
        assert_eq!(run.code, 0, "{version}: {}", run.stderr);
        // The real server stores one object and answers in the version asked for.
        let answered: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(
            answered["apiVersion"],
            format!("networking.istio.io/{version}")
        );
        assert!(s.get(VS, "default", "reviews").is_some());
        let patch = s
            .requests()
            .into_iter()
            .find(|r| r.method == "PATCH")
            .unwrap();
        assert!(
            patch
                .path
                .starts_with(&format!("/apis/networking.istio.io/{version}/")),
            "{version}: {}",
            patch.path
        );
    }
}

#[test]
fn missing_istio_crds_fail_before_anything_is_written() {
    let s = server_with(IstioApis::None);
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "all.yaml",
        &format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: first}}\n---\n{}",
            vs_yaml_in(&s.ns("default"), "reviews", 90)
        ),
    );
    let run = mc(&s, &["apply", "-f", p(&file)]).filter_path(dir.path());
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.snapshot());
    assert!(s.get("configmaps", "default", "first").is_none());
    assert!(!s.requests().iter().any(|r| r.method == "PATCH"));
}

// ---- diff ----

#[test]
fn diff_exits_1_on_differences_0_when_equal_and_2_on_errors() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "vs.yaml", &vs_yaml(&s, "reviews", 90));

    let run = mc(&s, &["diff", "-f", p(&file)]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("+++ merged/virtualservice.networking.istio.io/shop/reviews\n"),
        "{}",
        run.stdout
    );
    assert!(
        s.get(VS, "shop", "reviews").is_none(),
        "diff must not write"
    );

    assert_eq!(mc(&s, &["apply", "-f", p(&file)]).code, 0);
    let run = mc(&s, &["diff", "-f", p(&file)]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);

    write(dir.path(), "vs.yaml", &vs_yaml(&s, "reviews", 70));
    let run = mc(&s, &["diff", "-f", p(&file)]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);

    let run = mc(&s, &["diff", "-f", "no-such-file.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

// ---- delete ----

#[test]
fn delete_removes_only_what_is_named() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.yaml", &vs_yaml(&s, "a", 50));
    let b = write(dir.path(), "b.yaml", &vs_yaml(&s, "b", 50));
    assert_eq!(mc(&s, &["apply", "-f", p(&a), "-f", p(&b)]).code, 0);
    s.seed(
        json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "a", "namespace": "default"}, "spec": {"hosts": ["a"]}}),
    );

    let run = mc(&s, &["delete", "-f", p(&a)]);
    assert_eq!(
        run.stdout, "virtualservice.networking.istio.io \"a\" deleted\n",
        "{}",
        run.stderr
    );
    assert!(s.get(VS, "shop", "a").is_none());
    assert!(
        s.get(VS, "default", "a").is_some(),
        "another namespace is out of scope"
    );
    assert!(s.get(VS, "shop", "b").is_some());

    let run = mc(
        &s,
        &[
            "delete",
            "virtualservices.networking.istio.io",
            "b",
            "-n",
            "default",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(s.get(VS, "shop", "b").is_some());
    let run = mc(
        &s,
        &["delete", "vs", "b", "-n", "default", "--ignore-not-found"],
    );
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));

    let run = mc(&s, &["delete", "virtualservice", "b", "-n", "shop"]);
    assert_eq!(
        run.stdout,
        "virtualservice.networking.istio.io \"b\" deleted\n"
    );
}

// ---- gateway ----

#[test]
fn gateway_create_list_and_delete() {
    let s = server();
    let run = mc(
        &s,
        &[
            "gateway",
            "create",
            "shop",
            "-n",
            "shop",
            "--host",
            "shop.example.com",
            "--tls-secret",
            "shop-cert",
            "--https-redirect",
            "--route",
            "/api=api:8080",
            "--route",
            "web",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "gateway.networking.istio.io/shop created\nvirtualservice.networking.istio.io/shop created\n"
    );
    let gw = s
        .get("gateways.networking.istio.io", "shop", "shop")
        .unwrap();
    assert_eq!(
        gw["spec"]["servers"][0]["tls"]["credentialName"],
        "shop-cert"
    );
    let vs = s.get(VS, "shop", "shop").unwrap();
    assert_eq!(vs["spec"]["gateways"], json!(["shop"]));
    assert_eq!(
        vs["metadata"]["labels"]["app.kubernetes.io/managed-by"],
        "meshctl"
    );

    // A VirtualService someone else bound to the same gateway.
    s.seed(json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "blog", "namespace": "shop"},
        "spec": {"hosts": ["shop.example.com"], "gateways": ["shop"], "http": [{"route": [{"destination": {"host": "blog"}}]}]}}));

    let run = mc(&s, &["gateway", "list", "-n", "shop"]).mask_age();
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
    let run = mc(&s, &["gateway", "list", "-A", "-o", "json"]);
    let rows: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(rows[0]["routedBy"], json!(["blog", "shop"]));

    let run = mc(&s, &["gateway", "delete", "shop", "-n", "shop"]);
    assert_eq!(
        run.stdout,
        "virtualservice.networking.istio.io \"shop\" deleted\ngateway.networking.istio.io \"shop\" deleted\n",
        "{}",
        run.stderr
    );
    assert!(
        s.get("gateways.networking.istio.io", "shop", "shop")
            .is_none()
    );
    assert!(s.get(VS, "shop", "shop").is_none());
    assert!(
        s.get(VS, "shop", "blog").is_some(),
        "a VirtualService meshctl did not create stays"
    );
    assert_eq!(mc(&s, &["gateway", "delete", "shop", "-n", "shop"]).code, 1);
}

#[test]
fn commands_that_need_no_cluster_never_read_a_kubeconfig() {
    let dir = tempfile::tempdir().unwrap();
    let broken = write(dir.path(), "kubeconfig", "this: [is not a kubeconfig");
    let run = run_cmd(
        meshctl().env("KUBECONFIG", &broken).args([
            "gateway",
            "create",
            "shop",
            "--host",
            "a.example",
            "--route",
            "web",
            "--dry-run",
        ]),
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("kind: Gateway"));
}

// ---- ASM split ----

#[test]
fn istio_objects_go_to_the_mesh_and_the_rest_to_the_workload_cluster() {
    // Two clusters over one real server: each has its own proxy (the workload one
    // without Istio's APIs), so where each object went shows in what each proxy saw.
    let mesh = KubeTest::start(Options {
        context: "asm".into(),
        ..Default::default()
    });
    let workload = mesh.another_cluster(Options {
        context: "ack".into(),
        istio: IstioApis::None,
        ..Default::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let both = write(
        dir.path(),
        "kubeconfig",
        &crate::support::kube::kubeconfig_yaml(&[&mesh, &workload], "ack"),
    );
    let file = write(
        dir.path(),
        "app.yaml",
        &format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: app}}\n---\n{}",
            vs_yaml_in(&mesh.ns("default"), "reviews", 90)
        ),
    );
    let writes = |t: &KubeTest, resource: &str| {
        t.requests()
            .iter()
            .filter(|r| r.method == "PATCH" && r.path.contains(resource))
            .count()
    };

    // One kubeconfig, two contexts.
    let run = run_cmd(
        meshctl().arg("--kubeconfig").arg(&both).args([
            "--mesh-context",
            "asm",
            "apply",
            "-f",
            p(&file),
        ]),
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(mesh.get(VS, "default", "reviews").is_some());
    assert!(workload.get("configmaps", "default", "app").is_some());
    assert_eq!(writes(&mesh, "/virtualservices/reviews"), 1);
    assert_eq!(writes(&workload, "/configmaps/app"), 1);
    assert_eq!(writes(&mesh, "/configmaps/"), 0);
    assert_eq!(writes(&workload, "/virtualservices/"), 0);

    // Two kubeconfigs, the mesh one from the environment.
    let run = run_cmd(
        meshctl()
            .env("MESHCTL_MESH_KUBECONFIG", mesh.kubeconfig_path())
            .arg("--kubeconfig")
            .arg(workload.kubeconfig_path())
            .args(["delete", "vs", "reviews"]),
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(mesh.get(VS, "default", "reviews").is_none());
    assert!(
        mesh.requests()
            .iter()
            .any(|r| r.method == "DELETE" && r.path.ends_with("/virtualservices/reviews"))
    );
}

// ---- adapter level ----

async fn store_for(s: &KubeTest) -> KubeMeshStore {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cluster = Cluster::connect(&ConnectOptions {
        kubeconfig: Some(s.kubeconfig_path().to_path_buf()),
        ..Default::default()
    })
    .await
    .unwrap();
    KubeMeshStore::new(Arc::new(cluster))
}

#[tokio::test]
async fn a_weight_change_keeps_fields_another_writer_added_meanwhile() {
    let s = server();
    let doc = meshctl::core::yaml::parse_documents(&vs_yaml(&s, "reviews", 90))
        .unwrap()
        .remove(0);
    s.seed(doc.value);
    s.modify(VS, "shop", "reviews", "someone", |o| {
        o["spec"]["http"][0]["timeout"] = json!("5s");
        o["spec"]["exportTo"] = json!(["."]);
    });
    s.concurrent_annotation_after_get(VS, "shop", "reviews");
    let store = store_for(&s).await;
    let target = ObjectRef::istio("VirtualService", &s.ns("shop"), "reviews");
    let mut calls = 0;
    let mut change = |obj: &mut Value| -> meshctl::Result<()> {
        calls += 1;
        obj["spec"]["http"][0]["route"][0]["weight"] = json!(60);
        obj["spec"]["http"][0]["route"][1]["weight"] = json!(40);
        Ok(())
    };
    let written = store.update(&target, &mut change).await.unwrap();
    assert_eq!(calls, 2, "the change runs again on the re-read object");
    let stored = s.get(VS, "shop", "reviews").unwrap();
    assert_eq!(
        written["metadata"]["resourceVersion"],
        stored["metadata"]["resourceVersion"]
    );
    assert_eq!(weights(&stored), [60, 40]);
    assert_eq!(
        stored["metadata"]["annotations"]["example.com/concurrent-writer"],
        "true"
    );
    assert_eq!(stored["spec"]["http"][0]["timeout"], "5s");
    assert_eq!(stored["spec"]["exportTo"], json!(["."]));
    let puts: Vec<_> = s
        .requests()
        .into_iter()
        .filter(|r| r.method == "PUT")
        .collect();
    assert_eq!(puts.len(), 2, "one PUT refused with 409, one accepted");
}

#[tokio::test]
async fn a_change_that_refuses_the_fresh_object_writes_nothing() {
    let s = server();
    let doc = meshctl::core::yaml::parse_documents(&vs_yaml(&s, "reviews", 90))
        .unwrap()
        .remove(0);
    s.seed(doc.value);
    s.concurrent_annotation_after_get(VS, "shop", "reviews");
    let store = store_for(&s).await;
    let target = ObjectRef::istio("VirtualService", &s.ns("shop"), "reviews");
    let mut seen: Option<String> = None;
    // Like a rollout driver: act only on the version the decision was based on.
    let mut change = |obj: &mut Value| -> meshctl::Result<()> {
        let rv = obj["metadata"]["resourceVersion"]
            .as_str()
            .unwrap()
            .to_string();
        match &seen {
            None => seen = Some(rv),
            Some(first) if *first != rv => {
                return Err(meshctl::Error::new(
                    meshctl::ErrorKind::Conflict,
                    "the record moved on",
                ));
            }
            Some(_) => {}
        }
        obj["spec"]["http"][0]["route"][0]["weight"] = json!(0);
        obj["spec"]["http"][0]["route"][1]["weight"] = json!(100);
        Ok(())
    };
    let err = store.update(&target, &mut change).await.unwrap_err();
    assert_eq!(err.message(), "the record moved on");
    assert_eq!(weights(&s.get(VS, "shop", "reviews").unwrap()), [90, 10]);
}

#[tokio::test]
async fn an_update_that_changes_nothing_writes_nothing() {
    let s = server();
    let doc = meshctl::core::yaml::parse_documents(&vs_yaml(&s, "reviews", 90))
        .unwrap()
        .remove(0);
    s.seed(doc.value);
    let store = store_for(&s).await;
    let rv = s.resource_version(VS, "shop", "reviews");
    let target = ObjectRef::istio("VirtualService", &s.ns("shop"), "reviews");
    let mut same = |_: &mut Value| -> meshctl::Result<()> { Ok(()) };
    store.update(&target, &mut same).await.unwrap();
    assert_eq!(s.resource_version(VS, "shop", "reviews"), rv);
    let missing = ObjectRef::istio("VirtualService", &s.ns("shop"), "nope");
    let mut noop = |_: &mut Value| -> meshctl::Result<()> { Ok(()) };
    let err = store.update(&missing, &mut noop).await.unwrap_err();
    assert_eq!(
        s.filter(err.message()),
        "VirtualService `shop/nope` not found"
    );
}

#[tokio::test]
async fn the_server_s_field_errors_are_listed_with_paths() {
    let s = server();
    let store = store_for(&s).await;
    let invalid = json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "bad", "namespace": "shop"},
        "spec": {"hosts": ["reviews"], "http": [{"route": [{"destination": {"host": "reviews"}, "weight": "heavy"}]}]}});
    let err = store.apply(&invalid, Default::default()).await.unwrap_err();
    insta::assert_snapshot!(meshctl::output::render_error(&err).replace(&s.url(), "[SERVER]"));
}

#[tokio::test]
async fn events_are_recorded_against_the_object() {
    let s = server();
    let store = store_for(&s).await;
    store
        .record_event(&EventRecord {
            object: ObjectRef::istio("VirtualService", &s.ns("shop"), "reviews"),
            reason: "WeightsSet".into(),
            message: "v1=90 v2=10".into(),
            warning: false,
        })
        .await
        .unwrap();
    let events = s.list("events", Some("shop"));
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["involvedObject"]["kind"], "VirtualService");
    assert_eq!(
        events[0]["involvedObject"]["apiVersion"],
        "networking.istio.io/v1"
    );
    assert_eq!(events[0]["reason"], "WeightsSet");
    assert_eq!(events[0]["type"], "Normal");
}

#[tokio::test]
async fn lists_page_through_large_collections() {
    let s = server();
    s.seed_all(
        (0..1203)
            .map(|i| json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
                "metadata": {"name": format!("vs-{i:04}"), "namespace": "shop"}, "spec": {"hosts": ["h"]}}))
            .collect(),
    );
    let store = store_for(&s).await;
    let query = meshctl::core::store::ListQuery {
        namespace: Some(s.ns("shop")),
        label_selector: None,
    };
    let items = store
        .list("networking.istio.io", "VirtualService", &query)
        .await
        .unwrap();
    assert_eq!(items.len(), 1203);
    assert_eq!(items[0]["kind"], "VirtualService");
    let lists = s
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET" && r.path.ends_with("/virtualservices"))
        .count();
    assert_eq!(lists, 3);
}
