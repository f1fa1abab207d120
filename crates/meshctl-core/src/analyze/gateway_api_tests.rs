//! The Gateway API analyzers, one test per code plus their edge cases (defaults,
//! wildcards, sectionName, GAMMA parents).

use super::gateway_api::hostnames_intersect;
use super::*;
use serde_json::json;

fn run(objects: &[Value], cluster: Option<&ClusterFacts>) -> Vec<(&'static str, String, String)> {
    analyze(Input {
        objects,
        cluster,
        now: Timestamp::from_second(1_790_000_000).unwrap(),
    })
    .into_iter()
    .map(|f| (f.code, f.resource.name, f.path))
    .collect()
}

fn gateway(listeners: Value) -> Value {
    json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
           "metadata": {"name": "web", "namespace": "shop"},
           "spec": {"gatewayClassName": "istio", "listeners": listeners}})
}

fn http() -> Value {
    json!([{"name": "http", "port": 80, "protocol": "HTTP", "hostname": "*.example.com"}])
}

fn route(name: &str, spec: Value) -> Value {
    json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
           "metadata": {"name": name, "namespace": "shop"}, "spec": spec})
}

fn codes(found: &[(&'static str, String, String)]) -> Vec<&'static str> {
    found.iter().map(|f| f.0).collect()
}

#[test]
fn a_consistent_route_has_no_findings() {
    let objects = [
        gateway(http()),
        route(
            "a",
            json!({"parentRefs": [{"name": "web"}], "hostnames": ["shop.example.com"],
                   "rules": [{"backendRefs": [{"name": "a", "port": 80, "weight": 0},
                                              {"name": "b", "port": 80}]}]}),
        ),
    ];
    assert_eq!(run(&objects, None), []);
}

#[test]
fn a_parent_gateway_that_is_not_there() {
    let objects = [
        gateway(http()),
        route(
            "a",
            json!({"parentRefs": [{"name": "web"}, {"name": "web", "namespace": "other"},
                                  {"kind": "Service", "group": "", "name": "mesh-svc"}]}),
        ),
    ];
    assert_eq!(
        run(&objects, None),
        [("MESH0115", "a".into(), "spec.parentRefs[1].name".into())]
    );
}

#[test]
fn an_istio_gateway_is_not_a_parent() {
    let istio = json!({"apiVersion": "networking.istio.io/v1", "kind": "Gateway",
                       "metadata": {"name": "web", "namespace": "shop"}, "spec": {}});
    let objects = [istio, route("a", json!({"parentRefs": [{"name": "web"}]}))];
    assert_eq!(codes(&run(&objects, None)), ["MESH0115"]);
}

#[test]
fn backend_weights_totalling_zero() {
    let objects = [route(
        "a",
        json!({"rules": [{"backendRefs": [{"name": "a", "port": 80}]},
                         {"backendRefs": [{"name": "a", "port": 80, "weight": 0},
                                          {"name": "b", "port": 80, "weight": 0}]},
                         {"backendRefs": []}]}),
    )];
    assert_eq!(
        run(&objects, None),
        [("MESH0117", "a".into(), "spec.rules[1].backendRefs".into())]
    );
}

#[test]
fn listener_wildcards_follow_the_gateway_api() {
    assert!(hostnames_intersect("*.example.com", "a.example.com"));
    assert!(hostnames_intersect("*.example.com", "a.b.example.com"));
    assert!(!hostnames_intersect("*.example.com", "example.com"));
    assert!(!hostnames_intersect("*.example.com", "aexample.com"));
    assert!(hostnames_intersect("shop.example.com", "*.example.com"));
    assert!(hostnames_intersect("*.example.com", "*.shop.example.com"));
    assert!(hostnames_intersect("Shop.Example.com", "shop.example.com"));
    assert!(!hostnames_intersect("shop.example.com", "shop.example.org"));
}

#[test]
fn a_hostname_no_listener_accepts() {
    let listeners = json!([
        {"name": "http", "port": 80, "protocol": "HTTP", "hostname": "*.example.com"},
        {"name": "admin", "port": 8080, "protocol": "HTTP", "hostname": "admin.example.org"}
    ]);
    let objects = [
        gateway(listeners),
        route(
            "a",
            json!({"parentRefs": [{"name": "web"}],
                   "hostnames": ["shop.example.com", "admin.example.org", "example.com"]}),
        ),
        // Bound to one listener only: the other's hostname does not count.
        route(
            "b",
            json!({"parentRefs": [{"name": "web", "sectionName": "http"}],
                   "hostnames": ["admin.example.org"]}),
        ),
    ];
    assert_eq!(
        run(&objects, None),
        [
            ("MESH0118", "a".into(), "spec.hostnames[2]".into()),
            ("MESH0118", "b".into(), "spec.hostnames[0]".into()),
        ]
    );
}

#[test]
fn a_listener_without_hostname_accepts_every_hostname() {
    let listeners = json!([{"name": "http", "port": 80, "protocol": "HTTP"}]);
    let objects = [
        gateway(listeners),
        route(
            "a",
            json!({"parentRefs": [{"name": "web"}], "hostnames": ["anything.test"]}),
        ),
    ];
    assert_eq!(run(&objects, None), []);
}

#[test]
fn routes_with_the_same_parent_hostname_and_match_conflict() {
    let objects = [
        gateway(http()),
        route(
            "b",
            json!({"parentRefs": [{"name": "web"}], "hostnames": ["shop.example.com"],
                   "rules": [{"matches": [{"path": {"value": "/api", "type": "PathPrefix"}}]},
                             {"matches": [{"path": {"type": "Exact", "value": "/login"}}]}]}),
        ),
        route(
            "a",
            json!({"parentRefs": [{"name": "web"}], "hostnames": ["shop.example.com"],
                   "rules": [{"matches": [{"path": {"type": "PathPrefix", "value": "/api"}}]},
                             {"matches": [{"path": {"type": "PathPrefix", "value": "/login"}}]}]}),
        ),
        // Another hostname: no conflict.
        route(
            "c",
            json!({"parentRefs": [{"name": "web"}], "hostnames": ["blog.example.com"],
                   "rules": [{"matches": [{"path": {"type": "PathPrefix", "value": "/api"}}]}]}),
        ),
    ];
    // The later route by name is reported; key order and defaults do not matter.
    assert_eq!(
        run(&objects, None),
        [("MESH0119", "b".into(), "spec.rules[0]".into())]
    );
}

#[test]
fn no_match_is_the_default_path_prefix_and_one_route_never_conflicts_with_itself() {
    let objects = [
        gateway(http()),
        route(
            "a",
            json!({"parentRefs": [{"name": "web"}],
                   "rules": [{}, {"matches": [{"path": {"value": "/"}}]}]}),
        ),
        route(
            "b",
            json!({"parentRefs": [{"name": "web"}], "rules": [{"matches": [{}]}]}),
        ),
    ];
    assert_eq!(
        run(&objects, None),
        [("MESH0119", "b".into(), "spec.rules[0]".into())]
    );
}

#[test]
fn backends_are_checked_against_the_clusters_services() {
    let service = json!({"apiVersion": "v1", "kind": "Service",
                         "metadata": {"name": "reviews", "namespace": "shop"}});
    let facts = ClusterFacts {
        services: vec![service],
        ..Default::default()
    };
    let objects = [route(
        "a",
        json!({"rules": [{"backendRefs": [
            {"name": "reviews", "port": 80},
            {"name": "reviews", "namespace": "other", "port": 80},
            {"group": "example.com", "kind": "Bucket", "name": "b"}]}]}),
    )];
    assert_eq!(run(&objects, None), []);
    assert_eq!(
        run(&objects, Some(&facts)),
        [(
            "MESH0116",
            "a".into(),
            "spec.rules[0].backendRefs[1].name".into()
        )]
    );
}
