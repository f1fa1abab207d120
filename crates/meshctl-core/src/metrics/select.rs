//! Picking one subset's request and latency series out of a proxy's scrape.
//!
//! Two families carry the same facts under different names:
//! - Istio standard metrics: `istio_requests_total` and
//!   `istio_request_duration_milliseconds_{bucket,sum,count}`, labelled `reporter`,
//!   `destination_service_{name,namespace}` (or `destination_service`),
//!   `destination_version` and `response_code`.
//! - Envoy cluster stats for Istio cluster names `outbound|PORT|SUBSET|FQDN`:
//!   `envoy_cluster_upstream_rq` (per code), `envoy_cluster_upstream_rq_xx` (per class)
//!   and `envoy_cluster_upstream_rq_time_{bucket,sum,count}`. Plain Envoy tags them
//!   `envoy_cluster_name`, `envoy_response_code`, `envoy_response_code_class="5"`; an
//!   Istio sidecar tags them `cluster_name`, `response_code`, `response_code_class="5xx"`
//!   and puts its class series under `envoy_cluster_upstream_rq` beside the code series.
//!
//! Codes and classes count the same requests, so they are never added together: code
//! series are used when a proxy has any, class series otherwise. The `external`/`internal`
//! variants (`envoy_cluster_external_upstream_rq`) are subsets of the same requests and
//! are ignored.

use super::histogram::Histogram;
use super::prom::{Sample as PromSample, Scrape};
use crate::host::is_service_fqdn;
use serde::{Deserialize, Serialize};

/// Which proxy's view of a request Istio metrics count: the client's (`source`) or the
/// server's (`destination`). Each request is reported by both, so only one is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reporter {
    Source,
    /// The subset's own sidecars: the default, since those are the pods scraped.
    #[default]
    Destination,
}

impl Reporter {
    pub fn as_str(self) -> &'static str {
        match self {
            Reporter::Source => "source",
            Reporter::Destination => "destination",
        }
    }
}

/// Which family of series a figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeriesFamily {
    Istio,
    Envoy,
}

/// The subset of a service whose traffic is judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub namespace: String,
    pub service: String,
    /// The DestinationRule subset (the third part of an Istio cluster name).
    pub subset: String,
    /// The pods' `version` label, as Istio metrics report it in `destination_version`;
    /// the subset name when not set.
    pub version: Option<String>,
    /// The service port; any port when not set.
    pub port: Option<u16>,
    pub reporter: Reporter,
    pub cluster_domain: String,
}

impl Target {
    pub fn new(
        namespace: impl Into<String>,
        service: impl Into<String>,
        subset: impl Into<String>,
    ) -> Self {
        Target {
            namespace: namespace.into(),
            service: service.into(),
            subset: subset.into(),
            version: None,
            port: None,
            reporter: Reporter::default(),
            cluster_domain: "cluster.local".to_string(),
        }
    }

    pub fn with_port(mut self, port: u16) -> Self {
        self.port = Some(port);
        self
    }

    pub fn with_version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    pub fn with_reporter(mut self, reporter: Reporter) -> Self {
        self.reporter = reporter;
        self
    }

    /// The service's host name, `reviews.default.svc.cluster.local`.
    pub fn host(&self) -> String {
        format!(
            "{}.{}.svc.{}",
            self.service, self.namespace, self.cluster_domain
        )
    }

    /// The value of `destination_version` this subset's requests carry.
    pub fn version(&self) -> &str {
        self.version.as_deref().unwrap_or(&self.subset)
    }

    /// The outbound cluster name when the port is known:
    /// `outbound|8080|v1|reviews.default.svc.cluster.local`.
    pub fn cluster_name(&self) -> Option<String> {
        self.port
            .map(|port| format!("outbound|{port}|{}|{}", self.subset, self.host()))
    }

    /// Whether an Envoy cluster name is this target's outbound cluster.
    pub fn matches_cluster(&self, name: &str) -> bool {
        let Some(cluster) = ClusterName::parse(name) else {
            return false;
        };
        cluster.direction == "outbound"
            && cluster.subset == self.subset
            && self.port.is_none_or(|p| p == cluster.port)
            && is_service_fqdn(
                cluster.host,
                &self.service,
                &self.namespace,
                &self.cluster_domain,
            )
    }
}

