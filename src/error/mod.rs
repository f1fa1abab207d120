//! The program's errors as the command line sees them: the core's [`Error`] (kind,
//! message, details, causes, hints) and the documented exit code each kind ends with.

mod exit;

pub use exit::ExitStatus;
pub use meshctl_core::error::{Error, ErrorKind, Result};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_map_to_documented_exit_codes() {
        assert_eq!(ExitStatus::from(ErrorKind::Usage).code(), 2);
        assert_eq!(ExitStatus::from(ErrorKind::Invalid).code(), 79);
        assert_eq!(ExitStatus::from(ErrorKind::RolloutFailed).code(), 3);
        assert_eq!(ExitStatus::from(ErrorKind::RolloutPaused).code(), 4);
        assert_eq!(ExitStatus::from(ErrorKind::Unavailable).code(), 1);
        assert_eq!(ExitStatus::from(ErrorKind::Conflict).code(), 1);
        assert_eq!(ExitStatus::from(ErrorKind::NotFound).code(), 1);
        assert_eq!(ExitStatus::from(ErrorKind::BrokenPipe).code(), 0);
        assert_eq!(ExitStatus::from(ErrorKind::Interrupted).code(), 130);
        assert_eq!(ExitStatus::from(ErrorKind::Terminated).code(), 143);
    }

    #[test]
    fn every_exit_code_is_in_the_readme_table() {
        let readme = include_str!("../../README.md");
        for status in [
            ExitStatus::Success,
            ExitStatus::Failure,
            ExitStatus::Usage,
            ExitStatus::RolloutFailed,
            ExitStatus::RolloutPaused,
            ExitStatus::RolloutWaiting,
            ExitStatus::Interrupted,
            ExitStatus::Terminated,
            ExitStatus::ValidationFailed,
        ] {
            let row = format!("\n| {} | ", status.code());
            assert!(
                readme.contains(&row),
                "README lacks the row of exit code {}",
                status.code()
            );
        }
    }
}
