//! Calling a rollout's webhooks and gates: the I/O half of `core::rollout::hooks`
//! (which decides what is sent, what answers mean and which points fire). Here the
//! secrets are read (files, environment variables — at call time, never stored), the
//! POSTs go through the `Poster` port with the hook's timeout and retries, gates are
//! polled on the driver's clock (virtual time in tests) while the lock is renewed, and
//! every call is kept in the record and told by an Event. The flags that add hooks to a
//! rollout are [`HookArgs`] (`args.rs`); reading secrets is `secrets.rs`.

mod args;
mod secrets;

pub use args::HookArgs;
use secrets::request;

use super::driver::{Driver, record_of};
use crate::core::rollout::hooks::{
    self, Answer, DEFAULT_GATE_TIMEOUT, Hook, HookCall, HookType, Moment,
};
use crate::core::rollout::{Input, RolloutRecord, RolloutSpec, Transition};
use crate::output::progress::Progress;
use crate::{Error, ErrorKind, Result};
use jiff::Timestamp;

/// The pause before another attempt of a failed call.
const RETRY_PAUSE: std::time::Duration = std::time::Duration::from_secs(1);

/// Where the calls of a hook are kept: the record of the rollout created at that time,
/// or (before the start is written) a list the start write takes.
pub(super) enum Keep<'k> {
    Record(Timestamp),
    Later(&'k mut Vec<HookCall>),
}

/// How polling a gate ended.
pub(super) enum Gate {
    Open,
    /// It stayed closed until the deadline: why, for the rollback.
    TimedOut(String),
    /// Someone else moved the rollout while the gate was closed (seen at a renewal).
    Moved(Box<Transition>),
}

