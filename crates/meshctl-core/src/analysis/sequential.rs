//! Sequential tests of a canary's errors: a verdict as soon as the evidence is clear,
//! with the chance of a false verdict bounded at every look, instead of fixed windows
//! that are slow on clear failures and noisy on small samples.
//!
//! Two of Wald's sequential probability ratio tests (SPRT), over counts that arrive
//! in batches (one batch per scrape):
//!
//! - [`ErrorRateTest`]: the canary's error rate against a threshold. H0: the rate is at
//!   most `p0` (what `--min-success-rate` allows); H1: it is `p1` = `p0` + the effect
//!   worth detecting. Each request adds to the log-likelihood ratio; crossing the upper
//!   bound fails the canary (probability at most about `alpha` when H0 holds), crossing
//!   the lower bound passes it (probability at most about `beta` when H1 holds).
//! - [`RatioTest`]: the canary against the stable version's live errors. Given how
//!   many requests each served in a batch, each error belongs to the canary with a
//!   probability that depends only on the ratio of the two error rates; the test is an
//!   SPRT on that ratio (H0: 1, H1: `ratio`), so an error rate shared by both versions
//!   (a bad dependency) never fails the canary.
//!
//! Both likelihood ratios are monotone in the rate, so bounding false failures at the
//! boundary of H0 bounds them for every rate inside it. Pure arithmetic: callers pass
//! counts in.

/// What a sequential test says after a look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sequential {
    /// Strong evidence that the canary is worse than allowed.
    Fails,
    /// Strong evidence that it is not.
    Passes,
    /// Not enough evidence yet: look again.
    Continue,
}

/// The false-failure (`alpha`) and missed-failure (`beta`) probabilities a test
/// accepts, and the bounds they give the log-likelihood ratio.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Errors {
    pub alpha: f64,
    pub beta: f64,
}

impl Errors {
    pub fn new(alpha: f64, beta: f64) -> Result<Errors, String> {
        for (name, v) in [("alpha", alpha), ("beta", beta)] {
            if !(v > 0.0 && v < 0.5) {
                return Err(format!("{name} {v} is not between 0 and 0.5"));
            }
        }
        Ok(Errors { alpha, beta })
    }

    /// Crossing this fails the canary.
    pub fn upper(&self) -> f64 {
        ((1.0 - self.beta) / self.alpha).ln()
    }

    /// Crossing this passes it.
    pub fn lower(&self) -> f64 {
        (self.beta / (1.0 - self.alpha)).ln()
    }

    fn verdict(&self, llr: f64) -> Sequential {
        if llr >= self.upper() {
            Sequential::Fails
        } else if llr <= self.lower() {
            Sequential::Passes
        } else {
            Sequential::Continue
        }
    }
}

/// The canary's error rate against a threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErrorRateTest {
    p0: f64,
    p1: f64,
    errors: Errors,
    /// What one error and one success add to the log-likelihood ratio.
    per_error: f64,
    per_success: f64,
}

impl ErrorRateTest {
    /// Tells an error rate of at most `p0` from one of `p1` (0 < p0 < p1 < 1).
    pub fn new(p0: f64, p1: f64, errors: Errors) -> Result<ErrorRateTest, String> {
        if !(p0 > 0.0 && p0 < p1 && p1 < 1.0) {
            return Err(format!(
                "the error rates {p0} and {p1} must satisfy 0 < allowed < detected < 1"
            ));
        }
        Ok(ErrorRateTest {
            p0,
            p1,
            errors,
            per_error: (p1 / p0).ln(),
            per_success: ((1.0 - p1) / (1.0 - p0)).ln(),
        })
    }

    /// The log-likelihood ratio of `errors` among `requests`.
    pub fn llr(&self, requests: u64, errors: u64) -> f64 {
        let errors = errors.min(requests);
        errors as f64 * self.per_error + (requests - errors) as f64 * self.per_success
    }

    /// The verdict on everything seen since the stage began.
    pub fn verdict(&self, requests: u64, errors: u64) -> Sequential {
        self.errors.verdict(self.llr(requests, errors))
    }

