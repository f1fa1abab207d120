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
        assert!(!matches!(judge.look(c.clone(), Some(s.clone())), Look::Fails(_)));
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
