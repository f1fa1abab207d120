//! The one factory of metric sources, and the one set of flags that choose them: every
//! command that reads metrics flattens [`SourceArgs`] and asks [`Ctx::metrics`].
//!
//! The rule, the same everywhere: `--source prometheus` (or `--prometheus-url` without
//! `--source`) asks Prometheus, with the bearer token from `--prometheus-token-file`
//! or `MESHCTL_PROMETHEUS_TOKEN`; otherwise Envoy's own stats are scraped from
//! `--envoy-admin` URLs (or `MESHCTL_ENVOY_ADMIN`), else on the local mesh from its
//! running Envoy, else from the pods of each subset through the workload cluster.

use super::Ctx;
use crate::adapters::envoy_stats::{DEFAULT_STATS_PORT, EnvoyStatsSource, PodSet, Proxies};
use crate::adapters::prometheus::{PrometheusOptions, PrometheusSource};
use crate::core::duration::Duration;
use crate::core::metrics::{
    Counts, MetricSource, Sample, SourceError, SourceErrorKind, SourceFuture, Target,
};
use crate::core::service::{ServiceMesh, selector};
use crate::{Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The environment variable that carries the Prometheus bearer token.
pub const TOKEN_ENV: &str = "MESHCTL_PROMETHEUS_TOKEN";
/// A local mesh names its Envoy admin endpoints here (comma-separated).
pub const ENVOY_ADMIN_ENV: &str = "MESHCTL_ENVOY_ADMIN";

/// Called with a line of progress from a source (queries sent, scrapes done); the
/// command decides where it goes (`-v`).
pub type Log = Arc<dyn Fn(&str) + Send + Sync>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SourceChoice {
    /// Scrape the proxies' `/stats/prometheus` twice, a window apart
    Envoy,
    /// Ask Prometheus about the last window
    Prometheus,
}

/// Where metrics come from.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Metrics")]
pub struct SourceArgs {
    /// Where figures come from: `envoy` (scrape the proxies' stats twice, a window apart)
    /// or `prometheus` (ask about the last window); default: `prometheus` with
    /// `--prometheus-url`, else `envoy`
    #[arg(long, value_enum, value_name = "SOURCE", hide_possible_values = true)]
    pub source: Option<SourceChoice>,
    /// Envoy admin URL to scrape `/stats/prometheus` from (repeatable or comma-separated;
    /// default with `--target local`: the local mesh's Envoy)
    #[arg(long, env = ENVOY_ADMIN_ENV, value_delimiter = ',', value_name = "URL")]
    pub envoy_admin: Vec<String>,
    /// Pod port serving `/stats/prometheus` when scraping pods (15020 merged by the
    /// Istio agent, 15090 Envoy's)
    #[arg(long, default_value_t = DEFAULT_STATS_PORT, value_name = "PORT")]
    pub stats_port: u16,
    /// Prometheus base URL
    // No clap conflict with `--envoy-admin`: its env var, exported after `local up`,
    // would make every `--prometheus-url` a usage error. Prometheus wins instead.
    #[arg(long, value_name = "URL")]
    pub prometheus_url: Option<String>,
    /// File holding a bearer token for Prometheus (or set `MESHCTL_PROMETHEUS_TOKEN`)
    #[arg(long, value_name = "FILE", requires = "prometheus_url")]
    pub prometheus_token_file: Option<PathBuf>,
    /// PEM file of CA certificates to trust for Prometheus
    #[arg(long, value_name = "FILE")]
    pub prometheus_ca: Option<PathBuf>,
}

impl Default for SourceArgs {
    fn default() -> Self {
        SourceArgs {
            source: None,
            envoy_admin: Vec::new(),
            stats_port: DEFAULT_STATS_PORT,
            prometheus_url: None,
            prometheus_token_file: None,
            prometheus_ca: None,
        }
    }
}

impl SourceArgs {
    /// Whether any flag asks for figures at all (`status` shows none otherwise).
    pub fn asks(&self) -> bool {
        self.source.is_some() || self.prometheus_url.is_some()
    }

    /// The source the flags choose: an explicit `--source`, else Prometheus when its
    /// URL is given, else Envoy.
    pub fn choice(&self) -> SourceChoice {
        match self.source {
            Some(c) => c,
            None if self.prometheus_url.is_some() => SourceChoice::Prometheus,
            None => SourceChoice::Envoy,
        }
    }

    /// The Envoy admin URLs given, trimmed, empty entries dropped.
    fn admins(&self) -> Vec<String> {
        self.envoy_admin
            .iter()
            .map(|u| u.trim())
            .filter(|u| !u.is_empty())
            .map(str::to_string)
            .collect()
    }
}

/// The Prometheus bearer token: from `file` (trimmed), else `MESHCTL_PROMETHEUS_TOKEN`.
/// Never from a flag value: argv is visible to everyone.
pub fn prometheus_token(file: Option<&Path>) -> Result<Option<String>> {
    match file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                Error::io(
                    format!("cannot read the token file `{}`", path.display()),
                    e,
                )
            })?;
            Ok(Some(text.trim().to_string()))
        }
        None => Ok(std::env::var(TOKEN_ENV).ok()),
    }
}