    /// The probability of passing when the true error rate is `p` (Wald's operating
    /// characteristic), found through the exponent `h` that makes the likelihood ratio a
    /// martingale under `p`.
    pub fn pass_probability(&self, p: f64) -> f64 {
        let (a, b) = (self.errors.upper(), self.errors.lower());
        let h = self.exponent(p);
        if h.abs() < 1e-9 {
            return a / (a - b);
        }
        // L = (e^{h·a} − 1) / (e^{h·a} − e^{h·b}), computed without overflow.
        let (ha, hb) = (h * a, h * b);
        if ha > 0.0 {
            let num = 1.0 - (-ha).exp();
            let den = 1.0 - (hb - ha).exp();
            num / den
        } else {
            let num = ha.exp() - 1.0;
            let den = ha.exp() - hb.exp();
            num / den
        }
    }

    /// Solves `p·r1^h + (1−p)·r0^h = 1` for `h ≠ 0` (r1 = p1/p0, r0 = (1−p1)/(1−p0)).
    fn exponent(&self, p: f64) -> f64 {
        let f = |h: f64| {
            p * (h * self.per_error).exp() + (1.0 - p) * (h * self.per_success).exp() - 1.0
        };
        // The mean increment decides the sign of the root: negative drift (healthy)
        // has h > 0, positive drift h < 0.
        let drift = self.drift(p);
        if drift.abs() < 1e-12 {
            return 0.0;
        }
        let (mut lo, mut hi) = if drift < 0.0 {
            (1e-9, 1.0)
        } else {
            (-1.0, -1e-9)
        };
        // Widen until the root is bracketed.
        for _ in 0..60 {
            if f(lo) * f(hi) <= 0.0 {
                break;
            }
            if drift < 0.0 {
                hi *= 2.0;
            } else {
                lo *= 2.0;
            }
        }
        for _ in 0..200 {
            let mid = (lo + hi) / 2.0;
            if f(lo) * f(mid) <= 0.0 {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        (lo + hi) / 2.0
    }

    /// The mean log-likelihood ratio one request adds when the true rate is `p`.
    pub fn drift(&self, p: f64) -> f64 {
        p * self.per_error + (1.0 - p) * self.per_success
    }

    /// Wald's approximation of the expected number of requests until a verdict when
    /// the true error rate is `p`: the least any test with these error probabilities
    /// needs on average at `p0` and `p1`, and what detection times are measured
    /// against.
    pub fn expected_requests(&self, p: f64) -> f64 {
        let (a, b) = (self.errors.upper(), self.errors.lower());
        let drift = self.drift(p);
        if drift.abs() < 1e-12 {
            let second = p * self.per_error.powi(2) + (1.0 - p) * self.per_success.powi(2);
            return -a * b / second;
        }
        let pass = self.pass_probability(p);
        (pass * b + (1.0 - pass) * a) / drift
    }

    pub fn allowed(&self) -> f64 {
        self.p0
    }

    /// The likelihood ratio that fails the canary (as a log).
    pub fn upper(&self) -> f64 {
        self.errors.upper()
    }

    pub fn detected(&self) -> f64 {
        self.p1
    }
}

/// One look's traffic of both versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Batch {
    pub canary_requests: u64,
    pub canary_errors: u64,
    pub stable_requests: u64,
    pub stable_errors: u64,
}

/// The canary's errors against the stable version's, batch by batch.
#[derive(Debug, Clone, PartialEq)]
pub struct RatioTest {
    ratio: f64,
    errors: Errors,
    llr: f64,
}

impl RatioTest {
    /// Tells equal error rates from a canary erring `ratio` times as often (> 1).
    pub fn new(ratio: f64, errors: Errors) -> Result<RatioTest, String> {
        if !(ratio > 1.0 && ratio.is_finite()) {
            return Err(format!("the error-rate ratio {ratio} must be above 1"));
        }
        Ok(RatioTest {
            ratio,
            errors,
            llr: 0.0,
        })
    }

