//! Gateway API objects through `apply`, `diff` and `delete` against the platform's real
//! kube-apiserver with the v1.4.1 CRDs: they go to the workload cluster through
//! discovery like any other kind, and meshctl's validation stops an invalid batch
//! before anything reaches the server.

use crate::kube::{mc, p, server, write};

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
