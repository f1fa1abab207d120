//! The figures of each judged round, kept in the record (`rounds`) so a report can be
//! made later, from any machine, from the record alone. The history is bounded three
//! ways — rounds per stage, rounds in all, and encoded bytes — because the record
//! shares the API server's 256 KiB annotation limit with everything else. When over a
//! bound, a round is *thinned* rather than the oldest dropped: the one whose removal
//! leaves the smallest gap in its stage goes (ties: the oldest), never a stage's first
//! or last. Evenly spaced rounds so lose every other one, oldest first, and a chart
//! still spans the whole stage.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::machine::Outcome;
use super::record::RolloutRecord;
use crate::analysis::Round;
use crate::metrics::{Sample, SourceError};

/// Rounds kept per stage.
pub const MAX_ROUNDS_PER_STAGE: usize = 60;
/// Rounds kept in all.
pub const MAX_ROUNDS: usize = 240;
/// The most the encoded `rounds` may take (JSON bytes).
pub const MAX_ROUNDS_BYTES: usize = 40 * 1024;
/// Longest reason kept with a round, in characters.
pub const MAX_ROUND_REASON: usize = 160;

/// One subset's figures over a round's window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubsetFigures {
    /// Percent of requests not answered 5xx; absent without requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_rate: Option<f64>,
    /// Requests per second.
    pub rps: f64,
    /// The 99th percentile latency in milliseconds, when a histogram had it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p99_ms: Option<f64>,
}

impl SubsetFigures {
    /// The figures of a sample; `None` when the source did not answer.
    pub fn of(sample: &Result<Sample, SourceError>) -> Option<SubsetFigures> {
        let s = sample.as_ref().ok()?;
        Some(SubsetFigures {
            success_rate: s.success_rate.map(|r| round_to(r, 1000.0)),
            rps: round_to(s.rps, 1000.0),
            p99_ms: s.latency.p99.map(|ms| round_to(ms, 10.0)),
        })
    }
}

/// Keeps the record small: three decimals are more than a chart shows.
fn round_to(value: f64, scale: f64) -> f64 {
    if value.is_finite() {
        (value * scale).round() / scale
    } else {
        0.0
    }
}

/// One judged round: when, which stage at which weight, each version's figures, and
/// the round's verdict with the reason that decided it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoundFigures {
    pub at: Timestamp,
    pub stage: usize,
    /// The new version's weight during the round (the old one has the rest).
    pub weight: u32,
    /// The new version's figures; absent when the source did not answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canary: Option<SubsetFigures>,
    /// The old version's figures; absent when the source did not answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stable: Option<SubsetFigures>,
    pub outcome: Outcome,
    #[serde(default)]
    pub reason: String,
}

impl RoundFigures {
    /// The figures of `round` of `stage` at `weight`, judged at `at` from the two samples.
    pub fn new(
        at: Timestamp,
        stage: usize,
        weight: u32,
        canary: &Result<Sample, SourceError>,
        stable: &Result<Sample, SourceError>,
        round: &Round,
    ) -> RoundFigures {
        let reason = round.deciding().map(|c| c.reason.as_str()).unwrap_or("");
        RoundFigures {
            at,
            stage,
            weight,
            canary: SubsetFigures::of(canary),
            stable: SubsetFigures::of(stable),
            outcome: round.outcome,
            reason: cut(reason),
        }
    }

    fn encoded_len(&self) -> usize {
        // `,` between entries.
        serde_json::to_string(self).map_or(0, |s| s.len()) + 1
    }
}

fn cut(text: &str) -> String {
    if text.chars().count() <= MAX_ROUND_REASON {
        return text.to_string();
    }
    let mut out: String = text.chars().take(MAX_ROUND_REASON - 1).collect();
    out.push('…');
    out
}

impl RolloutRecord {
    /// Keeps a judged round's figures, thinning older ones to stay within the bounds.
    pub fn push_round(&mut self, round: RoundFigures) {
        let round = RoundFigures {
            reason: cut(&round.reason),
            ..round
        };
        self.rounds.push(round);
        thin(&mut self.rounds);
    }
}

/// Thins `rounds` (oldest first) until every bound holds.
pub(crate) fn thin(rounds: &mut Vec<RoundFigures>) {
    let mut sizes: Vec<usize> = rounds.iter().map(RoundFigures::encoded_len).collect();
    let mut bytes: usize = sizes.iter().sum();
    loop {
        let crowded = crowded_stage(rounds);
        let victim = match crowded {
            Some((stage, count)) if count > MAX_ROUNDS_PER_STAGE => thinnest(rounds, stage),
            Some((stage, _)) if rounds.len() > MAX_ROUNDS || bytes > MAX_ROUNDS_BYTES => {
                thinnest(rounds, stage)
            }
            _ => None,
        };
        let victim = match victim {
            Some(i) => i,
            // Every stage down to its first and last: the oldest round goes.
            None if rounds.len() > MAX_ROUNDS || bytes > MAX_ROUNDS_BYTES => 0,
            None => return,
        };
        if rounds.is_empty() {
            return;
        }
        bytes -= sizes.remove(victim);
        rounds.remove(victim);
    }
}

/// The stage with the most rounds (ties: the oldest stage) and its count.
fn crowded_stage(rounds: &[RoundFigures]) -> Option<(usize, usize)> {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for r in rounds {
        match counts.iter_mut().find(|(s, _)| *s == r.stage) {
            Some((_, n)) => *n += 1,
            None => counts.push((r.stage, 1)),
        }
    }
    // `max_by_key` keeps the last of equals; the first listed is the oldest stage.
    counts.into_iter().rev().max_by_key(|&(_, n)| n)
}

