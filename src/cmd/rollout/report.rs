//! The rollout report (`canary report`, `bluegreen report`, and `--report FILE` on
//! `canary start` / `bluegreen switch`): the core renders the record as one HTML page
//! (`core::report`); this reads the record through the mesh store and writes the page
//! to a file or stdout. See `docs/report.md`.

use crate::cmd::Ctx;
use crate::cmd::rollout::{self, Driver};
use crate::core::rollout::RolloutRecord;
use crate::{Error, ExitStatus, Result};
use std::path::{Path, PathBuf};

/// `--report FILE` of the commands that drive a rollout to its end.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Report")]
pub struct ReportArgs {
    /// When the rollout ends (whatever the end), write its report (one HTML file, see
    /// docs/report.md) to FILE; `-` for stdout
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

/// `canary report SERVICE` / `bluegreen report SERVICE`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # The report of the last rollout of reviews, for a CI artifact
  meshctl canary report reviews --file rollout-report.html

  # On the local mesh, to stdout
  meshctl --target local canary report reviews > report.html")]
pub struct Args {
    /// The VirtualService of the rollout
    pub service: String,
    /// Where to write the HTML; `-` (the default) for stdout
    #[arg(long, value_name = "FILE", default_value = "-")]
    pub file: PathBuf,
}

/// The report of `rec` as the core renders it, made now.
fn page(ctx: &Ctx, rec: &RolloutRecord, namespace: &str) -> String {
    crate::core::report::render(rec, namespace, ctx.clock().now())
}

/// Writes `html` to `path` (`-`: stdout).
fn write(ctx: &Ctx, path: &Path, html: &str) -> Result<()> {
    if path == Path::new("-") {
        return ctx.printer.data(html);
    }
    std::fs::write(path, html).map_err(|err| {
        Error::io(
            format!("cannot write the report to `{}`", path.display()),
            err,
        )
        .with_hint("name a file in a directory that exists and you may write to")
    })
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let store = ctx.mesh_store().await?;
    let vs = rollout::vs_ref(ctx, &args.service).await?;
    let object = store.get(&vs).await?.ok_or_else(|| {
        Error::not_found(format!("{vs} not found")).with_hint("check the name and namespace (`-n`)")
    })?;
    let rec = rollout::driver::record_of(&object)?.ok_or_else(|| {
        Error::not_found(format!("{vs} has no rollout recorded")).with_hint(format!(
            "a report is made from a rollout's record: start one with `meshctl canary start {svc}` or `meshctl bluegreen switch {svc}`",
            svc = args.service
        ))
    })?;
    let namespace = vs.namespace.clone().unwrap_or_default();
    write(ctx, &args.file, &page(ctx, &rec, &namespace))?;
    if args.file != Path::new("-") {
        ctx.printer.info(&format!(
            "wrote the report of `{}` to {}",
            args.service,
            args.file.display()
        ));
    }
    Ok(ExitStatus::Success)
}

/// After a driven rollout ended (or its driver gave up): the report of the record as
/// it now stands, when `--report` asked for one. A report that cannot be written is a
/// warning: the rollout's own outcome decides the exit.
pub async fn after_drive(ctx: &Ctx, driver: &Driver<'_>, args: &ReportArgs) {
    let Some(path) = &args.report else {
        return;
    };
    let written = async {
        let (_, rec) = driver.record().await?;
        let namespace = driver.vs.namespace.clone().unwrap_or_default();
        write(ctx, path, &page(ctx, &rec, &namespace))
    }
    .await;
    match written {
        Ok(()) if path != Path::new("-") => ctx
            .printer
            .info(&format!("wrote the rollout report to {}", path.display())),
        Ok(()) => {}
        Err(err) => ctx.printer.warn(&format!(
            "could not write the rollout report: {}",
            err.message()
        )),
    }
}