/// An Istio cluster name, `DIRECTION|PORT|SUBSET|HOST` (subset may be empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClusterName<'a> {
    pub direction: &'a str,
    pub port: u16,
    pub subset: &'a str,
    pub host: &'a str,
}

impl<'a> ClusterName<'a> {
    pub fn parse(name: &'a str) -> Option<Self> {
        let mut parts = name.splitn(4, '|');
        let direction = parts.next()?;
        let port = parts.next()?.parse().ok()?;
        let subset = parts.next()?;
        let host = parts.next()?;
        if !matches!(direction, "outbound" | "inbound") || host.is_empty() || host.contains('|') {
            return None;
        }
        Some(ClusterName {
            direction,
            port,
            subset,
            host,
        })
    }
}

/// One family's cumulative figures for the target in one scrape.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counters {
    pub requests: f64,
    /// Requests answered with a 5xx status.
    pub errors: f64,
    /// Request latency in milliseconds, if the histogram is present.
    pub latency: Option<Histogram>,
}

/// What one proxy's scrape says about a target, in both families. A family is `None`
/// when the scrape has no series of it for the target.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProxyCounters {
    pub istio: Option<Counters>,
    pub envoy: Option<Counters>,
    /// Seconds since the proxy started (`envoy_server_uptime`), to tell restarts.
    pub uptime_secs: Option<f64>,
}

impl ProxyCounters {
    pub fn family(&self, family: SeriesFamily) -> Option<&Counters> {
        match family {
            SeriesFamily::Istio => self.istio.as_ref(),
            SeriesFamily::Envoy => self.envoy.as_ref(),
        }
    }
}

#[derive(Default)]
struct Tally {
    seen: bool,
    by_code: (bool, f64, f64),
    by_class: (bool, f64, f64),
    latency: Option<Histogram>,
}

impl Tally {
    fn code(&mut self, code: &str, value: f64) {
        self.by_code.0 = true;
        self.by_code.1 += value;
        if code.starts_with('5') {
            self.by_code.2 += value;
        }
    }

    fn class(&mut self, class: &str, value: f64) {
        self.by_class.0 = true;
        self.by_class.1 += value;
        if class.starts_with('5') {
            self.by_class.2 += value;
        }
    }

    fn histogram_part(&mut self, suffix: &str, sample: &PromSample<'_, '_>) {
        // `upstream_rq_timeout` shares the prefix; it is not part of the histogram.
        if !matches!(suffix, "_bucket" | "_sum" | "_count") {
            return;
        }
        let h = self.latency.get_or_insert_with(Histogram::default);
        match suffix {
            "_bucket" => {
                if let Some(le) = sample.label("le").and_then(|le| le.parse::<f64>().ok()) {
                    h.add_bucket(le, sample.value());
                }
            }
            "_sum" => h.sum += sample.value(),
            "_count" => h.count += sample.value(),
            _ => {}
        }
    }

    fn finish(self) -> Option<Counters> {
        if !self.seen {
            return None;
        }
        let (_, requests, errors) = if self.by_code.0 {
            self.by_code
        } else {
            self.by_class
        };
        Some(Counters {
            requests,
            errors,
            latency: self.latency,
        })
    }
}

