//! Durations as people write them on the command line (`500ms`, `2s`, `1m30s`) and as
//! Istio stores them (protobuf JSON: seconds with an `s` suffix, e.g. `0.5s`, `90s`).

use std::fmt;
use std::str::FromStr;

/// A non-negative duration with millisecond precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Duration {
    millis: u64,
}

/// Why a duration string could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseDurationError {
    pub input: String,
    pub reason: &'static str,
}

impl fmt::Display for ParseDurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid duration `{}`: {} (use a number with a unit, e.g. `500ms`, `2s`, `1m30s`)",
            self.input, self.reason
        )
    }
}

impl std::error::Error for ParseDurationError {}

impl Duration {
    pub const fn from_millis(millis: u64) -> Self {
        Duration { millis }
    }

    pub const fn from_secs(secs: u64) -> Self {
        Duration {
            millis: secs * 1000,
        }
    }

    pub const fn as_millis(self) -> u64 {
        self.millis
    }

    pub fn as_std(self) -> std::time::Duration {
        std::time::Duration::from_millis(self.millis)
    }

    /// Istio's (protobuf JSON) form: `2s`, `0.5s`, `90s`.
    pub fn to_istio(self) -> String {
        let secs = self.millis / 1000;
        let frac = self.millis % 1000;
        if frac == 0 {
            format!("{secs}s")
        } else {
            let frac = format!("{frac:03}");
            format!("{secs}.{}s", frac.trim_end_matches('0'))
        }
    }
}

impl Duration {
    /// The Gateway API's form (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`): whole units only,
    /// such as `2s`, `1m30s` or `1s500ms`.
    pub fn to_gateway_api(self) -> String {
        let parts = [
            (self.millis / 3_600_000, "h"),
            (self.millis / 60_000 % 60, "m"),
            (self.millis / 1000 % 60, "s"),
            (self.millis % 1000, "ms"),
        ];
        let text: String = parts
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, unit)| format!("{n}{unit}"))
            .collect();
        if text.is_empty() {
            "0s".to_string()
        } else {
            text
        }
    }
}

impl FromStr for Duration {
    type Err = ParseDurationError;

    /// Accepts Go-style durations (`1h2m3s`, `1.5s`, `250ms`, `0`), as `kubectl` and
    /// Istio's CEL `duration()` do. Precision below 1 ms is rejected, not rounded.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let err = |reason| ParseDurationError {
            input: input.to_string(),
            reason,
        };
        let s = input.trim();
        if s.is_empty() {
            return Err(err("it is empty"));
        }
        if s == "0" {
            return Ok(Duration::default());
        }
        let mut rest = s;
        let mut total: f64 = 0.0;
        while !rest.is_empty() {
            let num_len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len());
            if num_len == 0 {
                return Err(err("expected a number"));
            }
            let number: f64 = rest[..num_len].parse().map_err(|_| err("bad number"))?;
            rest = &rest[num_len..];
            let unit_len = rest
                .find(|c: char| c.is_ascii_digit() || c == '.')
                .unwrap_or(rest.len());
            let factor = match &rest[..unit_len] {
                "ms" => 1.0,
                "s" => 1_000.0,
                "m" => 60_000.0,
                "h" => 3_600_000.0,
                "" => return Err(err("the unit is missing")),
                _ => return Err(err("unknown unit (use ms, s, m or h)")),
            };
            rest = &rest[unit_len..];
            total += number * factor;
        }
        if total.fract().abs() > 1e-9 {
            return Err(err("finer than a millisecond"));
        }
        if total > u64::MAX as f64 / 2.0 {
            return Err(err("too large"));
        }
        Ok(Duration {
            millis: total.round() as u64,
        })
    }
}

impl fmt::Display for Duration {
    /// The shortest human form: `500ms`, `2s`, `1m30s`, `2h`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.millis == 0 {
            return f.write_str("0s");
        }
        if !self.millis.is_multiple_of(1000) {
            if self.millis < 1000 {
                return write!(f, "{}ms", self.millis);
            }
            return f.write_str(&self.to_istio());
        }
        let mut secs = self.millis / 1000;
        let hours = secs / 3600;
        secs %= 3600;
        let minutes = secs / 60;
        secs %= 60;
        if hours > 0 {
            write!(f, "{hours}h")?;
        }
        if minutes > 0 {
            write!(f, "{minutes}m")?;
        }
        if secs > 0 {
            write!(f, "{secs}s")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_api_form_uses_whole_units() {
        let d = |s: &str| s.parse::<Duration>().unwrap().to_gateway_api();
        assert_eq!(d("2s"), "2s");
        assert_eq!(d("1.5s"), "1s500ms");
        assert_eq!(d("90s"), "1m30s");
        assert_eq!(d("2h0m1s"), "2h1s");
        assert_eq!(d("250ms"), "250ms");
        assert_eq!(d("0"), "0s");
    }

    #[test]
    fn parses_go_style_durations() {
        let cases = [
            ("500ms", 500),
            ("2s", 2000),
            ("1.5s", 1500),
            ("1m30s", 90_000),
            ("1h", 3_600_000),
            ("0", 0),
        ];
        for (input, millis) in cases {
            assert_eq!(
                input.parse::<Duration>().unwrap().as_millis(),
                millis,
                "{input}"
            );
        }
    }

    #[test]
    fn rejects_what_istio_would_not_read() {
        for input in ["", "5", "2x", "s", "-1s", "1.0001s", "1 s"] {
            assert!(
                input.parse::<Duration>().is_err(),
                "{input} should be rejected"
            );
        }
    }

    #[test]
    fn istio_form_is_seconds_with_suffix() {
        assert_eq!(Duration::from_millis(500).to_istio(), "0.5s");
        assert_eq!(Duration::from_millis(2000).to_istio(), "2s");
        assert_eq!(Duration::from_millis(90_250).to_istio(), "90.25s");
    }

    #[test]
    fn display_is_the_short_human_form() {
        assert_eq!(Duration::from_millis(500).to_string(), "500ms");
        assert_eq!(Duration::from_millis(90_000).to_string(), "1m30s");
        assert_eq!(Duration::from_millis(1500).to_string(), "1.5s");
    }
}
