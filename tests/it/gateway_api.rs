//! Gateway API objects through `apply`, `diff` and `delete` against the platform's real
//! kube-apiserver with the v1.4.1 CRDs: they go to the workload cluster through
//! discovery like any other kind, and meshctl's validation stops an invalid batch
//! before anything reaches the server.

use crate::kube::{mc, p, server, write};
use crate::support::kube::{block, client::admin};
use serde_json::{Value, json};

fn objects(namespace: &str, port: &str) -> String {
    format!(
        "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {{name: web, namespace: {namespace}}}
spec:
  gatewayClassName: istio
  listeners: [{{name: http, port: 80, protocol: HTTP, hostname: shop.example.com}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {{name: reviews, namespace: {namespace}}}
spec:
  parentRefs: [{{name: web}}]
  rules:
  - backendRefs:
    - {{name: reviews-v1, {port}weight: 90}}
    - {{name: reviews-v2, port: 9080, weight: 10}}
"
    )
}

#[test]
fn apply_diff_and_delete_gateway_api_objects() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "routes.yaml",
        &objects(&s.ns("shop"), "port: 9080, "),
    );

    let run = mc(&s, &["apply", "-f", p(&file)]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(
        run.stdout,
        "gateway.gateway.networking.k8s.io/web created\nhttproute.gateway.networking.k8s.io/reviews created\n"
    );
    let route = s
        .get("httproutes.gateway.networking.k8s.io", "shop", "reviews")
        .expect("the route was created");
    assert_eq!(route["spec"]["rules"][0]["backendRefs"][0]["weight"], 90);

    let run = mc(&s, &["apply", "-f", p(&file)]);
    assert!(
        run.stdout
            .contains("httproute.gateway.networking.k8s.io/reviews unchanged"),
        "{}",
        run.snapshot()
    );
    assert_eq!(mc(&s, &["diff", "-f", p(&file)]).code, 0);
    write(
        dir.path(),
        "routes.yaml",
        &objects(&s.ns("shop"), "port: 9080, ").replace("weight: 90", "weight: 80"),
    );
    let run = mc(&s, &["diff", "-f", p(&file)]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert!(run.stdout.contains("weight: 80"), "{}", run.stdout);

    let run = mc(&s, &["delete", "-f", p(&file)]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(
        s.get("httproutes.gateway.networking.k8s.io", "shop", "reviews")
            .is_none()
    );
    assert!(
        s.get("gateways.gateway.networking.k8s.io", "shop", "web")
            .is_none()
    );
}

#[test]
fn an_invalid_gateway_api_object_stops_the_batch_before_the_server() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    // The first backend has no port: the CRD's CEL rule refuses a Service without one.
    let file = write(dir.path(), "routes.yaml", &objects(&s.ns("shop"), ""));
    let run = mc(&s, &["apply", "-f", p(&file)]);
    assert_eq!(run.code, 79, "{}", run.snapshot());
    assert!(
        run.stderr
            .contains("HTTPRoute `reviews`: spec.rules[0].backendRefs[0]: Must have port for Service reference"),
        "{}",
        run.stderr
    );
    assert!(
        s.get("gateways.gateway.networking.k8s.io", "shop", "web")
            .is_none()
    );
    assert!(s.requests().is_empty(), "nothing may reach the server");
}

/// The Gateway API renders, as users type them (after `meshctl`, with `-n shop`).
const RENDERS: &[(&str, &[&str])] = &[
    (
        "gateway_https_with_redirect",
        &[
            "render",
            "gateway",
            "web",
            "--api",
            "gateway-api",
            "--host",
            "shop.example.com",
            "--tls-mode",
            "SIMPLE",
            "--credential-name",
            "shop-cert",
            "--https-redirect",
        ],
    ),
    (
        "gateway_two_hosts_http",
        &[
            "render",
            "gw",
            "public",
            "--api",
            "gateway-api",
            "--gateway-class",
            "istio-east",
            "--host",
            "a.example.com",
            "--host",
            "*.b.example.com",
        ],
    ),
    (
        "gateway_passthrough",
        &[
            "render",
            "gateway",
            "db",
            "--api",
            "gateway-api",
            "--host",
            "db.example.com",
            "--tls-mode",
            "PASSTHROUGH",
        ],
    ),
    (
        "httproute_gateway_split",
        &[
            "render",
            "httproute",
            "reviews",
            "--parent",
            "web",
            "--hostname",
            "reviews.example.com",
            "--backend",
            "reviews-v1=90",
            "--backend",
            "reviews-v2=10",
            "--port",
            "9080",
            "--path-prefix",
            "/reviews",
            "--timeout",
            "1m30s",
        ],
    ),
    (
        "httproute_gamma_header",
        &[
            "render",
            "httproute",
            "reviews-testers",
            "--service",
            "reviews",
            "--port",
            "9080",
            "--match-header",
            "x-tester=yes",
            "--backend",
            "reviews-v2=100",
            "--timeout",
            "2.5s",
        ],
    ),
];

/// The example spec with `api: gateway-api`.
fn example_spec() -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/specs/gateway-api/reviews.yaml")
        .display()
        .to_string()
}

/// Every render's golden, each accepted by the real API server with the Gateway API
/// CRDs (server-side dry run, strict field validation).
#[test]
fn golden_renders_are_accepted_by_the_api_server() {
    let s = server();
    let dir = tempfile::tempdir().unwrap();
    let spec = example_spec();
    let service: &[&str] = &["render", "service", "-f", &spec];
    for (name, args) in RENDERS.iter().chain([&("service_spec", service)]) {
        let mut argv = vec!["-n", "shop"];
        argv.extend_from_slice(args);
        let run = crate::support::cli::run(&argv);
        assert_eq!(run.code, 0, "{name}: {}", run.snapshot());
        insta::assert_snapshot!(format!("render_{name}"), run.stdout);
        let text = run
            .stdout
            .replace("namespace: shop", &format!("namespace: {}", s.ns("shop")));
        let file = write(dir.path(), &format!("{name}.yaml"), &text);
        let applied = mc(&s, &["apply", "--dry-run=server", "-f", p(&file)]);
        assert_eq!(applied.code, 0, "{name}: {}", applied.snapshot());
        assert!(
            applied.stdout.contains("(server dry run)"),
            "{name}: {}",
            applied.snapshot()
        );
    }
}

#[test]
fn what_the_gateway_api_cannot_say_is_refused_not_dropped() {
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "render",
                "gateway",
                "w",
                "--api",
                "gateway-api",
                "--host",
                "a.io",
                "--api-version",
                "v1beta1",
            ],
            "`--api-version v1beta1` sets the version of Istio's objects",
        ),
        (
            &[
                "render",
                "gateway",
                "w",
                "--api",
                "gateway-api",
                "--host",
                "a.io",
                "--tls-mode",
                "MUTUAL",
                "--credential-name",
                "c",
            ],
            "TLS mode `MUTUAL` cannot be said on a Gateway API listener",
        ),
        (
            &[
                "render",
                "gateway",
                "w",
                "--api",
                "gateway-api",
                "--host",
                "a.io",
                "--selector",
                "istio=ingress",
            ],
            "no pod selector",
        ),
        (
            &[
                "render",
                "gateway",
                "w",
                "--api",
                "gateway-api",
                "--host",
                "shop/a.io",
            ],
            "not `NAMESPACE/HOST`",
        ),
        (
            &[
                "render",
                "gateway",
                "w",
                "--host",
                "a.io",
                "--gateway-class",
                "istio",
            ],
            "`--gateway-class` needs `--api gateway-api`",
        ),
        (
            &[
                "render",
                "httproute",
                "r",
                "--service",
                "s",
                "--port",
                "80",
                "--backend",
                "a=60",
                "--backend",
                "b=30",
            ],
            "weights add up to 90, not 100",
        ),
        (
            &[
                "render",
                "httproute",
                "r",
                "--service",
                "s",
                "--hostname",
                "a.io",
                "--port",
                "80",
                "--backend",
                "a=100",
            ],
            "`--hostname` does not apply",
        ),
    ];
    for (args, message) in cases {
        let run = crate::support::cli::run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.snapshot());
        assert!(run.stdout.is_empty());
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn a_service_spec_field_the_gateway_api_cannot_say_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let spec = write(
        dir.path(),
        "ratings.yaml",
        "api: gateway-api\nname: ratings\nsubsets: {v1: {version: v1}}\nretries: {attempts: 3}\n\
         outlierDetection: {consecutive5xxErrors: 5}\nroutes:\n- match: {headers: {x-a: {prefix: b}}}\n  weights: {ratings-v1: 100}\n",
    );
    let run = crate::support::cli::run(&["render", "service", "-f", p(&spec)]);
    assert_eq!(run.code, 79, "{}", run.snapshot());
    assert!(run.stdout.is_empty());
    for field in [
        "`subsets`",
        "`retries`",
        "`outlierDetection`",
        "`port`",
        "`routes[0].match.headers.x-a`",
    ] {
        assert!(run.stderr.contains(field), "{field}: {}", run.stderr);
    }
}

