//! Judging one rollout stage over its window: the rules, with time as an input.
//!
//! A stage is judged by analysis runs ([`AnalysisRun`]) of rounds taken `interval`
//! apart. The stage's verdict is not the first run's: a run that passes before the
//! stage's `window` is over does not end the stage early — a version that turns bad
//! halfway (after a blue-green switch, say) must still be caught — so a new run starts
//! and the stage goes on. When the window is over while a later run is still
//! collecting, the stage passes on the runs that finished. Any run that ends otherwise
//! (failed, error, inconclusive) is the stage's verdict at once.
//!
//! The judge never reads the clock: each round comes with the time it was judged, and
//! the judge answers with the verdict or when it wants the next round.

use super::judge::{Outcome, Round};
use super::run::{AnalysisRun, Verdict};
use super::spec::AnalysisSpec;
use crate::duration::Duration;
use jiff::{SignedDuration, Timestamp};

/// What the judge wants after a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Take the next round at this time.
    RoundAt(Timestamp),
    /// The stage's verdict.
    Done { outcome: Outcome, reason: String },
}

/// The judgement of one stage, from its first round to its verdict.
#[derive(Debug, Clone)]
pub struct StageJudge {
    spec: AnalysisSpec,
    started: Timestamp,
    window: Duration,
    /// Time between rounds: the spec's, or derived from `window` ([`AnalysisSpec::cadence`]).
    interval: Duration,
    run: AnalysisRun,
    /// The reason of the last passed run of this window, while later runs keep judging.
    passed: Option<String>,
}

impl StageJudge {
    /// A stage judged by `spec` for at least `window`, from `now`.
    pub fn new(spec: &AnalysisSpec, window: Duration, now: Timestamp) -> Self {
        StageJudge {
            spec: spec.clone(),
            started: now,
            window,
            interval: spec.cadence(window).interval,
            run: AnalysisRun::new(spec),
            passed: None,
        }
    }

    fn window_over(&self, now: Timestamp) -> bool {
        let elapsed = now.duration_since(self.started);
        elapsed >= SignedDuration::from_millis(self.window.as_millis() as i64)
    }

    /// Time between rounds.
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// Records the round judged at `now` and says what comes next.
    pub fn record(&mut self, round: Round, now: Timestamp) -> Next {
        let next_round = || {
            Next::RoundAt(
                now.checked_add(SignedDuration::from_millis(self.interval.as_millis() as i64))
                    .unwrap_or(now),
            )
        };
        match self.run.record(round).clone() {
            Verdict::Done { outcome, reason } => {
                if outcome == Outcome::Successful && !self.window_over(now) {
                    self.passed = Some(reason);
                    self.run = AnalysisRun::new(&self.spec);
                    return next_round();
                }
                Next::Done { outcome, reason }
            }
            Verdict::Running if self.passed.is_some() && self.window_over(now) => Next::Done {
                outcome: Outcome::Successful,
                reason: self.passed.take().unwrap_or_default(),
            },
            Verdict::Running => next_round(),
        }
    }
}

/// The verdict of one round taken alone, as `canary step` judges: one judgement per
/// call, from a scheduled job. A failed, inconclusive or unreadable round is the
/// stage's observation at once (the rollout's own limits then count it); a passed round
/// passes the stage only once the stage's window is over (`window_over`), since a
/// version must be watched for the whole window. `None`: nothing to record yet.
pub fn one_round(outcome: Outcome, window_over: bool) -> Option<Outcome> {
    match outcome {
        Outcome::Successful if !window_over => None,
        other => Some(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{CheckResult, Round};

    fn spec(count: u32) -> AnalysisSpec {
        AnalysisSpec::from_yaml(&format!(
            "count: {count}\ninterval: 10s\nwindow: 10s\nchecks:\n  - successRate: {{min: 99}}\n"
        ))
        .unwrap()
    }

    fn round(outcome: Outcome) -> Round {
        Round {
            outcome,
            checks: vec![CheckResult {
                check: "successRate".into(),
                outcome,
                value: None,
                reason: format!("{outcome}"),
            }],
        }
    }

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + secs).unwrap()
    }

    /// One scenario: its name, the spec's `count`, the stage's window in seconds, the
    /// rounds (seconds after the stage began, outcome), and after each round the verdict
    /// expected (`None`: another round 10 s later).
    type Case<'a> = (
        &'a str,
        u32,
        i64,
        &'a [(i64, Outcome)],
        &'a [Option<(Outcome, i64)>],
    );

    #[test]
    fn a_stage_is_judged_for_its_whole_window() {
        use Outcome::*;
        let cases: [Case<'_>; 4] = [
            (
                "a pass before the window ends starts another run",
                1,
                60,
                &[(0, Successful), (10, Successful), (60, Successful)],
                &[None, None, Some((Successful, 0))],
            ),
            (
                "a failure ends the stage at once, even after passes",
                1,
                60,
                &[(0, Successful), (10, Failed)],
                &[None, Some((Failed, 0))],
            ),
            (
                "a run still collecting when the window ends passes on the last pass",
                2,
                30,
                &[
                    (0, Successful),
                    (10, Successful),
                    (20, Successful),
                    (30, Inconclusive),
                ],
                &[None, None, None, Some((Successful, 0))],
            ),
            (
                "a pass after the window is the verdict",
                1,
                0,
                &[(0, Successful)],
                &[Some((Successful, 0))],
            ),
        ];
        for (name, count, window, rounds, expected) in cases {
            let mut judge =
                StageJudge::new(&spec(count), Duration::from_secs(window as u64), at(0));
            for ((secs, outcome), want) in rounds.iter().zip(expected) {
                let next = judge.record(round(*outcome), at(*secs));
                match (want, &next) {
                    (None, Next::RoundAt(t)) => assert_eq!(*t, at(secs + 10), "{name}"),
                    (Some((o, _)), Next::Done { outcome, .. }) => assert_eq!(outcome, o, "{name}"),
                    _ => {
                        panic!("{name}: after the round at {secs}s expected {want:?}, got {next:?}")
                    }
                }
            }
        }
    }

    #[test]
    fn one_round_passes_only_after_the_window() {
        assert_eq!(one_round(Outcome::Successful, false), None);
        assert_eq!(
            one_round(Outcome::Successful, true),
            Some(Outcome::Successful)
        );
        for o in [Outcome::Failed, Outcome::Inconclusive, Outcome::Error] {
            assert_eq!(one_round(o, false), Some(o));
        }
    }
}
