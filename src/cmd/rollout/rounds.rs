//! Round figures waiting to be written. A round is judged every few seconds but the
//! record is written only on a transition or a lock renewal; writing the figures on
//! their own would add a write per round. So the driver keeps them here and every
//! write of the record takes them along (`Driver::write`): at most a renewal interval
//! (a third of the lock TTL) of figures is lost if the process dies.

use crate::core::rollout::RolloutRecord;
use crate::core::rollout::rounds::RoundFigures;
use jiff::Timestamp;
use std::sync::Mutex;

/// Figures of judged rounds not yet in the record, each with the rollout it belongs
/// to (its `createdAt`), oldest first.
#[derive(Debug, Default)]
pub struct PendingRounds(Mutex<Vec<(Timestamp, RoundFigures)>>);

impl PendingRounds {
    /// Keeps a round of the rollout created at `created` for the next write.
    pub fn note(&self, created: Timestamp, round: RoundFigures) {
        self.0.lock().expect("poisoned").push((created, round));
    }

    /// Adds the waiting figures to `record` (those of other rollouts are dropped: a
    /// forced start replaced theirs) and returns how many were taken, for
    /// [`PendingRounds::written`] once the write lands.
    pub fn fold(&self, record: &mut RolloutRecord) -> usize {
        let mut pending = self.0.lock().expect("poisoned");
        pending.retain(|(created, _)| *created == record.created_at);
        for (_, round) in pending.iter() {
            record.push_round(round.clone());
        }
        pending.len()
    }

    /// The first `taken` figures were written.
    pub fn written(&self, taken: usize) {
        let mut pending = self.0.lock().expect("poisoned");
        let taken = taken.min(pending.len());
        pending.drain(..taken);
    }
}
