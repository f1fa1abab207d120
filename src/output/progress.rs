//! How a running rollout tells people (and scripts) what it does. The driver reports
//! [`Progress`] events through the [`Reporter`] trait; which reporter is used is the
//! command's choice: a progress bar per stage on a terminal, plain timestamped lines
//! otherwise, JSON Lines on stdout with `-o json`, and a [`Recorder`] in tests.
#![allow(clippy::print_stderr)]

use super::Printer;
use indicatif::{ProgressBar, ProgressStyle};
use jiff::Timestamp;
use serde::Serialize;
use std::sync::Mutex;
use std::time::Duration as StdDuration;

/// One thing that happened while driving a rollout.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum Progress {
    /// The rollout entered a phase or stage (after the write that says so).
    #[serde(rename_all = "camelCase")]
    Transition {
        service: String,
        phase: String,
        stage: usize,
        stages: usize,
        weights: String,
        message: String,
    },
    /// A Kubernetes Event was recorded (reason such as `CanaryStep`).
    #[serde(rename_all = "camelCase")]
    Event {
        reason: String,
        message: String,
        warning: bool,
    },
    /// The stage is held (and judged) for `seconds` from now.
    #[serde(rename_all = "camelCase")]
    Holding {
        stage: usize,
        stages: usize,
        seconds: f64,
    },
    /// One analysis round and the figures it judged; `nextSeconds`: when the next
    /// verdict is due (the next round, not before the step's `--interval` is over),
    /// `None` when this round decided.
    #[serde(rename_all = "camelCase")]
    Round {
        stage: usize,
        outcome: String,
        metrics: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        next_seconds: Option<f64>,
    },
    /// A note for people (lock takeovers, how to resume).
    Note { message: String },
    /// The API server does not answer (`reachable: false`), or answers again after an
    /// outage; `downSeconds` so far, `leftSeconds` the driver keeps trying. Always also
    /// a line on stderr, whatever the format.
    #[serde(rename_all = "camelCase")]
    Outage {
        reachable: bool,
        message: String,
        down_seconds: f64,
        left_seconds: f64,
    },
}

/// Receives the events of a rollout as they happen.
pub trait Reporter: Send + Sync {
    fn report(&self, progress: &Progress);
    /// Called once when the driver stops, so a bar can be cleared.
    fn finish(&self) {}
}

/// Plain lines on stderr, each with an RFC 3339 timestamp (CI logs, pipes).
pub struct Lines<'a> {
    printer: &'a Printer,
}

impl<'a> Lines<'a> {
    pub fn new(printer: &'a Printer) -> Self {
        Lines { printer }
    }
}

/// The human text of an event; `None` for events only machines need.
pub fn describe(progress: &Progress) -> Option<String> {
    match progress {
        Progress::Transition {
            service,
            phase,
            stage,
            stages,
            weights,
            message,
        } => Some(format!(
            "{service}: {phase} at stage {}/{stages} ({weights}): {message}",
            stage + 1
        )),
        Progress::Event {
            reason,
            message,
            warning,
        } => Some(format!(
            "{}{reason}: {message}",
            if *warning { "warning: " } else { "" }
        )),
        Progress::Holding {
            stage,
            stages,
            seconds,
        } => Some(format!(
            "holding stage {}/{stages} for {}",
            stage + 1,
            crate::core::duration::Duration::from_millis((seconds * 1000.0) as u64)
        )),
        Progress::Round {
            stage,
            outcome,
            metrics,
            next_seconds,
        } => Some(format!(
            "stage {} analysis round: {outcome} ({metrics}){}",
            stage + 1,
            next_verdict(*next_seconds)
        )),
        Progress::Note { message } => Some(message.clone()),
        Progress::Outage { message, .. } => Some(message.clone()),
    }
}

/// `; next verdict in 4s`, or nothing when the round decided.
fn next_verdict(seconds: Option<f64>) -> String {
    seconds
        .map(|s| {
            format!(
                "; next verdict in {}",
                crate::core::duration::Duration::from_millis((s * 1000.0) as u64)
            )
        })
        .unwrap_or_default()
}

/// An outage line goes to stderr even with `-q` or `-o json`: a driver that seems to
/// hang must say why.
fn warn_outage(printer: &Printer, progress: &Progress) -> bool {
    match progress {
        Progress::Outage {
            reachable: false,
            message,
            ..
        } => {
            printer.warn(message);
            true
        }
        Progress::Outage { message, .. } => {
            printer.info(message);
            true
        }
        _ => false,
    }
}

impl Reporter for Lines<'_> {
    fn report(&self, progress: &Progress) {
        if warn_outage(self.printer, progress) {
            return;
        }
        if let Some(text) = describe(progress) {
            let now = Timestamp::now()
                .round(jiff::Unit::Second)
                .unwrap_or(Timestamp::now());
            self.printer.info(&format!("{now} {text}"));
        }
    }
}

/// JSON Lines on stdout: one object per event with its time, for scripts (`-o json`).
pub struct JsonLines<'a> {
    printer: &'a Printer,
}

impl<'a> JsonLines<'a> {
    pub fn new(printer: &'a Printer) -> Self {
        JsonLines { printer }
    }
}

