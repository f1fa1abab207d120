//! Bounded, jittered retries of API requests that failed for reasons that pass:
//! throttling (429), server errors (5xx), timeouts and dropped connections. Anything
//! else (404, 403, 409, 422) is an answer, not a hiccup, and is returned at once; so is
//! the 500 a real kube-apiserver sends for a server-side apply whose fields have the
//! wrong type (see `typed_patch_errors`).

use std::time::Duration;

/// How often and how patiently to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries in all, the first included.
    pub attempts: u32,
    /// The ceiling of the first delay; it doubles each time up to `max_delay`.
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    /// The delay before retry number `retry` (1 for the first retry). "Full jitter":
    /// a random point between half the exponential ceiling and the ceiling, so many
    /// clients that failed together do not come back together. `roll` is in [0, 1).
    /// A server's `Retry-After` raises the delay (still capped by `max_delay`).
    pub fn delay(&self, retry: u32, roll: f64, retry_after: Option<Duration>) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(1u32 << retry.saturating_sub(1).min(16));
        let ceiling = exp.min(self.max_delay);
        let jittered = ceiling.mul_f64(0.5 + 0.5 * roll.clamp(0.0, 1.0));
        match retry_after {
            Some(after) => jittered.max(after).min(self.max_delay),
            None => jittered,
        }
    }
}

/// Why a failed request may be worth trying again.
pub fn is_retryable(err: &kube::Error) -> bool {
    match err {
        kube::Error::Api(status) => {
            matches!(status.code, 429 | 500 | 502 | 503 | 504)
                && typed_patch_errors(status).is_none()
        }
        kube::Error::HyperError(_) | kube::Error::Service(_) => true,
        _ => false,
    }
}

/// The field errors of a server-side apply the server could not even type: kube-apiserver
/// (1.37 still) answers these with a bare 500, `failed to create typed patch object
/// (NS/NAME; GVK): .spec.x: expected numeric (int or float), got string` (several
/// errors as an `errors:` list), where a create or update gets a 422 with causes. The
/// same request fails the same way every time, so it is invalid input, not an outage.
pub fn typed_patch_errors(status: &kube::core::Status) -> Option<Vec<String>> {
    if status.code != 500 {
        return None;
    }
    let rest = status
        .message
        .strip_prefix("failed to create typed patch object")?;
    let errors = rest.split_once("): ").map_or(rest, |(_, e)| e).trim();
    let errors = errors.strip_prefix("errors:").unwrap_or(errors);
    Some(
        errors
            .lines()
            .map(|l| l.trim().trim_start_matches('.').to_string())
            .filter(|l| !l.is_empty())
            .collect(),
    )
}

/// The server's `Retry-After`, when it sent one in the status details.
pub fn retry_after(err: &kube::Error) -> Option<Duration> {
    match err {
        kube::Error::Api(status) => status
            .details
            .as_ref()
            .map(|d| d.retry_after_seconds)
            .filter(|s| *s > 0)
            .map(|s| Duration::from_secs(u64::from(s))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kube::core::Status;

    #[test]
    fn delays_grow_stay_jittered_and_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1, 0.0, None), Duration::from_millis(50));
        assert_eq!(p.delay(1, 0.999_999, None).as_millis(), 99);
        assert_eq!(p.delay(3, 0.0, None), Duration::from_millis(200));
        for retry in 1..40 {
            for roll in [0.0, 0.3, 0.99] {
                let d = p.delay(retry, roll, None);
                assert!(d <= p.max_delay, "retry {retry}: {d:?}");
                assert!(d >= p.base_delay / 2, "retry {retry}: {d:?}");
            }
        }
    }

    #[test]
    fn retry_after_raises_the_delay_within_the_cap() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.delay(1, 0.0, Some(Duration::from_secs(1))),
            Duration::from_secs(1)
        );
        assert_eq!(p.delay(1, 0.0, Some(Duration::from_secs(60))), p.max_delay);
    }

    #[test]
    fn only_passing_failures_are_retried() {
        let api = |code| kube::Error::Api(Status::failure("x", "y").with_code(code).boxed());
        for code in [429, 500, 502, 503, 504] {
            assert!(is_retryable(&api(code)), "{code}");
        }
        for code in [400, 401, 403, 404, 409, 422] {
            assert!(!is_retryable(&api(code)), "{code}");
        }
    }

    #[test]
    fn an_untyped_apply_is_invalid_input_not_an_outage() {
        // What kube-apiserver 1.37 answers a server-side apply with `weight: heavy`.
        let status = Status::failure(
            "failed to create typed patch object (shop/bad; networking.istio.io/v1, Kind=VirtualService): .spec.http[0].route[0].weight: expected numeric (int or float), got string",
            "",
        )
        .with_code(500);
        assert_eq!(
            typed_patch_errors(&status).unwrap(),
            ["spec.http[0].route[0].weight: expected numeric (int or float), got string"]
        );
        assert!(!is_retryable(&kube::Error::Api(status.boxed())));
        let several = Status::failure(
            "failed to create typed patch object (/x; v1, Kind=ConfigMap): errors:\n  .data.a: expected string, got &value.valueUnstructured{Value:1}\n  .data.b: expected string, got &value.valueUnstructured{Value:2}",
            "",
        )
        .with_code(500);
        assert_eq!(typed_patch_errors(&several).unwrap().len(), 2);
    }
}
