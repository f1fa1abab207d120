//! Table tests: one document per rule, judged through the one entry point every
//! command uses ([`Catalog::validate`]), with the exact path and message expected.

use crate::schema::Catalog;
use serde_json::{Value, json};

fn object(kind: &str, spec: Value) -> Value {
    json!({
        "apiVersion": "networking.istio.io/v1", "kind": kind,
        "metadata": {"name": "a", "namespace": "shop"},
        "spec": spec,
    })
}

/// `(path, message)` of every finding.
fn found(kind: &str, spec: Value) -> Vec<(String, String)> {
    Catalog::istio()
        .validate(&object(kind, spec))
        .into_iter()
        .map(|v| (v.path, v.message))
        .collect()
}

fn one(kind: &str, spec: Value) -> (String, String) {
    let all = found(kind, spec);
    assert_eq!(all.len(), 1, "expected one finding, got {all:#?}");
    all.into_iter().next().unwrap()
}

fn pair(path: &str, message: &str) -> (String, String) {
    (path.to_string(), message.to_string())
}

fn route_to(destination: Value) -> Value {
    json!({"hosts": ["reviews"], "http": [{"route": [{"destination": destination}]}]})
}

fn server(port: u32, protocol: &str, hosts: Value) -> Value {
    json!({"port": {"number": port, "name": format!("p-{port}"), "protocol": protocol}, "hosts": hosts})
}

#[test]
fn the_documents_of_the_issue_are_refused_where_they_are_wrong() {
    assert_eq!(
        one(
            "Gateway",
            json!({"servers": [server(70000, "HTTP", json!(["a.example.com"]))]})
        ),
        pair(
            "spec.servers[0].port.number",
            "port number 70000 must be in the range 1..65535"
        )
    );
    assert_eq!(
        one(
            "VirtualService",
            route_to(json!({"host": "reviews", "port": {"number": 70000}}))
        ),
        pair(
            "spec.http[0].route[0].destination.port.number",
            "port number 70000 must be in the range 1..65535"
        )
    );
    let weights = json!({"hosts": ["reviews"], "http": [{"route": [
        {"destination": {"host": "reviews", "subset": "v1"}, "weight": -10},
        {"destination": {"host": "reviews", "subset": "v2"}, "weight": 110},
    ]}]});
    assert_eq!(
        one("VirtualService", weights),
        pair("spec.http[0].route[0].weight", "weight -10 < 0")
    );
}

#[test]
fn valid_objects_pass() {
    let vs = json!({"hosts": ["reviews", "reviews.example.com"], "gateways": ["mesh", "shop/gw"],
        "http": [{"match": [{"uri": {"regex": "^/api/v[0-9]+/.*"}, "headers": {"x-user": {"exact": "a"}}}],
                  "route": [{"destination": {"host": "reviews", "subset": "v1", "port": {"number": 9080}}, "weight": 90},
                            {"destination": {"host": "reviews", "subset": "v2"}, "weight": 10}],
                  "timeout": "2s", "retries": {"attempts": 3, "perTryTimeout": "500ms", "retryOn": "5xx,503,reset"},
                  "headers": {"request": {"set": {"x-a": "%HOSTNAME% 100%%"}}}}],
        "exportTo": [".", "other"]});
    assert_eq!(found("VirtualService", vs), []);
    let dr = json!({"host": "reviews", "subsets": [{"name": "v1", "labels": {"version": "v1"}}],
        "trafficPolicy": {"connectionPool": {"tcp": {"connectTimeout": "30ms"}}, "tls": {"mode": "ISTIO_MUTUAL"}}});
    assert_eq!(found("DestinationRule", dr), []);
    let gw = json!({"servers": [
        {"port": {"number": 443, "name": "https", "protocol": "HTTPS"}, "hosts": ["shop/a.example.com", "*"],
         "tls": {"mode": "SIMPLE", "credentialName": "cert"}},
        {"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": ["*.example.com"],
         "tls": {"httpsRedirect": true}}]});
    assert_eq!(found("Gateway", gw), []);
    let se = json!({"hosts": ["api.example.com"], "ports": [{"number": 443, "name": "https", "protocol": "TLS"}],
        "resolution": "DNS", "location": "MESH_EXTERNAL"});
    assert_eq!(found("ServiceEntry", se), []);
}

