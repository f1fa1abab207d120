//! The rollout driver: performs what the pure engine (`core::rollout`) plans, against
//! any [`MeshStore`]. Each input becomes ONE precondition-guarded update of the
//! VirtualService that carries both the route changes and the new record (see
//! `docs/rollout-record.md`, "Write order"); then the events are recorded and the
//! effect (an analysis or a wait) is started, and its result fed back in. Canary and
//! blue-green share every line of this.

use crate::core::analysis::pairs::worst_round;
use crate::core::analysis::{
    AnalysisSpec, Next, Observation, Outcome, Round, StageJudge, judge_round, one_round,
};
use crate::core::clock::Clock;
use crate::core::duration::Duration;
use crate::core::metrics::{MetricSource, Quantile, Sample, SourceError, SourceErrorKind, Target};
use crate::core::rollout::rounds::RoundFigures;
use crate::core::rollout::routes::{self, RouteSnapshot, Selector};
use crate::core::rollout::schedule::{self, Outage};
use crate::core::rollout::{
    ANNOTATION, Acquired, Action, Input, Phase, RolloutRecord, RolloutSpec, Started, Transition,
    start, transition,
};
use crate::core::store::{EventRecord, MeshStore, ObjectRef};
use crate::output::progress::{Progress, Reporter};
use crate::{Error, ErrorKind, Result};
use jiff::Timestamp;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU64, Ordering};

/// A write that landed: the record as written and the actions it performed.
type Written = (RolloutRecord, Vec<Action>);

/// A change to the object made in the start's own write, before the start is planned
/// on it (a lane shift adds the lane's destination to the route it shifts).
pub type StartEdit<'e> = dyn Fn(&mut Value) -> Result<()> + Send + Sync + 'e;

/// One pair a round judges: the new version's target against the old one's. A lane
/// shift judges several, each named by its service in reasons; a canary one, unnamed.
pub struct Pair {
    pub service: Option<String>,
    pub canary: Target,
    pub stable: Target,
    pub canary_subset: String,
    pub stable_subset: String,
}

/// What one pair's round saw and how it was judged.
type PairRound = (
    Round,
    std::result::Result<Sample, SourceError>,
    std::result::Result<Sample, SourceError>,
);

/// This process's writes: each gets an id no other write has (`SESSION.N`), so a write
/// whose reply was lost is recognised as ours when the object is read again; and one
/// write at a time, so a renewal and a judgement never race each other.
pub struct Session {
    id: String,
    next: AtomicU64,
    turn: tokio::sync::Mutex<()>,
    /// Round figures that go out with the next write of the record.
    rounds: super::rounds::PendingRounds,
}

impl Session {
    pub fn new() -> Session {
        Session {
            id: format!("{:016x}", rand::random::<u64>()),
            next: AtomicU64::new(0),
            turn: tokio::sync::Mutex::new(()),
            rounds: Default::default(),
        }
    }

    /// This process's part of every write id.
    pub fn id(&self) -> &str {
        &self.id
    }

    fn next_write_id(&self) -> String {
        format!(
            "{}.{}",
            self.id,
            self.next.fetch_add(1, Ordering::Relaxed) + 1
        )
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}

/// Everything a driver needs to act on one VirtualService.
pub struct Driver<'a> {
    pub store: &'a dyn MeshStore,
    pub vs: ObjectRef,
    /// Who drives: written into the lock and the history.
    pub actor: String,
    pub lock_ttl: Duration,
    /// How long reads and writes keep retrying an API server that does not answer.
    pub outage_timeout: Duration,
    pub reporter: &'a dyn Reporter,
    pub source: Option<&'a dyn MetricSource>,
    /// Asked before a verified preview leads on to moving production traffic (the
    /// blue-green confirmation); `Ok(false)` aborts the rollout.
    pub confirm: Option<&'a Confirm<'a>>,
    pub session: Session,
    /// What time it is and how to wait: the wall clock, or virtual time in tests.
    pub clock: &'a dyn Clock,
    /// Where webhooks and gates are sent (`None`: a rollout with hooks fails its calls).
    pub poster: Option<std::sync::Arc<dyn crate::core::http::Poster>>,
    /// Tells the rollout's notification channels of every write with events.
    pub notifier: Option<super::notify::Notifier<'a>>,
}

/// The confirmation hook of [`Driver::confirm`].
pub type Confirm<'a> = dyn Fn(&RolloutRecord) -> Result<bool> + Send + Sync + 'a;

/// How a foreground run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ended {
    /// The record reached a phase where nothing more is driven (final, or paused).
    Settled(RolloutRecord),
    /// SIGINT or SIGTERM: the rollout was paused (and its lock released).
    Interrupted(RolloutRecord, super::signals::Stop),
}

/// The record's annotation on an object, if any.
pub fn annotation(vs: &Value) -> Option<&str> {
    vs.pointer("/metadata/annotations")
        .and_then(|a| a.get(ANNOTATION))
        .and_then(Value::as_str)
}

/// The decoded record on an object, if any.
pub fn record_of(vs: &Value) -> Result<Option<RolloutRecord>> {
    annotation(vs)
        .map(RolloutRecord::decode)
        .transpose()
        .map_err(Error::from)
}

/// The route snapshot of a recorded rollout (the routes it shifts, by identity).
pub fn snapshot_of(record: &RolloutRecord) -> Result<RouteSnapshot> {
    Ok(RouteSnapshot::from_value(&record.snapshot)?)
}

/// The short host name of a VirtualService (`reviews` of `reviews.shop.svc...`), which
/// names the service in metrics.
pub fn service_host(vs: &Value) -> Option<String> {
    vs.pointer("/spec/hosts/0")
        .and_then(Value::as_str)
        .map(|h| h.split('.').next().unwrap_or(h).to_string())
}

