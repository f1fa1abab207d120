//! `meshctl templates …` (being built).

use super::Ctx;
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Subcommand)]
pub enum Command {}

pub async fn run(_ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    match *cmd {}
}