#[test]
fn hosts() {
    let gw = |host: &str| json!({"servers": [server(80, "HTTP", json!([host]))]});
    assert_eq!(
        one("Gateway", gw("reviews")),
        pair(
            "spec.servers[0].hosts[0]",
            "short names (non FQDN) are not allowed: `reviews`; write the fully qualified name, such as `reviews.NAMESPACE.svc.cluster.local`"
        )
    );
    assert_eq!(
        one("Gateway", gw("bad ns/a.example.com")),
        pair(
            "spec.servers[0].hosts[0]",
            "invalid namespace value `bad ns` in gateway"
        )
    );
    assert_eq!(
        found("Gateway", gw("a*.example.com")),
        [
            pair(
                "spec.servers[0].hosts[0]",
                "domain name `a*.example.com` invalid (label `a*` invalid)"
            ),
            pair(
                "spec.servers[0].hosts[0]",
                "partial wildcard `a*.example.com` not allowed"
            ),
        ]
    );
    assert_eq!(found("Gateway", gw("10.0.0.1")), []);
    let vs = |hosts: Value| json!({"hosts": hosts, "http": [{"route": [{"destination": {"host": "a"}}]}]});
    assert_eq!(
        one("VirtualService", vs(json!(["*"]))),
        pair(
            "spec.hosts[0]",
            "wildcard host * is not allowed for virtual services bound to the mesh gateway"
        )
    );
    assert_eq!(
        one(
            "VirtualService",
            vs(json!(["a.example.com", "*.example.com"]))
        ),
        pair(
            "spec.hosts[1]",
            "duplicate hosts in virtual service: a.example.com & *.example.com"
        )
    );
    assert_eq!(
        one("VirtualService", vs(json!(["a.example.123"]))),
        pair(
            "spec.hosts[0]",
            "domain name `a.example.123` invalid (top level domain `123` cannot be all-numeric)"
        )
    );
    assert_eq!(
        one("VirtualService", route_to(json!({"host": "*"}))),
        pair(
            "spec.http[0].route[0].destination.host",
            "invalid destination host *"
        )
    );
    assert_eq!(
        one("DestinationRule", json!({"host": "a_b.example.com"})),
        pair(
            "spec.host",
            "domain name `a_b.example.com` invalid (label `a_b` invalid)"
        )
    );
}

#[test]
fn export_to() {
    let vs = |export: Value| json!({"hosts": ["a"], "http": [{"route": [{"destination": {"host": "a"}}]}], "exportTo": export});
    assert_eq!(
        one("VirtualService", vs(json!(["*", "."]))),
        pair(
            "spec.exportTo",
            "cannot have both public (*) and non-public exportTo values for a resource"
        )
    );
    assert_eq!(
        one("VirtualService", vs(json!([".", "shop"]))),
        pair(
            "spec.exportTo[1]",
            "duplicate entries in exportTo for entry shop"
        )
    );
    assert_eq!(
        one("VirtualService", vs(json!(["~"]))),
        pair(
            "spec.exportTo[0]",
            "exportTo ~ (none) is not allowed for Istio configuration objects"
        )
    );
    let se = json!({"hosts": ["a.example.com"], "ports": [{"number": 80, "name": "http", "protocol": "HTTP"}],
                    "resolution": "DNS", "exportTo": ["~"]});
    assert_eq!(found("ServiceEntry", se), []);
}

