//! The rollout driver: performs what the pure engine (`core::rollout`) plans, against
//! any [`MeshStore`]. Each input becomes ONE precondition-guarded update of the
//! VirtualService that carries both the route changes and the new record (see
//! `docs/rollout-record.md`, "Write order"); then the events are recorded and the
//! effect (an analysis or a wait) is started, and its result fed back in. Canary and
//! blue-green share every line of this.

use super::routes::Selector;
use crate::core::analysis::{AnalysisRun, Observation, Outcome, Verdict, judge_round};
use crate::core::duration::Duration;
use crate::core::metrics::{MetricSource, Quantile, Sample, SourceError, Target};
use crate::core::rollout::{
    ANNOTATION, Acquired, Action, Input, Phase, RolloutRecord, RolloutSpec, Started, Transition,
    start, transition,
};
use crate::core::store::{EventRecord, MeshStore, ObjectRef};
use crate::output::progress::{Progress, Reporter};
use crate::{Error, ErrorKind, Result};
use jiff::Timestamp;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

/// A write that landed: the record as written and the actions it performed.
type Written = (RolloutRecord, Vec<Action>);

/// Everything a driver needs to act on one VirtualService.
pub struct Driver<'a> {
    pub store: &'a dyn MeshStore,
    pub vs: ObjectRef,
    /// Who drives: written into the lock and the history.
    pub actor: String,
    pub lock_ttl: Duration,
    pub reporter: &'a dyn Reporter,
    pub source: Option<&'a dyn MetricSource>,
    /// Asked before a verified preview leads on to moving production traffic (the
    /// blue-green confirmation); `Ok(false)` aborts the rollout.
    pub confirm: Option<&'a Confirm<'a>>,
}

/// The confirmation hook of [`Driver::confirm`].
pub type Confirm<'a> = dyn Fn(&RolloutRecord) -> Result<bool> + Send + Sync + 'a;

/// How a foreground run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Ended {
    /// The record reached a phase where nothing more is driven (final, or paused).
    Settled(RolloutRecord),
    /// Ctrl-C: the rollout was paused.
    Interrupted(RolloutRecord),
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

/// The selector of a recorded rollout: its split and the `--route` it was started with.
pub fn selector_of(record: &RolloutRecord) -> Selector {
    Selector {
        split: record.spec.split.clone(),
        route: record
            .snapshot
            .get("route")
            .and_then(Value::as_str)
            .map(str::to_string),
    }
}

/// The short host name of a VirtualService (`reviews` of `reviews.shop.svc...`), which
/// names the service in metrics.
pub fn service_host(vs: &Value) -> Option<String> {
    vs.pointer("/spec/hosts/0")
        .and_then(Value::as_str)
        .map(|h| h.split('.').next().unwrap_or(h).to_string())
}

