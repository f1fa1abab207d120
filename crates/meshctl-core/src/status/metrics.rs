//! The SUCCESS, RPS and P99 columns: one service's figures from its subsets' samples.

use crate::metrics::Sample;
use serde::Serialize;

/// A service's traffic over the window, all subsets together.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceMetrics {
    pub requests: f64,
    pub rps: f64,
    /// Percent of requests not answered with 5xx; `None` without requests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success_rate: Option<f64>,
    /// The highest subset p99 in milliseconds: quantiles of separate subsets cannot be
    /// merged, so this is an upper bound of the service's p99.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p99_ms: Option<f64>,
    /// Why figures are missing or incomplete.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Sums the subsets' samples; a subset without figures makes a note, never a
/// smaller total that looks healthy.
pub fn combine(samples: &[(String, Result<Sample, String>)]) -> ServiceMetrics {
    let mut m = ServiceMetrics {
        requests: 0.0,
        rps: 0.0,
        success_rate: None,
        p99_ms: None,
        note: None,
    };
    let mut errors = 0.0;
    let mut missing = Vec::new();
    for (subset, sample) in samples {
        match sample {
            Ok(s) => {
                m.requests += s.requests;
                m.rps += s.rps;
                errors += s.errors;
                if let Some(p) = s.latency.p99 {
                    m.p99_ms = Some(m.p99_ms.map_or(p, |q: f64| q.max(p)));
                }
            }
            Err(why) => missing.push(format!("`{subset}`: {why}")),
        }
    }
    if m.requests > 0.0 {
        m.success_rate = Some((m.requests - errors.min(m.requests)) / m.requests * 100.0);
    }
    if !missing.is_empty() {
        m.note = Some(format!("no figures for {}", missing.join("; ")));
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Latency;

    fn sample(requests: f64, errors: f64, p99: f64) -> Sample {
        let latency = Latency {
            p99: Some(p99),
            ..Default::default()
        };
        Sample::from_totals(requests, errors, "10s".parse().unwrap(), latency)
    }

    #[test]
    fn subsets_add_up_and_the_worst_p99_stands() {
        let m = combine(&[
            ("v1".into(), Ok(sample(300.0, 3.0, 100.0))),
            ("v2".into(), Ok(sample(100.0, 10.0, 250.0))),
        ]);
        assert_eq!(m.requests, 400.0);
        assert!((m.rps - 40.0).abs() < 1e-9);
        assert!((m.success_rate.unwrap() - 96.75).abs() < 1e-9);
        assert_eq!(m.p99_ms, Some(250.0));
        assert_eq!(m.note, None);
    }

    #[test]
    fn missing_subsets_are_noted_and_no_traffic_has_no_success_rate() {
        let m = combine(&[
            ("v1".into(), Ok(sample(0.0, 0.0, 1.0))),
            ("v2".into(), Err("no request series".into())),
        ]);
        assert_eq!(m.success_rate, None);
        assert_eq!(
            m.note.as_deref(),
            Some("no figures for `v2`: no request series")
        );
    }
}
