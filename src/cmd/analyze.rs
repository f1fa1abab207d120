//! `meshctl analyze`: finds configuration mistakes the schema allows (routes to
//! undefined subsets, Gateways nobody routes, rollouts left half-way) in files, the
//! cluster, or files overlaid on the cluster. The analyzers are pure
//! (`core::analyze`); this module loads objects, keeps where each came from so a
//! finding can name `file:line`, and prints.

use super::Ctx;
use super::validate::{locate, split_documents};
use crate::cli::Target as MeshTarget;
use crate::cli::flags::{FileArgs, OutputArgs};
use crate::core::analyze::view::{Codes, Located, Report};
use crate::core::analyze::{
    self, CODES, ClusterFacts, GATEWAY_API_CODES, Input, Level, Suppression,
    gateway_workload_namespaces,
};
use crate::core::model::GATEWAY_API_GROUP;
use crate::core::store::{ISTIO_NETWORKING, ListQuery, ObjectRef};
use crate::{Error, ErrorKind, ExitStatus, Result};
use serde_json::Value;
use std::collections::BTreeMap;

const EXAMPLES: &str = "\
Examples:
  # Check the mesh configuration in the current namespace of the cluster
  meshctl analyze

  # Check files before applying them (no cluster needed)
  meshctl analyze -f ./mesh/

  # Check files as they would be once applied over what the cluster holds
  meshctl analyze -f ./mesh/ --use-cluster=true -A

  # Fail CI on warnings too, but ignore one known finding
  meshctl analyze -f ./mesh/ --failure-threshold warning --suppress 'MESH0103=istio-system/*'

  # List every code
  meshctl analyze --list

Exit codes: 0 no finding at the threshold, 79 findings at or above it, 1 error, 2 usage error.";

/// How `analyze` prints findings.
/// `--failure-threshold` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Threshold {
    Error,
    Warning,
    Info,
}

impl Threshold {
    fn level(self) -> Level {
        match self {
            Threshold::Error => Level::Error,
            Threshold::Warning => Level::Warning,
            Threshold::Info => Level::Info,
        }
    }
}

#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(flatten)]
    pub files: FileArgs,

    /// Read the cluster too (default: only when no `-f` is given); files replace cluster
    /// objects of the same kind, namespace and name
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub use_cluster: Option<bool>,

    /// Analyze every namespace of the cluster
    #[arg(short = 'A', long)]
    pub all_namespaces: bool,

    /// Lowest level that makes the exit code 79
    #[arg(long, value_enum, default_value_t = Threshold::Error, value_name = "LEVEL")]
    pub failure_threshold: Threshold,

    /// Hide findings of CODE (or `*`) on resources matching PATTERN (`Kind ns/name` or
    /// `ns/name`, `*` wildcards); repeatable
    #[arg(long, value_name = "CODE=PATTERN")]
    pub suppress: Vec<Suppression>,

    #[command(flatten)]
    pub output: OutputArgs,

    /// List the codes analyze reports, with level and description, and exit
    #[arg(long)]
    pub list: bool,
}

/// Where a file object came from.
struct Source {
    /// Index of its file in the texts `read_files` returns.
    file: usize,
    /// 1-based line where its document starts.
    line: usize,
}

/// The files read (name and text) and their objects, with their sources, namespaced.
type Files = (Vec<(String, String)>, Vec<(Value, Source)>);

/// The objects of the files, with their sources, namespaced.
fn read_files(args: &Args, namespace: &str) -> Result<Files> {
    let mut out = Vec::new();
    let texts: Vec<(String, String)> = args
        .files
        .read()?
        .into_iter()
        .map(|t| (t.name, t.text))
        .collect();
    for (index, (file, text)) in texts.iter().enumerate() {
        for doc in split_documents(text) {
            let doc = doc.map_err(|e| {
                Error::invalid(format!("`{file}` line {}: {}", e.line, e.message))
                    .with_hint("fix the YAML syntax; `meshctl validate -f` checks files")
            })?;
            let mut value = doc.value;
            if !value.is_object() || value.get("kind").is_none() {
                continue;
            }
            let meta = value
                .as_object_mut()
                .expect("checked above")
                .entry("metadata")
                .or_insert_with(|| Value::Object(Default::default()));
            if let Some(meta) = meta.as_object_mut() {
                meta.entry("namespace")
                    .or_insert_with(|| Value::String(namespace.to_string()));
            }
            out.push((
                value,
                Source {
                    file: index,
                    line: doc.line,
                },
            ));
        }
    }
    Ok((texts, out))
}

const ISTIO_KINDS: [&str; 3] = ["VirtualService", "DestinationRule", "Gateway"];

