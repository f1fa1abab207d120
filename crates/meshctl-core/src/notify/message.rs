//! A notice as each service wants it: the text from the channel's template (built in,
//! or the user's from `--templates DIR`), wrapped in the service's JSON shape, signed
//! when the channel file has a secret.
//!
//! | channel | body |
//! |---|---|
//! | slack | `{"text": TEXT}` (mrkdwn) |
//! | dingtalk | `{"msgtype": "markdown", "markdown": {"title", "text"}}`, signed in the query |
//! | feishu | `{"msg_type": "text", "content": {"text"}}`, plus `timestamp` and `sign` when signed |
//! | webhook | the [`Notice`] itself, plus `text` |

use jiff::Timestamp;
use minijinja::Environment;
use serde_json::{Value, json};

use super::{ChannelKind, Endpoint, Notice, sign};
use crate::duration::Duration;
use crate::http::{Post, Reply};
use crate::render::{Renders, TemplateSet, notification_template};
use crate::{Error, Result};

/// The notification templates of a set, compiled.
pub struct NoticeTemplates {
    env: Environment<'static>,
    origins: Vec<(&'static str, String)>,
}

impl NoticeTemplates {
    /// Compiles the notification templates of `set`; a syntax error names the
    /// template (and, for an override, its file).
    pub fn new(set: &TemplateSet) -> Result<NoticeTemplates> {
        let mut env = crate::render::strict_environment()?;
        let mut origins = Vec::new();
        for t in set
            .iter()
            .filter(|t| matches!(t.renders, Renders::Notification(_)))
        {
            let origin = match &t.origin {
                crate::render::Origin::Builtin => "built in".to_string(),
                crate::render::Origin::Override(path) => format!("from `{path}`"),
            };
            env.add_template_owned(t.name, t.source.clone())
                .map_err(|e| template_error(t.name, &origin, e))?;
            origins.push((t.name, origin));
        }
        let templates = NoticeTemplates { env, origins };
        // A misspelt variable shows now, before the rollout starts, not as a warning
        // at each step.
        for channel in ChannelKind::ALL {
            templates.text(channel, &Notice::example())?;
        }
        Ok(templates)
    }

    /// The text of `notice` for `channel`.
    pub fn text(&self, channel: ChannelKind, notice: &Notice) -> Result<String> {
        let name = notification_template(channel);
        let origin = self
            .origins
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, o)| o.as_str())
            .unwrap_or("built in");
        let mut ctx = serde_json::to_value(notice)?;
        ctx["warning"] = Value::Bool(notice.kind.is_warning());
        let template = self
            .env
            .get_template(name)
            .map_err(|e| template_error(name, origin, e))?;
        let text = template
            .render(crate::render::to_template_value(&ctx))
            .map_err(|e| template_error(name, origin, e))?;
        Ok(text.trim().to_string())
    }
}

fn template_error(name: &str, origin: &str, e: minijinja::Error) -> Error {
    let line = e.line().map(|l| format!(" line {l}")).unwrap_or_default();
    Error::config(format!(
        "cannot render notification template `{name}`{line} ({origin}): {}",
        e.detail().unwrap_or(&e.to_string())
    ))
    .with_hint("fix the template, or remove it from the templates directory to use the built-in one (`meshctl templates show NAME`)")
}

/// The request that tells `endpoint` of `notice` through a `channel` service. `now`
/// stamps signatures; `timeout` bounds the exchange.
pub fn post_for(
    channel: ChannelKind,
    endpoint: &Endpoint,
    notice: &Notice,
    templates: &NoticeTemplates,
    now: Timestamp,
    timeout: Duration,
) -> Result<Post> {
    let text = templates.text(channel, notice)?;
    let mut url = endpoint.url.clone();
    let body = match channel {
        ChannelKind::Slack => json!({"text": text}),
        ChannelKind::Dingtalk => {
            if let Some(secret) = &endpoint.secret {
                url = sign::dingtalk_url(&url, secret, now.as_millisecond());
            }
            json!({"msgtype": "markdown", "markdown": {"title": notice.title, "text": text}})
        }
        ChannelKind::Feishu => {
            let mut body = json!({"msg_type": "text", "content": {"text": text}});
            if let Some(secret) = &endpoint.secret {
                let seconds = now.as_second();
                body["timestamp"] = Value::String(seconds.to_string());
                body["sign"] = Value::String(sign::feishu(secret, seconds));
            }
            body
        }
        ChannelKind::Webhook => {
            let mut body = serde_json::to_value(notice)?;
            body["text"] = Value::String(text);
            body
        }
    };
    Ok(Post::json(url, &body, timeout))
}