/// `meshctl canary` or `meshctl bluegreen`, for messages.
pub fn group_of(record: &RolloutRecord) -> &'static str {
    if record.spec.is_blue_green() {
        "bluegreen"
    } else {
        "canary"
    }
}

/// What to run to continue or stop an unfinished rollout.
pub fn continue_hint(record: &RolloutRecord) -> String {
    let svc = &record.spec.service;
    if record.spec.is_blue_green() {
        format!(
            "switch back with `meshctl bluegreen rollback {svc}`, or continue with `meshctl canary resume {svc}` (it drives blue-green rollouts too)"
        )
    } else {
        format!(
            "continue with `meshctl canary resume {svc}`, or roll back with `meshctl canary rollback {svc}`"
        )
    }
}

/// Writes `record` into the VirtualService `vs`: the routes its actions change, and
/// the record itself in the annotation.
fn put_record(vs: &mut Value, record: &RolloutRecord, actions: &[Action]) -> Result<()> {
    let text = record.encode()?;
    let snapshot = snapshot_of(record)?;
    routes::apply(vs, &record.spec.split, &snapshot, actions)?;
    let meta = vs
        .as_object_mut()
        .and_then(|o| o.get_mut("metadata"))
        .and_then(Value::as_object_mut)
        .ok_or_else(|| Error::invalid("the VirtualService has no metadata"))?;
    let annotations = meta.entry("annotations").or_insert_with(|| json!({}));
    annotations[ANNOTATION] = Value::String(text);
    Ok(())
}

/// A start write given up on an outage may have landed (its reply lost): say so, and
/// how to find out and go on, instead of implying that nothing happened.
fn start_outcome_unknown(err: Error, svc: &str, blue_green: bool) -> Error {
    if err.kind() != ErrorKind::Unavailable {
        return err;
    }
    let undo = if blue_green {
        format!("`meshctl bluegreen rollback {svc}`")
    } else {
        format!("`meshctl canary rollback {svc}`")
    };
    err.with_hint(format!(
        "the start may have been written before the server stopped answering: look with `meshctl canary status {svc}`, then continue with `meshctl canary resume {svc}` or undo it with {undo}"
    ))
}

/// Where an unfinished rollout stands, in one phrase.
pub fn where_it_stands(record: &RolloutRecord) -> String {
    format!(
        "the rollout of `{}` is {} at stage {}/{} with {}",
        record.spec.service,
        record.phase,
        record.stage + 1,
        record.spec.stages().len(),
        record.weights
    )
}

/// Rides out an API server that does not answer, for one read or write: retries with
/// growing pauses until the driver's `outage_timeout` is spent, saying on stderr (via
/// the reporter) that the server is unreachable, for how long, and when it is back.
struct Patience<'d, 'a> {
    driver: &'d Driver<'a>,
    what: String,
    outage: Option<Outage>,
}

impl Patience<'_, '_> {
    fn answered(&mut self) {
        if let Some(outage) = self.outage.take() {
            let lasted = outage.lasted(self.driver.clock.now());
            self.driver.reporter.report(&Progress::Outage {
                reachable: true,
                message: format!(
                    "the API server answers again after {lasted} ({})",
                    self.what
                ),
                down_seconds: lasted.as_millis() as f64 / 1000.0,
                left_seconds: 0.0,
            });
        }
    }

    /// After a failed call: `Ok` once it is time to try again, the error when it is
    /// not one to wait out or the patience is spent.
    async fn failed(&mut self, err: Error) -> Result<()> {
        if err.kind() != ErrorKind::Unavailable {
            return Err(err);
        }
        let now = self.driver.clock.now();
        let patience = self.driver.outage_timeout;
        let first = self.outage.is_none();
        let outage = self.outage.get_or_insert_with(|| Outage::begin(now));
        if !first {
            outage.failures += 1;
        }
        let lasted = outage.lasted(now);
        let Some(left) = outage.left(now, patience) else {
            return Err(err.context(
                ErrorKind::Unavailable,
                format!(
                    "gave up {}: the API server did not answer for {lasted} (`--outage-timeout {patience}`)",
                    self.what
                ),
            ));
        };
        let message = if first {
            Some(format!(
                "{} while {}; retrying for up to {patience}",
                err.message(),
                self.what
            ))
        } else if outage.report_due(now) {
            outage.reported = now;
            Some(format!(
                "the API server has not answered for {lasted} ({}); giving up in {left}",
                self.what
            ))
        } else {
            None
        };
        if let Some(message) = message {
            self.driver.reporter.report(&Progress::Outage {
                reachable: false,
                message,
                down_seconds: lasted.as_millis() as f64 / 1000.0,
                left_seconds: left.as_millis() as f64 / 1000.0,
            });
        }
        self.driver
            .clock
            .sleep(outage.next_delay(now, patience).as_std())
            .await;
        Ok(())
    }
}

impl<'a> Driver<'a> {
    fn patience(&self, what: impl Into<String>) -> Patience<'_, 'a> {
        Patience {
            driver: self,
            what: what.into(),
            outage: None,
        }
    }

    /// Reads the VirtualService (riding out outages); a clear error when it is missing.
    pub async fn read(&self) -> Result<Value> {
        let mut patience = self.patience(format!("reading {}", self.vs));
        let found = loop {
            match self.store.get(&self.vs).await {
                Ok(found) => {
                    patience.answered();
                    break found;
                }
                Err(err) => patience.failed(err).await?,
            }
        };
        found.ok_or_else(|| {
            Error::not_found(format!("{} not found", self.vs)).with_hint(format!(
                "check the name and namespace (`-n`), e.g. `kubectl get {}s -A`",
                self.vs.kind.to_lowercase()
            ))
        })
    }

