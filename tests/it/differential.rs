//! Differential checks against the real verdicts: a generated corpus of Istio objects
//! (see `corpus`) judged by meshctl's validation, by the real kube-apiserver with
//! Istio's CRDs (`dryRun=All`, `fieldValidation=Strict`) and by `istioctl validate`.
//!
//! meshctl's schema layer must agree with the API server on every document: it
//! promises to find what the server would refuse, and nothing it would accept. On the
//! documents the server accepts, `istioctl validate` judges what Istio's webhook
//! would; there meshctl's semantic layer is compared with it, and every difference
//! is printed with both messages. The agreement with istioctl is printed, not failed
//! on (istioctl is built from Istio's master branch, which may differ from 1.30).
//!
//! `MESHCTL_DIFFERENTIAL_SEED` changes the corpus (the seed is printed), and
//! `MESHCTL_DIFFERENTIAL_COUNT` its size.

// The figures are the point of this test: it prints them for whoever runs it.
#![allow(clippy::print_stdout)]

use crate::corpus::{self, Doc};
use futures::StreamExt;
use meshctl::cmd::validate::Report;
use meshctl::core::schema::Catalog;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

const DEFAULT_SEED: u64 = 0x5eed_0011;
const DEFAULT_COUNT: usize = 2400;
/// Requests in flight at once against the API server.
const CONCURRENCY: usize = 24;
/// Documents per `istioctl validate` run.
const ISTIOCTL_BATCH: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Valid,
    Invalid(String),
}

impl Verdict {
    pub fn valid(&self) -> bool {
        *self == Verdict::Valid
    }

    pub fn show(&self) -> String {
        match self {
            Verdict::Valid => "valid".to_string(),
            Verdict::Invalid(why) => format!("invalid: {why}"),
        }
    }
}

/// The platform `scripts/platform.sh` started, from its environment.
pub struct Platform {
    pub url: String,
    ca: String,
    pub token: String,
    istioctl: String,
}

impl Platform {
    pub fn from_env() -> Platform {
        let var = |name: &str| {
            std::env::var(name).unwrap_or_else(|_| {
                panic!(
                    "{name} is not set: the differential test needs the real Kubernetes platform and istioctl. \
                     Run it under `scripts/platform.sh run -- cargo test --test it differential::`, or start one with \
                     `scripts/platform.sh start DIR` and `eval \"$(scripts/platform.sh env DIR)\"` first"
                )
            })
        };
        Platform {
            url: var("MESHCTL_TEST_KUBE_URL"),
            ca: var("MESHCTL_TEST_KUBE_CA"),
            token: var("MESHCTL_TEST_KUBE_TOKEN"),
            istioctl: var("MESHCTL_TEST_ISTIOCTL"),
        }
    }

    pub fn client(&self) -> reqwest::Client {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let pem = std::fs::read(&self.ca).expect("the platform's CA certificate");
        reqwest::Client::builder()
            .add_root_certificate(reqwest::Certificate::from_pem(&pem).expect("a PEM certificate"))
            .pool_max_idle_per_host(CONCURRENCY)
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .expect("an HTTP client")
    }
}

pub fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v} is not a number")),
        Err(_) => default,
    }
}

pub fn meshctl_verdict(doc: &Doc, schema_only: bool) -> Verdict {
    let mut report = Report {
        schema_only,
        ..Report::default()
    };
    report.check_text(Catalog::builtin(), "corpus.yaml", &doc.text, "differential");
    if !report.skipped.is_empty() {
        return Verdict::Valid;
    }
    if report.findings.is_empty() {
        return Verdict::Valid;
    }
    let lines: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            if f.path.is_empty() {
                f.message.clone()
            } else {
                format!("{}: {}", f.path, f.message)
            }
        })
        .collect();
    Verdict::Invalid(lines.join("; "))
}