/// The round of `stage` whose removal leaves the smallest gap (ties: the oldest), never
/// the stage's first or last; `None` when it has no other.
fn thinnest(rounds: &[RoundFigures], stage: usize) -> Option<usize> {
    let idx: Vec<usize> = (0..rounds.len())
        .filter(|&i| rounds[i].stage == stage)
        .collect();
    idx.windows(3)
        .map(|w| {
            let gap = rounds[w[2]].at.duration_since(rounds[w[0]].at);
            (gap, w[1])
        })
        .min_by_key(|&(gap, i)| (gap, i))
        .map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::CheckResult;

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + secs).unwrap()
    }

    fn figures(secs: i64, stage: usize, reason: &str) -> RoundFigures {
        RoundFigures {
            at: at(secs),
            stage,
            weight: 10,
            canary: Some(SubsetFigures {
                success_rate: Some(99.123),
                rps: 12.345,
                p99_ms: Some(48.5),
            }),
            stable: Some(SubsetFigures {
                success_rate: Some(100.0),
                rps: 40.0,
                p99_ms: None,
            }),
            outcome: Outcome::Successful,
            reason: reason.into(),
        }
    }

    #[test]
    fn figures_come_from_the_samples_rounded() {
        let mut sample = Sample::from_totals(
            300.0,
            3.0,
            crate::duration::Duration::from_secs(30),
            Default::default(),
        );
        sample.latency.p99 = Some(123.456);
        let round = Round {
            outcome: Outcome::Failed,
            checks: vec![CheckResult {
                check: "success rate".into(),
                outcome: Outcome::Failed,
                value: Some(99.0),
                reason: "x".repeat(500),
            }],
        };
        let missing = Err(SourceError::new(
            crate::metrics::SourceErrorKind::Unreachable,
            "refused",
        ));
        let f = RoundFigures::new(at(0), 1, 25, &Ok(sample), &missing, &round);
        let canary = f.canary.unwrap();
        assert_eq!(canary.success_rate, Some(99.0));
        assert_eq!(canary.rps, 10.0);
        assert_eq!(canary.p99_ms, Some(123.5));
        assert_eq!(f.stable, None);
        assert_eq!(f.outcome, Outcome::Failed);
        assert_eq!(f.reason.chars().count(), MAX_ROUND_REASON);
    }

    #[test]
    fn a_crowded_stage_loses_every_other_round_oldest_first() {
        let mut rounds: Vec<RoundFigures> = (0..MAX_ROUNDS_PER_STAGE as i64)
            .map(|i| figures(i * 10, 0, "ok"))
            .collect();
        rounds.push(figures(MAX_ROUNDS_PER_STAGE as i64 * 10, 0, "ok"));
        thin(&mut rounds);
        assert_eq!(rounds.len(), MAX_ROUNDS_PER_STAGE);
        // The second round went: the first and the latest stay.
        assert_eq!(rounds[0].at, at(0));
        assert_eq!(rounds[1].at, at(20));
        assert_eq!(rounds.last().unwrap().at, at(600));
        // Ten more: rounds 3, 5, 7, … go next, so the oldest part is now half as dense.
        for i in 61..71 {
            rounds.push(figures(i * 10, 0, "ok"));
            thin(&mut rounds);
        }
        let secs: Vec<i64> = rounds
            .iter()
            .take(6)
            .map(|r| r.at.duration_since(at(0)).as_secs())
            .collect();
        assert_eq!(secs, [0, 20, 40, 60, 80, 100]);
        assert_eq!(rounds.last().unwrap().at, at(700));
    }

    #[test]
    fn the_total_bounds_thin_the_most_crowded_stage() {
        let mut rounds = Vec::new();
        for stage in 0..6 {
            for i in 0..50 {
                rounds.push(figures(stage as i64 * 1000 + i * 10, stage, "ok"));
                thin(&mut rounds);
            }
        }
        assert!(rounds.len() <= MAX_ROUNDS);
        for stage in 0..6 {
            let n = rounds.iter().filter(|r| r.stage == stage).count();
            assert!(n >= 2, "stage {stage} kept {n}");
            let first = rounds.iter().find(|r| r.stage == stage).unwrap();
            assert_eq!(first.at, at(stage as i64 * 1000), "the stage's first stays");
        }
    }

    #[test]
    fn long_reasons_stay_within_the_byte_budget() {
        let mut record_rounds = Vec::new();
        // Every reason at its longest, in characters JSON must escape.
        let reason = "\u{1}\"".repeat(MAX_ROUND_REASON);
        for i in 0..1000 {
            record_rounds.push(RoundFigures {
                reason: cut(&reason),
                ..figures(i, (i / 100) as usize, "")
            });
            thin(&mut record_rounds);
        }
        let bytes = serde_json::to_string(&record_rounds).unwrap().len();
        assert!(bytes <= MAX_ROUNDS_BYTES, "{bytes} bytes");
        assert!(record_rounds.len() > 10);
    }

    #[test]
    fn rounds_of_many_stages_still_fit_dropping_the_oldest() {
        let mut rounds = Vec::new();
        for stage in 0..400 {
            rounds.push(figures(stage as i64 * 10, stage, "ok"));
            thin(&mut rounds);
        }
        assert!(rounds.len() <= MAX_ROUNDS);
        assert!(serde_json::to_string(&rounds).unwrap().len() <= MAX_ROUNDS_BYTES);
        // The newest, without a gap.
        assert_eq!(rounds.last().unwrap().stage, 399);
        assert_eq!(rounds[0].stage, 400 - rounds.len());
    }
}
