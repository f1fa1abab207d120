//! Every command line the README and `docs/` show must parse: a reader copies them, so a
//! renamed command or a flag that never existed is a bug in the docs. Each `meshctl …`
//! in a code block (also after `|`, `&&` or a YAML `run:`) is split as a shell would
//! and given to clap's `try_get_matches_from` on the real [`Cli`](super::Cli) command;
//! nothing runs.

use clap::CommandFactory;
use std::path::Path;

/// Words of a shell command, quotes removed; stops at a comment.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '#') if !in_word => break,
            (None, c) if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        out.push(word);
    }
    out
}

/// The `meshctl` command lines in the code blocks of a Markdown text, with the line
/// they start on; continuation lines (`\`) joined.
fn command_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_code = false;
    let mut pending: Option<(usize, String)> = None;
    for (i, raw) in text.lines().enumerate() {
        if raw.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            continue;
        }
        let line = raw.trim();
        if let Some((at, mut acc)) = pending.take() {
            acc.push(' ');
            acc.push_str(line.trim_end_matches('\\'));
            if line.ends_with('\\') {
                pending = Some((at, acc));
            } else {
                out.push((at, acc));
            }
            continue;
        }
        let line = line.strip_prefix("- run:").map(str::trim).unwrap_or(line);
        let line = line.strip_prefix("run:").map(str::trim).unwrap_or(line);
        let line = line.strip_prefix("$ ").unwrap_or(line);
        if !line.contains("meshctl ") {
            continue;
        }
        if line.ends_with('\\') {
            pending = Some((i + 1, line.trim_end_matches('\\').to_string()));
        } else {
            out.push((i + 1, line.to_string()));
        }
    }
    out
}

/// The `meshctl` invocations of one shell line (split at pipes, `&&`, `;`, `<(`).
fn invocations(line: &str) -> Vec<Vec<String>> {
    let line = line.replace("<(", " | ").replace(')', " ");
    let mut out = Vec::new();
    for part in line.split(['|', ';']).flat_map(|p| p.split("&&")) {
        let mut w = words(part);
        // Redirections end the command.
        if let Some(at) = w
            .iter()
            .position(|x| x.starts_with('>') || x.starts_with('<'))
        {
            w.truncate(at);
        }
        if w.first().map(String::as_str) == Some("meshctl") {
            out.push(w);
        }
    }
    out
}

fn doc_files() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<_> = std::fs::read_dir(root.join("docs"))
        .expect("docs/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

#[test]
fn every_command_in_the_readme_and_docs_parses() {
    let mut bad = Vec::new();
    let mut seen = 0;
    for file in doc_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        for (line, cmd) in command_lines(&text) {
            for argv in invocations(&cmd) {
                seen += 1;
                if let Err(e) = super::Cli::command().try_get_matches_from(&argv) {
                    if matches!(
                        e.kind(),
                        clap::error::ErrorKind::DisplayHelp
                            | clap::error::ErrorKind::DisplayVersion
                    ) {
                        continue;
                    }
                    let first = e.to_string().lines().next().unwrap_or_default().to_string();
                    bad.push(format!("{name}:{line}: `{}`: {first}", argv.join(" ")));
                }
            }
        }
    }
    assert!(seen > 50, "only {seen} commands found: is the scan broken?");
    assert!(
        bad.is_empty(),
        "{} command lines do not parse:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn lines_split_as_a_shell_would() {
    assert_eq!(
        invocations("meshctl render x --route v1=90 | meshctl validate -f - # note"),
        [
            vec!["meshctl", "render", "x", "--route", "v1=90"],
            vec!["meshctl", "validate", "-f", "-"]
        ]
    );
    assert_eq!(
        invocations(r#"source <(meshctl completion bash)"#),
        [vec!["meshctl", "completion", "bash"]]
    );
    assert_eq!(
        words(r#"meshctl x --reason "latency regression" --y='a b'"#),
        ["meshctl", "x", "--reason", "latency regression", "--y=a b"]
    );
    let md = "text `meshctl nope`\n```sh\nmeshctl a \\\n  --b 1\n```\n";
    let found = command_lines(md);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, 3);
    assert_eq!(words(&found[0].1), ["meshctl", "a", "--b", "1"]);
}

/// Every long flag of every command.
fn all_long_flags(cmd: &clap::Command, out: &mut std::collections::BTreeSet<String>) {
    for arg in cmd.get_arguments() {
        if let Some(long) = arg.get_long() {
            out.insert(long.to_string());
        }
        for alias in arg.get_all_aliases().unwrap_or_default() {
            out.insert(alias.to_string());
        }
    }
    for sub in cmd.get_subcommands() {
        all_long_flags(sub, out);
    }
}

/// The flags written alone in prose: inline code that starts with `--` (`--window 30s`).
fn prose_flags(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_code = false;
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        for (n, span) in line.split('`').enumerate() {
            if n % 2 == 1
                && let Some(flag) = span.strip_prefix("--")
            {
                let name: String = flag
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if !name.is_empty() {
                    out.push((i + 1, name));
                }
            }
        }
    }
    out
}

#[test]
fn every_flag_named_in_the_readme_and_docs_exists() {
    // clap adds `--help` and `--version` to every command when it builds them.
    let mut flags: std::collections::BTreeSet<String> =
        ["help", "version"].into_iter().map(String::from).collect();
    all_long_flags(&super::Cli::command(), &mut flags);
    let mut bad = Vec::new();
    for file in doc_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        for (line, flag) in prose_flags(&text) {
            if !flags.contains(&flag) {
                bad.push(format!("{name}:{line}: `--{flag}`"));
            }
        }
    }
    assert!(bad.is_empty(), "flags no command has:\n{}", bad.join("\n"));
}

#[test]
fn the_commands_hints_name_exist() {
    use crate::core::duration::Duration;
    use crate::core::rollout::{BlueGreen, RolloutSpec, Split, Steps, command_for};
    let split = Split::subsets("v1", "v2");
    let canary = RolloutSpec::canary(
        "reviews",
        split.clone(),
        Steps::parse("50").unwrap(),
        Duration::from_secs(1),
    );
    let bluegreen = RolloutSpec::blue_green(
        "reviews",
        split,
        serde_json::from_value::<BlueGreen>(serde_json::json!({})).unwrap(),
        Duration::from_secs(1),
    );
    for spec in [&canary, &bluegreen] {
        for verb in [
            "start", "status", "resume", "promote", "rollback", "step", "retry",
        ] {
            let line = format!("{} reviews", command_for(spec, verb));
            let argv = words(&line);
            if let Err(e) = super::Cli::command().try_get_matches_from(&argv) {
                assert_eq!(
                    e.kind(),
                    clap::error::ErrorKind::MissingRequiredArgument,
                    "`{line}`: {e}"
                );
            }
        }
    }
}
