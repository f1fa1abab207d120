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
    let mut script = without_hidden(&String::from_utf8_lossy(&buf));
    if shell == Shell::Bash {
        // Names from the cluster for positional arguments (`meshctl __complete`).
        script.push_str(super::complete::BASH_DYNAMIC);
    }
    script
}

/// The script without `__complete` among the offered words: clap_complete offers
/// hidden subcommands, but that one is for the scripts, not for people. Its own
/// sections stay (they are never reached by what is offered).
fn without_hidden(script: &str) -> String {
    const HIDDEN: &str = "__complete";
    let offers = |line: &str| {
        line.contains(&format!("'{HIDDEN}:"))
            || line.contains(&format!("-a \"{HIDDEN}\""))
            || line.contains(&format!("[CompletionResult]::new('{HIDDEN}'"))
            || line.trim_start().starts_with(&format!("cand {HIDDEN} "))
    };
    let mut out = String::with_capacity(script.len());
    for line in script.lines().filter(|l| !offers(l)) {
        // bash lists the words of a command on one `opts="…"` line.
        if line.trim_start().starts_with("opts=\"") {
            out.push_str(&line.replace(&format!(" {HIDDEN} "), " "));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    ctx.printer.data(&script(args.shell))?;
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_shell_is_offered_the_hidden_complete_command() {
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::PowerShell,
            Shell::Elvish,
        ] {
            let script = script(shell);
            let offered = script.lines().filter(|l| {
                l.contains("__complete")
                    && (l.contains("opts=\"")
                        || l.contains("'__complete:")
                        || l.contains("-a \"__complete\"")
                        || l.contains("::new('__complete'")
                        || l.trim_start().starts_with("cand __complete"))
            });
            assert_eq!(offered.count(), 0, "{shell:?} offers `__complete`");
            // The other commands are still offered.
            assert!(script.contains("completion"), "{shell:?}");
        }
    }
}
