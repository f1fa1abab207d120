//! Judging a stage on every scrape: the sequential tests of [`super::sequential`] fed
//! with the counts since the stage began, between the rounds.
//!
//! Two tests, each only when the spec has what it needs:
//! - **threshold**: the canary's error rate against what `successRate` allows (`p0`),
//!   against `p0` + `minDetectableIncrease` — Wald's SPRT ([`ErrorRateTest`]);
//! - **stable**: with `compareToStable.maxErrorRateIncrease`, the canary's errors
//!   against stable's live ones ([`RatioTest`]), equal against `minDetectableRatio`
//!   times as often;
//! - **latency**: with `compareToStable.maxLatencyIncrease`, the canary's latency
//!   histogram against stable's, by the rank test of [`super::rank`] (Mann–Whitney
//!   with a confidence sequence): fails when the canary is slower than stable in more
//!   than `0.5 + minDetectableLatencyShift` of pairs beyond doubt. Only then: a
//!   `latency` threshold check states an absolute limit, and a canary within it is not
//!   rolled back for being somewhat slower than stable. It never passes (latency alone
//!   is no reason to promote), and with fewer than `minSamples` requests on a side, or
//!   no histogram from the source, it adds no evidence.
//!
//! The tests share `alpha` equally. Any failing fails the stage at once, with a reason naming the test, the counts
//! and the likelihood ratio. A test that passes stops looking (so `alpha` bounds its
//! false failures for the whole stage); when every error test passed, the latency test
//! (if any) has had its samples without failing, and the spec says `earlyPromote`, the
//! stage passes early; otherwise the rounds and the step's
//! `--interval` decide, as without sequential judgement. No traffic adds no evidence:
//! it never passes anything. Pure: counts and nothing else come in.

use super::rank::{RankLook, RankTest, Ranks};
use super::sequential::{Batch, ErrorRateTest, Errors, RatioTest, Sequential};
use super::spec::{AnalysisSpec, Check};
use crate::metrics::Counts;

/// What the judge says after a look.
#[derive(Debug, Clone, PartialEq)]
pub enum Look {
    /// Not decided: look again.
    Continue,
    /// Strong evidence that the canary is worse than allowed.
    Fails(String),
    /// Every test passed and the spec allows ending the stage early.
    Passes(String),
}

/// The state of a test: still looking, or passed (and no longer looking).
#[derive(Debug, Clone)]
struct Threshold {
    test: ErrorRateTest,
    passed: bool,
}

#[derive(Debug, Clone)]
struct Stable {
    test: RatioTest,
    passed: bool,
    /// Cumulative counts at the previous look: each look adds the difference.
    last: (Counts, Counts),
}

#[derive(Debug, Clone)]
struct Slower {
    test: RankTest,
    /// Whether a look had `minSamples` on both sides (a pass waits for it).
    seen: bool,
}

/// The sequential judgement of one stage.
#[derive(Debug, Clone)]
pub struct LiveJudge {
    threshold: Option<Threshold>,
    stable: Option<Stable>,
    latency: Option<Slower>,
    /// Each test's share of the spec's `alpha`, for reasons.
    alpha: f64,
    early_promote: bool,
}

