//! A small metric source for rollouts: scrape Envoy admin endpoints
//! (`/stats/prometheus`) twice, a window apart, and turn the two scrapes into a sample
//! with the pure `core::metrics` code. Given with `--envoy-admin URL` (repeatable: one
//! per proxy whose traffic counts). The fuller adapters (pods via the API server's pod
//! proxy, Prometheus) live with the metrics adapters; this one keeps rollouts usable
//! and testable against a real Envoy on its own.

use crate::core::duration::Duration;
use crate::core::metrics::prom::parse;
use crate::core::metrics::{
    MetricSource, Sample, Snapshot, SourceError, SourceErrorKind, SourceFuture, Target,
};

pub struct EnvoyAdmin {
    urls: Vec<String>,
    client: reqwest::Client,
}

impl EnvoyAdmin {
    pub fn new(urls: Vec<String>) -> crate::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| crate::Error::internal(format!("cannot build an HTTP client: {e}")))?;
        Ok(EnvoyAdmin {
            urls: urls
                .into_iter()
                .map(|u| u.trim_end_matches('/').to_string())
                .collect(),
            client,
        })
    }

    async fn snapshot(&self, target: &Target) -> Result<Snapshot, SourceError> {
        let mut texts = Vec::new();
        for url in &self.urls {
            let full = format!("{url}/stats/prometheus");
            let resp = self.client.get(&full).send().await.map_err(|e| {
                let kind = if e.is_timeout() {
                    SourceErrorKind::Timeout
                } else {
                    SourceErrorKind::Unreachable
                };
                SourceError::new(kind, format!("cannot scrape `{full}`: {e}"))
            })?;
            if !resp.status().is_success() {
                return Err(SourceError::new(
                    SourceErrorKind::BadResponse,
                    format!("`{full}` answered {}", resp.status()),
                ));
            }
            let text = resp.text().await.map_err(|e| {
                SourceError::new(
                    SourceErrorKind::BadResponse,
                    format!("cannot read `{full}`: {e}"),
                )
            })?;
            texts.push((url.clone(), text));
        }
        let now_ms = jiff::Timestamp::now().as_millisecond().max(0) as u64;
        let mut snap = Snapshot::new(now_ms);
        for (url, text) in &texts {
            let scrape = parse(text).map_err(|e| {
                SourceError::new(
                    SourceErrorKind::BadResponse,
                    format!("cannot parse the stats of `{url}`: {e}"),
                )
            })?;
            snap.add_scrape(url.clone(), &scrape, target);
        }
        Ok(snap)
    }
}

impl MetricSource for EnvoyAdmin {
    fn sample<'a>(&'a self, target: &'a Target, window: Duration) -> SourceFuture<'a, Sample> {
        Box::pin(async move {
            let before = self.snapshot(target).await?;
            tokio::time::sleep(window.as_std()).await;
            let after = self.snapshot(target).await?;
            let sample = Sample::between(&before, &after)
                .map_err(|e| SourceError::new(SourceErrorKind::BadResponse, e.message))?;
            if sample.family.is_none() {
                return Err(SourceError::new(
                    SourceErrorKind::NoData,
                    format!(
                        "no request series for subset `{}` of `{}` in the Envoy stats",
                        target.subset, target.service
                    ),
                ));
            }
            Ok(sample)
        })
    }
}
