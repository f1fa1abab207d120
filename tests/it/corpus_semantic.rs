//! The differential corpus's semantic cases: documents the CRD schema accepts but
//! Istio's webhook judges, one or a few per rule (the three documents of issue [5/9]
//! first), plus their valid neighbours, so each rule is seen refusing and accepting.
//! They follow the seeded documents, so the seeded ones stay what they were.

use crate::corpus::{Doc, KINDS};
use serde_json::{Value, json};

fn route(host: &str) -> Value {
    json!([{"destination": {"host": host}}])
}

fn vs(spec: Value) -> (&'static str, Value) {
    ("VirtualService", spec)
}

fn http(extra: Value) -> (&'static str, Value) {
    let mut rule = json!({"route": route("reviews")});
    for (k, v) in extra.as_object().expect("an object") {
        rule[k] = v.clone();
    }
    vs(json!({"hosts": ["reviews"], "http": [rule]}))
}

fn gw(servers: Value) -> (&'static str, Value) {
    (
        "Gateway",
        json!({"selector": {"istio": "ingressgateway"}, "servers": servers}),
    )
}

fn server(number: u32, protocol: &str, host: &str) -> Value {
    json!({"port": {"number": number, "name": format!("p-{number}"), "protocol": protocol}, "hosts": [host]})
}

fn dr(spec: Value) -> (&'static str, Value) {
    ("DestinationRule", spec)
}

fn se(spec: Value) -> (&'static str, Value) {
    ("ServiceEntry", spec)
}

