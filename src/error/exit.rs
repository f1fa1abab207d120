//! The documented exit codes (README "Exit codes"); scripts depend on them.

use meshctl_core::ErrorKind;

/// How the process ends. The numbers are a public contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: the command did what was asked.
    Success,
    /// 1: an error, or `diff` found differences.
    Failure,
    /// 2: the command line was wrong.
    Usage,
    /// 3: a rollout was rolled back (or aborted): traffic is back on the stable version.
    RolloutFailed,
    /// 4: a rollout ended paused and unfinished, waiting for a person (failing,
    /// inconclusive or unreadable checks under a pause policy, `--no-revert`, a pause
    /// or Ctrl-C): traffic may still be split; `status` says where.
    RolloutPaused,
    /// 5: `canary step` judged the current step and it goes on: the checks pass but
    /// the step's window is not over, or the round was inconclusive or unreadable
    /// below the rollout's limits. Run `step` again later.
    RolloutWaiting,
    /// 130: stopped by SIGINT (Ctrl-C); a foreground rollout was paused first and its
    /// lock released.
    Interrupted,
    /// 143: stopped by SIGTERM, with the same clean-up.
    Terminated,
    /// 79: validation or analysis found issues (as `istioctl analyze`).
    ValidationFailed,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Usage => 2,
            ExitStatus::RolloutFailed => 3,
            ExitStatus::RolloutPaused => 4,
            ExitStatus::RolloutWaiting => 5,
            ExitStatus::Interrupted => 130,
            ExitStatus::Terminated => 143,
            ExitStatus::ValidationFailed => 79,
        }
    }
}

impl From<ErrorKind> for ExitStatus {
    /// The exit code a failure of this kind ends the process with.
    fn from(kind: ErrorKind) -> Self {
        match kind {
            ErrorKind::Usage => ExitStatus::Usage,
            ErrorKind::Invalid => ExitStatus::ValidationFailed,
            ErrorKind::RolloutFailed => ExitStatus::RolloutFailed,
            ErrorKind::RolloutPaused => ExitStatus::RolloutPaused,
            ErrorKind::Interrupted => ExitStatus::Interrupted,
            ErrorKind::Terminated => ExitStatus::Terminated,
            ErrorKind::BrokenPipe => ExitStatus::Success,
            _ => ExitStatus::Failure,
        }
    }
}
