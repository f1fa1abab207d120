use super::*;
use serde_json::json;

fn ep(service: &str, subset: &str, address: &str) -> Endpoint {
    Endpoint {
        service: service.into(),
        namespace: "shop".into(),
        subset: subset.into(),
        address: address.into(),
    }
}

fn registry() -> Vec<Endpoint> {
    vec![
        ep("reviews", "v1", "127.0.0.1:9081"),
        ep("reviews", "v2", "127.0.0.1:9082"),
    ]
}

fn opts() -> Options {
    Options {
        listener_port: 15080,
    }
}

fn canary_vs(v1: u64, v2: u64) -> Value {
    json!({
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "reviews", "namespace": "shop"},
        "spec": {
            "hosts": ["reviews"],
            "http": [
                {
                    "name": "preview",
                    "match": [{"headers": {"x-canary": {"exact": "true"}}, "uri": {"prefix": "/api"}}],
                    "route": [{"destination": {"host": "reviews", "subset": "v2"}}]
                },
                {
                    "route": [
                        {"destination": {"host": "reviews", "subset": "v1"}, "weight": v1},
                        {"destination": {"host": "reviews", "subset": "v2"}, "weight": v2}
                    ],
                    "timeout": "200ms",
                    "retries": {"attempts": 3, "perTryTimeout": "100ms", "retryOn": "5xx,503"},
                    "fault": {
                        "delay": {"fixedDelay": "50ms", "percentage": {"value": 10}},
                        "abort": {"httpStatus": 503, "percentage": {"value": 12.5}}
                    },
                    "mirror": {"host": "reviews", "subset": "v2"},
                    "mirrorPercentage": {"value": 5}
                }
            ]
        }
    })
}

fn dr() -> Value {
    json!({
        "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
        "metadata": {"name": "reviews", "namespace": "shop"},
        "spec": {
            "host": "reviews",
            "trafficPolicy": {
                "loadBalancer": {"simple": "LEAST_REQUEST"},
                "connectionPool": {"tcp": {"maxConnections": 100, "connectTimeout": "250ms"},
                                   "http": {"http1MaxPendingRequests": 10, "maxRetries": 4, "idleTimeout": "30s"}},
                "outlierDetection": {"consecutive5xxErrors": 5, "interval": "1s", "baseEjectionTime": "30s", "maxEjectionPercent": 50}
            },
            "subsets": [
                {"name": "v1", "labels": {"version": "v1"}},
                {"name": "v2", "labels": {"version": "v2"}, "trafficPolicy": {"loadBalancer": {"simple": "RANDOM"}}}
            ]
        }
    })
}

#[test]
fn a_canary_translates_to_weighted_istio_named_clusters() {
    let t = translate(&[canary_vs(90, 10), dr()], &registry(), &opts());
    assert_eq!(t.warnings, vec![]);
    insta::assert_json_snapshot!("canary_routes", t.routes);
    insta::assert_json_snapshot!("canary_clusters", t.clusters);
}

#[test]
fn weights_appear_as_written_and_cluster_names_follow_istio() {
    let t = translate(&[canary_vs(75, 25)], &registry(), &opts());
    let route = &t.routes[0]["virtual_hosts"][0]["routes"][1]["route"];
    assert_eq!(
        route["weighted_clusters"]["clusters"],
        json!([
            {"name": "outbound|80|v1|reviews.shop.svc.cluster.local", "weight": 75},
            {"name": "outbound|80|v2|reviews.shop.svc.cluster.local", "weight": 25}
        ])
    );
    let domains = &t.routes[0]["virtual_hosts"][0]["domains"];
    assert_eq!(
        domains,
        &json!([
            "reviews",
            "reviews:*",
            "reviews.shop.svc.cluster.local",
            "reviews.shop.svc.cluster.local:*"
        ])
    );
}

#[test]
fn unsupported_fields_are_named_never_dropped_silently() {
    let vs = json!({
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "r", "namespace": "shop"},
        "spec": {
            "hosts": ["r"],
            "tcp": [{"route": [{"destination": {"host": "r"}}]}],
            "http": [{
                "match": [{"sourceLabels": {"app": "x"}, "uri": {"prefix": "/"}}],
                "corsPolicy": {"allowOrigins": [{"exact": "*"}]},
                "route": [{"destination": {"host": "r"}, "headers": {"request": {"set": {"a": "b"}}}}]
            }]
        }
    });
    let rule = json!({
        "apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
        "metadata": {"name": "r", "namespace": "shop"},
        "spec": {"host": "r", "trafficPolicy": {"loadBalancer": {"consistentHash": {"httpHeaderName": "u"}}, "tls": {"mode": "ISTIO_MUTUAL"}}}
    });
    let t = translate(&[vs, rule], &[ep("r", "", "127.0.0.1:1")], &opts());
    let fields: Vec<String> = t
        .warnings
        .iter()
        .map(|w| format!("{} {}", w.resource, w.field))
        .collect();
    assert_eq!(
        fields,
        vec![
            "VirtualService shop/r spec.tcp",
            "VirtualService shop/r spec.http[0].corsPolicy",
            "VirtualService shop/r spec.http[0].match[0].sourceLabels",
            "DestinationRule shop/r spec.trafficPolicy.loadBalancer.consistentHash",
            "DestinationRule shop/r spec.trafficPolicy.tls",
        ]
    );
}