#[test]
fn status_shows_http_routes_and_the_conditions_a_controller_set() {
    let s = server();
    let ns = s.ns("shop");
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "routes.yaml", &objects(&ns, "port: 9080, "));
    let run = mc(&s, &["apply", "-f", p(&file)]);
    assert_eq!(run.code, 0, "{}", run.snapshot());

    // Before a controller reports, the conditions read `-`.
    let run = mc(&s, &["status", "-n", "shop"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(
        run.stdout
            .contains("web       -           reviews-v1:9080=90 reviews-v2:9080=10   -          -"),
        "{}",
        run.snapshot()
    );

    // No Gateway controller runs on the platform: the test writes `status.parents` through
    // the status subresource as one would after attaching the route.
    let condition = |kind: &str, status: &str, reason: &str| {
        json!({"type": kind, "status": status, "reason": reason, "message": "",
               "lastTransitionTime": "2026-01-01T00:00:00Z"})
    };
    let route = json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
        "metadata": {"name": "reviews", "namespace": ns},
        "status": {"parents": [{"parentRef": {"name": "web"},
            "controllerName": "istio.io/gateway-controller",
            "conditions": [condition("Accepted", "True", "Accepted"),
                           condition("ResolvedRefs", "False", "BackendNotFound")]}]}});
    block(admin().apply_status(&route, "gateway-controller-stand-in"))
        .expect("the route's status is written");

    let run = mc(&s, &["status", "-n", "shop"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(
        run.stdout,
        "NAMESPACE   HTTPROUTE   PARENTS   HOSTNAMES   BACKENDS                                ACCEPTED   RESOLVEDREFS\n\
         shop        reviews     web       -           reviews-v1:9080=90 reviews-v2:9080=10   True       False\n",
        "{}",
        run.snapshot()
    );
    let run = mc(&s, &["status", "-n", "shop", "-o", "json"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let list: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        list[0]["conditions"],
        json!([{"parent": "web", "accepted": "True", "resolvedRefs": "False"}])
    );
    let run = mc(&s, &["status", "-n", "shop", "-o", "name"]);
    assert_eq!(run.stdout, "httproute.gateway.networking.k8s.io/reviews\n");

    // The tree of a service: the route named like it, and of a backend Service.
    for service in ["reviews", "reviews-v2"] {
        let run = mc(&s, &["status", service, "-n", "shop"]);
        assert_eq!(run.code, 0, "{}", run.snapshot());
        assert_eq!(
            run.stdout,
            format!(
                "{service} (shop)  · Idle\n\
                 └─ HTTPRoute shop/reviews\n   \
                    ├─ parent web  Accepted=True ResolvedRefs=False\n   \
                    └─ rule[0] default\n      \
                       ├─ reviews-v1:9080 90%\n      \
                       └─ reviews-v2:9080 10%\n"
            ),
            "{}",
            run.snapshot()
        );
    }
    let run = mc(&s, &["status", "reviews", "-n", "shop", "-o", "yaml"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let view: Value = meshctl::core::yaml::parse_documents(&run.stdout).unwrap()[0]
        .value
        .clone();
    assert_eq!(view["httpRoutes"][0]["rules"][0][1]["weight"], 10, "{view}");
    assert_eq!(
        view["httpRoutes"][0]["conditions"][0]["resolvedRefs"],
        "False"
    );
    let run = mc(&s, &["status", "reviews", "-n", "shop", "-o", "name"]);
    assert_eq!(run.stdout, "httproute.gateway.networking.k8s.io/reviews\n");
}