    /// Adds one look's counts and says what the evidence so far shows. A batch in which
    /// one version served nothing carries no information about the ratio.
    pub fn add(&mut self, batch: Batch) -> Sequential {
        let (nc, ns) = (batch.canary_requests as f64, batch.stable_requests as f64);
        if nc > 0.0 && ns > 0.0 {
            let same = nc / (nc + ns);
            let worse = self.ratio * nc / (self.ratio * nc + ns);
            self.llr += batch.canary_errors.min(batch.canary_requests) as f64 * (worse / same).ln()
                + batch.stable_errors.min(batch.stable_requests) as f64
                    * ((1.0 - worse) / (1.0 - same)).ln();
        }
        self.errors.verdict(self.llr)
    }

    pub fn llr(&self) -> f64 {
        self.llr
    }

    pub fn ratio(&self) -> f64 {
        self.ratio
    }

    /// The likelihood ratio that fails the canary (as a log).
    pub fn upper(&self) -> f64 {
        self.errors.upper()
    }

    /// Wald's approximation of the requests (of both versions) until the canary is
    /// failed, when it errs at `pc`, stable at `ps`, and the canary serves `share` of
    /// the requests: the failure bound over the mean evidence one request adds.
    /// `None` when the evidence does not grow towards a failure.
    pub fn expected_requests(&self, pc: f64, ps: f64, share: f64) -> Option<f64> {
        let same = share;
        let worse = self.ratio * share / (self.ratio * share + (1.0 - share));
        let drift = share * pc * (worse / same).ln()
            + (1.0 - share) * ps * ((1.0 - worse) / (1.0 - same)).ln();
        (drift > 0.0).then(|| self.errors.upper() / drift)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small deterministic generator (splitmix64): simulated traffic must give the
    /// same counts on every run.
    pub(crate) struct Rng(pub(crate) u64);

    impl Rng {
        pub(crate) fn next(&mut self) -> f64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            (z >> 11) as f64 / (1u64 << 53) as f64
        }

        pub(crate) fn errors(&mut self, requests: u64, p: f64) -> u64 {
            (0..requests).filter(|_| self.next() < p).count() as u64
        }
    }

    fn errors() -> Errors {
        Errors::new(0.01, 0.05).unwrap()
    }

    /// Runs the threshold test on traffic of error rate `p`, `per_look` requests at a
    /// time, until a verdict (or `max` requests): the verdict and the requests used.
    fn run(
        test: &ErrorRateTest,
        rng: &mut Rng,
        p: f64,
        per_look: u64,
        max: u64,
    ) -> (Sequential, u64) {
        let (mut n, mut k) = (0, 0);
        while n < max {
            n += per_look;
            k += rng.errors(per_look, p);
            match test.verdict(n, k) {
                Sequential::Continue => continue,
                v => return (v, n),
            }
        }
        (Sequential::Continue, n)
    }

    #[test]
    fn bad_settings_are_refused_with_the_values() {
        assert!(Errors::new(0.0, 0.1).unwrap_err().contains("alpha 0"));
        assert!(Errors::new(0.01, 0.6).unwrap_err().contains("beta 0.6"));
        assert!(ErrorRateTest::new(0.1, 0.05, errors()).is_err());
        assert!(RatioTest::new(1.0, errors()).is_err());
    }

    #[test]
    fn the_bounds_are_walds() {
        let e = errors();
        assert!((e.upper() - (0.95f64 / 0.01).ln()).abs() < 1e-12);
        assert!((e.lower() - (0.05f64 / 0.99).ln()).abs() < 1e-12);
    }

    #[test]
    fn a_clear_failure_fails_after_a_few_requests_and_clean_traffic_passes() {
        let test = ErrorRateTest::new(0.05, 0.15, errors()).unwrap();
        // 30% errors: each error adds ln 3, each success ln(0.85/0.95).
        assert_eq!(test.verdict(10, 5), Sequential::Fails);
        assert_eq!(test.verdict(10, 1), Sequential::Continue);
        assert_eq!(test.verdict(200, 0), Sequential::Passes);
    }

