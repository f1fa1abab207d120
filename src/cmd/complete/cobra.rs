//! `__complete --cobra`: the answer in the format of cobra's hidden `__complete`
//! command, which kubectl expects from a plugin's `kubectl_complete-NAME` executable —
//! one candidate per line, then `:DIRECTIVE` (a bit set: 4 = no file completion, 0 =
//! let the shell complete files). kubectl completes nothing of a plugin itself, so the
//! answer also carries the static words: subcommands and flags from the clap tree.

use super::Request;

/// The shell may not fall back to file names.
const NO_FILE_COMP: u8 = 4;
/// The shell's default: files when nothing is offered.
const DEFAULT: u8 = 0;

/// The candidates that start with `current`, and the directive line.
pub fn answer(root: &clap::Command, req: &Request, current: &str, names: Vec<String>) -> String {
    let (words, directive) = candidates(root, req, current, names);
    let mut out: String = words
        .into_iter()
        .filter(|w| w.starts_with(current))
        .map(|w| format!("{w}\n"))
        .collect();
    out.push_str(&format!(":{directive}\n"));
    out
}

fn candidates(
    root: &clap::Command,
    req: &Request,
    current: &str,
    names: Vec<String>,
) -> (Vec<String>, u8) {
    if !names.is_empty() {
        return (names, NO_FILE_COMP);
    }
    let mut cmd = root;
    for word in &req.path {
        match cmd.find_subcommand(word) {
            Some(sub) => cmd = sub,
            None => break,
        }
    }
    if current.starts_with('-') && !req.flag_value {
        let mut flags: Vec<String> = [cmd, root]
            .into_iter()
            .flat_map(|c| c.get_arguments())
            .filter(|a| !a.is_hide_set())
            .filter_map(|a| a.get_long().map(|l| format!("--{l}")))
            .collect();
        flags.sort();
        flags.dedup();
        return (flags, NO_FILE_COMP);
    }
    if req.kind.is_some() {
        // A name, but the cluster gave none: nothing, rather than file names.
        return (Vec::new(), NO_FILE_COMP);
    }
    if req.flag_value {
        // A value meshctl cannot name (a file, a duration): the shell's own completion.
        return (Vec::new(), DEFAULT);
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| s.get_name().to_string())
        .collect();
    if subs.is_empty() {
        (subs, DEFAULT)
    } else {
        (subs, NO_FILE_COMP)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> clap::Command {
        clap::Command::new("meshctl")
            .arg(clap::Arg::new("kubeconfig").long("kubeconfig").global(true))
            .subcommand(
                clap::Command::new("policy").subcommand(
                    clap::Command::new("set")
                        .arg(clap::Arg::new("service"))
                        .arg(clap::Arg::new("timeout").long("timeout")),
                ),
            )
            .subcommand(clap::Command::new("hidden").hide(true))
    }

    fn ask(words: &str, current: &str, names: &[&str]) -> String {
        let typed: Vec<String> = words.split_whitespace().map(str::to_string).collect();
        let req = super::super::request_in(&root(), &typed);
        let names = names.iter().map(|n| n.to_string()).collect();
        answer(&root(), &req, current, names)
    }

    #[test]
    fn names_then_subcommands_then_flags_each_with_a_directive() {
        assert_eq!(
            ask("policy set", "r", &["ratings", "reviews", "x"]),
            "ratings\nreviews\n:4\n"
        );
        // A name was wanted but none came: nothing, and no file names either.
        assert_eq!(ask("policy set", "", &[]), ":4\n");
        assert_eq!(ask("", "p", &[]), "policy\n:4\n");
        assert_eq!(ask("", "", &[]), "policy\n:4\n");
        assert_eq!(
            ask("policy set", "--", &[]),
            "--kubeconfig\n--timeout\n:4\n"
        );
        // The value of a flag meshctl cannot name: the shell's files.
        assert_eq!(ask("policy set --timeout", "", &[]), ":0\n");
        assert_eq!(ask("policy set reviews", "", &[]), ":0\n");
    }
}