/// Reads both families' figures for `target` from one proxy's scrape.
pub fn select(scrape: &Scrape<'_>, target: &Target) -> ProxyCounters {
    let mut istio = Tally::default();
    let mut envoy = Tally::default();
    let mut uptime_secs = None;
    for sample in scrape.samples() {
        let name = sample.name();
        if let Some(rest) = name.strip_prefix("envoy_cluster_") {
            let Some(cluster) = sample
                .label("envoy_cluster_name")
                .or_else(|| sample.label("cluster_name"))
            else {
                continue;
            };
            if !target.matches_cluster(cluster) {
                continue;
            }
            envoy.seen = true;
            let code = || {
                sample
                    .label("envoy_response_code")
                    .or_else(|| sample.label("response_code"))
            };
            let class = || {
                sample
                    .label("envoy_response_code_class")
                    .or_else(|| sample.label("response_code_class"))
            };
            match rest {
                "upstream_rq" => {
                    if let Some(code) = code() {
                        envoy.code(code, sample.value());
                    } else if let Some(class) = class() {
                        envoy.class(class, sample.value());
                    }
                }
                "upstream_rq_xx" => {
                    if let Some(class) = class() {
                        envoy.class(class, sample.value());
                    }
                }
                _ => {
                    if let Some(suffix) = rest.strip_prefix("upstream_rq_time") {
                        envoy.histogram_part(suffix, &sample);
                    }
                }
            }
        } else if let Some(rest) = name.strip_prefix("istio_") {
            let is_requests = rest == "requests_total";
            let duration = rest.strip_prefix("request_duration_milliseconds");
            if !is_requests && duration.is_none() {
                continue;
            }
            if !istio_matches(&sample, target) {
                continue;
            }
            istio.seen = true;
            if is_requests {
                istio.code(sample.label("response_code").unwrap_or(""), sample.value());
            } else if let Some(suffix) = duration {
                istio.histogram_part(suffix, &sample);
            }
        } else if name == "envoy_server_uptime" {
            uptime_secs = Some(sample.value());
        }
    }
    ProxyCounters {
        istio: istio.finish(),
        envoy: envoy.finish(),
        uptime_secs,
    }
}