/// The Gateway API's Gateways (everywhere: routes bind across namespaces) and
/// HTTPRoutes (in `scope`) from the workload cluster, where they are applied. A cluster
/// that does not serve the Gateway API (no CRDs) has none.
async fn gateway_api_objects(ctx: &Ctx, scope: Option<&str>) -> Result<Vec<Value>> {
    let cluster = ctx.cluster().await?;
    let mut out = Vec::new();
    for (kind, namespace) in [("Gateway", None), ("HTTPRoute", scope)] {
        let query = ListQuery {
            namespace: namespace.map(str::to_string),
            label_selector: None,
        };
        match cluster.list(GATEWAY_API_GROUP, kind, &query).await {
            Ok(objects) => out.extend(objects),
            // The kind is not served: there is nothing of it to analyze.
            Err(e) if e.kind() == ErrorKind::Usage => return Ok(Vec::new()),
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// What the cluster-only checks need from the workload cluster: pods and Services
/// everywhere (gateways run in other namespaces), Secrets where gateways run.
async fn cluster_facts(ctx: &Ctx, objects: &[Value]) -> Result<ClusterFacts> {
    let cluster = ctx.cluster().await?;
    let pods = cluster.pods(None, None).await?;
    let services = cluster.services(None).await?;
    let mut secrets = Vec::new();
    for ns in gateway_workload_namespaces(objects, &pods) {
        for name in cluster.secret_names(&ns).await? {
            secrets.push((ns.clone(), name));
        }
    }
    Ok(ClusterFacts {
        pods,
        services,
        secrets,
    })
}

/// `MESH0107, MESH0108, …`: the codes that need the cluster.
fn cluster_codes() -> String {
    CODES
        .iter()
        .filter(|c| c.cluster_only)
        .map(|c| format!("`{}`", c.code))
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn run(ctx: &Ctx, args: &Args) -> Result<ExitStatus> {
    if args.list {
        ctx.printer.show_as(&Codes, &args.output)?;
        return Ok(ExitStatus::Success);
    }
    let use_cluster = args.use_cluster.unwrap_or(args.files.is_empty());
    if !use_cluster && args.files.is_empty() {
        return Err(
            Error::usage("nothing to analyze: no `-f` and `--use-cluster=false`").with_hint(
                "pass files with `-f`, or drop `--use-cluster=false` to read the cluster",
            ),
        );
    }
    let scope: Option<String> = match (use_cluster, args.all_namespaces) {
        (_, true) => None,
        (true, false) => Some(ctx.mesh_namespace().await?),
        (false, false) => Some(ctx.namespace_or_default().to_string()),
    };
    let file_namespace = scope
        .clone()
        .unwrap_or_else(|| ctx.namespace_or_default().to_string());
    let (texts, files) = read_files(args, &file_namespace)?;
    // Each file's lines, split once: splitting per finding made a big file quadratic.
    let lines: Vec<Vec<&str>> = texts.iter().map(|(_, t)| t.lines().collect()).collect();

    let mut objects: Vec<Value> = Vec::new();
    let mut sources: BTreeMap<ObjectRef, usize> = BTreeMap::new();
    let mut facts = None;
    if use_cluster {
        let store = ctx.mesh_store().await?;
        for kind in ISTIO_KINDS {
            // Gateways are read everywhere: routes bind to gateways in other namespaces.
            let namespace = if kind == "Gateway" {
                None
            } else {
                scope.clone()
            };
            let query = ListQuery {
                namespace,
                label_selector: None,
            };
            objects.extend(store.list(ISTIO_NETWORKING, kind, &query).await?);
        }
        match gateway_api_objects(ctx, scope.as_deref()).await {
            Ok(found) => objects.extend(found),
            // A user may read Istio's objects and not the Gateway API's; the Istio
            // checks and the files still mean something.
            Err(e) if e.kind() == ErrorKind::Forbidden => ctx.printer.warn(&format!(
                "the cluster's Gateway API objects were not read, so their checks were skipped: {}",
                e.message()
            )),
            Err(e) => return Err(e),
        }
    }
    // Files replace cluster objects with the same kind, namespace and name.
    let mut index: BTreeMap<ObjectRef, usize> = objects
        .iter()
        .enumerate()
        .filter_map(|(i, o)| ObjectRef::of(o).map(|r| (r, i)))
        .collect();
    let mut file_sources = Vec::new();
    for (value, source) in files {
        let key = ObjectRef::of(&value);
        match key.as_ref().and_then(|k| index.get(k)) {
            Some(&i) => objects[i] = value,
            None => {
                objects.push(value);
                if let Some(k) = key.clone() {
                    index.insert(k, objects.len() - 1);
                }
            }
        }
        if let Some(k) = key {
            sources.insert(k, file_sources.len());
        }
        file_sources.push(source);
    }
    // The local mesh runs no pods, Services or Secrets (its backends are processes it
    // registers as endpoints): the cluster-only checks have nothing to read there.
    if use_cluster && ctx.settings.target != MeshTarget::Local {
        match cluster_facts(ctx, &objects).await {
            Ok(f) => facts = Some(f),
            // Reading pods, Services and Secrets cluster-wide may not be allowed; the
            // other checks still mean something.
            Err(e) if e.kind() == ErrorKind::Forbidden => ctx.printer.warn(&format!(
                "checks that need pods, Services and Secrets ({}) were skipped: {}",
                cluster_codes(),
                e.message()
            )),
            Err(e) => return Err(e),
        }
    }
    let now = ctx.clock().now();
    let findings = analyze::analyze(Input {
        objects: &objects,
        cluster: facts.as_ref(),
        now,
    });
    let total = findings.len();
    let located: Vec<Located> = findings
        .into_iter()
        // With the cluster and one namespace, objects of other namespaces are only
        // context (their own routes were not read), so their findings are not shown.
        .filter(|f| !use_cluster || scope.as_ref().is_none_or(|s| *s == f.resource.namespace))
        .filter(|f| !args.suppress.iter().any(|s| s.hides(f)))
        .map(|finding| {
            let group = if GATEWAY_API_CODES.iter().any(|c| c.code == finding.code) {
                GATEWAY_API_GROUP
            } else {
                ISTIO_NETWORKING
            };
            let key = ObjectRef::new(
                group,
                finding.resource.kind.clone(),
                Some(&finding.resource.namespace),
                finding.resource.name.clone(),
            );
            let source = sources.get(&key).map(|&i| &file_sources[i]);
            Located {
                file: source.map(|s| texts[s.file].0.clone()),
                line: source.map(|s| locate(&lines[s.file], s.line, &finding.path)),
                finding,
            }
        })
        .collect();
    let report = Report {
        hidden: total - located.len(),
        findings: located,
        objects: objects.len(),
    };
    ctx.printer.show_as(&report, &args.output)?;
    ctx.printer.info(&report.summary());
    Ok(if report.fails(args.failure_threshold.level()) {
        ExitStatus::ValidationFailed
    } else {
        ExitStatus::Success
    })
}

#[cfg(test)]
mod tests {
    //! `analyze` against the ports' doubles: Istio objects from an in-memory mesh
    //! store, pods, Services and Secrets from an in-memory workload cluster.

    use crate::ExitStatus;
    use crate::cmd::testing::Doubles;
    use serde_json::{Value, json};

    fn vs(subset: &str) -> Value {
        json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
               "metadata": {"name": "reviews"},
               "spec": {"hosts": ["reviews"], "http": [{"route": [
                   {"destination": {"host": "reviews", "subset": subset}}]}]}})
    }

    fn dr() -> Value {
        json!({"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
               "metadata": {"name": "reviews"},
               "spec": {"host": "reviews", "subsets": [
                   {"name": "v1", "labels": {"version": "v1"}},
                   {"name": "v2", "labels": {"version": "v2"}}]}})
    }

    fn pod(version: &str) -> Value {
        json!({"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": format!("reviews-{version}"), "labels": {"app": "reviews", "version": version}}})
    }

    #[tokio::test]
    async fn a_route_to_an_undefined_subset_fails_with_its_code() {
        let ran = Doubles::mesh([vs("v3"), dr()])
            .with_workloads([pod("v1"), pod("v2")])
            .run(&["analyze"])
            .await;
        assert_eq!(ran.status, ExitStatus::ValidationFailed, "{}", ran.stderr);
        insta::assert_snapshot!(ran.stdout, @"error[MESH0101] VirtualService shop/reviews: route to subset `v3` of `reviews.shop.svc.cluster.local`, but DestinationRule `shop/reviews` does not define it");
        assert!(
            ran.stderr.contains("✖ 1 finding (1 error) in 2 objects"),
            "{}",
            ran.stderr
        );
    }

    #[tokio::test]
    async fn subsets_are_checked_against_the_clusters_pods() {
        let ran = Doubles::mesh([vs("v1"), dr()])
            .with_workloads([pod("v1")])
            .run(&["analyze"])
            .await;
        assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
        assert!(ran.stdout.contains("warning[MESH0107]"), "{}", ran.stdout);
        assert!(
            ran.stdout.contains("subset `v2` selects no pod"),
            "{}",
            ran.stdout
        );
        let strict = Doubles::mesh([vs("v1"), dr()])
            .with_workloads([pod("v1")])
            .run(&["analyze", "--failure-threshold", "warning"])
            .await;
        assert_eq!(strict.status, ExitStatus::ValidationFailed);
    }

    #[tokio::test]
    async fn gateway_api_routes_are_read_from_the_workload_cluster() {
        let route = json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
               "metadata": {"name": "reviews", "namespace": "shop"},
               "spec": {"parentRefs": [{"name": "web"}]}});
        let ran = Doubles::mesh([vs("v1"), dr()])
            .with_workloads([pod("v1"), pod("v2"), route])
            .run(&["analyze"])
            .await;
        assert_eq!(ran.status, ExitStatus::ValidationFailed, "{}", ran.stderr);
        insta::assert_snapshot!(ran.stdout, @"error[MESH0115] HTTPRoute shop/reviews: parent Gateway `shop/web` does not exist");
    }

    #[tokio::test]
    async fn a_clean_mesh_has_no_findings() {
        let ran = Doubles::mesh([vs("v1"), dr()])
            .with_workloads([pod("v1"), pod("v2")])
            .run(&["analyze"])
            .await;
        assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
        assert_eq!(ran.stdout, "");
        assert!(
            ran.stderr.contains("✔ No findings in 2 objects"),
            "{}",
            ran.stderr
        );
    }
}
