//! The error the core's functions and ports return, and so the whole program's: a kind
//! (from which the binary picks the exit code), a message that names the thing that went
//! wrong, optional detail lines (such as a list of field errors), a cause chain, and
//! `hint:` lines that say what would fix it.
//!
//! It lives in the core so the core depends on nothing above it; the binary only maps
//! kinds to exit codes and prints. The core's narrower errors ([`crate::rollout::RolloutError`],
//! [`crate::metrics::SourceError`], …) and the libraries it uses become [`Error`] in
//! `convert.rs`; adapters convert their own libraries' errors beside them.

mod convert;

use std::fmt;

/// What kind of failure this is; the binary maps it to an exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The command line was wrong (exit 2).
    Usage,
    /// Input was read but is not valid: schema findings, bad spec values (exit 79 when
    /// validation found issues).
    Invalid,
    /// A rollout was rolled back: traffic is back on the stable version (exit 3).
    RolloutFailed,
    /// A rollout ended paused, unfinished, waiting for a person: traffic may still be
    /// split between the versions (exit 4).
    RolloutPaused,
    /// A named resource or file does not exist.
    NotFound,
    /// Someone else changed or owns what we tried to change.
    Conflict,
    /// The server refused the request (RBAC).
    Forbidden,
    /// A server or process could not be reached, or timed out.
    Unavailable,
    /// Reading or writing local files failed.
    Io,
    /// Configuration (kubeconfig, templates, settings) is unusable.
    Config,
    /// Stopped by SIGINT (Ctrl-C) after cleaning up (exit 130, as shells expect).
    Interrupted,
    /// Stopped by SIGTERM after cleaning up (exit 143).
    Terminated,
    /// stdout was closed by the reader (`meshctl status | head`): exit quietly.
    BrokenPipe,
    /// A bug in meshctl.
    Internal,
}

type Source = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The error every fallible function in meshctl returns.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    details: Vec<String>,
    hints: Vec<String>,
    source: Option<Source>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            details: Vec::new(),
            hints: Vec::new(),
            source: None,
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Invalid, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }

    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }

    pub fn io(message: impl Into<String>, source: std::io::Error) -> Self {
        let kind = if source.kind() == std::io::ErrorKind::BrokenPipe {
            ErrorKind::BrokenPipe
        } else if source.kind() == std::io::ErrorKind::NotFound {
            ErrorKind::NotFound
        } else {
            ErrorKind::Io
        };
        Self::new(kind, message).with_source(source)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
            .with_hint("this is a bug in meshctl; please report it with the command you ran")
    }

    /// Adds a line shown under the message, such as one field error of many.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.details.push(detail.into());
        self
    }

    pub fn with_details<I, S>(mut self, details: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.details.extend(details.into_iter().map(Into::into));
        self
    }

    /// Adds a `hint:` line: what the user can do about it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    pub fn with_source(mut self, source: impl Into<Source>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Wraps `self` as the cause of a new, more specific message.
    pub fn context(self, kind: ErrorKind, message: impl Into<String>) -> Self {
        let hints = self.hints.clone();
        let mut outer = Error::new(kind, message).with_source(self);
        outer.hints = hints;
        outer
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn details(&self) -> &[String] {
        &self.details
    }

    pub fn hints(&self) -> &[String] {
        &self.hints
    }

    /// The causes, outermost first, each as one line of text.
    pub fn causes(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut next: Option<&(dyn std::error::Error + 'static)> =
            self.source.as_deref().map(|s| s as _);
        while let Some(err) = next {
            match err.downcast_ref::<Error>() {
                Some(inner) => {
                    out.push(inner.message.clone());
                    out.extend(inner.details.iter().map(|d| format!("  {d}")));
                }
                None => out.push(err.to_string()),
            }
            next = err.source();
        }
        out
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|s| s as _)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_keeps_the_inner_error_as_a_cause_and_its_hints() {
        let inner = Error::not_found("file `a.yaml` not found").with_hint("check the path");
        let outer = inner.context(ErrorKind::Config, "cannot load the spec");
        assert_eq!(outer.message(), "cannot load the spec");
        assert_eq!(outer.causes(), vec!["file `a.yaml` not found".to_string()]);
        assert_eq!(outer.hints(), ["check the path".to_string()]);
    }
}
