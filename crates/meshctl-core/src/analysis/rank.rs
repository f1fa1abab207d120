//! Is the canary slower than stable? A rank test on the two latency histograms since
//! the step began, valid however often it is looked at.
//!
//! **The statistic.** Mann–Whitney's U over bucketed latencies: `p` is the chance that a
//! canary request took longer than a stable one, a request in the same bucket counting
//! half (a tie). It is computed from bucket counts alone, in time linear in the number
//! of buckets, through each request's *placement* (DeLong, DeLong & Clarke-Pearson
//! 1988, "Comparing the areas under two or more correlated ROC curves", Biometrics
//! 44(3)): a canary request's share of stable ones it beats, a stable request's share
//! of canary ones that beat it. `p` is the mean of either, and its variance is
//! estimated as `var(canary placements) / n_canary + var(stable placements) / n_stable`.
//! Ties are frequent with Envoy's coarse buckets, and the placements take them into
//! account. `p` does not depend on the units or on where inside a bucket a request fell.
//!
//! **Repeated looks.** The judge looks every second, so a fixed-sample confidence
//! interval would be crossed by chance sooner or later. The lower bound here is a
//! confidence sequence: Robbins' normal mixture boundary (Howard, Ramdas, McAuliffe &
//! Sekhon 2021, "Time-uniform, nonparametric, nonasymptotic confidence sequences",
//! Ann. Statist. 49(2), eq. (14)), applied to the estimate in information time
//! (`1/variance`) as the asymptotic confidence sequences of Waudby-Smith, Arnold, Wu &
//! Ramdas ("Time-uniform central limit theory and asymptotic confidence sequences",
//! Ann. Statist. 2024) do. Its radius is
//! `se · sqrt((1 + ρ·se²) · (2·ln(1/α) + ln(1 + 1/(ρ·se²))))`: it holds at every look
//! at once with probability at least `1 − α`, as the samples grow (the normal
//! approximation is why `minSamples` requests are needed on each side before a look
//! counts). `ρ` sets where the boundary is tightest: at the information where a
//! fixed-sample bound would be about as wide as the effect worth detecting.
//!
//! **The decision.** `Fails` when the lower bound of `p` exceeds `0.5 + shift`
//! (`minDetectableLatencyShift`): the chance of failing a canary whose `p` is at most
//! `0.5 + shift` (equally fast ones included) is at most `alpha`. The test never passes
//! anything: being not slower is for the error tests and the rounds to judge. Pure
//! arithmetic over histograms the caller passes in.

use crate::metrics::Histogram;

/// The figures of one comparison, for a verdict and its reason.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranks {
    /// Requests on each side.
    pub canary: u64,
    pub stable: u64,
    /// The chance that a canary request is slower than a stable one (ties half).
    pub p: f64,
    /// The estimated variance of `p`.
    pub variance: f64,
}

/// Mann–Whitney's `p` over two cumulative histograms (see the module docs); `None`
/// when either side has no request. Buckets are matched by bound; where the bounds
/// differ, each side's count is its count at the nearest lower bound.
pub fn mann_whitney(canary: &Histogram, stable: &Histogram) -> Option<Ranks> {
    let (c, s) = per_bucket(canary, stable);
    let (nc, ns) = (c.iter().sum::<f64>(), s.iter().sum::<f64>());
    if nc < 1.0 || ns < 1.0 {
        return None;
    }
    // Below: stable requests in faster buckets; above: canary ones in slower buckets.
    let mut below = 0.0;
    let mut above = nc;
    let mut canary_place = Vec::with_capacity(c.len());
    let mut stable_place = Vec::with_capacity(s.len());
    for (ci, si) in c.iter().zip(&s) {
        above -= ci;
        canary_place.push((below + si / 2.0) / ns);
        stable_place.push((above.max(0.0) + ci / 2.0) / nc);
        below += si;
    }
    let p = c.iter().zip(&canary_place).map(|(n, v)| n * v).sum::<f64>() / nc;
    let spread = |counts: &[f64], places: &[f64], n: f64| {
        if n < 2.0 {
            return 0.0;
        }
        counts
            .iter()
            .zip(places)
            .map(|(k, v)| k * (v - p).powi(2))
            .sum::<f64>()
            / (n - 1.0)
    };
    let variance = spread(&c, &canary_place, nc) / nc + spread(&s, &stable_place, ns) / ns;
    Some(Ranks {
        canary: nc.round() as u64,
        stable: ns.round() as u64,
        p,
        variance,
    })
}

