//! Judging one round: every check of a spec against what the metric source returned
//! for this window. Each check has one of four outcomes and a reason a person can act
//! on. Missing data goes through the spec's no-data policy; a source error is always
//! `Error`. Neither is ever `Successful` unless the no-data policy `pass` was asked for.

use super::spec::{AnalysisSpec, Check, NoDataPolicy};
use crate::duration::Duration;
use crate::metrics::{Quantile, QueryValue, Sample, SourceError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The outcome of a check, a round or a run of rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    Successful,
    Failed,
    /// Nothing to judge: too few requests, an empty result, `NaN`.
    Inconclusive,
    /// The source could not answer: unreachable, timed out, a bad response.
    Error,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Successful => "Successful",
            Outcome::Failed => "Failed",
            Outcome::Inconclusive => "Inconclusive",
            Outcome::Error => "Error",
        })
    }
}

/// One check's judgement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckResult {
    /// `success rate`, `p99 latency`, `error rate vs stable`, a query's name.
    pub check: String,
    pub outcome: Outcome,
    /// The measured value, when there was one.
    pub value: Option<f64>,
    pub reason: String,
}

/// One round: every check's result and the round's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Round {
    pub outcome: Outcome,
    pub checks: Vec<CheckResult>,
}

impl Round {
    /// The result that decided the round's outcome (the first with that outcome).
    pub fn deciding(&self) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.outcome == self.outcome)
    }
}

/// What the source returned for one round.
#[derive(Debug, Clone)]
pub struct Observation<'a> {
    /// The subset judged (for reasons: "subset `v2` served …").
    pub subset: &'a str,
    pub sample: &'a Result<Sample, SourceError>,
    /// The stable subset's name and sample of the same window, for `compareToStable`.
    pub stable: Option<(&'a str, &'a Result<Sample, SourceError>)>,
    /// Answers to the `promql` checks, by check name.
    pub queries: &'a [(String, Result<Vec<QueryValue>, SourceError>)],
}

/// Judges every check of `spec` against `obs`.
pub fn judge_round(spec: &AnalysisSpec, obs: &Observation<'_>) -> Round {
    let mut checks: Vec<CheckResult> = spec
        .checks
        .iter()
        .map(|check| judge_check(spec, check, obs))
        .collect();
    if let Some(compare) = &spec.compare_to_stable {
        checks.extend(compare_to_stable(spec, compare, obs));
    }
    Round {
        outcome: combine(checks.iter().map(|c| c.outcome)),
        checks,
    }
}

/// A round fails if any check failed; otherwise it is in error if any check was;
/// otherwise inconclusive if any check was; successful only if every check was (and
/// there was at least one).
pub fn combine(outcomes: impl IntoIterator<Item = Outcome>) -> Outcome {
    let mut seen = [false; 4];
    let mut any = false;
    for o in outcomes {
        any = true;
        seen[o as usize] = true;
    }
    if seen[Outcome::Failed as usize] {
        Outcome::Failed
    } else if seen[Outcome::Error as usize] {
        Outcome::Error
    } else if seen[Outcome::Inconclusive as usize] || !any {
        Outcome::Inconclusive
    } else {
        Outcome::Successful
    }
}

struct Judge {
    label: String,
    policy: NoDataPolicy,
}

impl Judge {
    fn result(&self, outcome: Outcome, value: Option<f64>, reason: String) -> CheckResult {
        CheckResult {
            check: self.label.clone(),
            outcome,
            value,
            reason,
        }
    }

    fn no_data(&self, value: Option<f64>, reason: String) -> CheckResult {
        match self.policy {
            NoDataPolicy::Inconclusive => self.result(Outcome::Inconclusive, value, reason),
            NoDataPolicy::Fail => self.result(
                Outcome::Failed,
                value,
                format!("{reason} (no-data policy: fail)"),
            ),
            NoDataPolicy::Pass => self.result(
                Outcome::Successful,
                value,
                format!("{reason} (no-data policy: pass)"),
            ),
        }
    }

    fn source_error(&self, who: &str, e: &SourceError) -> CheckResult {
        if e.is_no_data() {
            self.no_data(None, format!("no metrics for {who}: {e}"))
        } else {
            self.result(
                Outcome::Error,
                None,
                format!("cannot read metrics for {who}: {e}"),
            )
        }
    }

    fn pass(&self, value: f64, reason: String) -> CheckResult {
        self.result(Outcome::Successful, Some(value), reason)
    }

    fn fail(&self, value: f64, reason: String) -> CheckResult {
        self.result(Outcome::Failed, Some(value), reason)
    }
}

fn subset_name(subset: &str) -> String {
    format!("subset `{subset}`")
}

/// `3`, `2.5`: request counts from Prometheus are estimates and may be fractional.
fn num(v: f64) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

