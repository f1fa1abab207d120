//! Tests of judging and of runs: every outcome, every limit, the no-data policies and
//! the comparison with stable; property tests that Error and Inconclusive never turn
//! into success.

use super::*;
use crate::duration::Duration;
use crate::metrics::{Latency, Quantile, QueryValue, Sample, SourceError, SourceErrorKind};
use proptest::prelude::*;

fn sample(requests: f64, errors: f64, secs: u64) -> Sample {
    let latency = Latency {
        p50: Some(8.0),
        p90: Some(20.0),
        p95: Some(40.0),
        p99: Some(120.0),
    };
    Sample::from_totals(requests, errors, Duration::from_secs(secs), latency)
}

fn spec(checks: &[Check]) -> AnalysisSpec {
    AnalysisSpec {
        checks: checks.to_vec(),
        ..AnalysisSpec::default()
    }
}

fn success_rate(min: f64) -> Check {
    Check::SuccessRate(SuccessRateCheck { min })
}

fn latency(quantile: Quantile, max_ms: u64) -> Check {
    Check::Latency(LatencyCheck {
        quantile,
        max: Duration::from_millis(max_ms),
    })
}

fn promql(min: Option<f64>, max: Option<f64>) -> Check {
    Check::Promql(PromqlCheck {
        name: "saturation".to_string(),
        query: "max(x)".to_string(),
        min,
        max,
    })
}

fn judge_one(spec: &AnalysisSpec, s: Result<Sample, SourceError>) -> CheckResult {
    let round = judge_round(
        spec,
        &Observation {
            subset: "v2",
            sample: &s,
            stable: None,
            queries: &[],
        },
    );
    assert_eq!(round.checks.len(), 1);
    round.checks.into_iter().next().unwrap()
}

fn query_answer(spec: &AnalysisSpec, answer: Result<Vec<QueryValue>, SourceError>) -> CheckResult {
    let s = Ok(sample(100.0, 0.0, 30));
    let queries = [("saturation".to_string(), answer)];
    judge_round(
        spec,
        &Observation {
            subset: "v2",
            sample: &s,
            stable: None,
            queries: &queries,
        },
    )
    .checks
    .remove(0)
}

fn value(v: f64) -> Vec<QueryValue> {
    vec![QueryValue {
        labels: Vec::new(),
        value: v,
    }]
}

fn unreachable_source() -> SourceError {
    SourceError::new(
        SourceErrorKind::Unreachable,
        "cannot connect to `127.0.0.1:9090`",
    )
}

#[test]
fn success_rate_passes_and_fails_with_reasons() {
    let s = spec(&[success_rate(99.0)]);
    let ok = judge_one(&s, Ok(sample(1000.0, 5.0, 30)));
    assert_eq!(ok.outcome, Outcome::Successful);
    assert_eq!(ok.value, Some(99.5));
    let bad = judge_one(&s, Ok(sample(200.0, 9.0, 30)));
    assert_eq!(bad.outcome, Outcome::Failed);
    assert_eq!(
        bad.reason,
        "success rate of subset `v2` was 95.5% over 30s (9 of 200 requests failed with 5xx); at least 99% needed"
    );
}

#[test]
fn too_few_requests_is_inconclusive_and_says_how_many_were_needed() {
    let s = spec(&[success_rate(99.0)]);
    let r = judge_one(&s, Ok(sample(3.0, 0.0, 30)));
    assert_eq!(r.outcome, Outcome::Inconclusive);
    assert_eq!(r.reason, "subset `v2` served 3 requests in 30s; 20 needed");
    let r = judge_one(&s, Ok(sample(0.0, 0.0, 30)));
    assert_eq!(r.reason, "subset `v2` served no requests in 30s; 20 needed");
    let mut partial = sample(1.0, 0.0, 60);
    partial.partial = true;
    let r = judge_one(&s, Ok(partial));
    assert_eq!(
        r.reason,
        "subset `v2` served 1 request in 1m (some proxies could not be counted); 20 needed"
    );
    // With minRequests 0 a window without requests is still no data, never 100%.
    let zero = AnalysisSpec {
        min_requests: 0,
        ..spec(&[success_rate(99.0)])
    };
    let r = judge_one(&zero, Ok(sample(0.0, 0.0, 30)));
    assert_eq!(r.outcome, Outcome::Inconclusive);
}