/// `(what, kind, spec)` of every case.
fn cases() -> Vec<(&'static str, (&'static str, Value))> {
    vec![
        // The three documents of the issue.
        (
            "gateway port 70000",
            gw(json!([server(70000, "HTTP", "a.example.com")])),
        ),
        (
            "destination port 70000",
            http(
                json!({"route": [{"destination": {"host": "reviews", "port": {"number": 70000}}}]}),
            ),
        ),
        (
            "weights -10 and 110",
            http(json!({"route": [
            {"destination": {"host": "reviews", "subset": "v1"}, "weight": -10},
            {"destination": {"host": "reviews", "subset": "v2"}, "weight": 110}]})),
        ),
        (
            "weights 0 and 0",
            http(json!({"route": [
            {"destination": {"host": "reviews", "subset": "v1"}, "weight": 0},
            {"destination": {"host": "reviews", "subset": "v2"}, "weight": 0}]})),
        ),
        (
            "weights 30 and 30",
            http(json!({"route": [
            {"destination": {"host": "reviews", "subset": "v1"}, "weight": 30},
            {"destination": {"host": "reviews", "subset": "v2"}, "weight": 30}]})),
        ),
        // Hosts.
        (
            "gateway short host",
            gw(json!([server(80, "HTTP", "reviews")])),
        ),
        (
            "gateway ns/short host",
            gw(json!([server(80, "HTTP", "shop/reviews")])),
        ),
        (
            "gateway ns/fqdn host",
            gw(json!([server(80, "HTTP", "shop/reviews.example.com")])),
        ),
        ("gateway */* host", gw(json!([server(80, "HTTP", "*/*")]))),
        (
            "gateway partial wildcard",
            gw(json!([server(80, "HTTP", "a*.example.com")])),
        ),
        (
            "gateway IP host",
            gw(json!([server(80, "HTTP", "10.0.0.1")])),
        ),
        (
            "gateway bad namespace",
            gw(json!([server(80, "HTTP", "Shop_1/a.example.com")])),
        ),
        (
            "mesh vs host *",
            vs(json!({"hosts": ["*"], "http": [{"route": route("reviews")}]})),
        ),
        (
            "gateway vs host *",
            vs(
                json!({"hosts": ["*"], "gateways": ["shop/gw"], "http": [{"route": route("reviews")}]}),
            ),
        ),
        (
            "duplicate vs hosts",
            vs(
                json!({"hosts": ["a.example.com", "*.example.com"], "http": [{"route": route("reviews")}]}),
            ),
        ),
        (
            "numeric top-level domain",
            vs(json!({"hosts": ["a.b.123"], "http": [{"route": route("reviews")}]})),
        ),
        ("destination host *", http(json!({"route": route("*")}))),
        (
            "destination host with _",
            http(json!({"route": route("a_b")})),
        ),
        (
            "se host *",
            se(
                json!({"hosts": ["*"], "ports": [{"number": 80, "name": "http", "protocol": "HTTP"}], "resolution": "NONE"}),
            ),
        ),
        (
            "se wildcard DNS no endpoints",
            se(
                json!({"hosts": ["*.example.com"], "ports": [{"number": 80, "name": "http", "protocol": "HTTP"}], "resolution": "DNS"}),
            ),
        ),
        (
            "se two hosts TCP",
            se(
                json!({"hosts": ["a.example.com", "b.example.com"], "ports": [{"number": 5432, "name": "pg", "protocol": "TCP"}], "resolution": "DNS"}),
            ),
        ),
        (
            "se two hosts HTTP",
            se(
                json!({"hosts": ["a.example.com", "b.example.com"], "ports": [{"number": 80, "name": "http", "protocol": "HTTP"}], "resolution": "DNS"}),
            ),
        ),
        (
            "se static hostname endpoint",
            se(
                json!({"hosts": ["a.example.com"], "ports": [{"number": 80, "name": "http", "protocol": "HTTP"}], "resolution": "STATIC", "endpoints": [{"address": "db.example.com"}]}),
            ),
        ),
        (
            "se endpoint undefined port",
            se(
                json!({"hosts": ["a.example.com"], "ports": [{"number": 80, "name": "http", "protocol": "HTTP"}], "resolution": "STATIC", "endpoints": [{"address": "10.0.0.1", "ports": {"grpc": 90}}]}),
            ),
        ),
        (
            "se bad port name",
            se(
                json!({"hosts": ["a.example.com"], "ports": [{"number": 80, "name": "Http_1", "protocol": "HTTP"}], "resolution": "DNS"}),
            ),
        ),
        // exportTo.
        (
            "exportTo * and .",
            vs(
                json!({"hosts": ["reviews"], "http": [{"route": route("reviews")}], "exportTo": ["*", "."]}),
            ),
        ),
        (
            "exportTo ~ on vs",
            vs(
                json!({"hosts": ["reviews"], "http": [{"route": route("reviews")}], "exportTo": ["~"]}),
            ),
        ),
        (
            "exportTo ~ on se",
            se(
                json!({"hosts": ["a.example.com"], "ports": [{"number": 80, "name": "http", "protocol": "HTTP"}], "resolution": "DNS", "exportTo": ["~"]}),
            ),
        ),
        (
            "exportTo bad namespace",
            dr(json!({"host": "reviews", "exportTo": ["Not_A_Namespace"]})),
        ),
        // Route sections.
        (
            "tls route without route",
            vs(
                json!({"hosts": ["a.example.com"], "tls": [{"match": [{"sniHosts": ["a.example.com"]}]}]}),
            ),
        ),
        (
            "tls route sni outside hosts",
            vs(
                json!({"hosts": ["a.example.com"], "tls": [{"match": [{"sniHosts": ["b.example.com"]}], "route": route("a.example.com")}]}),
            ),
        ),
        (
            "tcp route without route",
            vs(json!({"hosts": ["reviews"], "tcp": [{"match": [{"port": 31400}]}]})),
        ),
        (
            "http without route",
            vs(json!({"hosts": ["reviews"], "http": [{"name": "nothing"}]})),
        ),
        (
            "redirect and route",
            http(json!({"redirect": {"uri": "/b"}})),
        ),
        (
            "redirect and rewrite",
            vs(
                json!({"hosts": ["reviews"], "http": [{"redirect": {"uri": "/b"}, "rewrite": {"uri": "/c"}}]}),
            ),
        ),
        (
            "direct response 700",
            vs(json!({"hosts": ["reviews"], "http": [{"directResponse": {"status": 700}}]})),
        ),
        (
            "redirect code 200",
            vs(
                json!({"hosts": ["reviews"], "http": [{"redirect": {"uri": "/b", "redirectCode": 200}}]}),
            ),
        ),
        // Delegates.
        (
            "delegate with gateways",
            vs(json!({"gateways": ["shop/gw"], "http": [{"route": route("reviews")}]})),
        ),
        (
            "delegate with tcp",
            vs(json!({"tcp": [{"route": route("reviews")}]})),
        ),
        (
            "root route with route",
            vs(
                json!({"hosts": ["reviews"], "http": [{"name": "root", "delegate": {"name": "b", "namespace": "shop"}, "route": route("reviews")}]}),
            ),
        ),
        (
            "root route delegating",
            vs(
                json!({"hosts": ["reviews"], "http": [{"delegate": {"name": "b", "namespace": "shop"}}]}),
            ),
        ),
        // Regexes.
        (
            "regex lookahead",
            http(json!({"match": [{"uri": {"regex": "a(?=b)"}}]})),
        ),
        (
            "regex backreference",
            http(json!({"match": [{"uri": {"regex": "(a)\\1"}}]})),
        ),
        (
            "regex nested repeat",
            http(json!({"match": [{"uri": {"regex": "a**"}}]})),
        ),
        (
            "regex repeat 1001",
            http(json!({"match": [{"uri": {"regex": "a{1001}"}}]})),
        ),
        (
            "regex x flag",
            http(json!({"match": [{"uri": {"regex": "(?x)a b"}}]})),
        ),
        (
            "regex literal brace",
            http(json!({"match": [{"uri": {"regex": "x{,3}"}}]})),
        ),
        (
            "regex unicode class",
            http(json!({"match": [{"uri": {"regex": "\\p{Greek}+\\x{41}*"}}]})),
        ),
        (
            "warmup aggression 0.5",
            dr(
                json!({"host": "reviews", "trafficPolicy": {"loadBalancer": {"warmup": {"duration": "10s", "aggression": 0.5}}}}),
            ),
        ),
        (
            "ports as 80.0",
            se(
                json!({"hosts": ["a.example.com"], "ports": [{"number": 80.0, "name": "http", "protocol": "HTTP"}], "resolution": "DNS"}),
            ),
        ),
        (
            "regex quoted",
            http(json!({"match": [{"uri": {"regex": "\\Q.*\\E"}}]})),
        ),
        (
            "regex lazy",
            http(json!({"match": [{"uri": {"regex": "a*?b"}}]})),
        ),
        (
            "header regex empty",
            http(json!({"match": [{"headers": {"x-a": {"regex": ""}}}]})),
        ),
        (
            "header prefix empty",
            http(json!({"match": [{"headers": {"x-a": {"prefix": ""}}}]})),
        ),
        (
            "uri prefix empty",
            http(json!({"match": [{"uri": {"prefix": ""}}]})),
        ),
        (
            "header name with space",
            http(json!({"match": [{"headers": {"x a": {"exact": "b"}}}]})),
        ),
        // Headers, retries, durations, mirrors, faults.
        (
            "set :path header",
            http(json!({"headers": {"request": {"set": {":path": "/x"}}}})),
        ),
        (
            "remove host header",
            http(json!({"headers": {"request": {"remove": ["host"]}}})),
        ),
        (
            "header value lone %",
            http(json!({"headers": {"response": {"add": {"x-a": "50%"}}}})),
        ),
        (
            "header value %VAR%",
            http(json!({"headers": {"response": {"add": {"x-a": "%HOSTNAME%"}}}})),
        ),
        (
            "retries 0 attempts with retryOn",
            http(json!({"retries": {"attempts": 0, "retryOn": "5xx"}})),
        ),
        (
            "retries unknown retryOn",
            http(json!({"retries": {"attempts": 2, "retryOn": "5xx,sometimes"}})),
        ),
        (
            "retries status code retryOn",
            http(json!({"retries": {"attempts": 2, "retryOn": "503,retriable-4xx"}})),
        ),
        ("timeout 1500us", http(json!({"timeout": "1500us"}))),
        (
            "mirror percentage 150",
            http(json!({"mirror": {"host": "reviews"}, "mirrorPercentage": {"value": 150.0}})),
        ),
        (
            "mirror and mirrors",
            http(
                json!({"mirror": {"host": "reviews"}, "mirrors": [{"destination": {"host": "reviews"}}]}),
            ),
        ),
        (
            "fault abort 700",
            http(json!({"fault": {"abort": {"httpStatus": 700, "percentage": {"value": 1}}}})),
        ),
        ("fault empty", http(json!({"fault": {}}))),
        (
            "fault tiny percentage",
            http(
                json!({"fault": {"delay": {"fixedDelay": "1s", "percentage": {"value": 0.00001}}}}),
            ),
        ),
        (
            "cors bad method",
            http(json!({"corsPolicy": {"allowMethods": ["FETCH"]}})),
        ),
        (
            "cors maxAge 1.5s",
            http(json!({"corsPolicy": {"maxAge": "1.5s"}})),
        ),
        ("rewrite empty", http(json!({"rewrite": {}}))),
        (
            "authority twice",
            http(
                json!({"rewrite": {"authority": "a"}, "headers": {"request": {"set": {"host": "b"}}}}),
            ),
        ),
        (
            "subset name with _",
            http(json!({"route": [{"destination": {"host": "reviews", "subset": "v_1"}}]})),
        ),
        (
            "gateway name with dot",
            vs(
                json!({"hosts": ["reviews"], "gateways": ["shop/gw.x"], "http": [{"route": route("reviews")}]}),
            ),
        ),
        (
            "match source namespace",
            http(json!({"match": [{"sourceNamespace": "Bad_NS"}]})),
        ),
        (
            "match port 0 means any",
            http(json!({"match": [{"port": 0}]})),
        ),
        // Gateways.
        (
            "duplicate server port names",
            gw(json!([
            {"port": {"number": 80, "name": "web", "protocol": "HTTP"}, "hosts": ["a.example.com"]},
            {"port": {"number": 8080, "name": "web", "protocol": "HTTP"}, "hosts": ["b.example.com"]}])),
        ),
        (
            "https without tls",
            gw(json!([server(443, "HTTPS", "a.example.com")])),
        ),
        (
            "http with SIMPLE tls",
            gw(
                json!([{"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": ["a.example.com"], "tls": {"mode": "SIMPLE", "credentialName": "c"}}]),
            ),
        ),
        (
            "tcp with tls",
            gw(
                json!([{"port": {"number": 9000, "name": "tcp", "protocol": "TCP"}, "hosts": ["a.example.com"], "tls": {"mode": "PASSTHROUGH"}}]),
            ),
        ),
        (
            "SIMPLE without certificate",
            gw(
                json!([{"port": {"number": 443, "name": "https", "protocol": "HTTPS"}, "hosts": ["a.example.com"], "tls": {"mode": "SIMPLE"}}]),
            ),
        ),
        (
            "MUTUAL without CA",
            gw(
                json!([{"port": {"number": 443, "name": "https", "protocol": "HTTPS"}, "hosts": ["a.example.com"], "tls": {"mode": "MUTUAL", "serverCertificate": "/c", "privateKey": "/k"}}]),
            ),
        ),
        (
            "ISTIO_MUTUAL with credential",
            gw(
                json!([{"port": {"number": 443, "name": "https", "protocol": "HTTPS"}, "hosts": ["a.example.com"], "tls": {"mode": "ISTIO_MUTUAL", "credentialName": "c"}}]),
            ),
        ),
        (
            "server protocol FTP",
            gw(json!([server(21, "FTP", "a.example.com")])),
        ),
        (
            "server targetPort",
            gw(
                json!([{"port": {"number": 80, "targetPort": 8080, "name": "http", "protocol": "HTTP"}, "hosts": ["a.example.com"]}]),
            ),
        ),
        // DestinationRules.
        (
            "duplicate subsets",
            dr(json!({"host": "reviews", "subsets": [{"name": "v1"}, {"name": "v1"}]})),
        ),
        (
            "subset label value",
            dr(
                json!({"host": "reviews", "subsets": [{"name": "v1", "labels": {"version": "-v1"}}]}),
            ),
        ),
        (
            "empty traffic policy",
            dr(json!({"host": "reviews", "trafficPolicy": {}})),
        ),
        (
            "empty connection pool",
            dr(json!({"host": "reviews", "trafficPolicy": {"connectionPool": {}}})),
        ),
        (
            "MUTUAL client without cert",
            dr(json!({"host": "reviews", "trafficPolicy": {"tls": {"mode": "MUTUAL"}}})),
        ),
        (
            "SIMPLE skip verify with CA",
            dr(
                json!({"host": "reviews", "trafficPolicy": {"tls": {"mode": "SIMPLE", "insecureSkipVerify": true, "caCertificates": "/ca"}}}),
            ),
        ),
        (
            "maglev table 100",
            dr(
                json!({"host": "reviews", "trafficPolicy": {"loadBalancer": {"consistentHash": {"httpHeaderName": "x", "maglev": {"tableSize": 100}}}}}),
            ),
        ),
        (
            "local origin without split",
            dr(
                json!({"host": "reviews", "trafficPolicy": {"outlierDetection": {"consecutiveLocalOriginFailures": 3}}}),
            ),
        ),
        (
            "outlier interval 1500us",
            dr(
                json!({"host": "reviews", "trafficPolicy": {"outlierDetection": {"interval": "1500us"}}}),
            ),
        ),
        (
            "port setting without fields",
            dr(
                json!({"host": "reviews", "trafficPolicy": {"portLevelSettings": [{"port": {"number": 80}}]}}),
            ),
        ),
        ("dr host *", dr(json!({"host": "*"}))),
    ]
}

/// The semantic cases as corpus documents, numbered from `first`.
pub fn docs(first: usize) -> Vec<Doc> {
    cases()
        .into_iter()
        .enumerate()
        .map(|(n, (what, (kind, spec)))| {
            let id = first + n;
            let name = format!("d-{id:05}");
            let plural = KINDS
                .iter()
                .find(|(k, _)| *k == kind)
                .map(|(_, p)| *p)
                .expect("a corpus kind");
            let object = json!({
                "apiVersion": "networking.istio.io/v1",
                "kind": kind,
                "metadata": {"name": name},
                "spec": spec,
            });
            Doc {
                id,
                group: "networking.istio.io",
                kind,
                plural,
                version: "v1".to_string(),
                category: "semantic",
                mutation: what.to_string(),
                text: serde_json::to_string(&object).expect("JSON"),
                name: Some(name),
                origin: "semantic",
            }
        })
        .collect()
}
