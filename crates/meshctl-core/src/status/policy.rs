//! The POLICY column: a DestinationRule's traffic policy in a few words.

use serde_json::Value;

/// `lb:LEAST_REQUEST`, `lb:hash`, `outlier:5x/10s`, `tls:ISTIO_MUTUAL`, `pool`.
pub fn policy_summary(policy: Option<&Value>) -> Vec<String> {
    let Some(p) = policy else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(lb) = p.get("loadBalancer") {
        if let Some(simple) = lb.get("simple").and_then(Value::as_str) {
            out.push(format!("lb:{simple}"));
        } else if lb.get("consistentHash").is_some() {
            out.push("lb:hash".to_string());
        }
    }
    if let Some(o) = p.get("outlierDetection") {
        let errors = o
            .get("consecutive5xxErrors")
            .or_else(|| o.get("consecutiveErrors"))
            .and_then(Value::as_u64);
        let interval = o.get("interval").and_then(Value::as_str);
        out.push(match (errors, interval) {
            (Some(n), Some(i)) => format!("outlier:{n}x/{i}"),
            (Some(n), None) => format!("outlier:{n}x"),
            _ => "outlier".to_string(),
        });
    }
    if p.get("connectionPool").is_some() {
        out.push("pool".to_string());
    }
    if let Some(mode) = p.pointer("/tls/mode").and_then(Value::as_str) {
        out.push(format!("tls:{mode}"));
    }
    out
}
