//! What an analysis checks and how strictly: read from a YAML file (reusable across
//! services: nothing in it names one) and/or built from command-line flags.
//! The format is documented in `docs/analysis.md`.

use crate::duration::Duration;
use crate::metrics::promql::{self, QueryVars, TemplateError};
use crate::metrics::{Quantile, Target};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a check does when there is nothing to judge: too few requests in the window,
/// an empty query result, `NaN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoDataPolicy {
    /// The check is inconclusive (the default): counts against `inconclusiveLimit`.
    #[default]
    Inconclusive,
    /// The check fails: for services that must always have traffic.
    Fail,
    /// The check passes: only when asked, e.g. for a service idle at night.
    Pass,
}

impl std::str::FromStr for NoDataPolicy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "inconclusive" => Ok(NoDataPolicy::Inconclusive),
            "fail" => Ok(NoDataPolicy::Fail),
            "pass" => Ok(NoDataPolicy::Pass),
            _ => Err(format!(
                "unknown no-data policy `{s}` (use inconclusive, fail or pass)"
            )),
        }
    }
}

impl fmt::Display for NoDataPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NoDataPolicy::Inconclusive => "inconclusive",
            NoDataPolicy::Fail => "fail",
            NoDataPolicy::Pass => "pass",
        })
    }
}

/// Minimum success rate, in percent of requests not answered with 5xx.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuccessRateCheck {
    pub min: f64,
}

/// Maximum latency at a quantile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LatencyCheck {
    #[serde(default = "default_quantile")]
    pub quantile: Quantile,
    #[serde(with = "duration_text")]
    pub max: Duration,
}

fn default_quantile() -> Quantile {
    Quantile::P99
}

/// Minimum requests per second: the subset must actually get traffic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestRateCheck {
    pub min: f64,
}

/// A PromQL query (a template, see `core::metrics::promql`) whose single value must lie
/// in `[min, max]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PromqlCheck {
    pub name: String,
    pub query: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
}

/// One health check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Check {
    SuccessRate(SuccessRateCheck),
    Latency(LatencyCheck),
    RequestRate(RequestRateCheck),
    Promql(PromqlCheck),
}

impl Check {
    /// A short name for reports: `success rate`, `p99 latency`, the query's name.
    pub fn label(&self) -> String {
        match self {
            Check::SuccessRate(_) => "success rate".to_string(),
            Check::Latency(c) => format!("{} latency", c.quantile),
            Check::RequestRate(_) => "request rate".to_string(),
            Check::Promql(c) => c.name.clone(),
        }
    }

