//! `meshctl policy …`: the resilience settings of one service — timeouts and retries
//! on its VirtualService's HTTP routes; load balancing, connection pool, outlier
//! detection and TLS on its DestinationRule; with `--api gateway-api` the timeouts of
//! the HTTPRoute named like it (`gateway_api`).

pub mod edit;
pub mod gateway_api;
pub mod set;
pub mod show;

use super::Ctx;
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Set timeouts, retries, load balancing, circuit breaking or TLS of a service
    Set(set::Args),
    /// Show the resilience settings of a service
    Show(show::Args),
}

pub async fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    match cmd {
        Command::Set(args) => set::run(ctx, args).await,
        Command::Show(args) => show::run(ctx, args).await,
    }
}
