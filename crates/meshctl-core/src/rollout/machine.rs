//! The rollout state machine: `(record, input, actor, now) → (record, actions)`.
//! One engine serves canary and blue-green: both are a list of stages (see
//! [`RolloutSpec::stages`]) walked one by one, each judged before the next.
//!
//! The returned actions are what the adapter does, in this order: apply every route
//! action ([`Action::is_write`]) to the VirtualService and store the returned record in
//! its annotation — all in ONE update with the read resourceVersion as precondition —
//! then record the events, then start the analysis or the wait. A kill between any two
//! of these leaves routes and record agreeing, because they were written together.

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use super::error::{RolloutError, RolloutErrorKind};
use super::lock::locked_error;
use super::record::{
    AnalysisEntry, HistoryEntry, PauseReason, Phase, RolloutRecord, Weights, bounded,
};
use super::spec::{FinishPolicy, OnLimit, Preview, RolloutSpec, Stage, StageKind};
pub use crate::analysis::Outcome;
use crate::duration::Duration;

/// What happened, fed to [`step`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Begin a pending rollout.
    Start,
    /// The judgement of stage `stage` (as asked by [`Action::RunAnalysis`]).
    Observation {
        stage: usize,
        outcome: Outcome,
        summary: String,
    },
    /// Time passed: waits that are due end, timed-out stages fail.
    Tick,
    /// Hold the current weights (the `pause` command, or Ctrl-C in the foreground).
    Pause,
    /// Continue a paused rollout, or take over driving one whose driver went away.
    Resume,
    /// Pass the current stage now; `full` goes straight to 100% and finishes.
    Promote { full: bool },
    /// Put the routes back as they were; the new version is bad.
    Rollback { reason: String },
    /// Cancel: put the routes back as they were.
    Abort,
}

impl Input {
    /// Inputs that keep the rollout moving need the caller to hold the lock; inputs
    /// that stop it do not, so a person can always stop a rollout.
    pub fn needs_lock(&self) -> bool {
        match self {
            Input::Start | Input::Observation { .. } | Input::Tick | Input::Resume => true,
            Input::Promote { full } => !full,
            Input::Pause | Input::Rollback { .. } | Input::Abort => false,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Input::Start => "start",
            Input::Observation { .. } => "judge",
            Input::Tick => "advance",
            Input::Pause => "pause",
            Input::Resume => "resume",
            Input::Promote { .. } => "promote",
            Input::Rollback { .. } => "roll back",
            Input::Abort => "abort",
        }
    }
}

/// What the adapter does for a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Action {
    /// Set the route's destination weights to exactly these.
    SetWeights { weights: Weights },
    /// Put back the routes from the record's snapshot exactly (this also drops the
    /// preview route, which the snapshot does not have).
    RestoreSnapshot,
    /// Add meshctl's preview route, matching `preview`, to `destination` (first in the
    /// route list so it wins).
    AddPreviewRoute {
        preview: Preview,
        destination: String,
    },
    /// Remove meshctl's preview route.
    RemovePreviewRoute,
    /// Copy `percent` of the shifted routes' requests to the new version.
    SetMirror { percent: u32 },
    /// Remove the mirror meshctl set.
    RemoveMirror,
    /// Make the new version's answers set `cookie`, and add meshctl's route that sends
    /// requests carrying it to the new version (sticky canary users).
    AddStickyRoute { cookie: String },
    /// Undo [`Action::AddStickyRoute`].
    RemoveStickyRoute { cookie: String },
    /// Point the routes at `new` alone; `old` is kept at weight 0 or removed.
    FinalizePromotion {
        new: String,
        old: String,
        finish: FinishPolicy,
    },
    /// A Kubernetes Event on the VirtualService (and a line for the reporter).
    RecordEvent {
        reason: &'static str,
        message: String,
        warning: bool,
    },
    /// Judge stage `stage`: hold it for at least `window` from now while running the
    /// spec's analysis (its rounds and limits), then feed the run's verdict back as
    /// [`Input::Observation`].
    RunAnalysis {
        stage: usize,
        #[serde(with = "super::spec::duration_str")]
        window: Duration,
    },
    /// Sleep until `at`, then feed [`Input::Tick`].
    WaitUntil { at: Timestamp },
}

