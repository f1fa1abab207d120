//! SIGINT and SIGTERM for the commands that drive a rollout. They listen before their
//! first write, so a signal that lands during the start write is not lost (nor kills
//! the process with the lock held): the foreground driver then pauses the rollout and
//! `canary step` releases its lock. The exit code is the shell's for the signal — 130
//! for SIGINT, 143 for SIGTERM — so a CI runner sees that it was stopped, not that the
//! rollout was judged.
//!
//! Listening replaces the default action (the process dying on the spot), so only the
//! commands that wait on [`next`] call [`listen`].

use crate::{Error, ErrorKind, Result};
use std::sync::OnceLock;
use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::Mutex;

/// The signal that stopped a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Interrupt,
    Terminate,
}

impl Stop {
    pub fn name(self) -> &'static str {
        match self {
            Stop::Interrupt => "SIGINT",
            Stop::Terminate => "SIGTERM",
        }
    }

    /// The error kind whose exit code is the shell's for this signal.
    pub fn kind(self) -> ErrorKind {
        match self {
            Stop::Interrupt => ErrorKind::Interrupted,
            Stop::Terminate => ErrorKind::Terminated,
        }
    }
}

struct Listeners {
    interrupt: Mutex<Signal>,
    terminate: Mutex<Signal>,
}

static LISTENERS: OnceLock<Listeners> = OnceLock::new();

/// Starts listening for SIGINT and SIGTERM (once per process; later calls do nothing).
/// A signal received from now on is kept until [`next`] takes it.
pub fn listen() -> Result<()> {
    if LISTENERS.get().is_some() {
        return Ok(());
    }
    let install =
        |kind| signal(kind).map_err(|e| Error::internal(format!("cannot listen for signals: {e}")));
    let listeners = Listeners {
        interrupt: Mutex::new(install(SignalKind::interrupt())?),
        terminate: Mutex::new(install(SignalKind::terminate())?),
    };
    let _ = LISTENERS.set(listeners);
    Ok(())
}

/// The next SIGINT or SIGTERM (listening first, if nobody did).
pub async fn next() -> Stop {
    if listen().is_err() {
        return std::future::pending().await;
    }
    let l = LISTENERS.get().expect("listening");
    let (mut interrupt, mut terminate) = (l.interrupt.lock().await, l.terminate.lock().await);
    tokio::select! {
        _ = interrupt.recv() => Stop::Interrupt,
        _ = terminate.recv() => Stop::Terminate,
    }
}
