//! Rollout webhooks and gates (Flagger's hook points): what a hook is, how it is
//! written (the plan's `webhooks:` and `webhook:` step, `--webhook TYPE=URL`), the
//! JSON every hook receives, what its answer means, and which points fire for a
//! transition. All pure: the binary resolves secrets (files, environment variables),
//! sends through the `http::Poster` port and waits on its clock
//! (`src/cmd/rollout/hooks.rs`). Behaviour for users: `docs/hooks.md`.
//!
//! Secrets never come from flags and are never stored: a URL with a query or user
//! information (where tokens live) must be given as `urlFrom: {file|env}`, and header
//! values only that way; the spec stores the reference, not the value.

use std::collections::BTreeMap;
use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::machine::Action;
use super::record::{RolloutRecord, bounded};
use super::spec::RolloutSpec;
use crate::duration::Duration;

/// How long one call may take unless the hook or `--hook-timeout` says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Extra attempts of a failed call unless the hook or `--hook-retries` says otherwise.
pub const DEFAULT_RETRIES: u32 = 2;
/// The most retries a hook may ask for.
pub const MAX_RETRIES: u32 = 10;
/// How often a closed gate is asked again, unless `--gate-interval` says otherwise.
pub const DEFAULT_GATE_INTERVAL: Duration = Duration::from_secs(5);
/// How long a gate may stay closed when the rollout has no `--timeout`.
pub const DEFAULT_GATE_TIMEOUT: Duration = Duration::from_secs(3600);
/// The most hooks a rollout may have (the spec is stored in an annotation).
pub const MAX_HOOKS: usize = 20;
/// The calls kept in the record, newest last.
pub const MAX_HOOK_CALLS: usize = 20;

/// The hook points, in the order a rollout reaches them.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum HookType {
    /// A gate before anything changes: polled until it answers 2xx.
    ConfirmRollout,
    /// Once before the first weight moves; failing it starts nothing.
    PreRollout,
    /// At every stage (start a load test, run a smoke test); failing it rolls back.
    #[default]
    Rollout,
    /// A gate before each write that gives the new version more traffic.
    ConfirmTrafficIncrease,
    /// A gate before the promotion write.
    ConfirmPromotion,
    /// After success or rollback; its failure is only reported.
    PostRollout,
    /// Asked during holds and analyses; a 2xx answer rolls back.
    Rollback,
}

impl HookType {
    pub const ALL: [HookType; 7] = [
        HookType::ConfirmRollout,
        HookType::PreRollout,
        HookType::Rollout,
        HookType::ConfirmTrafficIncrease,
        HookType::ConfirmPromotion,
        HookType::PostRollout,
        HookType::Rollback,
    ];

    pub fn name(self) -> &'static str {
        match self {
            HookType::ConfirmRollout => "confirm-rollout",
            HookType::PreRollout => "pre-rollout",
            HookType::Rollout => "rollout",
            HookType::ConfirmTrafficIncrease => "confirm-traffic-increase",
            HookType::ConfirmPromotion => "confirm-promotion",
            HookType::PostRollout => "post-rollout",
            HookType::Rollback => "rollback",
        }
    }

    /// Gates are polled until they open (2xx) instead of being called once.
    pub fn is_gate(self) -> bool {
        matches!(
            self,
            HookType::ConfirmRollout
                | HookType::ConfirmTrafficIncrease
                | HookType::ConfirmPromotion
        )
    }

    /// Reads a type as written in a flag; the error lists the valid ones.
    pub fn parse(text: &str) -> Result<HookType, HookError> {
        HookType::ALL
            .into_iter()
            .find(|t| t.name() == text.trim())
            .ok_or_else(|| {
                HookError::new(
                    format!("unknown webhook type `{text}`"),
                    format!("use one of {}", type_list()),
                )
            })
    }
}

fn type_list() -> String {
    HookType::ALL
        .iter()
        .map(|t| format!("`{}`", t.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for HookType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a secret comes from when the hook is called: a file (its content, trimmed)
/// or an environment variable. Only the reference is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum SecretRef {
    File(String),
    Env(String),
}

impl fmt::Display for SecretRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretRef::File(path) => write!(f, "file `{path}`"),
            SecretRef::Env(name) => write!(f, "environment variable `{name}`"),
        }
    }
}