impl Action {
    /// Whether this changes the routes (and so goes into the one update together with
    /// the record).
    pub fn is_write(&self) -> bool {
        matches!(
            self,
            Action::SetWeights { .. }
                | Action::RestoreSnapshot
                | Action::AddPreviewRoute { .. }
                | Action::RemovePreviewRoute
                | Action::SetMirror { .. }
                | Action::RemoveMirror
                | Action::AddStickyRoute { .. }
                | Action::RemoveStickyRoute { .. }
                | Action::FinalizePromotion { .. }
        )
    }
}

/// Applies one input. On success the record is the one to write (with the route
/// actions, in one update) — or the same record and no writes when nothing changed.
/// On error nothing is to be written.
pub fn step(
    record: &RolloutRecord,
    input: &Input,
    actor: &str,
    now: Timestamp,
) -> Result<(RolloutRecord, Vec<Action>), RolloutError> {
    if record.phase.is_terminal() && !reverts_promotion(record, input) {
        return Err(finished(record, input));
    }
    if record.stage >= record.spec.stages().len() {
        return Err(RolloutError::new(
            RolloutErrorKind::Decode,
            format!(
                "the rollout record of `{}` is at stage {}, which its spec does not have",
                record.spec.service,
                record.stage + 1
            ),
        )
        .with_hint(
            "the record was edited by hand; roll the rollout back or remove the annotation",
        ));
    }
    if record.phase == Phase::Pending
        && !matches!(input, Input::Start | Input::Rollback { .. } | Input::Abort)
    {
        return Err(RolloutError::illegal(format!(
            "cannot {} the rollout of `{}`: it has not started",
            input.name(),
            record.spec.service
        ))
        .with_hint(format!(
            "start it with `{}`",
            command_for(&record.spec, "start")
        )));
    }
    let mut m = Machine {
        rec: record.clone(),
        actions: Vec::new(),
        actor,
        now,
        stages: record.spec.stages(),
    };
    match input {
        // A paused rollout waits for a person; time alone changes nothing.
        Input::Tick if !record.phase.is_active() => return Ok((record.clone(), Vec::new())),
        // Said before any lock complaint: the judgement is moot either way.
        Input::Observation { stage, .. } if !record.phase.is_active() || *stage != record.stage => {
            return Err(m.stale(*stage));
        }
        _ => {}
    }
    if input.needs_lock() {
        m.check_lock()?;
    }
    match input {
        Input::Start => m.start()?,
        Input::Observation {
            stage,
            outcome,
            summary,
        } => m.observe(*stage, *outcome, summary),
        Input::Tick => m.tick(),
        Input::Pause => m.request_pause()?,
        Input::Resume => m.resume()?,
        Input::Promote { full: true } => m.finalize(format!("promoted by `{actor}` (--full)")),
        Input::Promote { full: false } => {
            let stage = m.rec.stage;
            m.pass_stage(stage, format!("promoted by `{actor}`"), true);
        }
        Input::Rollback { reason } => {
            let why = if reason.is_empty() {
                format!("rolled back by `{actor}`")
            } else {
                format!("rolled back by `{actor}`: {reason}")
            };
            m.roll_back(Phase::RolledBack, why);
        }
        Input::Abort => m.roll_back(Phase::Aborted, format!("aborted by `{actor}`")),
    }
    let Machine {
        mut rec, actions, ..
    } = m;
    if rec != *record {
        rec.updated_at = now;
    }
    Ok((rec, actions))
}

/// A promoted rollout whose workloads meshctl manages can still be rolled back: the
/// stable workload is put back from the record first (by the command), then the
/// routes, as for any rollback.
fn reverts_promotion(record: &RolloutRecord, input: &Input) -> bool {
    record.phase == Phase::Succeeded
        && record.spec.workload.is_some()
        && matches!(input, Input::Rollback { .. })
}

/// What a driver must do to continue an active rollout as recorded: judge the current
/// stage, or wait out its hold. A driver whose write hit a conflict re-reads the record
/// and calls this; nothing needs writing first, because the record already tells what
/// is in the routes. (Taking over from a dead driver is [`Input::Resume`], which also
/// restarts the stage's clock.)
pub fn next_actions(record: &RolloutRecord, now: Timestamp) -> Vec<Action> {
    if !record.phase.is_active() {
        return Vec::new();
    }
    let stages = record.spec.stages();
    let Some(stage) = stages.get(record.stage) else {
        return Vec::new();
    };
    if stage.judged {
        vec![Action::RunAnalysis {
            stage: record.stage,
            window: stage.window,
        }]
    } else {
        let started = record.stage_started_at.unwrap_or(now);
        vec![Action::WaitUntil {
            at: add(started, stage.window),
        }]
    }
}

