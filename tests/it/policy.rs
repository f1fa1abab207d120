//! `meshctl policy set|show` and `meshctl fault inject|clear` against the real
//! kube-apiserver: only the named fields change, fields a concurrent writer adds survive the
//! precondition-guarded update, invalid values are refused before anything is
//! written, and `--dry-run` shows a diff and writes nothing.

use crate::support::cli::{Run, meshctl, run_cmd};
use crate::support::kube::{KubeTest, Options};
use serde_json::{Value, json};

const VS: &str = "virtualservices.networking.istio.io";
const DR: &str = "destinationrules.networking.istio.io";

fn server() -> KubeTest {
    let server = KubeTest::start(Options {
        namespaces: vec!["shop".into()],
        ..Default::default()
    });
    server.seed(vs());
    server.seed(dr());
    server
}

fn vs() -> Value {
    json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "VirtualService",
        "metadata": {"name": "reviews", "namespace": "shop"},
        "spec": {
            "hosts": ["reviews"],
            "http": [
                {"name": "canary", "match": [{"headers": {"x-canary": {"exact": "1"}}}],
                 "route": [{"destination": {"host": "reviews", "subset": "v2"}}],
                 "retries": {"attempts": 1, "retryRemoteLocalities": true}},
                {"route": [{"destination": {"host": "reviews", "subset": "v1"}, "weight": 100}],
                 "corsPolicy": {"allowOrigins": [{"exact": "https://shop.example"}]}}
            ]
        }
    })
}

