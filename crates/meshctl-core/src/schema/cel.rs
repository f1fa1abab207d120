//! The CEL environment for the CRDs' `x-kubernetes-validations` rules.
//!
//! Kubernetes evaluates these rules with cel-go plus its own library (`url()`,
//! `isURL()`, `quantity()`, ...). The `cel` crate brings the standard library and the
//! strings extension (`substring`, `split`); this module adds the Kubernetes functions
//! the Istio and Gateway API rules use, and converts JSON values to CEL values. Programs
//! are compiled once per schema node by the caller; each evaluation only binds `self`.
//! Transition rules (those reading `oldSelf`) guard updates; with no `oldSelf` bound
//! they end as `Unsupported` and are skipped, as the API server skips them on create.

use cel::extractors::This;
use cel::{Context, Env, ExecutionError, Program, Value as CelValue};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// The environment every rule is compiled and run in.
fn env() -> &'static Arc<Env> {
    static ENV: OnceLock<Arc<Env>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Env::stdlib();
        // The strings extension cannot conflict with the standard library.
        let _ = env.add_extension(cel::extensions::strings);
        Arc::new(env)
    })
}

thread_local! {
    /// A root context with the Kubernetes functions; each evaluation opens a child scope
    /// on it, so the functions are registered once per thread, not per evaluation.
    static ROOT: Context<'static, 'static> = root_context();
}

fn root_context() -> Context<'static, 'static> {
    let mut ctx = Context::with_env(env().clone());
    // These names are not in the standard library, so registering cannot fail.
    let _ = ctx.add_function("isURL", |s: Arc<String>| parse_url(&s).is_some());
    let _ = ctx.add_function(
        "url",
        |s: Arc<String>| -> Result<CelValue, ExecutionError> {
            match parse_url(&s) {
                Some(_) => Ok(CelValue::String(s)),
                None => Err(ExecutionError::function_error(
                    "url",
                    format!("URL parse error during conversion from string: {s}"),
                )),
            }
        },
    );
    let _ = ctx.add_function(
        "goDuration",
        |s: Arc<String>| -> Result<CelValue, ExecutionError> {
            match go_duration_nanos(&s) {
                Some(ns) => Ok(CelValue::String(Arc::new(format!("{ns}ns")))),
                None => Err(ExecutionError::function_error(
                    "duration",
                    format!("invalid duration {s:?}"),
                )),
            }
        },
    );
    // A URL is kept as its string; `getScheme` is called as a method on it.
    let _ = ctx.add_function("getScheme", |This(s): This<Arc<String>>| -> CelValue {
        let scheme = parse_url(&s).unwrap_or_default();
        CelValue::String(Arc::new(scheme))
    });
    ctx
}

/// Compiles a rule, or says why it cannot be compiled.
///
/// Kubernetes parses `duration(string)` with Go's `time.ParseDuration`, which takes
/// forms the `cel` crate does not (`.5s`, `+1s`, `1µs`); the Istio rules only ever
/// convert `self`, so `duration(self)` first goes through `goDuration`, which parses
/// the Go way and hands on a plain count of nanoseconds.
pub fn compile(source: &str) -> Result<Program, String> {
    let source = source.replace("duration(self)", "duration(goDuration(self))");
    env().compile(&source).map_err(|e| e.to_string())
}

/// The outcome of running one rule against one value.
pub enum Outcome {
    Value(CelValue),
    /// The rule failed at run time (as with `duration('abc')`); the API server rejects
    /// the object in that case.
    Error(String),
    /// The rule calls something this environment does not provide: it cannot be judged.
    Unsupported,
}

/// Runs `program` with `self` bound to `value`.
pub fn run(program: &Program, value: &Value) -> Outcome {
    let this = to_cel(value);
    ROOT.with(|root| {
        let mut ctx = root.new_inner_scope();
        ctx.add_variable_from_value("self", this);
        match program.execute(&ctx) {
            Ok(v) => Outcome::Value(v),
            Err(ExecutionError::UndeclaredReference(_)) => Outcome::Unsupported,
            Err(e) => Outcome::Error(e.to_string()),
        }
    })
}

