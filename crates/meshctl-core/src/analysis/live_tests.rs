//! The live judge's rules, and simulations of canaries in virtual time: simulated
//! traffic from known rates, a look every second (the default `every`), as the driver
//! takes them.

use super::*;
use crate::analysis::sequential::tests::Rng;

fn spec(yaml: &str) -> AnalysisSpec {
    AnalysisSpec::from_yaml(yaml).unwrap()
}

const THRESHOLD: &str = "checks:\n  - successRate: {min: 95}\n";
const BOTH: &str =
    "checks:\n  - successRate: {min: 95}\ncompareToStable: {maxErrorRateIncrease: 1}\n";

fn counts(requests: u64, errors: u64) -> Counts {
    Counts::new(requests, errors)
}

#[test]
fn no_test_without_what_it_needs() {
    assert!(LiveJudge::new(&spec("checks:\n  - requestRate: {min: 1}\n")).is_none());
    assert!(LiveJudge::new(&spec("checks:\n  - successRate: {min: 100}\n")).is_none());
    assert!(
        LiveJudge::new(&spec(
            "checks:\n  - successRate: {min: 95}\nsequential: {enabled: false}\n"
        ))
        .is_none()
    );
    assert!(LiveJudge::new(&spec(THRESHOLD)).is_some());
}

#[test]
fn a_clear_failure_fails_with_the_test_counts_and_ratio_named() {
    let mut judge = LiveJudge::new(&spec(THRESHOLD)).unwrap();
    assert_eq!(judge.look(counts(10, 1), None), Look::Continue);
    let Look::Fails(reason) = judge.look(counts(30, 10), None) else {
        panic!("10 errors in 30 requests against 5% allowed must fail");
    };
    assert!(
        reason.starts_with("sequential threshold test: 10 of 30 requests failed (33.3%)"),
        "{reason}"
    );
    assert!(reason.contains("likelihood ratio"), "{reason}");
    assert!(reason.contains("against the allowed 5.0%"), "{reason}");
}

#[test]
fn no_traffic_never_passes_and_a_pass_ends_the_stage_only_with_early_promote() {
    let mut judge = LiveJudge::new(&spec(THRESHOLD)).unwrap();
    for _ in 0..100 {
        assert_eq!(judge.look(counts(0, 0), None), Look::Continue);
    }
    // Clean traffic passes the test; without earlyPromote the step still holds.
    assert_eq!(judge.look(counts(500, 0), None), Look::Continue);
    let mut early = LiveJudge::new(&spec(&format!(
        "{THRESHOLD}sequential: {{earlyPromote: true}}\n"
    )))
    .unwrap();
    assert_eq!(early.look(counts(10, 0), None), Look::Continue);
    assert!(matches!(early.look(counts(500, 0), None), Look::Passes(_)));
}

#[test]
fn stable_is_compared_batch_by_batch_and_only_when_read() {
    let mut judge = LiveJudge::new(&spec(
        "checks:\n  - requestRate: {min: 0}\ncompareToStable: {maxErrorRateIncrease: 1}\n",
    ))
    .unwrap();
    assert!(judge.needs_stable());
    // Stable unreadable: no evidence either way.
    assert_eq!(judge.look(counts(100, 50), None), Look::Continue);
    let Look::Fails(reason) = judge.look(counts(200, 60), Some(counts(600, 6))) else {
        panic!("a canary erring far more than stable must fail");
    };
    assert!(
        reason.starts_with("sequential test against stable:"),
        "{reason}"
    );
    // Both erring alike (a shared dependency): the canary is not failed.
    let mut judge = LiveJudge::new(&spec(BOTH)).unwrap();
    let mut rng = Rng(9);
    let (mut c, mut s) = (counts(0, 0), counts(0, 0));
    for _ in 0..200 {
        c.requests += 10;
        c.errors += rng.errors(10, 0.01);
        s.requests += 30;
        s.errors += rng.errors(30, 0.01);
        assert!(!matches!(
            judge.look(c.clone(), Some(s.clone())),
            Look::Fails(_)
        ));
    }
}

/// Traffic of one simulated step: `rps` requests a second in all, the canary's
/// `share` of them erring at `pc`, stable's at `ps`, looked at every `every` seconds
/// for at most `hold` seconds. Returns when the judge failed the canary (seconds), if
/// it did.
struct Traffic {
    rps: f64,
    share: f64,
    pc: f64,
    ps: f64,
}

const EVERY: f64 = 1.0;