pub async fn server_verdict(
    client: &reqwest::Client,
    platform: &Platform,
    namespace: &str,
    doc: &Doc,
) -> Verdict {
    let namespaced = Catalog::builtin()
        .find_resource(doc.group, doc.plural)
        .is_none_or(|crd| crd.namespaced);
    let scope = if namespaced {
        format!("namespaces/{namespace}/")
    } else {
        String::new()
    };
    let url = format!(
        "{}/apis/{}/{}/{scope}{}?dryRun=All&fieldValidation=Strict",
        platform.url, doc.group, doc.version, doc.plural
    );
    let mut last = String::new();
    // Throttling or a passing server error is not a verdict: ask again.
    for _ in 0..5 {
        let response = client
            .post(&url)
            .bearer_auth(&platform.token)
            .header("Content-Type", "application/yaml")
            .body(doc.text.clone())
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {url}: {e}"));
        let code = response.status().as_u16();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        match code {
            200 | 201 => return Verdict::Valid,
            400 | 422 => {
                let message = body
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("(no message)");
                return Verdict::Invalid(message.to_string());
            }
            429 | 500..=504 => {
                last = format!("{code}: {body}");
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            }
            _ => panic!(
                "the API server answered {code} to document {}: {body}",
                doc.id
            ),
        }
    }
    panic!("the API server kept failing on document {}: {last}", doc.id)
}

/// Runs `istioctl validate` on a file of documents; its exit code and output.
async fn istioctl(
    platform: &Platform,
    dir: &std::path::Path,
    name: &str,
    docs: &[&Doc],
) -> (bool, String) {
    let path = dir.join(name);
    let text: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    std::fs::write(&path, text.join("\n---\n")).expect("write a batch");
    let out = tokio::process::Command::new(&platform.istioctl)
        .arg("validate")
        .arg("-f")
        .arg(&path)
        .env("KUBECONFIG", dir.join("no-such-kubeconfig"))
        .output()
        .await
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", platform.istioctl));
    let mut output = String::from_utf8_lossy(&out.stdout).to_string();
    output.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), output)
}

/// The errors of an `istioctl validate` run by object name (`* Kind/ns/name: message`).
fn istioctl_errors(output: &str) -> HashMap<String, String> {
    let mut out: HashMap<String, String> = HashMap::new();
    let mut in_errors = false;
    for line in output.lines() {
        if line.starts_with("Error:") {
            in_errors = true;
            continue;
        }
        let Some(item) = line.strip_prefix("\t* ") else {
            continue;
        };
        if !in_errors {
            continue;
        }
        let Some((object, message)) = item.split_once(": ") else {
            continue;
        };
        let name = object.rsplit('/').next().unwrap_or(object).to_string();
        out.entry(name)
            .and_modify(|m| {
                m.push_str("; ");
                m.push_str(message);
            })
            .or_insert_with(|| message.to_string());
    }
    out
}

async fn istioctl_verdicts(platform: &Platform, docs: &[Doc]) -> Vec<Verdict> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut verdicts = vec![Verdict::Valid; docs.len()];
    let named: Vec<&Doc> = docs.iter().filter(|d| d.name.is_some()).collect();
    let solo: Vec<&Doc> = docs.iter().filter(|d| d.name.is_none()).collect();
    let mut jobs: Vec<Vec<&Doc>> = named.chunks(ISTIOCTL_BATCH).map(<[_]>::to_vec).collect();
    jobs.extend(solo.into_iter().map(|d| vec![d]));
    let results: Vec<(Vec<&Doc>, bool, String)> =
        futures::stream::iter(jobs.into_iter().enumerate())
            .map(|(i, batch)| {
                let dir = dir.path().to_path_buf();
                async move {
                    let (ok, output) =
                        istioctl(platform, &dir, &format!("batch-{i}.yaml"), &batch).await;
                    (batch, ok, output)
                }
            })
            .buffer_unordered(4)
            .collect()
            .await;
    let mut redo: Vec<&Doc> = Vec::new();
    for (batch, ok, output) in results {
        if batch.len() == 1 && batch[0].name.is_none() {
            verdicts[batch[0].id] = if ok {
                Verdict::Valid
            } else {
                Verdict::Invalid(one_line(&output))
            };
            continue;
        }
        if output.contains("failed to decode file") {
            // One document the YAML reader refuses hides the rest: judge each alone.
            redo.extend(batch);
            continue;
        }
        let errors = istioctl_errors(&output);
        for doc in batch {
            if let Some(message) = errors.get(doc.name.as_deref().unwrap_or_default()) {
                verdicts[doc.id] = Verdict::Invalid(message.clone());
            }
        }
    }
    for (i, doc) in redo.into_iter().enumerate() {
        let (ok, output) = istioctl(platform, dir.path(), &format!("redo-{i}.yaml"), &[doc]).await;
        if !ok {
            verdicts[doc.id] = Verdict::Invalid(one_line(&output));
        }
    }
    verdicts
}

