//! Rates from two scrapes of cumulative counters.
//!
//! A [`Snapshot`] holds what every proxy of a subset said at one moment (the time is
//! passed in). [`Sample::between`] takes two snapshots and sums, proxy by proxy, how much
//! each counter grew. The rules for proxies that change between the scrapes:
//!
//! - **Restarted** (a counter went down, or `envoy_server_uptime` went down): its
//!   counters started again from zero inside the window, so its new value is its
//!   increase, as Prometheus' `rate` treats a counter reset.
//! - **Appeared** (only in the second scrape): its whole value counts when its uptime
//!   shows it started inside the window (a new pod); otherwise (uptime unknown, or a
//!   proxy the first scrape missed) it contributes nothing and the sample is `partial`.
//! - **Vanished** (only in the first scrape): it contributes nothing (its last requests
//!   are unknown) and the sample is `partial`.
//!
//! A proxy whose scrape lacks the target's series counts as zero for it: Envoy and
//! Istio create series only on a subset's first request.
//!
//! One family is used for the whole sample, never both: Istio standard metrics when any
//! proxy in either snapshot has them for the target, else Envoy cluster stats.

use super::histogram::{Histogram, Quantile};
use super::prom::Scrape;
use super::select::{Counters, ProxyCounters, SeriesFamily, Target, select};
use crate::duration::Duration;
use serde::Serialize;
use std::collections::BTreeMap;

/// What every proxy said about one target at one moment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// When the scrapes were taken, in milliseconds on any clock the caller uses
    /// consistently.
    pub taken_at_ms: u64,
    /// Proxy (pod or endpoint) name → its figures.
    pub proxies: BTreeMap<String, ProxyCounters>,
}

impl Snapshot {
    pub fn new(taken_at_ms: u64) -> Self {
        Snapshot {
            taken_at_ms,
            proxies: BTreeMap::new(),
        }
    }

    /// Adds one proxy's scrape, keeping only the target's figures.
    pub fn add_scrape(&mut self, proxy: impl Into<String>, scrape: &Scrape<'_>, target: &Target) {
        self.proxies.insert(proxy.into(), select(scrape, target));
    }

    pub fn insert(&mut self, proxy: impl Into<String>, counters: ProxyCounters) {
        self.proxies.insert(proxy.into(), counters);
    }
}

/// Latency quantiles in milliseconds; `None` where there were no observations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Latency {
    pub p50: Option<f64>,
    pub p90: Option<f64>,
    pub p95: Option<f64>,
    pub p99: Option<f64>,
}

impl Latency {
    pub fn from_histogram(h: &Histogram) -> Self {
        Latency {
            p50: h.quantile(0.5),
            p90: h.quantile(0.9),
            p95: h.quantile(0.95),
            p99: h.quantile(0.99),
        }
    }

    pub fn get(&self, q: Quantile) -> Option<f64> {
        match q {
            Quantile::P50 => self.p50,
            Quantile::P90 => self.p90,
            Quantile::P95 => self.p95,
            Quantile::P99 => self.p99,
        }
    }

    pub fn set(&mut self, q: Quantile, value: Option<f64>) {
        match q {
            Quantile::P50 => self.p50 = value,
            Quantile::P90 => self.p90 = value,
            Quantile::P95 => self.p95 = value,
            Quantile::P99 => self.p99 = value,
        }
    }
}

/// A subset's traffic over one window: what health checks judge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sample {
    pub requests: f64,
    /// Requests answered with 5xx.
    pub errors: f64,
    /// Percent of requests not answered with 5xx; `None` without requests.
    pub success_rate: Option<f64>,
    /// Requests per second over the window.
    pub rps: f64,
    pub latency: Latency,
    #[serde(serialize_with = "serialize_duration")]
    pub window: Duration,
    /// Some proxies' figures are missing (vanished, or appeared with unknown start).
    pub partial: bool,
    /// Proxies whose figures were counted.
    pub proxies: usize,
    /// The family the figures came from; `None` when no proxy had any.
    pub family: Option<SeriesFamily>,
    /// The latency histogram the quantiles were read from, when the source had one
    /// (what the rank test of `analysis::rank` compares); not shown.
    #[serde(skip)]
    pub histogram: Option<Histogram>,
}

