//! `meshctl templates list|show|export`: see which templates a render uses (built-in
//! or overridden by `--templates DIR`), read one, or copy the built-ins out as a
//! starting point for overrides.
//!
//! [`load`] is also where `render` gets its templates: this layer reads the override
//! files and hands their text to the pure core.

use super::Ctx;
use crate::cli::flags::OutputArgs;
use crate::core::render::TemplateList;
use crate::core::render::{Origin, TemplateSet};
use crate::{Error, ErrorKind, ExitStatus, Result};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
#[command(after_help = "\
Examples:
  # Which templates render uses, and where each comes from
  meshctl --templates ./my-templates templates list

  # Start your own templates from the built-in ones
  meshctl templates export ./my-templates
  meshctl --templates ./my-templates render service -f reviews.yaml")]
pub enum Command {
    /// List the templates and where each comes from
    #[command(after_help = "\
Examples:
  meshctl templates list
  meshctl --templates ./my-templates templates list")]
    List(ListArgs),
    /// Print a template as `render` would use it
    #[command(after_help = "\
Examples:
  meshctl templates show virtualservice.yaml.j2
  meshctl templates show virtualservice")]
    Show(ShowArgs),
    /// Write the built-in templates into a directory, to edit and use with `--templates`
    #[command(after_help = "\
Examples:
  meshctl templates export ./my-templates
  meshctl --templates ./my-templates render service -f reviews.yaml")]
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Template file name, or its kind (`virtualservice`)
    #[arg(value_name = "NAME")]
    pub name: String,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Directory to write into (created if missing)
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,

    /// Overwrite templates already in DIR
    #[arg(long)]
    pub force: bool,
}

pub async fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    match cmd {
        Command::List(args) => list(ctx, args),
        Command::Show(args) => show(ctx, args),
        Command::Export(args) => export(ctx, args),
    }
}

/// The built-in templates with the overrides found in `--templates DIR` applied.
pub fn load(ctx: &Ctx) -> Result<TemplateSet> {
    let mut set = TemplateSet::builtin();
    let Some(dir) = &ctx.settings.templates_dir else {
        return Ok(set);
    };
    if !dir.is_dir() {
        return Err(Error::config(format!(
            "templates directory `{}` does not exist",
            dir.display()
        ))
        .with_hint("pass an existing directory to `--templates` (or `MESHCTL_TEMPLATES`); `meshctl templates export DIR` creates one"));
    }
    for name in TemplateSet::names() {
        let path = dir.join(name);
        match std::fs::read_to_string(&path) {
            Ok(source) => set.set_override(name, source, path.display().to_string())?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(Error::io(
                    format!("cannot read template `{}`", path.display()),
                    e,
                ));
            }
        }
    }
    warn_about_strays(ctx, dir);
    Ok(set)
}

/// A file that looks like a template but matches no name is probably a typo.
fn warn_about_strays(ctx: &Ctx, dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut strays: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".j2") && !TemplateSet::names().any(|t| t == n))
        .collect();
    strays.sort();
    for name in strays {
        let names: Vec<&str> = TemplateSet::names().collect();
        ctx.printer.warn(&format!(
            "ignoring `{}`: not a template name ({})",
            dir.join(&name).display(),
            names.join(", ")
        ));
    }
}

fn list(ctx: &Ctx, args: &ListArgs) -> Result<ExitStatus> {
    let set = load(ctx)?;
    ctx.printer
        .show_as(&TemplateList::of(set.iter()), &args.output)?;
    Ok(ExitStatus::Success)
}

fn show(ctx: &Ctx, args: &ShowArgs) -> Result<ExitStatus> {
    let set = load(ctx)?;
    let wanted = args.name.to_lowercase();
    let found = set
        .get(&args.name)
        .or_else(|| set.get(&format!("{wanted}.yaml.j2")))
        .or_else(|| set.iter().find(|t| t.kind.lower() == wanted));
    let Some(template) = found else {
        let names: Vec<String> = TemplateSet::names().map(|n| format!("`{n}`")).collect();
        return Err(
            Error::not_found(format!("there is no template `{}`", args.name))
                .with_hint(format!("templates are {}", names.join(", "))),
        );
    };
    if let Origin::Override(path) = &template.origin {
        ctx.printer.info(&format!("# from {path}"));
    }
    ctx.printer.data(&template.source)?;
    Ok(ExitStatus::Success)
}

fn export(ctx: &Ctx, args: &ExportArgs) -> Result<ExitStatus> {
    let builtin = TemplateSet::builtin();
    let targets: Vec<(PathBuf, &str)> = builtin
        .iter()
        .map(|t| (args.dir.join(t.name), t.source.as_str()))
        .collect();
    if !args.force {
        let existing: Vec<String> = targets
            .iter()
            .filter(|(p, _)| p.exists())
            .map(|(p, _)| format!("`{}`", p.display()))
            .collect();
        if !existing.is_empty() {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!(
                    "not overwriting {} existing template{}",
                    existing.len(),
                    if existing.len() == 1 { "" } else { "s" }
                ),
            )
            .with_details(existing)
            .with_hint("pass `--force` to overwrite them, or export into another directory"));
        }
    }
    std::fs::create_dir_all(&args.dir).map_err(|e| {
        Error::io(
            format!("cannot create directory `{}`", args.dir.display()),
            e,
        )
    })?;
    for (path, source) in &targets {
        std::fs::write(path, source)
            .map_err(|e| Error::io(format!("cannot write `{}`", path.display()), e))?;
        ctx.printer.info(&format!("wrote {}", path.display()));
    }
    Ok(ExitStatus::Success)
}