/// An istioctl message with its particulars (quoted values, numbers) blanked, so
/// messages of one rule count together.
fn rule_of(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                if quoted {
                    out.push_str("\"…\"");
                }
            }
            _ if quoted => {}
            '0'..='9' => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            _ => out.push(c),
        }
    }
    out.trim().to_string()
}

fn one_line(output: &str) -> String {
    output
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

pub async fn create_namespace(client: &reqwest::Client, platform: &Platform) -> String {
    let response = client
        .post(format!("{}/api/v1/namespaces", platform.url))
        .bearer_auth(&platform.token)
        .json(&serde_json::json!({
            "apiVersion": "v1", "kind": "Namespace",
            "metadata": {"generateName": "meshctl-test-"},
        }))
        .send()
        .await
        .expect("create a namespace");
    let status = response.status();
    let body: Value = response.json().await.expect("the namespace as JSON");
    assert!(
        status.is_success(),
        "creating the namespace: {status} {body}"
    );
    body["metadata"]["name"]
        .as_str()
        .expect("a name")
        .to_string()
}

pub async fn delete_namespace(client: &reqwest::Client, platform: &Platform, namespace: &str) {
    let _ = client
        .delete(format!("{}/api/v1/namespaces/{namespace}", platform.url))
        .bearer_auth(&platform.token)
        .send()
        .await;
}

pub fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}… ({} bytes)", text.len())
    }
}

#[derive(Default)]
struct Tally {
    total: usize,
    server_valid: usize,
    meshctl_agree: usize,
    istioctl_agree: usize,
}

impl Tally {
    fn add(&mut self, server: &Verdict, meshctl: &Verdict, istioctl: &Verdict) {
        self.total += 1;
        self.server_valid += usize::from(server.valid());
        self.meshctl_agree += usize::from(server.valid() == meshctl.valid());
        self.istioctl_agree += usize::from(server.valid() == istioctl.valid());
    }

    fn row(&self, label: &str) -> String {
        format!(
            "{label:<18} {:>6} {:>7} {:>7} {:>8} {:>9} {:>9}",
            self.total,
            self.server_valid,
            self.total - self.server_valid,
            self.meshctl_agree,
            self.total - self.meshctl_agree,
            self.total - self.istioctl_agree,
        )
    }
}

