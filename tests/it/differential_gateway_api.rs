//! Differential check of the Gateway API schemas: a generated corpus of Gateway API
//! objects (`corpus_gateway_api`) judged by meshctl's validation and by the real
//! kube-apiserver with the v1.4.1 standard-channel CRDs (`dryRun=All`,
//! `fieldValidation=Strict`). They must agree on every document. There is no webhook
//! for these kinds, so the API server's verdict is the whole verdict.
//!
//! `MESHCTL_DIFFERENTIAL_SEED` and `MESHCTL_DIFFERENTIAL_GATEWAY_API_COUNT` change
//! the corpus (the seed is printed).

// The figures are the point of this test: it prints them for whoever runs it.
#![allow(clippy::print_stdout)]

use crate::corpus_gateway_api;
use crate::differential::{
    Platform, Verdict, create_namespace, delete_namespace, env_number, meshctl_verdict,
    server_verdict, short,
};
use futures::StreamExt;
use std::collections::BTreeMap;

const DEFAULT_SEED: u64 = 0x6a7e_0141;
const DEFAULT_COUNT: usize = 600;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn meshctl_agrees_with_the_api_server_on_gateway_api_documents() {
    let platform = Platform::from_env();
    let seed = env_number("MESHCTL_DIFFERENTIAL_SEED", DEFAULT_SEED);
    let count = env_number("MESHCTL_DIFFERENTIAL_GATEWAY_API_COUNT", DEFAULT_COUNT);
    println!("Gateway API corpus: seed {seed} ({count} generated documents and the CEL cases)");
    let docs = corpus_gateway_api::generate(seed, count);
    let client = platform.client();
    let namespace = create_namespace(&client, &platform).await;
    let mut server: Vec<(usize, Verdict)> = futures::stream::iter(docs.iter())
        .map(|doc| {
            let (client, platform, namespace) = (&client, &platform, namespace.as_str());
            async move {
                (
                    doc.id,
                    server_verdict(client, platform, namespace, doc).await,
                )
            }
        })
        .buffer_unordered(16)
        .collect()
        .await;
    delete_namespace(&client, &platform, &namespace).await;
    server.sort_by_key(|(id, _)| *id);

    // (documents, valid per the server, meshctl agreeing) by kind and by category
    let mut tally: BTreeMap<(&str, &str), (usize, usize, usize)> = BTreeMap::new();
    let mut disagreements = Vec::new();
    for doc in &docs {
        let s = &server[doc.id].1;
        let m = meshctl_verdict(doc, true);
        let agree = s.valid() == m.valid();
        for key in [("kind", doc.kind), ("category", doc.category)] {
            let t = tally.entry(key).or_default();
            t.0 += 1;
            t.1 += usize::from(s.valid());
            t.2 += usize::from(agree);
        }
        if !agree {
            disagreements.push((doc, s.clone(), m));
        }
    }
    println!("{:<28} {:>6} {:>7} {:>7}", "", "docs", "valid", "agree");
    for ((by, what), (n, valid, agree)) in &tally {
        println!(
            "{:<28} {n:>6} {valid:>7} {agree:>7}",
            format!("{by} {what}")
        );
    }
    for (doc, s, m) in &disagreements {
        println!(
            "\nDISAGREEMENT #{} {} [{}] {}\n  document: {}\n  API server: {}\n  meshctl:    {}",
            doc.id,
            doc.kind,
            doc.category,
            doc.mutation,
            short(&doc.text, 600),
            short(&s.show(), 400),
            short(&m.show(), 400),
        );
    }
    // The corpus must exercise both verdicts, or agreement proves little.
    let valid = server.iter().filter(|(_, v)| v.valid()).count();
    assert!(
        valid > docs.len() / 5 && valid < docs.len() * 4 / 5,
        "{valid} of {} valid",
        docs.len()
    );
    assert!(
        disagreements.is_empty(),
        "meshctl disagrees with the API server on {} of {} Gateway API documents (seed {seed}; listed above)",
        disagreements.len(),
        docs.len()
    );
}