#[test]
fn route_sections() {
    assert_eq!(
        one(
            "VirtualService",
            json!({"hosts": ["a"], "tls": [{"match": [{"sniHosts": ["a"]}]}]})
        ),
        pair("spec.tls[0].route", "TLS route is required")
    );
    assert_eq!(
        one(
            "VirtualService",
            json!({"hosts": ["a"], "tcp": [{"match": [{"port": 80}]}]})
        ),
        pair("spec.tcp[0].route", "TCP route is required")
    );
    assert_eq!(
        one(
            "VirtualService",
            json!({"hosts": ["a"], "http": [{"name": "x"}]})
        ),
        pair(
            "spec.http[0]",
            "HTTP route, redirect or direct_response is required"
        )
    );
    assert_eq!(
        one(
            "VirtualService",
            json!({"hosts": ["a.example.com"], "tls": [{"match": [{"sniHosts": ["b.example.com"]}],
                "route": [{"destination": {"host": "a"}}]}]})
        ),
        pair(
            "spec.tls[0].match[0].sniHosts[0]",
            "SNI host `b.example.com` is not a compatible subset of any of the virtual service hosts: [a.example.com]"
        )
    );
    assert_eq!(
        one(
            "VirtualService",
            json!({"hosts": ["a"], "http": [{"redirect": {"uri": "/b"},
                "route": [{"destination": {"host": "a"}}]}]})
        ),
        pair(
            "spec.http[0].route",
            "HTTP route cannot contain both route and redirect"
        )
    );
    assert_eq!(
        one(
            "VirtualService",
            json!({"hosts": ["a"], "http": [{"redirect": {"uri": "/b"}, "rewrite": {"uri": "/c"}}]})
        ),
        pair(
            "spec.http[0].rewrite",
            "HTTP route rule cannot contain both rewrite and redirect"
        )
    );
}

#[test]
fn delegates() {
    assert_eq!(
        one(
            "VirtualService",
            json!({"gateways": ["shop/gw"], "http": [{"route": [{"destination": {"host": "a"}}]}]})
        ),
        pair(
            "spec.gateways",
            "delegate virtual service must have no gateways specified"
        )
    );
    assert_eq!(
        one(
            "VirtualService",
            json!({"http": [{"delegate": {"name": "b"}, "route": [{"destination": {"host": "a"}}]}]})
        ),
        pair(
            "spec.http[0].delegate",
            "delegate HTTP route cannot contain delegate"
        )
    );
    assert_eq!(
        one(
            "VirtualService",
            json!({"hosts": ["a"], "http": [{"name": "root", "delegate": {"name": "b"},
                "route": [{"destination": {"host": "a"}}]}]})
        ),
        pair(
            "spec.http[0].route",
            "root HTTP route root must not specify route"
        )
    );
}

#[test]
fn regexes_compile_as_re2_does() {
    let vs = |re: &str| json!({"hosts": ["a"], "http": [{"match": [{"uri": {"regex": re}}], "route": [{"destination": {"host": "a"}}]}]});
    for ok in [
        "^/api/v[0-9]+/.*",
        "(?i)abc",
        "a{2,1000}",
        "\\Q.*\\E",
        "(?P<n>a)",
        "a*?b",
        "x{,3}",
        "[*+]+",
        "\\p{Greek}+\\x{41}*",
    ] {
        assert_eq!(found("VirtualService", vs(ok)), [], "{ok}");
    }
    for bad in [
        "(a", "a{1001}", "(?x)a", "\\<a", "a(?=b)", "(a)\\1", "a**", "a{2}*",
    ] {
        let all = found("VirtualService", vs(bad));
        assert_eq!(all.len(), 1, "{bad}: {all:?}");
        let (path, message) = all.into_iter().next().unwrap();
        assert_eq!(path, "spec.http[0].match[0].uri.regex", "{bad}");
        assert!(message.starts_with("`uri`: "), "{bad}: {message}");
        assert!(
            message.ends_with("(https://github.com/google/re2/wiki/Syntax)"),
            "{message}"
        );
    }
}

