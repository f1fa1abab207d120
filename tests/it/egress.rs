//! `meshctl egress allow|list|revoke` against the real kube-apiserver: the objects Istio's
//! egress gateway pattern needs are created, listed, and revoked without touching
//! objects meshctl did not create.

use crate::support::cli::{Run, meshctl, run_cmd};
use crate::support::kube::{KubeTest, Options};
use serde_json::{Value, json};

const SE: &str = "serviceentries.networking.istio.io";
const GW: &str = "gateways.networking.istio.io";
const DR: &str = "destinationrules.networking.istio.io";
const VS: &str = "virtualservices.networking.istio.io";

fn server() -> KubeTest {
    KubeTest::start(Options {
        namespaces: vec!["shop".into()],
        ..Default::default()
    })
}

fn mc(server: &KubeTest, args: &[&str]) -> Run {
    let mut cmd = meshctl();
    cmd.arg("--kubeconfig")
        .arg(server.kubeconfig_path())
        .args(["-n", &server.ns("shop")])
        .args(args);
    server.filter_run(run_cmd(&mut cmd, None))
}

fn names(server: &KubeTest, resource: &str) -> Vec<String> {
    let mut out: Vec<String> = server
        .list(resource, Some("shop"))
        .iter()
        .map(|o| o["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn allow_via_gateway_then_list_then_revoke_only_what_meshctl_made() {
    let server = server();
    // A ServiceEntry written by hand for the same host must survive the revoke.
    server.seed(json!({
        "apiVersion": "networking.istio.io/v1", "kind": "ServiceEntry",
        "metadata": {"name": "stripe-by-hand", "namespace": "shop"},
        "spec": {"hosts": ["api.stripe.com"], "ports": [{"number": 443, "name": "tls", "protocol": "TLS"}],
                 "resolution": "DNS", "location": "MESH_EXTERNAL"}
    }));

    let run = mc(
        &server,
        &["egress", "allow", "api.stripe.com", "--via-gateway"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "serviceentry.networking.istio.io/egress-api-stripe-com created\n\
         gateway.networking.istio.io/egress-api-stripe-com created\n\
         destinationrule.networking.istio.io/egress-api-stripe-com created\n\
         virtualservice.networking.istio.io/egress-api-stripe-com created\n"
    );
    let vs = server.get(VS, "shop", "egress-api-stripe-com").unwrap();
    assert_eq!(
        vs["spec"]["tls"][1]["route"][0]["destination"]["host"],
        "api.stripe.com"
    );
    let gw = server.get(GW, "shop", "egress-api-stripe-com").unwrap();
    assert_eq!(gw["spec"]["selector"], json!({"istio": "egressgateway"}));

    let run = mc(
        &server,
        &["egress", "allow", "edition.cnn.com", "--port", "80"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let se = server.get(SE, "shop", "egress-edition-cnn-com").unwrap();
    assert_eq!(
        se["spec"]["ports"],
        json!([{"number": 80, "name": "http-80", "protocol": "HTTP"}])
    );

    let list = mc(&server, &["egress", "list"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    // AGE, from the ServiceEntries' creationTimestamp, depends on when the test ran:
    // each cell is checked to be an age (`12s`, `1m5s`), then redacted.
    let table: String = list
        .stdout
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                assert!(line.ends_with("   AGE"), "{line}");
                return format!("{line}\n");
            }
            let (rest, age) = line.rsplit_once(' ').unwrap();
            assert!(
                age.starts_with(|c: char| c.is_ascii_digit())
                    && age.chars().all(|c| c.is_ascii_alphanumeric()),
                "{line}"
            );
            format!("{rest} <age>\n")
        })
        .collect();
    insta::assert_snapshot!(table);
    let json_list = mc(&server, &["egress", "list", "-o", "json"]);
    let parsed: Value = serde_json::from_str(&json_list.stdout).unwrap();
    assert_eq!(parsed[0]["host"], "api.stripe.com");
    assert_eq!(parsed[0]["viaGateway"], true);

    let run = mc(&server, &["egress", "revoke", "api.stripe.com"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "virtualservice.networking.istio.io \"egress-api-stripe-com\" deleted\n\
         destinationrule.networking.istio.io \"egress-api-stripe-com\" deleted\n\
         gateway.networking.istio.io \"egress-api-stripe-com\" deleted\n\
         serviceentry.networking.istio.io \"egress-api-stripe-com\" deleted\n"
    );
    assert_eq!(
        names(&server, SE),
        ["egress-edition-cnn-com", "stripe-by-hand"]
    );
    assert!(names(&server, GW).is_empty());
    assert!(names(&server, DR).is_empty());
    assert!(names(&server, VS).is_empty());

    let again = mc(&server, &["egress", "revoke", "api.stripe.com"]);
    assert_eq!(again.code, 1);
    assert!(
        again
            .stderr
            .contains("meshctl allowed no egress to `api.stripe.com`"),
        "{}",
        again.stderr
    );
    let ignored = mc(
        &server,
        &["egress", "revoke", "api.stripe.com", "--ignore-not-found"],
    );
    assert_eq!(ignored.code, 0, "{}", ignored.stderr);
}

#[test]
fn dry_run_prints_the_http_egress_pattern_without_a_cluster() {
    // No kubeconfig at all: a dry run needs no cluster.
    let run = crate::support::cli::run(&[
        "egress",
        "allow",
        "edition.cnn.com",
        "--port",
        "80",
        "--via-gateway",
        "--dry-run",
        "-n",
        "shop",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn a_wildcard_cannot_go_through_the_gateway() {
    let run = crate::support::cli::run(&[
        "egress",
        "allow",
        "*.example.com",
        "--via-gateway",
        "--dry-run",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("wildcard"), "{}", run.stderr);
}

#[test]
fn writing_commands_refuse_a_host_that_is_not_a_dns_name() {
    // Checked like `validate` checks hosts, before a cluster is asked: nothing is
    // created (and no server is needed to see it).
    for args in [
        &["egress", "allow", "bad host!", "--dry-run"][..],
        &["egress", "allow", "bad host!"][..],
        &[
            "gateway",
            "create",
            "shop",
            "--host",
            "bad host!",
            "--route",
            "web",
            "--dry-run",
        ][..],
        &[
            "gateway",
            "create",
            "shop",
            "--host",
            "shop.example.com",
            "--route",
            "we b!:80",
            "--dry-run",
        ][..],
    ] {
        let run = crate::support::cli::run(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("is not a valid host"),
            "{args:?}: {}",
            run.stderr
        );
    }
}