impl LiveJudge {
    /// The judge of `spec`, or `None` when sequential judgement is off or the spec has
    /// nothing it can test (no `successRate` below 100%, no `maxErrorRateIncrease`, no
    /// `maxLatencyIncrease`).
    pub fn new(spec: &AnalysisSpec) -> Option<LiveJudge> {
        let s = &spec.sequential;
        if !s.enabled {
            return None;
        }
        let compare = spec
            .compare_to_stable
            .as_ref()
            .is_some_and(|c| c.max_error_rate_increase.is_some());
        let slower = spec
            .compare_to_stable
            .as_ref()
            .is_some_and(|c| c.max_latency_increase.is_some());
        let rate_check = spec
            .checks
            .iter()
            .any(|c| matches!(c, Check::SuccessRate(c) if c.min < 100.0));
        // The tests share `alpha`, so a healthy canary is failed by any of them at most
        // `alpha` of the time.
        let tests = usize::from(compare) + usize::from(rate_check) + usize::from(slower);
        let errors = Errors::new(s.alpha / tests.max(1) as f64, s.beta).ok()?;
        let threshold = spec.checks.iter().find_map(|c| match c {
            Check::SuccessRate(c) => {
                let p0 = 1.0 - c.min / 100.0;
                let p1 = p0 + s.min_detectable_increase / 100.0;
                ErrorRateTest::new(p0, p1, errors)
                    .ok()
                    .map(|test| Threshold {
                        test,
                        passed: false,
                    })
            }
            _ => None,
        });
        let stable = compare
            .then(|| RatioTest::new(s.min_detectable_ratio, errors).ok())
            .flatten()
            .map(|test| Stable {
                test,
                passed: false,
                last: Default::default(),
            });
        let latency = slower
            .then(|| {
                RankTest::new(s.min_detectable_latency_shift, errors.alpha, s.min_samples).ok()
            })
            .flatten()
            .map(|test| Slower { test, seen: false });
        if threshold.is_none() && stable.is_none() && latency.is_none() {
            return None;
        }
        Some(LiveJudge {
            threshold,
            stable,
            latency,
            alpha: errors.alpha,
            early_promote: s.early_promote,
        })
    }

    /// The SPRT's expected requests of the canary to a verdict on the threshold test
    /// when it errs at `p` (Wald's approximation): what detection times compare with.
    pub fn threshold_expected(&self, p: f64) -> Option<f64> {
        self.threshold.as_ref().map(|t| t.test.expected_requests(p))
    }

    /// The expected requests of both versions until the test against stable fails a
    /// canary erring at `pc` with stable at `ps` and the canary's `share` of traffic.
    pub fn stable_expected(&self, pc: f64, ps: f64, share: f64) -> Option<f64> {
        self.stable
            .as_ref()
            .and_then(|s| s.test.expected_requests(pc, ps, share))
    }

    /// Whether the judge wants stable's counts too (the latency test always does: it
    /// never passes).
    pub fn needs_stable(&self) -> bool {
        self.stable.as_ref().is_some_and(|s| !s.passed) || self.latency.is_some()
    }

    /// Judges the counts since the stage began: the canary's, and stable's when they
    /// could be read (`None`: the stable test waits for the next look).
    pub fn look(&mut self, canary: Counts, stable: Option<Counts>) -> Look {
        let alpha = self.alpha;
        if let Some(t) = self.threshold.as_mut().filter(|t| !t.passed) {
            match t.test.verdict(canary.requests, canary.errors) {
                Sequential::Fails => {
                    return Look::Fails(threshold_reason(&t.test, &canary, alpha));
                }
                Sequential::Passes => t.passed = true,
                Sequential::Continue => {}
            }
        }
        if let (Some(s), Some(stable)) = (self.stable.as_mut().filter(|s| !s.passed), &stable) {
            let (c0, s0) = &s.last;
            // Counters that went down (a source restarted its count) add nothing.
            let batch = Batch {
                canary_requests: canary.requests.saturating_sub(c0.requests),
                canary_errors: canary.errors.saturating_sub(c0.errors),
                stable_requests: stable.requests.saturating_sub(s0.requests),
                stable_errors: stable.errors.saturating_sub(s0.errors),
            };
            s.last = (
                Counts::new(canary.requests, canary.errors),
                Counts::new(stable.requests, stable.errors),
            );
            match s.test.add(batch) {
                Sequential::Fails => {
                    return Look::Fails(stable_reason(&s.test, &canary, stable, alpha));
                }
                Sequential::Passes => s.passed = true,
                Sequential::Continue => {}
            }
        }
        if let (Some(l), Some(c), Some(s)) = (
            self.latency.as_mut(),
            canary.latency.as_ref(),
            stable.as_ref().and_then(|s| s.latency.as_ref()),
        ) {
            match l.test.look(c, s) {
                RankLook::NoData => {}
                RankLook::Continue(..) => l.seen = true,
                RankLook::Fails(r, lower) => {
                    return Look::Fails(latency_reason(&l.test, &r, lower));
                }
            }
        }
        // The latency test never passes: a pass needs an error test, and the latency
        // test's samples.
        let error_tests = self.threshold.is_some() || self.stable.is_some();
        let all_passed = error_tests
            && self.threshold.as_ref().is_none_or(|t| t.passed)
            && self.stable.as_ref().is_none_or(|s| s.passed)
            && self.latency.as_ref().is_none_or(|l| l.seen);
        if all_passed && self.early_promote {
            return Look::Passes(format!(
                "sequential tests passed early on {} requests with {} errors (earlyPromote)",
                canary.requests, canary.errors
            ));
        }
        Look::Continue
    }
}

