//! `meshctl demo …`: small stand-ins for real workloads, so canaries, metrics and
//! rollouts can be tried (and tested) on one machine without a cluster.

pub mod backend;
pub mod bluegreen;
pub mod canary;
pub mod chain;
pub mod gateway_api;
pub mod lanes;
pub mod mesh;

use super::Ctx;
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Serve HTTP as one version of a service, with a chosen error rate and latency
    Backend(backend::Args),
    /// Run a whole canary on a throw-away local mesh with real Envoy and traffic
    Canary(canary::Args),
    /// Run a whole blue-green switch on a throw-away local mesh with real Envoy and traffic
    Bluegreen(bluegreen::Args),
    /// Show traffic lanes on a throw-away local mesh: chained backends, a lane, a lane shift
    Lanes(lanes::Args),
}

pub async fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    match cmd {
        Command::Backend(args) => backend::run(ctx, args).await,
        Command::Canary(args) => canary::run(ctx, args).await,
        Command::Bluegreen(args) => bluegreen::run(ctx, args).await,
        Command::Lanes(args) => lanes::run(ctx, args).await,
    }
}
