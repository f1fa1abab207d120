//! How fast a large Envoy scrape parses. The input is the real captured Envoy output
//! repeated (comment lines kept once, cluster names varied per copy) up to 10 MB, about
//! what a busy sidecar with many clusters serves. Target: under 100 ms.

use meshctl::core::metrics::prom;

const FIXTURE: &str = include_str!("../tests/fixtures/envoy/stats-prometheus.txt");
const TARGET_BYTES: usize = 10 * 1024 * 1024;

fn main() {
    divan::main();
}

fn ten_megabytes() -> String {
    let mut text = String::with_capacity(TARGET_BYTES + FIXTURE.len());
    text.push_str(FIXTURE);
    let mut copy = 0;
    while text.len() < TARGET_BYTES {
        copy += 1;
        let suffix = format!("-{copy}.default.svc.cluster.local");
        for line in FIXTURE.lines().filter(|l| !l.starts_with('#')) {
            text.push_str(&line.replace(".default.svc.cluster.local", &suffix));
            text.push('\n');
        }
    }
    text
}

#[divan::bench(sample_count = 20)]
fn parse_10mb_envoy_scrape(bencher: divan::Bencher) {
    let text = ten_megabytes();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| prom::parse(divan::black_box(&text)).unwrap().len());
}

#[divan::bench(sample_count = 20)]
fn select_one_subset_from_10mb(bencher: divan::Bencher) {
    use meshctl::core::metrics::{Target, select};
    let text = ten_megabytes();
    let scrape = prom::parse(&text).unwrap();
    let target = Target::new("default", "reviews", "v2");
    bencher.bench(|| {
        select(divan::black_box(&scrape), &target)
            .envoy
            .map(|c| c.requests)
    });
}