#[test]
fn a_subset_without_endpoints_is_warned_about() {
    let t = translate(&[canary_vs(50, 50)], &registry()[..1], &opts());
    assert_eq!(t.warnings.len(), 1, "{:?}", t.warnings);
    assert_eq!(
        t.warnings[0].resource,
        "cluster outbound|80|v2|reviews.shop.svc.cluster.local"
    );
}

#[test]
fn matches_cover_uri_and_header_kinds() {
    let vs = json!({
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "r", "namespace": "shop"},
        "spec": {"hosts": ["r"], "http": [{
            "match": [
                {"uri": {"exact": "/a"}, "headers": {"h": {"prefix": "p"}}},
                {"uri": {"regex": "/b.*"}, "headers": {"h": {"regex": "x+"}}, "method": {"exact": "GET"}, "ignoreUriCase": true},
                {"queryParams": {"q": {"exact": "1"}}}
            ],
            "route": [{"destination": {"host": "r", "port": {"number": 9080}}}]
        }]}
    });
    let t = translate(&[vs], &[ep("r", "", "127.0.0.1:1")], &opts());
    let routes = &t.routes[0]["virtual_hosts"][0]["routes"];
    assert_eq!(
        routes[0]["match"],
        json!({"path": "/a", "headers": [{"name": "h", "string_match": {"prefix": "p"}}]})
    );
    assert_eq!(
        routes[1]["match"],
        json!({"safe_regex": {"regex": "/b.*"}, "case_sensitive": false, "headers": [
            {"name": "h", "string_match": {"safe_regex": {"regex": "x+"}}},
            {"name": ":method", "string_match": {"exact": "GET"}}
        ]})
    );
    assert_eq!(
        routes[2]["match"],
        json!({"prefix": "/", "query_parameters": [{"name": "q", "string_match": {"exact": "1"}}]})
    );
    assert_eq!(
        routes[2]["route"]["cluster"],
        "outbound|9080||r.shop.svc.cluster.local"
    );
    assert_eq!(t.clusters.len(), 1);
}

#[test]
fn redirects_rewrites_and_direct_responses_translate() {
    let vs = json!({
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "r", "namespace": "shop"},
        "spec": {"hosts": ["r"], "http": [
            {"match": [{"uri": {"prefix": "/old"}}], "redirect": {"uri": "/new", "redirectCode": 302}},
            {"match": [{"uri": {"prefix": "/v1"}}], "rewrite": {"uri": "/", "authority": "x"}, "route": [{"destination": {"host": "r"}}]},
            {"directResponse": {"status": 418, "body": {"string": "teapot"}}}
        ]}
    });
    let t = translate(&[vs], &[ep("r", "", "127.0.0.1:1")], &opts());
    let routes = &t.routes[0]["virtual_hosts"][0]["routes"];
    assert_eq!(
        routes[0]["redirect"],
        json!({"path_redirect": "/new", "response_code": "FOUND"})
    );
    assert_eq!(routes[1]["route"]["prefix_rewrite"], "/");
    assert_eq!(routes[1]["route"]["host_rewrite_literal"], "x");
    assert_eq!(
        routes[2]["direct_response"],
        json!({"status": 418, "body": {"inline_string": "teapot"}})
    );
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
}

#[test]
fn a_host_routed_twice_keeps_the_first_and_says_so() {
    let mut second = canary_vs(0, 100);
    second["metadata"]["name"] = json!("reviews-2");
    let t = translate(&[canary_vs(100, 0), second], &registry(), &opts());
    assert_eq!(t.routes[0]["virtual_hosts"].as_array().unwrap().len(), 1);
    assert_eq!(t.warnings.len(), 1);
    assert_eq!(t.warnings[0].resource, "VirtualService shop/reviews-2");
}

