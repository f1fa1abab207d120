use super::*;
use serde_json::json;

fn vs() -> Value {
    json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "VirtualService",
        "metadata": {"name": "reviews", "namespace": "shop"},
        "spec": {
            "hosts": ["reviews"],
            "http": [
                {"name": "api", "match": [{"uri": {"prefix": "/api"}}],
                 "route": [{"destination": {"host": "reviews", "subset": "v2"}}],
                 "retries": {"attempts": 1, "retryRemoteLocalities": true},
                 "mirrorPercentage": {"value": 5.0}},
                {"route": [{"destination": {"host": "reviews", "subset": "v1"}}]}
            ]
        }
    })
}

fn dr() -> Value {
    json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "DestinationRule",
        "metadata": {"name": "reviews", "namespace": "shop"},
        "spec": {
            "host": "reviews",
            "trafficPolicy": {
                "loadBalancer": {"consistentHash": {"httpHeaderName": "x-user"}, "warmup": {"duration": "10s"}},
                "connectionPool": {"tcp": {"connectTimeout": "1s"}}
            },
            "subsets": [{"name": "v1", "labels": {"version": "v1"}}]
        }
    })
}

#[test]
fn timeout_and_retries_change_only_the_named_fields_on_every_route() {
    let mut obj = vs();
    let change = PolicyChange {
        timeout: Some("2s".parse().unwrap()),
        retries: Retries {
            attempts: Some(3),
            per_try_timeout: Some("500ms".parse().unwrap()),
            retry_on: None,
        },
        ..Default::default()
    };
    change.apply_to_virtual_service(&mut obj).unwrap();
    let mut expected = vs();
    expected["spec"]["http"][0]["timeout"] = json!("2s");
    expected["spec"]["http"][0]["retries"] =
        json!({"attempts": 3, "retryRemoteLocalities": true, "perTryTimeout": "0.5s"});
    expected["spec"]["http"][1]["timeout"] = json!("2s");
    expected["spec"]["http"][1]["retries"] = json!({"attempts": 3, "perTryTimeout": "0.5s"});
    assert_eq!(obj, expected);
    // Idempotent: the update may run the change again on a fresh read.
    change.apply_to_virtual_service(&mut obj).unwrap();
    assert_eq!(obj, expected);
}

#[test]
fn a_virtual_service_without_http_routes_is_refused() {
    let mut obj = json!({"spec": {"hosts": ["db"], "tcp": [{"route": []}]}});
    let change = PolicyChange {
        timeout: Some(Duration::from_secs(1)),
        ..Default::default()
    };
    let err = change.apply_to_virtual_service(&mut obj).unwrap_err();
    assert!(err.contains("no HTTP routes"), "{err}");
}

#[test]
fn destination_rule_fields_are_set_and_others_survive() {
    let mut obj = dr();
    let change = PolicyChange {
        load_balancer: Some("LEAST_REQUEST".into()),
        max_connections: Some(100),
        max_pending_requests: Some(10),
        outlier_consecutive_5xx: Some(5),
        outlier_interval: Some("10s".parse().unwrap()),
        outlier_max_ejection: Some("50%".parse().unwrap()),
        tls_mode: Some("ISTIO_MUTUAL".into()),
        force: true,
        ..Default::default()
    };
    assert!(change.touches_destination_rule());
    assert!(!change.touches_virtual_service());
    change.apply_to_destination_rule(&mut obj).unwrap();
    assert_eq!(
        obj["spec"]["trafficPolicy"],
        json!({
            "loadBalancer": {"warmup": {"duration": "10s"}, "simple": "LEAST_REQUEST"},
            "connectionPool": {
                "tcp": {"connectTimeout": "1s", "maxConnections": 100},
                "http": {"http1MaxPendingRequests": 10}
            },
            "outlierDetection": {"consecutive5xxErrors": 5, "interval": "10s", "maxEjectionPercent": 50},
            "tls": {"mode": "ISTIO_MUTUAL"}
        })
    );
    assert_eq!(obj["spec"]["subsets"], dr()["spec"]["subsets"]);
}