#[test]
fn source_failures_are_errors_and_missing_series_are_no_data() {
    let s = spec(&[success_rate(99.0)]);
    let r = judge_one(&s, Err(unreachable_source()));
    assert_eq!(r.outcome, Outcome::Error);
    assert_eq!(
        r.reason,
        "cannot read metrics for subset `v2`: cannot connect to `127.0.0.1:9090`"
    );
    let timeout = SourceError::new(SourceErrorKind::Timeout, "no answer within 5s");
    assert_eq!(judge_one(&s, Err(timeout)).outcome, Outcome::Error);
    let none = SourceError::new(SourceErrorKind::NoData, "no proxy reports subset `v2`");
    let r = judge_one(&s, Err(none));
    assert_eq!(r.outcome, Outcome::Inconclusive);
    assert!(r.reason.contains("no proxy reports"), "{}", r.reason);
}

#[test]
fn latency_is_judged_at_its_quantile() {
    let r = judge_one(
        &spec(&[latency(Quantile::P99, 100)]),
        Ok(sample(100.0, 0.0, 30)),
    );
    assert_eq!(r.outcome, Outcome::Failed);
    assert_eq!(
        r.reason,
        "p99 latency of subset `v2` was 120ms over 30s; at most 100ms allowed"
    );
    let r = judge_one(
        &spec(&[latency(Quantile::P95, 100)]),
        Ok(sample(100.0, 0.0, 30)),
    );
    assert_eq!((r.outcome, r.value), (Outcome::Successful, Some(40.0)));
    let mut no_histogram = sample(100.0, 0.0, 30);
    no_histogram.latency = Latency::default();
    let r = judge_one(&spec(&[latency(Quantile::P50, 100)]), Ok(no_histogram));
    assert_eq!(r.outcome, Outcome::Inconclusive);
    assert!(
        r.reason.starts_with("no p50 latency for subset `v2`"),
        "{}",
        r.reason
    );
    let r = judge_one(
        &spec(&[latency(Quantile::P50, 100)]),
        Ok(sample(2.0, 0.0, 30)),
    );
    assert_eq!(r.outcome, Outcome::Inconclusive, "gated by minRequests");
}

#[test]
fn request_rate_is_a_verdict_even_with_little_traffic() {
    let s = spec(&[Check::RequestRate(RequestRateCheck { min: 1.0 })]);
    let r = judge_one(&s, Ok(sample(15.0, 0.0, 30)));
    assert_eq!(r.outcome, Outcome::Failed);
    assert_eq!(
        r.reason,
        "subset `v2` received 0.5 requests/s over 30s; at least 1 needed (is traffic routed to it?)"
    );
    assert_eq!(
        judge_one(&s, Ok(sample(60.0, 0.0, 30))).outcome,
        Outcome::Successful
    );
}

#[test]
fn promql_values_are_judged_against_their_range() {
    let s = spec(&[promql(Some(1.0), Some(10.0))]);
    assert_eq!(
        query_answer(&s, Ok(value(5.0))).outcome,
        Outcome::Successful
    );
    let r = query_answer(&s, Ok(value(12.0)));
    assert_eq!(r.outcome, Outcome::Failed);
    assert_eq!(
        r.reason,
        "query `saturation` returned 12; between 1 and 10 needed"
    );
    let r = query_answer(&spec(&[promql(None, Some(0.5))]), Ok(value(0.75)));
    assert_eq!(
        r.reason,
        "query `saturation` returned 0.75; at most 0.5 needed"
    );
}