/// One webhook, as written in a plan (and stored in the spec).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Hook {
    /// Flagger's name for the hook, for messages (defaults to the type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The hook point; `rollout` when not written (as in Flagger).
    #[serde(rename = "type", default)]
    pub kind: HookType,
    /// A URL without secrets (no query, no user information).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The URL, read when called, for URLs that carry a token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_from: Option<SecretRef>,
    /// Extra request headers; values only from files or environment variables.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, SecretRef>,
    #[serde(
        default,
        with = "super::spec::duration_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub timeout: Option<Duration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<u32>,
    /// Passed on in the payload as written.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

/// A hook that cannot be used, and what would fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookError {
    pub message: String,
    pub hint: String,
}

impl HookError {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> HookError {
        HookError {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HookError {}

const SECRET_HINT: &str = "secrets never come from flags or the plan's `url`: put the URL in a file or an environment variable and use `--webhook-file TYPE=FILE` or `urlFrom: {file: PATH}` / `urlFrom: {env: NAME}` (docs/hooks.md)";

/// Refuses a URL that is not http(s) or that carries a secret (a query or user
/// information), which must come from a file or the environment instead.
pub fn check_plain_url(url: &str) -> Result<(), HookError> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(HookError::new(
            format!(
                "webhook URL `{}` is not an http(s) URL",
                crate::http::redact_url(url)
            ),
            "give a URL such as `http://127.0.0.1:8080/gate`",
        ));
    };
    if scheme != "http" && scheme != "https" || rest.is_empty() {
        return Err(HookError::new(
            format!(
                "webhook URL `{}` is not an http(s) URL",
                crate::http::redact_url(url)
            ),
            "give a URL such as `http://127.0.0.1:8080/gate`",
        ));
    }
    let authority = rest.split('/').next().unwrap_or_default();
    if url.contains('?') || authority.contains('@') {
        return Err(HookError::new(
            format!(
                "webhook URL `{}` carries a query or credentials",
                crate::http::redact_url(url)
            ),
            SECRET_HINT,
        ));
    }
    Ok(())
}

impl Hook {
    /// A hook of `kind` at `url` (checked: no secrets).
    pub fn at(kind: HookType, url: &str) -> Result<Hook, HookError> {
        check_plain_url(url)?;
        Ok(Hook {
            kind,
            url: Some(url.to_string()),
            ..Hook::default()
        })
    }

    /// A hook of `kind` whose URL is read from `source` when it is called.
    pub fn from_secret(kind: HookType, source: SecretRef) -> Hook {
        Hook {
            kind,
            url_from: Some(source),
            ..Hook::default()
        }
    }

