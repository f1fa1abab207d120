//! Validation against Istio 1.30.3's CRD schemas: the library on valid and invalid
//! objects (each invalid one with the exact field path reported), the freshness of the
//! derived schema data, and `meshctl validate` as a built binary.

use crate::support::cli::{meshctl, run, run_cmd, run_with_stdin};
use meshctl::core::schema::{
    Catalog, GATEWAY_API_CRD_FILES, GATEWAY_API_CRDS_SOURCE, ISTIO_CRDS_SOURCE, Violation, derive,
};
use meshctl::core::yaml::parse_documents;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate")
}

fn doc(yaml: &str) -> Value {
    let mut docs = parse_documents(yaml).expect("test YAML parses");
    assert_eq!(docs.len(), 1, "one document per case");
    docs.remove(0).value
}

fn violations(yaml: &str) -> Vec<Violation> {
    Catalog::istio().validate(&doc(yaml))
}

#[test]
#[allow(clippy::print_stderr)] // the note is for the developer running the tests
fn derived_schemas_are_fresh() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join(ISTIO_CRDS_SOURCE);
    let crds = match std::fs::read_to_string(&source) {
        Ok(text) => text,
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("the Istio CRDs must be present in CI ({e}): {ISTIO_CRDS_SOURCE}")
        }
        Err(_) => {
            eprintln!("note: {ISTIO_CRDS_SOURCE} is missing; freshness not checked");
            return;
        }
    };
    let derived = derive::derive_text(&crds).expect("the CRDs derive");
    let kept = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/istio-1.30.3.json"),
    )
    .expect("schemas/istio-1.30.3.json is readable");
    assert!(
        derived == kept,
        "schemas/istio-1.30.3.json is stale: run `cargo run --example derive_schemas`"
    );
    // Every CRD and every served version of the source is in the catalog.
    let from_source = Catalog::from_crd_yaml(&crds).unwrap();
    assert_eq!(from_source.crds(), Catalog::istio().crds());
    assert_eq!(from_source.crds().len(), 15);
}

#[test]
#[allow(clippy::print_stderr)] // the note is for the developer running the tests
fn derived_gateway_api_schemas_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut crds = String::new();
    for file in GATEWAY_API_CRD_FILES {
        match std::fs::read_to_string(root.join(GATEWAY_API_CRDS_SOURCE).join(file)) {
            Ok(text) => {
                crds.push_str(&text);
                crds.push_str("\n---\n");
            }
            Err(e) if std::env::var_os("CI").is_some() => {
                panic!(
                    "the Gateway API CRDs must be present in CI ({e}): {GATEWAY_API_CRDS_SOURCE}/{file}"
                )
            }
            Err(_) => {
                eprintln!("note: {GATEWAY_API_CRDS_SOURCE} is missing; freshness not checked");
                return;
            }
        }
    }
    let derived = derive::derive_text(&crds).expect("the CRDs derive");
    let kept = std::fs::read_to_string(root.join("schemas/gateway-api-v1.4.1.json"))
        .expect("schemas/gateway-api-v1.4.1.json is readable");
    assert!(
        derived == kept,
        "schemas/gateway-api-v1.4.1.json is stale: run `cargo run --example derive_schemas`"
    );
    let from_source = Catalog::from_crd_yaml(&crds).unwrap();
    assert_eq!(from_source.crds(), Catalog::gateway_api().crds());
    let kinds: Vec<&str> = from_source.crds().iter().map(|c| c.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "GatewayClass",
            "Gateway",
            "HTTPRoute",
            "GRPCRoute",
            "ReferenceGrant",
            "BackendTLSPolicy"
        ]
    );
}

#[test]
fn valid_documents_have_no_violations() {
    let mut count = 0;
    let dir = fixtures().join("valid");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for d in parse_documents(&text).unwrap() {
            if !Catalog::builtin().knows_group(d.value["apiVersion"].as_str().unwrap_or("")) {
                continue;
            }
            count += 1;
            let found = Catalog::builtin().validate(&d.value);
            assert!(
                found.is_empty(),
                "{}:{} should be valid, found {found:#?}",
                file.display(),
                d.line
            );
        }
    }
    assert!(count >= 20, "only {count} valid documents checked");
}