#[test]
fn promql_empty_nan_many_and_missing_answers() {
    let s = spec(&[promql(Some(1.0), None)]);
    let r = query_answer(&s, Ok(Vec::new()));
    assert_eq!(
        (r.outcome, r.reason.as_str()),
        (Outcome::Inconclusive, "query `saturation` returned no data")
    );
    assert_eq!(
        query_answer(&s, Ok(value(f64::NAN))).outcome,
        Outcome::Inconclusive
    );
    let mut two = value(1.0);
    two.extend(value(2.0));
    let r = query_answer(&s, Ok(two));
    assert_eq!(r.outcome, Outcome::Error);
    assert!(r.reason.contains("returned 2 series"), "{}", r.reason);
    let unsupported = SourceError::new(
        SourceErrorKind::Unsupported,
        "this metric source cannot run PromQL queries",
    );
    assert_eq!(query_answer(&s, Err(unsupported)).outcome, Outcome::Error);
    let r = judge_one(&s, Ok(sample(100.0, 0.0, 30)));
    assert_eq!(
        (r.outcome, r.reason.as_str()),
        (Outcome::Error, "query `saturation` was not run")
    );
}

#[test]
fn no_data_policy_decides_missing_data_but_never_errors() {
    let with = |policy| AnalysisSpec {
        no_data: policy,
        ..spec(&[success_rate(99.0)])
    };
    let few = || Ok(sample(3.0, 0.0, 30));
    assert_eq!(
        judge_one(&with(NoDataPolicy::Inconclusive), few()).outcome,
        Outcome::Inconclusive
    );
    let r = judge_one(&with(NoDataPolicy::Fail), few());
    assert_eq!(r.outcome, Outcome::Failed);
    assert!(r.reason.ends_with("(no-data policy: fail)"), "{}", r.reason);
    let r = judge_one(&with(NoDataPolicy::Pass), few());
    assert_eq!(r.outcome, Outcome::Successful);
    assert!(r.reason.ends_with("(no-data policy: pass)"), "{}", r.reason);
    // `pass` is about missing data only: an unreachable source stays an error.
    assert_eq!(
        judge_one(&with(NoDataPolicy::Pass), Err(unreachable_source())).outcome,
        Outcome::Error
    );
    let empty = query_answer(
        &AnalysisSpec {
            no_data: NoDataPolicy::Fail,
            ..spec(&[promql(Some(1.0), None)])
        },
        Ok(Vec::new()),
    );
    assert_eq!(empty.outcome, Outcome::Failed);
}

fn compare_spec(
    max_error_increase: Option<f64>,
    max_latency_increase: Option<u64>,
) -> AnalysisSpec {
    AnalysisSpec {
        compare_to_stable: Some(CompareToStable {
            max_error_rate_increase: max_error_increase,
            max_latency_increase: max_latency_increase.map(Duration::from_millis),
            quantile: Quantile::P99,
        }),
        ..spec(&[])
    }
}

fn compare(
    spec: &AnalysisSpec,
    canary: Sample,
    stable: Option<Result<Sample, SourceError>>,
) -> Round {
    let canary = Ok(canary);
    judge_round(
        spec,
        &Observation {
            subset: "v2",
            sample: &canary,
            stable: stable.as_ref().map(|s| ("v1", s)),
            queries: &[],
        },
    )
}

#[test]
fn canary_error_rate_is_compared_in_points_with_stable() {
    let s = compare_spec(Some(1.0), None);
    let round = compare(
        &s,
        sample(1000.0, 30.0, 30),
        Some(Ok(sample(1000.0, 5.0, 30))),
    );
    assert_eq!(round.outcome, Outcome::Failed);
    assert_eq!(round.checks[0].check, "error rate vs stable");
    assert_eq!(
        round.checks[0].reason,
        "5xx rate of subset `v2` was 3% against 0.5% on stable subset `v1` over 30s: 2.5 points more; at most 1 allowed"
    );
    let round = compare(
        &s,
        sample(1000.0, 10.0, 30),
        Some(Ok(sample(1000.0, 5.0, 30))),
    );
    assert_eq!(round.outcome, Outcome::Successful);
}