fn ms(v: f64) -> String {
    format!("{}ms", num(v))
}

/// Too few requests to judge: the reason says how many there were and how many needed.
fn too_few(judge: &Judge, who: &str, sample: &Sample, min: u64) -> Option<CheckResult> {
    let requests = sample.requests;
    if requests.is_nan() || requests < min.max(1) as f64 {
        let served = if requests.is_nan() || requests == 0.0 {
            "no requests".to_string()
        } else if requests == 1.0 {
            "1 request".to_string()
        } else {
            format!("{} requests", num(requests))
        };
        let partial = if sample.partial {
            " (some proxies could not be counted)"
        } else {
            ""
        };
        return Some(judge.no_data(
            Some(requests),
            format!(
                "{who} served {served} in {}{partial}; {} needed",
                sample.window,
                min.max(1)
            ),
        ));
    }
    None
}

fn judge_check(spec: &AnalysisSpec, check: &Check, obs: &Observation<'_>) -> CheckResult {
    let judge = Judge {
        label: check.label(),
        policy: spec.no_data,
    };
    let who = subset_name(obs.subset);
    if let Check::Promql(c) = check {
        let Some((_, answer)) = obs.queries.iter().find(|(name, _)| *name == c.name) else {
            return judge.result(
                Outcome::Error,
                None,
                format!("query `{}` was not run", c.name),
            );
        };
        return judge_query(&judge, c, answer);
    }
    let sample = match obs.sample {
        Ok(s) => s,
        Err(e) => return judge.source_error(&who, e),
    };
    let window = sample.window;
    match check {
        Check::SuccessRate(c) => {
            if let Some(r) = too_few(&judge, &who, sample, spec.min_requests) {
                return r;
            }
            let Some(rate) = sample.success_rate.filter(|r| !r.is_nan()) else {
                return judge.no_data(None, format!("no success rate for {who} in {window}"));
            };
            if rate >= c.min {
                judge.pass(
                    rate,
                    format!(
                        "success rate of {who} was {}% over {window} (min {}%)",
                        num2(rate),
                        num2(c.min)
                    ),
                )
            } else {
                judge.fail(
                    rate,
                    format!(
                        "success rate of {who} was {}% over {window} ({} of {} requests failed with 5xx); at least {}% needed",
                        num2(rate),
                        num(sample.errors),
                        num(sample.requests),
                        num2(c.min)
                    ),
                )
            }
        }
        Check::Latency(c) => {
            if let Some(r) = too_few(&judge, &who, sample, spec.min_requests) {
                return r;
            }
            let Some(value) = sample.latency.get(c.quantile).filter(|v| !v.is_nan()) else {
                return judge.no_data(
                    None,
                    format!(
                        "no {} latency for {who} in {window} (the proxies recorded no latency histogram yet)",
                        c.quantile
                    ),
                );
            };
            let max = c.max.as_millis() as f64;
            if value <= max {
                judge.pass(
                    value,
                    format!(
                        "{} latency of {who} was {} over {window} (max {})",
                        c.quantile,
                        ms(value),
                        c.max
                    ),
                )
            } else {
                judge.fail(
                    value,
                    format!(
                        "{} latency of {who} was {} over {window}; at most {} allowed",
                        c.quantile,
                        ms(value),
                        c.max
                    ),
                )
            }
        }
        Check::RequestRate(c) => {
            // Too little traffic is what this check is about: a verdict, not no data.
            let rps = sample.rps;
            if rps.is_nan() {
                return judge.no_data(None, format!("no request rate for {who} in {window}"));
            }
            if rps >= c.min {
                judge.pass(
                    rps,
                    format!(
                        "{who} received {} requests/s over {window} (min {})",
                        num2(rps),
                        num2(c.min)
                    ),
                )
            } else {
                judge.fail(
                    rps,
                    format!(
                        "{who} received {} requests/s over {window}; at least {} needed (is traffic routed to it?)",
                        num2(rps),
                        num2(c.min)
                    ),
                )
            }
        }
        Check::Promql(_) => unreachable!("handled above"),
    }
}