/// Converts a JSON value the way Kubernetes presents objects to CEL: integers as `int`,
/// other numbers as `double`, objects as maps with string keys.
pub fn to_cel(value: &Value) -> CelValue {
    match value {
        Value::Null => CelValue::Null,
        Value::Bool(b) => CelValue::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => CelValue::Int(i),
            None => CelValue::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => CelValue::String(Arc::new(s.clone())),
        Value::Array(items) => CelValue::List(Arc::new(items.iter().map(to_cel).collect())),
        Value::Object(map) => {
            // The API server drops `null` from non-nullable fields before rules run, so
            // `has()` is false there; no Istio rule reads a nullable field.
            let map: HashMap<String, CelValue> = map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), to_cel(v)))
                .collect();
            CelValue::from(map)
        }
    }
}

/// Nanoseconds of a Go duration string (`time.ParseDuration`), `None` if invalid.
pub(crate) fn go_duration_nanos(s: &str) -> Option<i64> {
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: i128 = 0;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (int_part, after) = rest.split_at(digits);
        let (frac_part, after) = match after.strip_prefix('.') {
            Some(a) => {
                let n = a.find(|c: char| !c.is_ascii_digit()).unwrap_or(a.len());
                a.split_at(n)
            }
            None => ("", after),
        };
        if int_part.is_empty() && frac_part.is_empty() {
            return None;
        }
        let unit_len = after
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(after.len());
        let (unit, after) = after.split_at(unit_len);
        let scale: i128 = match unit {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return None,
        };
        let whole: i128 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().ok()?
        };
        let mut frac_ns: i128 = 0;
        let mut div: i128 = 1;
        for d in frac_part.bytes().take(30) {
            frac_ns = frac_ns * 10 + i128::from(d - b'0');
            div *= 10;
        }
        total = total.checked_add(whole.checked_mul(scale)? + frac_ns * scale / div)?;
        if total > i128::from(i64::MAX) {
            return None;
        }
        rest = after;
    }
    let total = i64::try_from(total).ok()?;
    Some(if neg { -total } else { total })
}

