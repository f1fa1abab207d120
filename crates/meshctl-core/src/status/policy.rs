//! The POLICY column: a DestinationRule's traffic policy in a few words.

use crate::model::TrafficPolicy;
use serde_json::Value;

/// `lb:LEAST_REQUEST`, `lb:hash`, `outlier:5x/10s`, `tls:ISTIO_MUTUAL`, `pool`.
pub fn policy_summary(policy: Option<&TrafficPolicy>) -> Vec<String> {
    let Some(p) = policy else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(lb) = &p.load_balancer {
        if let Some(simple) = &lb.simple {
            out.push(format!("lb:{simple}"));
        } else if lb.consistent_hash.is_some() {
            out.push("lb:hash".to_string());
        }
    }
    if let Some(o) = &p.outlier_detection {
        // `consecutiveErrors` is the field's deprecated name.
        let errors = o
            .consecutive_5xx_errors
            .map(u64::from)
            .or_else(|| o.extra.get("consecutiveErrors").and_then(Value::as_u64));
        out.push(match (errors, &o.interval) {
            (Some(n), Some(i)) => format!("outlier:{n}x/{i}"),
            (Some(n), None) => format!("outlier:{n}x"),
            _ => "outlier".to_string(),
        });
    }
    if p.connection_pool.is_some() {
        out.push("pool".to_string());
    }
    if let Some(mode) = p.tls.as_ref().and_then(|t| t.mode.as_ref()) {
        out.push(format!("tls:{mode}"));
    }
    out
}