fn percent(part: usize, whole: usize) -> String {
    format!("{:.2}%", 100.0 * part as f64 / whole.max(1) as f64)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn meshctl_agrees_with_the_api_server_on_a_generated_corpus() {
    let platform = Platform::from_env();
    let seed = env_number("MESHCTL_DIFFERENTIAL_SEED", DEFAULT_SEED);
    let count = env_number("MESHCTL_DIFFERENTIAL_COUNT", DEFAULT_COUNT);
    println!(
        "differential corpus: seed {seed} ({count} documents); set MESHCTL_DIFFERENTIAL_SEED={seed} to repeat it"
    );
    let started = Instant::now();
    let docs = corpus::generate(seed, count);

    // meshctl judges on a thread of its own while the server and istioctl work.
    let meshctl_run = {
        let docs = docs.clone();
        std::thread::spawn(move || {
            let t = Instant::now();
            let verdicts: Vec<(Verdict, Verdict)> = docs
                .iter()
                .map(|d| (meshctl_verdict(d, true), meshctl_verdict(d, false)))
                .collect();
            (verdicts, t.elapsed())
        })
    };

    let client = platform.client();
    let namespace = create_namespace(&client, &platform).await;
    let t = Instant::now();
    let server_run = futures::stream::iter(docs.iter())
        .map(|doc| {
            let (client, platform, namespace) = (&client, &platform, namespace.as_str());
            async move {
                (
                    doc.id,
                    server_verdict(client, platform, namespace, doc).await,
                )
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect::<Vec<(usize, Verdict)>>();
    let istioctl_run = async {
        let t = Instant::now();
        let v = istioctl_verdicts(&platform, &docs).await;
        (v, t.elapsed())
    };
    let (mut server_pairs, (istioctl, istioctl_time)) = tokio::join!(server_run, istioctl_run);
    let server_time = t.elapsed();
    delete_namespace(&client, &platform, &namespace).await;
    server_pairs.sort_by_key(|(id, _)| *id);
    let server: Vec<Verdict> = server_pairs.into_iter().map(|(_, v)| v).collect();
    let (both, meshctl_time) = meshctl_run.join().expect("meshctl's verdicts");
    let (meshctl, full): (Vec<Verdict>, Vec<Verdict>) = both.into_iter().unzip();

    let mut by_origin: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut overall = Tally::default();
    let mut by_kind: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut by_category: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut disagreements = Vec::new();
    let mut istioctl_diffs: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for doc in &docs {
        let (s, m, i) = (&server[doc.id], &meshctl[doc.id], &istioctl[doc.id]);
        overall.add(s, m, i);
        by_kind.entry(doc.kind).or_default().add(s, m, i);
        by_category.entry(doc.category).or_default().add(s, m, i);
        by_origin.entry(doc.origin).or_default().add(s, m, i);
        if s.valid() != m.valid() {
            disagreements.push(doc);
        }
        if s.valid() != i.valid() {
            let direction = if i.valid() {
                "istioctl accepts what the API server refuses"
            } else {
                "istioctl refuses what the API server accepts"
            };
            istioctl_diffs
                .entry((direction, doc.category))
                .or_default()
                .push(doc.id);
        }
    }

    let header = format!(
        "{:<18} {:>6} {:>7} {:>7} {:>8} {:>9} {:>9}",
        "", "docs", "valid", "invalid", "agree", "disagree", "istioctl≠"
    );
    println!("\nverdicts of the API server, and agreement of meshctl (and of istioctl) with it");
    println!("{header}");
    println!("{}", overall.row("all"));
    println!("by kind");
    for (kind, tally) in &by_kind {
        println!("{}", tally.row(kind));
    }
    println!("by origin");
    for (origin, tally) in &by_origin {
        println!("{}", tally.row(origin));
    }
    println!("by category");
    for (category, tally) in &by_category {
        println!("{}", tally.row(category));
    }
    println!(
        "\nmeshctl agrees with the API server on {} of {} documents ({}); istioctl on {} ({})",
        overall.meshctl_agree,
        overall.total,
        percent(overall.meshctl_agree, overall.total),
        overall.istioctl_agree,
        percent(overall.istioctl_agree, overall.total),
    );
    println!(
        "time: meshctl {meshctl_time:.2?}, API server {server_time:.2?}, istioctl {istioctl_time:.2?} (side by side); all {:.2?}",
        started.elapsed()
    );

    if !istioctl_diffs.is_empty() {
        println!(
            "\nistioctl disagrees with the API server (expected where Istio's semantic rules apply; issue [5/9]):"
        );
        for ((direction, category), ids) in &istioctl_diffs {
            let example = &docs[ids[0]];
            println!(
                "  {direction}: {category}: {} document(s), e.g. #{} ({}): {}",
                ids.len(),
                example.id,
                short(&example.mutation, 60),
                short(&istioctl[example.id].show(), 140),
            );
        }
    }

    // Istio's rules behind istioctl's refusals of what the API server accepts.
    let mut rules: BTreeMap<String, usize> = BTreeMap::new();
    for doc in &docs {
        if let (true, Verdict::Invalid(why)) = (server[doc.id].valid(), &istioctl[doc.id]) {
            let mut seen: Vec<String> = why.split("; ").map(rule_of).collect();
            seen.sort();
            seen.dedup();
            for rule in seen {
                *rules.entry(rule).or_default() += 1;
            }
        }
    }
    if !rules.is_empty() {
        let mut rules: Vec<(String, usize)> = rules.into_iter().collect();
        rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        println!("\nIstio's rules behind those refusals (documents per rule, most common first):");
        for (rule, n) in rules.iter().take(25) {
            println!("  {n:>5}  {}", short(rule, 110));
        }
        if rules.len() > 25 {
            println!("  … and {} more rules", rules.len() - 25);
        }
    }

    // The webhook layer: on the documents the API server accepts, istioctl's verdict
    // is the webhook's, and meshctl's (schema + semantic) verdict is its semantic one.
    let mut semantic = Tally::default();
    let mut by_origin_semantic: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut semantic_diffs = Vec::new();
    let mut real_istio_agree = 0;
    for doc in &docs {
        let (s, f, i) = (&server[doc.id], &full[doc.id], &istioctl[doc.id]);
        real_istio_agree += usize::from(f.valid() == (s.valid() && i.valid()));
        if !s.valid() {
            continue;
        }
        semantic.total += 1;
        semantic.meshctl_agree += usize::from(f.valid() == i.valid());
        let entry = by_origin_semantic.entry(doc.origin).or_default();
        entry.0 += 1;
        entry.1 += usize::from(f.valid() == i.valid());
        if f.valid() != i.valid() {
            semantic_diffs.push(doc);
        }
    }
    println!(
        "\nIstio's webhook rules: on the {} documents the API server accepts, meshctl (schema + semantic) agrees with istioctl on {} ({})",
        semantic.total,
        semantic.meshctl_agree,
        percent(semantic.meshctl_agree, semantic.total)
    );
    for (origin, (total, agree)) in &by_origin_semantic {
        println!(
            "  {origin:<10} {agree} of {total} ({})",
            percent(*agree, *total)
        );
    }
    println!(
        "meshctl agrees with a real Istio (API server and webhook) on {} of {} documents ({})",
        real_istio_agree,
        docs.len(),
        percent(real_istio_agree, docs.len())
    );
    for doc in &semantic_diffs {
        println!(
            "\nWEBHOOK DIFFERENCE #{} {} [{}/{}] {}\n  document: {}\n  istioctl: {}\n  meshctl:  {}",
            doc.id,
            doc.kind,
            doc.origin,
            doc.category,
            doc.mutation,
            short(&doc.text, 700),
            short(&istioctl[doc.id].show(), 400),
            short(&full[doc.id].show(), 400),
        );
    }

    for doc in &disagreements {
        println!(
            "\nDISAGREEMENT #{} {} [{}] {}\n  document: {}\n  API server: {}\n  meshctl:    {}",
            doc.id,
            doc.kind,
            doc.category,
            doc.mutation,
            short(&doc.text, 600),
            short(&server[doc.id].show(), 400),
            short(&meshctl[doc.id].show(), 400),
        );
    }
    assert!(
        disagreements.is_empty(),
        "meshctl disagrees with the API server on {} of {} documents (seed {seed}; listed above)",
        disagreements.len(),
        docs.len()
    );
}
