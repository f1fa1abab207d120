//! `meshctl lane group delete NAME`: removes every object labelled with the group
//! (routes before the rules they use), after asking — or `--yes`.

use crate::cli::flags::DryRunArgs;
use crate::cmd::Ctx;
use crate::cmd::lane::objects;
use crate::core::store::ObjectRef;
use crate::output::prompt;
use crate::{Error, ExitStatus, Result};

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Delete lane group shop and all its lanes (asks first)
  meshctl lane group delete shop

  # In a script
  meshctl lane group delete shop --yes")]
pub struct Args {
    /// The group's name
    pub name: String,

    /// Delete without asking
    #[arg(long, short = 'y')]
    pub yes: bool,

    #[command(flatten)]
    pub dry_run: DryRunArgs,
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let store = ctx.mesh_store().await?;
    let namespace = ctx.mesh_namespace().await?;
    let owned = objects::owned(store, &namespace, &args.name).await?;
    let refs: Vec<ObjectRef> = owned.iter().filter_map(ObjectRef::of).collect();
    if refs.is_empty() {
        return Err(Error::not_found(format!(
            "no lane group `{}` in namespace `{namespace}`",
            args.name
        ))
        .with_hint("`meshctl lane list -A` shows the groups"));
    }
    if args.dry_run.writes() {
        let details: Vec<String> = refs.iter().map(ToString::to_string).collect();
        let question = format!(
            "Delete lane group `{}` ({} objects)? Lane traffic then takes the services' other routes",
            args.name,
            refs.len()
        );
        if !prompt::confirm(&ctx.printer, &question, &details, args.yes)? {
            return Err(Error::usage("not confirmed; nothing was deleted"));
        }
    }
    for r in &refs {
        let gone = if args.dry_run.writes() {
            store.delete(r).await?
        } else {
            store.delete_dry_run(r).await?
        };
        if gone {
            ctx.printer.data(&format!(
                "{}.{} \"{}\" deleted{}\n",
                r.kind.to_lowercase(),
                r.group,
                r.name,
                args.dry_run.suffix()
            ))?;
        }
    }
    Ok(ExitStatus::Success)
}
