//! Envoy stats scraped straight from the proxies: the metric source that needs no
//! Prometheus.
//!
//! A sample is two scrapes of `/stats/prometheus` a window apart, turned into rates by
//! [`Sample::between`] (which handles restarted, appeared and vanished proxies). The
//! proxies are either admin URLs given on the command line (a local mesh) or the pods
//! of a subset, reached through the API server's pod proxy
//! (`/api/v1/namespaces/NS/pods/NAME:PORT/proxy/stats/prometheus`).
//!
//! A proxy that was expected to answer and did not is an error, never a smaller sum:
//! judging a canary on the pods that happened to answer could pass a broken release.
//! Only a pod that is gone from the pod list by the second scrape counts as vanished.

use futures::future::join_all;
use meshctl_core::cluster::Cluster;
use meshctl_core::duration::Duration;
use meshctl_core::metrics::prom;
use meshctl_core::metrics::{
    Counts, MetricSource, Sample, Snapshot, SourceError, SourceErrorKind, SourceFuture, Target,
};
use serde_json::Value;
use std::sync::Arc;
use std::time::Instant;

/// The port of the sidecar's merged Prometheus endpoint (Istio's agent).
pub const DEFAULT_STATS_PORT: u16 = 15020;
/// How long one scrape may take.
pub const DEFAULT_SCRAPE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Where the proxies are.
#[derive(Clone)]
pub enum Proxies {
    /// Envoy admin base URLs (`http://127.0.0.1:15000`), scraped directly.
    Admin(Vec<String>),
    /// The running pods matching a label selector, through the API server's pod proxy.
    Pods(PodSet),
}

/// The pods of one subset in the workload cluster.
#[derive(Clone)]
pub struct PodSet {
    pub cluster: Arc<dyn Cluster>,
    pub namespace: String,
    /// `app=reviews,version=v2`
    pub selector: String,
    /// The pod port serving `/stats/prometheus` (15020 merged, 15090 Envoy's own).
    pub port: u16,
}

/// One proxy to scrape: its name in a snapshot and how to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Endpoint {
    Url(String),
    Pod(String),
}

impl Endpoint {
    fn name(&self) -> &str {
        match self {
            Endpoint::Url(u) | Endpoint::Pod(u) => u,
        }
    }
}

/// Called with a line of progress (adapters do not print; `-v` shows these).
pub type Log = Arc<dyn Fn(&str) + Send + Sync>;

/// Scrapes Envoy's own stats; implements [`MetricSource`].
pub struct EnvoyStatsSource {
    proxies: Proxies,
    log: Option<Log>,
    http: reqwest::Client,
    timeout: std::time::Duration,
    /// The zero of the snapshots' clock.
    started: Instant,
    /// Per target, the first snapshot of the stage being counted ([`MetricSource::counts`]).
    baselines: std::sync::Mutex<std::collections::HashMap<String, Snapshot>>,
}

impl EnvoyStatsSource {
    pub fn new(proxies: Proxies) -> Self {
        EnvoyStatsSource {
            proxies,
            log: None,
            http: http_client(None, None).unwrap_or_default(),
            timeout: DEFAULT_SCRAPE_TIMEOUT,
            started: Instant::now(),
            baselines: Default::default(),
        }
    }

    pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Reports each scrape (which proxies, when the next one is due).
    pub fn with_log(mut self, log: Log) -> Self {
        self.log = Some(log);
        self
    }

    fn log(&self, line: impl FnOnce() -> String) {
        if let Some(log) = &self.log {
            log(&line());
        }
    }

    /// The proxies to scrape now (pods are listed each time: they come and go).
    async fn endpoints(&self) -> Result<Vec<Endpoint>, SourceError> {
        match &self.proxies {
            Proxies::Admin(urls) => Ok(urls.iter().cloned().map(Endpoint::Url).collect()),
            Proxies::Pods(set) => {
                let pods = set
                    .cluster
                    .pods(Some(&set.namespace), Some(&set.selector))
                    .await
                    .map_err(|e| {
                        SourceError::new(
                            SourceErrorKind::Unreachable,
                            format!(
                                "cannot list the pods `{}` in namespace `{}`: {}",
                                set.selector,
                                set.namespace,
                                e.message()
                            ),
                        )
                    })?;
                Ok(pods
                    .iter()
                    .filter(|p| is_running(p))
                    .filter_map(|p| p.pointer("/metadata/name").and_then(Value::as_str))
                    .map(|n| Endpoint::Pod(n.to_string()))
                    .collect())
            }
        }
    }

