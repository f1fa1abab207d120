use super::super::{Endpoint, Options, Translation, translate};
use serde_json::{Value, json};

fn ep(service: &str, address: &str) -> Endpoint {
    Endpoint {
        service: service.into(),
        namespace: "shop".into(),
        subset: "v1".into(),
        address: address.into(),
    }
}

fn run(objects: &[Value]) -> Translation {
    let endpoints = [
        ep("reviews-v1", "127.0.0.1:9081"),
        ep("reviews-v2", "127.0.0.1:9082"),
    ];
    translate(
        objects,
        &endpoints,
        &Options {
            listener_port: 15080,
        },
    )
}

fn route(name: &str, parents: Value, rules: Value) -> Value {
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
        "metadata": {"name": name, "namespace": "shop"},
        "spec": {"parentRefs": parents, "rules": rules}
    })
}

fn gamma() -> Value {
    json!([{"group": "", "kind": "Service", "name": "reviews", "port": 9080}])
}

fn backend(name: &str, weight: u32) -> Value {
    json!({"name": name, "port": 9080, "weight": weight})
}

fn canary(v1: u32, v2: u32) -> Value {
    route(
        "reviews",
        gamma(),
        json!([
            {"backendRefs": [backend("reviews-v1", v1), backend("reviews-v2", v2)],
             "timeouts": {"request": "1s500ms"}},
            {"matches": [{"headers": [{"name": "x-canary", "value": "yes"}]}],
             "backendRefs": [backend("reviews-v2", 1)]}
        ]),
    )
}

fn warnings(t: &Translation) -> Vec<String> {
    t.warnings
        .iter()
        .map(|w| format!("{} {}", w.resource, w.field))
        .collect()
}

fn routes(t: &Translation) -> &Vec<Value> {
    t.routes[0]["virtual_hosts"][0]["routes"]
        .as_array()
        .expect("routes")
}

#[test]
fn a_gamma_route_splits_between_the_services_istio_cluster_names() {
    let t = run(&[canary(90, 10)]);
    assert_eq!(warnings(&t), Vec::<String>::new());
    insta::assert_json_snapshot!("gamma_routes", t.routes);
    insta::assert_json_snapshot!("gamma_clusters", t.clusters);
    let names: Vec<&str> = t
        .clusters
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "outbound|9080||reviews-v1.shop.svc.cluster.local",
            "outbound|9080||reviews-v2.shop.svc.cluster.local"
        ]
    );
    let vhost = &t.routes[0]["virtual_hosts"][0];
    assert_eq!(
        vhost["domains"],
        json!([
            "reviews",
            "reviews:*",
            "reviews.shop.svc.cluster.local",
            "reviews.shop.svc.cluster.local:*"
        ])
    );
}

#[test]
fn the_header_rule_comes_first_and_weights_are_as_written() {
    let t = run(&[canary(50, 50)]);
    let r = routes(&t);
    // The header match is more specific than the catch-all, though written second.
    assert_eq!(
        r[0]["match"],
        json!({"prefix": "/", "headers": [{"name": "x-canary", "string_match": {"exact": "yes"}}]})
    );
    assert_eq!(
        r[0]["route"]["cluster"],
        "outbound|9080||reviews-v2.shop.svc.cluster.local"
    );
    assert_eq!(
        r[1]["route"]["weighted_clusters"]["clusters"],
        json!([
            {"name": "outbound|9080||reviews-v1.shop.svc.cluster.local", "weight": 50},
            {"name": "outbound|9080||reviews-v2.shop.svc.cluster.local", "weight": 50}
        ])
    );
    assert_eq!(r[1]["route"]["timeout"], "1.5s");
    assert_eq!(r[0]["route"]["timeout"], "0s");
}