/// What is wrong with `reply` from a `channel` service, if anything: a status outside
/// 2xx, or the refusal DingTalk (`errcode`) and Feishu (`code`) robots send with a 200
/// (a bad signature, a keyword missing, too many messages).
pub fn reply_problem(channel: ChannelKind, reply: &Reply) -> Option<String> {
    if !reply.is_success() {
        return Some(format!("was answered {}", reply.status));
    }
    let (code, message) = match channel {
        ChannelKind::Dingtalk => ("errcode", "errmsg"),
        ChannelKind::Feishu => ("code", "msg"),
        ChannelKind::Slack | ChannelKind::Webhook => return None,
    };
    let body: Value = serde_json::from_str(&reply.body).ok()?;
    match body.get(code).and_then(Value::as_i64) {
        Some(0) | None => None,
        Some(n) => Some(format!(
            "was refused: {code} {n}{}",
            body.get(message)
                .and_then(Value::as_str)
                .map(|m| format!(" ({m})"))
                .unwrap_or_default()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::notice::NoticeKind;

    fn notice(kind: NoticeKind) -> Notice {
        Notice {
            kind,
            title: format!("canary of `reviews` in shop: {}", kind.verb()),
            ..Notice::example()
        }
    }

    fn builtin() -> NoticeTemplates {
        NoticeTemplates::new(&TemplateSet::builtin()).unwrap()
    }

    const NOW_MS: i64 = 1_790_000_000_002;
    fn now() -> Timestamp {
        Timestamp::from_millisecond(NOW_MS).unwrap()
    }

    fn post(channel: ChannelKind, endpoint: &Endpoint) -> Post {
        let n = notice(NoticeKind::RolledBack);
        post_for(
            channel,
            endpoint,
            &n,
            &builtin(),
            now(),
            Duration::from_secs(5),
        )
        .unwrap()
    }

    fn body(p: &Post) -> Value {
        serde_json::from_str(&p.body).unwrap()
    }

    #[test]
    fn slack_gets_mrkdwn_text_with_the_figures() {
        let p = post(
            ChannelKind::Slack,
            &Endpoint::url("https://hooks.example/T/B/x"),
        );
        assert_eq!(p.url, "https://hooks.example/T/B/x");
        assert_eq!(p.timeout, Duration::from_secs(5));
        let text = body(&p)["text"].as_str().unwrap().to_string();
        assert_eq!(
            text,
            ":rotating_light: *meshctl canary of `reviews` in shop: rolled back*\n\
             restored the routes of `reviews`\n\
             > RolledBack · stage 2/3 · `v1` 100%, `v2` 0%\n\
             > Failed: success rate 80% is below 99%\n\
             > step 2/3 judged failed: success rate 80% is below 99%"
        );
    }

    #[test]
    fn dingtalk_gets_markdown_and_a_signed_url() {
        let endpoint = Endpoint {
            url: "https://oapi.example/robot/send?access_token=t".into(),
            secret: Some("SECexample0123456789".into()),
        };
        let p = post(ChannelKind::Dingtalk, &endpoint);
        // The signature of `sign::tests`, computed independently.
        assert_eq!(
            p.url,
            "https://oapi.example/robot/send?access_token=t&timestamp=1790000000002&sign=NUI0WUz7D0VNrrK%2F7AacJddvzXWpd07fi%2Bwyhaaog9w%3D"
        );
        let b = body(&p);
        assert_eq!(b["msgtype"], "markdown");
        assert_eq!(
            b["markdown"]["title"],
            "canary of `reviews` in shop: rolled back"
        );
        let text = b["markdown"]["text"].as_str().unwrap();
        assert!(
            text.starts_with("### meshctl canary of `reviews` in shop: rolled back\n\nrestored"),
            "{text}"
        );
        assert!(
            text.contains("- Failed: success rate 80% is below 99%"),
            "{text}"
        );
        let unsigned = post(
            ChannelKind::Dingtalk,
            &Endpoint::url("https://oapi.example/robot/send?access_token=t"),
        );
        assert_eq!(
            unsigned.url,
            "https://oapi.example/robot/send?access_token=t"
        );
    }

    #[test]
    fn feishu_gets_text_and_signs_in_the_body() {
        let p = post(
            ChannelKind::Feishu,
            &Endpoint::url("https://f.example/hook/x"),
        );
        let b = body(&p);
        assert_eq!(b["msg_type"], "text");
        assert!(
            b["content"]["text"]
                .as_str()
                .unwrap()
                .starts_with("meshctl canary of `reviews` in shop: rolled back\n")
        );
        assert!(b.get("sign").is_none());
        let signed = post(
            ChannelKind::Feishu,
            &Endpoint {
                url: "https://f.example/hook/x".into(),
                secret: Some("SECexample0123456789".into()),
            },
        );
        let b = body(&signed);
        assert_eq!(b["timestamp"], "1790000000");
        assert_eq!(b["sign"], "EKj86KUxKzaUFw6i6u1z3nwQD06Ar3tRxhjYsT7KJKQ=");
    }

    #[test]
    fn a_webhook_gets_the_notice_itself() {
        let p = post(ChannelKind::Webhook, &Endpoint::url("http://127.0.0.1:9/h"));
        let b = body(&p);
        assert_eq!(b["kind"], "rolledBack");
        assert_eq!(b["service"], "reviews");
        assert_eq!(b["phase"], "RolledBack");
        assert_eq!(b["weights"], json!({"v1": 100, "v2": 0}));
        assert_eq!(b["analysis"]["summary"], "success rate 80% is below 99%");
        assert_eq!(b["at"], "2026-09-21T14:13:20Z");
        assert!(
            b["text"]
                .as_str()
                .unwrap()
                .contains("Failed: success rate 80%")
        );
        let started = notice(NoticeKind::Started);
        let mut plain = started.clone();
        plain.analysis = None;
        let text = builtin().text(ChannelKind::Webhook, &plain).unwrap();
        assert!(!text.contains("Failed"), "{text}");
    }

    #[test]
    fn robots_refuse_with_a_200_and_say_why() {
        let reply = |status, body: &str| Reply {
            status,
            body: body.into(),
        };
        let ok = reply(200, r#"{"errcode":0,"errmsg":"ok"}"#);
        assert_eq!(reply_problem(ChannelKind::Dingtalk, &ok), None);
        assert_eq!(
            reply_problem(
                ChannelKind::Dingtalk,
                &reply(200, r#"{"errcode":310000,"errmsg":"sign not match"}"#)
            )
            .as_deref(),
            Some("was refused: errcode 310000 (sign not match)")
        );
        assert_eq!(
            reply_problem(
                ChannelKind::Feishu,
                &reply(200, r#"{"code":19021,"msg":"sign match fail"}"#)
            )
            .as_deref(),
            Some("was refused: code 19021 (sign match fail)")
        );
        assert_eq!(reply_problem(ChannelKind::Slack, &reply(200, "ok")), None);
        assert_eq!(
            reply_problem(ChannelKind::Webhook, &reply(503, "")).as_deref(),
            Some("was answered 503")
        );
    }

    #[test]
    fn a_users_template_replaces_the_builtin_and_a_broken_one_is_named() {
        let mut set = TemplateSet::builtin();
        set.set_override(
            "notify-slack.txt.j2",
            "{{ service }} is {{ kind }} at {{ weights.v2 }}%".into(),
            "my/notify-slack.txt.j2".into(),
        )
        .unwrap();
        let t = NoticeTemplates::new(&set).unwrap();
        let n = notice(NoticeKind::RolledBack);
        assert_eq!(
            t.text(ChannelKind::Slack, &n).unwrap(),
            "reviews is rolledBack at 0%"
        );
        // The other channels keep theirs.
        assert!(
            t.text(ChannelKind::Feishu, &n)
                .unwrap()
                .starts_with("meshctl canary")
        );

        set.set_override(
            "notify.txt.j2",
            "{{ service }".into(),
            "my/notify.txt.j2".into(),
        )
        .unwrap();
        let err = NoticeTemplates::new(&set).err().unwrap();
        assert!(
            err.message().starts_with("cannot render notification template `notify.txt.j2` line 1 (from `my/notify.txt.j2`)"),
            "{}",
            err.message()
        );
        assert!(!err.hints().is_empty());
    }
}
