//! `meshctl __complete -- WORDS…` (hidden): the names the shell should offer for the
//! word after WORDS — services with VirtualServices, rollouts, gateways, gateway
//! workloads, egress hosts, and the subsets of a service for `SUBSET` flags — read from
//! the cluster the words point at; namespaces for `-n`; and the contexts of the
//! kubeconfig for `--context` and `--mesh-context`. The bash, zsh and fish scripts that
//! `meshctl completion SHELL` prints call it and fall back to the static completion when
//! it prints nothing. With `--cobra` it answers in the format of cobra's `__complete`
//! (what kubectl expects from a plugin's `kubectl_complete-NAME`), static words
//! included, since kubectl has no static completion of its own for a plugin.
//!
//! Completion must never hang a shell or print errors into it: the whole lookup is
//! bounded by [`TIMEOUT`] and any failure (no kubeconfig, unreachable or slow cluster,
//! forbidden list) prints nothing and exits 0.

mod cobra;
pub mod scripts;

use super::{Ctx, Settings};
use crate::cli::{KubeArgs, Target, command};
use crate::core::policy::egress::egress_host;
use crate::core::policy::workload::workload_of;
use crate::core::store::{ISTIO_NETWORKING, ListQuery};
use crate::output::Printer;
use crate::{ExitStatus, Result};
use serde_json::Value;
use std::path::PathBuf;
use std::time::Duration;

/// How long completion may take before it gives up silently.
pub const TIMEOUT: Duration = Duration::from_secs(1);

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  # What the shell asks for `meshctl policy set <TAB>`
  meshctl __complete -- -n shop policy set

  # What kubectl asks for `kubectl mesh policy set re<TAB>`
  meshctl __complete --cobra -- policy set re")]
pub struct Args {
    /// The last word is the one being completed: print the words that start with it,
    /// one per line, then `:DIRECTIVE` (cobra's `__complete` format, for kubectl)
    #[arg(long)]
    pub cobra: bool,
    /// The words typed before the one being completed (with `--cobra`, that one last),
    /// without the program name
    #[arg(last = true, value_name = "WORDS")]
    pub words: Vec<String>,
}

/// Which names a positional argument takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// VirtualService names and the short hosts they serve.
    Services,
    /// Gateway rules.
    Gateways,
    /// Gateway workloads meshctl deployed.
    Workloads,
    /// External hosts meshctl allowed.
    EgressHosts,
    /// VirtualServices with a rollout record.
    Rollouts,
    /// Namespaces of the workload cluster, for `-n`/`--namespace`.
    Namespaces,
    /// Subsets of the DestinationRules for the service named by the first positional,
    /// for any flag whose value is a `SUBSET` (e.g. `canary start reviews --canary`).
    Subsets,
    /// Contexts of the workload kubeconfig, for `--context`.
    Contexts,
    /// Contexts of the mesh kubeconfig, for `--mesh-context`.
    MeshContexts,
}

/// The command paths whose first positional argument is a name, and which.
const NAMED: &[(&[&str], NameKind)] = &[
    (&["policy", "set"], NameKind::Services),
    (&["policy", "show"], NameKind::Services),
    (&["fault", "inject"], NameKind::Services),
    (&["fault", "clear"], NameKind::Services),
    (&["fault", "show"], NameKind::Services),
    (&["gateway", "delete"], NameKind::Gateways),
    (&["gateway", "undeploy"], NameKind::Workloads),
    (&["egress", "revoke"], NameKind::EgressHosts),
    (&["metrics"], NameKind::Services),
    // Commands on other branches at the time of writing; an entry for a command that
    // does not exist never matches.
    (&["status"], NameKind::Services),
    (&["canary", "start"], NameKind::Services),
    (&["canary", "step"], NameKind::Rollouts),
    (&["canary", "pause"], NameKind::Rollouts),
    (&["canary", "resume"], NameKind::Rollouts),
    (&["canary", "promote"], NameKind::Rollouts),
    (&["canary", "rollback"], NameKind::Rollouts),
    (&["canary", "abort"], NameKind::Rollouts),
    (&["canary", "retry"], NameKind::Rollouts),
    (&["canary", "status"], NameKind::Rollouts),
    (&["bluegreen", "status"], NameKind::Services),
    (&["bluegreen", "deploy"], NameKind::Services),
    (&["bluegreen", "preview"], NameKind::Services),
    (&["bluegreen", "switch"], NameKind::Services),
    (&["bluegreen", "rollback"], NameKind::Services),
];

