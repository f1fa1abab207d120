//! `meshctl validate` (being built).

use super::Ctx;
use crate::{Error, ExitStatus, Result};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub async fn run(_ctx: &Ctx, _args: &Args) -> Result<ExitStatus> {
    Err(Error::internal("validate is being built"))
}