    async fn scrape(&self, endpoint: &Endpoint) -> Result<String, SourceError> {
        let fetch = async {
            match (endpoint, &self.proxies) {
                (Endpoint::Url(base), _) => self.scrape_url(base).await,
                (Endpoint::Pod(pod), Proxies::Pods(set)) => scrape_pod(set, pod).await,
                (Endpoint::Pod(pod), Proxies::Admin(_)) => Err(SourceError::new(
                    SourceErrorKind::Unreachable,
                    format!("pod `{pod}` has no admin URL"),
                )),
            }
        };
        match tokio::time::timeout(self.timeout, fetch).await {
            Ok(result) => result,
            Err(_) => Err(SourceError::new(
                SourceErrorKind::Timeout,
                format!(
                    "proxy `{}` did not answer within {}",
                    endpoint.name(),
                    Duration::from_millis(self.timeout.as_millis() as u64)
                ),
            )),
        }
    }

    async fn scrape_url(&self, base: &str) -> Result<String, SourceError> {
        let url = format!("{}/stats/prometheus", base.trim_end_matches('/'));
        let unreachable = |e: reqwest::Error| {
            SourceError::new(
                SourceErrorKind::Unreachable,
                format!("cannot scrape `{url}`: {}", plain_reqwest_error(&e)),
            )
        };
        let response = self.http.get(&url).send().await.map_err(unreachable)?;
        let status = response.status();
        let body = response.text().await.map_err(unreachable)?;
        if !status.is_success() {
            return Err(SourceError::new(
                SourceErrorKind::BadResponse,
                format!("`{url}` answered {status}"),
            ));
        }
        Ok(body)
    }

    /// Scrapes every proxy once. `expected` are proxies that must answer (the pods of
    /// the first snapshot are allowed to vanish only by leaving the pod list).
    async fn snapshot(
        &self,
        target: &Target,
        endpoints: &[Endpoint],
    ) -> Result<Snapshot, SourceError> {
        let taken_at_ms = self.started.elapsed().as_millis() as u64;
        let bodies = join_all(endpoints.iter().map(|e| self.scrape(e))).await;
        let mut snapshot = Snapshot::new(taken_at_ms);
        for (endpoint, body) in endpoints.iter().zip(bodies) {
            let body = body?;
            let scrape = prom::parse(&body).map_err(|e| {
                SourceError::new(
                    SourceErrorKind::BadResponse,
                    format!("cannot read the stats of `{}`: {e}", endpoint.name()),
                )
            })?;
            snapshot.add_scrape(endpoint.name(), &scrape, target);
        }
        Ok(snapshot)
    }
}

impl MetricSource for EnvoyStatsSource {
    fn sample<'a>(&'a self, target: &'a Target, window: Duration) -> SourceFuture<'a, Sample> {
        Box::pin(async move {
            let first = self.endpoints().await?;
            if first.is_empty() {
                return Err(no_proxies(&self.proxies, target));
            }
            let before = self.snapshot(target, &first).await?;
            self.log(|| {
                format!(
                    "subset `{}`: first scrape of {}; the second in {window}",
                    target.subset,
                    names(&first)
                )
            });
            tokio::time::sleep(window.as_std()).await;
            // Pods are listed again: one that left the list vanished (counted as
            // partial), a new one may have started inside the window.
            let second = self.endpoints().await?;
            if second.is_empty() {
                return Err(no_proxies(&self.proxies, target));
            }
            let after = self.snapshot(target, &second).await?;
            self.log(|| {
                format!(
                    "subset `{}`: second scrape of {}",
                    target.subset,
                    names(&second)
                )
            });
            Sample::between(&before, &after)
                .map_err(|e| SourceError::new(SourceErrorKind::BadResponse, e.message))
        })
    }

    /// Counters only grow from a first look: the first scrape within `age` is kept as
    /// the baseline of the target (and counts nothing); later ones count the growth
    /// since (the latency histogram's too: the difference of the two snapshots), with
    /// the restart rules of [`Sample::between`]. A baseline older than
    /// `age` belongs to an earlier stage and is replaced.
    fn counts<'a>(&'a self, target: &'a Target, age: Duration) -> SourceFuture<'a, Counts> {
        Box::pin(async move {
            let endpoints = self.endpoints().await?;
            if endpoints.is_empty() {
                return Err(no_proxies(&self.proxies, target));
            }
            let now = self.snapshot(target, &endpoints).await?;
            let key = format!("{}/{}/{}", target.namespace, target.service, target.subset);
            let mut baselines = self.baselines.lock().expect("poisoned");
            // A second of slack: the caller's clock and this source's differ a little;
            // an earlier stage's baseline is older by that whole stage.
            let stage_began = now.taken_at_ms.saturating_sub(age.as_millis() + 1000);
            let base = match baselines.get(&key) {
                Some(b) if b.taken_at_ms >= stage_began && b.taken_at_ms < now.taken_at_ms => b,
                _ => {
                    baselines.insert(key, now);
                    return Ok(Counts::default());
                }
            };
            let grown = Sample::between(base, &now)
                .map_err(|e| SourceError::new(SourceErrorKind::BadResponse, e.message))?;
            Ok(Counts {
                requests: grown.requests.round() as u64,
                errors: grown.errors.round() as u64,
                latency: grown.histogram,
            })
        })
    }
}