/// What the typed words say: which names to offer and where to look.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    pub kind: Option<NameKind>,
    /// The first positional argument (the service, for [`NameKind::Subsets`]).
    pub service: Option<String>,
    pub namespace: Option<String>,
    /// Cluster flags among the words (`--kubeconfig`, `--context`, `--mesh-…`).
    pub kube: KubeArgs,
    /// `--target` among the words.
    pub target: Option<Target>,
    /// `--local-dir` among the words.
    pub local_dir: Option<PathBuf>,
    /// The subcommands the words name, from the root.
    pub path: Vec<String>,
    /// The word being completed is the value of a flag.
    pub flag_value: bool,
}

/// Reads the typed words the way the CLI would: subcommands, flags (and whether they
/// take a value, from the clap definition) and positionals. Names are offered only for
/// the first positional of a command in [`NAMED`].
pub fn request(words: &[String]) -> Request {
    request_in(&command(), words)
}

/// [`request`] against any clap command tree.
pub fn request_in(root: &clap::Command, words: &[String]) -> Request {
    let mut cmd = root.clone();
    let mut path: Vec<String> = Vec::new();
    let mut positionals = 0;
    let mut pending: Option<String> = None;
    let mut pending_subset = false;
    let mut out = Request::default();
    for word in words {
        if let Some(flag) = pending.take() {
            pending_subset = false;
            apply(&flag, word.clone(), &mut out);
            continue;
        }
        let arg = if let Some(long) = word.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (long, None),
            };
            let found = [&cmd, root]
                .into_iter()
                .flat_map(|c| c.get_arguments())
                .find(|a| a.get_long() == Some(name));
            match (found, inline) {
                (Some(a), None) if a.get_action().takes_values() => {
                    pending_subset = a
                        .get_value_names()
                        .is_some_and(|names| names.iter().any(|n| n.as_str() == "SUBSET"));
                    Some(long_name(a))
                }
                (Some(a), Some(value)) => {
                    apply(&long_name(a), value.to_string(), &mut out);
                    None
                }
                _ => None,
            }
        } else if let Some(shorts) = word.strip_prefix('-').filter(|s| !s.is_empty()) {
            let first = shorts.chars().next();
            let found = [&cmd, root]
                .into_iter()
                .flat_map(|c| c.get_arguments())
                .find(|a| a.get_short() == first);
            match found {
                Some(a) if a.get_action().takes_values() && shorts.len() == 1 => Some(long_name(a)),
                Some(a) if a.get_action().takes_values() => {
                    apply(&long_name(a), shorts[1..].to_string(), &mut out);
                    None
                }
                _ => None,
            }
        } else if let Some(sub) = cmd.find_subcommand(word).cloned() {
            cmd = sub;
            path.push(word.clone());
            positionals = 0;
            None
        } else {
            if positionals == 0 {
                out.service = Some(word.clone());
            }
            positionals += 1;
            None
        };
        pending = arg;
    }
    out.path = path.clone();
    out.flag_value = pending.is_some();
    if pending.as_deref() == Some("namespace") {
        out.kind = Some(NameKind::Namespaces);
    } else if pending.as_deref() == Some("context") {
        out.kind = Some(NameKind::Contexts);
    } else if pending.as_deref() == Some("mesh-context") {
        out.kind = Some(NameKind::MeshContexts);
    } else if pending_subset && pending.is_some() && out.service.is_some() {
        out.kind = Some(NameKind::Subsets);
    } else if pending.is_none() && positionals == 0 {
        out.kind = NAMED
            .iter()
            .find(|(p, _)| p.iter().eq(path.iter()))
            .map(|(_, kind)| *kind);
    }
    out
}