#[test]
fn retries_and_durations() {
    let retries = |r: Value| json!({"hosts": ["a"], "http": [{"route": [{"destination": {"host": "a"}}], "retries": r}]});
    assert_eq!(
        one(
            "VirtualService",
            retries(json!({"attempts": 0, "retryOn": "5xx"}))
        ),
        pair(
            "spec.http[0].retries.attempts",
            "http retry policy configured when attempts are set to 0 (disabled)"
        )
    );
    assert_eq!(
        one(
            "VirtualService",
            retries(json!({"attempts": 2, "retryOn": "5xx,sometimes"}))
        ),
        pair(
            "spec.http[0].retries.retryOn",
            "`sometimes` is not a valid retryOn policy"
        )
    );
    assert_eq!(
        one(
            "VirtualService",
            json!({"hosts": ["a"], "http": [{"route": [{"destination": {"host": "a"}}], "timeout": "1500us"}]})
        ),
        pair(
            "spec.http[0].timeout",
            "only durations to ms precision are supported"
        )
    );
}

#[test]
fn mirrors_faults_and_weights() {
    let http = |extra: Value| {
        let mut route = json!({"route": [{"destination": {"host": "a"}}]});
        for (k, v) in extra.as_object().unwrap() {
            route[k] = v.clone();
        }
        json!({"hosts": ["a"], "http": [route]})
    };
    assert_eq!(
        one(
            "VirtualService",
            http(json!({"mirror": {"host": "b"}, "mirrorPercentage": {"value": 150.0}}))
        ),
        pair(
            "spec.http[0].mirrorPercentage.value",
            "mirror_percentage must have a max value of 100 (it has 150)"
        )
    );
    assert_eq!(
        one(
            "VirtualService",
            http(json!({"fault": {"abort": {"httpStatus": 700}}}))
        ),
        pair(
            "spec.http[0].fault.abort.httpStatus",
            "HTTP status 700 is not in range 200-599"
        )
    );
    assert_eq!(
        one(
            "VirtualService",
            json!({"hosts": ["a"], "http": [{"route": [
                {"destination": {"host": "a", "subset": "v1"}, "weight": 0},
                {"destination": {"host": "a", "subset": "v2"}, "weight": 0}]}]})
        ),
        pair("spec.http[0].route", "total destination weight = 0")
    );
    assert_eq!(
        one(
            "VirtualService",
            http(json!({"headers": {"request": {"set": {":path": "/x"}}}}))
        ),
        pair(
            "spec.http[0].headers.request.set[:path]",
            "invalid header `:path`: header cannot have \":\" prefix"
        )
    );
    assert_eq!(
        one(
            "VirtualService",
            http(json!({"headers": {"response": {"add": {"x-a": "50%"}}}}))
        ),
        pair(
            "spec.http[0].headers.response.add[x-a]",
            "header value configuration: invalid header configuration. Un-escaped %"
        )
    );
}

#[test]
fn gateway_servers_and_tls() {
    let two = json!({"servers": [
        {"port": {"number": 80, "name": "web", "protocol": "HTTP"}, "hosts": ["a.example.com"]},
        {"port": {"number": 8080, "name": "web", "protocol": "HTTP"}, "hosts": ["a.example.com"]}]});
    assert_eq!(
        one("Gateway", two),
        pair(
            "spec.servers[1].port.name",
            "port names in servers must be unique: duplicate name web"
        )
    );
    assert_eq!(
        one(
            "Gateway",
            json!({"servers": [server(443, "HTTPS", json!(["a.example.com"]))]})
        ),
        pair(
            "spec.servers[0].tls",
            "server must have TLS settings for HTTPS/TLS protocols"
        )
    );
    let simple = json!({"servers": [{"port": {"number": 443, "name": "https", "protocol": "HTTPS"},
        "hosts": ["a.example.com"], "tls": {"mode": "SIMPLE", "serverCertificate": "/c.pem"}}]});
    assert_eq!(
        one("Gateway", simple),
        pair(
            "spec.servers[0].tls.privateKey",
            "SIMPLE TLS requires a private key"
        )
    );
    let mut dotted = object(
        "Gateway",
        json!({"servers": [server(80, "HTTP", json!(["a.example.com"]))]}),
    );
    dotted["metadata"]["name"] = json!("a.b");
    let v = Catalog::istio().validate(&dotted);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].path, "metadata.name");
    let meta = dotted["metadata"].as_object_mut().unwrap();
    meta.remove("name");
    meta.insert("generateName".into(), json!("gw.shop-"));
    let v = Catalog::istio().validate(&dotted);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].path, "metadata.generateName");
}