    /// The recorded rollout; an error naming the command to start one when none is.
    pub async fn record(&self) -> Result<(Value, RolloutRecord)> {
        let vs = self.read().await?;
        match record_of(&vs)? {
            Some(rec) => Ok((vs, rec)),
            None => Err(Error::not_found(format!(
                "{} has no rollout recorded (annotation `{ANNOTATION}`)",
                self.vs
            ))
            .with_hint(format!(
                "start one with `meshctl canary start {}` or `meshctl bluegreen switch {}`",
                self.vs.name, self.vs.name
            ))),
        }
    }

    /// One write: `plan` sees the fresh object and returns the record with its route
    /// actions (or `None`: nothing to write). Re-run on a conflict with the newer
    /// object, never re-applying an old plan. The record is stamped with a write id of
    /// this session; when a reply is lost and the retry finds the object changed, the
    /// fresh record carrying that id means the write landed — it is not re-planned
    /// (which would read our own rollout as someone else's). Outages are ridden out.
    pub(super) async fn write<P>(&self, plan: P) -> Result<Option<Written>>
    where
        P: FnMut(&Value) -> Result<Option<Written>> + Send,
    {
        self.write_edit(None, plan).await
    }

    /// [`Driver::write`], with `edit` made to the fresh object before `plan` sees it,
    /// in the same guarded write.
    async fn write_edit<P>(
        &self,
        edit: Option<&StartEdit<'_>>,
        mut plan: P,
    ) -> Result<Option<Written>>
    where
        P: FnMut(&Value) -> Result<Option<Written>> + Send,
    {
        let _turn = self.session.turn.lock().await;
        let mut outcome: Option<Written> = None;
        // The write last sent, with its id.
        let mut sent: Option<(String, Written)> = None;
        // Round figures the write sent last took along.
        let mut folded = 0;
        {
            let mut change = |vs: &mut Value| -> Result<()> {
                outcome = None;
                let before = record_of(vs)?;
                if let Some((id, written)) = sent.take()
                    && before.as_ref().is_some_and(|r| r.write_id == id)
                {
                    // Our write landed; only its reply was lost.
                    outcome = Some(written);
                    return Ok(());
                }
                if let Some(edit) = edit {
                    edit(vs)?;
                }
                let Some((mut record, actions)) = plan(vs)? else {
                    folded = 0;
                    return Ok(());
                };
                folded = self.session.rounds.fold(&mut record);
                let id = self.session.next_write_id();
                record.stamp_write(before.as_ref(), &id, &self.actor);
                put_record(vs, &record, &actions)?;
                outcome = Some((record.clone(), actions.clone()));
                sent = Some((id, (record, actions)));
                Ok(())
            };
            let mut patience = self.patience(format!("writing {}", self.vs));
            loop {
                match self.store.update(&self.vs, &mut change).await {
                    Ok(_) => {
                        patience.answered();
                        break;
                    }
                    Err(err) => patience.failed(err).await?,
                }
            }
        }
        if outcome.is_some() {
            self.session.rounds.written(folded);
        }
        if let Some((record, actions)) = &outcome {
            self.after_write(record, actions).await;
        }
        Ok(outcome)
    }

    /// Events and progress for a write that landed (best effort: the record already
    /// tells the truth).
    async fn after_write(&self, record: &RolloutRecord, actions: &[Action]) {
        for action in actions {
            if let Action::RecordEvent {
                reason,
                message,
                warning,
            } = action
            {
                self.event(reason, message.clone(), *warning).await;
            }
        }
        if actions
            .iter()
            .any(|a| matches!(a, Action::RecordEvent { .. }))
        {
            self.reporter.report(&transition_progress(record));
        }
        if let Some(notifier) = &self.notifier {
            let namespace = self.vs.namespace.as_deref().unwrap_or_default();
            let timeout = super::notify::timeout_for(self.lock_ttl);
            notifier
                .send(
                    record,
                    actions,
                    namespace,
                    self.clock,
                    timeout,
                    self.reporter,
                )
                .await;
        }
    }

    /// An Event on the VirtualService and its progress line (best effort: the record
    /// already tells the truth).
    pub(super) async fn event(&self, reason: &str, message: String, warning: bool) {
        let event = EventRecord {
            object: self.vs.clone(),
            reason: reason.to_string(),
            message: message.clone(),
            warning,
        };
        if let Err(err) = self.store.record_event(&event).await {
            self.reporter.report(&Progress::Note {
                message: format!(
                    "warning: could not record event `{reason}`: {}",
                    err.message()
                ),
            });
        }
        self.reporter.report(&Progress::Event {
            reason: reason.to_string(),
            message,
            warning,
        });
    }

    /// Begins `spec` on the VirtualService (snapshot and weights from the object as
    /// read, in the same write as the first stage).
    pub async fn start(
        &self,
        spec: &RolloutSpec,
        route: Option<&str>,
        force: bool,
    ) -> Result<(RolloutRecord, Vec<Action>, Started)> {
        self.start_with(spec, route, force, None).await
    }