/// What the flags resolved to.
#[derive(Clone)]
enum Choice {
    Prometheus {
        url: String,
        token: Option<String>,
        ca_pem: Option<Vec<u8>>,
    },
    Admins(Vec<String>),
    Pods {
        port: u16,
    },
    Given(Arc<dyn MetricSource>),
}

/// The metric sources one command uses, as its flags chose them.
pub struct Metrics<'c> {
    ctx: &'c Ctx,
    choice: Choice,
    timeout: Option<std::time::Duration>,
    log: Option<Log>,
}

impl Ctx {
    /// The metric sources `args` name: the one place they are built.
    pub fn metrics(&self, args: &SourceArgs) -> Result<Metrics<'_>> {
        let choice = match &self.metric_source {
            Some(source) => Choice::Given(source.clone()),
            None => self.choose(args)?,
        };
        Ok(Metrics {
            ctx: self,
            choice,
            timeout: None,
            log: None,
        })
    }

    fn choose(&self, args: &SourceArgs) -> Result<Choice> {
        if args.choice() == SourceChoice::Prometheus {
            let Some(url) = &args.prometheus_url else {
                return Err(
                    Error::usage("`--source prometheus` needs `--prometheus-url`").with_hint(
                        "pass the Prometheus base URL, e.g. `--prometheus-url http://127.0.0.1:9090`",
                    ),
                );
            };
            let ca_pem = match &args.prometheus_ca {
                Some(path) => Some(std::fs::read(path).map_err(|e| {
                    Error::io(format!("cannot read the CA file `{}`", path.display()), e)
                })?),
                None => None,
            };
            return Ok(Choice::Prometheus {
                url: url.clone(),
                token: prometheus_token(args.prometheus_token_file.as_deref())?,
                ca_pem,
            });
        }
        let admins = args.admins();
        if !admins.is_empty() {
            return Ok(Choice::Admins(admins));
        }
        if let Some(admin) = self.local_envoy_admin()? {
            self.printer
                .verbose(&format!("metrics: the local mesh's Envoy admin `{admin}`"));
            return Ok(Choice::Admins(vec![admin]));
        }
        Ok(Choice::Pods {
            port: args.stats_port,
        })
    }
}

