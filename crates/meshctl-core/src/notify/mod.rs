//! Rollout notifications: a message to Slack, DingTalk, Feishu or any JSON webhook on
//! start, each step, pause, promotion and rollback, with the figures that decided it.
//! The core decides everything — which channels (`channel`), what each event says
//! (`notice`), the text (templates the user can override, `message`), the body, URL
//! and signature (`sign`) — and the binary only reads the channel files and sends the
//! [`Post`](crate::http::Post)s. The formats are `docs/notifications.md`.

pub mod channel;
pub mod endpoint;
pub mod message;
pub mod notice;
pub mod sign;

pub use channel::{Channel, ChannelKind};
pub use endpoint::Endpoint;
pub use message::{NoticeTemplates, post_for, reply_problem};
pub use notice::{Notice, NoticeKind, notices_for};