fn run(judge: &mut LiveJudge, t: &Traffic, rng: &mut Rng, hold: f64) -> Option<f64> {
    let (mut c, mut s) = (counts(0, 0), counts(0, 0));
    let (mut at, mut carry_c, mut carry_s) = (0.0, 0.0, 0.0);
    while at < hold {
        at += EVERY;
        // Whole requests per look, the fractions carried over.
        carry_c += t.rps * t.share * EVERY;
        carry_s += t.rps * (1.0 - t.share) * EVERY;
        let (nc, ns) = (carry_c.floor() as u64, carry_s.floor() as u64);
        carry_c -= nc as f64;
        carry_s -= ns as f64;
        c.requests += nc;
        c.errors += rng.errors(nc, t.pc);
        s.requests += ns;
        s.errors += rng.errors(ns, t.ps);
        if let Look::Fails(_) = judge.look(c.clone(), Some(s.clone())) {
            return Some(at);
        }
    }
    None
}

/// (mean seconds to a rollback, runs caught) over `runs` simulated steps.
fn detect(yaml: &str, t: &Traffic, seed: u64, runs: usize) -> (f64, usize) {
    let mut rng = Rng(seed);
    let times: Vec<f64> = (0..runs)
        .filter_map(|_| {
            run(
                &mut LiveJudge::new(&spec(yaml)).unwrap(),
                t,
                &mut rng,
                600.0,
            )
        })
        .collect();
    (
        times.iter().sum::<f64>() / times.len().max(1) as f64,
        times.len(),
    )
}

#[test]
#[allow(clippy::print_stderr)] // the count, for people reading the test log
fn healthy_canaries_at_the_threshold_are_rolled_back_at_most_alpha_of_the_time() {
    // The worst healthy canary: 5% errors where 95% success is required, stable the
    // same; both tests run, sharing alpha = 1%. Each step held 10 minutes.
    let healthy = Traffic {
        rps: 20.0,
        share: 0.25,
        pc: 0.05,
        ps: 0.05,
    };
    let runs = 1000;
    let (_, rolled_back) = detect(BOTH, &healthy, 17, runs);
    eprintln!("{rolled_back} of {runs} healthy canaries rolled back (alpha 1%)");
    assert!(
        rolled_back <= runs / 100,
        "{rolled_back} of {runs} healthy canaries rolled back (alpha 1%)"
    );
}

#[test]
#[allow(clippy::print_stderr)] // the figures beside the optimum, for people reading the test log
fn failing_canaries_are_caught_within_the_expected_sample_size() {
    let spec_a = spec(THRESHOLD);
    let sprt = |s: &AnalysisSpec| LiveJudge::new(s).unwrap();
    // (a) 30% errors at 25% of ~20 rps, judged against 95% success.
    let a = Traffic {
        rps: 20.0,
        share: 0.25,
        pc: 0.30,
        ps: 0.0,
    };
    let (secs_a, caught_a) = detect(THRESHOLD, &a, 23, 1000);
    let expected_a = sprt(&spec_a).threshold_expected(0.30).unwrap() / (a.rps * a.share);
    // (b) +5 points over a 1% baseline, judged against stable.
    let b = Traffic {
        rps: 20.0,
        share: 0.25,
        pc: 0.06,
        ps: 0.01,
    };
    let (secs_b, caught_b) = detect(BOTH, &b, 29, 1000);
    let expected_b = sprt(&spec(BOTH)).stable_expected(0.06, 0.01, 0.25).unwrap() / b.rps;
    eprintln!(
        "(a) 30% errors: rolled back after {secs_a:.1}s on average ({caught_a}/1000 caught); SPRT expected {expected_a:.1}s"
    );
    eprintln!(
        "(b) 6% against 1%: rolled back after {secs_b:.1}s on average ({caught_b}/1000 caught); SPRT expected {expected_b:.1}s"
    );
    assert!(caught_a >= 990, "{caught_a}");
    assert!(caught_b >= 950, "{caught_b}");
    // A look a second adds up to one look's wait to Wald's figure (which ignores the
    // overshoot of the bound).
    assert!(
        secs_a <= expected_a * 1.5 + EVERY,
        "{secs_a} against {expected_a}"
    );
    assert!(
        secs_b <= expected_b * 1.5 + EVERY,
        "{secs_b} against {expected_b}"
    );
}

/// Envoy's default histogram bounds, in milliseconds.
const ENVOY_BOUNDS: [f64; 20] = [
    0.5,
    1.0,
    5.0,
    10.0,
    25.0,
    50.0,
    100.0,
    250.0,
    500.0,
    1000.0,
    2500.0,
    5000.0,
    10000.0,
    30000.0,
    60000.0,
    300000.0,
    600000.0,
    1800000.0,
    3600000.0,
    f64::INFINITY,
];

