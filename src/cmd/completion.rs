//! `meshctl completion SHELL`: prints the completion script generated from the same
//! clap definition as `--help`, so the two cannot drift (`completions/` holds copies,
//! checked by a test).

use super::Ctx;
use crate::{ExitStatus, Result};
use clap_complete::Shell;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Load completions in the current bash session
  source <(meshctl completion bash)

  # Install for zsh
  meshctl completion zsh > \"${fpath[1]}/_meshctl\"")]
pub struct Args {
    /// The shell to generate for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> String {
    let mut cmd = crate::cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "meshctl", &mut buf);
    let mut script = String::from_utf8_lossy(&buf).into_owned();
    if shell == Shell::Bash {
        // Names from the cluster for positional arguments (`meshctl __complete`).
        script.push_str(super::complete::BASH_DYNAMIC);
    }
    script
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    ctx.printer.data(&script(args.shell))?;
    Ok(ExitStatus::Success)
}