    fn same_kind(&self, other: &Check) -> bool {
        match (self, other) {
            (Check::Latency(a), Check::Latency(b)) => a.quantile == b.quantile,
            (Check::Promql(a), Check::Promql(b)) => a.name == b.name,
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

/// Judging the canary against the stable subset's figures of the same window.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompareToStable {
    /// How many percentage points the canary's 5xx rate may exceed stable's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_error_rate_increase: Option<f64>,
    /// How much slower than stable the canary may be at `quantile`.
    #[serde(
        default,
        with = "optional_duration_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub max_latency_increase: Option<Duration>,
    #[serde(default = "default_quantile")]
    pub quantile: Quantile,
}

/// A whole analysis: checks, window, and the limits that turn rounds into a verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnalysisSpec {
    /// Time between rounds of checks; `None`: derived from how long the step is held
    /// ([`AnalysisSpec::cadence`]).
    #[serde(
        default,
        with = "optional_duration_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub interval: Option<Duration>,
    /// The traffic each round judges: the last `window` of it; `None`: derived.
    #[serde(
        default,
        with = "optional_duration_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub window: Option<Duration>,
    /// Fewer requests than this in a window is no data, not a verdict.
    #[serde(default = "default_min_requests")]
    pub min_requests: u64,
    /// Successful rounds needed to pass.
    #[serde(default = "default_count")]
    pub count: u32,
    /// Failed rounds tolerated; one more fails the analysis.
    #[serde(default)]
    pub failure_limit: u32,
    /// Inconclusive rounds tolerated; one more makes the analysis inconclusive.
    #[serde(default = "default_inconclusive_limit")]
    pub inconclusive_limit: u32,
    /// Error rounds in a row tolerated; one more ends the analysis in error.
    #[serde(default = "default_consecutive_error_limit")]
    pub consecutive_error_limit: u32,
    #[serde(default)]
    pub no_data: NoDataPolicy,
    #[serde(default)]
    pub checks: Vec<Check>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_to_stable: Option<CompareToStable>,
    /// Judging on every scrape between rounds (`docs/analysis.md`, "Sequential
    /// judgement").
    #[serde(default, skip_serializing_if = "SequentialSpec::is_default")]
    pub sequential: SequentialSpec,
}

/// The settings of the sequential tests ([`super::live`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SequentialSpec {
    /// Off: only the rounds judge.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The chance of rolling back a canary that errs exactly at what is allowed.
    #[serde(default = "default_alpha")]
    pub alpha: f64,
    /// The chance of missing a canary that errs at the allowed rate plus
    /// `minDetectableIncrease`.
    #[serde(default = "default_beta")]
    pub beta: f64,
    /// The increase of the error rate, in percentage points over what `successRate`
    /// allows, worth detecting.
    #[serde(default = "default_min_detectable_increase")]
    pub min_detectable_increase: f64,
    /// Against stable (`compareToStable.maxErrorRateIncrease`): how many times stable's
    /// error rate is worth detecting.
    #[serde(default = "default_min_detectable_ratio")]
    pub min_detectable_ratio: f64,
    /// Against stable's latency (`compareToStable.maxLatencyIncrease`): how far above
    /// one half the chance that a canary request is slower than a stable one must be
    /// to be worth detecting (0.1: slower in 60% of pairs).
    #[serde(default = "default_min_detectable_latency_shift")]
    pub min_detectable_latency_shift: f64,
    /// Fewer requests than this on either side since the step began is no latency
    /// evidence (the rank test's normal approximation needs some).
    #[serde(default = "default_min_samples")]
    pub min_samples: u64,
    /// Time between looks.
    #[serde(default = "default_every", with = "duration_text")]
    pub every: Duration,
    /// Strong evidence of health ends the stage before its `--interval`.
    #[serde(default)]
    pub early_promote: bool,
}

fn yes() -> bool {
    true
}
fn default_alpha() -> f64 {
    0.01
}
fn default_beta() -> f64 {
    0.05
}
fn default_min_detectable_increase() -> f64 {
    10.0
}
fn default_min_detectable_ratio() -> f64 {
    2.0
}
fn default_min_detectable_latency_shift() -> f64 {
    0.1
}
fn default_min_samples() -> u64 {
    50
}
fn default_every() -> Duration {
    Duration::from_secs(1)
}

impl Default for SequentialSpec {
    fn default() -> Self {
        SequentialSpec {
            enabled: true,
            alpha: default_alpha(),
            beta: default_beta(),
            min_detectable_increase: default_min_detectable_increase(),
            min_detectable_ratio: default_min_detectable_ratio(),
            min_detectable_latency_shift: default_min_detectable_latency_shift(),
            min_samples: default_min_samples(),
            every: default_every(),
            early_promote: false,
        }
    }
}

