//! The current stage's round figures as sparklines, for `canary status --watch`: one
//! line per figure and version, the last rounds as Unicode blocks (▁▂▃▄▅▆▇█) and the
//! latest value, lowest and highest in words, so the line reads without colour and
//! without the blocks.

use crate::core::rollout::RolloutRecord;
use crate::core::rollout::rounds::{RoundFigures, SubsetFigures};

const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// Rounds shown: the latest this many.
pub const WIDTH: usize = 30;

/// Blocks for `values` scaled between their lowest and highest; a round without a
/// figure is a space, and flat figures sit in the middle.
pub fn sparkline(values: &[Option<f64>]) -> String {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    let lo = known.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = known.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    values
        .iter()
        .map(|v| match v {
            None => ' ',
            Some(_) if hi - lo < 1e-9 => BLOCKS[3],
            Some(v) => {
                let level = ((v - lo) / (hi - lo) * 7.0).round() as usize;
                BLOCKS[level.min(7)]
            }
        })
        .collect()
}

fn number(v: f64, unit: &str) -> String {
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}{unit}")
}

/// `▃▅█ 99.5% now (lowest 98%, highest 100%)`, or `no figures`.
pub fn figure_line(values: &[Option<f64>], unit: &str) -> String {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    let Some(latest) = values.last().copied().flatten() else {
        if known.is_empty() {
            return "no figures".into();
        }
        return format!("{} none in the last round", sparkline(values));
    };
    let lo = known.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = known.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!(
        "{} {} now (lowest {}, highest {})",
        sparkline(values),
        number(latest, unit),
        number(lo, unit),
        number(hi, unit)
    )
}

/// The lines of the current stage's last [`WIDTH`] rounds; none without rounds.
pub fn stage_lines(rec: &RolloutRecord) -> Vec<String> {
    let rounds: Vec<&RoundFigures> = rec.rounds.iter().filter(|r| r.stage == rec.stage).collect();
    let rounds = &rounds[rounds.len().saturating_sub(WIDTH)..];
    if rounds.is_empty() {
        return Vec::new();
    }
    type Pick = fn(&SubsetFigures) -> Option<f64>;
    let figures: [(&str, Pick, &str); 3] = [
        ("success", |f| f.success_rate, "%"),
        ("rps", |f| Some(f.rps), " rps"),
        ("p99", |f| f.p99_ms, " ms"),
    ];
    let split = &rec.spec.split;
    let mut lines = Vec::new();
    for (label, pick, unit) in figures {
        type Of = fn(&RoundFigures) -> Option<&SubsetFigures>;
        let versions: [(&String, Of); 2] = [
            (&split.canary, |r| r.canary.as_ref()),
            (&split.stable, |r| r.stable.as_ref()),
        ];
        for (name, of) in versions {
            let values: Vec<Option<f64>> = rounds.iter().map(|r| of(r).and_then(pick)).collect();
            lines.push(format!(
                "  {label:<8}{name:<12}{}",
                figure_line(&values, unit)
            ));
        }
    }
    if let Some(last) = rounds.last() {
        lines.push(format!("  last round {}: {}", last.outcome, last.reason));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_scale_from_the_lowest_to_the_highest_block() {
        assert_eq!(sparkline(&[Some(0.0), Some(7.0), Some(3.5)]), "▁█▅");
        assert_eq!(sparkline(&[Some(5.0), None, Some(5.0)]), "▄ ▄");
        assert_eq!(sparkline(&[]), "");
    }

    #[test]
    fn the_numbers_are_in_words_beside_the_blocks() {
        assert_eq!(
            figure_line(&[Some(100.0), Some(99.5), Some(80.0)], "%"),
            "██▁ 80% now (lowest 80%, highest 100%)"
        );
        assert_eq!(figure_line(&[None], " ms"), "no figures");
        assert_eq!(
            figure_line(&[Some(1.25), None], " rps"),
            "▄  none in the last round"
        );
    }
}