    /// [`Driver::start`] with `edit` made to the object in the start's own write.
    pub async fn start_with(
        &self,
        spec: &RolloutSpec,
        route: Option<&str>,
        force: bool,
        edit: Option<&StartEdit<'_>>,
    ) -> Result<(RolloutRecord, Vec<Action>, Started)> {
        let edited = |vs: Value| -> Result<Value> {
            let mut vs = vs;
            if let Some(edit) = edit {
                edit(&mut vs)?;
            }
            Ok(vs)
        };
        let mut started: Option<Started> = None;
        let selector = Selector::new(spec.split.clone(), route.map(str::to_string));
        // The hooks before anything changes: what the first write would do decides
        // which gates it must pass.
        let calls = if spec.webhooks.is_empty() {
            Vec::new()
        } else {
            let s = self.plan_start(&edited(self.read().await?)?, spec, &selector, force)?;
            let before = s.record.original_weights.get(&spec.split.canary);
            // A gate may keep it waiting: a signal then stops it with nothing changed.
            tokio::select! {
                calls = self.before_start(spec, before, &s.actions) => calls?,
                stop = super::signals::next() => {
                    return Err(Error::new(
                        stop.kind(),
                        format!("stopped by {}: the rollout of `{}` was not started", stop.name(), spec.service),
                    )
                    .with_hint("nothing was changed"));
                }
            }
        };
        let written = self
            .write_edit(edit, |vs| {
                let mut s = self.plan_start(vs, spec, &selector, force)?;
                for call in &calls {
                    s.record.push_hook_call(call.clone());
                }
                let out = (s.record.clone(), s.actions.clone());
                started = Some(s);
                Ok(Some(out))
            })
            .await
            .map_err(|err| start_outcome_unknown(err, &spec.service, spec.is_blue_green()))?;
        let (record, actions) = written.ok_or_else(|| Error::internal("start wrote nothing"))?;
        let mut started = started.ok_or_else(|| Error::internal("start wrote nothing"))?;
        // The record as written carries the write's id and revision.
        started.record = record.clone();
        Ok((record, actions, started))
    }

    /// What `start` decides for the VirtualService `vs` as it is now.
    fn plan_start(
        &self,
        vs: &Value,
        spec: &RolloutSpec,
        selector: &Selector,
        force: bool,
    ) -> Result<Started> {
        let existing = record_of(vs)?;
        let unfinished = existing.as_ref().is_some_and(|r| !r.phase.is_terminal());
        // Forcing over an unfinished rollout keeps its snapshot (the routes from
        // before it); otherwise the routes are read now.
        let (weights, snapshot) = if unfinished && force {
            let old = existing.as_ref().expect("unfinished");
            (old.original_weights.clone(), old.snapshot.clone())
        } else {
            let snapshot = selector.snapshot(vs)?;
            (selector.weights(vs)?, snapshot.to_value())
        };
        Ok(start(
            existing.as_ref(),
            spec.clone(),
            weights,
            snapshot,
            &self.actor,
            self.clock.now(),
            self.lock_ttl,
            force,
        )?)
    }

    /// The VirtualService as it is and as `start` would write it, without writing:
    /// what `--dry-run` shows.
    pub async fn start_preview(
        &self,
        spec: &RolloutSpec,
        route: Option<&str>,
        force: bool,
    ) -> Result<(Value, Value)> {
        self.start_preview_with(spec, route, force, None).await
    }

    /// [`Driver::start_preview`] with the start's `edit`.
    pub async fn start_preview_with(
        &self,
        spec: &RolloutSpec,
        route: Option<&str>,
        force: bool,
        edit: Option<&StartEdit<'_>>,
    ) -> Result<(Value, Value)> {
        let live = self.read().await?;
        let mut changed = live.clone();
        if let Some(edit) = edit {
            edit(&mut changed)?;
        }
        let selector = Selector::new(spec.split.clone(), route.map(str::to_string));
        let mut s = self.plan_start(&changed, spec, &selector, force)?;
        let before = record_of(&live)?;
        s.record
            .stamp_write(before.as_ref(), "dry-run", &self.actor);
        put_record(&mut changed, &s.record, &s.actions)?;
        Ok((live, changed))
    }

    /// Applies one input in one write; returns the record as written (or as read when
    /// nothing changed) with the actions.
    pub async fn input(&self, input: &Input) -> Result<Transition> {
        self.input_for(input, None).await
    }

    /// [`Driver::input`] for a driver following the rollout created at `created`: when
    /// the record now holds another rollout (a forced start replaced it), nothing is
    /// written and the driver stops.
    pub(super) async fn input_for(
        &self,
        input: &Input,
        created: Option<Timestamp>,
    ) -> Result<Transition> {
        let mut seen: Option<Transition> = None;
        let svc = self.vs.name.clone();
        let written = self
            .write(|vs| {
                let Some(text) = annotation(vs) else {
                    return Err(Error::not_found(format!(
                        "`{svc}` has no rollout recorded (annotation `{ANNOTATION}`)"
                    ))
                    .with_hint(format!("start one with `meshctl canary start {svc}`")));
                };
                if let Some(created) = created {
                    let rec = RolloutRecord::decode(text)?;
                    if rec.created_at != created {
                        return Err(Error::new(
                            ErrorKind::Conflict,
                            format!(
                                "the rollout of `{svc}` was replaced by the one `{}` started at {}; this driver stops",
                                rec.created_by, rec.created_at
                            ),
                        )
                        .with_hint(format!("follow the new one with `meshctl canary status {svc}`")));
                    }
                }
                let t = transition(text, input, &self.actor, self.clock.now(), self.lock_ttl)?;
                let out = t
                    .annotation
                    .is_some()
                    .then(|| (t.record.clone(), t.actions.clone()));
                seen = Some(t);
                Ok(out)
            })
            .await?;
        let mut t = seen.ok_or_else(|| Error::internal("the update never ran"))?;
        if let Some((record, _)) = written {
            // As written: with the write's id and revision.
            t.record = record;
        }
        if let Some(Acquired::TookOver(old)) = &t.lock {
            self.reporter.report(&Progress::Note {
                message: format!(
                    "took over the rollout from `{}`, whose lock expired at {}",
                    old.holder, old.expires_at
                ),
            });
        }
        Ok(t)
    }