fn dr() -> Value {
    json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "DestinationRule",
        // Named differently from the service: found by its host.
        "metadata": {"name": "reviews-dr", "namespace": "shop"},
        "spec": {
            "host": "reviews.shop.svc.cluster.local",
            "trafficPolicy": {"connectionPool": {"tcp": {"connectTimeout": "1s"}}},
            "subsets": [{"name": "v1", "labels": {"version": "v1"}},
                        {"name": "v2", "labels": {"version": "v2"}}]
        }
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

/// The object's spec, with the test's namespace names as the test wrote them.
fn spec(server: &KubeTest, resource: &str, name: &str) -> Value {
    let live = server.get(resource, "shop", name).expect("object exists")["spec"].to_string();
    serde_json::from_str(&server.filter(&live)).unwrap()
}

fn writes(server: &KubeTest) -> usize {
    server
        .requests()
        .iter()
        .filter(|r| !matches!(r.method.as_str(), "GET"))
        .count()
}

#[test]
fn policy_set_changes_only_the_named_fields_and_keeps_a_concurrent_writers() {
    let server = server();
    // One write after the lookup and one after the update's read: the update's first
    // write meets a stale resourceVersion and must re-read and re-apply.
    server.concurrent_write_after_get(VS, "shop", "reviews", |o| {
        o["metadata"]["labels"]["team"] = json!("payments");
    });
    server.concurrent_write_after_get(VS, "shop", "reviews", |o| {
        o["spec"]["http"][1]["headers"] = json!({"request": {"set": {"x-writer": "other"}}});
    });
    let run = mc(
        &server,
        &[
            "policy",
            "set",
            "reviews",
            "--timeout",
            "2s",
            "--retries",
            "3",
            "--retry-on",
            "5xx,reset",
            "--per-try-timeout",
            "500ms",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "virtualservice.networking.istio.io/reviews configured\n"
    );

    // The first write met the second writer's version (409) and was redone.
    let puts = server
        .requests()
        .iter()
        .filter(|r| r.method == "PUT")
        .count();
    assert_eq!(puts, 2);
    let live = server.get(VS, "shop", "reviews").unwrap();
    assert_eq!(live["metadata"]["labels"]["team"], "payments");
    let mut expected = vs()["spec"].clone();
    expected["http"][0]["timeout"] = json!("2s");
    expected["http"][0]["retries"] = json!({"attempts": 3, "retryRemoteLocalities": true, "retryOn": "5xx,reset", "perTryTimeout": "0.5s"});
    expected["http"][1]["timeout"] = json!("2s");
    expected["http"][1]["retries"] =
        json!({"attempts": 3, "retryOn": "5xx,reset", "perTryTimeout": "0.5s"});
    expected["http"][1]["headers"] = json!({"request": {"set": {"x-writer": "other"}}});
    assert_eq!(live["spec"], expected);
    // The DestinationRule was not asked about and not touched.
    assert_eq!(spec(&server, DR, "reviews-dr"), dr()["spec"]);
}

#[test]
fn policy_set_on_the_destination_rule_found_by_host() {
    let server = server();
    let run = mc(
        &server,
        &[
            "policy",
            "set",
            "reviews",
            "--lb",
            "least-request",
            "--max-connections",
            "100",
            "--max-pending",
            "10",
            "--outlier-consecutive-5xx",
            "5",
            "--outlier-interval",
            "10s",
            "--outlier-ejection-time",
            "30s",
            "--outlier-max-ejection",
            "50%",
            "--tls-mode",
            "istio-mutual",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "destinationrule.networking.istio.io/reviews-dr configured\n"
    );
    let mut expected = dr()["spec"].clone();
    expected["trafficPolicy"] = json!({
        "connectionPool": {"tcp": {"connectTimeout": "1s", "maxConnections": 100},
                           "http": {"http1MaxPendingRequests": 10}},
        "loadBalancer": {"simple": "LEAST_REQUEST"},
        "outlierDetection": {"consecutive5xxErrors": 5, "interval": "10s",
                             "baseEjectionTime": "30s", "maxEjectionPercent": 50},
        "tls": {"mode": "ISTIO_MUTUAL"}
    });
    assert_eq!(spec(&server, DR, "reviews-dr"), expected);
    assert_eq!(spec(&server, VS, "reviews"), vs()["spec"]);

    // The same again changes nothing.
    let again = mc(
        &server,
        &["policy", "set", "reviews", "--lb", "least-request"],
    );
    assert_eq!(
        (again.code, again.stdout.as_str()),
        (
            0,
            "destinationrule.networking.istio.io/reviews-dr unchanged\n"
        )
    );
}

#[test]
fn invalid_values_are_refused_before_anything_is_written() {
    let server = server();
    server.clear_requests();
    // Schema: a per-try timeout must be at least 1ms.
    let run = mc(
        &server,
        &[
            "policy",
            "set",
            "reviews",
            "--timeout",
            "2s",
            "--per-try-timeout",
            "0s",
        ],
    );
    assert_eq!(run.code, 79, "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(run.stderr.contains("perTryTimeout"), "{}", run.stderr);
    assert_eq!(writes(&server), 0);
    assert_eq!(spec(&server, VS, "reviews"), vs()["spec"]);

    // Flags: out-of-range values never reach the cluster.
    for args in [
        &["policy", "set", "reviews", "--outlier-max-ejection", "150%"][..],
        &["fault", "inject", "reviews", "--abort", "503:ten"][..],
        &["fault", "inject", "reviews", "--abort", "42"][..],
        &["policy", "set", "reviews", "--lb", "fastest"][..],
        &["policy", "set", "reviews", "--retry-on", "5xx,sometimes"][..],
    ] {
        let run = mc(&server, args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    }
    let run = mc(&server, &["policy", "set", "reviews"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("at least one setting"),
        "{}",
        run.stderr
    );
    assert_eq!(writes(&server), 0);
}

#[test]
fn a_missing_destination_rule_changes_nothing_at_all() {
    let server = server();
    server.clear_requests();
    let run = mc(
        &server,
        &[
            "policy",
            "set",
            "ratings",
            "--timeout",
            "1s",
            "--lb",
            "random",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("no VirtualService for `ratings` in namespace `shop`"),
        "{}",
        run.stderr
    );
    assert_eq!(writes(&server), 0);
}

#[test]
fn dry_run_shows_the_diff_and_writes_nothing() {
    let server = server();
    server.clear_requests();
    let run = mc(
        &server,
        &["policy", "set", "reviews", "--timeout", "2s", "--dry-run"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
    assert_eq!(writes(&server), 0);
}

#[test]
fn faults_are_injected_and_cleared() {
    let server = server();
    let run = mc(
        &server,
        &[
            "fault", "inject", "reviews", "--abort", "503:10%", "--delay", "2s:5%",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let live = spec(&server, VS, "reviews");
    // meshctl writes the percentages as 10.0 and 5.0; the server keeps numbers as
    // float64 and writes whole ones back without a fraction.
    let fault = json!({
        "abort": {"httpStatus": 503, "percentage": {"value": 10}},
        "delay": {"fixedDelay": "2s", "percentage": {"value": 5}}
    });
    assert_eq!(live["http"][0]["fault"], fault);
    assert_eq!(live["http"][1]["fault"], fault);

    let shown = mc(&server, &["policy", "show", "reviews", "-o", "json"]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    let shown: Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(shown["virtualService"]["http"][1]["fault"], fault);
    assert_eq!(shown["destinationRule"]["name"], "reviews-dr");

    let run = mc(&server, &["fault", "clear", "reviews"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(spec(&server, VS, "reviews"), vs()["spec"]);
}

#[test]
fn policy_show_as_yaml() {
    let server = server();
    let run = mc(&server, &["policy", "show", "reviews"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn a_simple_balancer_does_not_silently_drop_session_affinity() {
    let server = server();
    let mut sticky = dr();
    sticky["spec"]["trafficPolicy"]["loadBalancer"] =
        json!({"consistentHash": {"httpCookie": {"name": "session", "ttl": "3600s"}}});
    server.seed(sticky.clone());
    server.clear_requests();
    for extra in [&[][..], &["--dry-run"][..]] {
        let mut args = vec!["policy", "set", "reviews", "--lb", "least-request"];
        args.extend_from_slice(extra);
        let run = mc(&server, &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("consistentHash") && run.stderr.contains("--force"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(writes(&server), 0);
    let run = mc(
        &server,
        &[
            "policy",
            "set",
            "reviews",
            "--lb",
            "least-request",
            "--force",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        spec(&server, DR, "reviews-dr")["trafficPolicy"]["loadBalancer"],
        json!({"simple": "LEAST_REQUEST"})
    );
}

#[test]
fn fault_clear_takes_back_only_what_meshctl_injected() {
    let server = server();
    // The spec's own 1% delay on the main route, as `render service` writes one.
    let mut own = vs();
    let delay = json!({"delay": {"fixedDelay": "0.100s", "percentage": {"value": 1}}});
    own["spec"]["http"][1]["fault"] = delay.clone();
    server.seed(own.clone());
    let before = spec(&server, VS, "reviews");

    let run = mc(
        &server,
        &[
            "fault", "inject", "reviews", "--delay", "2s:50%", "--abort", "503:10%",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shown = mc(&server, &["fault", "show", "reviews", "-o", "json"]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    let shown: Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(shown["http"][1]["faults"]["delay"]["by"], "meshctl");
    assert_eq!(shown["http"][1]["faults"]["abort"]["by"], "meshctl");

    let run = mc(&server, &["fault", "clear", "reviews"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = spec(&server, VS, "reviews");
    assert_eq!(
        after, before,
        "the spec's own delay is back, nothing else is left"
    );
    assert_eq!(after["http"][1]["fault"]["delay"]["fixedDelay"], "0.100s");
    let shown = mc(&server, &["fault", "show", "reviews", "-o", "json"]);
    let shown: Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(shown["http"][1]["faults"]["delay"]["by"], "spec");
    let live = server.get(VS, "shop", "reviews").unwrap();
    assert!(
        live["metadata"]["annotations"]
            .get("meshctl.io/fault")
            .is_none(),
        "{live}"
    );
}

#[test]
fn an_abort_of_every_request_needs_yes() {
    let server = server();
    server.clear_requests();
    // No terminal here: without `--yes` nothing is asked and nothing is written.
    let run = mc(&server, &["fault", "inject", "reviews", "--abort", "503"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert_eq!(writes(&server), 0);
    let run = mc(
        &server,
        &["fault", "inject", "reviews", "--abort", "503", "--yes"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        spec(&server, VS, "reviews")["http"][1]["fault"]["abort"],
        json!({"httpStatus": 503, "percentage": {"value": 100}})
    );
}

const HTTP_ROUTE: &str = "httproutes.gateway.networking.k8s.io";

/// An HTTPRoute `reviews` whose every field another tool (field manager `other-tool`)
/// wrote: a named rule with a filter and a backend timeout, and a default rule.
fn http_route() -> Value {
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "HTTPRoute",
        "metadata": {"name": "reviews", "namespace": "shop", "labels": {"team": "payments"}},
        "spec": {
            "parentRefs": [{"group": "", "kind": "Service", "name": "reviews", "port": 9080}],
            "rules": [
                {"name": "testers",
                 "matches": [{"headers": [{"type": "Exact", "name": "x-tester", "value": "yes"}],
                              "path": {"type": "PathPrefix", "value": "/"}}],
                 "filters": [{"type": "RequestHeaderModifier",
                              "requestHeaderModifier": {"set": [{"name": "x-writer", "value": "other"}]}}],
                 "timeouts": {"backendRequest": "1s"},
                 "backendRefs": [{"group": "", "kind": "Service", "name": "reviews-v2", "port": 9080, "weight": 1}]},
                {"matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
                 "backendRefs": [{"group": "", "kind": "Service", "name": "reviews-v1", "port": 9080, "weight": 1}]}
            ]
        }
    })
}

/// The managers of the stored object and the top-level spec fields each owns.
fn managers(server: &KubeTest) -> Vec<(String, String)> {
    let live = server.get(HTTP_ROUTE, "shop", "reviews").unwrap();
    live["metadata"]["managedFields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let owned = m["fieldsV1"].to_string();
            (m["manager"].as_str().unwrap().to_string(), owned)
        })
        .collect()
}

#[test]
fn policy_set_on_an_http_route_keeps_another_managers_fields() {
    let server = server();
    server.seed_as(http_route(), "other-tool");
    server.clear_requests();

    // Dry runs, client and server, show the change and write nothing.
    for dry_run in ["--dry-run=client", "--dry-run=server"] {
        let args = [
            "policy",
            "set",
            "reviews",
            "--api",
            "gateway-api",
            "--timeout",
            "2s",
            dry_run,
        ];
        let run = mc(&server, &args);
        assert_eq!(run.code, 0, "{dry_run}: {}", run.stderr);
        assert!(
            run.stdout.contains("+      request: 2s"),
            "{dry_run}: {}",
            run.stdout
        );
    }
    let puts: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|r| r.method != "GET")
        .collect();
    assert!(
        puts.iter().all(|r| r.query.contains("dryRun=All")),
        "only the server's dry run may reach it: {puts:?}"
    );
    assert_eq!(spec(&server, HTTP_ROUTE, "reviews"), http_route()["spec"]);

    let run = mc(
        &server,
        &[
            "policy",
            "set",
            "reviews",
            "--api",
            "gateway-api",
            "--timeout",
            "2s",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "httproute.gateway.networking.k8s.io/reviews configured\n"
    );
    let mut expected = http_route()["spec"].clone();
    expected["rules"][0]["timeouts"] = json!({"backendRequest": "1s", "request": "2s"});
    expected["rules"][1]["timeouts"] = json!({"request": "2s"});
    assert_eq!(spec(&server, HTTP_ROUTE, "reviews"), expected);
    let live = server.get(HTTP_ROUTE, "shop", "reviews").unwrap();
    assert_eq!(live["metadata"]["labels"]["team"], "payments");
    // The other tool keeps what it wrote outside the rules. `spec.rules` is an atomic
    // list in the CRD: whoever changes any part of it owns all of it, so the filter and
    // backends are meshctl's now — kept as they were, which the spec above shows.
    let managers = managers(&server);
    let owned = |who: &str| {
        managers
            .iter()
            .filter(|(m, _)| m == who)
            .map(|(_, f)| f.clone())
            .collect::<String>()
    };
    assert!(owned("other-tool").contains("f:parentRefs"), "{managers:?}");
    assert!(owned("other-tool").contains("f:team"), "{managers:?}");
    assert!(!owned("meshctl").contains("f:parentRefs"), "{managers:?}");

    let shown = mc(
        &server,
        &[
            "policy",
            "show",
            "reviews",
            "--api",
            "gateway-api",
            "-o",
            "json",
        ],
    );
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    let shown: Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(
        shown["httpRoute"]["rules"],
        json!([{"rule": "testers", "timeouts": {"backendRequest": "1s", "request": "2s"}},
               {"rule": 1, "timeouts": {"request": "2s"}}])
    );

    // What an HTTPRoute has no field for is refused by flag, and nothing is written.
    server.clear_requests();
    let run = mc(
        &server,
        &[
            "policy",
            "set",
            "reviews",
            "--api",
            "gateway-api",
            "--timeout",
            "3s",
            "--retries",
            "2",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`--retries` cannot be set on an HTTPRoute"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hint: retries are an experimental-channel field"),
        "{}",
        run.stderr
    );
    let run = mc(
        &server,
        &[
            "fault",
            "inject",
            "reviews",
            "--api",
            "gateway-api",
            "--abort",
            "503:5%",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("hint: faults need an Istio VirtualService"),
        "{}",
        run.stderr
    );
    assert_eq!(writes(&server), 0);
}
