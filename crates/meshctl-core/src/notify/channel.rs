//! Where notifications go, as the user names them (`--notify KIND=FILE|URL`, or the
//! plan's `notify:` list) and as the rollout record keeps them: as references — a file
//! that holds a robot's URL and secret, or a plain URL — never the secret itself, since
//! anyone who can read the VirtualService reads the record.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::{Error, Result};

/// The most channels one rollout notifies (the record lives in an annotation).
pub const MAX_CHANNELS: usize = 10;

/// The services meshctl can notify.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChannelKind {
    Slack,
    Dingtalk,
    Feishu,
    Webhook,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 4] = [
        ChannelKind::Slack,
        ChannelKind::Dingtalk,
        ChannelKind::Feishu,
        ChannelKind::Webhook,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Slack => "slack",
            ChannelKind::Dingtalk => "dingtalk",
            ChannelKind::Feishu => "feishu",
            ChannelKind::Webhook => "webhook",
        }
    }

    /// Whether the service signs requests with a shared secret.
    pub fn signs(self) -> bool {
        matches!(self, ChannelKind::Dingtalk | ChannelKind::Feishu)
    }
}

impl fmt::Display for ChannelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One channel: `{slack: FILE}`, `{dingtalk: FILE}`, `{feishu: FILE}`, or
/// `{webhook: URL}` / `{webhook: FILE}` — the same shape in the plan and the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Channel {
    /// A file holding a Slack incoming-webhook URL.
    Slack(String),
    /// A file holding a DingTalk robot's URL and, optionally, its signing secret.
    Dingtalk(String),
    /// A file holding a Feishu robot's URL and, optionally, its signing secret.
    Feishu(String),
    /// A URL without query or user information (it is stored in the record), or a
    /// file holding one that has them.
    Webhook(String),
}

impl Channel {
    pub fn new(kind: ChannelKind, target: String) -> Channel {
        match kind {
            ChannelKind::Slack => Channel::Slack(target),
            ChannelKind::Dingtalk => Channel::Dingtalk(target),
            ChannelKind::Feishu => Channel::Feishu(target),
            ChannelKind::Webhook => Channel::Webhook(target),
        }
    }

    pub fn kind(&self) -> ChannelKind {
        match self {
            Channel::Slack(_) => ChannelKind::Slack,
            Channel::Dingtalk(_) => ChannelKind::Dingtalk,
            Channel::Feishu(_) => ChannelKind::Feishu,
            Channel::Webhook(_) => ChannelKind::Webhook,
        }
    }

    /// The file or URL as written.
    pub fn target(&self) -> &str {
        match self {
            Channel::Slack(t) | Channel::Dingtalk(t) | Channel::Feishu(t) | Channel::Webhook(t) => {
                t
            }
        }
    }

    /// The URL itself when the channel names one (`webhook=URL`); `None` when the
    /// URL is in a file.
    pub fn inline_url(&self) -> Option<&str> {
        match self {
            Channel::Webhook(t) if is_url(t) => Some(t),
            _ => None,
        }
    }

    /// `--notify KIND=FILE|URL`, checked.
    pub fn parse_flag(arg: &str) -> Result<Channel> {
        let Some((kind, target)) = arg.split_once('=') else {
            return Err(
                Error::usage(format!("`--notify {arg}` is not KIND=FILE or webhook=URL"))
                    .with_hint(EXAMPLE_HINT),
            );
        };
        let Some(kind) = ChannelKind::ALL.into_iter().find(|k| k.as_str() == kind) else {
            return Err(
                Error::usage(format!("`--notify {arg}`: unknown channel `{kind}`"))
                    .with_hint(format!("channels are {}", kinds_list())),
            );
        };
        let channel = Channel::new(kind, target.trim().to_string());
        channel.check().map_err(|(message, hint)| {
            Error::usage(format!("`--notify {arg}`: {message}")).with_hint(hint)
        })?;
        Ok(channel)
    }

    /// Why this channel cannot be used, with a hint: a missing target, a robot URL
    /// written where its file belongs, a webhook URL carrying credentials.
    pub fn check(&self) -> std::result::Result<(), (String, String)> {
        let kind = self.kind();
        let target = self.target();
        if target.trim().is_empty() {
            return Err((
                format!("`{kind}` needs a file (or, for `webhook`, a URL)"),
                EXAMPLE_HINT.to_string(),
            ));
        }
        if kind != ChannelKind::Webhook && target.contains("://") {
            return Err((
                format!("`{kind}` takes a FILE holding the robot's URL, not the URL itself"),
                format!(
                    "the URL carries the robot's token: write it into a file (`url: …`{}) and name the file; secrets never go on the command line or into the rollout record",
                    if kind.signs() { ", `secret: …`" } else { "" }
                ),
            ));
        }
        if kind == ChannelKind::Webhook && is_url(target) {
            check_plain_url(target)?;
        }
        Ok(())
    }
}

const EXAMPLE_HINT: &str = "e.g. `--notify slack=slack-hook.yaml` or `--notify webhook=https://ci.example/hooks/rollout` (docs/notifications.md)";

fn kinds_list() -> String {
    ChannelKind::ALL
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_url(target: &str) -> bool {
    target.starts_with("http://") || target.starts_with("https://")
}

/// A URL that may be stored in the record: no query string, fragment or user
/// information, where tokens live.
fn check_plain_url(url: &str) -> std::result::Result<(), (String, String)> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
    let credentials = url.contains('?') || url.contains('#') || authority.contains('@');
    if credentials {
        return Err((
            format!(
                "the webhook URL `{}` has a query string or user information",
                crate::http::redact_url(url)
            ),
            "a webhook URL is stored in the rollout record, which anyone who can read the VirtualService sees: write a URL that carries a token into a file and pass `webhook=FILE`".to_string(),
        ));
    }
    if authority.is_empty() {
        return Err((
            format!("the webhook URL `{url}` has no host"),
            EXAMPLE_HINT.to_string(),
        ));
    }
    Ok(())
}

