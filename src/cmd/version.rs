//! `meshctl version`: the client version, plainly or as JSON for scripts.

use super::Ctx;
use crate::cli::flags::OutputArgs;
use crate::core::view::{Document, View};
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # The version as JSON, for scripts
  meshctl version -o json")]
pub struct Args {
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The version: `meshctl X.Y.Z` for people, `{clientVersion: {version}}` for scripts.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct VersionView {
    client_version: Client,
}

#[derive(serde::Serialize)]
struct Client {
    version: &'static str,
}

impl View for VersionView {
    fn document(&self) -> Document {
        Document::new().line(format!("meshctl {}", self.client_version.version))
    }
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let view = VersionView {
        client_version: Client {
            version: env!("CARGO_PKG_VERSION"),
        },
    };
    ctx.printer.show_as(&view, &args.output)?;
    Ok(ExitStatus::Success)
}
