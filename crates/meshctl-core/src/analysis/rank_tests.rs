//! Mann–Whitney on buckets against a direct count over every pair, and the test's
//! decisions.

use super::*;
use crate::analysis::sequential::tests::Rng;

const INF: f64 = f64::INFINITY;

/// A cumulative histogram of per-bucket counts on `bounds` (the last one `+Inf`).
fn hist(bounds: &[f64], counts: &[u64]) -> Histogram {
    let mut total = 0.0;
    let buckets = bounds
        .iter()
        .zip(counts)
        .map(|(b, c)| {
            total += *c as f64;
            (*b, total)
        })
        .collect();
    Histogram {
        buckets,
        sum: 0.0,
        count: total,
    }
}

/// `p` by brute force: every bucket index of a request, every pair compared.
fn direct(c: &[u64], s: &[u64]) -> f64 {
    let expand = |counts: &[u64]| -> Vec<usize> {
        counts
            .iter()
            .enumerate()
            .flat_map(|(i, n)| std::iter::repeat_n(i, *n as usize))
            .collect()
    };
    let (xs, ys) = (expand(c), expand(s));
    let mut wins = 0.0;
    for x in &xs {
        for y in &ys {
            wins += match x.cmp(y) {
                std::cmp::Ordering::Greater => 1.0,
                std::cmp::Ordering::Equal => 0.5,
                std::cmp::Ordering::Less => 0.0,
            };
        }
    }
    wins / (xs.len() * ys.len()) as f64
}

/// The DeLong variance by brute force, from each request's placement.
fn direct_variance(c: &[u64], s: &[u64]) -> f64 {
    let expand = |counts: &[u64]| -> Vec<usize> {
        counts
            .iter()
            .enumerate()
            .flat_map(|(i, n)| std::iter::repeat_n(i, *n as usize))
            .collect()
    };
    let (xs, ys) = (expand(c), expand(s));
    let beat = |x: usize, y: usize| match x.cmp(&y) {
        std::cmp::Ordering::Greater => 1.0,
        std::cmp::Ordering::Equal => 0.5,
        std::cmp::Ordering::Less => 0.0,
    };
    let vx: Vec<f64> = xs
        .iter()
        .map(|&x| ys.iter().map(|&y| beat(x, y)).sum::<f64>() / ys.len() as f64)
        .collect();
    let vy: Vec<f64> = ys
        .iter()
        .map(|&y| xs.iter().map(|&x| beat(x, y)).sum::<f64>() / xs.len() as f64)
        .collect();
    let p = vx.iter().sum::<f64>() / vx.len() as f64;
    let var = |v: &[f64]| v.iter().map(|a| (a - p).powi(2)).sum::<f64>() / (v.len() - 1) as f64;
    var(&vx) / xs.len() as f64 + var(&vy) / ys.len() as f64
}

#[test]
fn u_on_buckets_is_the_pair_count_with_ties_half() {
    let bounds = [5.0, 10.0, 25.0, 50.0, 100.0, INF];
    let mut rng = Rng(3);
    for _ in 0..200 {
        let mut draw = || -> Vec<u64> {
            (0..bounds.len())
                .map(|_| (rng.next() * 6.0) as u64)
                .collect()
        };
        let (c, s) = (draw(), draw());
        let (Some(r), true) = (
            mann_whitney(&hist(&bounds, &c), &hist(&bounds, &s)),
            c.iter().sum::<u64>() > 1 && s.iter().sum::<u64>() > 1,
        ) else {
            continue;
        };
        assert!((r.p - direct(&c, &s)).abs() < 1e-12, "{c:?} {s:?}");
        assert!(
            (r.variance - direct_variance(&c, &s)).abs() < 1e-12,
            "{c:?} {s:?}"
        );
        assert_eq!(r.canary, c.iter().sum::<u64>());
    }
}

#[test]
fn known_values_and_buckets_matched_by_bound() {
    let bounds = [10.0, 50.0, INF];
    // All canary requests slower: 1. All in one bucket: ties, 0.5. Faster: 0.
    let slow = hist(&bounds, &[0, 0, 4]);
    let fast = hist(&bounds, &[3, 0, 0]);
    assert_eq!(mann_whitney(&slow, &fast).unwrap().p, 1.0);
    assert_eq!(mann_whitney(&fast, &fast).unwrap().p, 0.5);
    assert_eq!(mann_whitney(&fast, &slow).unwrap().p, 0.0);
    // Stable's histogram has a bound canary's lacks; a missing +Inf takes `count`.
    let canary = Histogram {
        buckets: vec![(10.0, 2.0), (50.0, 4.0)],
        sum: 0.0,
        count: 6.0,
    };
    let stable = hist(&[10.0, 25.0, 50.0, INF], &[2, 1, 1, 2]);
    let r = mann_whitney(&canary, &stable).unwrap();
    // canary: 2 in ≤10, 2 in (25,50] (nearest lower bound: none in (10,25]), 2 in +Inf.
    assert!((r.p - direct(&[2, 0, 2, 2], &[2, 1, 1, 2])).abs() < 1e-12);
    assert_eq!((r.canary, r.stable), (6, 6));
    assert!(mann_whitney(&Histogram::default(), &stable).is_none());
}

#[test]
fn too_few_requests_are_no_data_a_clear_shift_fails_equal_ones_do_not() {
    let test = RankTest::new(0.1, 0.01, 50).unwrap();
    let bounds = [10.0, 25.0, 50.0, 100.0, 250.0, INF];
    let slow = hist(&bounds, &[0, 0, 5, 29, 15, 0]);
    let fast = hist(&bounds, &[10, 60, 80, 10, 0, 0]);
    assert_eq!(
        test.look(&slow, &fast),
        RankLook::NoData,
        "49 canary requests"
    );
    let slow = hist(&bounds, &[0, 0, 10, 60, 30, 0]);
    let RankLook::Fails(r, lower) = test.look(&slow, &fast) else {
        panic!("a canary slower in nearly every pair fails");
    };
    assert!(r.p > 0.9 && lower > 0.6 && lower < r.p, "{r:?} {lower}");
    let RankLook::Continue(r, lower) = test.look(&fast, &fast) else {
        panic!("equal histograms never fail");
    };
    assert_eq!(r.p, 0.5);
    assert!(lower < 0.5);
}

#[test]
fn the_bound_narrows_as_samples_grow_and_is_wider_than_a_fixed_sample_one() {
    let test = RankTest::new(0.1, 0.01, 2).unwrap();
    let mut last = 0.0;
    for n in [50.0, 200.0, 1000.0, 10_000.0, 100_000.0] {
        let r = Ranks {
            canary: n as u64,
            stable: n as u64,
            p: 0.7,
            variance: 1.0 / (6.0 * n),
        };
        let lower = test.lower_bound(&r);
        // A one-sided 1% fixed-sample bound is 2.33 standard errors away.
        assert!(lower < 0.7 - 2.33 * r.variance.sqrt(), "{n}: {lower}");
        assert!(lower > last, "{n}: {lower} after {last}");
        last = lower;
    }
    assert!(last > 0.69, "{last}");
}
