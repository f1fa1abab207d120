//! The one place where library errors become [`Error`]s with plain messages.

use super::{Error, ErrorKind};

impl From<serde_json::Error> for Error {
    fn from(err: serde_json::Error) -> Self {
        Error::new(ErrorKind::Invalid, "cannot read JSON").with_source(err)
    }
}

impl From<minijinja::Error> for Error {
    fn from(err: minijinja::Error) -> Self {
        let name = err.name().unwrap_or("template").to_string();
        let line = err.line().map(|l| format!(" line {l}")).unwrap_or_default();
        Error::new(
            ErrorKind::Config,
            format!(
                "cannot render template `{name}`{line}: {}",
                err.detail().unwrap_or("template error")
            ),
        )
        .with_hint("check the template syntax, or remove the override to use the built-in template")
    }
}

impl From<crate::core::rollout::RolloutError> for Error {
    fn from(err: crate::core::rollout::RolloutError) -> Self {
        use crate::core::rollout::RolloutErrorKind as K;
        let kind = match err.kind {
            // Spec errors name the flag that was wrong.
            K::InvalidSpec => ErrorKind::Usage,
            K::IllegalInput | K::Locked | K::Stale => ErrorKind::Conflict,
            K::Decode | K::TooLarge => ErrorKind::Invalid,
        };
        let out = Error::new(kind, err.message);
        match err.hint {
            Some(hint) => out.with_hint(hint),
            None => out,
        }
    }
}
