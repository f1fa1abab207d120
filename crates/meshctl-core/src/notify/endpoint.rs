//! What a channel file holds: the robot's URL (with its token) and, for DingTalk and
//! Feishu robots with signing turned on, the secret. The binary reads the file; this
//! reads its text. Either the URL alone on one line, or a small YAML map:
//!
//! ```yaml
//! url: https://oapi.dingtalk.com/robot/send?access_token=…
//! secret: SEC…
//! ```

use serde::Deserialize;

use super::ChannelKind;

/// Where to send, and how to sign.
#[derive(Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub url: String,
    pub secret: Option<String>,
}

/// Never print the token or the secret, not even in a debug line.
impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint")
            .field("url", &crate::http::redact_url(&self.url))
            .field("secret", &self.secret.as_ref().map(|_| "***"))
            .finish()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EndpointFile {
    url: String,
    #[serde(default)]
    secret: Option<String>,
}

impl Endpoint {
    /// A URL given inline (`webhook=URL`).
    pub fn url(url: &str) -> Endpoint {
        Endpoint {
            url: url.to_string(),
            secret: None,
        }
    }

    /// Reads the text of a channel file of `kind`; the error says what is wrong with
    /// it (the caller names the file).
    pub fn parse(kind: ChannelKind, text: &str) -> Result<Endpoint, String> {
        let trimmed = text.trim();
        let endpoint = if !trimmed.contains('\n') && !trimmed.starts_with("url:") {
            Endpoint::url(trimmed)
        } else {
            let file: EndpointFile = serde_saphyr::from_str(text).map_err(|e| {
                let first = e.to_string();
                let first = first.lines().next().unwrap_or("invalid YAML").to_string();
                format!("{first} (expected the URL alone, or `url:` and `secret:`)")
            })?;
            Endpoint {
                url: file.url.trim().to_string(),
                secret: file
                    .secret
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
            }
        };
        if !(endpoint.url.starts_with("http://") || endpoint.url.starts_with("https://")) {
            return Err("holds no http:// or https:// URL".to_string());
        }
        if endpoint.secret.is_some() && !kind.signs() {
            return Err(format!(
                "has a `secret`, but {kind} requests are not signed (only dingtalk and feishu robots are)"
            ));
        }
        Ok(endpoint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_alone_or_a_map() {
        let e = Endpoint::parse(ChannelKind::Slack, "https://hooks.example/T/B/x\n").unwrap();
        assert_eq!(
            (e.url.as_str(), e.secret),
            ("https://hooks.example/T/B/x", None)
        );
        let e = Endpoint::parse(
            ChannelKind::Dingtalk,
            "url: https://oapi.example/robot/send?access_token=t\nsecret: SECabc\n",
        )
        .unwrap();
        assert_eq!(e.url, "https://oapi.example/robot/send?access_token=t");
        assert_eq!(e.secret.as_deref(), Some("SECabc"));
        let e = Endpoint::parse(ChannelKind::Feishu, "url: https://f.example/hook/x\n").unwrap();
        assert_eq!(e.secret, None);
        assert!(!format!("{e:?}").contains("/x?"));
    }

    #[test]
    fn mistakes_are_named() {
        let err = Endpoint::parse(ChannelKind::Slack, "url: https://h/x\nsecret: s\n").unwrap_err();
        assert!(err.contains("slack requests are not signed"), "{err}");
        let err =
            Endpoint::parse(ChannelKind::Dingtalk, "url: https://h/x\nsecrte: s\n").unwrap_err();
        assert!(err.contains("secrte"), "{err}");
        let err = Endpoint::parse(ChannelKind::Webhook, "ftp://h/x").unwrap_err();
        assert!(err.contains("no http"), "{err}");
        let debug = format!(
            "{:?}",
            Endpoint::parse(
                ChannelKind::Dingtalk,
                "url: https://h/x?access_token=t\nsecret: SEC1\n"
            )
            .unwrap()
        );
        assert!(
            !debug.contains("access_token") && !debug.contains("SEC1"),
            "{debug}"
        );
    }
}