/// One version's latency: log-normal around `median` ms (spread `sigma`), times
/// `factor`, plus `plus` ms.
#[derive(Clone, Copy)]
struct Latency {
    median: f64,
    sigma: f64,
    factor: f64,
    plus: f64,
}

const STABLE_LATENCY: Latency = Latency {
    median: 40.0,
    sigma: 0.6,
    factor: 1.0,
    plus: 0.0,
};

impl Latency {
    fn draw(&self, rng: &mut Rng) -> f64 {
        // Box–Muller: a standard normal from two uniforms.
        let (u, v) = (rng.next().max(f64::MIN_POSITIVE), rng.next());
        let z = (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos();
        self.median * (self.sigma * z).exp() * self.factor + self.plus
    }
}

/// A latency's share of requests at or below each of [`ENVOY_BOUNDS`], estimated once
/// from many draws: drawing a bucket is then one uniform number.
fn bucket_cdf(latency: &Latency, rng: &mut Rng) -> Vec<f64> {
    let draws = 100_000;
    let mut per = vec![0u64; ENVOY_BOUNDS.len()];
    for _ in 0..draws {
        let ms = latency.draw(rng);
        per[ENVOY_BOUNDS.iter().position(|b| ms <= *b).unwrap_or(19)] += 1;
    }
    let mut total = 0;
    per.iter()
        .map(|n| {
            total += n;
            total as f64 / draws as f64
        })
        .collect()
}

/// Requests per bucket of [`ENVOY_BOUNDS`], and the cumulative histogram of them.
#[derive(Default, Clone)]
struct Buckets(Vec<u64>);

impl Buckets {
    fn add(&mut self, n: u64, cdf: &[f64], rng: &mut Rng) {
        self.0.resize(ENVOY_BOUNDS.len(), 0);
        for _ in 0..n {
            let u = rng.next();
            let i = cdf.iter().position(|c| u < *c).unwrap_or(19);
            self.0[i] += 1;
        }
    }