fn serialize_duration<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// Two snapshots that cannot make a window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowError {
    pub message: String,
}

impl std::fmt::Display for WindowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for WindowError {}

impl Sample {
    /// A sample from totals already summed (for example from Prometheus queries).
    pub fn from_totals(requests: f64, errors: f64, window: Duration, latency: Latency) -> Self {
        let secs = window.as_millis() as f64 / 1000.0;
        Sample {
            requests,
            errors,
            success_rate: success_rate(requests, errors),
            rps: if secs > 0.0 { requests / secs } else { 0.0 },
            latency,
            window,
            partial: false,
            proxies: 0,
            family: None,
            histogram: None,
        }
    }

    /// The traffic between two snapshots of the same target (see the module docs for
    /// restarted, appeared and vanished proxies).
    pub fn between(before: &Snapshot, after: &Snapshot) -> Result<Sample, WindowError> {
        if after.taken_at_ms <= before.taken_at_ms {
            return Err(WindowError {
                message: format!(
                    "the second scrape ({} ms) is not later than the first ({} ms)",
                    after.taken_at_ms, before.taken_at_ms
                ),
            });
        }
        let window_ms = after.taken_at_ms - before.taken_at_ms;
        let family = choose_family(before, after);
        let mut requests = 0.0;
        let mut errors = 0.0;
        let mut latency: Option<Histogram> = None;
        let mut partial = before
            .proxies
            .keys()
            .any(|p| !after.proxies.contains_key(p));
        let mut counted = 0;

        // Without any series of the target there is nothing to add up.
        if let Some(family) = family {
            for (proxy, now) in &after.proxies {
                let zero = Counters::default();
                let current = now.family(family).unwrap_or(&zero);
                let increase = match before.proxies.get(proxy) {
                    Some(then) => {
                        let previous = then.family(family).unwrap_or(&zero);
                        let restarted = decreased(current, previous)
                            || matches!((then.uptime_secs, now.uptime_secs), (Some(a), Some(b)) if b < a);
                        if restarted {
                            current.clone()
                        } else {
                            difference(current, previous)
                        }
                    }
                    None => {
                        let started_inside = now
                            .uptime_secs
                            .is_some_and(|up| up * 1000.0 <= window_ms as f64);
                        if !started_inside {
                            partial = true;
                            continue;
                        }
                        current.clone()
                    }
                };
                counted += 1;
                requests += increase.requests;
                errors += increase.errors;
                if let Some(h) = &increase.latency {
                    match &mut latency {
                        Some(total) => total.merge(h),
                        None => latency = Some(h.clone()),
                    }
                }
            }
        }

        let window = Duration::from_millis(window_ms);
        let histogram = latency;
        let latency = histogram
            .as_ref()
            .map(Latency::from_histogram)
            .unwrap_or_default();
        let mut sample = Sample::from_totals(requests, errors, window, latency);
        sample.histogram = histogram;
        sample.partial = partial;
        sample.proxies = counted;
        sample.family = family;
        Ok(sample)
    }
}

fn success_rate(requests: f64, errors: f64) -> Option<f64> {
    (requests > 0.0).then(|| 100.0 * (requests - errors).max(0.0) / requests)
}

fn choose_family(before: &Snapshot, after: &Snapshot) -> Option<SeriesFamily> {
    let all = || before.proxies.values().chain(after.proxies.values());
    if all().any(|p| p.istio.is_some()) {
        Some(SeriesFamily::Istio)
    } else if all().any(|p| p.envoy.is_some()) {
        Some(SeriesFamily::Envoy)
    } else {
        None
    }
}

fn decreased(now: &Counters, then: &Counters) -> bool {
    now.requests < then.requests
        || now.errors < then.errors
        || match (&now.latency, &then.latency) {
            (Some(n), Some(t)) => n.decreased_since(t),
            (None, Some(t)) => t.count > 0.0,
            _ => false,
        }
}

