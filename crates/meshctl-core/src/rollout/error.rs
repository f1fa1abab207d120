//! Why the engine refused an input, in words a person can act on: every error carries
//! a message (what is wrong, naming the rollout, phase and holder) and a hint (what to
//! run instead). The command layer turns these into the program's one error type.

use std::fmt;

use jiff::Timestamp;

/// What kind of refusal this is; the command layer maps it to an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RolloutErrorKind {
    /// A spec value is wrong (`--steps 10,5`, a missing preview, ...).
    InvalidSpec,
    /// The input is not allowed in the rollout's current phase.
    IllegalInput,
    /// Another holder has a live lock on the rollout.
    Locked,
    /// An observation is for a step the rollout has already left.
    Stale,
    /// The annotation could not be read as a rollout record.
    Decode,
    /// The record would not fit in an annotation.
    TooLarge,
    /// A route the rollout shifts cannot be found by its identity (removed, renamed,
    /// its match changed), or the VirtualService has no route to shift.
    RouteNotFound,
    /// More than one route answers to the identity of a route the rollout shifts.
    RouteAmbiguous,
    /// The route cannot be shifted as it is (it also sends traffic elsewhere).
    UnsupportedRoute,
    /// A driving flag cannot work (a lock TTL too short to renew in time).
    Usage,
}

/// A refusal by the rollout engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RolloutError {
    pub kind: RolloutErrorKind,
    pub message: String,
    pub hint: Option<String>,
    /// For [`RolloutErrorKind::Locked`]: who holds the lock and until when.
    pub holder: Option<(String, Timestamp)>,
}

impl RolloutError {
    pub fn new(kind: RolloutErrorKind, message: impl Into<String>) -> Self {
        RolloutError {
            kind,
            message: message.into(),
            hint: None,
            holder: None,
        }
    }

    pub fn invalid_spec(message: impl Into<String>) -> Self {
        Self::new(RolloutErrorKind::InvalidSpec, message)
    }

    pub fn illegal(message: impl Into<String>) -> Self {
        Self::new(RolloutErrorKind::IllegalInput, message)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for RolloutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RolloutError {}

#[cfg(test)]
mod tests {
    use crate::error::{Error, ErrorKind};
    use crate::rollout::Steps;

    #[test]
    fn refusals_become_program_errors_with_their_message_and_hint() {
        let err: Error = Steps::parse("10,5").unwrap_err().into();
        assert_eq!(err.kind(), ErrorKind::Usage);
        assert_eq!(
            err.message(),
            "`--steps`: weight `5` at position 2 does not increase on `10`"
        );
        assert_eq!(err.hints().len(), 1);
    }
}
