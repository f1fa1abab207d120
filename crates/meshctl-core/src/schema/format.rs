//! The `format`s the API server checks: string formats from kube-openapi's registry
//! (those the Istio CRDs use and a few cheap others), and, since Kubernetes 1.36,
//! the ranges of the numeric formats `int32`, `int64` and `float`.

use regex::Regex;
use serde_json::Value;
use std::sync::OnceLock;

/// What is wrong with `value` for `format`, if anything. Unknown formats pass, as in
/// Kubernetes, which ignores formats it does not recognise.
pub fn check(format: &str, value: &Value) -> Option<String> {
    match value {
        Value::String(s) => check_string(format, s),
        Value::Number(n) => check_number(format, n),
        _ => None,
    }
}

fn check_number(format: &str, n: &serde_json::Number) -> Option<String> {
    match format {
        // A whole number written as `1.0` or `1e2` is an integer to the API server.
        "int32" => {
            let ok = n.as_i64().is_some_and(|i| i32::try_from(i).is_ok())
                || n.as_f64().is_some_and(|f| {
                    f.fract() == 0.0 && f >= f64::from(i32::MIN) && f <= f64::from(i32::MAX)
                });
            (!ok).then(|| "must fit in a 32-bit integer (int32)".to_string())
        }
        "int64" => {
            let ok = n.is_i64()
                || n.as_f64()
                    .is_some_and(|f| f >= i64::MIN as f64 && f < i64::MAX as f64);
            (!ok).then(|| "must fit in a 64-bit integer (int64)".to_string())
        }
        "float" => {
            let ok = n.as_f64().is_some_and(|f| f.abs() <= f32::MAX as f64);
            (!ok).then(|| "must fit in a 32-bit float".to_string())
        }
        _ => None,
    }
}

fn check_string(format: &str, s: &str) -> Option<String> {
    let ok = match format {
        "date-time" | "datetime" => date_time().is_match(s),
        "date" => date().is_match(s),
        // The API server refuses an empty `byte` string, unlike Go's base64 decoder.
        "byte" => !s.is_empty() && is_base64(s),
        "uuid" => uuid().is_match(s),
        "ipv4" => s.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => s.parse::<std::net::Ipv6Addr>().is_ok(),
        "cidr" => is_cidr(s),
        _ => true,
    };
    (!ok).then(|| match format {
        "date-time" | "datetime" => {
            "must be an RFC 3339 date-time such as `2026-01-02T15:04:05Z`".to_string()
        }
        "byte" => "must be base64-encoded".to_string(),
        other => format!("must be a valid {other}"),
    })
}

fn date_time() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
            .expect("date-time regex")
    })
}

fn date() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^\d{4}-\d{2}-\d{2}$").expect("date regex"))
}

fn uuid() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$")
            .expect("uuid regex")
    })
}

/// Standard base64 with padding, as Go's `base64.StdEncoding`.
fn is_base64(s: &str) -> bool {
    if !s.len().is_multiple_of(4) {
        return false;
    }
    let body = s.trim_end_matches('=');
    s.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

fn is_cidr(s: &str) -> bool {
    let Some((ip, bits)) = s.split_once('/') else {
        return false;
    };
    let Ok(bits) = bits.parse::<u8>() else {
        return false;
    };
    match ip.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(_)) => bits <= 32,
        Ok(std::net::IpAddr::V6(_)) => bits <= 128,
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numeric_formats_check_ranges() {
        assert_eq!(check("int32", &json!(2147483647)), None);
        assert!(check("int32", &json!(2147483648_i64)).is_some());
        assert!(check("int32", &json!(-2147483649_i64)).is_some());
        // Whole numbers written as floats (`1.0`, `1e2`) are integers to the server.
        assert_eq!(check("int32", &json!(100.0)), None);
        assert!(check("int32", &json!(2147483648.0)).is_some());
        assert_eq!(check("int64", &json!(9007199254740993_i64)), None);
        assert!(check("int64", &json!(1e20)).is_some());
        assert!(check("float", &json!(3.5e38)).is_some());
        assert_eq!(check("double", &json!(3.5e38)), None);
    }

    #[test]
    fn string_formats() {
        assert_eq!(check("date-time", &json!("2026-11-24T10:00:00Z")), None);
        assert!(check("date-time", &json!("yesterday")).is_some());
        assert_eq!(check("byte", &json!("aGVsbG8=")), None);
        assert!(check("byte", &json!("hello!")).is_some());
        assert!(check("byte", &json!("")).is_some());
        assert_eq!(check("no-such-format", &json!("anything")), None);
    }
}