#[test]
fn a_simple_balancer_does_not_silently_drop_session_affinity() {
    let mut obj = dr();
    let mut change = PolicyChange {
        load_balancer: Some("LEAST_REQUEST".into()),
        ..Default::default()
    };
    let err = change.apply_to_destination_rule(&mut obj).unwrap_err();
    assert!(
        err.contains("consistentHash")
            && err.contains("`httpHeaderName`")
            && err.contains("--force"),
        "{err}"
    );
    assert_eq!(obj, dr(), "nothing changed");
    change.force = true;
    change.apply_to_destination_rule(&mut obj).unwrap();
    assert_eq!(
        obj["spec"]["trafficPolicy"]["loadBalancer"],
        json!({"warmup": {"duration": "10s"}, "simple": "LEAST_REQUEST"})
    );
}

#[test]
fn faults_are_injected_per_kind_and_cleared() {
    let mut obj = vs();
    let inject = FaultChange::Inject {
        abort: Some(parse_abort("503:10%").unwrap()),
        delay: None,
    };
    inject.apply(&mut obj).unwrap();
    assert_eq!(
        obj["spec"]["http"][1]["fault"],
        json!({"abort": {"httpStatus": 503, "percentage": {"value": 10.0}}})
    );
    // A delay added later keeps the abort.
    FaultChange::Inject {
        abort: None,
        delay: Some(parse_delay("2s:5%").unwrap()),
    }
    .apply(&mut obj)
    .unwrap();
    assert_eq!(
        obj["spec"]["http"][0]["fault"],
        json!({
            "abort": {"httpStatus": 503, "percentage": {"value": 10.0}},
            "delay": {"fixedDelay": "2s", "percentage": {"value": 5.0}}
        })
    );
    FaultChange::Clear.apply(&mut obj).unwrap();
    assert_eq!(obj, vs());
}

#[test]
fn fault_specs_parse_and_bad_ones_are_refused() {
    assert_eq!(
        parse_abort("503").unwrap(),
        FaultSpec {
            value: 503,
            percent: Percent(100.0)
        }
    );
    assert_eq!(parse_delay("1.5s:0.5%").unwrap().percent, Percent(0.5));
    assert!(parse_abort("99:10%").is_err());
    assert!(parse_abort("503:110%").is_err());
    assert!(parse_abort("503:ten").is_err());
    assert!(parse_delay("soon:5%").is_err());
    assert!("-1%".parse::<Percent>().is_err());
}

#[test]
fn the_summary_shows_route_and_traffic_policy_fields() {
    let s = summary(Some(&vs()), None);
    assert_eq!(
        s["virtualService"]["http"][0],
        json!({"route": "api", "retries": {"attempts": 1, "retryRemoteLocalities": true}})
    );
    assert_eq!(s["virtualService"]["http"][1], json!({"route": 1}));
    assert!(s.get("destinationRule").is_none());
    let s = summary(None, Some(&dr()));
    assert_eq!(
        s["destinationRule"]["trafficPolicy"],
        dr()["spec"]["trafficPolicy"]
    );
}

#[test]
fn route_limits_a_virtual_service_change_to_the_named_route() {
    let mut obj = vs();
    let change = PolicyChange {
        route: Some("api".into()),
        timeout: Some("2s".parse().unwrap()),
        ..Default::default()
    };
    change.apply_to_virtual_service(&mut obj).unwrap();
    let mut expected = vs();
    expected["spec"]["http"][0]["timeout"] = json!("2s");
    assert_eq!(obj, expected);
    let change = PolicyChange {
        route: Some("default".into()),
        ..change
    };
    let err = change.apply_to_virtual_service(&mut obj).unwrap_err();
    assert_eq!(err, "there is no HTTP route `default` (there are: api, 1)");
}
