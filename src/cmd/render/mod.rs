//! `meshctl render …`: turns a service's intent into Istio resources (being built).

use super::Ctx;
use crate::{Error, ExitStatus, Result};

#[derive(Debug, clap::Subcommand)]
pub enum Command {}

pub async fn run(_ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    match *cmd {}
}

#[allow(dead_code)]
fn unused() -> Error {
    Error::internal("")
}