fn pct(errors: u64, requests: u64) -> f64 {
    if requests == 0 {
        0.0
    } else {
        100.0 * errors as f64 / requests as f64
    }
}

/// A likelihood ratio for people: whole numbers up to a million, then a power of ten
/// (evidence of a clear failure runs to dozens of digits).
fn ratio(log: f64) -> String {
    let ratio = log.exp();
    if ratio < 1e6 {
        format!("{ratio:.0}")
    } else {
        format!(
            "above 10^{}",
            (log / std::f64::consts::LN_10).floor() as i64
        )
    }
}

/// `1230` as `1,230`: request counts in reasons.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

fn latency_reason(test: &RankTest, r: &Ranks, lower: f64) -> String {
    format!(
        "latency: canary slower than stable in {:.0}% of pairs (lower bound {:.0}% > {:.0}%), Mann–Whitney over {} vs {} requests (alpha {})",
        100.0 * r.p,
        100.0 * lower,
        100.0 * test.limit(),
        thousands(r.canary),
        thousands(r.stable),
        test.alpha()
    )
}

fn threshold_reason(test: &ErrorRateTest, c: &Counts, alpha: f64) -> String {
    format!(
        "sequential threshold test: {} of {} requests failed ({:.1}%) since the step began; likelihood ratio {} for {:.1}% errors against the allowed {:.1}% crossed {:.0} (alpha {})",
        c.errors,
        c.requests,
        pct(c.errors, c.requests),
        ratio(test.llr(c.requests, c.errors)),
        100.0 * test.detected(),
        100.0 * test.allowed(),
        test.upper().exp(),
        alpha
    )
}

fn stable_reason(test: &RatioTest, c: &Counts, s: &Counts, alpha: f64) -> String {
    format!(
        "sequential test against stable: {} of {} canary requests failed ({:.1}%), {} of {} stable ones ({:.1}%); likelihood ratio {} for {}× stable's error rate crossed {:.0} (alpha {})",
        c.errors,
        c.requests,
        pct(c.errors, c.requests),
        s.errors,
        s.requests,
        pct(s.errors, s.requests),
        ratio(test.llr()),
        test.ratio(),
        test.upper().exp(),
        alpha
    )
}

#[cfg(test)]
#[path = "live_tests.rs"]
mod tests;

#[cfg(test)]
mod ratio_tests {
    #[test]
    fn counts_are_written_with_thousands_separators() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(412), "412");
        assert_eq!(super::thousands(1230), "1,230");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn large_likelihood_ratios_are_written_as_powers_of_ten() {
        assert_eq!(super::ratio(95f64.ln()), "95");
        assert_eq!(super::ratio(999_999f64.ln()), "999999");
        assert_eq!(super::ratio(2.05e46f64.ln()), "above 10^46");
    }
}
