//! One module per command, all with the same shape:
//! `async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus>`.

pub mod analyze;
pub mod apply;
pub mod bluegreen;
pub mod canary;
pub mod complete;
pub mod completion;
mod ctx;
pub mod delete;
pub mod demo;
pub mod diff;
pub mod egress;
pub mod fault;
pub mod gateway;
pub mod lane;
pub mod local;
mod manifests;
pub mod metrics;
pub mod policy;
pub mod render;
pub(crate) mod rendered;
pub mod rollout;
pub mod status;
pub mod templates;
#[cfg(test)]
pub(crate) mod testing;
pub mod validate;
pub mod version;

pub use ctx::{Ctx, Metrics, Settings, SourceArgs, prometheus_token};

use crate::cli::Command;
use crate::{ExitStatus, Result};

pub async fn dispatch(ctx: &Ctx, command: &Command) -> Result<ExitStatus> {
    match command {
        Command::Render(cmd) => render::run(ctx, cmd).await,
        Command::Apply(args) => apply::run(ctx, args).await,
        Command::Diff(args) => diff::run(ctx, args).await,
        Command::Delete(args) => delete::run(ctx, args).await,
        Command::Gateway(cmd) => gateway::run(ctx, cmd).await,
        Command::Canary(cmd) => canary::run(ctx, cmd).await,
        Command::Bluegreen(cmd) => bluegreen::run(ctx, cmd).await,
        Command::Policy(cmd) => policy::run(ctx, cmd).await,
        Command::Fault(cmd) => fault::run(ctx, cmd).await,
        Command::Egress(cmd) => egress::run(ctx, cmd).await,
        Command::Lane(cmd) => lane::run(ctx, cmd).await,
        Command::Validate(args) => validate::run(ctx, args).await,
        Command::Analyze(args) => analyze::run(ctx, args).await,
        Command::Status(args) => status::run(ctx, args).await,
        Command::Templates(cmd) => templates::run(ctx, cmd).await,
        Command::Local(cmd) => local::run(ctx, cmd).await,
        Command::Demo(cmd) => demo::run(ctx, cmd).await,
        Command::Metrics(args) => metrics::run(ctx, args).await,
        Command::Completion(args) => completion::run(ctx, args).await,
        Command::Complete(args) => complete::run(ctx, args).await,
        Command::Version(args) => version::run(ctx, args).await,
    }
}