#[test]
fn routes_are_ordered_by_the_gateway_apis_precedence() {
    let m = |path: Value, extra: Value| {
        let mut m = json!({"path": path});
        for (k, v) in extra.as_object().unwrap() {
            m[k] = v.clone();
        }
        json!({"matches": [m], "backendRefs": [backend("reviews-v1", 1)]})
    };
    let prefix = |v: &str| json!({"type": "PathPrefix", "value": v});
    let h = |n: &str| json!({"name": n, "value": "1"});
    // Written least specific first.
    let rules = json!([
        m(
            json!({"type": "RegularExpression", "value": "/r.*"}),
            json!({})
        ),
        m(prefix("/"), json!({})),
        m(prefix("/"), json!({"headers": [h("a")]})),
        m(prefix("/"), json!({"headers": [h("a"), h("b")]})),
        m(prefix("/"), json!({"method": "POST"})),
        m(prefix("/"), json!({"queryParams": [h("q")]})),
        m(prefix("/api"), json!({})),
        m(prefix("/api/v1/"), json!({})),
        m(json!({"type": "Exact", "value": "/a"}), json!({})),
        m(prefix("/"), json!({"headers": [h("c")]})),
    ]);
    let t = run(&[route("order", gamma(), rules)]);
    assert_eq!(warnings(&t), Vec::<String>::new());
    let got: Vec<Value> = routes(&t).iter().map(|r| r["match"].clone()).collect();
    let hdr = |names: &[&str]| -> Value {
        names
            .iter()
            .map(|n| json!({"name": n, "string_match": {"exact": "1"}}))
            .collect()
    };
    assert_eq!(
        got,
        vec![
            json!({"path": "/a"}),
            json!({"prefix": "/api/v1/"}),
            json!({"path_separated_prefix": "/api"}),
            json!({"prefix": "/", "headers": [{"name": ":method", "string_match": {"exact": "POST"}}]}),
            json!({"prefix": "/", "headers": hdr(&["a", "b"])}),
            // Equal precedence: the order written.
            json!({"prefix": "/", "headers": hdr(&["a"])}),
            json!({"prefix": "/", "headers": hdr(&["c"])}),
            json!({"prefix": "/", "query_parameters": hdr(&["q"])}),
            json!({"prefix": "/"}),
            json!({"safe_regex": {"regex": "/r.*"}}),
        ]
    );
}

#[test]
fn routes_for_one_host_merge_into_one_virtual_host() {
    let preview = route(
        "reviews-preview",
        gamma(),
        json!([{"matches": [{"headers": [{"name": "x-preview", "type": "RegularExpression", "value": "y.*"}]}],
                "backendRefs": [backend("reviews-v2", 1)]}]),
    );
    let t = run(&[canary(100, 0), preview]);
    let hosts = t.routes[0]["virtual_hosts"].as_array().unwrap();
    assert_eq!(hosts.len(), 1);
    assert_eq!(
        hosts[0]["name"],
        "reviews.shop.svc.cluster.local:shop/reviews+shop/reviews-preview"
    );
    let r = routes(&t);
    assert_eq!(r.len(), 3);
    assert_eq!(r[2]["match"], json!({"prefix": "/"}));
}

#[test]
fn no_backend_weight_answers_500_and_says_so() {
    let t = run(&[route(
        "zero",
        gamma(),
        json!([{"backendRefs": [backend("reviews-v1", 0)]}]),
    )]);
    assert_eq!(routes(&t)[0]["direct_response"], json!({"status": 500}));
    assert_eq!(
        warnings(&t),
        ["HTTPRoute shop/zero spec.rules[0].backendRefs"]
    );
    // The default weight is 1.
    let t = run(&[route(
        "one",
        gamma(),
        json!([{"backendRefs": [{"name": "reviews-v1", "port": 9080}, {"name": "reviews-v2", "port": 9080}]}]),
    )]);
    assert_eq!(
        routes(&t)[0]["route"]["weighted_clusters"]["clusters"][1]["weight"],
        1
    );
}

#[test]
fn filters_translate_as_a_virtual_services_would() {
    let rules = json!([
        {"matches": [{"path": {"type": "PathPrefix", "value": "/old"}}],
         "filters": [{"type": "RequestRedirect", "requestRedirect": {
             "scheme": "https", "hostname": "shop.example.com", "statusCode": 302,
             "path": {"type": "ReplaceFullPath", "replaceFullPath": "/new"}}}]},
        {"matches": [{"path": {"type": "PathPrefix", "value": "/v1"}}],
         "filters": [
             {"type": "URLRewrite", "urlRewrite": {"hostname": "internal", "path": {"type": "ReplacePrefixMatch", "replacePrefixMatch": "/"}}},
             {"type": "RequestHeaderModifier", "requestHeaderModifier": {
                 "set": [{"name": "x-a", "value": "1"}], "add": [{"name": "x-b", "value": "2"}], "remove": ["x-c"]}},
             {"type": "ResponseHeaderModifier", "responseHeaderModifier": {"set": [{"name": "x-r", "value": "v"}]}},
             {"type": "RequestMirror", "requestMirror": {"backendRef": {"name": "reviews-v2", "port": 9080}, "percent": 25}}
         ],
         "backendRefs": [
             {"name": "reviews-v1", "port": 9080, "weight": 3},
             {"name": "reviews-v2", "port": 9080, "weight": 1, "filters": [
                 {"type": "ResponseHeaderModifier", "responseHeaderModifier": {"add": [{"name": "x-version", "value": "v2"}]}}]}
         ]}
    ]);
    let t = run(&[route("filters", gamma(), rules)]);
    assert_eq!(warnings(&t), Vec::<String>::new());
    insta::assert_json_snapshot!("filter_routes", t.routes);
}