impl SequentialSpec {
    fn is_default(&self) -> bool {
        *self == SequentialSpec::default()
    }

    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (name, v) in [("alpha", self.alpha), ("beta", self.beta)] {
            if !(v > 0.0 && v < 0.5) {
                problems.push(format!(
                    "`sequential.{name}` is a probability between 0 and 0.5, not `{v}`"
                ));
            }
        }
        if !(self.min_detectable_increase > 0.0 && self.min_detectable_increase < 100.0) {
            problems.push(format!(
                "`sequential.minDetectableIncrease` is in percentage points (above 0, below 100), not `{}`",
                self.min_detectable_increase
            ));
        }
        if !(self.min_detectable_ratio > 1.0 && self.min_detectable_ratio.is_finite()) {
            problems.push(format!(
                "`sequential.minDetectableRatio` must be above 1, not `{}`",
                self.min_detectable_ratio
            ));
        }
        let shift = self.min_detectable_latency_shift;
        if !(shift > 0.0 && shift < 0.5) {
            problems.push(format!(
                "`sequential.minDetectableLatencyShift` is a share of pairs above one half (above 0, below 0.5), not `{shift}`"
            ));
        }
        if self.min_samples < 2 {
            problems.push(format!(
                "`sequential.minSamples` must be at least 2, not `{}`",
                self.min_samples
            ));
        }
        if self.every.as_millis() == 0 {
            problems.push("`sequential.every` must be longer than 0s".to_string());
        }
        problems
    }
}

/// How often rounds are taken and how much traffic each judges, for one stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cadence {
    pub interval: Duration,
    pub window: Duration,
}

fn default_min_requests() -> u64 {
    20
}
fn default_count() -> u32 {
    1
}
fn default_inconclusive_limit() -> u32 {
    2
}
fn default_consecutive_error_limit() -> u32 {
    4
}

impl Default for AnalysisSpec {
    fn default() -> Self {
        AnalysisSpec {
            interval: None,
            window: None,
            min_requests: default_min_requests(),
            count: default_count(),
            failure_limit: 0,
            inconclusive_limit: default_inconclusive_limit(),
            consecutive_error_limit: default_consecutive_error_limit(),
            no_data: NoDataPolicy::default(),
            checks: Vec::new(),
            compare_to_stable: None,
            sequential: SequentialSpec::default(),
        }
    }
}

/// An analysis spec that cannot be used; each problem names the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    pub problems: Vec<String>,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problems.join("; "))
    }
}

impl std::error::Error for SpecError {}

impl AnalysisSpec {
    /// Reads and checks a spec from YAML.
    pub fn from_yaml(text: &str) -> Result<AnalysisSpec, SpecError> {
        let spec: AnalysisSpec = serde_saphyr::from_str(text).map_err(|e| SpecError {
            problems: vec![
                e.to_string()
                    .lines()
                    .next()
                    .unwrap_or("invalid YAML")
                    .to_string(),
            ],
        })?;
        spec.validate()?;
        Ok(spec)
    }