impl Metrics<'_> {
    /// How long one query or scrape may take.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout.as_std());
        self
    }

    /// Where the sources report progress.
    pub fn with_log(mut self, log: Log) -> Self {
        self.log = Some(log);
        self
    }

    /// `prometheus` or `envoy`, as views name the source.
    pub fn name(&self) -> &'static str {
        match self.choice {
            Choice::Prometheus { .. } => "prometheus",
            _ => "envoy",
        }
    }

    /// Whether the figures come from Prometheus.
    pub fn is_prometheus(&self) -> bool {
        matches!(self.choice, Choice::Prometheus { .. } | Choice::Given(_))
    }

    /// Whether the sources need the workload cluster (each subset's pods).
    pub fn needs_cluster(&self) -> bool {
        matches!(self.choice, Choice::Pods { .. })
    }

    /// One source for every subset, when the flags name one (Prometheus, Envoy admins);
    /// `None` when each subset's pods are scraped.
    pub fn shared(&self) -> Result<Option<Arc<dyn MetricSource>>> {
        Ok(match &self.choice {
            Choice::Given(source) => Some(source.clone()),
            Choice::Prometheus { url, token, ca_pem } => {
                let source = PrometheusSource::new(PrometheusOptions {
                    url: url.clone(),
                    token: token.clone(),
                    ca_pem: ca_pem.clone(),
                    timeout: self.timeout,
                    family: None,
                })
                .map_err(|e| {
                    Error::usage(format!("`--prometheus-url`: {}", e.message))
                        .with_hint("check `--prometheus-url` and `--prometheus-ca`")
                })?;
                let source = match &self.log {
                    Some(log) => {
                        let log = log.clone();
                        source.with_query_log(Arc::new(move |line: &str| {
                            log(&format!("query: {line}"))
                        }))
                    }
                    None => source,
                };
                Some(Arc::new(source))
            }
            Choice::Admins(urls) => Some(Arc::new(self.envoy(Proxies::Admin(urls.clone())))),
            Choice::Pods { .. } => None,
        })
    }

    fn envoy(&self, proxies: Proxies) -> EnvoyStatsSource {
        let mut source = EnvoyStatsSource::new(proxies);
        if let Some(t) = self.timeout {
            source = source.with_timeout(t);
        }
        match &self.log {
            Some(log) => source.with_log(log.clone()),
            None => source,
        }
    }

    /// The source for `subsets` of `service`: the shared one, or each subset's pods —
    /// the DestinationRule subset's labels (`mesh`) plus the Service's selector — in
    /// the workload cluster, scraped through it.
    pub async fn for_subsets(
        &self,
        service: &str,
        namespace: &str,
        mesh: &ServiceMesh,
        subsets: &[&str],
    ) -> Result<Arc<dyn MetricSource>> {
        if let Some(source) = self.shared()? {
            return Ok(source);
        }
        let Choice::Pods { port } = self.choice else {
            return Err(Error::internal("no metric source was chosen"));
        };
        let cluster = self.ctx.cluster().await?;
        let pods_namespace = self.ctx.workload_namespace().await?;
        let service_selector = cluster.service_selector(&pods_namespace, service).await?;
        let mut by_subset = BySubset::default();
        for subset in subsets {
            let Some(labels) = mesh.subsets.get(*subset) else {
                return Err(Error::not_found(format!(
                    "subset `{subset}` is not in the DestinationRule of `{service}` in namespace `{namespace}`, so its pods are unknown"
                ))
                .with_hint("name a subset the DestinationRule defines, or a metric source with `--envoy-admin` or `--prometheus-url`"));
            };
            let selector = selector(&service_selector, labels);
            self.ctx.printer.verbose(&format!(
                "metrics of subset `{subset}`: pods `{selector}` in namespace `{pods_namespace}`, port {port}"
            ));
            by_subset.0.insert(
                subset.to_string(),
                Arc::new(self.envoy(Proxies::Pods(PodSet {
                    cluster: cluster.clone(),
                    namespace: pods_namespace.clone(),
                    selector,
                    port,
                }))),
            );
        }
        Ok(Arc::new(by_subset))
    }
}

/// One source per subset (each subset's own pods), chosen by the target's subset.
#[derive(Default)]
struct BySubset(BTreeMap<String, Arc<dyn MetricSource>>);

impl MetricSource for BySubset {
    fn sample<'a>(&'a self, target: &'a Target, window: Duration) -> SourceFuture<'a, Sample> {
        match self.0.get(&target.subset) {
            Some(source) => source.sample(target, window),
            None => unknown_subset(target),
        }
    }

