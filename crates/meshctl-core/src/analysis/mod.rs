//! The analysis engine: judging a subset's health from metric samples.
//!
//! A spec ([`AnalysisSpec`], from YAML or flags) lists checks: success rate, a latency
//! quantile, request rate, custom PromQL, and optionally the canary against the stable
//! subset. Each round judges every check ([`judge_round`]) as Successful, Failed,
//! Inconclusive (nothing to judge) or Error (the source failed), with a reason a person
//! can act on. An [`AnalysisRun`] turns rounds over time into a verdict with
//! `failureLimit`, `inconclusiveLimit` and `consecutiveErrorLimit`. Error and
//! Inconclusive never count as success.
//!
//! Pure: the caller fetches samples through a `MetricSource` and passes them in.

mod judge;
pub mod live;
pub mod pairs;
pub mod rank;
mod run;
pub mod sequential;
mod spec;
mod stage;
#[cfg(test)]
mod tests;

pub use judge::{CheckResult, Observation, Outcome, Round, combine, judge_round};
pub use live::{LiveJudge, Look};
pub use run::{AnalysisRun, Verdict};
pub use spec::{
    AnalysisFlags, AnalysisSpec, Cadence, Check, CompareToStable, LatencyCheck, NoDataPolicy,
    PromqlCheck, RequestRateCheck, SequentialSpec, SpecError, SuccessRateCheck,
};
pub use stage::{Next, StageJudge, one_round};