    fn counts(&self) -> Counts {
        let mut total = 0;
        let buckets = ENVOY_BOUNDS
            .iter()
            .zip(&self.0)
            .map(|(b, n)| {
                total += n;
                (*b, total as f64)
            })
            .collect();
        Counts {
            requests: total,
            errors: 0,
            latency: Some(crate::metrics::Histogram {
                buckets,
                sum: 0.0,
                count: total as f64,
            }),
        }
    }
}

/// One simulated step judged on latency alone (no errors): 20 rps, a quarter to the
/// canary, a look a second for at most `hold` seconds. The look at which the judge
/// failed the canary, if it did, and its reason.
fn run_latency(
    judge: &mut LiveJudge,
    (canary, stable): (&[f64], &[f64]),
    rng: &mut Rng,
    hold: u32,
) -> Option<(u32, String)> {
    let (mut c, mut s) = (Buckets::default(), Buckets::default());
    for at in 1..=hold {
        // 5 canary and 15 stable requests a second.
        c.add(5, canary, rng);
        s.add(15, stable, rng);
        if let Look::Fails(reason) = judge.look(c.counts(), Some(s.counts())) {
            return Some((at, reason));
        }
    }
    None
}

const LATENCY: &str =
    "checks:\n  - requestRate: {min: 0}\ncompareToStable: {maxLatencyIncrease: 50ms}\n";

/// The looks to a rollback of each of `runs` steps (`None`: held to the end).
fn latency_runs(canary: &Latency, seed: u64, runs: usize, hold: u32) -> Vec<Option<u32>> {
    let mut rng = Rng(seed);
    let (c, s) = (
        bucket_cdf(canary, &mut rng),
        bucket_cdf(&STABLE_LATENCY, &mut rng),
    );
    (0..runs)
        .map(|_| {
            let mut judge = LiveJudge::new(&spec(LATENCY)).unwrap();
            run_latency(&mut judge, (&c, &s), &mut rng, hold).map(|(at, _)| at)
        })
        .collect()
}

/// `p` (Mann–Whitney on Envoy's buckets) of a canary against stable, from a large
/// sample: what the runs' truth is.
fn true_p(canary: &Latency, seed: u64) -> f64 {
    let mut rng = Rng(seed);
    let (mut c, mut s) = (Buckets::default(), Buckets::default());
    let cdf = bucket_cdf(canary, &mut rng);
    c.add(200_000, &cdf, &mut rng);
    let cdf = bucket_cdf(&STABLE_LATENCY, &mut rng);
    s.add(200_000, &cdf, &mut rng);
    let (c, s) = (c.counts().latency.unwrap(), s.counts().latency.unwrap());
    crate::analysis::rank::mann_whitney(&c, &s).unwrap().p
}

#[test]
fn latency_alone_is_judged_against_stable_and_never_passes() {
    let mut judge = LiveJudge::new(&spec(LATENCY)).unwrap();
    assert!(judge.needs_stable());
    let mut rng = Rng(5);
    let same = bucket_cdf(&STABLE_LATENCY, &mut rng);
    let (mut c, mut s) = (Buckets::default(), Buckets::default());
    // No histogram, or too few requests on a side: no evidence.
    assert_eq!(
        judge.look(counts(500, 0), Some(counts(500, 0))),
        Look::Continue
    );
    c.add(20, &same, &mut rng);
    s.add(500, &same, &mut rng);
    assert_eq!(judge.look(c.counts(), Some(s.counts())), Look::Continue);
    // Plenty of equal traffic, earlyPromote: still never a pass on latency alone.
    let mut early = LiveJudge::new(&spec(&format!(
        "{LATENCY}sequential: {{earlyPromote: true}}\n"
    )))
    .unwrap();
    c.add(2000, &same, &mut rng);
    s.add(2000, &same, &mut rng);
    assert_eq!(early.look(c.counts(), Some(s.counts())), Look::Continue);
    // A latency check alone (an absolute limit) runs no rank test.
    assert!(LiveJudge::new(&spec("checks:\n  - latency: {max: 500ms}\n")).is_none());
}

#[test]
fn a_slower_canary_fails_with_the_test_and_its_figures_named() {
    let mut judge = LiveJudge::new(&spec(LATENCY)).unwrap();
    let slow = Latency {
        plus: 50.0,
        ..STABLE_LATENCY
    };
    let mut rng = Rng(11);
    let cdfs = (
        bucket_cdf(&slow, &mut rng),
        bucket_cdf(&STABLE_LATENCY, &mut rng),
    );
    let (_, reason) = run_latency(&mut judge, (&cdfs.0, &cdfs.1), &mut rng, 600).expect("detected");
    assert!(
        reason.starts_with("latency: canary slower than stable in "),
        "{reason}"
    );
    assert!(reason.contains("% of pairs (lower bound "), "{reason}");
    assert!(reason.contains("% > 60%), Mann–Whitney over "), "{reason}");
    assert!(reason.contains(" requests (alpha 0.01)"), "{reason}");
}

#[test]
#[allow(clippy::print_stderr)] // the counts, for people reading the test log
fn canaries_as_fast_as_stable_or_just_inside_the_shift_are_failed_at_most_alpha_of_the_time() {
    let runs = 1000;
    // Equal distributions: p = 0.5.
    let equal = latency_runs(&STABLE_LATENCY, 41, runs, 600);
    let equal_fails = equal.iter().flatten().count();
    // The worst canary the setting calls healthy: slower in nearly 60% of pairs.
    let edge = Latency {
        factor: 1.2,
        ..STABLE_LATENCY
    };
    let p = true_p(&edge, 43);
    let edge_fails = latency_runs(&edge, 47, runs, 600).iter().flatten().count();
    eprintln!(
        "latency, 10-minute steps: {equal_fails} of {runs} canaries as fast as stable failed; {edge_fails} of {runs} slower in {:.1}% of pairs failed (alpha 1%)",
        100.0 * p
    );
    assert!((0.55..=0.6).contains(&p), "{p}");
    assert!(equal_fails <= runs / 100, "{equal_fails}");
    assert!(edge_fails <= runs / 100, "{edge_fails}");
}

#[test]
#[allow(clippy::print_stderr)] // the figures, for people reading the test log
fn a_canary_50ms_slower_at_the_median_is_caught_within_seconds() {
    let runs = 1000;
    let slow = Latency {
        plus: 50.0,
        ..STABLE_LATENCY
    };
    let mut looks: Vec<u32> = latency_runs(&slow, 53, runs, 600)
        .into_iter()
        .flatten()
        .collect();
    looks.sort_unstable();
    let caught = looks.len();
    let median = looks.get(caught / 2).copied().unwrap_or(u32::MAX);
    let p90 = looks.get(caught * 9 / 10).copied().unwrap_or(u32::MAX);
    eprintln!(
        "latency +50 ms at p50 (p = {:.1}%): {caught} of {runs} caught; median {median} looks (s at a look a second, 5 canary requests/s), p90 {p90}",
        100.0 * true_p(&slow, 59)
    );
    assert_eq!(caught, runs);
    // minSamples (50) canary requests take 10 s; the evidence little more.
    assert!(median <= 20, "{median}");
}