#[test]
fn canary_latency_is_compared_with_stable_separately_from_errors() {
    let s = compare_spec(Some(1.0), Some(50));
    let mut slow = sample(1000.0, 5.0, 30);
    slow.latency.p99 = Some(200.0);
    let round = compare(&s, slow, Some(Ok(sample(1000.0, 5.0, 30))));
    let outcomes: Vec<_> = round
        .checks
        .iter()
        .map(|c| (c.check.as_str(), c.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("error rate vs stable", Outcome::Successful),
            ("p99 latency vs stable", Outcome::Failed)
        ]
    );
    assert_eq!(
        round.checks[1].reason,
        "p99 latency of subset `v2` was 200ms against 120ms on stable subset `v1` over 30s: 80ms slower; at most 50ms allowed"
    );
}

#[test]
fn comparison_needs_enough_traffic_on_both_sides() {
    let s = compare_spec(Some(1.0), None);
    let r = compare(&s, sample(1000.0, 0.0, 30), Some(Ok(sample(4.0, 0.0, 30))));
    assert_eq!(r.outcome, Outcome::Inconclusive);
    assert_eq!(
        r.checks[0].reason,
        "stable subset `v1` served 4 requests in 30s; 20 needed"
    );
    let r = compare(&s, sample(1000.0, 0.0, 30), Some(Err(unreachable_source())));
    assert_eq!(r.outcome, Outcome::Error);
    assert!(
        r.checks[0]
            .reason
            .starts_with("cannot read metrics for stable subset `v1`")
    );
    assert_eq!(
        compare(&s, sample(1000.0, 0.0, 30), None).outcome,
        Outcome::Error
    );
}

#[test]
fn a_round_is_failed_before_error_before_inconclusive() {
    use Outcome::*;
    assert_eq!(combine([Successful, Inconclusive, Error, Failed]), Failed);
    assert_eq!(combine([Successful, Inconclusive, Error]), Error);
    assert_eq!(combine([Successful, Inconclusive]), Inconclusive);
    assert_eq!(combine([Successful, Successful]), Successful);
    assert_eq!(combine([]), Inconclusive);
}

fn round(outcome: Outcome) -> Round {
    Round {
        outcome,
        checks: vec![CheckResult {
            check: "success rate".to_string(),
            outcome,
            value: None,
            reason: format!("it was {outcome}"),
        }],
    }
}

fn run_with(spec: &AnalysisSpec, outcomes: &[Outcome]) -> AnalysisRun {
    let mut run = AnalysisRun::new(spec);
    for o in outcomes {
        run.record(round(*o));
    }
    run
}

fn limits(count: u32, failure: u32, inconclusive: u32, errors: u32) -> AnalysisSpec {
    AnalysisSpec {
        count,
        failure_limit: failure,
        inconclusive_limit: inconclusive,
        consecutive_error_limit: errors,
        ..spec(&[success_rate(99.0)])
    }
}

fn done(run: &AnalysisRun) -> (Outcome, String) {
    match &run.verdict {
        Verdict::Done { outcome, reason } => (*outcome, reason.clone()),
        Verdict::Running => panic!("still running after {} rounds", run.rounds.len()),
    }
}

#[test]
fn a_run_passes_after_count_successful_rounds() {
    use Outcome::*;
    let s = limits(3, 0, 2, 2);
    let run = run_with(&s, &[Successful, Successful]);
    assert_eq!(run.verdict, Verdict::Running);
    let run = run_with(
        &s,
        &[Successful, Inconclusive, Error, Successful, Successful],
    );
    assert_eq!(
        done(&run),
        (Successful, "3 successful rounds of 3".to_string())
    );
}