    /// What messages call it: its name, else its type.
    pub fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("{} `{name}`", self.kind),
            None => self.kind.to_string(),
        }
    }

    /// Where it goes, for messages and the record: the plain URL (redacted anyway),
    /// else where the URL is read from.
    pub fn shown_url(&self) -> String {
        match (&self.url, &self.url_from) {
            (Some(url), _) => crate::http::redact_url(url),
            (None, Some(from)) => format!("(URL from {from})"),
            (None, None) => "(no URL)".into(),
        }
    }

    pub fn timeout(&self) -> Duration {
        self.timeout.unwrap_or(DEFAULT_TIMEOUT)
    }

    pub fn retries(&self) -> u32 {
        self.retries.unwrap_or(DEFAULT_RETRIES)
    }

    /// Fills what the hook leaves out from the command's defaults.
    pub fn with_defaults(mut self, timeout: Duration, retries: u32) -> Hook {
        self.timeout.get_or_insert(timeout);
        self.retries.get_or_insert(retries);
        self
    }

    /// Checks what types alone do not.
    pub fn validate(&self) -> Result<(), HookError> {
        let label = self.label();
        match (&self.url, &self.url_from) {
            (Some(url), None) => check_plain_url(url)?,
            (None, Some(SecretRef::File(s) | SecretRef::Env(s))) if !s.trim().is_empty() => {}
            (None, Some(_)) => {
                return Err(HookError::new(
                    format!("webhook {label}: `urlFrom` names no file or variable"),
                    "write `urlFrom: {file: PATH}` or `urlFrom: {env: NAME}`",
                ));
            }
            (Some(_), Some(_)) => {
                return Err(HookError::new(
                    format!("webhook {label} has both `url` and `urlFrom`"),
                    "keep one of them",
                ));
            }
            (None, None) => {
                return Err(HookError::new(
                    format!("webhook {label} has no `url`"),
                    "add `url: http://…`, or `urlFrom: {file: PATH}` for a URL with a token",
                ));
            }
        }
        if self.timeout.is_some_and(|t| t.as_millis() == 0) {
            return Err(HookError::new(
                format!("webhook {label} has a zero `timeout`"),
                "give a duration such as `10s`",
            ));
        }
        if self.retries.is_some_and(|r| r > MAX_RETRIES) {
            return Err(HookError::new(
                format!(
                    "webhook {label}: `retries: {}` is more than {MAX_RETRIES}",
                    self.retries.unwrap_or_default()
                ),
                "retries repeat a failed call; a gate is asked again until it opens anyway",
            ));
        }
        for name in self.headers.keys() {
            if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                return Err(HookError::new(
                    format!("webhook {label}: `{name}` is not a header name"),
                    "use letters, digits and `-`, e.g. `Authorization`",
                ));
            }
        }
        Ok(())
    }
}

/// Checks every hook of a rollout and their number.
pub fn validate_all(hooks: &[Hook]) -> Result<(), HookError> {
    if hooks.len() > MAX_HOOKS {
        return Err(HookError::new(
            format!(
                "{} webhooks is more than the {MAX_HOOKS} a rollout may have",
                hooks.len()
            ),
            "the hooks are stored with the VirtualService; call one service that fans out",
        ));
    }
    hooks.iter().try_for_each(Hook::validate)
}

/// Where the rollout stands when a hook is called: what the payload says.
#[derive(Debug, Clone, PartialEq)]
pub struct Moment<'a> {
    pub spec: &'a RolloutSpec,
    pub namespace: &'a str,
    /// The record's phase (`Pending` before the start is written).
    pub phase: String,
    /// The stage, 0-based (the payload's `step` is 1-based).
    pub stage: usize,
    pub stable_weight: u32,
    pub canary_weight: u32,
}

impl<'a> Moment<'a> {
    /// Before the start write: nothing moved yet.
    pub fn before_start(spec: &'a RolloutSpec, namespace: &'a str, canary_weight: u32) -> Self {
        Moment {
            spec,
            namespace,
            phase: "Pending".into(),
            stage: 0,
            stable_weight: 100 - canary_weight.min(100),
            canary_weight,
        }
    }

    /// As `record` stands.
    pub fn of(record: &'a RolloutRecord, namespace: &'a str) -> Self {
        Moment {
            spec: &record.spec,
            namespace,
            phase: record.phase.to_string(),
            stage: record.stage,
            stable_weight: record.weights.get(&record.spec.split.stable),
            canary_weight: record.canary_weight(),
        }
    }
}

/// The JSON body every hook receives (Flagger's `name`, `namespace`, `phase` and
/// `metadata`, and where the rollout stands). Documented in `docs/hooks.md`.
pub fn payload(hook: &Hook, at: &Moment<'_>) -> Value {
    let split = &at.spec.split;
    json!({
        "name": at.spec.service,
        "namespace": at.namespace,
        "phase": at.phase,
        "type": hook.kind.name(),
        "step": at.stage + 1,
        "stages": at.spec.stages().len(),
        "stable": split.stable,
        "canary": split.canary,
        "weights": {"stable": at.stable_weight, "canary": at.canary_weight},
        "metadata": hook.metadata,
    })
}

/// What one answer (or the lack of one) means for the rollout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Answer {
    /// Go on: a call that succeeded, an open gate, a rollback hook that says no.
    Passed,
    /// A gate that is still closed: ask again later.
    Closed,
    /// A call that failed (after its retries).
    Failed,
    /// A rollback hook said yes: roll back.
    Abort,
}

