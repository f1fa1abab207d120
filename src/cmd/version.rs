//! `meshctl version`: the client version, plainly or as JSON for scripts.

use super::Ctx;
use crate::core::view::{Document, View};
use crate::output::OutputFormat;
use crate::{Error, ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # The version as JSON, for scripts
  meshctl version -o json")]
pub struct Args {
    /// Output format: json or yaml (default: plain text)
    #[arg(short = 'o', long, value_enum)]
    pub output: Option<OutputFormat>,
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
    let format = match args.output {
        None => OutputFormat::Table,
        Some(f @ (OutputFormat::Json | OutputFormat::Yaml)) => f,
        Some(other) => {
            return Err(Error::usage(format!(
                "`version` does not support `-o {}`",
                format!("{other:?}").to_lowercase()
            ))
            .with_hint("use `-o json` or `-o yaml`"));
        }
    };
    let view = VersionView {
        client_version: Client {
            version: env!("CARGO_PKG_VERSION"),
        },
    };
    ctx.printer.show(&view, format)?;
    Ok(ExitStatus::Success)
}
