//! The only layer that writes to stdout and stderr.
//!
//! Data (rendered YAML, tables, JSON) goes to stdout; messages, progress and errors go
//! to stderr. The printer knows whether colour is allowed (`NO_COLOR`, `--color`) and
//! whether stderr is a terminal, so nothing else in the program has to.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod error;
pub mod format;
#[cfg(test)]
mod golden;
pub mod progress;
pub mod prompt;
pub mod sparkline;
pub mod table;
pub mod view;

pub use error::render_error;
pub mod paint;
pub use format::OutputFormat;

use crate::error::{Error, ExitStatus};
use std::io::{IsTerminal, Write};
use std::sync::{Arc, Mutex};

/// Whether to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

type Sink = Box<dyn Write + Send>;

/// Writes data and messages; cheap to share by reference across a command.
pub struct Printer {
    out: Mutex<Sink>,
    err: Mutex<Sink>,
    color: bool,
    verbosity: i8,
    stderr_terminal: bool,
    stdin_terminal: bool,
    stdout_terminal: bool,
}

/// What a captured printer wrote, for tests.
#[derive(Clone, Default)]
pub struct Captured {
    pub out: Arc<Mutex<Vec<u8>>>,
    pub err: Arc<Mutex<Vec<u8>>>,
}

impl Captured {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.lock().expect("poisoned")).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.err.lock().expect("poisoned")).into_owned()
    }
}

struct SharedBuf(Arc<Mutex<Vec<u8>>>);

impl Write for SharedBuf {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("poisoned").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Printer {
    /// A printer on the process's stdout/stderr.
    pub fn from_env(color: ColorChoice) -> Self {
        let stderr_terminal = std::io::stderr().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => !no_color && stderr_terminal && std::io::stdout().is_terminal(),
        };
        Printer {
            out: Mutex::new(Box::new(std::io::stdout())),
            err: Mutex::new(Box::new(std::io::stderr())),
            color,
            verbosity: 0,
            stderr_terminal,
            stdin_terminal: std::io::stdin().is_terminal(),
            stdout_terminal: std::io::stdout().is_terminal(),
        }
    }

    /// A printer that records everything, with no colour and no terminal.
    pub fn capture() -> (Self, Captured) {
        let captured = Captured::default();
        let printer = Printer {
            out: Mutex::new(Box::new(SharedBuf(captured.out.clone()))),
            err: Mutex::new(Box::new(SharedBuf(captured.err.clone()))),
            color: false,
            verbosity: 0,
            stderr_terminal: false,
            stdin_terminal: false,
            stdout_terminal: false,
        };
        (printer, captured)
    }

    pub fn with_verbosity(mut self, verbosity: i8) -> Self {
        self.verbosity = verbosity;
        self
    }

    pub fn color(&self) -> bool {
        self.color
    }

    /// Progress bars and live redraws only make sense on a terminal.
    pub fn stderr_is_terminal(&self) -> bool {
        self.stderr_terminal
    }

    /// Whether data goes to a terminal (`--watch` redraws in place only there).
    pub fn stdout_is_terminal(&self) -> bool {
        self.stdout_terminal
    }

    /// Replaces the terminal's content with `text` (a live view such as `--watch`).
    pub fn redraw(&self, text: &str) -> crate::Result<()> {
        self.data(&format!("\x1b[H\x1b[2J{text}"))
    }

    /// Prompts are allowed only when a person can answer them.
    pub fn can_prompt(&self) -> bool {
        self.stdin_terminal && self.stderr_terminal
    }

    /// Writes data to stdout exactly as given.
    pub fn data(&self, text: &str) -> crate::Result<()> {
        let mut out = self.out.lock().expect("stdout lock poisoned");
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| Error::io("cannot write to stdout", e))
    }

    /// A status message for people, on stderr; hidden with `-q`.
    pub fn info(&self, text: &str) {
        if self.verbosity >= 0 {
            self.line_to_stderr(text);
        }
    }

    /// Extra detail shown with `-v` (resolved queries, requests).
    pub fn verbose(&self, text: &str) {
        if self.verbosity > 0 {
            self.line_to_stderr(text);
        }
    }

    pub fn warn(&self, text: &str) {
        let label = paint::label(self.color, paint::Label::Warning);
        self.line_to_stderr(&format!("{label} {text}"));
    }

    /// Prints `err` to stderr and returns the exit status it stands for.
    pub fn report(&self, err: &Error) -> ExitStatus {
        if err.kind() != crate::ErrorKind::BrokenPipe {
            let mut sink = self.err.lock().expect("stderr lock poisoned");
            let text = paint::error_text(self.color, &render_error(err));
            let _ = sink.write_all(text.as_bytes());
            let _ = sink.flush();
        }
        ExitStatus::from(err.kind())
    }

    fn line_to_stderr(&self, text: &str) {
        let mut sink = self.err.lock().expect("stderr lock poisoned");
        let _ = writeln!(sink, "{text}");
    }
}

/// Prints a command-line parsing error (or `--help`/`--version`) the way clap formats
/// it and returns its exit status: 0 for help and version, 2 for usage errors.
pub fn clap_error(err: &clap::Error) -> ExitStatus {
    let _ = err.print();
    if err.use_stderr() {
        ExitStatus::Usage
    } else {
        ExitStatus::Success
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_hides_info_but_not_warnings() {
        let (printer, captured) = Printer::capture();
        let printer = printer.with_verbosity(-1);
        printer.info("hidden");
        printer.warn("shown");
        assert_eq!(captured.stderr(), "warning: shown\n");
    }

    #[test]
    fn report_returns_the_kind_exit_status() {
        let (printer, captured) = Printer::capture();
        let status = printer.report(&Error::usage("bad flag"));
        assert_eq!(status, ExitStatus::Usage);
        assert_eq!(captured.stderr(), "error: bad flag\n");
    }
}