    /// Changes the record of the rollout created at `created` outside the engine's
    /// transitions (what follows a rollout for its workloads): `change` edits the
    /// record and returns the route actions that go with it, in one write. Refused when
    /// another rollout replaced it.
    pub async fn amend<F>(&self, created: Timestamp, mut change: F) -> Result<RolloutRecord>
    where
        F: FnMut(&mut RolloutRecord) -> Result<Vec<Action>> + Send,
    {
        let svc = self.vs.name.clone();
        let now = self.clock.now();
        let written = self
            .write(|vs| {
                let Some(mut rec) = record_of(vs)? else {
                    return Err(Error::not_found(format!("`{svc}` has no rollout recorded")));
                };
                if rec.created_at != created {
                    return Err(Error::new(
                        ErrorKind::Conflict,
                        format!(
                            "the rollout of `{svc}` was replaced by the one `{}` started at {}",
                            rec.created_by, rec.created_at
                        ),
                    ));
                }
                let actions = change(&mut rec)?;
                rec.updated_at = now;
                Ok(Some((rec, actions)))
            })
            .await?;
        let (record, _) = written.ok_or_else(|| Error::internal("the amendment wrote nothing"))?;
        Ok(record)
    }

    /// Releases the caller's lock (after `--detach` or `step`), so the next job can
    /// drive without waiting for it to expire.
    pub async fn release(&self) -> Result<()> {
        let actor = self.actor.clone();
        self.write(move |vs| {
            let Some(mut rec) = record_of(vs)? else {
                return Ok(None);
            };
            if rec.lock.as_ref().is_none_or(|l| l.holder != actor) {
                return Ok(None);
            }
            rec.lock = None;
            Ok(Some((rec, Vec::new())))
        })
        .await?;
        Ok(())
    }

    /// Takes the lock whoever holds it (`--force`); returns the live lock it overrode.
    pub async fn force_lock(&self) -> Result<Option<crate::core::rollout::Lock>> {
        let mut overridden = None;
        self.write(|vs| {
            let Some(mut rec) = record_of(vs)? else {
                return Ok(None);
            };
            if rec.phase.is_terminal() {
                return Ok(None);
            }
            overridden = rec.force_lock(&self.actor, self.clock.now(), self.lock_ttl);
            Ok(Some((rec, Vec::new())))
        })
        .await?;
        Ok(overridden)
    }

    /// A driver that gives up leaves the record saying where it stopped and frees its
    /// lock, so another driver can resume at once — best effort, without riding out an
    /// outage (the server may be the reason it gives up). Returns the record as last
    /// known, for the message.
    async fn stop(&self, why: &Error) -> Option<RolloutRecord> {
        let quick = Driver {
            store: self.store,
            vs: self.vs.clone(),
            actor: self.actor.clone(),
            lock_ttl: self.lock_ttl,
            outage_timeout: Duration::from_millis(0),
            reporter: self.reporter,
            source: None,
            confirm: None,
            session: Session::new(),
            clock: self.clock,
            poster: None,
            // The stop records no events: nothing to tell.
            notifier: None,
        };
        let mut last = None;
        let written = quick
            .write(|vs| {
                let Some(rec) = record_of(vs)? else {
                    return Ok(None);
                };
                let stopped = rec.stopped_by(&self.actor, self.clock.now(), why.message());
                last = Some(rec);
                Ok(stopped.map(|r| (r, Vec::new())))
            })
            .await;
        match written {
            Ok(Some((rec, _))) => Some(rec),
            _ => last,
        }
    }

    /// Drives the rollout in the foreground from `actions` until it settles (final or
    /// paused). SIGINT or SIGTERM pauses it and returns [`Ended::Interrupted`]. A driver that
    /// fails leaves the record saying where it stopped (see [`Driver::stop`]) and its
    /// error says so too.
    pub async fn drive(&self, record: RolloutRecord, actions: Vec<Action>) -> Result<Ended> {
        let known = record.clone();
        // On the heap: a rollout's future (analysis, hooks, workloads) is large, and
        // debug builds copy futures through the stack.
        let mut run = Box::pin(self.drive_inner(record, actions));
        let result = tokio::select! {
            r = &mut run => {
                self.reporter.finish();
                r.map(Ended::Settled)
            }
            stop = super::signals::next() => {
                self.reporter.finish();
                // A second signal gives up on the pause (say, while the API server is
                // unreachable): the rollout stays as recorded.
                let paused = tokio::select! {
                    t = self.input(&Input::Pause) => t?,
                    again = super::signals::next() => {
                        return Err(Error::new(
                            again.kind(),
                            format!("interrupted twice: the rollout of `{}` was not paused", known.spec.service),
                        )
                        .with_hint(format!(
                            "{} (as last seen); {}",
                            where_it_stands(&known),
                            continue_hint(&known)
                        )));
                    }
                };
                return Ok(Ended::Interrupted(paused.record, stop));
            }
        };
        match result {
            Ok(ended) => Ok(ended),
            Err(err) => {
                let last = self.stop(&err).await.unwrap_or(known);
                if last.phase.is_terminal() {
                    return Err(err);
                }
                Err(err.with_hint(format!(
                    "{} (as recorded); {}",
                    where_it_stands(&last),
                    continue_hint(&last)
                )))
            }
        }
    }

    async fn drive_inner(
        &self,
        mut record: RolloutRecord,
        mut actions: Vec<Action>,
    ) -> Result<RolloutRecord> {
        let mut seen: Option<RolloutRecord> = None;
        loop {
            if crate::core::rollout::hooks::entered_stage(seen.as_ref(), &record)
                && let Some(t) = self.on_stage(&record).await?
            {
                (record, actions) = (t.record, t.actions);
            }
            seen = Some(record.clone());
            let effect = actions
                .iter()
                .find(|a| matches!(a, Action::RunAnalysis { .. } | Action::WaitUntil { .. }))
                .cloned();
            let t = match effect {
                None => {
                    if record.phase.is_terminal() {
                        self.after_end(&record).await;
                    }
                    return Ok(record);
                }
                Some(Action::WaitUntil { at }) => Box::pin(self.wait_until(&record, at)).await?,
                Some(Action::RunAnalysis { stage, window }) => {
                    Box::pin(self.judge(&record, stage, window)).await?
                }
                Some(_) => unreachable!("only effects are picked"),
            };
            record = t.record;
            actions = t.actions;
        }
    }