fn add(at: Timestamp, d: Duration) -> Timestamp {
    let d = SignedDuration::from_millis(i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    at.saturating_add(d).unwrap_or(at)
}

/// The command that does `verb` (`start`, `status`, `resume`, `promote`, `rollback`)
/// to a rollout like `record`, for hints. `bluegreen` has no `start`, `resume` or
/// `promote` of its own: a switch starts one, and `canary resume|promote` drive
/// blue-green rollouts too.
pub fn command_for(spec: &RolloutSpec, verb: &str) -> String {
    match (spec.is_blue_green(), verb) {
        (true, "start") => "meshctl bluegreen switch".into(),
        (true, "status" | "rollback") => format!("meshctl bluegreen {verb}"),
        _ => format!("meshctl canary {verb}"),
    }
}

fn finished(record: &RolloutRecord, input: &Input) -> RolloutError {
    let svc = &record.spec.service;
    let when = record.updated_at;
    let (state, hint) = match record.phase {
        Phase::Succeeded => (
            format!(
                "it succeeded at {when}: `{}` serves all traffic",
                record.spec.split.canary
            ),
            match input {
                Input::Rollback { .. } | Input::Abort => format!(
                    "to go back, start a new rollout towards `{}` with `{} {svc}`",
                    record.spec.split.stable,
                    command_for(&record.spec, "start")
                ),
                _ => format!(
                    "nothing is left to do; start a new rollout with `{} {svc}`",
                    command_for(&record.spec, "start")
                ),
            },
        ),
        Phase::RolledBack => (
            format!("it was rolled back at {when}: {}", record.message),
            format!(
                "fix the new version, then start a new rollout with `{} {svc}`",
                command_for(&record.spec, "start")
            ),
        ),
        _ => (
            format!("it was aborted at {when}: {}", record.message),
            format!(
                "start a new rollout with `{} {svc}`",
                command_for(&record.spec, "start")
            ),
        ),
    };
    let kind = if matches!(input, Input::Observation { .. } | Input::Tick) {
        RolloutErrorKind::Stale
    } else {
        RolloutErrorKind::IllegalInput
    };
    RolloutError::new(
        kind,
        format!("cannot {} the rollout of `{svc}`: {state}", input.name()),
    )
    .with_hint(hint)
}

struct Machine<'a> {
    rec: RolloutRecord,
    actions: Vec<Action>,
    actor: &'a str,
    now: Timestamp,
    stages: Vec<Stage>,
}

