//! Proxy metrics, purely: reading Prometheus exposition text, picking the request and
//! latency series of one subset out of a scrape (Istio standard metrics or Envoy
//! cluster stats), turning two scrapes into a [`Sample`] of rates and latency
//! quantiles, PromQL query templates and Prometheus API responses, and the
//! [`MetricSource`] trait the Envoy and Prometheus adapters implement.
//!
//! Nothing here does I/O or reads the clock: scrape times are passed in.

pub mod histogram;
pub mod prom;
pub mod promql;
pub mod rate;
pub mod select;
pub mod source;
pub mod view;

pub use histogram::{Histogram, Quantile};
pub use promql::{QueryFamily, QueryKind, QueryValue, QueryVars, histogram_from_buckets};
pub use rate::{Latency, Sample, Snapshot, WindowError};
pub use select::{ClusterName, Counters, ProxyCounters, Reporter, SeriesFamily, Target, select};
pub use source::{Counts, MetricSource, SourceError, SourceErrorKind, SourceFuture};
