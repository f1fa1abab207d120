//! `meshctl egress …`: let workloads reach an external host — a ServiceEntry, and with
//! `--via-gateway` routed through the egress gateway — and list and revoke what
//! meshctl allowed.

pub mod allow;
pub mod list;
pub mod revoke;

use super::Ctx;
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Allow traffic to an external host (optionally through the egress gateway)
    Allow(allow::Args),
    /// List the external hosts meshctl allowed
    List(list::Args),
    /// Remove what `egress allow` created for a host
    Revoke(revoke::Args),
}

pub async fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    match cmd {
        Command::Allow(args) => allow::run(ctx, args).await,
        Command::List(args) => list::run(ctx, args).await,
        Command::Revoke(args) => revoke::run(ctx, args).await,
    }
}

/// The Istio kinds `egress allow` may create, in the order it creates them.
pub const KINDS: [&str; 4] = [
    "ServiceEntry",
    "Gateway",
    "DestinationRule",
    "VirtualService",
];
