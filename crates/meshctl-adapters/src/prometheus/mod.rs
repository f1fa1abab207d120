//! Prometheus as a metric source: instant queries over HTTP.
//!
//! A sample is the built-in queries ([`meshctl_core::metrics::promql`]) for requests,
//! 5xx responses and latency quantiles over the last window. Which family of series
//! answers is found once per target: Istio standard metrics first, then Envoy cluster
//! stats with Envoy's tags, then with Istio's tags; none answering is no data.
//!
//! The bearer token comes from the caller (a file or an environment variable, never
//! argv) and is never logged: the query log callback sees only the PromQL.

use crate::envoy_stats::{http_client, plain_reqwest_error};
use meshctl_core::duration::Duration;
use meshctl_core::metrics::promql::{self, QueryFamily, QueryKind, QueryVars};
use meshctl_core::metrics::{
    Counts, Latency, MetricSource, Quantile, QueryValue, Sample, SourceError, SourceErrorKind,
    SourceFuture, Target,
};

/// Called with every resolved query before it is sent (`-v` prints them).
pub type QueryLog = crate::envoy_stats::Log;

pub const DEFAULT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// How to reach Prometheus.
#[derive(Clone, Default)]
pub struct PrometheusOptions {
    /// `http://prometheus.istio-system:9090`, with any path prefix.
    pub url: String,
    pub token: Option<String>,
    /// PEM bytes of extra CA certificates.
    pub ca_pem: Option<Vec<u8>>,
    pub timeout: Option<std::time::Duration>,
    /// Use this family instead of finding one.
    pub family: Option<QueryFamily>,
}

impl std::fmt::Debug for PrometheusOptions {
    // The token never appears in debug output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrometheusOptions")
            .field("url", &self.url)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .field("family", &self.family)
            .finish()
    }
}

/// Instant queries against one Prometheus; implements [`MetricSource`].
pub struct PrometheusSource {
    base: String,
    token: Option<String>,
    family: Option<QueryFamily>,
    timeout: std::time::Duration,
    http: reqwest::Client,
    log: Option<QueryLog>,
}

/// Why the options cannot make a client.
#[derive(Debug)]
pub struct OptionsError {
    pub message: String,
}

impl std::fmt::Display for OptionsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OptionsError {}

impl PrometheusSource {
    pub fn new(options: PrometheusOptions) -> Result<Self, OptionsError> {
        let url = options.url.trim_end_matches('/').to_string();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(OptionsError {
                message: format!("`{}` is not an http:// or https:// URL", options.url),
            });
        }
        let ca = match &options.ca_pem {
            Some(pem) => {
                let certs =
                    reqwest::Certificate::from_pem_bundle(pem).map_err(|e| OptionsError {
                        message: format!("the CA file holds no PEM certificate: {e}"),
                    })?;
                if certs.is_empty() {
                    return Err(OptionsError {
                        message: "the CA file holds no PEM certificate".to_string(),
                    });
                }
                Some(certs)
            }
            None => None,
        };
        let timeout = options.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let http = http_client(Some(timeout), ca).map_err(|e| OptionsError {
            message: format!("cannot set up an HTTP client: {}", plain_reqwest_error(&e)),
        })?;
        Ok(PrometheusSource {
            base: url,
            token: options.token.filter(|t| !t.is_empty()),
            family: options.family,
            timeout,
            http,
            log: None,
        })
    }

    pub fn with_query_log(mut self, log: QueryLog) -> Self {
        self.log = Some(log);
        self
    }

    async fn instant(&self, query: &str) -> Result<Vec<QueryValue>, SourceError> {
        if let Some(log) = &self.log {
            log(query);
        }
        let url = format!("{}/api/v1/query", self.base);
        let mut request = self.http.get(&url).query(&[("query", query)]);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.map_err(|e| self.transport(&e))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| self.transport(&e))?;
        let json: serde_json::Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(_) => {
                return Err(SourceError::new(
                    SourceErrorKind::BadResponse,
                    format!(
                        "Prometheus at `{}` answered {status} without JSON",
                        self.base
                    ),
                ));
            }
        };
        // Prometheus answers 400/422 with a JSON error body; read it for the reason.
        promql::parse_instant_response(&json).map_err(|e| {
            let hint = match status.as_u16() {
                401 | 403 => " (check the token)",
                _ => "",
            };
            SourceError::new(
                SourceErrorKind::BadResponse,
                format!("{} ({status}){hint}", e.message),
            )
        })
    }

    fn transport(&self, e: &reqwest::Error) -> SourceError {
        let kind = if e.is_timeout() {
            SourceErrorKind::Timeout
        } else {
            SourceErrorKind::Unreachable
        };
        let what = if e.is_timeout() {
            format!(
                "timed out after {}",
                Duration::from_millis(self.timeout.as_millis() as u64)
            )
        } else {
            plain_reqwest_error(e)
        };
        SourceError::new(
            kind,
            format!("cannot query Prometheus at `{}`: {what}", self.base),
        )
    }

    /// One number from a built-in query; `None` for an empty answer.
    async fn scalar(
        &self,
        family: QueryFamily,
        kind: QueryKind,
        vars: &QueryVars,
    ) -> Result<Option<f64>, SourceError> {
        let query = promql::builtin(family, kind, vars)
            .map_err(|e| SourceError::new(SourceErrorKind::BadResponse, e.message))?;
        let values = self.instant(&query).await?;
        Ok(values.first().map(|v| v.value))
    }

    /// The family whose request counter has a number for the target, with that number.
    async fn requests(&self, vars: &QueryVars) -> Result<Option<(QueryFamily, f64)>, SourceError> {
        let families = match self.family {
            Some(f) => vec![f],
            None => vec![
                QueryFamily::Istio,
                QueryFamily::Envoy,
                QueryFamily::EnvoyIstioTags,
            ],
        };
        for family in families {
            if let Some(v) = self.scalar(family, QueryKind::Requests, vars).await? {
                return Ok(Some((family, v)));
            }
        }
        Ok(None)
    }
}