fn difference(now: &Counters, then: &Counters) -> Counters {
    Counters {
        requests: now.requests - then.requests,
        errors: now.errors - then.errors,
        latency: match (&now.latency, &then.latency) {
            (Some(n), Some(t)) => Some(n.minus(t)),
            (Some(n), None) => Some(n.clone()),
            (None, _) => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::prom::parse;

    const INF: f64 = f64::INFINITY;

    fn envoy(
        requests: f64,
        errors: f64,
        buckets: &[(f64, f64)],
        uptime: Option<f64>,
    ) -> ProxyCounters {
        ProxyCounters {
            istio: None,
            envoy: Some(Counters {
                requests,
                errors,
                latency: (!buckets.is_empty()).then(|| Histogram {
                    buckets: buckets.to_vec(),
                    sum: 0.0,
                    count: buckets.last().unwrap().1,
                }),
            }),
            uptime_secs: uptime,
        }
    }

    fn snap(at: u64, proxies: &[(&str, ProxyCounters)]) -> Snapshot {
        let mut s = Snapshot::new(at);
        for (name, c) in proxies {
            s.insert(*name, c.clone());
        }
        s
    }

    #[test]
    fn increases_are_summed_over_proxies() {
        let t0 = snap(
            10_000,
            &[
                (
                    "a",
                    envoy(100.0, 1.0, &[(10.0, 50.0), (INF, 100.0)], Some(500.0)),
                ),
                (
                    "b",
                    envoy(200.0, 0.0, &[(10.0, 100.0), (INF, 200.0)], Some(500.0)),
                ),
            ],
        );
        let t1 = snap(
            40_000,
            &[
                (
                    "a",
                    envoy(160.0, 4.0, &[(10.0, 80.0), (INF, 160.0)], Some(530.0)),
                ),
                (
                    "b",
                    envoy(240.0, 0.0, &[(10.0, 140.0), (INF, 240.0)], Some(530.0)),
                ),
            ],
        );
        let s = Sample::between(&t0, &t1).unwrap();
        assert_eq!((s.requests, s.errors), (100.0, 3.0));
        assert_eq!(s.success_rate, Some(97.0));
        assert_eq!(s.rps, 100.0 / 30.0);
        assert_eq!(s.window, Duration::from_secs(30));
        assert!(!s.partial);
        assert_eq!(s.proxies, 2);
        assert_eq!(s.family, Some(SeriesFamily::Envoy));
        // 70 of 100 new observations at or below 10 ms; p50 = 10 * 50/70.
        assert_eq!(s.latency.p50, Some(10.0 * 50.0 / 70.0));
        assert_eq!(s.latency.p99, Some(10.0));
        // The histogram of the window itself is kept, for the rank test.
        let h = s.histogram.unwrap();
        assert_eq!(h.buckets, vec![(10.0, 70.0), (INF, 100.0)]);
    }

    #[test]
    fn a_counter_reset_counts_the_new_value() {
        let t0 = snap(0, &[("a", envoy(1000.0, 10.0, &[], None))]);
        let t1 = snap(30_000, &[("a", envoy(25.0, 5.0, &[], None))]);
        let s = Sample::between(&t0, &t1).unwrap();
        assert_eq!((s.requests, s.errors), (25.0, 5.0));
        assert!(!s.partial);
    }

    #[test]
    fn a_restart_seen_in_uptime_counts_the_new_value_even_if_counters_grew() {
        let t0 = snap(0, &[("a", envoy(10.0, 0.0, &[], Some(4000.0)))]);
        let t1 = snap(30_000, &[("a", envoy(50.0, 1.0, &[], Some(20.0)))]);
        let s = Sample::between(&t0, &t1).unwrap();
        assert_eq!((s.requests, s.errors), (50.0, 1.0));
    }

    #[test]
    fn a_new_proxy_counts_fully_only_if_it_started_inside_the_window() {
        let t0 = snap(0, &[("a", envoy(100.0, 0.0, &[], Some(600.0)))]);
        let new_pod = snap(
            30_000,
            &[
                ("a", envoy(110.0, 0.0, &[], Some(630.0))),
                ("b", envoy(7.0, 2.0, &[], Some(12.0))),
            ],
        );
        let s = Sample::between(&t0, &new_pod).unwrap();
        assert_eq!(
            (s.requests, s.errors, s.proxies, s.partial),
            (17.0, 2.0, 2, false)
        );

        let missed_before = snap(
            30_000,
            &[
                ("a", envoy(110.0, 0.0, &[], Some(630.0))),
                ("b", envoy(9000.0, 2.0, &[], Some(9000.0))),
            ],
        );
        let s = Sample::between(&t0, &missed_before).unwrap();
        assert_eq!((s.requests, s.proxies, s.partial), (10.0, 1, true));

        let unknown_start = snap(
            30_000,
            &[
                ("a", envoy(110.0, 0.0, &[], Some(630.0))),
                ("b", envoy(5.0, 0.0, &[], None)),
            ],
        );
        let s = Sample::between(&t0, &unknown_start).unwrap();
        assert_eq!((s.requests, s.partial), (10.0, true));
    }

    #[test]
    fn a_vanished_proxy_contributes_nothing_and_marks_partial() {
        let t0 = snap(
            0,
            &[
                ("a", envoy(100.0, 0.0, &[], None)),
                ("b", envoy(100.0, 0.0, &[], None)),
            ],
        );
        let t1 = snap(10_000, &[("a", envoy(130.0, 3.0, &[], None))]);
        let s = Sample::between(&t0, &t1).unwrap();
        assert_eq!(
            (s.requests, s.errors, s.proxies, s.partial),
            (30.0, 3.0, 1, true)
        );
    }

    #[test]
    fn series_created_by_the_first_request_count_from_zero() {
        let absent = ProxyCounters {
            uptime_secs: Some(100.0),
            ..Default::default()
        };
        let t0 = snap(0, &[("a", absent)]);
        let t1 = snap(
            10_000,
            &[("a", envoy(4.0, 0.0, &[(5.0, 4.0), (INF, 4.0)], Some(110.0)))],
        );
        let s = Sample::between(&t0, &t1).unwrap();
        assert_eq!((s.requests, s.latency.p50), (4.0, Some(2.5)));
    }

    #[test]
    fn no_series_at_all_gives_an_empty_sample() {
        let t0 = snap(0, &[("a", ProxyCounters::default())]);
        let t1 = snap(10_000, &[("a", ProxyCounters::default())]);
        let s = Sample::between(&t0, &t1).unwrap();
        assert_eq!((s.requests, s.success_rate, s.family), (0.0, None, None));
        assert_eq!(s.latency, Latency::default());
        assert_eq!(s.histogram, None);
    }

    #[test]
    fn istio_family_wins_and_is_never_added_to_envoy() {
        let both = |istio: f64, envoy_rq: f64| ProxyCounters {
            istio: Some(Counters {
                requests: istio,
                ..Default::default()
            }),
            envoy: Some(Counters {
                requests: envoy_rq,
                ..Default::default()
            }),
            uptime_secs: None,
        };
        let t0 = snap(0, &[("a", both(10.0, 1000.0))]);
        let t1 = snap(10_000, &[("a", both(30.0, 5000.0))]);
        let s = Sample::between(&t0, &t1).unwrap();
        assert_eq!((s.requests, s.family), (20.0, Some(SeriesFamily::Istio)));
    }

    #[test]
    fn the_second_scrape_must_be_later() {
        let t = snap(5, &[]);
        let e = Sample::between(&t, &t).unwrap_err();
        assert!(e.message.contains("not later"), "{e}");
    }

    #[test]
    fn two_real_scrapes_make_a_sample() {
        let fixture = include_str!("../../../../tests/fixtures/envoy/stats-prometheus.txt");
        let target = Target::new("default", "reviews", "v2");
        let mut t0 = Snapshot::new(0);
        t0.add_scrape("envoy", &parse(fixture).unwrap(), &target);
        // The same proxy later: 34 more 200s for v2 (text edited like a later scrape).
        let later = fixture.replace(
            "envoy_cluster_upstream_rq{envoy_response_code=\"200\",envoy_cluster_name=\"outbound|8080|v2|reviews.default.svc.cluster.local\"} 120",
            "envoy_cluster_upstream_rq{envoy_response_code=\"200\",envoy_cluster_name=\"outbound|8080|v2|reviews.default.svc.cluster.local\"} 154",
        ).replace("envoy_server_uptime{} 15", "envoy_server_uptime{} 25");
        let mut t1 = Snapshot::new(10_000);
        t1.add_scrape("envoy", &parse(&later).unwrap(), &target);
        let s = Sample::between(&t0, &t1).unwrap();
        assert_eq!((s.requests, s.errors, s.rps), (34.0, 0.0, 3.4));
        assert_eq!(s.success_rate, Some(100.0));
    }
}
