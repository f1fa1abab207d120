//! Judging several pairs at once (a lane shift judges every service of the lane, each
//! its new subset against its old one): one verdict from many, so that any failing
//! service fails the whole, and every reason names the service it is about.

use super::judge::{Outcome, Round, combine};
use super::live::Look;

/// The rounds of each pair (`(service, round)`, in the lane's order) as one round: its
/// outcome the worst, its checks every pair's with the service named in each reason
/// (`b: success rate …`): Failed beats Error beats Inconclusive beats
/// Successful, as [`combine`] does for one round's checks. Returns the index of the pair that decided (the
/// first with the worst outcome), whose figures stand for the round.
pub fn worst_round(rounds: Vec<(String, Round)>) -> (usize, Round) {
    let outcome = combine(rounds.iter().map(|(_, r)| r.outcome));
    let decider = rounds
        .iter()
        .position(|(_, r)| r.outcome == outcome)
        .unwrap_or(0);
    let checks = rounds
        .into_iter()
        .flat_map(|(service, round)| {
            round.checks.into_iter().map(move |mut c| {
                c.reason = format!("{service}: {}", c.reason);
                c
            })
        })
        .collect();
    (decider, Round { outcome, checks })
}

/// The sequential tests of each pair (`(service, look)`) as one decision: the first
/// failing pair decides at once; success only once every pair's test has passed;
/// `None` while any is undecided.
pub fn decide_looks(looks: &[(String, Look)]) -> Option<(Outcome, String)> {
    for (service, look) in looks {
        if let Look::Fails(reason) = look {
            return Some((Outcome::Failed, format!("{service}: {reason}")));
        }
    }
    let mut passed = Vec::new();
    for (service, look) in looks {
        match look {
            Look::Passes(reason) => passed.push(format!("{service}: {reason}")),
            _ => return None,
        }
    }
    (!passed.is_empty()).then(|| (Outcome::Successful, passed.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::CheckResult;

    fn round(outcome: Outcome, reason: &str) -> Round {
        Round {
            outcome,
            checks: vec![CheckResult {
                check: "success rate".into(),
                outcome,
                value: None,
                reason: reason.into(),
            }],
        }
    }

    #[test]
    fn the_worst_pair_decides_and_is_named() {
        let (at, r) = worst_round(vec![
            ("a".into(), round(Outcome::Successful, "fine")),
            (
                "b".into(),
                round(Outcome::Failed, "success rate 70.0% < 95%"),
            ),
            ("c".into(), round(Outcome::Error, "unreachable")),
        ]);
        assert_eq!(at, 1);
        assert_eq!(r.outcome, Outcome::Failed);
        assert_eq!(r.deciding().unwrap().reason, "b: success rate 70.0% < 95%");
        assert_eq!(r.checks.len(), 3, "every pair's checks are kept");
        assert_eq!(r.checks[2].reason, "c: unreachable");
    }

    #[test]
    fn error_beats_inconclusive_beats_success() {
        let (at, r) = worst_round(vec![
            ("a".into(), round(Outcome::Inconclusive, "few requests")),
            ("b".into(), round(Outcome::Successful, "fine")),
            ("c".into(), round(Outcome::Error, "unreachable")),
        ]);
        assert_eq!((at, r.outcome), (2, Outcome::Error));
        let (at, r) = worst_round(vec![
            ("a".into(), round(Outcome::Successful, "fine")),
            ("b".into(), round(Outcome::Inconclusive, "few")),
        ]);
        assert_eq!((at, r.outcome), (1, Outcome::Inconclusive));
        let (at, r) = worst_round(vec![
            ("a".into(), round(Outcome::Successful, "fine")),
            ("b".into(), round(Outcome::Successful, "fine too")),
        ]);
        assert_eq!((at, r.outcome), (0, Outcome::Successful));
    }

    #[test]
    fn one_failing_test_decides_and_success_needs_every_pair() {
        let pass = |s: &str| (s.to_string(), Look::Passes("ok".into()));
        let wait = |s: &str| (s.to_string(), Look::Continue);
        let fail = |s: &str| (s.to_string(), Look::Fails("too many errors".into()));
        assert_eq!(decide_looks(&[pass("a"), wait("b")]), None);
        assert_eq!(
            decide_looks(&[pass("a"), fail("b"), wait("c")]),
            Some((Outcome::Failed, "b: too many errors".into()))
        );
        assert_eq!(
            decide_looks(&[pass("a"), pass("b")]),
            Some((Outcome::Successful, "a: ok; b: ok".into()))
        );
        assert_eq!(decide_looks(&[]), None);
    }
}