    /// Holds the stage until `at` (see [`Driver::hold_until`]), asking the rollout's
    /// `rollback` hooks meanwhile.
    async fn wait_until(&self, record: &RolloutRecord, at: Timestamp) -> Result<Transition> {
        let hold = self.hold_until(record, at);
        let rollback = self.watch_rollback(record);
        tokio::pin!(hold);
        tokio::pin!(rollback);
        tokio::select! {
            t = &mut hold => t,
            t = &mut rollback => t,
        }
    }

    /// A transition the driver makes itself (time passed, a verdict): first the gates
    /// its write must pass, then the write.
    async fn advance(&self, record: &RolloutRecord, input: &Input) -> Result<Transition> {
        if let Some(t) = self.gates_for(record, input).await? {
            return Ok(t);
        }
        self.input_for(input, Some(record.created_at)).await
    }

    /// Holds the stage until `at`, renewing the lock on schedule; then a Tick (which
    /// passes it).
    async fn hold_until(&self, record: &RolloutRecord, at: Timestamp) -> Result<Transition> {
        let stages = record.spec.stages().len();
        let seconds = at.duration_since(self.clock.now()).as_secs_f64().max(0.0);
        self.reporter.report(&Progress::Holding {
            stage: record.stage,
            stages,
            seconds,
        });
        loop {
            let renewal = schedule::next_renewal(self.clock.now(), self.lock_ttl);
            let wake = renewal.min(at);
            let left = wake.duration_since(self.clock.now());
            if left.is_positive() {
                self.clock
                    .sleep(
                        left.unsigned_abs()
                            .max(std::time::Duration::from_millis(10)),
                    )
                    .await;
            }
            let t = self.advance(record, &Input::Tick).await?;
            let moved = t.record.phase != record.phase || t.record.stage != record.stage;
            if moved || self.clock.now() >= at {
                return Ok(t);
            }
        }
    }

    /// Renews the lock on its schedule (a third of the TTL) until the rollout moves
    /// away from `record`'s phase and stage (someone paused, promoted or rolled it
    /// back, or a renewal's tick timed the stage out); returns that transition. Runs
    /// beside the analysis, so the analysis cadence never decides the renewals.
    async fn keep_renewing(&self, record: &RolloutRecord) -> Result<Transition> {
        let mut last = self.clock.now();
        loop {
            let due = schedule::next_renewal(last, self.lock_ttl);
            self.clock.sleep_until(due).await;
            last = self.clock.now();
            let t = self
                .input_for(&Input::Tick, Some(record.created_at))
                .await?;
            if t.record.phase != record.phase || t.record.stage != record.stage {
                return Ok(t);
            }
        }
    }

    /// Judges `stage` by one analysis run held for at least `window`, the lock renewed
    /// beside it; feeds the verdict back. Stops early when someone else moved the
    /// rollout (a renewal shows it).
    async fn judge(
        &self,
        record: &RolloutRecord,
        stage: usize,
        window: Duration,
    ) -> Result<Transition> {
        let analysis = async {
            match record.spec.hook_step(stage) {
                Some(hook) => self.judge_hook_step(record, hook).await,
                None => self.analyse(record, stage, window).await,
            }
        };
        let renewals = self.keep_renewing(record);
        let rollback = self.watch_rollback(record);
        tokio::pin!(analysis);
        tokio::pin!(renewals);
        tokio::pin!(rollback);
        let (outcome, summary) = tokio::select! {
            judged = &mut analysis => judged?,
            moved = &mut renewals => return moved,
            rolled = &mut rollback => return rolled,
        };
        let preview = record
            .spec
            .stages()
            .get(stage)
            .is_some_and(|s| s.kind == crate::core::rollout::StageKind::Preview);
        if outcome == Outcome::Successful
            && preview
            && let Some(confirm) = self.confirm
            && !confirm(record)?
        {
            return self.input_for(&Input::Abort, Some(record.created_at)).await;
        }
        let judged = Input::Observation {
            stage,
            outcome,
            summary,
        };
        match self.advance(record, &judged).await {
            Ok(t) => Ok(t),
            // Only an engine refusal can mean the rollout moved on; an outage already
            // waited out its patience.
            Err(err) if err.kind() != ErrorKind::Conflict => Err(err),
            Err(err) => {
                // Someone paused, promoted or rolled the rollout back while it was
                // judged: the verdict is moot, and the driver follows the record.
                let (_, fresh) = self.record().await?;
                if fresh.created_at == record.created_at
                    && (fresh.phase != record.phase || fresh.stage != stage)
                {
                    return Ok(Transition {
                        record: fresh,
                        actions: Vec::new(),
                        annotation: None,
                        lock: None,
                    });
                }
                Err(err)
            }
        }
    }

    /// One analysis run over `stage` for at least `window`: its verdict and summary.
    /// The rounds (the fixed-threshold floor) and the sequential looks run side by
    /// side; whichever decides first is the verdict.
    async fn analyse(
        &self,
        record: &RolloutRecord,
        stage: usize,
        window: Duration,
    ) -> Result<(Outcome, String)> {
        let (spec, source) = self.analysis_of(record, stage)?;
        let stages = record.spec.stages().len();
        self.reporter.report(&Progress::Holding {
            stage,
            stages,
            seconds: window.as_std().as_secs_f64(),
        });
        let targets = self.targets(record).await?;
        let started = self.clock.now();
        let rounds = self.rounds(&spec, source, record, stage, &targets, window);
        let live = super::live::judge(self.clock, &spec, source, &targets, started);
        tokio::pin!(rounds);
        tokio::pin!(live);
        Ok(tokio::select! {
            judged = &mut rounds => judged,
            judged = &mut live => judged,
        })
    }

