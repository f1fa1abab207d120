//! `meshctl gateway …`: an ingress in one command — a Gateway plus the VirtualService
//! that routes its hosts — and the list and delete that go with it.

pub mod create;
pub mod delete;
pub mod deploy;
pub mod list;
pub mod undeploy;

use super::Ctx;
use crate::{ExitStatus, Result};

/// The annotation on a VirtualService meshctl created for a gateway: the gateway's
/// name. `gateway delete` finds what to remove by it (and meshctl's managed-by label).
pub const GATEWAY_ANNOTATION: &str = "meshctl.io/gateway";

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create (or update) a Gateway and a VirtualService routing its hosts
    Create(create::Args),
    /// List Gateways with their ports, hosts, TLS and the VirtualServices bound to them
    List(list::Args),
    /// Delete a Gateway and the VirtualService meshctl created for it
    Delete(delete::Args),
    /// Deploy a gateway workload (Deployment and Service, or ASM's IstioGateway)
    Deploy(deploy::Args),
    /// Remove a gateway workload meshctl deployed
    Undeploy(undeploy::Args),
}

pub async fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    match cmd {
        Command::Create(args) => create::run(ctx, args).await,
        Command::List(args) => list::run(ctx, args).await,
        Command::Delete(args) => delete::run(ctx, args).await,
        Command::Deploy(args) => deploy::run(ctx, args).await,
        Command::Undeploy(args) => undeploy::run(ctx, args).await,
    }
}