/// What `reply` (a status, or `None` when no answer came) means for a hook of `kind`.
/// A failed call is retried before this is final; a closed gate is polled.
pub fn answer(kind: HookType, status: Option<u16>) -> Answer {
    let ok = status.is_some_and(|s| (200..300).contains(&s));
    match (kind, ok) {
        (HookType::Rollback, true) => Answer::Abort,
        (HookType::Rollback, false) => Answer::Passed,
        (k, true) if k.is_gate() => Answer::Passed,
        (k, false) if k.is_gate() => Answer::Closed,
        (_, true) => Answer::Passed,
        (_, false) => Answer::Failed,
    }
}

/// Whether a call that got `status` is worth another attempt (a gate is polled
/// instead, and a rollback hook's "no" is an answer).
pub fn retry(kind: HookType, status: Option<u16>) -> bool {
    answer(kind, status) == Answer::Failed
}

/// The gates a write of `actions` must pass first, in order, when the new version
/// (`canary`) has `weight_now` percent: a write that gives it more traffic asks
/// `confirm-traffic-increase`, a promotion `confirm-promotion`; nothing else is gated.
pub fn gates_before(canary: &str, weight_now: u32, actions: &[Action]) -> Vec<HookType> {
    let raises = actions
        .iter()
        .any(|a| matches!(a, Action::SetWeights { weights } if weights.get(canary) > weight_now));
    let promotes = actions
        .iter()
        .any(|a| matches!(a, Action::FinalizePromotion { .. }));
    let mut gates = Vec::new();
    if raises {
        gates.push(HookType::ConfirmTrafficIncrease);
    }
    if promotes {
        gates.push(HookType::ConfirmPromotion);
    }
    gates
}

/// Whether going from `before` to `after` entered a stage the `rollout` hook is called
/// for: the rollout is running and at another stage (or just started).
pub fn entered_stage(before: Option<&RolloutRecord>, after: &RolloutRecord) -> bool {
    after.phase.is_active()
        && before.is_none_or(|b| {
            b.created_at != after.created_at || b.stage != after.stage || !b.phase.is_active()
        })
}

/// The hooks of `kind` in `hooks`, in the order written.
pub fn of_type(hooks: &[Hook], kind: HookType) -> impl Iterator<Item = &Hook> {
    hooks.iter().filter(move |h| h.kind == kind)
}

/// One call of a hook as the record keeps it (a gate's poll is kept when its answer
/// changes, with the number of times it was asked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HookCall {
    pub at: Timestamp,
    #[serde(rename = "type")]
    pub kind: HookType,
    /// Redacted: never a query or user information.
    pub url: String,
    /// The stage it was called at (0-based).
    pub stage: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Why no answer came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Attempts (retries and gate polls) that led to this answer.
    pub attempts: u32,
    pub answer: Answer,
}

impl HookCall {
    /// The answer in a few words: `200`, `closed: 403`, `failed: connection refused`.
    pub fn said(&self) -> String {
        let what = match (self.status, &self.error) {
            (Some(s), _) => s.to_string(),
            (None, Some(e)) => e.clone(),
            (None, None) => "no answer".into(),
        };
        match self.answer {
            Answer::Passed | Answer::Abort => what,
            Answer::Closed => format!("closed: {what}"),
            Answer::Failed => format!("failed: {what}"),
        }
    }
}

impl RolloutRecord {
    /// Keeps `call`, the oldest dropped beyond [`MAX_HOOK_CALLS`].
    pub fn push_hook_call(&mut self, call: HookCall) {
        self.hook_calls.push(HookCall {
            url: bounded(&call.url),
            error: call.error.as_deref().map(bounded),
            ..call
        });
        let excess = self.hook_calls.len().saturating_sub(MAX_HOOK_CALLS);
        self.hook_calls.drain(..excess);
    }

    /// The gate the rollout waits at now, if the last call recorded is a closed one.
    pub fn closed_gate(&self) -> Option<&HookCall> {
        self.hook_calls
            .last()
            .filter(|c| c.answer == Answer::Closed && !self.phase.is_terminal())
    }
}

#[cfg(test)]
mod tests;