#[test]
fn destination_rules() {
    let dr = json!({"host": "a", "subsets": [{"name": "v1"}, {"name": "v1"}, {"name": "V_2"}]});
    assert_eq!(
        found("DestinationRule", dr),
        [
            pair("spec.subsets[1].name", "duplicate subset names: v1"),
            pair("spec.subsets[2].name", "subset name is invalid: V_2"),
        ]
    );
    assert_eq!(
        one("DestinationRule", json!({"host": "a", "trafficPolicy": {}})),
        pair(
            "spec.trafficPolicy",
            "traffic policy must have at least one field"
        )
    );
    assert_eq!(
        one(
            "DestinationRule",
            json!({"host": "a", "trafficPolicy": {"tls": {"mode": "MUTUAL", "privateKey": "/k"}}})
        ),
        pair(
            "spec.trafficPolicy.tls.clientCertificate",
            "client certificate required for mutual tls"
        )
    );
}

#[test]
fn service_entries() {
    // Duplicate port names and numbers are the schema's (CEL) to report.
    let se = json!({"hosts": ["*.example.com"], "ports": [{"number": 80, "name": "http", "protocol": "HTTP"}],
        "resolution": "DNS"});
    assert_eq!(
        one("ServiceEntry", se),
        pair(
            "spec.hosts[0]",
            "hosts must be FQDN if no endpoints are provided for resolution mode DNS"
        )
    );
    let static_se = json!({"hosts": ["a.example.com"], "ports": [{"number": 80, "name": "http", "protocol": "HTTP"}],
        "resolution": "STATIC", "endpoints": [{"address": "db.example.com", "ports": {"grpc": 90}}]});
    assert_eq!(
        found("ServiceEntry", static_se),
        [
            pair(
                "spec.endpoints[0].address",
                "endpoint address `db.example.com` is not a valid IP address"
            ),
            pair(
                "spec.endpoints[0].ports[grpc]",
                "endpoint port 90 is not defined by the service entry"
            ),
        ]
    );
    let tcp = json!({"hosts": ["a.example.com", "b.example.com"], "ports": [{"number": 5432, "name": "pg", "protocol": "TCP"}],
        "resolution": "DNS"});
    assert_eq!(
        one("ServiceEntry", tcp),
        pair(
            "spec.ports",
            "multiple hosts provided with non-HTTP, non-TLS ports"
        )
    );
}

#[test]
fn integers_written_as_floats_are_integers() {
    // The API server reads `80.0` and `1E1` as integers; so does the webhook.
    let se = json!({"hosts": ["a.example.com"], "ports": [{"number": 80.0, "name": "http", "protocol": "HTTP"}],
                    "resolution": "DNS"});
    assert_eq!(found("ServiceEntry", se), []);
}

#[test]
fn only_objects_the_schema_accepts_are_judged() {
    // A schema error hides the semantic ones: the webhook never sees such an object.
    let v = Catalog::istio().validate(&object(
        "Gateway",
        json!({"servers": [{"port": {"number": "x", "name": "a", "protocol": "HTTP"}, "hosts": ["a"]}]}),
    ));
    assert!(
        v.iter().all(|v| v.path != "spec.servers[0].hosts[0]"),
        "{v:?}"
    );
    assert_eq!(
        Catalog::istio().validate_schema(&object(
            "Gateway",
            json!({"servers": [server(70000, "HTTP", json!(["a"]))]})
        )),
        []
    );
}