    /// The rounds of `stage`: the core's rules of judging a stage over its window;
    /// this loop only takes the rounds and waits when the judge asks.
    async fn rounds(
        &self,
        spec: &AnalysisSpec,
        source: &dyn MetricSource,
        record: &RolloutRecord,
        stage: usize,
        targets: &[Pair],
        window: Duration,
    ) -> (Outcome, String) {
        let mut judge = StageJudge::new(spec, window, self.clock.now());
        let cadence = spec.cadence(window);
        let ends = self.clock.now();
        let ends = ends
            .checked_add(jiff::SignedDuration::from_millis(window.as_millis() as i64))
            .unwrap_or(ends);
        loop {
            let (round, metrics) = self
                .take_round(spec, cadence.window, source, record, stage, targets)
                .await;
            let now = self.clock.now();
            let outcome = round.outcome.to_string();
            let next = judge.record(round, now);
            // The next verdict is due at the next round, and not before the step ends.
            let next_seconds = match &next {
                Next::RoundAt(at) => Some((*at).max(ends).duration_since(now).as_secs_f64()),
                Next::Done { .. } => None,
            };
            self.reporter.report(&Progress::Round {
                stage,
                outcome,
                metrics,
                next_seconds,
            });
            match next {
                Next::Done { outcome, reason } => return (outcome, reason),
                Next::RoundAt(at) => self.clock.sleep_until(at).await,
            }
        }
    }

    /// `canary step`'s judgement: one round of `stage`'s checks, now, recorded when it
    /// decides something (the core's `one_round`). `None` while the stage passes but
    /// its window since the stage began is not over: nothing to record yet.
    pub async fn judge_once(
        &self,
        record: &RolloutRecord,
        stage: usize,
        window: Duration,
    ) -> Result<Option<Transition>> {
        if let Some(hook) = record.spec.hook_step(stage) {
            let (outcome, summary) = self.judge_hook_step(record, hook).await?;
            let judged = Input::Observation {
                stage,
                outcome,
                summary,
            };
            return self.advance(record, &judged).await.map(Some);
        }
        let (spec, source) = self.analysis_of(record, stage)?;
        let targets = self.targets(record).await?;
        let (round, metrics) = self
            .take_round(
                &spec,
                spec.cadence(window).window,
                source,
                record,
                stage,
                &targets,
            )
            .await;
        self.reporter.report(&Progress::Round {
            stage,
            outcome: round.outcome.to_string(),
            metrics,
            next_seconds: None,
        });
        let now = self.clock.now();
        let started = record.stage_started_at.unwrap_or(now);
        let over = now.duration_since(started).as_millis() >= window.as_millis() as i128;
        let Some(outcome) = one_round(round.outcome, over) else {
            return Ok(None);
        };
        let summary = round
            .deciding()
            .map(|c| c.reason.clone())
            .unwrap_or_default();
        let judged = Input::Observation {
            stage,
            outcome,
            summary,
        };
        self.input_for(&judged, Some(record.created_at))
            .await
            .map(Some)
    }

    /// The rollout's analysis and the source it reads; an error without either.
    fn analysis_of(
        &self,
        record: &RolloutRecord,
        stage: usize,
    ) -> Result<(AnalysisSpec, &'a dyn MetricSource)> {
        let Some(spec) = record.spec.analysis_for(stage).cloned() else {
            return Err(Error::internal(
                "asked to judge a stage without an analysis",
            ));
        };
        let Some(source) = self.source else {
            return Err(Error::usage(format!(
                "the rollout of `{}` has health checks but no metric source was given",
                record.spec.service
            ))
            .with_hint(
                "name where metrics come from, e.g. `--envoy-admin http://127.0.0.1:15000`",
            ));
        };
        Ok((spec, source))
    }

    /// The pairs a round judges: a lane shift's recorded pairs, else the canary's and
    /// the stable version's targets.
    async fn targets(&self, record: &RolloutRecord) -> Result<Vec<Pair>> {
        if let Some(lane) = &record.spec.lane {
            return Ok(lane
                .targets
                .iter()
                .map(|p| Pair {
                    service: Some(p.service.clone()),
                    canary: Target::new(&p.namespace, &p.service, &p.canary),
                    stable: Target::new(&p.namespace, &p.service, &p.stable),
                    canary_subset: p.canary.clone(),
                    stable_subset: p.stable.clone(),
                })
                .collect());
        }
        let namespace = self.vs.namespace.clone().unwrap_or_default();
        let vs = self.read().await?;
        let host = service_host(&vs).unwrap_or_else(|| record.spec.service.clone());
        let split = &record.spec.split;
        let target = |name: &str| match split.by {
            // Two Services: each is its own host, without subsets; an HTTPRoute's
            // backendRef may name the Service's namespace.
            crate::core::rollout::SplitBy::Host => {
                let ns =
                    crate::core::rollout::backends::namespace_of(&vs, name).unwrap_or(&namespace);
                Target::new(ns, name.split('.').next().unwrap_or(name), "")
            }
            crate::core::rollout::SplitBy::Subset => Target::new(&namespace, &host, name),
        };
        Ok(vec![Pair {
            service: None,
            canary: target(&split.canary),
            stable: target(&split.stable),
            canary_subset: split.canary.clone(),
            stable_subset: split.stable.clone(),
        }])
    }