    #[test]
    fn healthy_canaries_at_the_threshold_are_failed_at_most_alpha_of_the_time() {
        // The worst healthy canary errs exactly at the allowed rate.
        let test = ErrorRateTest::new(0.05, 0.10, errors()).unwrap();
        let mut rng = Rng(7);
        let runs = 2000;
        let fails = (0..runs)
            .filter(|_| run(&test, &mut rng, 0.05, 5, 100_000).0 == Sequential::Fails)
            .count();
        // alpha = 1%: 20 expected at most; Wald's bound is alpha/(1-beta).
        assert!(fails <= 22, "{fails} of {runs} healthy canaries failed");
    }

    #[test]
    fn failing_canaries_are_caught_with_power_and_in_the_expected_time() {
        let test = ErrorRateTest::new(0.05, 0.15, errors()).unwrap();
        let mut rng = Rng(11);
        let runs = 1000;
        let mut used = 0u64;
        for _ in 0..runs {
            let (verdict, n) = run(&test, &mut rng, 0.30, 1, 100_000);
            assert_eq!(verdict, Sequential::Fails);
            used += n;
        }
        let mean = used as f64 / runs as f64;
        let expected = test.expected_requests(0.30);
        // Wald's approximation ignores the overshoot of the bound: the truth is a
        // little above it, never far.
        assert!(
            mean >= expected * 0.9 && mean <= expected * 1.5,
            "mean {mean:.1} requests against Wald's {expected:.1}"
        );
    }

    #[test]
    fn the_operating_characteristic_meets_the_error_probabilities() {
        let test = ErrorRateTest::new(0.05, 0.15, errors()).unwrap();
        // At p0 a test passes with probability 1 - alpha, at p1 with beta.
        assert!((test.pass_probability(0.05) - 0.99).abs() < 0.002);
        assert!((test.pass_probability(0.15) - 0.05).abs() < 0.002);
        assert!(test.pass_probability(0.01) > 0.999);
        assert!(test.pass_probability(0.5) < 1e-6);
        // Expected sizes shrink as the truth moves away from both hypotheses.
        assert!(test.expected_requests(0.3) < test.expected_requests(0.15));
        assert!(test.expected_requests(0.01) < test.expected_requests(0.05));
    }

    #[test]
    fn the_ratio_test_ignores_errors_both_versions_share() {
        let mut test = RatioTest::new(2.0, errors()).unwrap();
        let mut rng = Rng(3);
        let mut verdict = Sequential::Continue;
        // Both at 20% errors (a failing dependency), the canary at a quarter of the
        // traffic: never a failure of the canary.
        for _ in 0..2000 {
            verdict = test.add(Batch {
                canary_requests: 10,
                canary_errors: rng.errors(10, 0.2),
                stable_requests: 30,
                stable_errors: rng.errors(30, 0.2),
            });
            if verdict != Sequential::Continue {
                break;
            }
        }
        assert_eq!(verdict, Sequential::Passes);
    }

    #[test]
    fn the_ratio_test_bounds_false_failures_and_catches_a_worse_canary() {
        let e = errors();
        let mut rng = Rng(5);
        let runs = 2000;
        let look = |rng: &mut Rng, pc: f64, ps: f64| Batch {
            canary_requests: 10,
            canary_errors: rng.errors(10, pc),
            stable_requests: 30,
            stable_errors: rng.errors(30, ps),
        };
        let until_verdict = |rng: &mut Rng, pc: f64, ps: f64| {
            let mut test = RatioTest::new(2.0, e).unwrap();
            for i in 1..=20_000u64 {
                match test.add(look(rng, pc, ps)) {
                    Sequential::Continue => continue,
                    v => return (v, i),
                }
            }
            (Sequential::Continue, 20_000)
        };
        let fails = (0..runs)
            .filter(|_| until_verdict(&mut rng, 0.05, 0.05).0 == Sequential::Fails)
            .count();
        assert!(fails <= 22, "{fails} of {runs} equal canaries failed");
        // 6% against a 1% baseline (the +5 points case): caught, nearly always.
        let caught = (0..200)
            .filter(|_| until_verdict(&mut rng, 0.06, 0.01).0 == Sequential::Fails)
            .count();
        assert!(caught >= 190, "{caught} of 200 worse canaries caught");
    }
}