#[test]
fn failures_beyond_the_limit_fail_the_run() {
    use Outcome::*;
    let s = limits(5, 1, 2, 2);
    assert_eq!(
        run_with(&s, &[Failed, Successful]).verdict,
        Verdict::Running
    );
    let run = run_with(&s, &[Failed, Successful, Failed]);
    assert_eq!(
        done(&run),
        (
            Failed,
            "2 failed rounds (limit 1); last: success rate: it was Failed".to_string()
        )
    );
}

#[test]
fn inconclusive_rounds_beyond_the_limit_make_the_run_inconclusive() {
    use Outcome::*;
    let run = run_with(
        &limits(5, 0, 1, 2),
        &[Inconclusive, Successful, Inconclusive],
    );
    assert_eq!(done(&run).0, Inconclusive);
    assert!(done(&run).1.starts_with("2 inconclusive rounds (limit 1)"));
}

#[test]
fn only_consecutive_errors_count_against_the_error_limit() {
    use Outcome::*;
    let s = limits(5, 0, 5, 2);
    let run = run_with(&s, &[Error, Error, Successful, Error, Error]);
    assert_eq!(run.verdict, Verdict::Running);
    assert_eq!((run.errors, run.consecutive_errors), (4, 2));
    let run = run_with(&s, &[Error, Error, Inconclusive, Error, Error, Error]);
    assert_eq!(done(&run).0, Error);
    assert!(
        done(&run)
            .1
            .starts_with("3 rounds in a row could not read metrics (limit 2)")
    );
}

#[test]
fn a_finished_run_ignores_later_rounds_and_keeps_its_history() {
    use Outcome::*;
    let mut run = run_with(&limits(1, 0, 0, 0), &[Failed]);
    let before = run.verdict.clone();
    assert_eq!(run.record(round(Successful)), &before);
    assert_eq!(run.rounds.len(), 1);
}

#[test]
fn a_run_survives_a_round_trip_through_json() {
    use Outcome::*;
    let run = run_with(&limits(3, 1, 1, 1), &[Successful, Failed]);
    let json = serde_json::to_string(&run).unwrap();
    assert_eq!(serde_json::from_str::<AnalysisRun>(&json).unwrap(), run);
}

fn any_outcome() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        Just(Outcome::Successful),
        Just(Outcome::Failed),
        Just(Outcome::Inconclusive),
        Just(Outcome::Error),
    ]
}

fn any_source_error() -> impl Strategy<Value = SourceError> {
    prop_oneof![
        Just(SourceErrorKind::Unreachable),
        Just(SourceErrorKind::Timeout),
        Just(SourceErrorKind::BadResponse),
        Just(SourceErrorKind::NoData),
        Just(SourceErrorKind::Unsupported),
    ]
    .prop_map(|kind| SourceError::new(kind, "down"))
}

fn any_check() -> impl Strategy<Value = Check> {
    prop_oneof![
        (0.0..=100.0f64).prop_map(success_rate),
        (1u64..5000).prop_map(|ms| latency(Quantile::P99, ms)),
        (0.0..100.0f64).prop_map(|min| Check::RequestRate(RequestRateCheck { min })),
        (
            proptest::option::of(-10.0..10.0f64),
            proptest::option::of(10.0..20.0f64)
        )
            .prop_map(|(min, max)| promql(min, max.or(Some(20.0)))),
    ]
}