impl Driver<'_> {
    /// Reads the VirtualService; a clear error when it is missing.
    pub async fn read(&self) -> Result<Value> {
        self.store.get(&self.vs).await?.ok_or_else(|| {
            Error::not_found(format!("{} not found", self.vs)).with_hint(
                "check the name and namespace (`-n`), e.g. `kubectl get virtualservices -A`",
            )
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
    /// object, never re-applying an old plan.
    async fn write<P>(&self, mut plan: P) -> Result<Option<Written>>
    where
        P: FnMut(&Value) -> Result<Option<(RolloutRecord, Vec<Action>, String)>> + Send,
    {
        let outcome: Arc<Mutex<Option<Written>>> = Arc::default();
        let slot = outcome.clone();
        let mut change = move |vs: &mut Value| -> Result<()> {
            *slot.lock().expect("poisoned") = None;
            let Some((record, actions, text)) = plan(vs)? else {
                return Ok(());
            };
            let before = record_of(vs)?;
            let selector = selector_of(&record);
            let snapshot = before
                .as_ref()
                .map(|r| r.snapshot.clone())
                .unwrap_or_else(|| record.snapshot.clone());
            selector.apply(vs, &actions, &snapshot)?;
            let meta = vs
                .as_object_mut()
                .and_then(|o| o.get_mut("metadata"))
                .and_then(Value::as_object_mut)
                .ok_or_else(|| Error::invalid("the VirtualService has no metadata"))?;
            let annotations = meta.entry("annotations").or_insert_with(|| json!({}));
            annotations[ANNOTATION] = Value::String(text);
            *slot.lock().expect("poisoned") = Some((record, actions));
            Ok(())
        };
        self.store.update(&self.vs, &mut change).await?;
        let done = outcome.lock().expect("poisoned").take();
        if let Some((record, actions)) = &done {
            self.after_write(record, actions).await;
        }
        Ok(done)
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
                let event = EventRecord {
                    object: self.vs.clone(),
                    reason: reason.to_string(),
                    message: message.clone(),
                    warning: *warning,
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
                    message: message.clone(),
                    warning: *warning,
                });
            }
        }
        if actions
            .iter()
            .any(|a| matches!(a, Action::RecordEvent { .. }))
        {
            self.reporter.report(&transition_progress(record));
        }
    }

    /// Begins `spec` on the VirtualService (snapshot and weights from the object as
    /// read, in the same write as the first stage).
    pub async fn start(
        &self,
        spec: &RolloutSpec,
        route: Option<&str>,
        force: bool,
    ) -> Result<(RolloutRecord, Vec<Action>, Started)> {
        let started: Arc<Mutex<Option<Started>>> = Arc::default();
        let slot = started.clone();
        let selector = Selector {
            split: spec.split.clone(),
            route: route.map(str::to_string),
        };
        let written = self
            .write(move |vs| {
                let existing = record_of(vs)?;
                let unfinished = existing.as_ref().is_some_and(|r| !r.phase.is_terminal());
                // Forcing over an unfinished rollout keeps its snapshot (the routes from
                // before it); otherwise the routes are read now.
                let (weights, mut snapshot) = if unfinished && force {
                    let old = existing.as_ref().expect("unfinished");
                    (old.original_weights.clone(), old.snapshot.clone())
                } else {
                    (selector.weights(vs)?, selector.snapshot(vs)?)
                };
                if let Some(r) = &selector.route {
                    snapshot["route"] = json!(r);
                }
                let s = start(
                    existing.as_ref(),
                    spec.clone(),
                    weights,
                    snapshot,
                    &self.actor,
                    Timestamp::now(),
                    self.lock_ttl,
                    force,
                )?;
                let text = s.record.encode()?;
                let out = (s.record.clone(), s.actions.clone(), text);
                *slot.lock().expect("poisoned") = Some(s);
                Ok(Some(out))
            })
            .await?;
        let (record, actions) = written.ok_or_else(|| Error::internal("start wrote nothing"))?;
        let started = started
            .lock()
            .expect("poisoned")
            .take()
            .ok_or_else(|| Error::internal("start wrote nothing"))?;
        Ok((record, actions, started))
    }

    /// Applies one input in one write; returns the record as written (or as read when
    /// nothing changed) with the actions.
    pub async fn input(&self, input: &Input) -> Result<Transition> {
        self.input_for(input, None).await
    }

    /// [`Driver::input`] for a driver following the rollout created at `created`: when
    /// the record now holds another rollout (a forced start replaced it), nothing is
    /// written and the driver stops.
    async fn input_for(&self, input: &Input, created: Option<Timestamp>) -> Result<Transition> {
        let seen: Arc<Mutex<Option<Transition>>> = Arc::default();
        let slot = seen.clone();
        let svc = self.vs.name.clone();
        self.write(move |vs| {
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
            let t = transition(text, input, &self.actor, Timestamp::now(), self.lock_ttl)?;
            let out = t
                .annotation
                .clone()
                .map(|a| (t.record.clone(), t.actions.clone(), a));
            *slot.lock().expect("poisoned") = Some(t);
            Ok(out)
        })
        .await?;
        let t = seen
            .lock()
            .expect("poisoned")
            .take()
            .ok_or_else(|| Error::internal("the update never ran"))?;
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
            let text = rec.encode()?;
            Ok(Some((rec, Vec::new(), text)))
        })
        .await?;
        Ok(())
    }

    /// Takes the lock whoever holds it (`--force`); returns the live lock it overrode.
    pub async fn force_lock(&self) -> Result<Option<crate::core::rollout::Lock>> {
        let overridden: Arc<Mutex<Option<crate::core::rollout::Lock>>> = Arc::default();
        let slot = overridden.clone();
        self.write(move |vs| {
            let Some(mut rec) = record_of(vs)? else {
                return Ok(None);
            };
            if rec.phase.is_terminal() {
                return Ok(None);
            }
            let old = rec.force_lock(&self.actor, Timestamp::now(), self.lock_ttl);
            *slot.lock().expect("poisoned") = old;
            let text = rec.encode()?;
            Ok(Some((rec, Vec::new(), text)))
        })
        .await?;
        let old = overridden.lock().expect("poisoned").take();
        Ok(old)
    }

    /// Performs ONE effect of `actions` (judge the stage once; a wait that is not over
    /// is left alone) and returns the record after it; for `step` in CI jobs.
    pub async fn step_once(
        &self,
        record: RolloutRecord,
        actions: Vec<Action>,
    ) -> Result<RolloutRecord> {
        for action in &actions {
            if let Action::RunAnalysis { stage, window } = action {
                let t = self.judge(&record, *stage, *window).await?;
                return Ok(t.record);
            }
        }
        Ok(record)
    }

    /// Drives the rollout in the foreground from `actions` until it settles (final or
    /// paused). Ctrl-C pauses it and returns [`Ended::Interrupted`].
    pub async fn drive(&self, record: RolloutRecord, actions: Vec<Action>) -> Result<Ended> {
        let run = self.drive_inner(record, actions);
        tokio::pin!(run);
        tokio::select! {
            r = &mut run => {
                self.reporter.finish();
                r.map(Ended::Settled)
            }
            _ = tokio::signal::ctrl_c() => {
                self.reporter.finish();
                let t = self.input(&Input::Pause).await?;
                Ok(Ended::Interrupted(t.record))
            }
        }
    }

    async fn drive_inner(
        &self,
        mut record: RolloutRecord,
        mut actions: Vec<Action>,
    ) -> Result<RolloutRecord> {
        loop {
            let effect = actions
                .iter()
                .find(|a| matches!(a, Action::RunAnalysis { .. } | Action::WaitUntil { .. }))
                .cloned();
            let t = match effect {
                None => return Ok(record),
                Some(Action::WaitUntil { at }) => self.wait_until(&record, at).await?,
                Some(Action::RunAnalysis { stage, window }) => {
                    self.judge(&record, stage, window).await?
                }
                Some(_) => unreachable!("only effects are picked"),
            };
            record = t.record;
            actions = t.actions;
        }
    }

    /// Holds the stage until `at`, renewing the lock; then a Tick (which passes it).
    async fn wait_until(&self, record: &RolloutRecord, at: Timestamp) -> Result<Transition> {
        let stages = record.spec.stages().len();
        let seconds = at.duration_since(Timestamp::now()).as_secs_f64().max(0.0);
        self.reporter.report(&Progress::Holding {
            stage: record.stage,
            stages,
            seconds,
        });
        loop {
            let left = at.duration_since(Timestamp::now());
            if left.is_positive() {
                let nap = left
                    .unsigned_abs()
                    .min(self.renew_every())
                    .max(std::time::Duration::from_millis(10));
                tokio::time::sleep(nap).await;
            }
            let t = self
                .input_for(&Input::Tick, Some(record.created_at))
                .await?;
            let moved = t.record.phase != record.phase || t.record.stage != record.stage;
            if moved || Timestamp::now() >= at {
                return Ok(t);
            }
        }
    }

    fn renew_every(&self) -> std::time::Duration {
        (self.lock_ttl.as_std() / 3).max(std::time::Duration::from_millis(200))
    }

    /// Judges `stage` by one analysis run held for at least `window`, renewing the lock
    /// between rounds; feeds the verdict back. Stops early when someone else moved the
    /// rollout (the tick that renews shows it).
    async fn judge(
        &self,
        record: &RolloutRecord,
        stage: usize,
        window: Duration,
    ) -> Result<Transition> {
        let Some(spec) = record.spec.analysis.clone() else {
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
        let stages = record.spec.stages().len();
        let started = std::time::Instant::now();
        self.reporter.report(&Progress::Holding {
            stage,
            stages,
            seconds: window.as_std().as_secs_f64(),
        });
        let namespace = self.vs.namespace.clone().unwrap_or_default();
        let vs = self.read().await?;
        let host = service_host(&vs).unwrap_or_else(|| record.spec.service.clone());
        let split = &record.spec.split;
        let target = |name: &str| match split.by {
            // Two Services: each is its own host, without subsets.
            crate::core::rollout::SplitBy::Host => {
                Target::new(&namespace, name.split('.').next().unwrap_or(name), "")
            }
            crate::core::rollout::SplitBy::Subset => Target::new(&namespace, &host, name),
        };
        let canary = target(&split.canary);
        let stable = target(&split.stable);
        let mut run = AnalysisRun::new(&spec);
        // The last passed run of this window, while later runs keep judging.
        let mut passed: Option<String> = None;
        let mut last_renew = std::time::Instant::now();
        let (outcome, summary) = loop {
            let sample = source.sample(&canary, spec.window).await;
            let stable_sample = if spec.compare_to_stable.is_some() {
                Some(source.sample(&stable, spec.window).await)
            } else {
                None
            };
            let mut queries = Vec::new();
            for (name, q) in spec.render_queries(&canary).unwrap_or_default() {
                queries.push((name, source.query(&q).await));
            }
            let obs = Observation {
                subset: &record.spec.split.canary,
                sample: &sample,
                stable: stable_sample
                    .as_ref()
                    .map(|s| (record.spec.split.stable.as_str(), s)),
                queries: &queries,
            };
            let round = judge_round(&spec, &obs);
            self.reporter.report(&Progress::Round {
                stage,
                outcome: round.outcome.to_string(),
                metrics: metrics_line(&sample),
            });
            let verdict = run.record(round).clone();
            // Between rounds the lock is renewed; a tick that finds the rollout moved
            // (paused, rolled back, timed out) ends this judgement.
            if last_renew.elapsed() >= self.renew_every() || verdict != Verdict::Running {
                let t = self
                    .input_for(&Input::Tick, Some(record.created_at))
                    .await?;
                last_renew = std::time::Instant::now();
                if t.record.phase != record.phase || t.record.stage != stage {
                    return Ok(t);
                }
            }
            match verdict {
                Verdict::Done { outcome, reason } => {
                    if outcome == Outcome::Successful && started.elapsed() < window.as_std() {
                        // A passed run does not end the stage early: the stage is
                        // judged for its whole window, so a version that turns bad
                        // halfway (after a blue-green switch, say) is still caught.
                        passed = Some(reason);
                        run = AnalysisRun::new(&spec);
                        tokio::time::sleep(spec.interval.as_std()).await;
                        continue;
                    }
                    break (outcome, reason);
                }
                Verdict::Running if passed.is_some() && started.elapsed() >= window.as_std() => {
                    // The window is over while a later run was still collecting: the
                    // stage passed on the runs that finished.
                    break (Outcome::Successful, passed.take().unwrap_or_default());
                }
                Verdict::Running => tokio::time::sleep(spec.interval.as_std()).await,
            }
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
        self.input_for(&judged, Some(record.created_at)).await
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
/// (or waits for a person to promote), 3 when it was rolled back or paused by failing
/// checks, with a message that says what to do next.
pub fn settle(record: &RolloutRecord, group: &str) -> Result<crate::ExitStatus> {
    use crate::core::rollout::PauseReason as P;
    let svc = &record.spec.service;
    match (record.phase, record.pause_reason) {
        (Phase::Succeeded, _) => Ok(crate::ExitStatus::Success),
        (Phase::Paused, Some(P::AwaitingPromotion)) => Ok(crate::ExitStatus::Success),
        (Phase::Paused, Some(P::Requested)) => Err(Error::new(
            ErrorKind::Conflict,
            format!("the rollout of `{svc}` was paused: {}", record.message),
        )
        .with_hint(format!(
            "continue with `meshctl {group} resume {svc}` or roll back with `meshctl {group} rollback {svc}`"
        ))),
        (Phase::Paused, _) => Err(Error::new(
            ErrorKind::RolloutFailed,
            format!("the rollout of `{svc}` is paused: {}", record.message),
        )
        .with_hint(format!(
            "look at `meshctl {group} status {svc}`, then `meshctl {group} resume {svc}`, `promote` or `rollback`"
        ))),
        (Phase::RolledBack, _) | (Phase::Aborted, _) => Err(Error::new(
            ErrorKind::RolloutFailed,
            format!("the rollout of `{svc}` was rolled back: {}", record.message),
        )
        .with_hint("the routes are as they were before the rollout; fix the new version and start again")),
        _ => Ok(crate::ExitStatus::Success),
    }
}
