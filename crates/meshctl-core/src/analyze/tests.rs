//! Edge cases of the analyzers; one fixture set per code lives in `tests/analyze.rs`.

use super::*;
use serde_json::json;

fn now() -> Timestamp {
    Timestamp::from_second(1_790_000_000).unwrap()
}

fn run(objects: &[Value]) -> Vec<(&'static str, String)> {
    analyze(Input {
        objects,
        cluster: None,
        now: now(),
    })
    .into_iter()
    .map(|f| (f.code, f.path))
    .collect()
}

fn vs(name: &str, spec: Value) -> Value {
    json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
           "metadata": {"name": name, "namespace": "shop"}, "spec": spec})
}

fn dr(name: &str, spec: Value) -> Value {
    json!({"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
           "metadata": {"name": name, "namespace": "shop"}, "spec": spec})
}

#[test]
fn registry_codes_are_unique_ordered_and_described() {
    let ids: Vec<&str> = CODES.iter().map(|c| c.code).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted);
    assert!(CODES.iter().all(|c| !c.description.ends_with('.')));
    assert_eq!(code("mesh0101").map(|c| c.name), Some("undefined-subset"));
}

#[test]
fn a_consistent_service_has_no_findings() {
    let objects = [
        vs(
            "reviews",
            json!({"hosts": ["reviews"], "http": [
                {"match": [{"uri": {"prefix": "/v2"}}], "route": [{"destination": {"host": "reviews", "subset": "v2"}}]},
                {"route": [{"destination": {"host": "reviews", "subset": "v1"}, "weight": 90},
                           {"destination": {"host": "reviews.shop.svc.cluster.local", "subset": "v2"}, "weight": 10}]}
            ]}),
        ),
        dr(
            "reviews",
            json!({"host": "reviews.shop.svc.cluster.local",
            "trafficPolicy": {"tls": {"mode": "ISTIO_MUTUAL"}},
            "subsets": [{"name": "v1", "labels": {"version": "v1"}}, {"name": "v2", "labels": {"version": "v2"}}]}),
        ),
    ];
    assert_eq!(run(&objects), []);
}

#[test]
fn one_destination_without_weight_gets_all_traffic() {
    let objects = [vs(
        "a",
        json!({"hosts": ["a"], "http": [{"route": [{"destination": {"host": "a"}}]}],
               "tcp": [{"route": [{"destination": {"host": "a"}, "weight": 0}]}]}),
    )];
    assert_eq!(
        run(&objects),
        [("MESH0104", "spec.tcp[0].route".to_string())]
    );
}

#[test]
fn a_match_with_conditions_does_not_shadow() {
    let objects = [vs(
        "a",
        json!({"hosts": ["a"], "http": [
            {"match": [{"headers": {"x": {"exact": "1"}}}], "route": [{"destination": {"host": "a"}}]},
            {"match": [{"name": "all"}], "route": [{"destination": {"host": "a"}}]},
            {"route": [{"destination": {"host": "a"}}]}
        ]}),
    )];
    assert_eq!(run(&objects), [("MESH0111", "spec.http[2]".to_string())]);
}

#[test]
fn tls_origination_with_ca_or_skip_verify_is_fine() {
    let objects = [dr(
        "ext",
        json!({"host": "api.example.com", "trafficPolicy": {"portLevelSettings": [
            {"port": {"number": 443}, "tls": {"mode": "SIMPLE", "caCertificates": "/etc/ca.pem"}},
            {"port": {"number": 8443}, "tls": {"mode": "SIMPLE", "insecureSkipVerify": true}},
            {"port": {"number": 9443}, "tls": {"mode": "MUTUAL"}}
        ]}}),
    )];
    assert_eq!(
        run(&objects),
        [(
            "MESH0110",
            "spec.trafficPolicy.portLevelSettings[2].tls.mode".to_string()
        )]
    );
}

#[test]
fn https_redirect_servers_need_no_route() {
    let gw = json!({"apiVersion": "networking.istio.io/v1", "kind": "Gateway",
    "metadata": {"name": "gw", "namespace": "shop"},
    "spec": {"selector": {"istio": "ingressgateway"}, "servers": [
        {"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": ["*.example.com"], "tls": {"httpsRedirect": true}},
        {"port": {"number": 443, "name": "https", "protocol": "HTTPS"}, "hosts": ["./*.example.com"], "tls": {"mode": "SIMPLE", "credentialName": "c"}}
    ]}});
    let bound = vs(
        "web",
        json!({"hosts": ["www.example.com"], "gateways": ["gw"], "http": [{"route": [{"destination": {"host": "web"}}]}]}),
    );
    assert_eq!(run(&[gw.clone(), bound]), []);
    assert_eq!(
        run(&[gw]),
        [("MESH0103", "spec.servers[1].hosts[0]".to_string())]
    );
}

#[test]
fn suppressions_match_code_and_resource_globs() {
    let f = Finding {
        code: "MESH0103",
        level: Level::Warning,
        resource: Resource {
            kind: "Gateway".into(),
            namespace: "istio-system".into(),
            name: "public".into(),
        },
        message: String::new(),
        path: String::new(),
        hint: None,
    };
    let s: Suppression = "MESH0103=istio-system/*".parse().unwrap();
    assert!(s.hides(&f));
    let s: Suppression = "*=Gateway */public".parse().unwrap();
    assert!(s.hides(&f));
    let s: Suppression = "MESH0101=*".parse().unwrap();
    assert!(!s.hides(&f));
    assert!("MESH9999=x".parse::<Suppression>().is_err());
    assert!("MESH0101".parse::<Suppression>().is_err());
}

#[test]
fn glob_handles_stars_anywhere() {
    assert!(glob("a*c", "abbbc"));
    assert!(glob("*", ""));
    assert!(!glob("a*c", "abcd"));
    assert!(glob("*b*", "abc"));
}