/// A VirtualService with one route; cases replace parts of it.
const VS: &str = "apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: WEIGHT
";

/// (case, document, expected (path, part of the message) of every violation)
type Case = (&'static str, String, Vec<(&'static str, &'static str)>);

fn invalid_cases() -> Vec<Case> {
    let vs = |weight: &str| VS.replace("WEIGHT", weight);
    let vs_http = |http: &str| {
        format!(
            "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {{name: r}}\nspec:\n  hosts: [r]\n  http:\n{http}"
        )
    };
    let kind = |api: &str, kind: &str, spec: &str| {
        format!(
            "apiVersion: {api}\nkind: {kind}\nmetadata: {{name: x, namespace: default}}\nspec:\n{spec}"
        )
    };
    let net = "networking.istio.io/v1";
    vec![
        (
            "weight as a string",
            vs("\"90\""),
            vec![("spec.http[0].route[0].weight", "must be of type integer")],
        ),
        (
            "weight as a fraction",
            vs("12.5"),
            vec![("spec.http[0].route[0].weight", "must be of type integer")],
        ),
        (
            "weight beyond int32",
            vs("3000000000"),
            vec![("spec.http[0].route[0].weight", "int32")],
        ),
        (
            "unknown field in a route",
            vs_http("  - rout:\n    - destination: {host: r}\n"),
            vec![("spec.http[0].rout", "unknown field")],
        ),
        (
            "unknown field in spec",
            kind(net, "DestinationRule", "  host: r\n  hostz: r\n"),
            vec![("spec.hostz", "unknown field")],
        ),
        (
            "unknown field at the root",
            format!(
                "{}specs: {{}}\n",
                kind(net, "DestinationRule", "  host: r\n")
            ),
            vec![("specs", "unknown field")],
        ),
        (
            "timeout below 1ms",
            vs_http("  - route:\n    - destination: {host: r}\n    timeout: 1ns\n"),
            vec![(
                "spec.http[0].timeout",
                "must be a valid duration greater than 1ms",
            )],
        ),
        (
            "timeout that is no duration",
            vs_http("  - route:\n    - destination: {host: r}\n    timeout: abc\n"),
            vec![(
                "spec.http[0].timeout",
                "must be a valid duration greater than 1ms",
            )],
        ),
        (
            "retry attempts as a word",
            vs_http("  - route:\n    - destination: {host: r}\n    retries: {attempts: three}\n"),
            vec![("spec.http[0].retries.attempts", "must be of type integer")],
        ),
        (
            "uri match with two kinds (oneOf)",
            vs_http(
                "  - match:\n    - uri: {exact: /a, prefix: /b}\n    route:\n    - destination: {host: r}\n",
            ),
            vec![(
                "spec.http[0].match[0].uri",
                "only one of `exact`, `prefix`, `regex` may be set",
            )],
        ),
        (
            "destination without host",
            vs_http("  - route:\n    - destination: {subset: v1}\n"),
            vec![("spec.http[0].route[0].destination.host", "required value")],
        ),
        (
            "abort status as a string",
            vs_http(
                "  - route:\n    - destination: {host: r}\n    fault: {abort: {httpStatus: \"503\", percentage: {value: 1}}}\n",
            ),
            vec![(
                "spec.http[0].fault.abort.httpStatus",
                "must be of type integer",
            )],
        ),
        (
            "gateway TLS mode not in the enum",
            kind(
                net,
                "Gateway",
                "  servers:\n  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: [a.example.com]\n    tls: {mode: SIMPLEX}\n",
            ),
            vec![("spec.servers[0].tls.mode", "unsupported value \"SIMPLEX\"")],
        ),
        (
            "gateway server without port",
            kind(net, "Gateway", "  servers:\n  - hosts: [a.example.com]\n"),
            vec![("spec.servers[0].port", "required value")],
        ),
        (
            "gateway port number as a string",
            kind(
                net,
                "Gateway",
                "  servers:\n  - port: {number: http, name: http, protocol: HTTP}\n    hosts: ['*']\n",
            ),
            vec![("spec.servers[0].port.number", "must be of type integer")],
        ),
        (
            "gateway server with two credential kinds",
            kind(
                net,
                "Gateway",
                "  servers:\n  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ['*']\n    tls: {mode: SIMPLE, credentialName: a, credentialNames: [b]}\n",
            ),
            vec![(
                "spec.servers[0].tls",
                "only one of credentialName or credentialNames can be set",
            )],
        ),
        (
            "destination rule without host",
            kind(
                net,
                "DestinationRule",
                "  subsets:\n  - {name: v1, labels: {version: v1}}\n",
            ),
            vec![("spec.host", "required value")],
        ),
        (
            "subset without name",
            kind(
                net,
                "DestinationRule",
                "  host: r\n  subsets:\n  - labels: {version: v1}\n",
            ),
            vec![("spec.subsets[0].name", "required value")],
        ),
        (
            "load balancer with simple and consistentHash (oneOf)",
            kind(
                net,
                "DestinationRule",
                "  host: r\n  trafficPolicy:\n    loadBalancer:\n      simple: ROUND_ROBIN\n      consistentHash: {useSourceIp: true}\n",
            ),
            vec![(
                "spec.trafficPolicy.loadBalancer",
                "only one of `simple`, `consistentHash` may be set (found `simple`, `consistentHash`)",
            )],
        ),
        (
            "load balancer not in the enum",
            kind(
                net,
                "DestinationRule",
                "  host: r\n  trafficPolicy: {loadBalancer: {simple: FASTEST}}\n",
            ),
            vec![(
                "spec.trafficPolicy.loadBalancer.simple",
                "unsupported value \"FASTEST\"",
            )],
        ),
        (
            "connection pool beyond int32",
            kind(
                net,
                "DestinationRule",
                "  host: r\n  trafficPolicy: {connectionPool: {http: {http1MaxPendingRequests: 3000000000}}}\n",
            ),
            vec![(
                "spec.trafficPolicy.connectionPool.http.http1MaxPendingRequests",
                "int32",
            )],
        ),
        (
            "outlier detection interval below 1ms",
            kind(
                net,
                "DestinationRule",
                "  host: r\n  trafficPolicy: {outlierDetection: {interval: 0s}}\n",
            ),
            vec![(
                "spec.trafficPolicy.outlierDetection.interval",
                "must be a valid duration greater than 1ms",
            )],
        ),
        (
            "service entry host wildcard alone",
            kind(
                net,
                "ServiceEntry",
                "  hosts: ['*']\n  ports: [{number: 80, name: http, protocol: HTTP}]\n  resolution: DNS\n",
            ),
            vec![("spec.hosts[0]", "hostname cannot be wildcard")],
        ),
        (
            "service entry port out of range",
            kind(
                net,
                "ServiceEntry",
                "  hosts: [a.example.com]\n  ports: [{number: 70000, name: http, protocol: HTTP}]\n  resolution: DNS\n",
            ),
            vec![("spec.ports[0].number", "port must be between 1-65535")],
        ),
        (
            "service entry duplicate port numbers",
            kind(
                net,
                "ServiceEntry",
                "  hosts: [a.example.com]\n  ports:\n  - {number: 80, name: http, protocol: HTTP}\n  - {number: 80, name: http2, protocol: HTTP}\n  resolution: DNS\n",
            ),
            vec![("spec.ports", "port number cannot be duplicated")],
        ),
        (
            "service entry without hosts",
            kind(
                net,
                "ServiceEntry",
                "  ports: [{number: 80, name: http, protocol: HTTP}]\n",
            ),
            vec![("spec.hosts", "required value")],
        ),
        (
            "service entry NONE resolution with endpoints",
            kind(
                net,
                "ServiceEntry",
                "  hosts: [a.example.com]\n  resolution: NONE\n  endpoints: [{address: 1.1.1.1}]\n",
            ),
            vec![("spec", "NONE mode cannot set endpoints")],
        ),
        (
            "service entry endpoint with a bad port name",
            kind(
                net,
                "ServiceEntry",
                "  hosts: [a.example.com]\n  resolution: STATIC\n  endpoints: [{address: 1.1.1.1, ports: {'-bad-': 80}}]\n",
            ),
            vec![("spec.endpoints[0].ports", "port name must be valid")],
        ),
        (
            "service entry endpoint without address",
            kind(
                net,
                "ServiceEntry",
                "  hosts: [a.example.com]\n  resolution: STATIC\n  endpoints: [{labels: {a: b}}]\n",
            ),
            vec![("spec.endpoints[0]", "Address is required")],
        ),
        (
            "wildcard in a label value match",
            kind(
                "security.istio.io/v1",
                "AuthorizationPolicy",
                "  selector: {matchLabels: {app: '*'}}\n",
            ),
            vec![(
                "spec.selector.matchLabels[app]",
                "wildcard not allowed in label value match",
            )],
        ),
        (
            "selector and targetRef together",
            kind(
                "security.istio.io/v1",
                "AuthorizationPolicy",
                "  selector: {matchLabels: {app: a}}\n  targetRef: {kind: Gateway, group: gateway.networking.k8s.io, name: g}\n",
            ),
            vec![("spec", "only one of targetRefs or selector can be set")],
        ),
        (
            "peer authentication mode not in the enum",
            kind(
                "security.istio.io/v1",
                "PeerAuthentication",
                "  mtls: {mode: STRICTER}\n",
            ),
            vec![("spec.mtls.mode", "unsupported value \"STRICTER\"")],
        ),
        (
            "port-level mTLS without a selector",
            kind(
                "security.istio.io/v1",
                "PeerAuthentication",
                "  portLevelMtls: {'8080': {mode: DISABLE}}\n",
            ),
            vec![("spec", "portLevelMtls requires selector")],
        ),
        (
            "JWKS URI with an ftp scheme",
            kind(
                "security.istio.io/v1",
                "RequestAuthentication",
                "  jwtRules: [{issuer: a, jwksUri: 'ftp://example.com/jwks'}]\n",
            ),
            vec![(
                "spec.jwtRules[0].jwksUri",
                "url must have scheme http:// or https://",
            )],
        ),
        (
            "sampling percentage above 100",
            kind(
                "telemetry.istio.io/v1",
                "Telemetry",
                "  tracing: [{randomSamplingPercentage: 150}]\n",
            ),
            vec![(
                "spec.tracing[0].randomSamplingPercentage",
                "must be less than or equal to 100",
            )],
        ),
        (
            "wasm plugin without url",
            kind(
                "extensions.istio.io/v1alpha1",
                "WasmPlugin",
                "  phase: AUTHN\n",
            ),
            vec![("spec.url", "required value")],
        ),
        (
            "name with capitals",
            VS.replace("WEIGHT", "100")
                .replace("name: reviews", "name: Reviews"),
            vec![("metadata.name", "RFC 1123 subdomain")],
        ),
        (
            "no name",
            VS.replace("WEIGHT", "100").replace("name: reviews, ", ""),
            vec![("metadata.name", "required value")],
        ),
        (
            "namespace with a dot",
            VS.replace("WEIGHT", "100")
                .replace("namespace: default", "namespace: a.b"),
            vec![("metadata.namespace", "RFC 1123 label")],
        ),
        (
            "bad label value and key",
            VS.replace("WEIGHT", "100").replace(
                "namespace: default",
                "namespace: default, labels: {app: -x-, 'a b': c}",
            ),
            vec![
                ("metadata.labels[app]", "at most 63"),
                ("metadata.labels[a b]", "qualified name"),
            ],
        ),
        (
            "unknown metadata field",
            VS.replace("WEIGHT", "100")
                .replace("namespace: default", "namespace: default, lables: {}"),
            vec![("metadata.lables", "unknown field")],
        ),
        (
            "unknown kind in an Istio group",
            VS.replace("WEIGHT", "100")
                .replace("kind: VirtualService", "kind: VirtualServic"),
            vec![(
                "kind",
                "unknown kind `VirtualServic` in `networking.istio.io`",
            )],
        ),
        (
            "version the kind is not served in",
            VS.replace("WEIGHT", "100")
                .replace("networking.istio.io/v1", "networking.istio.io/v2"),
            vec![(
                "apiVersion",
                "served versions: `networking.istio.io/v1`, `networking.istio.io/v1beta1`, `networking.istio.io/v1alpha3`",
            )],
        ),
        (
            "no kind",
            VS.replace("WEIGHT", "100")
                .replace("kind: VirtualService\n", ""),
            vec![("kind", "required value")],
        ),
    ]
}

#[test]
fn invalid_documents_report_the_exact_field_path() {
    let cases = invalid_cases();
    assert!(cases.len() >= 25);
    let mut failures = Vec::new();
    for (name, yaml, expected) in &cases {
        let found = violations(yaml);
        let matches = found.len() == expected.len()
            && expected
                .iter()
                .all(|(p, m)| found.iter().any(|v| v.path == *p && v.message.contains(m)));
        if !matches {
            failures.push(format!("{name}: expected {expected:?}\n  found {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_null_field_that_is_not_nullable_is_dropped_like_the_api_server_does() {
    let yaml = VS.replace("WEIGHT", "null");
    assert_eq!(violations(&yaml), Vec::new());
}

#[test]
fn validate_as_uses_the_given_version() {
    let object = doc(&VS.replace("WEIGHT", "\"x\""));
    let found =
        Catalog::istio().validate_as("networking.istio.io/v1beta1", "VirtualService", &object);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "spec.http[0].route[0].weight");
    let found = Catalog::istio().validate_as("networking.istio.io/v9", "VirtualService", &object);
    assert_eq!(found[0].path, "apiVersion");
}

#[test]
fn schema_features_istio_does_not_use_are_checked_too() {
    let crd = std::fs::read_to_string(fixtures().join("widget-crd.yaml")).unwrap();
    let catalog = Catalog::from_crd_yaml(&crd).unwrap();
    let widget = catalog.find("example.com/v1", "Widget").unwrap();
    assert_eq!(widget.versions, ["v1", "v1beta1"]);
    assert_eq!(widget.short_names, ["wd"]);
    assert!(widget.status_subresource);
    let base = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  size: 5\n";
    let ok = format!(
        "{base}  limit: 9\n  ratio: null\n  port: http\n  tags: [a, b]\n  ports: [{{name: a, number: 1}}, {{name: b}}]\n  labels: {{x: z}}\n  target: {{ip: 10.0.0.1}}\n  mode: new\n  extra: {{anything: [1]}}\nstatus: {{free: form}}\n"
    );
    assert_eq!(catalog.validate(&doc(&ok)), Vec::new());
    let cases: &[(&str, &str, &str)] = &[
        ("  limit: 3\n", "spec.size", "size 5 exceeds limit 3"),
        (
            "  note: forbidden\n",
            "spec",
            "failed rule: !has(self.note)",
        ),
        (
            "  note: Capital\n",
            "spec.note",
            "must match the pattern `^[a-z ]*$`",
        ),
        (
            "  note: much too long for this field\n",
            "spec.note",
            "at most 20 characters",
        ),
        ("  limit: 100\n", "spec.limit", "must be less than 100"),
        ("  ratio: 0.7\n", "spec.ratio", "must be a multiple of 0.5"),
        (
            "  port: [80]\n",
            "spec.port",
            "must be an integer or a string",
        ),
        ("  tags: []\n", "spec.tags", "must have at least 1 items"),
        ("  tags: [a, a]\n", "spec.tags[1]", "duplicate value"),
        (
            "  ports: [{name: a}, {name: a}]\n",
            "spec.ports[1]",
            "duplicate entry with key name=\"a\"",
        ),
        (
            "  ports: [{number: 1}]\n",
            "spec.ports[0].name",
            "required value",
        ),
        (
            "  labels: {a: '', b: c}\n",
            "spec.labels[a]",
            "at least 1 characters",
        ),
        (
            "  labels: {a: b, c: d, e: f}\n",
            "spec.labels",
            "at most 2 properties",
        ),
        (
            "  target: {}\n",
            "spec.target",
            "must set at least one of `host`, `ip`",
        ),
        (
            "  target: {ip: 300.1.1.1}\n",
            "spec.target.ip",
            "must be a valid ipv4",
        ),
        (
            "  mode: legacy\n",
            "spec.mode",
            "must not match the schema in `not`",
        ),
        (
            "  ports: [{name: a, number: 2147483648}]\n",
            "spec.ports[0].number",
            "int32",
        ),
        ("  bogus: 1\n", "spec.bogus", "unknown field"),
        (
            "  tags: null\n  size: null\n",
            "spec.size",
            "required value",
        ),
    ];
    let base_without_size = base.replace("  size: 5\n", "");
    for (extra, path, message) in cases {
        let yaml = if extra.contains("size: null") {
            format!("{base_without_size}{extra}")
        } else {
            format!("{base}{extra}")
        };
        let found = catalog.validate(&doc(&yaml));
        assert!(
            found.len() == 1 && found[0].path == *path && found[0].message.contains(message),
            "{extra:?}: expected {path}: {message}, found {found:?}"
        );
    }
    // Defaults are filled in before rules run, as the API server does.
    let big = base.replace("size: 5", "size: 50");
    let found = catalog.validate(&doc(&big));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].message, "size 50 exceeds limit 10");
    // The older version preserves everything.
    let loose =
        "apiVersion: example.com/v1beta1\nkind: Widget\nmetadata: {name: w}\nspec: {anything: 1}\n";
    assert_eq!(catalog.validate(&doc(loose)), Vec::new());
}

// --- `meshctl validate`, the built binary ---

/// Runs `meshctl ARGS` in the fixtures folder, so paths in the output are relative.
fn validate(args: &[&str]) -> crate::support::cli::Run {
    run_cmd(meshctl().current_dir(fixtures()).args(args), None)
}

#[test]
fn cli_valid_directory_passes_and_skips_other_kinds() {
    let run = validate(&["validate", "-R", "-f", "valid"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn cli_verbose_names_the_skipped_documents() {
    let run = validate(&["validate", "-v", "-f", "valid/service.yml"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn cli_invalid_file_lists_findings_and_exits_79() {
    let run = validate(&[
        "validate",
        "-f",
        "invalid/mesh.yaml",
        "-f",
        "valid/gateways.yaml",
    ]);
    assert_eq!(run.code, 79);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn cli_gateway_api_findings_come_from_the_crds_cel_rules() {
    let run = validate(&["validate", "-f", "invalid/gateway-api.yaml"]);
    assert_eq!(run.code, 79, "{}", run.snapshot());
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn cli_findings_as_json_and_yaml() {
    let run = validate(&["validate", "-f", "invalid/mesh.yaml", "-o", "json"]);
    assert_eq!(run.code, 79);
    let findings: Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert_eq!(findings.as_array().map(Vec::len), Some(2));
    insta::assert_snapshot!(run.snapshot());
    let run = validate(&["validate", "-f", "invalid/mesh.yaml", "-o", "yaml", "-q"]);
    assert_eq!(run.code, 79);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn cli_yaml_syntax_error_is_a_finding_with_its_line() {
    let run = validate(&["validate", "-f", "syntax/broken.yaml"]);
    assert_eq!(run.code, 79);
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn cli_missing_file_is_an_error_naming_it() {
    let run = validate(&["validate", "-f", "valid", "-f", "no/such.yaml"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    insta::assert_snapshot!(run.snapshot());
}

#[test]
fn cli_reads_stdin() {
    let input = std::fs::read_to_string(fixtures().join("invalid/mesh.yaml")).unwrap();
    let run = run_with_stdin(&["validate", "-n", "shop", "-f", "-"], &input);
    assert_eq!(run.code, 79);
    insta::assert_snapshot!(run.snapshot());
    let valid = std::fs::read_to_string(fixtures().join("valid/gateways.yaml")).unwrap();
    let run = run_with_stdin(&["validate", "-f", "-"], &valid);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(run.stderr, "✔ 4 objects valid\n");
}

#[test]
fn cli_without_files_is_a_usage_error() {
    let run = run(&["validate"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--filename <FILE|DIR|->"),
        "{}",
        run.stderr
    );
}