    /// Checks values serde cannot: ranges, names, at least one check.
    pub fn validate(&self) -> Result<(), SpecError> {
        let mut problems = Vec::new();
        if self.checks.is_empty() && self.compare_to_stable.is_none() {
            problems.push(
                "`checks` is empty: give at least one check (e.g. `successRate: {min: 99}`)"
                    .to_string(),
            );
        }
        if self.window.is_some_and(|w| w.as_millis() == 0) {
            problems.push("`window` must be longer than 0s".to_string());
        }
        if self.interval.is_some_and(|i| i.as_millis() == 0) {
            problems.push("`interval` must be longer than 0s".to_string());
        }
        problems.extend(self.sequential.problems());
        if self.count == 0 {
            problems.push("`count` must be at least 1".to_string());
        }
        let mut names = std::collections::BTreeSet::new();
        // Rendering with made-up names finds unknown variables and syntax errors now,
        // not in the middle of a rollout.
        let example_vars = QueryVars::new(
            &Target::new("default", "example", "v1"),
            self.cadence(Duration::default()).window,
        );
        for (i, check) in self.checks.iter().enumerate() {
            let at = format!("`checks[{i}]`");
            match check {
                Check::SuccessRate(c) => {
                    if !(0.0..=100.0).contains(&c.min) {
                        problems.push(format!(
                            "{at}: `successRate.min` is a percentage (0 to 100), not `{}`",
                            c.min
                        ));
                    }
                }
                Check::Latency(c) => {
                    if c.max.as_millis() == 0 {
                        problems.push(format!("{at}: `latency.max` must be longer than 0ms"));
                    }
                }
                Check::RequestRate(c) => {
                    if c.min.is_nan() || c.min < 0.0 {
                        problems.push(format!("{at}: `requestRate.min` must be 0 or more"));
                    }
                }
                Check::Promql(c) => {
                    if c.name.trim().is_empty() {
                        problems.push(format!("{at}: `promql.name` is empty"));
                    }
                    if c.query.trim().is_empty() {
                        problems.push(format!("{at}: `promql.query` is empty"));
                    } else if let Err(e) = promql::render(&c.query, &example_vars) {
                        problems.push(format!("{at}: {e}"));
                    }
                    match (c.min, c.max) {
                        (None, None) => {
                            problems.push(format!("{at}: `promql` needs `min`, `max` or both"))
                        }
                        (Some(min), Some(max)) if min > max => problems.push(format!(
                            "{at}: `promql.min` ({min}) is above `promql.max` ({max})"
                        )),
                        _ => {}
                    }
                }
            }
            if !names.insert(check.label()) {
                problems.push(format!("{at}: a second `{}` check", check.label()));
            }
        }
        if let Some(c) = &self.compare_to_stable {
            if c.max_error_rate_increase.is_none() && c.max_latency_increase.is_none() {
                problems.push(
                    "`compareToStable` needs `maxErrorRateIncrease`, `maxLatencyIncrease` or both"
                        .to_string(),
                );
            }
            if c.max_error_rate_increase
                .is_some_and(|m| m.is_nan() || m < 0.0)
            {
                problems.push(
                    "`compareToStable.maxErrorRateIncrease` must be 0 or more percentage points"
                        .to_string(),
                );
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(SpecError { problems })
        }
    }

    /// The round interval and window of a stage held for `hold`: what the spec gives,
    /// else derived from `hold` (zero: a stage without a length of its own) — each
    /// round judges the step's traffic up to a minute (`window` = min(`hold`, 1m)) and
    /// rounds overlap by half (`interval` = `window` / 2). At `hold` ≥ 1m that is 30s
    /// rounds over 1m windows.
    pub fn cadence(&self, hold: Duration) -> Cadence {
        let (hold, minute) = (hold.as_millis(), 60_000);
        let window = self.window.unwrap_or(Duration::from_millis(if hold == 0 {
            minute
        } else {
            hold.min(minute)
        }));
        // Rounds fit in the step even when the window is longer.
        let span = match hold {
            0 => window.as_millis(),
            h => h.min(window.as_millis()),
        };
        Cadence {
            interval: self
                .interval
                .unwrap_or(Duration::from_millis((span / 2).max(1))),
            window,
        }
    }

    /// What a spec's own `interval` and `window` do to a stage held for `hold`, when
    /// it is not what the user may expect: one sentence each, for a warning.
    pub fn cadence_conflicts(&self, hold: Duration) -> Vec<String> {
        let mut out = Vec::new();
        if hold.as_millis() == 0 {
            return out;
        }
        if let Some(i) = self.interval.filter(|i| i.as_millis() > hold.as_millis()) {
            out.push(format!(
                "analysis rounds {i} apart are longer than a step's {hold} (`--interval`): each step is held until its next round, about {i}"
            ));
        }
        if let Some(w) = self.window.filter(|w| w.as_millis() > hold.as_millis()) {
            out.push(format!(
                "an analysis window of {w} is longer than a step's {hold} (`--interval`): a round judges traffic of earlier steps too, or (scraping proxies) holds the step for {w}"
            ));
        }
        out
    }

    /// The `promql` checks' queries rendered for `target` over `window`:
    /// `(check name, PromQL)`, in order.
    pub fn render_queries(
        &self,
        target: &Target,
        window: Duration,
    ) -> Result<Vec<(String, String)>, TemplateError> {
        let vars = QueryVars::new(target, window);
        self.checks
            .iter()
            .filter_map(|c| match c {
                Check::Promql(c) => {
                    Some(promql::render(&c.query, &vars).map(|q| (c.name.clone(), q)))
                }
                _ => None,
            })
            .collect()
    }

    /// Adds `check`, replacing one of the same kind (same quantile, same query name).
    pub fn set_check(&mut self, check: Check) {
        match self.checks.iter_mut().find(|c| c.same_kind(&check)) {
            Some(existing) => *existing = check,
            None => self.checks.push(check),
        }
    }
}

/// Analysis settings from command-line flags: a plain struct the CLI fills. Each set
/// field overrides the spec file (or the defaults).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnalysisFlags {
    /// `--success-rate 99`
    pub success_rate: Option<f64>,
    /// `--max-latency 500ms`
    pub max_latency: Option<Duration>,
    /// `--latency-quantile p95` (p99 when not given)
    pub latency_quantile: Option<Quantile>,
    /// `--min-rps 1`
    pub min_rps: Option<f64>,
    pub interval: Option<Duration>,
    pub window: Option<Duration>,
    pub min_requests: Option<u64>,
    pub count: Option<u32>,
    pub failure_limit: Option<u32>,
    pub inconclusive_limit: Option<u32>,
    pub consecutive_error_limit: Option<u32>,
    pub no_data: Option<NoDataPolicy>,
    /// `--max-error-rate-increase 1` (percentage points over stable)
    pub max_error_rate_increase: Option<f64>,
    /// `--max-latency-increase 50ms` (over stable)
    pub max_latency_increase: Option<Duration>,
    /// `--alpha 0.01`, `--beta 0.05`, `--min-detectable-increase 5`,
    /// `--min-detectable-shift 0.1`, `--early-promote`
    pub alpha: Option<f64>,
    pub beta: Option<f64>,
    pub min_detectable_increase: Option<f64>,
    pub min_detectable_latency_shift: Option<f64>,
    pub early_promote: bool,
}

