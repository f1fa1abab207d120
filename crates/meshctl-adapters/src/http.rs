//! The [`Poster`] that sends: one reqwest client for rollout webhooks, gates and
//! notifications. It only sends and reports; what to send, how often to retry and what
//! an answer means are the core's.

use crate::envoy_stats::{http_client, plain_reqwest_error};
use meshctl_core::http::{Post, PostError, PostFuture, Poster, Reply};
use meshctl_core::{Error, Result};

/// Bodies longer than this are cut: a hook's answer is recorded, and the record lives
/// in an annotation.
const MAX_BODY: usize = 4096;

pub struct HttpPoster {
    client: reqwest::Client,
}

impl HttpPoster {
    pub fn new() -> Result<HttpPoster> {
        let client = http_client(None, None).map_err(|e| {
            Error::internal(format!(
                "cannot set up an HTTP client: {}",
                plain_reqwest_error(&e)
            ))
        })?;
        Ok(HttpPoster { client })
    }
}

impl Poster for HttpPoster {
    fn post<'a>(&'a self, request: &'a Post) -> PostFuture<'a> {
        Box::pin(async move {
            let fail = |e: reqwest::Error| PostError {
                timed_out: e.is_timeout(),
                message: format!("{} ({})", plain_reqwest_error(&e), request.redacted_url()),
            };
            let mut builder = self
                .client
                .post(&request.url)
                .timeout(request.timeout.as_std())
                .body(request.body.clone());
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            let response = builder.send().await.map_err(fail)?;
            let status = response.status().as_u16();
            let bytes = response.bytes().await.map_err(fail)?;
            let mut body =
                String::from_utf8_lossy(&bytes[..bytes.len().min(MAX_BODY)]).into_owned();
            if bytes.len() > MAX_BODY {
                body.push('…');
            }
            Ok(Reply { status, body })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use meshctl_core::duration::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn a_post_reaches_a_real_server_with_its_headers_and_body() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut seen = Vec::new();
            let mut buf = [0u8; 4096];
            loop {
                let n = sock.read(&mut buf).await.unwrap();
                seen.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&seen);
                if let Some(head_end) = text.find("\r\n\r\n")
                    && text.len() >= head_end + 4 + 7
                {
                    break;
                }
            }
            sock.write_all(
                b"HTTP/1.1 202 Accepted\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok",
            )
            .await
            .unwrap();
            String::from_utf8_lossy(&seen).into_owned()
        });
        let poster = HttpPoster::new().unwrap();
        let post = Post::json(
            format!("http://{addr}/hook?token=secret"),
            &serde_json::json!({"a": 1}),
            Duration::from_millis(5000),
        );
        let reply = poster.post(&post).await.unwrap();
        assert_eq!(
            reply,
            Reply {
                status: 202,
                body: "ok".into()
            }
        );
        let seen = server.await.unwrap();
        assert!(
            seen.starts_with("POST /hook?token=secret HTTP/1.1"),
            "{seen}"
        );
        assert!(seen.contains("content-type: application/json"), "{seen}");
        assert!(seen.ends_with(r#"{"a":1}"#), "{seen}");
    }

    #[tokio::test]
    async fn a_refused_connection_is_an_error_without_the_query() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let poster = HttpPoster::new().unwrap();
        let post = Post::json(
            format!("http://{addr}/hook?token=secret"),
            &serde_json::json!({}),
            Duration::from_millis(2000),
        );
        let err = poster.post(&post).await.unwrap_err();
        assert!(!err.message.contains("secret"), "{}", err.message);
        assert!(err.message.contains("connection failed"), "{}", err.message);
    }
}