impl Reporter for JsonLines<'_> {
    fn report(&self, progress: &Progress) {
        warn_outage(self.printer, progress);
        let mut value = serde_json::to_value(progress).unwrap_or_default();
        if let Some(obj) = value.as_object_mut() {
            obj.insert("at".into(), Timestamp::now().to_string().into());
        }
        // A closed stdout must not stop the rollout: the record still tells the truth.
        let _ = self.printer.data(&format!("{value}\n"));
    }
}

/// A progress bar per stage on a terminal, with the latest metrics as its message.
pub struct Bar {
    bar: Mutex<Option<ProgressBar>>,
}

impl Default for Bar {
    fn default() -> Self {
        Self::new()
    }
}

impl Bar {
    pub fn new() -> Self {
        Bar {
            bar: Mutex::new(None),
        }
    }

    fn println(&self, text: &str) {
        match &*self.bar.lock().expect("poisoned") {
            Some(bar) => bar.println(text),
            None => eprintln!("{text}"),
        }
    }
}

impl Reporter for Bar {
    fn report(&self, progress: &Progress) {
        match progress {
            Progress::Holding {
                stage,
                stages,
                seconds,
            } => {
                let mut slot = self.bar.lock().expect("poisoned");
                if let Some(old) = slot.take() {
                    old.finish_and_clear();
                }
                let millis = (seconds * 1000.0) as u64;
                let bar = ProgressBar::new(millis.max(1));
                bar.set_style(
                    ProgressStyle::with_template(
                        "{prefix} [{bar:30}] {elapsed}/{duration} {wide_msg}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
                );
                bar.set_prefix(format!("stage {}/{stages}", stage + 1));
                bar.enable_steady_tick(StdDuration::from_millis(200));
                // The bar fills with time; the analysis verdict ends it.
                let ticker = bar.clone();
                std::thread::spawn(move || {
                    let start = std::time::Instant::now();
                    while !ticker.is_finished() {
                        let done = start.elapsed().as_millis() as u64;
                        ticker.set_position(done.min(millis));
                        std::thread::sleep(StdDuration::from_millis(200));
                    }
                });
                *slot = Some(bar);
            }
            Progress::Round {
                metrics,
                next_seconds,
                ..
            } => {
                if let Some(bar) = &*self.bar.lock().expect("poisoned") {
                    bar.set_message(format!("{metrics}{}", next_verdict(*next_seconds)));
                }
            }
            Progress::Outage {
                reachable: false,
                message,
                ..
            } => self.println(&format!("warning: {message}")),
            other => {
                if let Some(text) = describe(other) {
                    self.println(&text);
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.lock().expect("poisoned").take() {
            bar.finish_and_clear();
        }
    }
}

/// Keeps every event, for tests.
#[derive(Default)]
pub struct Recorder {
    pub events: Mutex<Vec<Progress>>,
}

impl Recorder {
    pub fn events(&self) -> Vec<Progress> {
        self.events.lock().expect("poisoned").clone()
    }
}

impl Reporter for Recorder {
    fn report(&self, progress: &Progress) {
        self.events.lock().expect("poisoned").push(progress.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_are_one_object_per_event_with_a_time() {
        let (printer, captured) = Printer::capture();
        let r = JsonLines::new(&printer);
        r.report(&Progress::Event {
            reason: "CanaryStep".into(),
            message: "step 1/2".into(),
            warning: false,
        });
        r.report(&Progress::Note {
            message: "hi".into(),
        });
        let out = captured.stdout();
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0]["event"], "event");
        assert_eq!(lines[0]["reason"], "CanaryStep");
        assert!(lines[0]["at"].as_str().unwrap().ends_with('Z'));
        assert_eq!(lines[1]["event"], "note");
    }

    #[test]
    fn an_outage_is_a_warning_on_stderr_in_every_format() {
        let outage = Progress::Outage {
            reachable: false,
            message: "the API server is unreachable".into(),
            down_seconds: 3.0,
            left_seconds: 297.0,
        };
        let (printer, captured) = Printer::capture();
        let printer = printer.with_verbosity(-1);
        JsonLines::new(&printer).report(&outage);
        Lines::new(&printer).report(&outage);
        assert_eq!(
            captured.stderr(),
            "warning: the API server is unreachable\nwarning: the API server is unreachable\n"
        );
        let line: serde_json::Value = serde_json::from_str(captured.stdout().trim()).unwrap();
        assert_eq!(line["event"], "outage");
        assert_eq!(line["downSeconds"], 3.0);
    }

    #[test]
    fn plain_lines_are_timestamped_and_name_the_stage() {
        let (printer, captured) = Printer::capture();
        Lines::new(&printer).report(&Progress::Transition {
            service: "reviews".into(),
            phase: "Progressing".into(),
            stage: 0,
            stages: 2,
            weights: "`v1` 90%, `v2` 10%".into(),
            message: "started".into(),
        });
        let err = captured.stderr();
        let (time, rest) = err.split_once(' ').unwrap();
        assert!(time.parse::<Timestamp>().is_ok(), "{time}");
        assert_eq!(
            rest,
            "reviews: Progressing at stage 1/2 (`v1` 90%, `v2` 10%): started\n"
        );
    }
}
