//! The rollout engine: canary and blue-green as ONE pure state machine over a record
//! that lives with the VirtualService. Commands and adapters stay thin: they read the
//! record, call [`step`] (or [`transition`], which also decodes, locks and encodes)
//! with what happened and the time, perform the returned [`Action`]s (route changes
//! and the new record in one write), and loop. Nothing here
//! reads the clock or does I/O, so every scenario runs in virtual time in tests.
//! The route edits themselves are pure too ([`routes`]): routes are found by the
//! identity recorded when the rollout started, never by position.
//! The record layout, phases, lock rules and write order are in `docs/rollout-record.md`.

pub mod backends;
mod drive;
mod error;
pub mod hooks;
mod lock;
mod machine;
mod mirror;
pub mod plan;
mod record;
pub mod rounds;
pub mod routes;
pub mod schedule;
pub mod shape;
mod spec;
mod start;
pub mod sticky;
pub mod view;
pub mod workload;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod scenarios;

pub use drive::{Transition, transition, transition_record};
pub use error::{RolloutError, RolloutErrorKind};
pub use lock::{Acquired, locked_error};
pub use machine::{Action, Input, Outcome, command_for, next_actions, step};
pub use record::{
    ANNOTATION, AnalysisEntry, HistoryEntry, Lock, MAX_ANALYSES, MAX_ENCODED_BYTES, MAX_HISTORY,
    MAX_TEXT, OLDEST_SCHEMA_VERSION, PauseReason, Phase, RolloutRecord, SCHEMA_VERSION, Weights,
};
pub use spec::{
    BlueGreen, FinishPolicy, JudgedPair, LaneJudge, LimitPolicy, OnLimit, Preview, RolloutSpec,
    Split, SplitBy, Stage, StageKind, Steps, Strategy,
};
pub use start::{Started, start};
