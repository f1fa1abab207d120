//! `meshctl apply` of many objects against the real API server: one list per kind and
//! namespace, then server-side applies side by side. What it prints must still be one
//! line per object in file order, created / unchanged / configured told apart by the
//! real server's answers, and a failure must say exactly what was applied.

use crate::differential::{Platform, create_namespace, delete_namespace};
use crate::support::cli::{Run, meshctl, run_cmd};
use serde_json::Value;
use std::path::Path;

fn kubeconfig() -> String {
    std::env::var("MESHCTL_TEST_KUBECONFIG").unwrap_or_else(|_| {
        panic!(
            "MESHCTL_TEST_KUBECONFIG is not set: run under `scripts/platform.sh run -- cargo test --test it apply_batch::`"
        )
    })
}

fn apply(file: &Path, extra: &[&str]) -> Run {
    let mut cmd = meshctl();
    cmd.arg("--kubeconfig")
        .arg(kubeconfig())
        .arg("apply")
        .arg("-f")
        .arg(file)
        .args(extra);
    run_cmd(&mut cmd, None)
}

fn vs(ns: &str, i: usize, weight: u32) -> String {
    format!(
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {{name: vs-{i}, namespace: {ns}}}\nspec:\n  hosts: [svc-{i}]\n  http:\n  - route:\n    - destination: {{host: svc-{i}, subset: v1}}\n      weight: {weight}\n    - destination: {{host: svc-{i}, subset: v2}}\n      weight: {}\n",
        100 - weight
    )
}

fn dr(ns: &str, i: usize) -> String {
    format!(
        "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {{name: dr-{i}, namespace: {ns}}}\nspec:\n  host: svc-{i}\n  subsets:\n  - {{name: v1, labels: {{version: v1}}}}\n  - {{name: v2, labels: {{version: v2}}}}\n"
    )
}

async fn names(
    client: &reqwest::Client,
    platform: &Platform,
    ns: &str,
    plural: &str,
) -> Vec<String> {
    let url = format!(
        "{}/apis/networking.istio.io/v1/namespaces/{ns}/{plural}",
        platform.url
    );
    let list: Value = client
        .get(url)
        .bearer_auth(&platform.token)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("a list");
    let mut out: Vec<String> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|o| {
            o["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    out.sort();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_objects_print_in_file_order_and_say_what_changed() {
    let platform = Platform::from_env();
    let client = platform.client();
    let ns = create_namespace(&client, &platform).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("all.yaml");
    let n = 150;
    let docs = |weight_of: &dyn Fn(usize) -> u32| -> String {
        (0..n)
            .flat_map(|i| [vs(&ns, i, weight_of(i)), dr(&ns, i)])
            .collect::<Vec<_>>()
            .join("---\n")
    };
    let expected = |word: &dyn Fn(usize, &str) -> &'static str| -> String {
        (0..n)
            .flat_map(|i| {
                [
                    format!(
                        "virtualservice.networking.istio.io/vs-{i} {}\n",
                        word(i, "vs")
                    ),
                    format!(
                        "destinationrule.networking.istio.io/dr-{i} {}\n",
                        word(i, "dr")
                    ),
                ]
            })
            .collect()
    };

    std::fs::write(&file, docs(&|_| 90)).unwrap();
    let run = tokio::task::block_in_place(|| apply(&file, &[]));
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(run.stdout, expected(&|_, _| "created"));
    assert_eq!(
        names(&client, &platform, &ns, "virtualservices")
            .await
            .len(),
        n
    );
    assert_eq!(
        names(&client, &platform, &ns, "destinationrules")
            .await
            .len(),
        n
    );

    let run = tokio::task::block_in_place(|| apply(&file, &[]));
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(run.stdout, expected(&|_, _| "unchanged"));

    // Three weights change; one at a time must say the same as side by side.
    std::fs::write(&file, docs(&|i| if i % 50 == 7 { 80 } else { 90 })).unwrap();
    let run = tokio::task::block_in_place(|| apply(&file, &["--concurrency=1"]));
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(
        run.stdout,
        expected(&|i, kind| if kind == "vs" && i % 50 == 7 {
            "configured"
        } else {
            "unchanged"
        })
    );
    delete_namespace(&client, &platform, &ns).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_among_many_lists_exactly_what_was_applied() {
    let platform = Platform::from_env();
    let client = platform.client();
    let ns = create_namespace(&client, &platform).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("all.yaml");
    // A ConfigMap in a namespace that does not exist fails; the rest can go through.
    let broken = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: no-such-namespace-here}\ndata: {a: b}\n";
    let mut docs: Vec<String> = (0..40).map(|i| vs(&ns, i, 50)).collect();
    docs.insert(20, broken.to_string());
    std::fs::write(&file, docs.join("---\n")).unwrap();

    let run = tokio::task::block_in_place(|| apply(&file, &[]));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("ConfigMap") || run.stderr.contains("configmap"),
        "the error names the object: {}",
        run.stderr
    );
    let detail = |prefix: &str| -> Vec<String> {
        let line = run
            .stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(prefix))
            .unwrap_or_else(|| panic!("no `{prefix}` in {}", run.stderr));
        let mut names: Vec<String> = line
            .split(", ")
            .filter(|n| *n != "none")
            .map(|n| n.trim_matches('`').rsplit('/').next().unwrap().to_string())
            .collect();
        names.sort();
        names
    };
    let applied = detail("applied: ");
    let not_applied = detail("not applied: ");
    let live = names(&client, &platform, &ns, "virtualservices").await;
    assert_eq!(applied, live, "`applied` lists what the server holds");
    assert!(not_applied.contains(&"settings".to_string()));
    assert_eq!(applied.len() + not_applied.len(), 41);
    // Every printed line is an applied object, in file order.
    let printed: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(printed.len(), applied.len());
    let order: Vec<usize> = printed
        .iter()
        .map(|l| {
            l.split(' ')
                .next()
                .unwrap()
                .rsplit("vs-")
                .next()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{printed:?}");
    delete_namespace(&client, &platform, &ns).await;
}