impl Machine<'_> {
    fn check_lock(&self) -> Result<(), RolloutError> {
        let svc = &self.rec.spec.service;
        match &self.rec.lock {
            Some(lock) if lock.holder == self.actor && lock.is_live(self.now) => Ok(()),
            Some(lock) if lock.is_live(self.now) => Err(locked_error(&self.rec, lock)),
            Some(lock) => Err(RolloutError::new(
                RolloutErrorKind::Locked,
                format!(
                    "the lock of `{}` on the rollout of `{svc}` expired at {}",
                    lock.holder, lock.expires_at
                ),
            )
            .with_hint("acquire the lock again before driving the rollout")),
            None => Err(RolloutError::new(
                RolloutErrorKind::Locked,
                format!("nobody holds the lock of the rollout of `{svc}`"),
            )
            .with_hint("acquire the lock before driving the rollout")),
        }
    }

    fn stale(&self, stage: usize) -> RolloutError {
        RolloutError::new(
            RolloutErrorKind::Stale,
            format!(
                "dropped the judgement of stage {} of `{}`: the rollout is {} at stage {}",
                stage + 1,
                self.rec.spec.service,
                self.rec.phase,
                self.rec.stage + 1
            ),
        )
        .with_hint("someone else changed the rollout; read the record again and continue from it")
    }

    fn strategy_reason(&self, canary: &'static str, blue_green: &'static str) -> &'static str {
        if self.rec.spec.is_blue_green() {
            blue_green
        } else {
            canary
        }
    }

    fn event(&mut self, reason: &'static str, message: String, warning: bool) {
        self.actions.push(Action::RecordEvent {
            reason,
            message,
            warning,
        });
    }

    fn transition(&mut self, to: Phase, reason: String) {
        let from = self.rec.phase;
        self.rec.phase = to;
        self.rec.message = bounded(&reason);
        self.rec.push_history(HistoryEntry {
            at: self.now,
            actor: self.actor.to_string(),
            from,
            to,
            stage: self.rec.stage,
            reason,
        });
    }

    /// Asks for the current stage to be judged (or held).
    fn judge(&mut self) {
        self.actions.extend(next_actions(&self.rec, self.now));
    }

    fn start(&mut self) -> Result<(), RolloutError> {
        if self.rec.phase != Phase::Pending {
            return Err(RolloutError::illegal(format!(
                "the rollout of `{}` has already started: it is {} at stage {}/{}",
                self.rec.spec.service,
                self.rec.phase,
                self.rec.stage + 1,
                self.stages.len()
            ))
            .with_hint(format!(
                "follow it with `{status} {svc}`, or resume it with `{resume} {svc}`",
                status = command_for(&self.rec.spec, "status"),
                resume = command_for(&self.rec.spec, "resume"),
                svc = self.rec.spec.service
            )));
        }
        self.enter_stage(0, format!("started by `{}`", self.actor), None);
        Ok(())
    }

    /// Sets the routes for stage `i` and starts judging it. `event` replaces the
    /// stage's own event (used by resume).
    fn enter_stage(&mut self, i: usize, reason: String, event: Option<(&'static str, String)>) {
        let stage = self.stages[i];
        let split = self.rec.spec.split.clone();
        if stage.preview && !self.rec.preview_route {
            if let Some(preview) = self.rec.spec.preview_route() {
                self.actions.push(Action::AddPreviewRoute {
                    preview,
                    destination: split.canary.clone(),
                });
                self.rec.preview_route = true;
            }
        } else if !stage.preview && self.rec.preview_route {
            self.actions.push(Action::RemovePreviewRoute);
            self.rec.preview_route = false;
        }
        if stage.mirror != self.rec.mirror {
            self.actions.push(match stage.mirror {
                Some(percent) => Action::SetMirror { percent },
                None => Action::RemoveMirror,
            });
            self.rec.mirror = stage.mirror;
        }
        let weights = Weights::split(&split.stable, &split.canary, stage.weight);
        if weights != self.rec.weights {
            self.actions.push(Action::SetWeights {
                weights: weights.clone(),
            });
            self.rec.weights = weights;
        }
        // Once the weights give the canary traffic: its destination is in the routes.
        if let Some(cookie) = &self.rec.spec.sticky_cookie
            && !self.rec.sticky
            && stage.weight > 0
        {
            self.actions.push(Action::AddStickyRoute {
                cookie: cookie.clone(),
            });
            self.rec.sticky = true;
        }
        self.rec.stage = i;
        self.rec.stage_started_at = Some(self.now);
        self.rec.inconclusive_count = 0;
        self.rec.consecutive_errors = 0;
        self.rec.pause_reason = None;
        let phase = if stage.kind == StageKind::Preview {
            Phase::Verifying
        } else {
            Phase::Progressing
        };
        self.transition(phase, reason);
        let (reason, message) = event.unwrap_or_else(|| self.stage_event(i, &stage));
        self.event(reason, message, false);
        if stage.kind == StageKind::AwaitPromotion {
            self.pause(
                PauseReason::PauseStep,
                format!(
                    "step {}/{} waits for `{}`",
                    i + 1,
                    self.stages.len(),
                    command_for(&self.rec.spec, "promote")
                ),
            );
        } else if stage.kind == StageKind::SetWeight {
            self.pass_stage(i, format!("weight set to {}%", stage.weight), false);
        } else if stage.kind == StageKind::SetMirror {
            let what = match stage.mirror {
                Some(p) => format!("mirroring {p}%"),
                None => "mirror removed".to_string(),
            };
            self.pass_stage(i, what, false);
        } else if stage.kind == StageKind::SetHeaderRoute {
            let what = if stage.preview { "set" } else { "removed" };
            self.pass_stage(i, format!("header route {what}"), false);
        } else if stage.window.as_millis() == 0
            && !matches!(stage.kind, StageKind::Analysis | StageKind::Webhook)
        {
            // Nothing to judge (blue-green without `verifyAfter`): the stage passes.
            self.pass_stage(i, "no verification configured".to_string(), false);
        } else {
            self.judge();
        }
    }

    fn stage_event(&self, i: usize, stage: &Stage) -> (&'static str, String) {
        let spec = &self.rec.spec;
        let (svc, stable, canary) = (&spec.service, &spec.split.stable, &spec.split.canary);
        let n = self.stages.len();
        match stage.kind {
            StageKind::Step | StageKind::SetWeight => (
                "CanaryStep",
                format!(
                    "step {}/{n} of `{svc}`: `{canary}` {}%, `{stable}` {}%",
                    i + 1,
                    stage.weight,
                    100 - stage.weight
                ),
            ),
            StageKind::Preview => (
                "BlueGreenPreview",
                format!(
                    "verifying `{canary}` of `{svc}` through the preview route for {}; `{stable}` serves all traffic",
                    stage.window
                ),
            ),
            StageKind::Halfway => (
                "BlueGreenSwitched",
                format!("switched `{svc}` halfway: `{canary}` 50%, `{stable}` 50%"),
            ),
            StageKind::Switch => (
                "BlueGreenSwitched",
                format!("switched `{svc}` to `{canary}`; `{stable}` stands by at 0%"),
            ),
            StageKind::Pause => (
                "CanaryPause",
                format!(
                    "step {}/{n} of `{svc}`: holding `{canary}` at {}% for {}",
                    i + 1,
                    stage.weight,
                    stage.window
                ),
            ),
            StageKind::AwaitPromotion => (
                "CanaryPause",
                format!(
                    "step {}/{n} of `{svc}`: holding `{canary}` at {}% until promoted",
                    i + 1,
                    stage.weight
                ),
            ),
            StageKind::SetMirror => (
                "CanaryMirror",
                match stage.mirror {
                    Some(p) => format!(
                        "step {}/{n} of `{svc}`: a copy of {p}% of the requests goes to `{canary}`; answers come from the weights",
                        i + 1
                    ),
                    None => format!(
                        "step {}/{n} of `{svc}`: stopped mirroring to `{canary}`",
                        i + 1
                    ),
                },
            ),
            StageKind::SetHeaderRoute => (
                "CanaryHeaderRoute",
                match (stage.preview, spec.preview_route()) {
                    (true, Some(Preview::Header { name, value })) => format!(
                        "step {}/{n} of `{svc}`: requests with `{name}: {value}` go to `{canary}`",
                        i + 1
                    ),
                    _ => format!(
                        "step {}/{n} of `{svc}`: removed the header route to `{canary}`",
                        i + 1
                    ),
                },
            ),
            StageKind::Webhook => (
                "CanaryWebhook",
                format!(
                    "step {}/{n} of `{svc}`: calling {} at {}%",
                    i + 1,
                    spec.hook_step(i).map(|h| h.label()).unwrap_or_default(),
                    stage.weight
                ),
            ),
            StageKind::Analysis => (
                "CanaryAnalysis",
                format!(
                    "step {}/{n} of `{svc}`: judging `{canary}` at {}%",
                    i + 1,
                    stage.weight
                ),
            ),
        }
    }

    /// Stage `i` is judged good (or promoted by a person, `explicit`).
    fn pass_stage(&mut self, i: usize, reason: String, explicit: bool) {
        if i + 1 < self.stages.len() {
            self.enter_stage(i + 1, reason, None);
        } else if self.rec.spec.pause_before_promote && !explicit {
            self.pause(
                PauseReason::AwaitingPromotion,
                format!(
                    "{reason}; waiting for `{}`",
                    command_for(&self.rec.spec, "promote")
                ),
            );
        } else {
            self.finalize(reason);
        }
    }

    fn finalize(&mut self, reason: String) {
        let spec = self.rec.spec.clone();
        let (svc, stable, canary) = (&spec.service, &spec.split.stable, &spec.split.canary);
        if self.rec.preview_route {
            self.actions.push(Action::RemovePreviewRoute);
            self.rec.preview_route = false;
        }
        if self.rec.mirror.take().is_some() {
            self.actions.push(Action::RemoveMirror);
        }
        self.remove_sticky();
        self.actions.push(Action::FinalizePromotion {
            new: canary.clone(),
            old: stable.clone(),
            finish: spec.finish,
        });
        self.rec.weights = Weights::split(stable, canary, 100);
        self.rec.lock = None;
        self.rec.pause_reason = None;
        self.transition(Phase::Succeeded, reason);
        let old = match spec.finish {
            FinishPolicy::Keep => format!("`{stable}` kept at 0%"),
            FinishPolicy::Remove => format!("`{stable}` route removed"),
            FinishPolicy::Primary => format!("`{stable}` gets the new version next"),
        };
        let reason = self.strategy_reason("CanaryPromoted", "BlueGreenPromoted");
        self.event(
            reason,
            format!("promoted `{canary}` of `{svc}` to all traffic; {old}"),
            false,
        );
    }

    fn pause(&mut self, why: PauseReason, reason: String) {
        self.rec.pause_reason = Some(why);
        // Nobody drives a paused rollout; whoever resumes takes the lock again.
        self.rec.lock = None;
        self.transition(Phase::Paused, reason.clone());
        let event = self.strategy_reason("CanaryPaused", "BlueGreenPaused");
        let warning = !matches!(
            why,
            PauseReason::Requested | PauseReason::AwaitingPromotion | PauseReason::PauseStep
        );
        self.event(
            event,
            format!(
                "paused `{}` at {}: {reason}",
                self.rec.spec.service, self.rec.weights
            ),
            warning,
        );
    }

    fn request_pause(&mut self) -> Result<(), RolloutError> {
        if self.rec.phase == Phase::Paused {
            return Err(RolloutError::illegal(format!(
                "the rollout of `{}` is already paused: {}",
                self.rec.spec.service, self.rec.message
            ))
            .with_hint(format!(
                "continue it with `{resume} {svc}` or roll it back with `{rollback} {svc}`",
                resume = command_for(&self.rec.spec, "resume"),
                rollback = command_for(&self.rec.spec, "rollback"),
                svc = self.rec.spec.service
            )));
        }
        self.pause(
            PauseReason::Requested,
            format!("paused by `{}`", self.actor),
        );
        Ok(())
    }

    fn resume(&mut self) -> Result<(), RolloutError> {
        if self.rec.phase.is_active() {
            // Taking over from a driver that went away: the record already tells what
            // is in the routes, so judge the current stage again, from now (the time
            // nobody drove it does not count against its timeout).
            self.rec.stage_started_at = Some(self.now);
            self.actions.extend(next_actions(&self.rec, self.now));
            return Ok(());
        }
        if self.rec.pause_reason == Some(PauseReason::AwaitingPromotion) {
            return Err(RolloutError::illegal(format!(
                "the rollout of `{}` passed every stage and waits to be promoted",
                self.rec.spec.service
            ))
            .with_hint(format!(
                "promote it with `{promote} {svc}`, or roll it back with `{rollback} {svc}`",
                promote = command_for(&self.rec.spec, "promote"),
                rollback = command_for(&self.rec.spec, "rollback"),
                svc = self.rec.spec.service
            )));
        }
        if self.rec.pause_reason == Some(PauseReason::PauseStep) {
            return Err(RolloutError::illegal(format!(
                "the rollout of `{}` waits at a pause step of its plan",
                self.rec.spec.service
            ))
            .with_hint(format!(
                "go on with `{promote} {svc}`, or roll it back with `{rollback} {svc}`",
                promote = command_for(&self.rec.spec, "promote"),
                rollback = command_for(&self.rec.spec, "rollback"),
                svc = self.rec.spec.service
            )));
        }
        let i = self.rec.stage;
        let event = (
            self.strategy_reason("CanaryResumed", "BlueGreenResumed"),
            format!(
                "resumed `{}` at {} by `{}`",
                self.rec.spec.service, self.rec.weights, self.actor
            ),
        );
        self.enter_stage(i, format!("resumed by `{}`", self.actor), Some(event));
        Ok(())
    }

    fn observe(&mut self, stage: usize, outcome: Outcome, summary: &str) {
        self.rec.push_analysis(AnalysisEntry {
            at: self.now,
            stage,
            outcome,
            summary: summary.to_string(),
        });
        let label = format!("stage {}/{}", stage + 1, self.stages.len());
        let summary = if summary.is_empty() {
            String::new()
        } else {
            format!(": {summary}")
        };
        match outcome {
            Outcome::Successful => {
                self.rec.consecutive_errors = 0;
                self.pass_stage(stage, format!("{label} judged successful{summary}"), false);
            }
            Outcome::Failed => self.fail(format!("{label} judged failed{summary}")),
            Outcome::Inconclusive => {
                self.rec.consecutive_errors = 0;
                self.rec.inconclusive_count += 1;
                let (count, policy) = (self.rec.inconclusive_count, self.rec.spec.inconclusive);
                let what = format!(
                    "{label} inconclusive {count} of {} times{summary}",
                    policy.limit
                );
                if count >= policy.limit {
                    self.on_limit(policy.then, PauseReason::InconclusiveLimit, what);
                } else if !self.timed_out() {
                    self.event("AnalysisInconclusive", what, true);
                    self.judge();
                }
            }
            Outcome::Error => {
                self.rec.consecutive_errors += 1;
                let (count, policy) = (self.rec.consecutive_errors, self.rec.spec.errors);
                let what = format!(
                    "{label}: analysis error {count} of {} in a row{summary}",
                    policy.limit
                );
                if count >= policy.limit {
                    self.on_limit(policy.then, PauseReason::ErrorLimit, what);
                } else if !self.timed_out() {
                    self.event("AnalysisError", what, true);
                    self.judge();
                }
            }
        }
    }

    fn on_limit(&mut self, then: OnLimit, why: PauseReason, reason: String) {
        match then {
            OnLimit::Pause => self.pause(why, reason),
            OnLimit::Fail => self.fail(reason),
        }
    }

    /// Fails the stage if it ran past the spec's timeout; says whether it did.
    fn timed_out(&mut self) -> bool {
        let (Some(timeout), Some(started)) = (self.rec.spec.timeout, self.rec.stage_started_at)
        else {
            return false;
        };
        if self.now < add(started, timeout) {
            return false;
        }
        self.fail(format!(
            "stage {}/{} was not judged successful within the timeout of {timeout}",
            self.rec.stage + 1,
            self.stages.len()
        ));
        true
    }

    fn tick(&mut self) {
        if !self.rec.phase.is_active() || self.timed_out() {
            return;
        }
        if !self.stages[self.rec.stage].judged {
            let i = self.rec.stage;
            let started = self.rec.stage_started_at.unwrap_or(self.now);
            if self.now >= add(started, self.stages[i].window) {
                let label = format!(
                    "stage {}/{} held for {}",
                    i + 1,
                    self.stages.len(),
                    self.stages[i].window
                );
                self.pass_stage(i, label, false);
            }
        }
    }

    /// The stage was judged bad: revert, unless `noRevert` keeps the traffic where it
    /// is (only once traffic moved: a failed preview always just drops the preview).
    fn fail(&mut self, reason: String) {
        let moved = !self.rec.weights.same_traffic(&self.rec.original_weights);
        if self.rec.spec.no_revert() && moved {
            self.pause(
                PauseReason::FailedNoRevert,
                format!("{reason}; not reverting (no-revert)"),
            );
        } else {
            self.roll_back(Phase::RolledBack, reason);
        }
    }

    fn remove_sticky(&mut self) {
        if std::mem::take(&mut self.rec.sticky)
            && let Some(cookie) = &self.rec.spec.sticky_cookie
        {
            self.actions.push(Action::RemoveStickyRoute {
                cookie: cookie.clone(),
            });
        }
    }

    fn roll_back(&mut self, to: Phase, reason: String) {
        if self.rec.mirror.take().is_some() {
            self.actions.push(Action::RemoveMirror);
        }
        self.remove_sticky();
        if self.rec.weights.same_traffic(&self.rec.original_weights) {
            // Only the preview route (if any) changed: removing it restores the snapshot
            // without touching a weight.
            if self.rec.preview_route {
                self.actions.push(Action::RemovePreviewRoute);
            }
        } else {
            self.actions.push(Action::RestoreSnapshot);
        }
        let started = self.rec.phase != Phase::Pending;
        // The new workload is cleaned up after any rollback, a promoted one's too.
        self.rec.workload_done = None;
        self.rec.preview_route = false;
        self.rec.weights = self.rec.original_weights.clone();
        self.rec.lock = None;
        self.rec.pause_reason = None;
        self.transition(to, reason.clone());
        if started {
            let spec = &self.rec.spec;
            let (event, warning) = match to {
                Phase::Aborted => (
                    self.strategy_reason("CanaryAborted", "BlueGreenAborted"),
                    false,
                ),
                _ => (
                    self.strategy_reason("CanaryRolledBack", "BlueGreenReverted"),
                    true,
                ),
            };
            let message = format!(
                "restored the routes of `{}` ({}): {reason}",
                spec.service, self.rec.original_weights
            );
            self.event(event, message, warning);
        }
    }
}
