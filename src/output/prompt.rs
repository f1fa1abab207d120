//! Confirmation before a change that moves all production traffic at once. A person
//! at a terminal is asked; anywhere else (CI, pipes) asking would hang or read garbage,
//! so `--yes` must say it instead, and its absence is a usage error that changes
//! nothing.

use super::Printer;
use crate::{Error, Result};

/// Asks `question` (with `details` shown above it) when a person can answer; without a
/// terminal, `yes` must be given. `Ok(false)`: the person said no.
pub fn confirm(printer: &Printer, question: &str, details: &[String], yes: bool) -> Result<bool> {
    if yes {
        return Ok(true);
    }
    if !printer.can_prompt() {
        return Err(
            Error::usage(format!("refusing to ask \"{question}\" without a terminal"))
                .with_hint("pass `--yes` to confirm in scripts and CI jobs"),
        );
    }
    for line in details {
        printer.info(line);
    }
    dialoguer::Confirm::new()
        .with_prompt(question)
        .default(false)
        .interact()
        .map_err(|e| Error::internal(format!("cannot read the answer: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_terminal_yes_is_required() {
        let (printer, _) = Printer::capture();
        let err = confirm(&printer, "Switch?", &[], false).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Usage);
        assert!(err.hints()[0].contains("--yes"));
        assert!(confirm(&printer, "Switch?", &[], true).unwrap());
    }
}