/// The requests in each bucket (not cumulative) of both sides, on the union of their
/// bounds. Counts that go down (scrapes merged at different moments) are held up, as
/// Prometheus does; a histogram without `+Inf` gets its `count` there.
fn per_bucket(a: &Histogram, b: &Histogram) -> (Vec<f64>, Vec<f64>) {
    let same = a.buckets.len() == b.buckets.len()
        && a.buckets.iter().zip(&b.buckets).all(|(x, y)| x.0 == y.0);
    let bounds: Vec<f64> = if same {
        // The usual case (both sides from the same proxies' configuration).
        let mut bounds: Vec<f64> = a.buckets.iter().map(|x| x.0).collect();
        if bounds.last() != Some(&f64::INFINITY) {
            bounds.push(f64::INFINITY);
        }
        bounds
    } else {
        let mut bounds: Vec<f64> = a.buckets.iter().chain(&b.buckets).map(|x| x.0).collect();
        bounds.push(f64::INFINITY);
        bounds.sort_by(f64::total_cmp);
        bounds.dedup();
        bounds
    };
    let side = |h: &Histogram| {
        let mut last = 0.0_f64;
        let mut next = 0;
        bounds
            .iter()
            .map(|&le| {
                // The cumulative count at the largest bound of `h` at or below `le`.
                while next < h.buckets.len() && h.buckets[next].0 <= le {
                    next += 1;
                }
                let mut at = if next == 0 {
                    0.0
                } else {
                    h.buckets[next - 1].1
                };
                if le == f64::INFINITY && h.buckets.last().map(|x| x.0) != Some(le) {
                    at = at.max(h.count);
                }
                let here = (at - last).max(0.0);
                last = last.max(at);
                here
            })
            .collect::<Vec<f64>>()
    };
    (side(a), side(b))
}

/// What one look says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RankLook {
    /// Fewer than `minSamples` requests on a side: no evidence.
    NoData,
    /// Not slower beyond doubt (yet).
    Continue(Ranks, f64),
    /// The lower bound of `p` is above `0.5 + shift`: slower.
    Fails(Ranks, f64),
}

/// The test: its effect, its false-failure chance and the samples it needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankTest {
    shift: f64,
    alpha: f64,
    min_samples: u64,
    /// Where the mixture boundary is tightest, in information (`1/variance`).
    rho: f64,
}

impl RankTest {
    pub fn new(shift: f64, alpha: f64, min_samples: u64) -> Result<RankTest, String> {
        if !(shift > 0.0 && shift < 0.5) {
            return Err(format!("shift {shift} is not between 0 and 0.5"));
        }
        if !(alpha > 0.0 && alpha < 1.0) {
            return Err(format!("alpha {alpha} is not between 0 and 1"));
        }
        // A fixed-sample bound is about as wide as `shift` at information
        // `(l + 1) / shift²`; Howard et al.'s choice of ρ for tightness there.
        let l = 2.0 * (1.0 / alpha).ln();
        let target = (l + 1.0) / (shift * shift);
        Ok(RankTest {
            shift,
            alpha,
            min_samples: min_samples.max(2),
            rho: target / (l + (1.0 + l).ln()),
        })
    }

    /// The bound `p` must cross: `0.5 + shift`.
    pub fn limit(&self) -> f64 {
        0.5 + self.shift
    }

    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// The lower confidence bound of `p`, valid over every look.
    pub fn lower_bound(&self, r: &Ranks) -> f64 {
        // A variance of zero (every request of both sides in one bucket each) says
        // nothing about how sure that is: hold it at what one request of each side
        // would give, so the bound stays finite.
        let floor = 0.25 / (r.canary.max(1) as f64 * r.stable.max(1) as f64);
        let v = r.variance.max(floor);
        let radius = (v
            * (1.0 + self.rho * v)
            * (2.0 * (1.0 / self.alpha).ln() + (1.0 + 1.0 / (self.rho * v)).ln()))
        .sqrt();
        r.p - radius
    }

    /// Judges the histograms since the step began.
    pub fn look(&self, canary: &Histogram, stable: &Histogram) -> RankLook {
        let Some(r) = mann_whitney(canary, stable) else {
            return RankLook::NoData;
        };
        if r.canary < self.min_samples || r.stable < self.min_samples {
            return RankLook::NoData;
        }
        let lower = self.lower_bound(&r);
        if lower > self.limit() {
            RankLook::Fails(r, lower)
        } else {
            RankLook::Continue(r, lower)
        }
    }
}

#[cfg(test)]
#[path = "rank_tests.rs"]
mod tests;
