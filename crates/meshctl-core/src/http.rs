//! The outgoing-HTTP port: what rollout webhooks, gates and notifications ask of the
//! world. One POST of a body with headers, answered by a status and a body, or a
//! transport failure. The core builds every request (URL, headers, payload, signature)
//! and judges every reply; the adapter only sends (`meshctl_adapters::http`), and tests
//! use [`crate::fake::FakePoster`] or a real receiver on 127.0.0.1.
//!
//! The futures are boxed, as in the other ports, so the core needs no async runtime.

use crate::duration::Duration;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// One POST to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    pub url: String,
    /// Header names and values, in order; `content-type` included.
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The whole exchange must finish within this.
    pub timeout: Duration,
}

impl Post {
    /// A JSON body to `url`.
    pub fn json(url: impl Into<String>, body: &serde_json::Value, timeout: Duration) -> Post {
        Post {
            url: url.into(),
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string(),
            timeout,
        }
    }

    /// The URL with its query string and any user information hidden, for messages and
    /// records: query strings carry tokens (a DingTalk robot's `access_token`, its
    /// signature).
    pub fn redacted_url(&self) -> String {
        redact_url(&self.url)
    }
}

/// `url` without its query string or user information.
pub fn redact_url(url: &str) -> String {
    let (base, had_query) = match url.split_once('?') {
        Some((base, _)) => (base, true),
        None => (url, false),
    };
    let base = match base.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            match authority.rsplit_once('@') {
                Some((_, host)) => format!("{scheme}://***@{host}{path}"),
                None => base.to_string(),
            }
        }
        None => base.to_string(),
    };
    if had_query {
        format!("{base}?…")
    } else {
        base
    }
}

/// The server's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

impl Reply {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Why no answer came.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostError {
    pub timed_out: bool,
    pub message: String,
}

impl fmt::Display for PostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PostError {}

pub type PostFuture<'a> = Pin<Box<dyn Future<Output = Result<Reply, PostError>> + Send + 'a>>;

/// Sends POSTs.
pub trait Poster: Send + Sync {
    fn post<'a>(&'a self, request: &'a Post) -> PostFuture<'a>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_and_credentials_are_hidden() {
        assert_eq!(
            redact_url("https://oapi.example/robot/send?access_token=abc&sign=x"),
            "https://oapi.example/robot/send?…"
        );
        assert_eq!(
            redact_url("http://user:pw@127.0.0.1:8080/hook"),
            "http://***@127.0.0.1:8080/hook"
        );
        assert_eq!(
            redact_url("http://127.0.0.1:8080/a@b"),
            "http://127.0.0.1:8080/a@b"
        );
        assert_eq!(redact_url("http://h/x"), "http://h/x");
    }

    #[test]
    fn a_json_post_says_so() {
        let p = Post::json(
            "http://h/x",
            &serde_json::json!({"a": 1}),
            Duration::from_millis(100),
        );
        assert_eq!(p.body, r#"{"a":1}"#);
        assert_eq!(p.headers[0].1, "application/json");
        assert!(
            Reply {
                status: 204,
                body: String::new()
            }
            .is_success()
        );
    }
}
