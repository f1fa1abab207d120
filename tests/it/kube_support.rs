//! The test support for the real Kubernetes platform checked on its own: each test's
//! namespaces and view of the shared cluster, the fault proxy's faults, the kubelet
//! stand-in, and test hosts reached through the real API server's pod proxy.

use crate::support::kube::client::https_client;
use crate::support::kube::{
    Fault, IstioApis, KubeTest, Options, TestHost, VIEWER_USER, block, platform,
};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// One request to the test's proxy with the admin token: the status and body, or the
/// transport error.
fn send(
    t: &KubeTest,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> Result<(u16, Value), String> {
    let client = https_client(&platform().ca_pem());
    let url = format!("{}{path}", t.url());
    block(async move {
        let mut req = client
            .request(method.parse().unwrap(), url)
            .bearer_auth(&platform().token)
            .timeout(Duration::from_secs(10));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.map_err(|e| e.to_string())?;
        let code = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_string());
        let text = resp.text().await.map_err(|e| e.to_string())?;
        let mut value: Value =
            serde_json::from_str(&text).unwrap_or_else(|_| json!({"text": text}));
        if let Some(r) = retry_after {
            value["retry-after-header"] = json!(r);
        }
        Ok((code, value))
    })
}

fn configmap(name: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": {"a": "b"}})
}