/// Checks a list of channels (from the flags or a plan): each one, and how many.
pub fn check_count(channels: &[Channel]) -> std::result::Result<(), (String, String)> {
    if channels.len() > MAX_CHANNELS {
        return Err((
            format!(
                "{} notification channels is more than the {MAX_CHANNELS} a rollout may have",
                channels.len()
            ),
            "the channels are stored with the rollout; send to one webhook that fans out"
                .to_string(),
        ));
    }
    Ok(())
}

/// The plan's `notify:` list, each entry checked; an error names its line.
pub fn from_plan(
    entries: Vec<serde_saphyr::Spanned<Channel>>,
) -> std::result::Result<Vec<Channel>, crate::rollout::plan::PlanError> {
    let plan_error = |line, (message, hint): (String, String)| crate::rollout::plan::PlanError {
        line,
        message: format!("notify: {message}"),
        hint,
    };
    let mut channels = Vec::with_capacity(entries.len());
    for entry in entries {
        let line = Some(entry.referenced.line() as usize).filter(|&l| l > 0);
        entry.value.check().map_err(|e| plan_error(line, e))?;
        channels.push(entry.value);
    }
    check_count(&channels).map_err(|e| plan_error(None, e))?;
    Ok(channels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_name_a_kind_and_a_file_or_url() {
        assert_eq!(
            Channel::parse_flag("slack=hooks/slack.yaml").unwrap(),
            Channel::Slack("hooks/slack.yaml".into())
        );
        assert_eq!(
            Channel::parse_flag("dingtalk=ding.yaml").unwrap().kind(),
            ChannelKind::Dingtalk
        );
        let hook = Channel::parse_flag("webhook=http://127.0.0.1:9/hook").unwrap();
        assert_eq!(hook.inline_url(), Some("http://127.0.0.1:9/hook"));
        let file = Channel::parse_flag("webhook=secret-hook.yaml").unwrap();
        assert_eq!(file.inline_url(), None);
    }

    #[test]
    fn mistakes_name_the_flag_with_a_hint() {
        let cases = [
            ("slack", "`--notify slack` is not KIND=FILE or webhook=URL"),
            ("teams=x", "`--notify teams=x`: unknown channel `teams`"),
            ("slack=", "`--notify slack=`: `slack` needs a file"),
            (
                "dingtalk=https://oapi.example/robot/send?access_token=t",
                "`--notify dingtalk=https://oapi.example/robot/send?access_token=t`: `dingtalk` takes a FILE",
            ),
            (
                "webhook=https://ci.example/h?token=abc",
                "the webhook URL `https://ci.example/h?…` has a query string",
            ),
            (
                "webhook=https://u:p@ci.example/h",
                "the webhook URL `https://***@ci.example/h` has a query string or user information",
            ),
            ("webhook=http:///h", "has no host"),
        ];
        for (arg, message) in cases {
            let err = Channel::parse_flag(arg).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::Usage, "{arg}");
            assert!(err.message().contains(message), "{arg}: {}", err.message());
            assert!(!err.hints().is_empty(), "{arg}");
        }
        let err = Channel::parse_flag("slack=https://hooks.example/T/B/x").unwrap_err();
        assert!(err.hints()[0].contains("into a file"), "{:?}", err.hints());
    }

    #[test]
    fn the_record_keeps_the_plan_shape() {
        let c = Channel::Dingtalk("ding.yaml".into());
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json, serde_json::json!({"dingtalk": "ding.yaml"}));
        assert_eq!(serde_json::from_value::<Channel>(json).unwrap(), c);
        assert!(serde_json::from_value::<Channel>(serde_json::json!({"teams": "x"})).is_err());
    }

    #[test]
    fn a_plan_lists_channels_and_mistakes_name_their_line() {
        let steps = "steps:\n- setWeight: 10\n";
        let plan = crate::rollout::plan::parse(&format!(
            "{steps}notify:\n- slack: slack.yaml\n- webhook: http://127.0.0.1:9/h\n"
        ))
        .unwrap();
        assert_eq!(
            plan.notify,
            [
                Channel::Slack("slack.yaml".into()),
                Channel::Webhook("http://127.0.0.1:9/h".into())
            ]
        );
        let cases = [
            ("notify:\n- teams: x\n", Some(4), "unknown variant `teams`"),
            (
                "notify:\n- slack: a\n  feishu: b\n",
                Some(5),
                "expected end of mapping",
            ),
            (
                "notify:\n- slack: a\n- webhook: https://h/x?token=1\n",
                Some(5),
                "notify: the webhook URL `https://h/x?…` has a query string",
            ),
            (
                "notify:\n- dingtalk: https://oapi.example/x\n",
                Some(4),
                "notify: `dingtalk` takes a FILE",
            ),
        ];
        for (tail, line, message) in cases {
            let err = crate::rollout::plan::parse(&format!("{steps}{tail}")).unwrap_err();
            assert_eq!(err.line, line, "{tail:?}: {err}");
            assert!(err.message.contains(message), "{tail:?}: {err}");
            assert!(!err.hint.is_empty(), "{tail:?}");
        }
    }

    #[test]
    fn at_most_ten_channels() {
        let many = vec![Channel::Slack("s".into()); MAX_CHANNELS + 1];
        assert!(check_count(&many).is_err());
        assert!(check_count(&many[..MAX_CHANNELS]).is_ok());
    }
}
