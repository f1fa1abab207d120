//! Parsers for render flag values. Each refuses what can never be valid with a
//! message clap shows against the flag, so a bad value is a usage error (exit 2)
//! naming the flag. They share their checks with the spec file (`core::spec`).

use crate::core::duration::Duration;
use crate::core::spec::{self, Choice};
use crate::output::OutputFormat;
use clap::builder::{PossibleValuesParser, TypedValueParser};

/// A parser for one of a closed set of words, listing them in `--help` and errors.
pub fn choice<T: Choice + Clone>() -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(T::ALL.iter().map(|c| c.as_str())).map(|s| {
        T::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .unwrap_or(T::ALL[0])
    })
}

/// Any `-o` value; `render` itself explains which ones it supports.
pub fn output_format(s: &str) -> Result<OutputFormat, String> {
    <OutputFormat as clap::ValueEnum>::from_str(s, false).map_err(|_| {
        format!(
            "`{}` is not an output format; use `yaml` or `json`",
            s.escape_debug()
        )
    })
}

pub fn host(s: &str) -> Result<String, String> {
    spec::check_host(s).map(|()| s.to_string())
}

pub fn gateway_host(s: &str) -> Result<String, String> {
    spec::check_gateway_host(s).map(|()| s.to_string())
}

pub fn gateway_ref(s: &str) -> Result<String, String> {
    spec::check_gateway_ref(s).map(|()| s.to_string())
}

pub fn object_name(s: &str) -> Result<String, String> {
    spec::check_object_name(s).map(|()| s.to_string())
}

pub fn retry_on(s: &str) -> Result<String, String> {
    spec::check_retry_on(s).map(|()| s.to_string())
}

pub fn cookie_name(s: &str) -> Result<String, String> {
    spec::check_cookie_name(s).map(|()| s.to_string())
}

pub fn duration(s: &str) -> Result<Duration, String> {
    s.parse::<Duration>().map_err(|e| e.to_string())
}

pub fn port(s: &str) -> Result<u32, String> {
    match s.parse::<u32>() {
        Ok(n) if (1..=65535).contains(&n) => Ok(n),
        _ => Err(format!(
            "`{}` is not a port between 1 and 65535",
            s.escape_debug()
        )),
    }
}

/// `SUBSET=WEIGHT`, e.g. `v1=90`.
pub fn route(s: &str) -> Result<(String, i64), String> {
    let bad = || format!("`{}` is not SUBSET=WEIGHT, e.g. `v1=90`", s.escape_debug());
    let (subset, weight) = s.split_once('=').ok_or_else(bad)?;
    spec::check_dns_label(subset)?;
    let weight: i64 = weight.trim().parse().map_err(|_| bad())?;
    if !(0..=100).contains(&weight) {
        return Err(format!("weight `{weight}` is not between 0 and 100"));
    }
    Ok((subset.to_string(), weight))
}

/// `SERVICE=WEIGHT`, e.g. `reviews-v1=90`: a Gateway API backend.
pub fn backend(s: &str) -> Result<(String, i64), String> {
    route(s).map_err(|e| {
        if e.contains("SUBSET=WEIGHT") {
            format!(
                "`{}` is not SERVICE=WEIGHT, e.g. `reviews-v1=90`",
                s.escape_debug()
            )
        } else {
            e
        }
    })
}

/// An absolute path prefix such as `/api`.
pub fn path_prefix(s: &str) -> Result<String, String> {
    if !s.starts_with('/') || s.chars().any(|c| c.is_control() || c == ' ') || s.contains("//") {
        return Err(format!(
            "`{}` is not an absolute path such as `/api`",
            s.escape_debug()
        ));
    }
    Ok(s.to_string())
}

/// `KEY=VALUE` for a pod label (`version=v1`).
pub fn label(s: &str) -> Result<(String, String), String> {
    let (k, v) = s
        .split_once('=')
        .ok_or_else(|| format!("`{}` is not KEY=VALUE, e.g. `version=v1`", s.escape_debug()))?;
    spec::check_label_key(k)?;
    spec::check_label_value(v)?;
    Ok((k.to_string(), v.to_string()))
}

/// `SUBSET=KEY=VALUE[,KEY=VALUE…]`, e.g. `v1=version=v1`.
pub fn subset(s: &str) -> Result<(String, Vec<(String, String)>), String> {
    let bad = || {
        format!(
            "`{}` is not SUBSET=KEY=VALUE, e.g. `v1=version=v1`",
            s.escape_debug()
        )
    };
    let (name, labels) = s.split_once('=').ok_or_else(bad)?;
    if !labels.contains('=') {
        return Err(bad());
    }
    spec::check_dns_label(name)?;
    let labels = labels
        .split(',')
        .map(label)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((name.to_string(), labels))
}

/// `NAME=VALUE` for an exact header match; the value is any text without control
/// characters.
pub fn header(s: &str) -> Result<(String, String), String> {
    let (k, v) = s.split_once('=').ok_or_else(|| {
        format!(
            "`{}` is not NAME=VALUE, e.g. `x-beta=true`",
            s.escape_debug()
        )
    })?;
    spec::check_header_name(k)?;
    spec::check_header_value(v)?;
    Ok((k.to_string(), v.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_subset_equals_weight() {
        assert_eq!(route("v1=90"), Ok(("v1".into(), 90)));
        assert_eq!(
            route("v1"),
            Err("`v1` is not SUBSET=WEIGHT, e.g. `v1=90`".into())
        );
        assert_eq!(
            route("v1=ninety").unwrap_err(),
            "`v1=ninety` is not SUBSET=WEIGHT, e.g. `v1=90`"
        );
        assert_eq!(
            route("v1=101").unwrap_err(),
            "weight `101` is not between 0 and 100"
        );
        assert!(route("V 1=1").is_err());
    }

    #[test]
    fn subsets_take_one_or_more_labels() {
        assert_eq!(
            subset("v1=version=v1,track=stable"),
            Ok((
                "v1".into(),
                vec![
                    ("version".into(), "v1".into()),
                    ("track".into(), "stable".into())
                ]
            ))
        );
        assert!(subset("v1=v1").is_err());
        assert!(subset("v1=version=a: b").is_err());
    }

    #[test]
    fn headers_keep_yaml_looking_values_but_not_newlines() {
        assert_eq!(header("x-q=a: b"), Ok(("x-q".into(), "a: b".into())));
        assert!(header("x-q=a\nb: c").is_err());
        assert!(header("x q=1").is_err());
    }

    #[test]
    fn ports_and_durations() {
        assert_eq!(port("443"), Ok(443));
        assert!(port("0").is_err());
        assert!(port("70000").is_err());
        assert_eq!(duration("2s").map(|d| d.to_istio()), Ok("2s".to_string()));
        assert!(duration("2 s").is_err());
    }
}