impl MetricSource for PrometheusSource {
    fn sample<'a>(&'a self, target: &'a Target, window: Duration) -> SourceFuture<'a, Sample> {
        Box::pin(async move {
            let vars = QueryVars::new(target, window);
            let Some((family, requests)) = self.requests(&vars).await? else {
                return Err(SourceError::new(
                    SourceErrorKind::NoData,
                    format!(
                        "Prometheus has no request series for subset `{}` of `{}` in namespace `{}` (last {window})",
                        target.subset, target.service, target.namespace
                    ),
                ));
            };
            if !requests.is_finite() {
                return Err(SourceError::new(
                    SourceErrorKind::NoData,
                    format!(
                        "Prometheus answered `{requests}` for the requests of subset `{}` in the last {window}",
                        target.subset
                    ),
                ));
            }
            // No 5xx series at all is zero errors; a NaN is not.
            let errors = self.scalar(family, QueryKind::Errors, &vars).await?;
            let errors = match errors {
                None => 0.0,
                Some(e) if e.is_finite() => e,
                Some(e) => {
                    return Err(SourceError::new(
                        SourceErrorKind::NoData,
                        format!(
                            "Prometheus answered `{e}` for the 5xx responses of subset `{}`",
                            target.subset
                        ),
                    ));
                }
            };
            let mut latency = Latency::default();
            if requests > 0.0 {
                for q in [Quantile::P50, Quantile::P90, Quantile::P95, Quantile::P99] {
                    let v = self
                        .scalar(family, QueryKind::Latency, &vars.clone().with_quantile(q))
                        .await?;
                    latency.set(q, v.filter(|v| v.is_finite()));
                }
            }
            // `increase` extrapolates, so it may be slightly above the true count.
            let mut sample = Sample::from_totals(requests, errors.min(requests), window, latency);
            sample.family = Some(match family {
                QueryFamily::Istio => meshctl_core::metrics::SeriesFamily::Istio,
                _ => meshctl_core::metrics::SeriesFamily::Envoy,
            });
            Ok(sample)
        })
    }

    /// `increase()` of the request and 5xx counters, and of the latency histogram's
    /// buckets by `le`, over the stage's age (at least 1s). No series yet is no
    /// requests: it adds no evidence, so it passes nothing.
    fn counts<'a>(&'a self, target: &'a Target, age: Duration) -> SourceFuture<'a, Counts> {
        Box::pin(async move {
            let age = Duration::from_millis(age.as_millis().max(1000));
            let vars = QueryVars::new(target, age);
            let Some((family, requests)) = self.requests(&vars).await? else {
                return Ok(Counts::default());
            };
            let errors = self.scalar(family, QueryKind::Errors, &vars).await?;
            // `increase` extrapolates to fractions; NaN (no samples yet) is nothing.
            let whole = |v: f64| {
                if v.is_finite() {
                    v.round().max(0.0) as u64
                } else {
                    0
                }
            };
            let requests = whole(requests);
            let buckets = promql::builtin(family, QueryKind::Buckets, &vars)
                .map_err(|e| SourceError::new(SourceErrorKind::BadResponse, e.message))?;
            let latency = promql::histogram_from_buckets(&self.instant(&buckets).await?);
            Ok(Counts {
                requests,
                errors: whole(errors.unwrap_or(0.0)).min(requests),
                latency,
            })
        })
    }

    fn query<'a>(&'a self, promql: &'a str) -> SourceFuture<'a, Vec<QueryValue>> {
        Box::pin(self.instant(promql))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_must_be_http_and_lose_trailing_slashes() {
        let e = PrometheusSource::new(PrometheusOptions {
            url: "prometheus:9090".into(),
            ..Default::default()
        })
        .err()
        .unwrap();
        assert!(e.message.contains("`prometheus:9090`"), "{e}");
        let s = PrometheusSource::new(PrometheusOptions {
            url: "http://127.0.0.1:9090/prom/".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(s.base, "http://127.0.0.1:9090/prom");
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let o = PrometheusOptions {
            url: "http://p".into(),
            token: Some("s3cr3t".into()),
            ..Default::default()
        };
        let text = format!("{o:?}");
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
    }

    #[test]
    fn a_ca_file_without_certificates_is_refused() {
        let e = PrometheusSource::new(PrometheusOptions {
            url: "https://p".into(),
            ca_pem: Some(b"not a certificate".to_vec()),
            ..Default::default()
        })
        .err()
        .unwrap();
        assert!(e.message.contains("CA file"), "{e}");
    }
}
