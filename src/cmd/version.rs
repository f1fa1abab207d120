//! `meshctl version`: the client version, plainly or as JSON for scripts.

use super::Ctx;
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

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let version = env!("CARGO_PKG_VERSION");
    let value = serde_json::json!({ "clientVersion": { "version": version } });
    let text = match args.output {
        None => format!("meshctl {version}\n"),
        Some(OutputFormat::Json) => format!("{}\n", serde_json::to_string_pretty(&value)?),
        Some(OutputFormat::Yaml) => crate::core::yaml::to_yaml(&value),
        Some(other) => {
            return Err(Error::usage(format!(
                "`version` does not support `-o {}`",
                format!("{other:?}").to_lowercase()
            ))
            .with_hint("use `-o json` or `-o yaml`"));
        }
    };
    ctx.printer.data(&text)?;
    Ok(ExitStatus::Success)
}