    fn counts<'a>(&'a self, target: &'a Target, age: Duration) -> SourceFuture<'a, Counts> {
        match self.0.get(&target.subset) {
            Some(source) => source.counts(target, age),
            None => unknown_subset(target),
        }
    }
}

fn unknown_subset<T>(target: &Target) -> SourceFuture<'_, T> {
    Box::pin(async move {
        Err(SourceError::new(
            SourceErrorKind::NoData,
            format!("no pods are known for subset `{}`", target.subset),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::Settings;
    use crate::output::Printer;

    fn ctx() -> Ctx {
        Ctx::for_tests(Settings::default(), Printer::capture().0)
    }

    #[test]
    fn envoy_admins_are_repeatable_comma_separated_and_allowed_beside_prometheus() {
        let args: SourceArgs = crate::cmd::demo::mesh::parse_args(&[
            "x",
            "--envoy-admin",
            "http://a:1,http://b:2",
            "--envoy-admin",
            "http://c:3",
            "--prometheus-url",
            "http://p:9090",
        ])
        .unwrap();
        assert_eq!(args.envoy_admin, ["http://a:1", "http://b:2", "http://c:3"]);
        assert_eq!(args.prometheus_url.as_deref(), Some("http://p:9090"));
    }

    #[test]
    fn without_flags_a_stopped_local_mesh_names_no_source_either() {
        let dir = tempfile::tempdir().unwrap();
        let local = Ctx::for_tests(
            Settings {
                target: crate::cli::Target::Local,
                local_dir: Some(dir.path().to_path_buf()),
                ..Default::default()
            },
            Printer::capture().0,
        );
        let m = local.metrics(&SourceArgs::default()).unwrap();
        assert!(m.shared().unwrap().is_none());
    }

    #[test]
    fn prometheus_wins_when_its_url_is_given() {
        let args = SourceArgs {
            envoy_admin: vec!["http://127.0.0.1:15000".into()],
            prometheus_url: Some("http://127.0.0.1:9090".into()),
            ..Default::default()
        };
        let ctx = ctx();
        let m = ctx.metrics(&args).unwrap();
        assert_eq!(m.name(), "prometheus");
        assert!(!m.needs_cluster());
    }

    #[test]
    fn comma_separated_admins_are_trimmed_and_scraped() {
        let args = SourceArgs {
            envoy_admin: vec![" http://a:1 ".into(), "".into(), "http://b:2".into()],
            ..Default::default()
        };
        assert_eq!(args.admins(), ["http://a:1", "http://b:2"]);
        let ctx = ctx();
        let m = ctx.metrics(&args).unwrap();
        assert_eq!(m.name(), "envoy");
        assert!(m.shared().unwrap().is_some());
    }

    #[test]
    fn without_flags_on_kubernetes_the_pods_are_scraped() {
        let ctx = ctx();
        let m = ctx.metrics(&SourceArgs::default()).unwrap();
        assert!(m.needs_cluster());
        assert!(m.shared().unwrap().is_none());
        assert!(!SourceArgs::default().asks());
    }

    #[test]
    fn prometheus_without_a_url_is_a_usage_error() {
        let args = SourceArgs {
            source: Some(SourceChoice::Prometheus),
            ..Default::default()
        };
        let err = ctx().metrics(&args).err().unwrap();
        assert_eq!(err.kind(), crate::ErrorKind::Usage);
        assert!(err.message().contains("--prometheus-url"));
    }

    #[test]
    fn the_token_file_is_read_and_trimmed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token");
        std::fs::write(&path, "s3cret\n").unwrap();
        assert_eq!(
            prometheus_token(Some(&path)).unwrap().as_deref(),
            Some("s3cret")
        );
        let missing = prometheus_token(Some(&dir.path().join("nope"))).unwrap_err();
        assert!(missing.message().contains("cannot read the token file"));
    }
}
