//! What `meshctl completion SHELL` adds to clap's static scripts so that every shell
//! offers the same live names: a wrapper per shell that asks `meshctl __complete` with
//! the words typed so far and, when it prints nothing, runs the static completion.
//! Also the `kubectl_complete-mesh` script kubectl runs for `kubectl mesh <TAB>`.
//! The wrappers are the only shell code meshctl writes; which words get names is
//! decided in Rust (`super::request`), once for every shell.

/// bash: `_meshctl_dynamic` is registered instead of clap's `_meshctl`.
pub const BASH: &str = r#"
# Names from the cluster (services, gateways, workloads, egress hosts, subsets) for
# positional arguments, namespaces for `-n`, kubeconfig contexts for `--context` and
# `--mesh-context` (`meshctl __complete`); the static completion above otherwise.
_meshctl_dynamic() {
    local cur="${COMP_WORDS[COMP_CWORD]}"
    if [[ "$cur" != -* ]]; then
        local names
        names=$("${COMP_WORDS[0]}" __complete -- "${COMP_WORDS[@]:1:COMP_CWORD-1}" 2>/dev/null)
        if [[ -n "$names" ]]; then
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$names" -- "$cur"))
            return 0
        fi
    fi
    _meshctl "$@"
}
complete -F _meshctl_dynamic -o bashdefault -o default meshctl
"#;

/// zsh: clap's `_meshctl` is renamed `_meshctl_static` ([`zsh`]) and this `_meshctl`
/// takes its place, so both `compdef` and the autoloaded file (fpath) reach it.
const ZSH: &str = r#"
# Names from the cluster (services, gateways, workloads, egress hosts, subsets) for
# positional arguments, namespaces for `-n`, kubeconfig contexts for `--context` and
# `--mesh-context` (`meshctl __complete`); the static completion above otherwise.
_meshctl() {
    if [[ "$PREFIX" != -* ]]; then
        local -a names
        names=(${(f)"$("${(Q)words[1]}" __complete -- "${(@Q)words[2,CURRENT-1]}" 2>/dev/null)"})
        if (( ${#names} )); then
            compadd -a names
            return 0
        fi
    fi
    _meshctl_static "$@"
}
"#;

/// fish: one more `complete` rule, whose condition asks for the names (once) and
/// whose candidates are them; when there are none the static rules apply alone. Inside
/// a subcommand fish completes an option's value only from that option's rules, so
/// [`fish`] adds one for the options whose values are names.
const FISH: &str = r#"
# Names from the cluster (services, gateways, workloads, egress hosts, subsets) for
# positional arguments, namespaces for `-n`, kubeconfig contexts for `--context` and
# `--mesh-context` (`meshctl __complete`); the static rules above otherwise.
function __fish_meshctl_dynamic
    set -g __fish_meshctl_names
    string match -q -- '-*' (commandline -ct); and return 1
    set -l words (commandline -opc)
    set -l program $words[1]
    set -e words[1]
    set -g __fish_meshctl_names ($program __complete -- $words 2>/dev/null)
    test (count $__fish_meshctl_names) -gt 0
end
complete -c meshctl -f -n __fish_meshctl_dynamic -a '$__fish_meshctl_names'
"#;

/// clap's fish script, the names rule, and the rule for the values of `-n`,
/// `--context`, `--mesh-context` and every `SUBSET` option of `root`.
pub fn fish(script: &str, root: &clap::Command) -> String {
    let mut longs = vec![
        "namespace".to_string(),
        "context".into(),
        "mesh-context".into(),
    ];
    subset_options(root, &mut longs);
    longs.sort();
    longs.dedup();
    let options: String = longs.iter().map(|l| format!(" -l {l}")).collect();
    format!(
        "{script}{FISH}complete -c meshctl -s n{options} -r -f -n __fish_meshctl_dynamic -a '$__fish_meshctl_names'\n"
    )
}

/// The long names of the options, anywhere under `cmd`, whose value is a `SUBSET`.
fn subset_options(cmd: &clap::Command, out: &mut Vec<String>) {
    for arg in cmd.get_arguments() {
        let subset = arg
            .get_value_names()
            .is_some_and(|names| names.iter().any(|n| n.as_str() == "SUBSET"));
        if let (true, Some(long)) = (subset, arg.get_long()) {
            out.push(long.to_string());
        }
    }
    for sub in cmd.get_subcommands() {
        subset_options(sub, out);
    }
}

/// The executable kubectl (1.26 and later) runs for `kubectl mesh <TAB>`, found on
/// PATH as `kubectl_complete-mesh`: it gets the words after `mesh`, the last one being
/// completed, and must answer as cobra's `__complete` does.
pub const KUBECTL_PLUGIN: &str = r#"#!/bin/sh
# kubectl runs this (as `kubectl_complete-mesh` on PATH) for `kubectl mesh <TAB>`,
# with the words after `mesh`; meshctl answers in cobra's `__complete` format.
# Install: meshctl completion kubectl-plugin > DIR/kubectl_complete-mesh
#          chmod +x DIR/kubectl_complete-mesh       (DIR on PATH)
if command -v meshctl >/dev/null 2>&1; then
    exec meshctl __complete --cobra -- "$@"
fi
exec kubectl-mesh __complete --cobra -- "$@"
"#;

/// clap's zsh script with its `_meshctl` renamed and the wrapper before the final
/// dispatch (which calls or registers `_meshctl`, now the wrapper).
pub fn zsh(script: &str) -> String {
    const DISPATCH: &str = "\nif [ \"$funcstack[1]\" = \"_meshctl\" ]; then";
    let renamed = script.replacen("\n_meshctl() {\n", "\n_meshctl_static() {\n", 1);
    match renamed.rfind(DISPATCH) {
        Some(at) => format!("{}{ZSH}{}", &renamed[..at], &renamed[at..]),
        None => format!("{renamed}{ZSH}"),
    }
}