    /// One round over `window`: the samples and queries of now for every pair, side by
    /// side, judged (several pairs: the worst decides, named), with the figures' line
    /// for progress. The round's figures are the deciding pair's.
    async fn take_round(
        &self,
        spec: &AnalysisSpec,
        window: Duration,
        source: &dyn MetricSource,
        record: &RolloutRecord,
        stage: usize,
        pairs: &[Pair],
    ) -> (Round, String) {
        let mut judged = futures::future::join_all(
            pairs
                .iter()
                .map(|p| Self::judge_pair(spec, window, source, p)),
        )
        .await;
        let named: Option<Vec<String>> = pairs.iter().map(|p| p.service.clone()).collect();
        let (at, round) = match named {
            Some(names) if !names.is_empty() => worst_round(
                names
                    .into_iter()
                    .zip(judged.iter().map(|(r, _, _)| r.clone()))
                    .collect(),
            ),
            _ => (
                0,
                judged
                    .first()
                    .map(|(r, _, _)| r.clone())
                    .unwrap_or_else(empty_round),
            ),
        };
        if judged.is_empty() {
            judged.push((
                empty_round(),
                Err(SourceError::new(
                    SourceErrorKind::NoData,
                    "nothing to judge",
                )),
                Err(SourceError::new(
                    SourceErrorKind::NoData,
                    "nothing to judge",
                )),
            ));
        }
        let (_, sample, stable_sample) = &judged[at.min(judged.len() - 1)];
        self.session.rounds.note(
            record.created_at,
            RoundFigures::new(
                self.clock.now(),
                stage,
                record.canary_weight(),
                sample,
                stable_sample,
                &round,
            ),
        );
        let line = metrics_line(sample);
        let line = match pairs.get(at).and_then(|p| p.service.as_deref()) {
            Some(service) => format!("{service}: {line}"),
            None => line,
        };
        (round, line)
    }

    /// One pair's round: both samples side by side, and stable's always (for
    /// `compareToStable` and the report): a source that scrapes twice a window apart
    /// takes a window for each, and both must judge the same traffic.
    async fn judge_pair(
        spec: &AnalysisSpec,
        window: Duration,
        source: &dyn MetricSource,
        pair: &Pair,
    ) -> PairRound {
        let (sample, stable_sample) = tokio::join!(
            source.sample(&pair.canary, window),
            source.sample(&pair.stable, window)
        );
        let mut queries = Vec::new();
        for (name, q) in spec
            .render_queries(&pair.canary, window)
            .unwrap_or_default()
        {
            queries.push((name, source.query(&q).await));
        }
        let obs = Observation {
            subset: &pair.canary_subset,
            sample: &sample,
            stable: spec
                .compare_to_stable
                .is_some()
                .then_some((pair.stable_subset.as_str(), &stable_sample)),
            queries: &queries,
        };
        (judge_round(spec, &obs), sample, stable_sample)
    }
}

/// A round with nothing judged: inconclusive.
fn empty_round() -> Round {
    Round {
        outcome: Outcome::Inconclusive,
        checks: Vec::new(),
    }
}

fn metrics_line(sample: &std::result::Result<Sample, SourceError>) -> String {
    match sample {
        Err(e) => format!("no metrics: {e}"),
        Ok(s) => {
            let rate = s
                .success_rate
                .map(|r| format!("{r:.1}%"))
                .unwrap_or_else(|| "-".into());
            let p99 = s
                .latency
                .get(Quantile::P99)
                .map(|ms| format!("{ms:.0}ms"))
                .unwrap_or_else(|| "-".into());
            format!(
                "{:.0} requests, {:.1} rps, success {rate}, p99 {p99}",
                s.requests, s.rps
            )
        }
    }
}

/// The progress event that says where a record is.
pub fn transition_progress(record: &RolloutRecord) -> Progress {
    Progress::Transition {
        service: record.spec.service.clone(),
        phase: record.phase.to_string(),
        stage: record.stage,
        stages: record.spec.stages().len(),
        weights: record.weights.to_string(),
        message: record.message.clone(),
    }
}

/// The exit of a command that drove a rollout until it settled: 0 when it succeeded
/// (or is still running, detached), 3 when it was rolled back or aborted — traffic is
/// back on the stable version — and 4 when it is paused, waiting for a person, with
/// traffic possibly still split. Each with a message that says what to do next.
pub fn settle(record: &RolloutRecord, group: &str) -> Result<crate::ExitStatus> {
    use crate::core::rollout::PauseReason as P;
    let svc = &record.spec.service;
    let _ = group;
    match (record.phase, record.pause_reason) {
        (Phase::Succeeded, _) => Ok(crate::ExitStatus::Success),
        (Phase::Paused, Some(P::PauseStep)) => Err(Error::new(
            ErrorKind::RolloutPaused,
            format!(
                "the rollout of `{svc}` waits at a pause step of its plan at {}",
                record.weights
            ),
        )
        .with_hint(format!(
            "go on with `meshctl canary promote {svc}` then `meshctl canary resume {svc}`, or roll it back with `meshctl canary rollback {svc}`"
        ))),
        (Phase::Paused, Some(P::AwaitingPromotion)) => Err(Error::new(
            ErrorKind::RolloutPaused,
            format!(
                "the rollout of `{svc}` passed every stage and waits for `promote` at {}",
                record.weights
            ),
        )
        .with_hint(format!(
            "promote it with `meshctl canary promote {svc}`, or roll it back with `meshctl {} rollback {svc}`",
            group_of(record)
        ))),
        (Phase::Paused, _) => Err(Error::new(
            ErrorKind::RolloutPaused,
            format!(
                "the rollout of `{svc}` is paused at {}: {}",
                record.weights, record.message
            ),
        )
        .with_hint(format!(
            "look at `meshctl {} status {svc}`, then {}",
            group_of(record),
            continue_hint(record)
        ))),
        (Phase::RolledBack, _) | (Phase::Aborted, _) => Err(Error::new(
            ErrorKind::RolloutFailed,
            format!("the rollout of `{svc}` was rolled back: {}", record.message),
        )
        .with_hint(format!(
            "traffic is back on `{}` ({}); meshctl's changes to the routes are undone and everyone else's are kept; fix the new version and start again",
            record.spec.split.stable, record.original_weights
        ))),
        _ => Ok(crate::ExitStatus::Success),
    }
}