fn long_name(arg: &clap::Arg) -> String {
    arg.get_long().unwrap_or_default().to_string()
}

fn apply(flag: &str, value: String, out: &mut Request) {
    match flag {
        "namespace" => out.namespace = Some(value),
        "kubeconfig" => out.kube.kubeconfig = Some(PathBuf::from(value)),
        "context" => out.kube.context = Some(value),
        "mesh-kubeconfig" => out.kube.mesh_kubeconfig = Some(PathBuf::from(value)),
        "mesh-context" => out.kube.mesh_context = Some(value),
        "target" => {
            out.target = <Target as clap::ValueEnum>::from_str(&value, true).ok();
        }
        "local-dir" => out.local_dir = Some(PathBuf::from(value)),
        _ => {}
    }
}

impl Request {
    /// `base` (the flags and environment of `__complete` itself) with what the words
    /// say on top, every request bounded by [`TIMEOUT`].
    pub fn settings(&self, base: &Settings) -> Settings {
        let mut s = base.clone();
        let k = &self.kube;
        s.namespace = self.namespace.clone().or(s.namespace);
        s.kube.kubeconfig = k.kubeconfig.clone().or(s.kube.kubeconfig);
        s.kube.context = k.context.clone().or(s.kube.context);
        s.kube.mesh_kubeconfig = k.mesh_kubeconfig.clone().or(s.kube.mesh_kubeconfig);
        s.kube.mesh_context = k.mesh_context.clone().or(s.kube.mesh_context);
        s.kube.request_timeout = Some(crate::core::duration::Duration::from_millis(
            TIMEOUT.as_millis() as u64,
        ));
        s.target = self.target.unwrap_or(s.target);
        s.local_dir = self.local_dir.clone().or(s.local_dir);
        s
    }
}

/// The names in `objects` to offer for `kind`, sorted and without duplicates.
pub fn names(kind: NameKind, objects: &[Value]) -> Vec<String> {
    let name = |o: &Value| {
        o.pointer("/metadata/name")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let mut out: Vec<String> = match kind {
        NameKind::Services => objects
            .iter()
            .flat_map(|vs| {
                let hosts = vs
                    .pointer("/spec/hosts")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    // Short in-cluster names only: `reviews.shop.svc…` → `reviews`.
                    .filter(|h| !h.contains('*') && (!h.contains('.') || h.contains(".svc")))
                    .map(|h| h.split('.').next().unwrap_or(h).to_string());
                name(vs).into_iter().chain(hosts)
            })
            .collect(),
        NameKind::Gateways | NameKind::Namespaces => objects.iter().filter_map(name).collect(),
        NameKind::Rollouts => objects
            .iter()
            .filter(|vs| {
                vs.pointer("/metadata/annotations")
                    .and_then(|a| a.get(crate::core::rollout::ANNOTATION))
                    .is_some()
            })
            .filter_map(name)
            .collect(),
        NameKind::Subsets => objects
            .iter()
            .flat_map(|dr| {
                dr.pointer("/spec/subsets")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.get("name").and_then(Value::as_str))
                    .map(str::to_string)
            })
            .collect(),
        NameKind::Workloads => objects
            .iter()
            .filter_map(|o| workload_of(o).map(str::to_string))
            .collect(),
        NameKind::EgressHosts => objects
            .iter()
            .filter_map(|o| egress_host(o).map(str::to_string))
            .collect(),
        // Read from the kubeconfig, not from objects (see `lookup`).
        NameKind::Contexts | NameKind::MeshContexts => Vec::new(),
    };
    out.sort();
    out.dedup();
    out
}

