//! Cumulative latency histograms (Prometheus `_bucket{le=...}`, `_sum`, `_count`): adding
//! the series of several proxies, differences between two scrapes, and quantile
//! estimates by linear interpolation inside a bucket, as PromQL's `histogram_quantile`
//! does. Envoy's buckets are coarse (…, 5, 10, 25, 50, 100 ms, …), so quantiles are
//! estimates, never exact.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A latency quantile health checks judge; p99 unless said otherwise.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Quantile {
    P50,
    P90,
    P95,
    #[default]
    P99,
}

impl Quantile {
    pub const ALL: [Quantile; 4] = [Quantile::P50, Quantile::P90, Quantile::P95, Quantile::P99];

    /// As a fraction, for `histogram_quantile`.
    pub fn fraction(self) -> f64 {
        match self {
            Quantile::P50 => 0.5,
            Quantile::P90 => 0.9,
            Quantile::P95 => 0.95,
            Quantile::P99 => 0.99,
        }
    }
}

impl fmt::Display for Quantile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Quantile::P50 => "p50",
            Quantile::P90 => "p90",
            Quantile::P95 => "p95",
            Quantile::P99 => "p99",
        })
    }
}

impl std::str::FromStr for Quantile {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "p50" => Ok(Quantile::P50),
            "p90" => Ok(Quantile::P90),
            "p95" => Ok(Quantile::P95),
            "p99" => Ok(Quantile::P99),
            _ => Err(format!("unknown quantile `{s}` (use p50, p90, p95 or p99)")),
        }
    }
}

/// A cumulative histogram: buckets sorted by upper bound, each with the count of
/// observations at or below it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Histogram {
    /// `(upper bound, cumulative count)`, ascending by bound; the last bound is `+Inf`
    /// in a complete histogram.
    pub buckets: Vec<(f64, f64)>,
    pub sum: f64,
    pub count: f64,
}

impl Histogram {
    /// Adds `count` to the bucket with upper bound `le`, creating it in order.
    pub fn add_bucket(&mut self, le: f64, count: f64) {
        match self
            .buckets
            .binary_search_by(|(bound, _)| bound.total_cmp(&le))
        {
            Ok(i) => self.buckets[i].1 += count,
            Err(i) => self.buckets.insert(i, (le, count)),
        }
    }

    /// The cumulative count at bound `le`: that of the largest bucket bound `<= le`.
    pub fn count_at(&self, le: f64) -> f64 {
        self.buckets
            .iter()
            .take_while(|(bound, _)| *bound <= le)
            .last()
            .map_or(0.0, |(_, count)| *count)
    }

    /// Adds another histogram (another proxy's) bucket by bucket. Where the bounds
    /// differ, each side contributes its count at the nearest lower bound.
    pub fn merge(&mut self, other: &Histogram) {
        let mut bounds: Vec<f64> = self
            .buckets
            .iter()
            .chain(&other.buckets)
            .map(|(b, _)| *b)
            .collect();
        bounds.sort_by(f64::total_cmp);
        bounds.dedup();
        let buckets = bounds
            .into_iter()
            .map(|b| (b, self.count_at(b) + other.count_at(b)))
            .collect();
        self.buckets = buckets;
        self.sum += other.sum;
        self.count += other.count;
    }

    /// `self - earlier`, bucket by bucket: the observations made between two scrapes.
    pub fn minus(&self, earlier: &Histogram) -> Histogram {
        Histogram {
            buckets: self
                .buckets
                .iter()
                .map(|(b, c)| (*b, c - earlier.count_at(*b)))
                .collect(),
            sum: self.sum - earlier.sum,
            count: self.count - earlier.count,
        }
    }

    /// Whether any cumulative value is smaller than in `earlier` (a counter reset).
    pub fn decreased_since(&self, earlier: &Histogram) -> bool {
        self.count < earlier.count
            || earlier
                .buckets
                .iter()
                .any(|(b, c)| self.buckets.iter().any(|(b2, c2)| b2 == b && c2 < c))
    }

    /// Observations in the histogram (the `+Inf` bucket, else `_count`).
    pub fn observations(&self) -> f64 {
        match self.buckets.last() {
            Some((b, c)) if *b == f64::INFINITY => *c,
            _ => self.count,
        }
    }

