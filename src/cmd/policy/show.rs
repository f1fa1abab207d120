//! `meshctl policy show SERVICE`: the timeouts, retries and faults of the service's
//! HTTP routes and its DestinationRule's traffic policy.

use super::edit;
use crate::cmd::Ctx;
use crate::core::policy::summary;
use crate::core::view::Plain;
use crate::output::OutputFormat;
use crate::{Error, ExitStatus, Result};

/// `-o` values of `policy show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Yaml,
    Json,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Timeouts, retries, faults and traffic policy of `reviews`
  meshctl policy show reviews -n shop

  # The same for scripts
  meshctl policy show reviews -o json")]
pub struct Args {
    /// The service (its VirtualService / DestinationRule name or host)
    pub service: String,

    /// Output format
    #[arg(short = 'o', long, value_enum, default_value_t = Format::Yaml, value_name = "FORMAT")]
    pub output: Format,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let store = ctx.mesh_store().await?;
    let namespace = ctx.mesh_namespace().await?;
    let mut objects = Vec::new();
    for kind in ["VirtualService", "DestinationRule"] {
        let object = match edit::find(store, kind, &namespace, &args.service).await? {
            Some(target) => store.get(&target).await?,
            None => None,
        };
        objects.push(object);
    }
    if objects.iter().all(Option::is_none) {
        return Err(Error::not_found(format!(
            "no VirtualService or DestinationRule for `{}` in namespace `{namespace}`",
            args.service
        ))
        .with_hint("check the name and the namespace (`-n`)"));
    }
    let view = summary(objects[0].as_ref(), objects[1].as_ref());
    let format = match args.output {
        Format::Yaml => OutputFormat::Yaml,
        Format::Json => OutputFormat::Json,
    };
    ctx.printer.show(&Plain(view), format)?;
    Ok(ExitStatus::Success)
}