impl AnalysisFlags {
    /// The spec: `base` (from a file) or the defaults, with every given flag applied,
    /// then validated.
    pub fn apply(&self, base: Option<AnalysisSpec>) -> Result<AnalysisSpec, SpecError> {
        let mut spec = base.unwrap_or_default();
        macro_rules! set {
            ($($field:ident),*) => {$(
                if let Some(v) = self.$field { spec.$field = v; }
            )*};
        }
        if self.interval.is_some() {
            spec.interval = self.interval;
        }
        if self.window.is_some() {
            spec.window = self.window;
        }
        if let Some(a) = self.alpha {
            spec.sequential.alpha = a;
        }
        if let Some(b) = self.beta {
            spec.sequential.beta = b;
        }
        if let Some(m) = self.min_detectable_increase {
            spec.sequential.min_detectable_increase = m;
        }
        if let Some(m) = self.min_detectable_latency_shift {
            spec.sequential.min_detectable_latency_shift = m;
        }
        if self.early_promote {
            spec.sequential.early_promote = true;
        }
        set!(
            min_requests,
            count,
            failure_limit,
            inconclusive_limit,
            consecutive_error_limit,
            no_data
        );
        if let Some(min) = self.success_rate {
            spec.set_check(Check::SuccessRate(SuccessRateCheck { min }));
        }
        if let Some(max) = self.max_latency {
            spec.set_check(Check::Latency(LatencyCheck {
                quantile: self.latency_quantile.unwrap_or(Quantile::P99),
                max,
            }));
        }
        if let Some(min) = self.min_rps {
            spec.set_check(Check::RequestRate(RequestRateCheck { min }));
        }
        if self.max_error_rate_increase.is_some() || self.max_latency_increase.is_some() {
            let compare = spec
                .compare_to_stable
                .get_or_insert_with(|| CompareToStable {
                    quantile: self.latency_quantile.unwrap_or(Quantile::P99),
                    ..Default::default()
                });
            if self.max_error_rate_increase.is_some() {
                compare.max_error_rate_increase = self.max_error_rate_increase;
            }
            if self.max_latency_increase.is_some() {
                compare.max_latency_increase = self.max_latency_increase;
            }
        }
        spec.validate()?;
        Ok(spec)
    }
}