    /// The `q` quantile (0..=1) as PromQL's `histogram_quantile` estimates it; `None`
    /// when there are no observations or no `+Inf` bucket (the answer would be NaN).
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let buckets = &self.buckets;
        if buckets.len() < 2 || buckets.last().map(|(b, _)| *b) != Some(f64::INFINITY) {
            return None;
        }
        // Counts may be slightly non-monotonic after merging scrapes taken at different
        // moments; Prometheus forces monotony the same way.
        let mut monotonic = Vec::with_capacity(buckets.len());
        let mut max = 0.0_f64;
        for (bound, count) in buckets {
            max = max.max(*count);
            monotonic.push((*bound, max));
        }
        let total = monotonic[monotonic.len() - 1].1;
        if total <= 0.0 || q.is_nan() {
            return None;
        }
        if q < 0.0 {
            return Some(f64::NEG_INFINITY);
        }
        if q > 1.0 {
            return Some(f64::INFINITY);
        }
        let mut rank = q * total;
        let last_finite = monotonic.len() - 1;
        let b = monotonic[..last_finite]
            .iter()
            .position(|(_, count)| *count >= rank)
            .unwrap_or(last_finite);
        if b == last_finite {
            // In the `+Inf` bucket: the best answer is the highest finite bound.
            return Some(monotonic[last_finite - 1].0);
        }
        if b == 0 && monotonic[0].0 <= 0.0 {
            return Some(monotonic[0].0);
        }
        let (end, mut count) = monotonic[b];
        let mut start = 0.0;
        if b > 0 {
            start = monotonic[b - 1].0;
            count -= monotonic[b - 1].1;
            rank -= monotonic[b - 1].1;
        }
        if count <= 0.0 {
            return Some(start);
        }
        Some(start + (end - start) * (rank / count))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hist(buckets: &[(f64, f64)]) -> Histogram {
        Histogram {
            buckets: buckets.to_vec(),
            sum: 0.0,
            count: buckets.last().map_or(0.0, |b| b.1),
        }
    }

    const INF: f64 = f64::INFINITY;

    #[test]
    fn quantile_interpolates_inside_the_bucket() {
        // 100 observations: 50 in (0,10], 40 in (10,20], 10 in (20,40].
        let h = hist(&[(10.0, 50.0), (20.0, 90.0), (40.0, 100.0), (INF, 100.0)]);
        assert_eq!(h.quantile(0.5), Some(10.0));
        assert_eq!(h.quantile(0.25), Some(5.0));
        assert_eq!(h.quantile(0.7), Some(15.0));
        assert_eq!(h.quantile(0.9), Some(20.0));
        assert_eq!(h.quantile(0.95), Some(30.0));
        assert_eq!(h.quantile(0.99), Some(38.0));
    }

    #[test]
    fn quantile_in_the_inf_bucket_is_the_highest_finite_bound() {
        let h = hist(&[(10.0, 5.0), (100.0, 10.0), (INF, 20.0)]);
        assert_eq!(h.quantile(0.99), Some(100.0));
    }

    #[test]
    fn quantile_of_nothing_is_none() {
        assert_eq!(hist(&[(10.0, 0.0), (INF, 0.0)]).quantile(0.5), None);
        assert_eq!(
            hist(&[(10.0, 3.0), (20.0, 4.0)]).quantile(0.5),
            None,
            "no +Inf"
        );
        assert_eq!(hist(&[]).quantile(0.5), None);
    }

    #[test]
    fn quantile_edges_follow_promql() {
        let h = hist(&[(10.0, 5.0), (INF, 5.0)]);
        assert_eq!(h.quantile(-0.1), Some(f64::NEG_INFINITY));
        assert_eq!(h.quantile(1.5), Some(INF));
        assert_eq!(hist(&[(-1.0, 5.0), (INF, 5.0)]).quantile(0.5), Some(-1.0));
        // Non-monotonic input is forced monotonic instead of giving nonsense.
        let h = hist(&[(10.0, 6.0), (20.0, 5.0), (INF, 10.0)]);
        assert_eq!(h.quantile(0.5), Some(50.0 / 6.0));
    }

    #[test]
    fn difference_and_merge_work_bucket_by_bucket() {
        let t0 = Histogram {
            buckets: vec![(5.0, 2.0), (10.0, 4.0), (INF, 4.0)],
            sum: 20.0,
            count: 4.0,
        };
        let t1 = Histogram {
            buckets: vec![(5.0, 3.0), (10.0, 8.0), (INF, 9.0)],
            sum: 80.0,
            count: 9.0,
        };
        let d = t1.minus(&t0);
        assert_eq!(d.buckets, vec![(5.0, 1.0), (10.0, 4.0), (INF, 5.0)]);
        assert_eq!((d.sum, d.count), (60.0, 5.0));
        assert!(!t1.decreased_since(&t0));
        assert!(t0.decreased_since(&t1));

        let mut m = d.clone();
        m.merge(&hist(&[(5.0, 1.0), (25.0, 2.0), (INF, 2.0)]));
        assert_eq!(
            m.buckets,
            vec![(5.0, 2.0), (10.0, 5.0), (25.0, 6.0), (INF, 7.0)]
        );
        assert_eq!(m.observations(), 7.0);
    }

    #[test]
    fn add_bucket_keeps_bounds_sorted_and_sums_equal_bounds() {
        let mut h = Histogram::default();
        h.add_bucket(INF, 3.0);
        h.add_bucket(10.0, 1.0);
        h.add_bucket(10.0, 1.0);
        h.add_bucket(5.0, 1.0);
        assert_eq!(h.buckets, vec![(5.0, 1.0), (10.0, 2.0), (INF, 3.0)]);
    }

    #[test]
    fn quantiles_parse_and_print() {
        for q in Quantile::ALL {
            assert_eq!(q.to_string().parse::<Quantile>(), Ok(q));
        }
        assert!("p42".parse::<Quantile>().is_err());
    }
}