/// Two decimals without trailing zeros: `99.5`, `97.23`, `100`.
fn num2(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

fn judge_query(
    judge: &Judge,
    check: &super::spec::PromqlCheck,
    answer: &Result<Vec<QueryValue>, SourceError>,
) -> CheckResult {
    let name = &check.name;
    let values = match answer {
        Ok(values) => values,
        Err(e) => return judge.source_error(&format!("query `{name}`"), e),
    };
    let value = match values.as_slice() {
        [] => return judge.no_data(None, format!("query `{name}` returned no data")),
        [one] => one.value,
        many => {
            return judge.result(
                Outcome::Error,
                None,
                format!(
                    "query `{name}` returned {} series; it must return one (aggregate it, e.g. with `sum(...)`)",
                    many.len()
                ),
            );
        }
    };
    if value.is_nan() {
        return judge.no_data(
            None,
            format!("query `{name}` returned NaN (no traffic in the range?)"),
        );
    }
    let range = match (check.min, check.max) {
        (Some(min), Some(max)) => format!("between {} and {}", num2(min), num2(max)),
        (Some(min), None) => format!("at least {}", num2(min)),
        (None, Some(max)) => format!("at most {}", num2(max)),
        (None, None) => "any value".to_string(),
    };
    let ok = check.min.is_none_or(|min| value >= min) && check.max.is_none_or(|max| value <= max);
    if ok {
        judge.pass(
            value,
            format!("query `{name}` returned {} ({range})", num2(value)),
        )
    } else {
        judge.fail(
            value,
            format!("query `{name}` returned {}; {range} needed", num2(value)),
        )
    }
}

enum Comparison {
    ErrorRate(f64),
    Latency(Duration),
}

fn compare_to_stable(
    spec: &AnalysisSpec,
    compare: &super::spec::CompareToStable,
    obs: &Observation<'_>,
) -> Vec<CheckResult> {
    let wanted = [
        compare
            .max_error_rate_increase
            .map(|m| ("error rate vs stable".to_string(), Comparison::ErrorRate(m))),
        compare.max_latency_increase.map(|m| {
            (
                format!("{} latency vs stable", compare.quantile),
                Comparison::Latency(m),
            )
        }),
    ];
    wanted
        .into_iter()
        .flatten()
        .map(|(label, comparison)| {
            let judge = Judge {
                label,
                policy: spec.no_data,
            };
            compare_one(&judge, spec, compare, &comparison, obs)
        })
        .collect()
}

fn compare_one(
    judge: &Judge,
    spec: &AnalysisSpec,
    compare: &super::spec::CompareToStable,
    comparison: &Comparison,
    obs: &Observation<'_>,
) -> CheckResult {
    let who = subset_name(obs.subset);
    let Some((stable_name, stable)) = obs.stable else {
        return judge.result(
            Outcome::Error,
            None,
            "no figures for the stable subset to compare with".to_string(),
        );
    };
    let stable_who = format!("stable subset `{stable_name}`");
    let canary = match obs.sample {
        Ok(s) => s,
        Err(e) => return judge.source_error(&who, e),
    };
    let stable = match stable {
        Ok(s) => s,
        Err(e) => return judge.source_error(&stable_who, e),
    };
    for (w, s) in [(&who, canary), (&stable_who, stable)] {
        if let Some(r) = too_few(judge, w, s, spec.min_requests) {
            return r;
        }
    }
    match *comparison {
        Comparison::ErrorRate(max) => compare_errors(judge, max, canary, stable, &who, &stable_who),
        Comparison::Latency(max) => compare_latency(
            judge,
            max,
            compare.quantile,
            canary,
            stable,
            &who,
            &stable_who,
        ),
    }
}

fn compare_errors(
    judge: &Judge,
    max: f64,
    canary: &Sample,
    stable: &Sample,
    who: &str,
    stable_who: &str,
) -> CheckResult {
    let window = canary.window;
    let (Some(c), Some(s)) = (canary.success_rate, stable.success_rate) else {
        return judge.no_data(None, format!("no success rates to compare in {window}"));
    };
    let increase = s - c;
    let text = format!(
        "5xx rate of {who} was {}% against {}% on {stable_who} over {window}",
        num2(100.0 - c),
        num2(100.0 - s)
    );
    if increase <= max {
        judge.pass(
            increase,
            format!("{text} (at most {} points more allowed)", num2(max)),
        )
    } else {
        judge.fail(
            increase,
            format!(
                "{text}: {} points more; at most {} allowed",
                num2(increase),
                num2(max)
            ),
        )
    }
}

fn compare_latency(
    judge: &Judge,
    max: Duration,
    q: Quantile,
    canary: &Sample,
    stable: &Sample,
    who: &str,
    stable_who: &str,
) -> CheckResult {
    let window = canary.window;
    let (Some(c), Some(s)) = (canary.latency.get(q), stable.latency.get(q)) else {
        return judge.no_data(None, format!("no {q} latencies to compare in {window}"));
    };
    let increase = c - s;
    let text = format!(
        "{q} latency of {who} was {} against {} on {stable_who} over {window}",
        ms(c),
        ms(s)
    );
    if increase <= max.as_millis() as f64 {
        judge.pass(increase, format!("{text} (at most {max} slower allowed)"))
    } else {
        judge.fail(
            increase,
            format!("{text}: {} slower; at most {max} allowed", ms(increase)),
        )
    }
}
