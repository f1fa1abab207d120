//! The metric source trait: what the analysis engine asks of the world. Two adapters
//! implement it: direct Envoy scraping (two scrapes a window apart, then
//! [`Sample::between`]) and a Prometheus client (the [`super::promql`] queries).
//!
//! The futures are boxed so sources can be chosen at run time (`Box<dyn MetricSource>`)
//! and the core needs no async runtime.

use super::histogram::Histogram;
use super::promql::QueryValue;
use super::rate::Sample;
use super::select::Target;
use crate::duration::Duration;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// How a source failed; decides whether a check is `Error` or `Inconclusive`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceErrorKind {
    /// Connection refused, DNS failure, no proxy to scrape.
    Unreachable,
    Timeout,
    /// An HTTP error, an unparsable body, a rejected query.
    BadResponse,
    /// The source works but has nothing for the target (no series, empty result).
    NoData,
    /// The source cannot answer this kind of question (PromQL from Envoy scraping).
    Unsupported,
}

/// A metric source's failure, with a message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    pub kind: SourceErrorKind,
    pub message: String,
}

impl SourceError {
    pub fn new(kind: SourceErrorKind, message: impl Into<String>) -> Self {
        SourceError {
            kind,
            message: message.into(),
        }
    }

    /// Missing data is judged by the no-data policy; every other failure is an error.
    pub fn is_no_data(&self) -> bool {
        self.kind == SourceErrorKind::NoData
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SourceError {}

/// How many requests a target served, how many of them were answered 5xx, and how
/// long they took, over some time: what sequential tests count.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Counts {
    pub requests: u64,
    pub errors: u64,
    /// The requests' latency histogram (milliseconds, cumulative by `le`) over the same
    /// time; `None` when the source has none for the target.
    pub latency: Option<Histogram>,
}

impl Counts {
    /// Requests and errors without a latency histogram.
    pub fn new(requests: u64, errors: u64) -> Counts {
        Counts {
            requests,
            errors,
            latency: None,
        }
    }
}

pub type SourceFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, SourceError>> + Send + 'a>>;

/// Where samples come from.
pub trait MetricSource: Send + Sync {
    /// The target's traffic over a window of `window`: the last `window` for a source
    /// with history (Prometheus), the next `window` for one that must scrape twice.
    fn sample<'a>(&'a self, target: &'a Target, window: Duration) -> SourceFuture<'a, Sample>;

    /// The target's requests and 5xx responses over the last `age` (the age of the
    /// stage being judged): `increase()` over `age` for a source with history, the
    /// growth of the counters since this source first looked within `age` for one that
    /// scrapes (its first look counts nothing). Sources that cannot count keep this
    /// default, and only rounds judge.
    fn counts<'a>(&'a self, target: &'a Target, age: Duration) -> SourceFuture<'a, Counts> {
        let _ = (target, age);
        Box::pin(async {
            Err(SourceError::new(
                SourceErrorKind::Unsupported,
                "this metric source cannot count requests since a stage began",
            ))
        })
    }

    /// Evaluates an instant PromQL query. Sources without PromQL keep this default.
    fn query<'a>(&'a self, promql: &'a str) -> SourceFuture<'a, Vec<QueryValue>> {
        let _ = promql;
        Box::pin(async {
            Err(SourceError::new(
                SourceErrorKind::Unsupported,
                "this metric source cannot run PromQL queries",
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::rate::Latency;
    use std::task::{Context, Poll, Waker};

    struct Fixed;

    impl MetricSource for Fixed {
        fn sample<'a>(&'a self, _: &'a Target, window: Duration) -> SourceFuture<'a, Sample> {
            Box::pin(async move { Ok(Sample::from_totals(10.0, 1.0, window, Latency::default())) })
        }
    }

    fn ready<T>(mut f: SourceFuture<'_, T>) -> Result<T, SourceError> {
        match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(r) => r,
            Poll::Pending => panic!("the test source never waits"),
        }
    }

    #[test]
    fn a_source_is_object_safe_and_promql_is_optional() {
        let source: Box<dyn MetricSource> = Box::new(Fixed);
        let target = Target::new("default", "reviews", "v2");
        let s = ready(source.sample(&target, Duration::from_secs(10))).unwrap();
        assert_eq!((s.requests, s.rps, s.success_rate), (10.0, 1.0, Some(90.0)));
        let e = ready(source.query("up")).unwrap_err();
        assert_eq!(e.kind, SourceErrorKind::Unsupported);
        assert!(!e.is_no_data());
    }
}
