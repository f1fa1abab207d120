//! The Gateway API schemas with their CEL rules, on objects people write: each valid
//! one passes, each invalid one is refused at the field the API server names.

use super::Catalog;
use crate::yaml::parse_documents;

fn check(yaml: &str) -> Vec<(String, String)> {
    let doc = parse_documents(yaml).unwrap().remove(0).value;
    Catalog::builtin()
        .validate(&doc)
        .into_iter()
        .map(|v| (v.path, v.message))
        .collect()
}

const GATEWAY: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: default}
spec:
  gatewayClassName: istio
  listeners:
";

const ROUTE: &str = "apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews, namespace: default}
spec:
  parentRefs: [{name: web}]
  rules:
";

#[test]
fn documents_people_write_are_valid() {
    let valid = [
        format!(
            "{GATEWAY}  - {{name: http, port: 80, protocol: HTTP, hostname: shop.example.com}}
  - name: https
    port: 443
    protocol: HTTPS
    hostname: shop.example.com
    tls:
      mode: Terminate
      certificateRefs: [{{name: shop-cert}}]
"
        ),
        format!(
            "{ROUTE}  - matches:
    - path: {{type: PathPrefix, value: /api}}
      headers: [{{name: x-canary, value: 'true'}}]
    backendRefs:
    - {{name: reviews-v1, port: 9080, weight: 90}}
    - {{name: reviews-v2, port: 9080, weight: 10}}
    timeouts: {{request: 10s, backendRequest: 2s}}
"
        ),
        // GAMMA: the parent is a Service.
        "apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: reviews}
spec:
  parentRefs: [{group: '', kind: Service, name: reviews, port: 9080}]
  rules: [{backendRefs: [{name: reviews-v1, port: 9080}]}]
"
        .to_string(),
        "apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: istio}
spec: {controllerName: istio.io/gateway-controller}
"
        .to_string(),
        "apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: allow-routes, namespace: backends}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}]
  to: [{group: '', kind: Service}]
"
        .to_string(),
        "apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: echo}
spec:
  parentRefs: [{name: web}]
  rules: [{matches: [{method: {service: echo.Echo, method: Say}}], backendRefs: [{name: echo, port: 7070}]}]
"
        .to_string(),
    ];
    for doc in valid {
        assert_eq!(check(&doc), Vec::new(), "{doc}");
    }
}

#[test]
fn the_cel_rules_and_the_schema_refuse_what_the_api_server_refuses() {
    let cases: Vec<(String, &str, &str)> = vec![
        (
            format!("{GATEWAY}  - {{name: a, port: 80, protocol: HTTP}}\n  - {{name: a, port: 81, protocol: HTTP}}\n"),
            "spec.listeners",
            "Listener name must be unique within the Gateway",
        ),
        (
            format!("{GATEWAY}  - {{name: https, port: 443, protocol: HTTPS, tls: {{mode: Terminate}}}}\n"),
            "spec.listeners[0].tls",
            "certificateRefs or options must be specified when mode is Terminate",
        ),
        (
            format!("{GATEWAY}  - {{name: tcp, port: 9000, protocol: TCP, hostname: a.example.com}}\n"),
            "spec.listeners",
            "hostname must not be specified for protocols ['TCP', 'UDP']",
        ),
        (
            format!("{GATEWAY}  - {{name: http, port: 0, protocol: HTTP}}\n"),
            "spec.listeners[0].port",
            "must be greater than or equal to 1",
        ),
        (
            format!("{ROUTE}  - backendRefs: [{{name: reviews-v1, port: 9080, weight: 1000001}}]\n"),
            "spec.rules[0].backendRefs[0].weight",
            "must be less than or equal to 1000000",
        ),
        (
            format!("{ROUTE}  - backendRefs: [{{name: reviews-v1}}]\n"),
            "spec.rules[0].backendRefs[0]",
            "Must have port for Service reference",
        ),
        (
            format!("{ROUTE}  - matches: [{{path: {{type: PathPrefix, value: api}}}}]\n"),
            "spec.rules[0].matches[0].path",
            "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']",
        ),
        (
            format!("{ROUTE}  - timeouts: {{request: 1s, backendRequest: 2s}}\n"),
            "spec.rules[0].timeouts",
            "backendRequest timeout cannot be longer than request timeout",
        ),
        (
            format!("{ROUTE}  - timeouts: {{request: 1d}}\n"),
            "spec.rules[0].timeouts.request",
            "must match the pattern",
        ),
        (
            format!("{ROUTE}  - backendRefs: [{{name: a, port: 80}}]\n    retries: {{attempts: 2}}\n"),
            "spec.rules[0].retries",
            "unknown field",
        ),
        (
            "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: web}\nspec:\n  listeners: [{name: http, port: 80, protocol: HTTP}]\n".to_string(),
            "spec.gatewayClassName",
            "Required value",
        ),
    ];
    for (doc, path, message) in cases {
        let found = check(&doc);
        assert!(
            found
                .iter()
                .any(|(p, m)| p == path && m.to_lowercase().contains(&message.to_lowercase())),
            "expected `{path}: {message}` in {found:#?} for\n{doc}"
        );
    }
}

#[test]
fn rules_about_changes_are_not_judged_on_a_new_object() {
    // `self == oldSelf` guards updates; a new object has no old self to compare.
    let class = "apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: istio}
spec: {controllerName: istio.io/gateway-controller}
";
    assert_eq!(check(class), Vec::new());
}