proptest! {
    /// With no-data policy `inconclusive` or `fail`, a source that failed or had too
    /// few requests never yields a successful check, round or run.
    #[test]
    fn inconclusive_and_error_never_yield_successful(
        checks in proptest::collection::vec(any_check(), 1..4),
        fail_on_no_data in any::<bool>(),
        min_requests in 1u64..200,
        failure in any_source_error(),
        use_error in any::<bool>(),
        requests_below in 0.0..1.0f64,
        errors_fraction in 0.0..1.0f64,
        query_empty in any::<bool>(),
    ) {
        let mut spec = spec(&[]);
        for c in checks { spec.set_check(c); }
        spec.min_requests = min_requests;
        spec.no_data = if fail_on_no_data { NoDataPolicy::Fail } else { NoDataPolicy::Inconclusive };
        let requests = (requests_below * min_requests as f64).floor();
        let observed = if use_error {
            Err(failure.clone())
        } else {
            Ok(sample(requests, (requests * errors_fraction).floor(), 30))
        };
        let answer = if query_empty || use_error { Err(failure) } else { Ok(Vec::new()) };
        let queries = [("saturation".to_string(), answer)];
        let round = judge_round(&spec, &Observation { subset: "v2", sample: &observed, stable: None, queries: &queries });
        for check in &round.checks {
            // Request rate is a verdict on traffic itself: only judged when data came back.
            if check.check == "request rate" && !use_error { continue; }
            prop_assert_ne!(check.outcome, Outcome::Successful, "{:?}", check);
        }
        let only_rate = round.checks.iter().all(|c| c.check == "request rate");
        if !only_rate || use_error {
            prop_assert_ne!(round.outcome, Outcome::Successful);
        }
    }

    /// A run is successful only after `count` successful rounds, whatever else happened;
    /// a run of only inconclusive and error rounds never succeeds; every run ends.
    #[test]
    fn runs_never_count_inconclusive_or_error_as_success(
        outcomes in proptest::collection::vec(any_outcome(), 0..60),
        count in 1u32..5, failure in 0u32..3, inconclusive in 0u32..3, errors in 0u32..3,
    ) {
        let s = limits(count, failure, inconclusive, errors);
        let mut run = AnalysisRun::new(&s);
        let mut successes = 0;
        for o in &outcomes {
            if run.verdict != Verdict::Running { break; }
            if *o == Outcome::Successful { successes += 1; }
            run.record(round(*o));
        }
        if run.verdict.outcome() == Some(Outcome::Successful) {
            prop_assert!(successes >= count);
        }
        if outcomes.iter().all(|o| matches!(o, Outcome::Inconclusive | Outcome::Error)) {
            prop_assert_ne!(run.verdict.outcome(), Some(Outcome::Successful));
        }
        // Every round moves a counter towards a limit, so a run is bounded.
        let bound = (count + failure + inconclusive + 1) * (errors + 1) + errors + 1;
        if outcomes.len() as u32 >= bound {
            prop_assert!(run.verdict != Verdict::Running, "still running after {} rounds", outcomes.len());
        }
    }
}

/// The whole pure path on real Envoy output: parse two scrapes, select the subset,
/// compute the sample, judge it.
#[test]
fn real_envoy_scrapes_are_judged_end_to_end() {
    use crate::metrics::{Snapshot, Target, prom};
    let fixture = include_str!("../../../../tests/fixtures/envoy/stats-prometheus.txt");
    let target = Target::new("default", "reviews", "v2").with_port(8080);
    // First scrape: the proxy was up, the subset had no traffic yet.
    let mut t0 = Snapshot::new(1_000);
    t0.add_scrape(
        "envoy",
        &prom::parse("envoy_server_uptime{} 5\n").unwrap(),
        &target,
    );
    let mut t1 = Snapshot::new(11_000);
    t1.add_scrape("envoy", &prom::parse(fixture).unwrap(), &target);
    let s = Ok(Sample::between(&t0, &t1).unwrap());
    let spec = spec(&[success_rate(99.0), latency(Quantile::P99, 5000)]);
    let round = judge_round(
        &spec,
        &Observation {
            subset: "v2",
            sample: &s,
            stable: None,
            queries: &[],
        },
    );
    assert_eq!(round.outcome, Outcome::Failed);
    assert_eq!(
        round.checks[0].reason,
        "success rate of subset `v2` was 72.29% over 10s (46 of 166 requests failed with 5xx); at least 99% needed"
    );
    assert_eq!(round.checks[1].outcome, Outcome::Successful);
    let mut run = AnalysisRun::new(&spec);
    assert_eq!(run.record(round).outcome(), Some(Outcome::Failed));
}