#[test]
fn each_test_has_its_own_namespaces_and_sees_only_them() {
    let a = KubeTest::start(Options {
        namespaces: vec!["shop".into()],
        ..Default::default()
    });
    let b = KubeTest::start(Options {
        namespaces: vec!["shop".into()],
        ..Default::default()
    });
    assert_ne!(a.ns("shop"), b.ns("shop"));
    assert!(a.ns("shop").starts_with("shop-"));
    a.seed(json!({"apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "mine", "namespace": "shop"}}));
    b.seed(json!({"apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "theirs", "namespace": "shop"}}));
    assert!(a.get("configmaps", "shop", "mine").is_some());
    assert!(a.get("configmaps", "shop", "theirs").is_none());

    // A list across all namespaces through the proxy shows only the test's own.
    let (code, list) = send(&a, "GET", "/api/v1/configmaps", None).unwrap();
    assert_eq!(code, 200);
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["metadata"]["name"] != "kube-root-ca.crt")
        .map(|i| i["metadata"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["mine"]);
    let (_, namespaces) = send(&a, "GET", "/api/v1/namespaces", None).unwrap();
    let mut seen: Vec<String> = namespaces["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| a.filter(n["metadata"]["name"].as_str().unwrap()))
        .collect();
    seen.sort();
    assert_eq!(seen, ["default", "shop"]);

    // Names map back in output, and tables keep their columns.
    let text = format!(
        "NAMESPACE{}   NAME\n{}   x\n",
        " ".repeat(a.ns("shop").len() - 9),
        a.ns("shop")
    );
    assert_eq!(a.filter(&text), "NAMESPACE   NAME\nshop        x\n");

    // Deleted (asked for) when the handle drops.
    let gone = a.ns("shop");
    drop(a);
    let ns = b.get("namespaces", "", &gone).unwrap();
    assert!(ns["metadata"]["deletionTimestamp"].is_string(), "{ns}");
}

#[test]
fn injected_statuses_slow_answers_and_retry_after() {
    let t = KubeTest::new();
    let path = format!("/api/v1/namespaces/{}/configmaps", t.namespace());
    t.inject(Fault::new(429, 1).method("GET").retry_after(2));
    let (code, body) = send(&t, "GET", &path, None).unwrap();
    assert_eq!(code, 429);
    assert_eq!(body["reason"], "TooManyRequests");
    assert_eq!(body["details"]["retryAfterSeconds"], 2);
    assert_eq!(body["retry-after-header"], "2");
    t.inject(Fault::new(403, 1).path_contains("/configmaps/x"));
    let (code, body) = send(&t, "GET", &format!("{path}/x"), None).unwrap();
    assert_eq!(code, 403);
    assert_eq!(
        body["message"],
        format!(
            "configmaps \"x\" is forbidden: User \"meshctl-admin\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"{}\"",
            t.namespace()
        )
    );
    // Faults for another user do not touch the admin's requests.
    t.inject(Fault::new(503, 1).user(VIEWER_USER));
    assert_eq!(send(&t, "GET", &path, None).unwrap().0, 200);

    t.inject(Fault::slow(1, Duration::from_millis(700)));
    let started = Instant::now();
    assert_eq!(send(&t, "GET", &path, None).unwrap().0, 200);
    assert!(started.elapsed() >= Duration::from_millis(700));
    let statuses: Vec<u16> = t.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 403, 200, 200]);
}

#[test]
fn resets_lost_replies_and_outages() {
    let t = KubeTest::new();
    let path = format!("/api/v1/namespaces/{}/configmaps", t.namespace());
    t.inject(Fault::reset(1).method("POST"));
    assert!(send(&t, "POST", &path, Some(configmap("a"))).is_err());
    assert!(
        t.get("configmaps", "default", "a").is_none(),
        "a reset request is not forwarded"
    );

    t.inject(Fault::lost_reply(1).method("POST"));
    assert!(send(&t, "POST", &path, Some(configmap("b"))).is_err());
    assert!(
        t.get("configmaps", "default", "b").is_some(),
        "the write happened"
    );
    let (code, body) = send(&t, "POST", &path, Some(configmap("b"))).unwrap();
    assert_eq!(
        (code, body["reason"].as_str()),
        (409, Some("AlreadyExists"))
    );

    t.unreachable_for(Duration::from_secs(2));
    let err = send(&t, "GET", &path, None).unwrap_err();
    assert!(err.contains("error sending request"), "{err}");
    std::thread::sleep(Duration::from_millis(2300));
    assert_eq!(send(&t, "GET", &path, None).unwrap().0, 200);
}

#[test]
fn a_concurrent_write_after_a_read_makes_the_update_meet_a_real_conflict() {
    let t = KubeTest::new();
    t.seed(configmap("c"));
    t.concurrent_annotation_after_get("configmaps", "default", "c");
    let path = format!("/api/v1/namespaces/{}/configmaps/c", t.namespace());
    let (_, mut read) = send(&t, "GET", &path, None).unwrap();
    read["data"]["a"] = json!("changed");
    let (code, body) = send(&t, "PUT", &path, Some(read)).unwrap();
    assert_eq!(code, 409, "{body}");
    assert_eq!(
        body["message"],
        "Operation cannot be fulfilled on configmaps \"c\": the object has been modified; please apply your changes to the latest version and try again"
    );
    let live = t.get("configmaps", "default", "c").unwrap();
    assert_eq!(
        live["metadata"]["annotations"]["example.com/concurrent-writer"],
        "true"
    );
    assert_eq!(live["data"]["a"], "b");
}

#[test]
fn hidden_apis_are_missing_from_discovery_and_their_paths() {
    let none = KubeTest::start(Options {
        istio: IstioApis::None,
        ..Default::default()
    });
    let (_, apis) = send(&none, "GET", "/apis", None).unwrap();
    let groups: Vec<&str> = apis["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert!(groups.contains(&"apps"));
    assert!(
        !groups.iter().any(|g| g.ends_with("istio.io")),
        "{groups:?}"
    );
    assert!(!groups.contains(&"istio.alibabacloud.com"));
    let (code, _) = send(&none, "GET", "/apis/networking.istio.io/v1", None).unwrap();
    assert_eq!(code, 404);

    let beta = KubeTest::start(Options {
        istio: IstioApis::NetworkingOnly("v1beta1".into()),
        ..Default::default()
    });
    let (_, apis) = send(&beta, "GET", "/apis", None).unwrap();
    let networking = apis["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "networking.istio.io")
        .unwrap();
    assert_eq!(networking["versions"].as_array().unwrap().len(), 1);
    assert_eq!(networking["preferredVersion"]["version"], "v1beta1");
    assert_eq!(
        send(&beta, "GET", "/apis/networking.istio.io/v1", None)
            .unwrap()
            .0,
        404
    );
    assert_eq!(
        send(&beta, "GET", "/apis/networking.istio.io/v1beta1", None)
            .unwrap()
            .0,
        200
    );
}

#[test]
fn the_kubelet_stand_in_makes_pods_and_deployments_ready() {
    let t = KubeTest::start(Options {
        namespaces: vec!["shop".into()],
        ..Default::default()
    });
    let pod = t.seed_pod(
        "shop",
        "reviews-v1-a",
        &[("app", "reviews")],
        "Running",
        true,
    );
    assert_eq!(pod["status"]["phase"], "Running");
    assert!(
        pod["status"]["podIP"]
            .as_str()
            .unwrap()
            .starts_with("10.214.")
    );
    let deploy = t.seed_deployment("shop", "ratings", &[("app", "ratings")], 2, 1);
    assert_eq!(deploy["status"]["replicas"], 2);
    assert_eq!(deploy["status"]["readyReplicas"], 1);
}

#[test]
fn the_viewer_is_refused_by_real_rbac_until_granted() {
    let t = KubeTest::new();
    t.seed(configmap("c"));
    let run = |args: &[&str]| {
        crate::support::cli::run_cmd(
            crate::support::cli::meshctl()
                .arg("--kubeconfig")
                .arg(t.viewer_kubeconfig_path())
                .args(args),
            None,
        )
    };
    let refused = t.filter_run(run(&["delete", "configmap", "c"]));
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("User \"meshctl-viewer\" cannot"),
        "{}",
        refused.stderr
    );
    t.grant(
        VIEWER_USER,
        "default",
        json!([{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get", "delete"]}]),
    );
    let run = run(&["delete", "configmap", "c"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn the_api_server_reaches_a_test_host_through_the_pod_proxy() {
    let t = KubeTest::new();
    // A process inside the test host, started with `ip netns exec`.
    let mut host = TestHost::new();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hello.txt"), "hello from the test host\n").unwrap();
    let mut cmd = host.command("python3");
    cmd.args([
        "-m",
        "http.server",
        "8000",
        "--bind",
        &host.ip().to_string(),
    ])
    .current_dir(dir.path())
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null());
    host.spawn(&mut cmd);
    t.seed_pod_at(
        "default",
        "web",
        &[("app", "web")],
        "Running",
        true,
        host.ip(),
    );
    let path = format!(
        "/api/v1/namespaces/{}/pods/web:8000/proxy/hello.txt",
        t.namespace()
    );
    let body = crate::support::kube::wait_until("the test host's server", || {
        block(crate::support::kube::client::admin().send("GET", &path, None, None))
            .ok()
            .and_then(|v| v["message"].as_str().map(str::to_string))
    });
    assert_eq!(body, "hello from the test host\n");

    // A server on 127.0.0.1, reached through a forwarder in the pod's own test host.
    let stub = crate::support::backend::StubServer::start(|_| {
        (Duration::ZERO, 200, "# stats\n".to_string())
    });
    t.seed_pod("default", "envoy", &[("app", "envoy")], "Running", true);
    t.set_pod_proxy("default", "envoy", Some(15020), &stub.url());
    let path = format!(
        "/api/v1/namespaces/{}/pods/envoy:15020/proxy/stats/prometheus",
        t.namespace()
    );
    let (code, body) = send(&t, "GET", &path, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((code, body), (200, json!({"text": "# stats\n"})));
    drop(host);
}