#[test]
fn responses_carry_the_version_and_type_urls() {
    let t = translate(&[canary_vs(90, 10)], &registry(), &opts());
    let [(cds, c), (lds, l), (rds, r)] = t.responses("42");
    assert_eq!((cds, lds, rds), ("cds.json", "lds.json", "rds.json"));
    assert_eq!(c["version_info"], "42");
    assert_eq!(c["resources"][0]["@type"], CLUSTER_TYPE);
    assert_eq!(l["resources"][0]["@type"], LISTENER_TYPE);
    assert_eq!(r["resources"][0]["@type"], ROUTE_TYPE);
    assert_eq!(
        l["resources"][0]["address"]["socket_address"],
        json!({"address": "127.0.0.1", "port_value": 15080})
    );
}

#[test]
fn the_bootstrap_keeps_istio_cluster_names_whole_and_binds_loopback() {
    let b = with_xds_dir(&bootstrap(15000), "STATE/xds");
    insta::assert_json_snapshot!("bootstrap", b);
    assert_eq!(
        b.pointer("/dynamic_resources/cds_config/path_config_source/path"),
        Some(&json!("STATE/xds/cds.json"))
    );
}

#[test]
fn a_destinations_header_edits_are_its_weighted_clusters() {
    let mut vs = canary_vs(80, 20);
    vs["spec"]["http"][1]["route"][1]["headers"] = json!({"response": {"add": {"set-cookie": "c=canary; Path=/"}}, "request": {"remove": ["x-debug"]}});
    let t = translate(&[vs], &registry(), &opts());
    assert_eq!(t.warnings, vec![]);
    let clusters =
        &t.routes[0]["virtual_hosts"][0]["routes"][1]["route"]["weighted_clusters"]["clusters"];
    assert_eq!(
        clusters[1],
        json!({
            "name": "outbound|80|v2|reviews.shop.svc.cluster.local", "weight": 20,
            "response_headers_to_add": [{"header": {"key": "set-cookie", "value": "c=canary; Path=/"},
                                         "append_action": "APPEND_IF_EXISTS_OR_ADD"}],
            "request_headers_to_remove": ["x-debug"]
        })
    );
    assert_eq!(
        clusters[0],
        json!({"name": "outbound|80|v1|reviews.shop.svc.cluster.local", "weight": 80})
    );
}

/// A lane group's ingress rule: the lane header or the lane cookie picks the lane, the
/// header is set for what follows, and a lane shift's weight-0 lane destination tags
/// only its own share.
#[test]
fn a_lane_ingress_matches_header_or_cookie_and_tags_the_request() {
    let set = json!({"request": {"set": {"x-lane": "dev"}}});
    let vs = json!({
        "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "g-a", "namespace": "shop"},
        "spec": {"hosts": ["a"], "http": [
            {"name": "lane-dev",
             "match": [{"headers": {"x-lane": {"exact": "dev"}}},
                       {"headers": {"cookie": {"regex": "^(.*;\\s*)?x-lane=dev(;.*)?$"}}}],
             "headers": set,
             "route": [{"destination": {"host": "a", "subset": "dev"}}]},
            {"name": "baseline", "route": [
                {"destination": {"host": "a", "subset": "baseline"}, "weight": 90},
                {"destination": {"host": "a", "subset": "dev"}, "weight": 10, "headers": set}
            ]}
        ]}
    });
    let endpoints = [
        ep("a", "baseline", "127.0.0.1:1"),
        ep("a", "dev", "127.0.0.1:1"),
    ];
    let t = translate(&[vs], &endpoints, &opts());
    assert_eq!(t.warnings, vec![]);
    let routes = &t.routes[0]["virtual_hosts"][0]["routes"];
    let tag = json!([{"header": {"key": "x-lane", "value": "dev"},
                      "append_action": "OVERWRITE_IF_EXISTS_OR_ADD"}]);
    assert_eq!(
        routes[0]["match"],
        json!({"prefix": "/", "headers": [{"name": "x-lane", "string_match": {"exact": "dev"}}]})
    );
    assert_eq!(
        routes[1]["match"],
        json!({"prefix": "/", "headers": [{"name": "cookie", "string_match":
            {"safe_regex": {"regex": "^(.*;\\s*)?x-lane=dev(;.*)?$"}}}]})
    );
    for r in [&routes[0], &routes[1]] {
        assert_eq!(r["request_headers_to_add"], tag);
        assert_eq!(
            r["route"]["cluster"],
            "outbound|80|dev|a.shop.svc.cluster.local"
        );
    }
    let split = &routes[2]["route"]["weighted_clusters"]["clusters"];
    assert_eq!(
        split[0],
        json!({"name": "outbound|80|baseline|a.shop.svc.cluster.local", "weight": 90})
    );
    assert_eq!(split[1]["request_headers_to_add"], tag);
    assert_eq!(split[1]["weight"], 10);
}
