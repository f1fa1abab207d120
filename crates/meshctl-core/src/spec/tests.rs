use super::*;

const FULL: &str = include_str!("../../../../examples/specs/reviews.yaml");

fn spec(text: &str) -> ServiceSpec {
    ServiceSpec::from_yaml(text).unwrap_or_else(|e| panic!("{e}"))
}

fn problems(text: &str) -> Vec<String> {
    let s = spec(text);
    s.check(Parts::all_of(&s))
        .into_iter()
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn reads_the_documented_example_and_finds_nothing_wrong() {
    let s = spec(FULL);
    assert_eq!(s.name, "reviews");
    assert_eq!(s.subsets.keys().collect::<Vec<_>>(), ["v1", "v2"]);
    assert_eq!(s.routes[1].weights.get("v2"), Some(&10));
    let headers = &s.routes[0].matches.as_ref().unwrap().headers;
    assert_eq!(headers.get("x-beta"), Some(&StringMatchSpec::exact("true")));
    assert_eq!(s.timeout, Some(Duration::from_secs(2)));
    assert_eq!(s.tls.as_ref().unwrap().mode, ClientTlsMode::IstioMutual);
    assert_eq!(s.egress[0].ports[0].protocol(), Protocol::Tls);
    assert_eq!(s.egress[0].ports[0].name(), "tls-443");
    assert_eq!(s.check(Parts::all_of(&s)), vec![]);
}

#[test]
fn an_unknown_key_is_an_error_naming_the_key_and_its_line() {
    let err = ServiceSpec::from_yaml("name: a\nsubsets: {}\ntimeout: 1s\nretrys:\n  attempts: 3\n")
        .unwrap_err();
    assert_eq!(err.line, Some(4), "{err}");
    assert!(
        err.message
            .starts_with("unknown field `retrys`, expected one of name, namespace"),
        "{err}"
    );
    let err =
        ServiceSpec::from_yaml("name: a\nretries:\n  attempts: 3\n  retryOnn: 5xx\n").unwrap_err();
    assert_eq!(err.line, Some(4), "{err}");
    assert!(err.message.contains("retryOnn"), "{err}");
}

#[test]
fn bad_durations_and_words_are_errors_with_their_line() {
    let err = ServiceSpec::from_yaml("name: a\ntimeout: 2 seconds\n").unwrap_err();
    assert_eq!(err.line, Some(2), "{err}");
    assert!(err.message.contains("invalid duration"), "{err}");
    let err = ServiceSpec::from_yaml("name: a\nloadBalancer:\n  simple: FASTEST\n").unwrap_err();
    assert_eq!(err.line, Some(3), "{err}");
    assert!(err.message.contains("FASTEST"), "{err}");
}

#[test]
fn a_repeated_subset_is_an_error() {
    let err =
        ServiceSpec::from_yaml("name: a\nsubsets:\n  v1: {version: v1}\n  v1: {version: v2}\n")
            .unwrap_err();
    assert!(err.message.contains("duplicate"), "{err}");
}

#[test]
fn header_matches_take_a_string_or_one_kind() {
    let s = spec(
        "name: a\nroutes:\n- match:\n    headers:\n      a: x\n      b: {prefix: y}\n      c: {regex: 'z.*'}\n",
    );
    let h = &s.routes[0].matches.as_ref().unwrap().headers;
    assert_eq!(h.get("b").unwrap().kind, MatchKind::Prefix);
    assert_eq!(h.get("c").unwrap().kind, MatchKind::Regex);
    assert!(
        ServiceSpec::from_yaml(
            "name: a\nroutes:\n- match: {headers: {a: {exact: x, prefix: y}}}\n"
        )
        .is_err()
    );
    assert!(
        ServiceSpec::from_yaml("name: a\nroutes:\n- match: {headers: {a: {suffix: x}}}\n").is_err()
    );
}

#[test]
fn weights_must_total_100_and_route_somewhere() {
    let base = "name: a\nsubsets: {v1: {version: v1}, v2: {version: v2}}\nroutes:\n";
    assert_eq!(
        problems(&format!("{base}- weights: {{v1: 50, v2: 40}}\n")),
        ["`routes[0].weights`: weights add up to 90, not 100"]
    );
    assert_eq!(
        problems(&format!("{base}- weights: {{v1: 0, v2: 0}}\n")),
        ["`routes[0].weights`: every weight is 0, so the route sends traffic nowhere"]
    );
    assert_eq!(
        problems(&format!("{base}- weights: {{v1: 110, v2: -10}}\n")),
        [
            "`routes[0].weights`: weight `110` of `v1` is not between 0 and 100",
            "`routes[0].weights`: weight `-10` of `v2` is not between 0 and 100"
        ]
    );
    assert_eq!(
        problems(&format!("{base}- weights: {{v1: 50, v3: 50}}\n")),
        ["`routes[0].weights`: subset `v3` is not defined in `subsets` (defined: `v1`, `v2`)"]
    );
}

#[test]
fn values_that_can_never_be_valid_are_refused_with_their_field() {
    let p = problems("name: a\nhosts: [\"a.com\\nspec: {}\", \"b c\"]\n");
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(
        p[0].starts_with("`hosts[0]`: `a.com\\nspec: {}` is not a valid host"),
        "{p:?}"
    );
    assert!(
        p[1].starts_with("`hosts[1]`: `b c` is not a valid host"),
        "{p:?}"
    );
    let p = problems("name: a\nlabels: {team: \"a: b\"}\n");
    assert!(
        p[0].starts_with("`labels.team`: `a: b` is not a valid label value"),
        "{p:?}"
    );
    let p = problems("name: \"a\\nkind: Secret\"\n");
    assert!(
        p[0].starts_with("`name`: `a\\nkind: Secret` is not a valid object name"),
        "{p:?}"
    );
    let p = problems("name: a\nroutes:\n- match: {headers: {x-user: \"bob\\r\\nx-admin: 1\"}}\n");
    assert!(
        p[0].starts_with(
            "`routes[0].match.headers.x-user`: `bob\\r\\nx-admin: 1` contains a control character"
        ),
        "{p:?}"
    );
    let p = problems("name: a\nsubsets: {\"v1 x\": {version: v1}}\n");
    assert!(
        p[0].starts_with("`subsets.v1 x`: `v1 x` is not a valid name"),
        "{p:?}"
    );
}

#[test]
fn header_values_with_yaml_syntax_are_accepted_as_data() {
    assert_eq!(
        problems("name: a\nroutes:\n- match: {headers: {x-q: \"a: {b: c} # d\"}}\n"),
        Vec::<String>::new()
    );
}

#[test]
fn gateway_tls_needs_a_secret_and_a_tls_protocol() {
    let p = problems("name: a\ngateway: {tls: {mode: SIMPLE}}\n");
    assert_eq!(
        p,
        [
            "`gateway.tls.credentialName`: `SIMPLE` TLS needs the secret that holds the server certificate"
        ]
    );
    let p = problems("name: a\ngateway: {protocol: HTTP, tls: {mode: ISTIO_MUTUAL}}\n");
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with("`gateway.protocol`"), "{p:?}");
}

