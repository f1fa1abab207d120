//! The yardstick of `scripts/bench-apply.sh`: the least a client can do to apply a
//! file — send one server-side-apply PATCH per object over N kept-alive connections
//! (32 by default) and nothing else: no discovery, no validation, no reads.
//!
//!   cargo run --release --example ssa_client -- FILE NAMESPACE [CONCURRENCY]
//!
//! The API server comes from the test platform's environment (`MESHCTL_TEST_KUBE_URL`,
//! `MESHCTL_TEST_KUBE_CA`, `MESHCTL_TEST_KUBE_TOKEN`). Objects must name an Istio
//! networking kind; they are sent as JSON with field manager `meshctl`, like meshctl's.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use futures::StreamExt;
use serde_json::Value;
use std::time::Instant;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        eprintln!("{name} is not set; start the platform with scripts/platform.sh");
        std::process::exit(2)
    })
}

fn plural(kind: &str) -> &'static str {
    match kind {
        "VirtualService" => "virtualservices",
        "DestinationRule" => "destinationrules",
        "Gateway" => "gateways",
        "ServiceEntry" => "serviceentries",
        other => {
            eprintln!("unsupported kind {other}");
            std::process::exit(2)
        }
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(file), Some(namespace)) = (args.first(), args.get(1)) else {
        eprintln!("usage: ssa_client FILE NAMESPACE [CONCURRENCY]");
        std::process::exit(2)
    };
    let concurrency: usize = args.get(2).map_or(32, |c| c.parse().expect("a number"));
    let started = Instant::now();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let url = env("MESHCTL_TEST_KUBE_URL");
    let token = env("MESHCTL_TEST_KUBE_TOKEN");
    let ca = std::fs::read(env("MESHCTL_TEST_KUBE_CA")).expect("the CA certificate");
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&ca).expect("a PEM certificate"))
        .pool_max_idle_per_host(concurrency)
        .build()
        .expect("an HTTP client");

    let text = std::fs::read_to_string(file).expect("the file");
    let requests: Vec<(String, Vec<u8>)> = meshctl::core::yaml::parse_documents(&text)
        .expect("YAML")
        .into_iter()
        .map(|doc| {
            let mut object: Value = doc.value;
            object["metadata"]["namespace"] = Value::String(namespace.clone());
            let kind = object["kind"].as_str().unwrap_or_default().to_string();
            let name = object["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let api_version = object["apiVersion"].as_str().unwrap_or_default();
            let path = format!(
                "{url}/apis/{api_version}/namespaces/{namespace}/{}/{name}?fieldManager=meshctl",
                plural(&kind)
            );
            (path, serde_json::to_vec(&object).expect("JSON"))
        })
        .collect();

    let results: Vec<u16> = futures::stream::iter(requests)
        .map(|(path, body)| {
            let (client, token) = (&client, &token);
            async move {
                let response = client
                    .patch(&path)
                    .bearer_auth(token)
                    .header("Content-Type", "application/apply-patch+yaml")
                    .body(body)
                    .send()
                    .await
                    .expect("PATCH");
                let code = response.status().as_u16();
                let _ = response.bytes().await;
                code
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let failed = results.iter().filter(|c| !(200..300).contains(*c)).count();
    println!(
        "{} applies in {:.2} s, {failed} failed",
        results.len(),
        started.elapsed().as_secs_f64()
    );
    if failed > 0 {
        std::process::exit(1);
    }
}