/// Durations as people write them (`30s`, `1m30s`, `500ms`).
mod duration_text {
    use crate::duration::Duration;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

mod optional_duration_text {
    use crate::duration::Duration;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
        let text = Option::<String>::deserialize(d)?;
        text.map(|t| t.parse().map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = r#"
interval: 20s
window: 1m
minRequests: 50
count: 3
failureLimit: 1
inconclusiveLimit: 0
consecutiveErrorLimit: 2
noData: fail
checks:
  - successRate: { min: 99.5 }
  - latency: { quantile: p95, max: 250ms }
  - requestRate: { min: 0.5 }
  - promql:
      name: saturation
      query: 'max(queue_depth{service="{{ service }}"})'
      max: 100
compareToStable:
  maxErrorRateIncrease: 1
  maxLatencyIncrease: 50ms
"#;

    #[test]
    fn reads_every_field_from_yaml() {
        let spec = AnalysisSpec::from_yaml(FULL).unwrap();
        assert_eq!(spec.interval, Some(Duration::from_secs(20)));
        assert_eq!(spec.window, Some(Duration::from_secs(60)));
        assert_eq!((spec.min_requests, spec.count), (50, 3));
        assert_eq!(
            (
                spec.failure_limit,
                spec.inconclusive_limit,
                spec.consecutive_error_limit
            ),
            (1, 0, 2)
        );
        assert_eq!(spec.no_data, NoDataPolicy::Fail);
        assert_eq!(
            spec.checks[1],
            Check::Latency(LatencyCheck {
                quantile: Quantile::P95,
                max: Duration::from_millis(250)
            })
        );
        let labels: Vec<_> = spec.checks.iter().map(Check::label).collect();
        assert_eq!(
            labels,
            ["success rate", "p95 latency", "request rate", "saturation"]
        );
        let compare = spec.compare_to_stable.unwrap();
        assert_eq!(compare.max_error_rate_increase, Some(1.0));
        assert_eq!(
            compare.max_latency_increase,
            Some(Duration::from_millis(50))
        );
        assert_eq!(compare.quantile, Quantile::P99);
    }

    #[test]
    fn defaults_fill_what_is_not_given() {
        let spec = AnalysisSpec::from_yaml("checks:\n  - successRate: {min: 99}\n").unwrap();
        assert_eq!(
            spec,
            AnalysisSpec {
                checks: vec![Check::SuccessRate(SuccessRateCheck { min: 99.0 })],
                ..AnalysisSpec::default()
            }
        );
    }

    #[test]
    fn unknown_fields_and_bad_values_are_rejected_with_the_field_named() {
        let cases = [
            ("checks: []\nwindows: 1m\n", "windows"),
            ("checks:\n  - successRate: {min: 99, max: 100}\n", "max"),
            ("checks:\n  - errorRate: {max: 1}\n", "errorRate"),
            (
                "window: 1 minute\nchecks:\n  - successRate: {min: 99}\n",
                "invalid duration",
            ),
            (
                "noData: ignore\nchecks:\n  - successRate: {min: 99}\n",
                "ignore",
            ),
            ("checks:\n  - latency: {quantile: p42, max: 1s}\n", "p42"),
        ];
        for (yaml, needle) in cases {
            let e = AnalysisSpec::from_yaml(yaml).unwrap_err();
            assert!(e.to_string().contains(needle), "{yaml}: {e}");
        }
    }

    #[test]
    fn validation_names_each_problem() {
        let yaml = r#"
window: 0s
count: 0
checks:
  - successRate: { min: 120 }
  - latency: { max: 0ms }
  - promql: { name: q, query: up }
  - promql: { name: q, query: up, min: 5, max: 1 }
compareToStable: {}
"#;
        let e = AnalysisSpec::from_yaml(yaml).unwrap_err();
        let all = e.problems.join("\n");
        for needle in [
            "`window` must be longer",
            "`count` must be at least 1",
            "`checks[0]`: `successRate.min` is a percentage",
            "`checks[1]`: `latency.max`",
            "`checks[2]`: `promql` needs `min`, `max` or both",
            "`checks[3]`: `promql.min` (5) is above",
            "`checks[3]`: a second `q` check",
            "`compareToStable` needs",
        ] {
            assert!(all.contains(needle), "missing {needle:?} in:\n{all}");
        }
        assert_eq!(e.problems.len(), 8, "{all}");
        assert!(
            AnalysisSpec::from_yaml("{}")
                .unwrap_err()
                .to_string()
                .contains("`checks` is empty")
        );
    }

    #[test]
    fn flags_build_a_spec_and_override_a_file() {
        let flags = AnalysisFlags {
            success_rate: Some(99.9),
            max_latency: Some(Duration::from_millis(300)),
            latency_quantile: Some(Quantile::P95),
            window: Some(Duration::from_secs(30)),
            no_data: Some(NoDataPolicy::Pass),
            max_error_rate_increase: Some(0.5),
            ..Default::default()
        };
        let spec = flags
            .apply(Some(AnalysisSpec::from_yaml(FULL).unwrap()))
            .unwrap();
        assert_eq!(spec.window, Some(Duration::from_secs(30)));
        assert_eq!(
            spec.interval,
            Some(Duration::from_secs(20)),
            "kept from the file"
        );
        assert_eq!(spec.no_data, NoDataPolicy::Pass);
        assert_eq!(spec.checks.len(), 4, "replaced in place, not added");
        assert_eq!(
            spec.checks[0],
            Check::SuccessRate(SuccessRateCheck { min: 99.9 })
        );
        assert_eq!(
            spec.checks[1],
            Check::Latency(LatencyCheck {
                quantile: Quantile::P95,
                max: Duration::from_millis(300)
            })
        );
        let compare = spec.compare_to_stable.unwrap();
        assert_eq!(compare.max_error_rate_increase, Some(0.5));
        assert_eq!(
            compare.max_latency_increase,
            Some(Duration::from_millis(50))
        );

        let alone = AnalysisFlags {
            min_rps: Some(2.0),
            ..Default::default()
        }
        .apply(None)
        .unwrap();
        assert_eq!(
            alone.checks,
            vec![Check::RequestRate(RequestRateCheck { min: 2.0 })]
        );
        assert!(
            AnalysisFlags::default().apply(None).is_err(),
            "no checks at all"
        );
        let bad = AnalysisFlags {
            success_rate: Some(-1.0),
            ..Default::default()
        }
        .apply(None);
        assert!(bad.unwrap_err().to_string().contains("percentage"));
    }

    #[test]
    fn the_cadence_is_derived_from_the_step_unless_given() {
        let secs = Duration::from_secs;
        let ms = Duration::from_millis;
        let plain = AnalysisSpec::default();
        let given = |interval: Option<u64>, window: Option<u64>| AnalysisSpec {
            interval: interval.map(secs),
            window: window.map(secs),
            ..AnalysisSpec::default()
        };
        // (spec, step held for, rounds apart, window)
        let cases = [
            (plain.clone(), secs(8), ms(4000), secs(8)),
            (plain.clone(), secs(60), secs(30), secs(60)),
            (plain.clone(), secs(600), secs(30), secs(60)),
            (plain.clone(), secs(0), secs(30), secs(60)),
            (given(Some(5), None), secs(8), secs(5), secs(8)),
            (given(None, Some(30)), secs(8), secs(4), secs(30)),
            (given(Some(20), Some(40)), secs(600), secs(20), secs(40)),
        ];
        for (spec, hold, interval, window) in cases {
            assert_eq!(
                spec.cadence(hold),
                Cadence { interval, window },
                "{:?}/{:?} held {hold}",
                spec.interval,
                spec.window
            );
        }
        assert!(plain.cadence_conflicts(secs(8)).is_empty());
        let conflicts = given(Some(30), Some(60)).cadence_conflicts(secs(8));
        assert_eq!(conflicts.len(), 2, "{conflicts:?}");
        assert!(conflicts[0].contains("rounds 30s apart are longer than a step's 8s"));
        assert!(conflicts[1].contains("window of 1m is longer than a step's 8s"));
        assert!(given(Some(30), None).cadence_conflicts(secs(0)).is_empty());
    }

    #[test]
    fn sequential_settings_are_checked() {
        let e = AnalysisSpec::from_yaml(
            "checks:\n  - successRate: {min: 99}\nsequential: {alpha: 0.7, minDetectableIncrease: 0, minDetectableRatio: 1, minDetectableLatencyShift: 0.5, minSamples: 1, every: 0s}\n",
        )
        .unwrap_err();
        for needle in [
            "`sequential.alpha` is a probability",
            "`sequential.minDetectableIncrease`",
            "`sequential.minDetectableRatio` must be above 1",
            "`sequential.minDetectableLatencyShift` is a share of pairs",
            "`sequential.minSamples` must be at least 2",
            "`sequential.every` must be longer",
        ] {
            assert!(e.to_string().contains(needle), "{needle}: {e}");
        }
        let flags = AnalysisFlags {
            success_rate: Some(95.0),
            alpha: Some(0.05),
            min_detectable_increase: Some(3.0),
            min_detectable_latency_shift: Some(0.2),
            early_promote: true,
            ..Default::default()
        };
        let spec = flags.apply(None).unwrap();
        assert_eq!(spec.sequential.min_detectable_latency_shift, 0.2);
        assert_eq!(spec.sequential.alpha, 0.05);
        assert_eq!(spec.sequential.min_detectable_increase, 3.0);
        assert!(spec.sequential.early_promote);
    }

    #[test]
    fn a_spec_round_trips_through_yaml() {
        let spec = AnalysisSpec::from_yaml(FULL).unwrap();
        let yaml = serde_saphyr::to_string(&spec).unwrap();
        assert_eq!(AnalysisSpec::from_yaml(&yaml).unwrap(), spec);
    }

    fn doc_examples() -> Vec<String> {
        let doc = include_str!("../../../../docs/analysis.md");
        doc.split("```yaml\n")
            .skip(1)
            .map(|block| block.split("```").next().unwrap().to_string())
            .collect()
    }

    #[test]
    fn the_examples_in_the_docs_parse_and_state_the_defaults() {
        let examples = doc_examples();
        assert_eq!(examples.len(), 2);
        let full = AnalysisSpec::from_yaml(&examples[0]).unwrap();
        assert_eq!(full.checks.len(), 4);
        // The docs say the full example shows the defaults, except `count`.
        let defaults = AnalysisSpec {
            count: full.count,
            checks: full.checks.clone(),
            compare_to_stable: full.compare_to_stable.clone(),
            ..AnalysisSpec::default()
        };
        assert_eq!(full, defaults);
        assert_ne!(full.count, AnalysisSpec::default().count);
        AnalysisSpec::from_yaml(&examples[1]).unwrap();
    }

    #[test]
    fn promql_checks_render_for_a_target_and_bad_templates_are_caught_early() {
        let spec = AnalysisSpec::from_yaml(FULL).unwrap();
        let queries = spec
            .render_queries(&Target::new("shop", "cart", "v2"), Duration::from_secs(60))
            .unwrap();
        assert_eq!(
            queries,
            vec![(
                "saturation".to_string(),
                r#"max(queue_depth{service="cart"})"#.to_string()
            )]
        );
        let bad =
            "checks:\n  - promql: { name: q, query: 'sum(x{ns=\"{{ namespce }}\"})', max: 1 }\n";
        let e = AnalysisSpec::from_yaml(bad).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("`checks[0]`: cannot render query"),
            "{e}"
        );
    }

    #[test]
    fn no_data_policies_parse() {
        for p in [
            NoDataPolicy::Inconclusive,
            NoDataPolicy::Fail,
            NoDataPolicy::Pass,
        ] {
            assert_eq!(p.to_string().parse::<NoDataPolicy>(), Ok(p));
        }
        assert!("skip".parse::<NoDataPolicy>().is_err());
    }
}