#[test]
fn only_the_parts_being_rendered_are_checked() {
    let s = spec("gateway: {name: gw, hosts: [a.example.com]}\n");
    assert!(
        s.check(Parts {
            gateway: true,
            ..Parts::default()
        })
        .is_empty()
    );
    let p = s.check(Parts {
        virtual_service: true,
        ..Parts::default()
    });
    assert_eq!(p[0].field, "name");
}

#[test]
fn validators_accept_what_istio_accepts() {
    for host in [
        "reviews",
        "reviews.shop.svc.cluster.local",
        "*.example.com",
        "*",
        "API.Example.com",
    ] {
        assert_eq!(check_host(host), Ok(()), "{host}");
    }
    for host in ["", "a..b", "a b", "-a", "a.*", "*a.com", "a/b", "a:80"] {
        assert!(check_host(host).is_err(), "{host}");
    }
    for host in ["shop/a.example.com", "./a.example.com", "*/*.example.com"] {
        assert_eq!(check_gateway_host(host), Ok(()), "{host}");
    }
    for gw in ["mesh", "gw", "istio-system/gw"] {
        assert_eq!(check_gateway_ref(gw), Ok(()), "{gw}");
    }
    assert!(check_gateway_ref("a/b/c").is_err());
    assert_eq!(check_label_key("app.kubernetes.io/name"), Ok(()));
    assert!(check_label_key("a b").is_err());
    assert_eq!(check_label_value(""), Ok(()));
    assert!(check_label_value("a:b").is_err());
    assert_eq!(check_retry_on("5xx,reset,503"), Ok(()));
    assert!(check_retry_on("5xx, reset").is_err());
}
