//! Parsing of the percentages and `VALUE[:PERCENT%]` fault specs the policy and fault
//! flags take, so clap refuses bad values before anything is read or written.

// The retry conditions Istio's webhook accepts (Envoy's `x-envoy-retry-on` and
// `x-envoy-retry-grpc-on`): one list for the flags and for validation.
use crate::semantic::values::RETRY_ON;
use std::fmt;
use std::str::FromStr;

/// A percentage between 0 and 100 inclusive, written `50%` or `50` (decimals allowed).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Percent(pub f64);

impl FromStr for Percent {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let number = text.trim().strip_suffix('%').unwrap_or(text.trim());
        let value: f64 = number
            .parse()
            .map_err(|_| format!("invalid percentage `{text}` (use e.g. `10%` or `12.5%`)"))?;
        if !(0.0..=100.0).contains(&value) || value.is_nan() {
            return Err(format!("percentage `{text}` is outside 0%..100%"));
        }
        Ok(Percent(value))
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

/// A fault kind's value and the share of requests it hits: `503:10%` (abort) or
/// `2s:5%` (delay); without `:PERCENT` every request is hit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaultSpec<T> {
    pub value: T,
    pub percent: Percent,
}

/// Parses `VALUE[:PERCENT]` with `value` reading the part before the colon.
pub fn parse_fault<T>(
    text: &str,
    value: impl Fn(&str) -> Result<T, String>,
) -> Result<FaultSpec<T>, String> {
    let (head, percent) = match text.rsplit_once(':') {
        Some((head, percent)) => (head, percent.parse()?),
        None => (text, Percent(100.0)),
    };
    Ok(FaultSpec {
        value: value(head)?,
        percent,
    })
}

/// `--abort STATUS[:PERCENT]`: an HTTP status between 200 and 599.
pub fn parse_abort(text: &str) -> Result<FaultSpec<u16>, String> {
    parse_fault(text, |s| match s.parse::<u16>() {
        Ok(code) if (200..=599).contains(&code) => Ok(code),
        _ => Err(format!(
            "invalid HTTP status `{s}` in `{text}` (use e.g. `503:10%`)"
        )),
    })
}

/// `--delay DURATION[:PERCENT]`.
pub fn parse_delay(text: &str) -> Result<FaultSpec<crate::duration::Duration>, String> {
    parse_fault(text, |s| s.parse().map_err(|e| format!("{e}")))
}

/// `--retry-on CONDITIONS`: comma separated known conditions or HTTP status codes.
pub fn parse_retry_on(text: &str) -> Result<String, String> {
    let conditions: Vec<&str> = text.split(',').map(str::trim).collect();
    for c in &conditions {
        let status = c.parse::<u16>().is_ok_and(|s| (100..=599).contains(&s));
        if !status && !RETRY_ON.contains(c) {
            return Err(format!(
                "unknown retry condition `{c}` (known: {}, or an HTTP status code)",
                RETRY_ON.join(", ")
            ));
        }
    }
    Ok(conditions.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_conditions_are_known_names_or_status_codes() {
        assert_eq!(parse_retry_on("5xx, reset,503").unwrap(), "5xx,reset,503");
        assert!(
            parse_retry_on("5xx,sometimes")
                .unwrap_err()
                .contains("`sometimes`")
        );
        assert!(parse_retry_on("5xx,").is_err());
        assert!(parse_retry_on("999").is_err());
    }
}