fn istio_matches(sample: &PromSample<'_, '_>, target: &Target) -> bool {
    if sample.label("reporter") != Some(target.reporter.as_str())
        || sample.label("destination_version") != Some(target.version())
    {
        return false;
    }
    match (
        sample.label("destination_service_name"),
        sample.label("destination_service_namespace"),
    ) {
        (Some(name), Some(namespace)) => name == target.service && namespace == target.namespace,
        _ => sample.label("destination_service").is_some_and(|host| {
            is_service_fqdn(
                host,
                &target.service,
                &target.namespace,
                &target.cluster_domain,
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::prom::parse;

    const FIXTURE: &str = include_str!("../../../../tests/fixtures/envoy/stats-prometheus.txt");

    fn reviews(subset: &str) -> Target {
        Target::new("default", "reviews", subset)
    }

    #[test]
    fn cluster_names_parse_with_empty_subsets_and_reject_others() {
        let c = ClusterName::parse("outbound|8080|v1|reviews.default.svc.cluster.local").unwrap();
        assert_eq!(
            (c.direction, c.port, c.subset, c.host),
            ("outbound", 8080, "v1", "reviews.default.svc.cluster.local")
        );
        let c = ClusterName::parse("outbound|9080||ratings.default.svc.cluster.local").unwrap();
        assert_eq!(c.subset, "");
        for bad in [
            "reviews",
            "outbound|x|v1|h",
            "outbound|80|v1|",
            "egress|80|v1|h",
        ] {
            assert_eq!(ClusterName::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn target_matches_only_its_own_cluster() {
        let t = reviews("v1");
        assert!(t.matches_cluster("outbound|8080|v1|reviews.default.svc.cluster.local"));
        assert!(!t.matches_cluster("outbound|8080|v2|reviews.default.svc.cluster.local"));
        assert!(!t.matches_cluster("inbound|8080|v1|reviews.default.svc.cluster.local"));
        assert!(!t.matches_cluster("outbound|8080|v1|reviews.other.svc.cluster.local"));
        assert!(!t.matches_cluster("outbound|8080|v1|reviews2.default.svc.cluster.local"));
        assert!(
            !t.clone()
                .with_port(9080)
                .matches_cluster("outbound|8080|v1|reviews.default.svc.cluster.local")
        );
        assert_eq!(
            t.with_port(8080).cluster_name().as_deref(),
            Some("outbound|8080|v1|reviews.default.svc.cluster.local")
        );
    }

    #[test]
    fn real_envoy_scrape_gives_codes_not_codes_plus_classes() {
        let scrape = parse(FIXTURE).unwrap();
        // Captured traffic: v1 answered 237 x 200, 10 x 404, 27 x 503;
        // v2 120 x 200, 40 x 500, 6 x 503 (see scripts/capture-envoy-stats.sh).
        let v1 = select(&scrape, &reviews("v1"));
        assert_eq!(v1.istio, None);
        let e = v1.envoy.unwrap();
        assert_eq!((e.requests, e.errors), (274.0, 27.0));
        let v2 = select(&scrape, &reviews("v2")).envoy.unwrap();
        assert_eq!((v2.requests, v2.errors), (166.0, 46.0));
        let latency = v2.latency.unwrap();
        assert_eq!(latency.buckets.last().unwrap().0, f64::INFINITY);
        assert_eq!(latency.buckets.len(), 20);
        assert!(latency.sum > 0.0);
        assert_eq!(select(&scrape, &reviews("v1")).uptime_secs, Some(15.0));
    }

    #[test]
    fn real_envoy_histogram_gives_interpolated_quantiles() {
        let scrape = parse(FIXTURE).unwrap();
        let h = select(&scrape, &reviews("v1"))
            .envoy
            .unwrap()
            .latency
            .unwrap();
        // 271 observations; 98 at or below 5 ms, 154 at or below 10 ms, 214 at or below
        // 50 ms, all at or below 100 ms.
        let p50 = h.quantile(0.5).unwrap();
        assert!(
            (p50 - (5.0 + 5.0 * (135.5 - 98.0) / 56.0)).abs() < 1e-9,
            "{p50}"
        );
        let p99 = h.quantile(0.99).unwrap();
        assert!(
            (p99 - (50.0 + 50.0 * (0.99 * 271.0 - 214.0) / 57.0)).abs() < 1e-9,
            "{p99}"
        );
    }

    #[test]
    fn real_envoy_scrape_other_subsets_and_services() {
        let scrape = parse(FIXTURE).unwrap();
        let ratings = select(&scrape, &Target::new("default", "ratings", ""));
        assert_eq!(ratings.envoy.unwrap().requests, 20.0);
        assert_eq!(select(&scrape, &reviews("v3")).envoy, None);
        assert_eq!(select(&scrape, &reviews("v1").with_port(9080)).envoy, None);
        assert!(
            select(&scrape, &reviews("v1").with_port(8080))
                .envoy
                .is_some()
        );
    }

    #[test]
    fn class_series_are_used_when_there_are_no_code_series() {
        let text = r#"
envoy_cluster_upstream_rq_xx{envoy_response_code_class="2",envoy_cluster_name="outbound|80|v1|reviews.default.svc.cluster.local"} 90
envoy_cluster_upstream_rq_xx{envoy_response_code_class="5",envoy_cluster_name="outbound|80|v1|reviews.default.svc.cluster.local"} 10
envoy_cluster_upstream_rq_completed{envoy_cluster_name="outbound|80|v1|reviews.default.svc.cluster.local"} 100
"#;
        let e = select(&parse(text).unwrap(), &reviews("v1")).envoy.unwrap();
        assert_eq!((e.requests, e.errors), (100.0, 10.0));
    }

    #[test]
    fn istio_sidecar_tags_share_one_name_for_codes_and_classes() {
        // Istio's bootstrap tags `upstream_rq_200` and `upstream_rq_2xx` both into
        // `envoy_cluster_upstream_rq`: adding every series would double the count.
        let text = r#"
envoy_cluster_upstream_rq{response_code="200",cluster_name="outbound|80|v1|reviews.default.svc.cluster.local"} 95
envoy_cluster_upstream_rq{response_code="503",cluster_name="outbound|80|v1|reviews.default.svc.cluster.local"} 5
envoy_cluster_upstream_rq{response_code_class="2xx",cluster_name="outbound|80|v1|reviews.default.svc.cluster.local"} 95
envoy_cluster_upstream_rq{response_code_class="5xx",cluster_name="outbound|80|v1|reviews.default.svc.cluster.local"} 5
envoy_cluster_external_upstream_rq{response_code="200",cluster_name="outbound|80|v1|reviews.default.svc.cluster.local"} 95
"#;
        let e = select(&parse(text).unwrap(), &reviews("v1")).envoy.unwrap();
        assert_eq!((e.requests, e.errors), (100.0, 5.0));
    }

    #[test]
    fn zero_traffic_cluster_is_present_with_zero_requests() {
        let text = r#"envoy_cluster_upstream_rq_total{envoy_cluster_name="outbound|80|v2|reviews.default.svc.cluster.local"} 0"#;
        let e = select(&parse(text).unwrap(), &reviews("v2")).envoy.unwrap();
        assert_eq!((e.requests, e.errors, e.latency), (0.0, 0.0, None));
    }

    const ISTIO: &str = r#"
# TYPE istio_requests_total counter
istio_requests_total{reporter="destination",source_workload="productpage-v1",destination_service="reviews.default.svc.cluster.local",destination_service_name="reviews",destination_service_namespace="default",destination_workload="reviews-v2",destination_version="v2",response_code="200"} 70
istio_requests_total{reporter="destination",source_workload="gateway",destination_service="reviews.default.svc.cluster.local",destination_service_name="reviews",destination_service_namespace="default",destination_workload="reviews-v2",destination_version="v2",response_code="200"} 20
istio_requests_total{reporter="destination",source_workload="gateway",destination_service="reviews.default.svc.cluster.local",destination_service_name="reviews",destination_service_namespace="default",destination_workload="reviews-v2",destination_version="v2",response_code="503"} 10
istio_requests_total{reporter="source",source_workload="reviews-v2",destination_service="ratings.default.svc.cluster.local",destination_service_name="ratings",destination_service_namespace="default",destination_version="v1",response_code="200"} 500
istio_requests_total{reporter="destination",destination_service="reviews.default.svc.cluster.local",destination_service_name="reviews",destination_service_namespace="default",destination_version="v1",response_code="200"} 1000
# TYPE istio_request_duration_milliseconds histogram
istio_request_duration_milliseconds_bucket{reporter="destination",destination_service_name="reviews",destination_service_namespace="default",destination_version="v2",response_code="200",le="10"} 60
istio_request_duration_milliseconds_bucket{reporter="destination",destination_service_name="reviews",destination_service_namespace="default",destination_version="v2",response_code="200",le="+Inf"} 90
istio_request_duration_milliseconds_sum{reporter="destination",destination_service_name="reviews",destination_service_namespace="default",destination_version="v2",response_code="200"} 1200
istio_request_duration_milliseconds_count{reporter="destination",destination_service_name="reviews",destination_service_namespace="default",destination_version="v2",response_code="200"} 90
istio_request_duration_milliseconds_bucket{reporter="destination",destination_service_name="reviews",destination_service_namespace="default",destination_version="v2",response_code="503",le="10"} 10
istio_request_duration_milliseconds_bucket{reporter="destination",destination_service_name="reviews",destination_service_namespace="default",destination_version="v2",response_code="503",le="+Inf"} 10
istio_request_duration_milliseconds_sum{reporter="destination",destination_service_name="reviews",destination_service_namespace="default",destination_version="v2",response_code="503"} 5
istio_request_duration_milliseconds_count{reporter="destination",destination_service_name="reviews",destination_service_namespace="default",destination_version="v2",response_code="503"} 10
envoy_server_uptime 3600
"#;

    #[test]
    fn istio_standard_metrics_sum_over_sources_per_version() {
        let scrape = parse(ISTIO).unwrap();
        let v2 = select(&scrape, &reviews("v2"));
        assert_eq!(v2.envoy, None);
        assert_eq!(v2.uptime_secs, Some(3600.0));
        let i = v2.istio.unwrap();
        assert_eq!((i.requests, i.errors), (100.0, 10.0));
        let h = i.latency.unwrap();
        assert_eq!(h.buckets, vec![(10.0, 70.0), (f64::INFINITY, 100.0)]);
        assert_eq!((h.sum, h.count), (1205.0, 100.0));
        assert_eq!(
            select(&scrape, &reviews("v1")).istio.unwrap().requests,
            1000.0
        );
    }

    #[test]
    fn istio_reporter_and_version_override_choose_series() {
        let scrape = parse(ISTIO).unwrap();
        assert_eq!(
            select(&scrape, &reviews("v2").with_reporter(Reporter::Source)).istio,
            None
        );
        let ratings = Target::new("default", "ratings", "stable")
            .with_version("v1")
            .with_reporter(Reporter::Source);
        assert_eq!(select(&scrape, &ratings).istio.unwrap().requests, 500.0);
        // Without destination_service_name, the host is matched.
        let text = r#"istio_requests_total{reporter="destination",destination_service="reviews.default.svc.cluster.local",destination_version="v2",response_code="500"} 4"#;
        let i = select(&parse(text).unwrap(), &reviews("v2")).istio.unwrap();
        assert_eq!((i.requests, i.errors), (4.0, 4.0));
    }
}