/// The names for `req`, read through a context built from the words: the mesh store
/// and workload cluster the words (or `__complete`'s own flags) point at, local or
/// Kubernetes. It prints nothing: the shell shows only names.
async fn lookup(base: &Settings, req: &Request) -> Result<Vec<String>> {
    let Some(kind) = req.kind else {
        return Ok(Vec::new());
    };
    let settings = req.settings(base);
    if let NameKind::Contexts | NameKind::MeshContexts = kind {
        let connect = match kind {
            NameKind::Contexts => settings.workload_connect(),
            _ => settings.mesh_connect(),
        };
        let mut names = crate::adapters::kube::context_names(connect.kubeconfig.as_deref())?;
        names.sort();
        names.dedup();
        return Ok(names);
    }
    let (quiet, _) = Printer::capture();
    let ctx = Ctx::new(settings, quiet);
    let objects = match kind {
        NameKind::Namespaces => {
            let every = ListQuery {
                namespace: None,
                label_selector: None,
            };
            ctx.cluster().await?.list("", "Namespace", &every).await?
        }
        NameKind::Workloads => {
            let namespace = ctx.workload_namespace().await?;
            ctx.cluster().await?.deployments(Some(&namespace)).await?
        }
        _ => {
            let istio_kind = match kind {
                NameKind::Services | NameKind::Rollouts => "VirtualService",
                NameKind::Gateways => "Gateway",
                NameKind::Subsets => "DestinationRule",
                _ => "ServiceEntry",
            };
            let namespace = ctx.mesh_namespace().await?;
            let query = ListQuery {
                namespace: Some(namespace.clone()),
                label_selector: None,
            };
            let store = ctx.mesh_store().await?;
            let mut listed = store.list(ISTIO_NETWORKING, istio_kind, &query).await?;
            if let (NameKind::Subsets, Some(service)) = (kind, &req.service) {
                // The service's DestinationRules: named like it or for its host.
                listed.retain(|dr| {
                    dr.pointer("/metadata/name").and_then(Value::as_str) == Some(service)
                        || crate::cmd::policy::edit::is_for(dr, service, &namespace)
                });
            }
            listed
        }
    };
    Ok(names(kind, &objects))
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    let (typed, current) = match (args.cobra, args.words.split_last()) {
        (true, Some((current, typed))) => (typed, Some(current.as_str())),
        (true, None) => (&args.words[..], Some("")),
        (false, _) => (&args.words[..], None),
    };
    let req = request(typed);
    let found = tokio::time::timeout(TIMEOUT, lookup(&ctx.settings, &req)).await;
    let names = match found {
        Ok(Ok(names)) => names,
        _ => Vec::new(),
    };
    let text = match current {
        Some(current) => cobra::answer(&command(), &req, current, names),
        None if names.is_empty() => return Ok(ExitStatus::Success),
        None => format!("{}\n", names.join("\n")),
    };
    ctx.printer.data(&text)?;
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn names_are_offered_for_the_first_positional_only() {
        let r = request(&words("-n shop policy set"));
        assert_eq!(r.kind, Some(NameKind::Services));
        assert_eq!(r.namespace.as_deref(), Some("shop"));
        let r = request(&words("--kubeconfig k.yaml policy set --timeout 2s"));
        assert_eq!(r.kind, Some(NameKind::Services));
        assert_eq!(r.kube.kubeconfig, Some(PathBuf::from("k.yaml")));
        assert_eq!(request(&words("policy set reviews")).kind, None);
        // The word being completed is the value of `-n`: namespaces, anywhere.
        assert_eq!(request(&words("-n")).kind, Some(NameKind::Namespaces));
        assert_eq!(
            request(&words("policy set --namespace")).kind,
            Some(NameKind::Namespaces)
        );
        // The word being completed is the value of `--timeout`.
        assert_eq!(request(&words("policy set --timeout")).kind, None);
        assert_eq!(
            request(&words("gateway delete")).kind,
            Some(NameKind::Gateways)
        );
        assert_eq!(
            request(&words("egress revoke --namespace=prod"))
                .namespace
                .as_deref(),
            Some("prod")
        );
        assert_eq!(
            request(&words("-nprod egress revoke")).kind,
            Some(NameKind::EgressHosts)
        );
        assert_eq!(request(&words("render")).kind, None);
        assert_eq!(request(&words("--context")).kind, Some(NameKind::Contexts));
        assert_eq!(
            request(&words("gateway list --mesh-context")).kind,
            Some(NameKind::MeshContexts)
        );
    }

    #[test]
    fn subset_flags_offer_the_subsets_of_the_named_service() {
        let root = clap::Command::new("meshctl").subcommand(
            clap::Command::new("canary").subcommand(
                clap::Command::new("start")
                    .arg(clap::Arg::new("service"))
                    .arg(clap::Arg::new("canary").long("canary").value_name("SUBSET"))
                    .arg(
                        clap::Arg::new("interval")
                            .long("interval")
                            .value_name("DURATION"),
                    ),
            ),
        );
        let r = request_in(&root, &words("canary start reviews --canary"));
        assert_eq!(r.kind, Some(NameKind::Subsets));
        assert_eq!(r.service.as_deref(), Some("reviews"));
        assert_eq!(
            request_in(&root, &words("canary start reviews --interval")).kind,
            None
        );
        // Without the service there is no DestinationRule to read.
        assert_eq!(
            request_in(&root, &words("canary start --canary")).kind,
            None
        );
        assert_eq!(
            request_in(&root, &words("canary start")).kind,
            Some(NameKind::Services)
        );

        let drs = [json!({"spec": {"subsets": [{"name": "v2"}, {"name": "v1"}]}})];
        assert_eq!(names(NameKind::Subsets, &drs), ["v1", "v2"]);
        let vss = [
            json!({"metadata": {"name": "reviews", "annotations": {crate::core::rollout::ANNOTATION: "{}"}}}),
            json!({"metadata": {"name": "ratings"}}),
        ];
        assert_eq!(names(NameKind::Rollouts, &vss), ["reviews"]);
    }

    #[test]
    fn service_names_include_short_hosts() {
        let vss = [
            json!({"metadata": {"name": "reviews-route"}, "spec": {"hosts": ["reviews.shop.svc.cluster.local", "shop.example.com", "*.x"]}}),
            json!({"metadata": {"name": "ratings"}, "spec": {"hosts": ["ratings"]}}),
        ];
        assert_eq!(
            names(NameKind::Services, &vss),
            ["ratings", "reviews", "reviews-route"]
        );
    }
}

