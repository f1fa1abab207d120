//! Rollout notifications for the commands: the `--notify` flag group, the check of the
//! channels before a rollout starts, and the [`Notifier`] the driver calls after every
//! write that recorded events. The core decides what to send
//! (`core::notify`); this reads the channel files and sends through `ctx.poster()`.
//! A notification that fails is a warning line, never an error: the rollout goes on
//! and its exit status is its own.

use crate::cmd::Ctx;
use crate::core::clock::Clock;
use crate::core::duration::Duration;
use crate::core::http::redact_url;
use crate::core::notify::{
    self, Channel, Endpoint, NoticeTemplates, notices_for, post_for, reply_problem,
};
use crate::core::rollout::{Action, RolloutRecord};
use crate::output::progress::{Progress, Reporter};
use crate::{Error, Result};
use std::sync::OnceLock;

/// How long one notification may take: the driver waits for it before going on.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// The timeout for a driver whose lock lasts `lock_ttl`: [`TIMEOUT`], but never more
/// than a third of the lock, so waiting for a slow channel cannot cost the lock (the
/// driver renews it every third of its TTL).
pub fn timeout_for(lock_ttl: Duration) -> Duration {
    Duration::from_millis(TIMEOUT.as_millis().min(lock_ttl.as_millis() / 3))
}

/// `--notify KIND=FILE|URL`, for the commands that start a rollout.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Notifications")]
pub struct NotifyArgs {
    /// Tell a channel of every step, pause, promotion and rollback: `slack=FILE`,
    /// `dingtalk=FILE`, `feishu=FILE` (the file holds the robot's URL and secret) or
    /// `webhook=URL`; repeatable (docs/notifications.md)
    #[arg(long = "notify", value_name = "KIND=FILE|URL")]
    pub notify: Vec<String>,
}

impl NotifyArgs {
    /// The channels of the flags, then those of a plan's `notify:`, each checked and
    /// its file read, with the templates compiled: a mistake is an error now, before
    /// anything is written.
    pub fn channels(&self, ctx: &Ctx, from_plan: &[Channel]) -> Result<Vec<Channel>> {
        let mut channels = self
            .notify
            .iter()
            .map(|arg| Channel::parse_flag(arg))
            .collect::<Result<Vec<_>>>()?;
        channels.extend(from_plan.iter().cloned());
        notify::channel::check_count(&channels)
            .map_err(|(message, hint)| Error::usage(message).with_hint(hint))?;
        for channel in &channels {
            endpoint(channel)?;
        }
        if !channels.is_empty() {
            templates(ctx)?;
        }
        Ok(channels)
    }
}

/// Where `channel` sends: its URL, or what its file holds.
fn endpoint(channel: &Channel) -> Result<Endpoint> {
    if let Some(url) = channel.inline_url() {
        return Ok(Endpoint::url(url));
    }
    let path = channel.target();
    let kind = channel.kind();
    let hint = "the file holds the URL alone, or `url:` and (dingtalk, feishu) `secret:` lines; see docs/notifications.md";
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::io(
            format!("cannot read the {kind} notification file `{path}`"),
            e,
        )
        .with_hint(hint)
    })?;
    Endpoint::parse(kind, &text).map_err(|why| {
        Error::usage(format!("the {kind} notification file `{path}` {why}")).with_hint(hint)
    })
}

/// The notification templates, with the user's overrides (`--templates DIR`).
fn templates(ctx: &Ctx) -> Result<NoticeTemplates> {
    NoticeTemplates::new(&crate::cmd::templates::load(ctx)?)
}

/// Sends the notices of the driver's writes to the rollout's channels.
pub struct Notifier<'a> {
    ctx: &'a Ctx,
    /// Compiled on the first notice; `None` after an error (said once, as a warning).
    templates: OnceLock<Option<NoticeTemplates>>,
}

impl<'a> Notifier<'a> {
    pub fn new(ctx: &'a Ctx) -> Notifier<'a> {
        Notifier {
            ctx,
            templates: OnceLock::new(),
        }
    }

    /// Tells the record's channels of one landed write. Every failure — an unreadable
    /// file, a broken template, a refused or slow POST — is a warning on `reporter`.
    pub async fn send(
        &self,
        record: &RolloutRecord,
        actions: &[Action],
        namespace: &str,
        clock: &dyn Clock,
        timeout: Duration,
        reporter: &dyn Reporter,
    ) {
        if record.spec.notify.is_empty() {
            return;
        }
        let notices = notices_for(record, actions, namespace);
        if notices.is_empty() {
            return;
        }
        let warn = |message: String| {
            reporter.report(&Progress::Note {
                message: format!("warning: {message}; the rollout goes on"),
            })
        };
        let Some(templates) = self.templates.get_or_init(|| {
            templates(self.ctx)
                .map_err(|e| warn(e.message().to_string()))
                .ok()
        }) else {
            return;
        };
        let poster = match self.ctx.poster() {
            Ok(p) => p,
            Err(e) => return warn(format!("cannot send notifications: {}", e.message())),
        };
        let now = clock.now();
        let mut posts = Vec::new();
        for channel in &record.spec.notify {
            let endpoint = match endpoint(channel) {
                Ok(e) => e,
                Err(e) => {
                    warn(format!(
                        "no notification to {}: {}",
                        channel.kind(),
                        e.message()
                    ));
                    continue;
                }
            };
            for notice in &notices {
                match post_for(channel.kind(), &endpoint, notice, templates, now, timeout) {
                    Ok(post) => posts.push((channel.kind(), post)),
                    Err(e) => warn(format!(
                        "no notification to {}: {}",
                        channel.kind(),
                        e.message()
                    )),
                }
            }
        }
        // All at once: the driver waits for the slowest, at most `timeout`.
        let replies =
            futures::future::join_all(posts.iter().map(|(_, post)| poster.post(post))).await;
        for ((kind, post), reply) in posts.iter().zip(replies) {
            let url = redact_url(&post.url);
            match reply {
                Ok(r) => {
                    if let Some(problem) = reply_problem(*kind, &r) {
                        warn(format!("the {kind} notification to `{url}` {problem}"));
                    }
                }
                // The error names the (redacted) URL itself.
                Err(e) => warn(format!("the {kind} notification failed: {e}")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_lock_shortens_the_wait() {
        assert_eq!(timeout_for(Duration::from_secs(120)), TIMEOUT);
        assert_eq!(timeout_for(Duration::from_secs(6)), Duration::from_secs(2));
    }
}
