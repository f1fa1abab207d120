//! `meshctl completion SHELL`: prints the completion script generated from the same
//! clap definition as `--help`, so the two cannot drift (`completions/` holds copies,
//! checked by a test); bash, zsh and fish also get live names (`complete::scripts`).
//! `completion kubectl-plugin` prints the `kubectl_complete-mesh` script instead.

use super::Ctx;
use super::complete::scripts;
use crate::{ExitStatus, Result};
use clap_complete::Shell;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # Load completions in the current bash session
  source <(meshctl completion bash)

  # Install for zsh
  meshctl completion zsh > \"${fpath[1]}/_meshctl\"

  # Load in fish
  meshctl completion fish | source

  # Completion of `kubectl mesh …` (kubectl 1.26+): an executable on PATH
  meshctl completion kubectl-plugin > ~/.local/bin/kubectl_complete-mesh
  chmod +x ~/.local/bin/kubectl_complete-mesh")]
pub struct Args {
    /// The shell to generate for, or `kubectl-plugin` for kubectl's plugin completion
    #[arg(value_enum)]
    pub shell: Target,
}

/// What to generate for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    Bash,
    Zsh,
    Fish,
    #[value(name = "powershell")]
    PowerShell,
    Elvish,
    // The `kubectl_complete-mesh` executable kubectl runs for `kubectl mesh <TAB>`.
    KubectlPlugin,
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> String {
    let mut cmd = crate::cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "meshctl", &mut buf);
    let script = without_hidden(&String::from_utf8_lossy(&buf));
    // Names from the cluster (`meshctl __complete`).
    match shell {
        Shell::Bash => script + scripts::BASH,
        Shell::Zsh => scripts::zsh(&script),
        Shell::Fish => scripts::fish(&script, &crate::cli::command()),
        _ => script,
    }
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
    let text = match args.shell {
        Target::Bash => script(Shell::Bash),
        Target::Zsh => script(Shell::Zsh),
        Target::Fish => script(Shell::Fish),
        Target::PowerShell => script(Shell::PowerShell),
        Target::Elvish => script(Shell::Elvish),
        Target::KubectlPlugin => scripts::KUBECTL_PLUGIN.to_string(),
    };
    ctx.printer.data(&text)?;
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