#[test]
fn what_has_no_translation_is_named() {
    let rules = json!([{
        "matches": [{"path": {"type": "PathPrefix", "value": "/"}, "headers": [{"name": "h", "type": "Prefix", "value": "x"}]}],
        "filters": [{"type": "ExtensionRef", "extensionRef": {"group": "x.io", "kind": "F", "name": "f"}}],
        "timeouts": {"request": "2s", "backendRequest": "1s"},
        "sessionPersistence": {"type": "Cookie"},
        "backendRefs": [{"name": "reviews-v1", "port": 9080}, {"group": "x.io", "kind": "Bucket", "name": "b"}]
    }]);
    let mut r = route(
        "odd",
        json!([{"name": "missing"}, {"group": "x.io", "kind": "Mesh", "name": "m"}]),
        rules,
    );
    r["spec"]["parentRefs"]
        .as_array_mut()
        .unwrap()
        .push(gamma()[0].clone());
    let t = run(&[r]);
    assert_eq!(
        warnings(&t),
        [
            "HTTPRoute shop/odd spec.rules[0].sessionPersistence",
            "HTTPRoute shop/odd spec.rules[0].filters[0].type",
            "HTTPRoute shop/odd spec.rules[0].backendRefs[1]",
            "HTTPRoute shop/odd spec.rules[0].timeouts.backendRequest",
            "HTTPRoute shop/odd spec.rules[0].matches[0].headers[0].type",
            "HTTPRoute shop/odd spec.parentRefs[0]",
            "HTTPRoute shop/odd spec.parentRefs[1]",
        ]
    );
    // Still served for its Service parent.
    assert_eq!(routes(&t)[0]["route"]["timeout"], "2s");
}

fn gateway(listeners: Value) -> Value {
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
        "metadata": {"name": "web", "namespace": "shop"},
        "spec": {"gatewayClassName": "istio", "listeners": listeners}
    })
}

#[test]
fn a_gateway_parent_serves_the_hostnames_its_listeners_accept() {
    let gw = gateway(json!([
        {"name": "http", "port": 80, "protocol": "HTTP", "hostname": "*.example.com"},
        {"name": "https", "port": 443, "protocol": "HTTPS", "hostname": "secure.example.com",
         "tls": {"certificateRefs": [{"name": "cert"}]}},
        {"name": "tcp", "port": 9000, "protocol": "TCP"}
    ]));
    let mut r = route(
        "shop",
        json!([{"name": "web"}]),
        json!([{"backendRefs": [backend("reviews-v1", 1)]}]),
    );
    r["spec"]["hostnames"] = json!(["shop.example.com", "secure.example.com", "other.org"]);
    let t = run(&[gw.clone(), r.clone()]);
    let domains: Vec<Value> = t.routes[0]["virtual_hosts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["domains"].clone())
        .collect();
    assert_eq!(
        domains,
        vec![
            json!(["secure.example.com", "secure.example.com:*"]),
            json!(["shop.example.com", "shop.example.com:*"]),
        ]
    );
    assert_eq!(
        warnings(&t),
        [
            "Gateway shop/web spec.listeners[1].tls",
            "Gateway shop/web spec.listeners[2].protocol"
        ]
    );
    // A section names one listener; a hostname no listener takes is not served.
    r["spec"]["parentRefs"] = json!([{"name": "web", "sectionName": "https"}]);
    r["spec"]["hostnames"] = json!(["other.org"]);
    let t = run(&[gw, r]);
    assert_eq!(t.routes[0]["virtual_hosts"], json!([]));
    assert_eq!(warnings(&t)[2], "HTTPRoute shop/shop spec.parentRefs[0]");
}

#[test]
fn a_virtual_service_for_a_routes_host_is_ignored_with_a_warning() {
    let vs = json!({
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "reviews", "namespace": "shop"},
        "spec": {"hosts": ["reviews"], "http": [{"route": [{"destination": {"host": "reviews-v1"}}]}]}
    });
    let t = run(&[vs, canary(100, 0)]);
    assert_eq!(t.routes[0]["virtual_hosts"].as_array().unwrap().len(), 1);
    assert_eq!(warnings(&t), ["VirtualService shop/reviews spec.hosts[0]"]);
    assert!(
        t.warnings[0].message.contains("HTTPRoute shop/reviews"),
        "{}",
        t.warnings[0].message
    );
    assert_eq!(routes(&t).len(), 2);
}