impl Driver<'_> {
    fn namespace(&self) -> &str {
        self.vs.namespace.as_deref().unwrap_or_default()
    }

    /// One call of `hook` at `at`, retried as the hook says; the call as recorded.
    pub(super) async fn call_hook(&self, hook: &Hook, at: &Moment<'_>) -> HookCall {
        let body = hooks::payload(hook, at);
        let mut attempts = 0;
        loop {
            attempts += 1;
            let (status, error) = match (request(hook, &body), &self.poster) {
                (Err(e), _) => (None, Some(e)),
                (Ok(_), None) => (None, Some("no HTTP client".to_string())),
                (Ok(post), Some(poster)) => match poster.post(&post).await {
                    Ok(reply) => (Some(reply.status), None),
                    Err(e) => (None, Some(e.message)),
                },
            };
            if !hooks::retry(hook.kind, status) || attempts > hook.retries() {
                return HookCall {
                    at: self.clock.now(),
                    kind: hook.kind,
                    url: hook.shown_url(),
                    stage: at.stage,
                    status,
                    error,
                    attempts,
                    answer: hooks::answer(hook.kind, status),
                };
            }
            self.clock.sleep(RETRY_PAUSE).await;
        }
    }

    /// Keeps `call` (in the record, or for the start write), tells it as an Event and
    /// on the progress output. Best effort: a call is not undone by a failed note.
    pub(super) async fn keep_call(&self, call: HookCall, keep: &mut Keep<'_>) {
        let (reason, warning, message) = match call.answer {
            Answer::Passed if call.kind.is_gate() => (
                "GateOpened",
                false,
                format!(
                    "gate {} at {} is open ({})",
                    call.kind,
                    call.url,
                    call.said()
                ),
            ),
            Answer::Passed => (
                "HookCalled",
                false,
                format!("called {} hook at {}: {}", call.kind, call.url, call.said()),
            ),
            Answer::Closed => {
                self.reporter.report(&Progress::Note {
                    message: format!(
                        "waiting for gate {} at {} ({})",
                        call.kind,
                        call.url,
                        call.said()
                    ),
                });
                (
                    "GateClosed",
                    false,
                    format!(
                        "gate {} at {} is closed ({}); asking again until it opens",
                        call.kind,
                        call.url,
                        call.said()
                    ),
                )
            }
            Answer::Failed => (
                "HookFailed",
                true,
                format!(
                    "{} hook at {} {} after {} attempt(s)",
                    call.kind,
                    call.url,
                    call.said(),
                    call.attempts
                ),
            ),
            Answer::Abort => (
                "HookRollback",
                true,
                format!(
                    "{} hook at {} asked to roll back ({})",
                    call.kind,
                    call.url,
                    call.said()
                ),
            ),
        };
        self.event(reason, message, warning).await;
        match keep {
            Keep::Later(list) => list.push(call),
            Keep::Record(created) => {
                let created = *created;
                let kept = self
                    .write(move |vs| {
                        let Some(mut rec) = record_of(vs)? else {
                            return Ok(None);
                        };
                        if rec.created_at != created {
                            return Ok(None);
                        }
                        rec.push_hook_call(call.clone());
                        Ok(Some((rec, Vec::new())))
                    })
                    .await;
                if let Err(err) = kept {
                    self.reporter.report(&Progress::Note {
                        message: format!(
                            "warning: could not keep the hook call in the record: {}",
                            err.message()
                        ),
                    });
                }
            }
        }
    }

    /// Asks gate `hook` until it opens, or the rollout's `--timeout` (else an hour)
    /// passes. A change of answer is kept and told; the first closed answer says it
    /// waits. With `renew` (a rollout that is running, outside a judged stage) the lock
    /// is renewed on schedule, and a rollout someone else moved ends the wait.
    pub(super) async fn pass_gate(
        &self,
        hook: &Hook,
        at: &Moment<'_>,
        keep: &mut Keep<'_>,
        renew: Option<&RolloutRecord>,
    ) -> Result<Gate> {
        let spec = at.spec;
        let interval = spec.gate_interval().as_std();
        let limit = spec.timeout.unwrap_or(DEFAULT_GATE_TIMEOUT);
        let began = self.clock.now();
        let deadline = began.checked_add(limit.as_std()).unwrap_or(Timestamp::MAX);
        let mut renewed = began;
        let mut asked = 0;
        let mut last: Option<(Answer, Option<u16>, Option<String>)> = None;
        loop {
            let mut call = self.call_hook(hook, at).await;
            asked += call.attempts;
            let now = (call.answer, call.status, call.error.clone());
            if last.as_ref() != Some(&now) {
                call.attempts = asked;
                last = Some(now);
                self.keep_call(call.clone(), keep).await;
            }
            if call.answer == Answer::Passed {
                return Ok(Gate::Open);
            }
            if self.clock.now() >= deadline {
                return Ok(Gate::TimedOut(format!(
                    "gate {} at {} stayed closed for {limit} ({})",
                    hook.kind,
                    hook.shown_url(),
                    call.said()
                )));
            }
            self.clock
                .sleep_until(deadline.min(add(self.clock.now(), interval)))
                .await;
            if let Some(record) = renew
                && crate::core::rollout::schedule::next_renewal(renewed, self.lock_ttl)
                    <= self.clock.now()
            {
                renewed = self.clock.now();
                if let Some(moved) = self.renew_while_waiting(record).await? {
                    return Ok(Gate::Moved(Box::new(moved)));
                }
            }
        }
    }

    /// Renews the lock of `record`'s rollout without moving it on; the rollout as it is
    /// now when someone else moved it (another phase or stage, or replaced).
    async fn renew_while_waiting(&self, record: &RolloutRecord) -> Result<Option<Transition>> {
        let mut moved = None;
        let (actor, now, ttl) = (self.actor.clone(), self.clock.now(), self.lock_ttl);
        self.write(|vs| {
            let Some(mut rec) = record_of(vs)? else {
                return Err(Error::not_found(format!(
                    "the rollout record of `{}` is gone",
                    record.spec.service
                )));
            };
            if rec.created_at != record.created_at
                || rec.phase != record.phase
                || rec.stage != record.stage
            {
                moved = Some(rec);
                return Ok(None);
            }
            rec.renew_lock(&actor, now, ttl)?;
            Ok(Some((rec, Vec::new())))
        })
        .await?;
        Ok(moved.map(|record| Transition {
            record,
            actions: Vec::new(),
            annotation: None,
            lock: None,
        }))
    }

    /// Before the start write, with the rollout not yet recorded: `confirm-rollout`
    /// gates, `pre-rollout` hooks, then the gates of the first write. Any refusal
    /// changes nothing (exit 3). Returns the calls, for the start write to keep.
    pub(super) async fn before_start(
        &self,
        spec: &RolloutSpec,
        weight_now: u32,
        first_write: &[crate::core::rollout::Action],
    ) -> Result<Vec<HookCall>> {
        let mut calls = Vec::new();
        if spec.webhooks.is_empty() {
            return Ok(calls);
        }
        let ns = self.namespace().to_string();
        let at = Moment::before_start(spec, &ns, weight_now);
        let refuse = |why: String| {
            Error::new(
                ErrorKind::RolloutFailed,
                format!("the rollout of `{}` was not started: {why}", spec.service),
            )
            .with_hint("nothing was changed; see docs/hooks.md, then start it again")
        };
        for hook in hooks::of_type(&spec.webhooks, HookType::ConfirmRollout) {
            if let Gate::TimedOut(why) = self
                .pass_gate(hook, &at, &mut Keep::Later(&mut calls), None)
                .await?
            {
                return Err(refuse(why));
            }
        }
        for hook in hooks::of_type(&spec.webhooks, HookType::PreRollout) {
            let call = self.call_hook(hook, &at).await;
            let failed = call.answer == Answer::Failed;
            let said = call.said();
            self.keep_call(call, &mut Keep::Later(&mut calls)).await;
            if failed {
                return Err(refuse(format!(
                    "the pre-rollout hook at {} {said}",
                    hook.shown_url()
                )));
            }
        }
        for gate in hooks::gates_before(&spec.split.canary, weight_now, first_write) {
            for hook in hooks::of_type(&spec.webhooks, gate) {
                if let Gate::TimedOut(why) = self
                    .pass_gate(hook, &at, &mut Keep::Later(&mut calls), None)
                    .await?
                {
                    return Err(refuse(why));
                }
            }
        }
        Ok(calls)
    }

    /// Before a write that `input` would make on a running rollout: the gates it must
    /// pass (the pure transition says whether it gives the new version more traffic or
    /// promotes it). `Some` when the rollout did not go that way: a gate stayed closed
    /// (rolled back) or someone else moved it meanwhile.
    pub(super) async fn gates_for(
        &self,
        known: &RolloutRecord,
        input: &Input,
    ) -> Result<Option<Transition>> {
        let Some((rec, gates)) = self.planned_gates(known, input).await? else {
            return Ok(None);
        };
        let ns = self.namespace().to_string();
        for gate in gates {
            for hook in hooks::of_type(&rec.spec.webhooks, gate) {
                let at = Moment::of(&rec, &ns);
                let mut keep = Keep::Record(rec.created_at);
                match self.pass_gate(hook, &at, &mut keep, Some(&rec)).await? {
                    Gate::Open => {}
                    Gate::Moved(t) => return Ok(Some(*t)),
                    Gate::TimedOut(why) => {
                        let rollback = Input::Rollback { reason: why };
                        return self
                            .input_for(&rollback, Some(rec.created_at))
                            .await
                            .map(Some);
                    }
                }
            }
        }
        Ok(None)
    }

    /// The rollout as it is now and the gates the write of `input` would have to pass
    /// (the pure transition says whether it raises the weight or promotes); `None`
    /// without hooks, or when the record holds another rollout or refuses the input
    /// (the real write reports that).
    async fn planned_gates(
        &self,
        known: &RolloutRecord,
        input: &Input,
    ) -> Result<Option<(RolloutRecord, Vec<HookType>)>> {
        if known.spec.webhooks.is_empty() {
            return Ok(None);
        }
        let vs = self.read().await?;
        let (Some(text), Some(rec)) = (super::driver::annotation(&vs), record_of(&vs)?) else {
            return Ok(None);
        };
        if rec.created_at != known.created_at {
            return Ok(None);
        }
        let now = self.clock.now();
        let Ok(planned) =
            crate::core::rollout::transition(text, input, &self.actor, now, self.lock_ttl)
        else {
            return Ok(None);
        };
        let gates = hooks::gates_before(
            &rec.spec.split.canary,
            rec.canary_weight(),
            &planned.actions,
        );
        Ok(Some((rec, gates)))
    }

    /// For `canary step`, which judges once instead of waiting: asks each gate the write
    /// of `input` must pass once; the first closed one, in words (kept and told as
    /// usual), or `None` when all are open.
    pub async fn closed_gate_now(
        &self,
        known: &RolloutRecord,
        input: &Input,
    ) -> Result<Option<String>> {
        let Some((rec, gates)) = self.planned_gates(known, input).await? else {
            return Ok(None);
        };
        let ns = self.namespace().to_string();
        for gate in gates {
            for hook in hooks::of_type(&rec.spec.webhooks, gate) {
                let call = self.call_hook(hook, &Moment::of(&rec, &ns)).await;
                let closed = (call.answer != Answer::Passed)
                    .then(|| format!("gate {} at {} ({})", gate, call.url, call.said()));
                self.keep_call(call, &mut Keep::Record(rec.created_at))
                    .await;
                if closed.is_some() {
                    return Ok(closed);
                }
            }
        }
        Ok(None)
    }

    /// The `rollout` hooks of a stage just entered; a failure rolls back (the
    /// transition that did), like a failed check of the stage.
    pub async fn on_stage(&self, record: &RolloutRecord) -> Result<Option<Transition>> {
        let ns = self.namespace().to_string();
        for hook in hooks::of_type(&record.spec.webhooks, HookType::Rollout) {
            let call = self.call_hook(hook, &Moment::of(record, &ns)).await;
            let failed = call.answer == Answer::Failed;
            let said = call.said();
            self.keep_call(call, &mut Keep::Record(record.created_at))
                .await;
            if failed {
                let reason = format!(
                    "stage {}/{}: the rollout hook at {} {said}",
                    record.stage + 1,
                    record.spec.stages().len(),
                    hook.shown_url()
                );
                let rollback = Input::Rollback { reason };
                return self
                    .input_for(&rollback, Some(record.created_at))
                    .await
                    .map(Some);
            }
        }
        Ok(None)
    }

    /// The `post-rollout` hooks of a rollout that ended; failures are only told.
    pub async fn after_end(&self, record: &RolloutRecord) {
        let ns = self.namespace().to_string();
        for hook in hooks::of_type(&record.spec.webhooks, HookType::PostRollout) {
            let call = self.call_hook(hook, &Moment::of(record, &ns)).await;
            self.keep_call(call, &mut Keep::Record(record.created_at))
                .await;
        }
    }

    /// Asks the `rollback` hooks every gate interval while `record`'s stage is held;
    /// the first 2xx rolls back, naming the hook. Never ends without rollback hooks.
    pub(super) async fn watch_rollback(&self, record: &RolloutRecord) -> Result<Transition> {
        let watched: Vec<&Hook> =
            hooks::of_type(&record.spec.webhooks, HookType::Rollback).collect();
        if watched.is_empty() {
            return std::future::pending().await;
        }
        let ns = self.namespace().to_string();
        loop {
            for hook in &watched {
                let call = self.call_hook(hook, &Moment::of(record, &ns)).await;
                if call.answer == Answer::Abort {
                    let reason = format!(
                        "the rollback hook at {} answered {}",
                        call.url,
                        call.status.unwrap_or_default()
                    );
                    self.keep_call(call, &mut Keep::Record(record.created_at))
                        .await;
                    return self
                        .input_for(&Input::Rollback { reason }, Some(record.created_at))
                        .await;
                }
            }
            self.clock.sleep(record.spec.gate_interval().as_std()).await;
        }
    }

    /// A plan's `webhook` step: its hook's answer as the stage's verdict.
    pub(super) async fn judge_hook_step(
        &self,
        record: &RolloutRecord,
        hook: &Hook,
    ) -> Result<(crate::core::analysis::Outcome, String)> {
        use crate::core::analysis::Outcome;
        let ns = self.namespace().to_string();
        let at = Moment::of(record, &ns);
        let mut keep = Keep::Record(record.created_at);
        if hook.kind.is_gate() {
            // The lock is renewed beside the judgement (`keep_renewing`).
            return match self.pass_gate(hook, &at, &mut keep, None).await? {
                Gate::Open => Ok((
                    Outcome::Successful,
                    format!("gate {} at {} opened", hook.kind, hook.shown_url()),
                )),
                Gate::TimedOut(why) => Ok((Outcome::Failed, why)),
                Gate::Moved(_) => Err(Error::internal(
                    "a gate polled without renewals cannot see the rollout move",
                )),
            };
        }
        let call = self.call_hook(hook, &at).await;
        let outcome = match call.answer {
            Answer::Passed => Outcome::Successful,
            _ => Outcome::Failed,
        };
        let summary = format!("{} hook at {}: {}", hook.kind, call.url, call.said());
        self.keep_call(call, &mut keep).await;
        Ok((outcome, summary))
    }
}

fn add(at: Timestamp, d: std::time::Duration) -> Timestamp {
    at.checked_add(d).unwrap_or(Timestamp::MAX)
}

#[cfg(test)]
mod tests;