fn names(endpoints: &[Endpoint]) -> String {
    endpoints
        .iter()
        .map(|e| format!("`{}`", e.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn no_proxies(proxies: &Proxies, target: &Target) -> SourceError {
    let message = match proxies {
        Proxies::Admin(_) => format!(
            "no Envoy admin URL to scrape for subset `{}` of `{}`",
            target.subset, target.service
        ),
        Proxies::Pods(set) => format!(
            "no running pod matches `{}` in namespace `{}` (subset `{}` of `{}`)",
            set.selector, set.namespace, target.subset, target.service
        ),
    };
    SourceError::new(SourceErrorKind::Unreachable, message)
}

fn is_running(pod: &Value) -> bool {
    pod.pointer("/status/phase").and_then(Value::as_str) == Some("Running")
        && pod.pointer("/metadata/deletionTimestamp").is_none()
}

/// The pod proxy path of a pod's stats endpoint.
pub fn pod_stats_path(namespace: &str, pod: &str, port: u16) -> String {
    crate::kube::pod_proxy_path(namespace, pod, port, STATS_PATH)
}

/// Where Envoy (and Istio's agent) serve stats in Prometheus' text format.
const STATS_PATH: &str = "/stats/prometheus";

async fn scrape_pod(set: &PodSet, pod: &str) -> Result<String, SourceError> {
    set.cluster
        .scrape(&set.namespace, pod, set.port, STATS_PATH)
        .await
        .map_err(|e| {
            let kind = match e.kind() {
                meshctl_core::ErrorKind::Unavailable => SourceErrorKind::Unreachable,
                _ => SourceErrorKind::BadResponse,
            };
            SourceError::new(
                kind,
                format!(
                    "cannot scrape pod `{pod}` port {} through the API server: {}",
                    set.port,
                    e.message()
                ),
            )
        })
}

/// An HTTP client for metric endpoints. reqwest is built without a crypto provider
/// and shares the process's `ring` provider; installing it here too keeps library
/// users (tests) from a panic when `main` did not run.
pub(crate) fn http_client(
    timeout: Option<std::time::Duration>,
    ca: Option<Vec<reqwest::Certificate>>,
) -> Result<reqwest::Client, reqwest::Error> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut builder = reqwest::Client::builder();
    if let Some(t) = timeout {
        builder = builder.timeout(t);
    }
    if let Some(certs) = ca {
        builder = builder.tls_certs_merge(certs);
    }
    builder.build()
}

/// reqwest's errors nest the cause; people want the innermost one.
pub(crate) fn plain_reqwest_error(e: &reqwest::Error) -> String {
    let mut text = if e.is_timeout() {
        "timed out".to_string()
    } else if e.is_connect() {
        "connection failed".to_string()
    } else {
        "request failed".to_string()
    };
    let mut source = std::error::Error::source(e);
    let mut last = None;
    while let Some(s) = source {
        last = Some(s.to_string());
        source = s.source();
    }
    if let Some(cause) = last {
        text.push_str(&format!(" ({cause})"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pod_proxy_paths_name_namespace_pod_and_port() {
        assert_eq!(
            pod_stats_path("shop", "reviews-v2-abc", 15090),
            "/api/v1/namespaces/shop/pods/reviews-v2-abc:15090/proxy/stats/prometheus"
        );
    }

    #[test]
    fn only_running_pods_not_being_deleted_are_scraped() {
        let pod = |phase: &str, deleting: bool| {
            let mut p = serde_json::json!({"metadata": {"name": "p"}, "status": {"phase": phase}});
            if deleting {
                p["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:00Z".into();
            }
            p
        };
        assert!(is_running(&pod("Running", false)));
        assert!(!is_running(&pod("Pending", false)));
        assert!(!is_running(&pod("Running", true)));
    }

    #[tokio::test]
    async fn no_admin_url_is_an_error_not_an_empty_sample() {
        let source = EnvoyStatsSource::new(Proxies::Admin(Vec::new()));
        let target = Target::new("default", "reviews", "v2");
        let err = source
            .sample(&target, Duration::from_millis(1))
            .await
            .unwrap_err();
        assert_eq!(err.kind, SourceErrorKind::Unreachable);
        assert!(err.message.contains("subset `v2`"), "{err}");
    }

    #[tokio::test]
    async fn an_admin_url_nobody_listens_on_is_unreachable() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let source =
            EnvoyStatsSource::new(Proxies::Admin(vec![format!("http://127.0.0.1:{port}")]));
        let target = Target::new("default", "reviews", "v2");
        let err = source
            .sample(&target, Duration::from_millis(1))
            .await
            .unwrap_err();
        assert_eq!(err.kind, SourceErrorKind::Unreachable, "{err}");
        assert!(err.message.contains("/stats/prometheus"), "{err}");
    }
}
