//! A run of rounds over time and the limits that decide its verdict.
//!
//! After each round:
//! - more failed rounds than `failureLimit` → **Failed**;
//! - more error rounds *in a row* than `consecutiveErrorLimit` → **Error**;
//! - more inconclusive rounds than `inconclusiveLimit` → **Inconclusive** (a person
//!   decides: the rollout pauses);
//! - `count` successful rounds → **Successful**;
//! - otherwise the run goes on.
//!
//! Only successful rounds count towards `count`: an error or inconclusive round is
//! never taken as a pass. Every round ends in one of the counters above, so a run
//! always ends. The run is a plain value: the rollout record stores it and resumes it.

use super::judge::{Outcome, Round};
use super::spec::AnalysisSpec;
use serde::{Deserialize, Serialize};

/// Where a run stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    /// More rounds are needed.
    Running,
    /// The run ended with this outcome, for this reason.
    Done { outcome: Outcome, reason: String },
}

impl Verdict {
    pub fn outcome(&self) -> Option<Outcome> {
        match self {
            Verdict::Running => None,
            Verdict::Done { outcome, .. } => Some(*outcome),
        }
    }
}

/// The state of an analysis over its rounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnalysisRun {
    pub count: u32,
    pub failure_limit: u32,
    pub inconclusive_limit: u32,
    pub consecutive_error_limit: u32,
    pub successes: u32,
    pub failures: u32,
    pub inconclusives: u32,
    pub errors: u32,
    pub consecutive_errors: u32,
    pub rounds: Vec<Round>,
    pub verdict: Verdict,
}

impl AnalysisRun {
    pub fn new(spec: &AnalysisSpec) -> Self {
        AnalysisRun {
            count: spec.count.max(1),
            failure_limit: spec.failure_limit,
            inconclusive_limit: spec.inconclusive_limit,
            consecutive_error_limit: spec.consecutive_error_limit,
            successes: 0,
            failures: 0,
            inconclusives: 0,
            errors: 0,
            consecutive_errors: 0,
            rounds: Vec::new(),
            verdict: Verdict::Running,
        }
    }

    /// Records a round and returns the verdict. A finished run ignores further rounds.
    pub fn record(&mut self, round: Round) -> &Verdict {
        if self.verdict != Verdict::Running {
            return &self.verdict;
        }
        let outcome = round.outcome;
        let why = round
            .deciding()
            .map(|c| format!("{}: {}", c.check, c.reason))
            .unwrap_or_else(|| "no checks were judged".to_string());
        if outcome == Outcome::Error {
            self.errors += 1;
            self.consecutive_errors += 1;
        } else {
            self.consecutive_errors = 0;
        }
        match outcome {
            Outcome::Successful => self.successes += 1,
            Outcome::Failed => self.failures += 1,
            Outcome::Inconclusive => self.inconclusives += 1,
            Outcome::Error => {}
        }
        self.rounds.push(round);

        let done = |outcome, reason: String| Verdict::Done { outcome, reason };
        self.verdict = if self.failures > self.failure_limit {
            done(
                Outcome::Failed,
                format!(
                    "{} failed {} (limit {}); last: {why}",
                    self.failures,
                    rounds(self.failures),
                    self.failure_limit
                ),
            )
        } else if self.consecutive_errors > self.consecutive_error_limit {
            done(
                Outcome::Error,
                format!(
                    "{} {} in a row could not read metrics (limit {}); last: {why}",
                    self.consecutive_errors,
                    rounds(self.consecutive_errors),
                    self.consecutive_error_limit
                ),
            )
        } else if self.inconclusives > self.inconclusive_limit {
            done(
                Outcome::Inconclusive,
                format!(
                    "{} inconclusive {} (limit {}); last: {why}",
                    self.inconclusives,
                    rounds(self.inconclusives),
                    self.inconclusive_limit
                ),
            )
        } else if self.successes >= self.count {
            done(
                Outcome::Successful,
                format!(
                    "{} successful {} of {}",
                    self.successes,
                    rounds(self.successes),
                    self.count
                ),
            )
        } else {
            Verdict::Running
        };
        &self.verdict
    }
}

fn rounds(n: u32) -> &'static str {
    if n == 1 { "round" } else { "rounds" }
}