#[cfg(test)]
mod target_tests {
    use super::*;
    use crate::core::store::{ApplyOptions, MeshStore};
    use serde_json::json;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn target_flags_among_the_words_override_the_environment() {
        let r = request(&words("--target local --local-dir state/mesh policy set"));
        assert_eq!(r.kind, Some(NameKind::Services));
        let base = Settings {
            namespace: Some("shop".into()),
            ..Default::default()
        };
        let s = r.settings(&base);
        assert_eq!(s.target, Target::Local);
        assert_eq!(s.local_dir, Some(PathBuf::from("state/mesh")));
        assert_eq!(s.namespace.as_deref(), Some("shop"));
        assert!(s.kube.request_timeout.is_some());
        let k = request(&words(
            "--target=kubernetes --mesh-context asm gateway delete",
        ));
        let s = k.settings(&Settings {
            target: Target::Local,
            ..Default::default()
        });
        assert_eq!(s.target, Target::Kubernetes);
        assert_eq!(s.kube.mesh_context.as_deref(), Some("asm"));
    }

    #[tokio::test]
    async fn with_target_local_names_come_from_the_local_mesh() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let mesh = crate::adapters::local::LocalMesh::open(dir).unwrap();
        let vs = json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
                        "metadata": {"name": "reviews-route", "namespace": "default"},
                        "spec": {"hosts": ["reviews"], "http": [{"route": [{"destination": {"host": "reviews"}}]}]}});
        mesh.apply(&vs, ApplyOptions::default()).await.unwrap();
        let typed = format!("--target local --local-dir {} policy set", dir.display());
        let names = lookup(&Settings::default(), &request(&words(&typed))).await;
        assert_eq!(names.unwrap(), ["reviews", "reviews-route"]);
    }
}