/// The scheme of `s` if Kubernetes' `url()` accepts it (Go's `url.ParseRequestURI`: an
/// absolute URI or an absolute path), `""` for a path.
fn parse_url(s: &str) -> Option<String> {
    if s.is_empty() || s.chars().any(|c| c.is_control() || c == ' ') {
        return None;
    }
    if s.starts_with('/') {
        return Some(String::new());
    }
    let (scheme, rest) = s.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    if !first.is_ascii_alphabetic()
        || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return None;
    }
    // An opaque URI (`mailto:x`) has no `/`; a hierarchical one needs a valid authority.
    if let Some(after) = rest.strip_prefix("//") {
        let authority = after.split(['/', '?', '#']).next().unwrap_or_default();
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        if let Some((_, port)) = host.rsplit_once(':')
            && !host.ends_with(']')
            && !port.chars().all(|c| c.is_ascii_digit())
        {
            return None;
        }
    }
    Some(scheme.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn eval(rule: &str, value: Value) -> Result<bool, String> {
        let program = compile(rule)?;
        match run(&program, &value) {
            Outcome::Value(CelValue::Bool(b)) => Ok(b),
            Outcome::Value(other) => Err(format!("not a bool: {other:?}")),
            Outcome::Error(e) => Err(e),
            Outcome::Unsupported => Err("unsupported".into()),
        }
    }

    #[test]
    fn durations_compare_and_reject_garbage() {
        let rule = "duration(self) >= duration('1ms')";
        assert_eq!(eval(rule, json!("1s")), Ok(true));
        assert_eq!(eval(rule, json!("1ms")), Ok(true));
        assert_eq!(eval(rule, json!("1h30m")), Ok(true));
        assert_eq!(eval(rule, json!("1ns")), Ok(false));
        assert!(eval(rule, json!("abc")).is_err());
        // Go's syntax, which the API server uses.
        assert_eq!(eval(rule, json!(".5s")), Ok(true));
        assert_eq!(eval(rule, json!("+1s")), Ok(true));
        assert_eq!(eval(rule, json!("1.5h")), Ok(true));
        assert_eq!(eval(rule, json!("1s500ms")), Ok(true));
        assert_eq!(eval(rule, json!("2\u{b5}s")), Ok(false));
        assert_eq!(eval(rule, json!("0")), Ok(false));
        assert!(eval(rule, json!("1")).is_err());
        assert!(eval(rule, json!("1d")).is_err());
        assert!(eval(rule, json!("")).is_err());
        assert!(eval(rule, json!(".s")).is_err());
    }

    #[test]
    fn go_durations() {
        assert_eq!(go_duration_nanos("1h2m3.5s"), Some(3_723_500_000_000));
        assert_eq!(go_duration_nanos("-1.5ms"), Some(-1_500_000));
        assert_eq!(go_duration_nanos("1.s"), Some(1_000_000_000));
        assert_eq!(go_duration_nanos("3000000h"), None);
    }

    #[test]
    fn map_and_list_macros_work_on_json() {
        assert_eq!(
            eval(
                "self.all(key, !key.contains('*'))",
                json!({"a": "1", "b*": "2"})
            ),
            Ok(false)
        );
        let ports = json!([{"number": 80}, {"number": 443}]);
        let rule = "self.all(l1, self.exists_one(l2, l1.number == l2.number))";
        assert_eq!(eval(rule, ports), Ok(true));
        assert_eq!(
            eval(rule, json!([{"number": 80}, {"number": 80}])),
            Ok(false)
        );
        assert_eq!(
            eval(
                "self.all(key, 0 < int(key) && int(key) <= 65535)",
                json!({"8080": {}})
            ),
            Ok(true)
        );
        assert_eq!(
            eval(
                "self.all(key, size(key) < 63 && key.matches('^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$'))",
                json!({"http-web": 1})
            ),
            Ok(true)
        );
    }

    #[test]
    fn exists_and_in_lists() {
        let rule = "!((has(self.addresses) ? self.addresses : []).exists(k, k.contains('/')) && !((has(self.resolution) ? self.resolution : 'NONE') in ['STATIC', 'NONE']))";
        assert_eq!(
            eval(
                rule,
                json!({"addresses": ["10.0.0.0/8"], "resolution": "DNS"})
            ),
            Ok(false)
        );
        assert_eq!(eval(rule, json!({"addresses": ["10.0.0.0/8"]})), Ok(true));
        assert_eq!(
            eval(
                rule,
                json!({"addresses": ["10.0.0.1"], "resolution": "DNS"})
            ),
            Ok(true)
        );
    }

    #[test]
    fn has_and_string_functions() {
        let rule = "(has(self.address) ? self.address : '').startsWith('unix://') ? !has(self.ports) : true";
        assert_eq!(
            eval(rule, json!({"address": "unix:///x", "ports": {}})),
            Ok(false)
        );
        assert_eq!(
            eval(rule, json!({"address": "1.2.3.4", "ports": {}})),
            Ok(true)
        );
        let rule = "self.startsWith('unix://') ? (self.substring(7, 8) == '/' || self.substring(7, 8) == '@') : true";
        assert_eq!(eval(rule, json!("unix:///sock")), Ok(true));
        assert_eq!(eval(rule, json!("unix://sock")), Ok(false));
    }

    #[test]
    fn split_and_transition_rules() {
        let rule = "self.all(key, key.split('/')[0].size() < 5)";
        assert_eq!(eval(rule, json!({"a.io/x": 1})), Ok(true));
        assert_eq!(eval(rule, json!({"long.io/x": 1})), Ok(false));
        let program = compile("self == oldSelf").unwrap();
        assert!(matches!(run(&program, &json!("a")), Outcome::Unsupported));
    }

    #[test]
    fn urls_like_kubernetes() {
        let rule = "url(self).getScheme() in ['http', 'https']";
        assert_eq!(eval(rule, json!("https://example.com/jwks")), Ok(true));
        assert_eq!(eval(rule, json!("ftp://example.com/jwks")), Ok(false));
        assert!(eval(rule, json!("not a url")).is_err());
        assert_eq!(eval("isURL(self)", json!("oci://reg/x:1")), Ok(true));
        assert_eq!(eval("isURL(self)", json!("reg/x")), Ok(false));
        assert_eq!(eval("isURL('http://' + self)", json!("reg/x")), Ok(true));
    }
}
