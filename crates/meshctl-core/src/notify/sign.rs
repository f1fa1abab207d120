//! The signatures DingTalk and Feishu robots check when signing is on. Both are
//! HMAC-SHA256 over `timestamp + "\n" + secret`, Base64-encoded, as their documentation
//! gives it: DingTalk keys the HMAC with the secret and signs that string (timestamp
//! in milliseconds, both sent in the query, URL-encoded); Feishu keys it with that
//! string and signs nothing (timestamp in seconds, both sent in the body). The
//! timestamp is the caller's: the core never reads the clock.

use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

fn hmac_base64(key: &[u8], message: &[u8]) -> String {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(message);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// DingTalk's `sign` for `timestamp_ms` (Base64, before URL encoding).
pub fn dingtalk(secret: &str, timestamp_ms: i64) -> String {
    let string_to_sign = format!("{timestamp_ms}\n{secret}");
    hmac_base64(secret.as_bytes(), string_to_sign.as_bytes())
}

/// `url` with DingTalk's `timestamp` and `sign` appended to its query.
pub fn dingtalk_url(url: &str, secret: &str, timestamp_ms: i64) -> String {
    let sign = url_encode(&dingtalk(secret, timestamp_ms));
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}timestamp={timestamp_ms}&sign={sign}")
}

/// Feishu's `sign` for `timestamp_s`.
pub fn feishu(secret: &str, timestamp_s: i64) -> String {
    let key = format!("{timestamp_s}\n{secret}");
    hmac_base64(key.as_bytes(), b"")
}

/// Percent-encodes everything but unreserved characters (RFC 3986), for a query value.
pub fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values computed independently with Python's hmac, hashlib and base64:
    //   base64.b64encode(hmac.new(secret, f"{ts}\n{secret}", sha256).digest())  (DingTalk)
    //   base64.b64encode(hmac.new(f"{ts}\n{secret}", b"", sha256).digest())      (Feishu)
    //   urllib.parse.quote_plus(...) for the URL-encoded form.
    const SECRET: &str = "SECexample0123456789";

    #[test]
    fn dingtalk_matches_an_independent_computation() {
        assert_eq!(
            dingtalk(SECRET, 1_790_000_000_000),
            "lrQYBEqKYRxSYerSD7pTWsRMnGotv2GVNnbAQF4Szrw="
        );
        assert_eq!(
            dingtalk(SECRET, 1_790_000_000_002),
            "NUI0WUz7D0VNrrK/7AacJddvzXWpd07fi+wyhaaog9w="
        );
        assert_eq!(
            dingtalk_url(
                "https://oapi.example/robot/send?access_token=t",
                SECRET,
                1_790_000_000_002
            ),
            "https://oapi.example/robot/send?access_token=t&timestamp=1790000000002&sign=NUI0WUz7D0VNrrK%2F7AacJddvzXWpd07fi%2Bwyhaaog9w%3D"
        );
        assert!(dingtalk_url("http://h/x", SECRET, 1).starts_with("http://h/x?timestamp=1&sign="));
    }

    #[test]
    fn feishu_matches_an_independent_computation() {
        assert_eq!(
            feishu(SECRET, 1_790_000_000),
            "EKj86KUxKzaUFw6i6u1z3nwQD06Ar3tRxhjYsT7KJKQ="
        );
    }
}
