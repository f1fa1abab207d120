//! meshctl renders, applies and rolls out Istio traffic configuration.
//!
//! Layers (see ARCHITECTURE.md), each its own crate or module so imports go one way:
//! `cli` parses, `cmd` resolves settings and runs one command, `meshctl-core` (here
//! `core`) is pure (no I/O), `meshctl-adapters` (here `adapters`) talk to the world,
//! `output` is the only printer.

pub mod cli;
pub mod cmd;
pub mod error;
pub mod output;

/// The adapters, under the path the rest of the program (and its tests) name them by.
pub use meshctl_adapters as adapters;
/// The pure core, under the path the rest of the program (and its tests) name it by.
pub use meshctl_core as core;

pub use error::{Error, ErrorKind, ExitStatus, Result};

use std::ffi::OsString;

/// Parses `args`, runs the command and reports its outcome as an exit status.
pub async fn run<I, T>(args: I) -> ExitStatus
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match cli::parse(args) {
        Ok(cli) => cli,
        Err(err) => return output::clap_error(&err),
    };
    let ctx = match cmd::Ctx::from_cli(&cli) {
        Ok(ctx) => ctx,
        Err(err) => return output::Printer::from_env(output::ColorChoice::Auto).report(&err),
    };
    match cmd::dispatch(&ctx, &cli.command).await {
        Ok(status) => status,
        Err(err) => ctx.printer.report(&err),
    }
}
