//! The driver against an in-memory mesh store and a metric source that answers what a
//! test chooses: the write discipline (one write per input, re-planned on conflict,
//! never re-applying an old plan), how judgements move the rollout, and what the
//! reporter and the events see. The end-to-end behaviour with a real Envoy is in
//! `tests/canary.rs` and `tests/bluegreen.rs`. Everything here runs in virtual time
//! (tokio's clock paused, the driver on a clock that reads it): no test sleeps on the
//! wall clock.

use super::driver::{Driver, Ended, record_of};
use crate::core::analysis::AnalysisFlags;
use crate::core::duration::Duration;
use crate::core::metrics::{
    Latency, MetricSource, Sample, SourceError, SourceErrorKind, SourceFuture, Target,
};
use crate::core::rollout::{Input, Outcome, PauseReason, Phase, RolloutSpec, Split, Steps};
use crate::core::store::{
    Applied, ApplyOptions, Change, EventRecord, ListQuery, MeshStore, ObjectRef, ObjectType,
    StoreFuture,
};
use crate::output::progress::{Progress, Recorder};
use serde_json::{Value, json};
use std::sync::Mutex;

type Interference = Box<dyn FnOnce(&mut Value) + Send>;

/// One VirtualService in memory. `interfere` runs once, between the driver's read and
/// its write, as another writer would: the write then conflicts and is re-planned.
#[derive(Default)]
pub(super) struct MemStore {
    vs: Mutex<Value>,
    events: Mutex<Vec<EventRecord>>,
    interfere: Mutex<Option<Interference>>,
    attempts: Mutex<usize>,
    /// Writes that reached the object.
    stores: Mutex<usize>,
    /// The next N reads and updates fail as an API server that does not answer.
    unavailable: Mutex<usize>,
    /// The next N writes land but their reply is lost; the client's retry then finds
    /// the object changed (409), reads it again and re-runs the change, as the kube
    /// store does.
    lose_reply: Mutex<usize>,
    /// The next N writes land and then the server goes away: the caller sees an
    /// unavailable API server, not the answer.
    land_then_fail: Mutex<usize>,
}

fn unavailable() -> crate::Error {
    crate::Error::new(
        crate::ErrorKind::Unavailable,
        "cannot reach the API server `https://127.0.0.1:1`",
    )
}

fn take(counter: &Mutex<usize>) -> bool {
    let mut n = counter.lock().unwrap();
    if *n > 0 {
        *n -= 1;
        true
    } else {
        false
    }
}

impl MemStore {
    pub(super) fn new() -> MemStore {
        let store = MemStore::default();
        *store.vs.lock().unwrap() = json!({
            "apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
            "metadata": {"name": "reviews", "namespace": "shop", "resourceVersion": "1"},
            "spec": {"hosts": ["reviews"], "http": [
                {"route": [{"destination": {"host": "reviews", "subset": "v1"}}]}
            ]}
        });
        store
    }

    pub(super) fn object(&self) -> Value {
        self.vs.lock().unwrap().clone()
    }

    pub(super) fn weights(&self) -> Vec<(String, u64)> {
        self.object()["spec"]["http"][0]["route"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["destination"]["subset"].as_str().unwrap().to_string(),
                    d["weight"].as_u64().unwrap_or(100),
                )
            })
            .collect()
    }

    pub(super) fn reasons(&self) -> Vec<String> {
        self.events
            .lock()
            .unwrap()
            .iter()
            .map(|e| e.reason.clone())
            .collect()
    }
}

impl MeshStore for MemStore {
    fn get<'a>(&'a self, _: &'a ObjectRef) -> StoreFuture<'a, Option<Value>> {
        Box::pin(async move {
            if take(&self.unavailable) {
                return Err(unavailable());
            }
            Ok(Some(self.object()))
        })
    }

    fn list<'a>(&'a self, _: &'a str, _: &'a str, _: &'a ListQuery) -> StoreFuture<'a, Vec<Value>> {
        Box::pin(async move { Ok(vec![self.object()]) })
    }

    fn apply<'a>(&'a self, _: &'a Value, _: ApplyOptions) -> StoreFuture<'a, Applied> {
        Box::pin(async { Err(crate::Error::internal("not used")) })
    }

    fn resolve<'a>(&'a self, api_version: &'a str, kind: &'a str) -> StoreFuture<'a, ObjectType> {
        Box::pin(async move { Ok(ObjectType::as_written(api_version, kind)) })
    }

    fn resolve_name<'a>(&'a self, _: &'a str) -> StoreFuture<'a, ObjectType> {
        Box::pin(async { Err(crate::Error::internal("not used")) })
    }

    fn update<'a>(
        &'a self,
        _: &'a ObjectRef,
        change: &'a mut Change<'a>,
    ) -> StoreFuture<'a, Value> {
        Box::pin(async move {
            if take(&self.unavailable) {
                return Err(unavailable());
            }
            loop {
                *self.attempts.lock().unwrap() += 1;
                let live = self.object();
                let mut obj = live.clone();
                change(&mut obj)?;
                if obj == live {
                    return Ok(live);
                }
                if let Some(other) = self.interfere.lock().unwrap().take() {
                    // Someone wrote first: this write fails its precondition.
                    let mut stored = self.vs.lock().unwrap();
                    other(&mut stored);
                    continue;
                }
                *self.vs.lock().unwrap() = obj.clone();
                *self.stores.lock().unwrap() += 1;
                if take(&self.land_then_fail) {
                    return Err(unavailable());
                }
                if take(&self.lose_reply) {
                    // The retry's 409: read again and re-run the change.
                    continue;
                }
                return Ok(obj);
            }
        })
    }

    fn delete<'a>(&'a self, _: &'a ObjectRef) -> StoreFuture<'a, bool> {
        Box::pin(async { Ok(false) })
    }

    fn record_event<'a>(&'a self, event: &'a EventRecord) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            self.events.lock().unwrap().push(event.clone());
            Ok(())
        })
    }
}

/// Answers every sample with `requests` requests of which `errors` failed, or an error.
struct Fixed {
    requests: f64,
    errors: f64,
    fail: bool,
}

impl MetricSource for Fixed {
    fn sample<'a>(&'a self, _: &'a Target, window: Duration) -> SourceFuture<'a, Sample> {
        Box::pin(async move {
            if self.fail {
                return Err(SourceError::new(
                    SourceErrorKind::Unreachable,
                    "connection refused",
                ));
            }
            Ok(Sample::from_totals(
                self.requests,
                self.errors,
                window,
                Latency::default(),
            ))
        })
    }
}

pub(super) fn spec(checks: bool) -> RolloutSpec {
    let mut spec = RolloutSpec::canary(
        "reviews",
        Split::subsets("v1", "v2"),
        Steps::parse("25,50").unwrap(),
        Duration::from_millis(60),
    );
    if checks {
        let flags = AnalysisFlags {
            success_rate: Some(99.0),
            window: Some(Duration::from_millis(10)),
            interval: Some(Duration::from_millis(10)),
            min_requests: Some(5),
            ..Default::default()
        };
        spec.analysis = Some(flags.apply(None).unwrap());
    }
    spec
}

pub(super) fn driver<'a>(
    store: &'a MemStore,
    reporter: &'a Recorder,
    source: Option<&'a dyn MetricSource>,
) -> Driver<'a> {
    Driver {
        store,
        vs: ObjectRef::istio("VirtualService", "shop", "reviews"),
        actor: "test".into(),
        lock_ttl: Duration::from_secs(60),
        outage_timeout: Duration::from_secs(5),
        reporter,
        source,
        confirm: None,
        session: super::driver::Session::new(),
        clock: virtual_clock(),
        poster: None,
        notifier: None,
    }
}

/// Virtual time: tokio's clock is paused in these tests, so every wait of the driver
/// (stage holds, analysis intervals, lock renewals, outage retries) passes at once and
/// `now` moves by exactly what was waited. One clock per test (leaked: tests are short).
pub(super) fn virtual_clock() -> &'static dyn crate::core::clock::Clock {
    let start = jiff::Timestamp::from_second(1_790_000_000).expect("a valid time");
    Box::leak(Box::new(crate::adapters::clock::TokioClock::starting_at(
        start,
    )))
}

#[tokio::test(start_paused = true)]
async fn a_healthy_canary_is_promoted_with_one_write_per_transition() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let source = Fixed {
        requests: 100.0,
        errors: 0.0,
        fail: false,
    };
    let d = driver(&store, &rec, Some(&source));
    let (record, actions, _) = d.start(&spec(true), None, false).await.unwrap();
    assert_eq!(store.weights(), [("v1".into(), 75), ("v2".into(), 25)]);
    let Ended::Settled(done) = d.drive(record, actions).await.unwrap() else {
        panic!("not interrupted")
    };
    assert_eq!(done.phase, Phase::Succeeded);
    assert_eq!(store.weights(), [("v1".into(), 0), ("v2".into(), 100)]);
    assert_eq!(
        store.reasons(),
        ["CanaryStep", "CanaryStep", "CanaryPromoted"]
    );
    let stored = record_of(&store.object()).unwrap().unwrap();
    assert_eq!(
        stored, done,
        "the stored record is the one the driver ended with"
    );
    let rounds = rec
        .events()
        .iter()
        .filter(|e| matches!(e, Progress::Round { .. }))
        .count();
    assert!(
        rounds >= 2,
        "one round per step at least: {:?}",
        rec.events()
    );
}

#[tokio::test(start_paused = true)]
async fn failing_checks_restore_the_routes_exactly() {
    let store = MemStore::new();
    let before = store.object()["spec"].clone();
    let rec = Recorder::default();
    let source = Fixed {
        requests: 100.0,
        errors: 20.0,
        fail: false,
    };
    let d = driver(&store, &rec, Some(&source));
    let (record, actions, _) = d.start(&spec(true), None, false).await.unwrap();
    let Ended::Settled(done) = d.drive(record, actions).await.unwrap() else {
        panic!("not interrupted")
    };
    assert_eq!(done.phase, Phase::RolledBack);
    assert_eq!(done.stage, 0);
    assert_eq!(store.object()["spec"], before);
    assert_eq!(store.reasons(), ["CanaryStep", "CanaryRolledBack"]);
}

#[tokio::test(start_paused = true)]
async fn metrics_that_keep_failing_pause_for_a_person() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let source = Fixed {
        requests: 0.0,
        errors: 0.0,
        fail: true,
    };
    let d = driver(&store, &rec, Some(&source));
    let mut s = spec(true);
    s.errors.limit = 2;
    let (record, actions, _) = d.start(&s, None, false).await.unwrap();
    let Ended::Settled(done) = d.drive(record, actions).await.unwrap() else {
        panic!("not interrupted")
    };
    assert_eq!(done.phase, Phase::Paused);
    assert_eq!(done.pause_reason, Some(PauseReason::ErrorLimit));
    // Errors never move traffic: the first step's weights stay.
    assert_eq!(store.weights(), [("v1".into(), 75), ("v2".into(), 25)]);
}

#[tokio::test(start_paused = true)]
async fn a_conflicting_write_is_replanned_on_the_fresh_record() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let d = driver(&store, &rec, None);
    let (record, _, _) = d.start(&spec(false), None, false).await.unwrap();
    // Between the driver's read and its write of the promotion, a person rolls the
    // rollout back (as `meshctl canary rollback` would: routes and record together).
    let rolled_back = crate::core::rollout::transition_record(
        &record,
        &Input::Rollback {
            reason: "bad".into(),
        },
        "alice",
        jiff::Timestamp::now(),
        Duration::from_secs(60),
    )
    .unwrap();
    let text = rolled_back.annotation.unwrap();
    *store.interfere.lock().unwrap() = Some(Box::new(move |vs: &mut Value| {
        vs["spec"]["http"][0]["route"] =
            json!([{"destination": {"host": "reviews", "subset": "v1"}}]);
        vs["metadata"]["annotations"][crate::core::rollout::ANNOTATION] = json!(text);
    }));
    *store.attempts.lock().unwrap() = 0;
    let t = d.input(&Input::Promote { full: false }).await;
    // The promote is planned again on the fresh record, which refuses it; the first
    // plan (step 2's weights) is never written over the rolled-back routes.
    let err = t.unwrap_err();
    assert!(err.message().contains("rolled back"), "{}", err.message());
    assert_eq!(*store.attempts.lock().unwrap(), 2);
    let stored = record_of(&store.object()).unwrap().unwrap();
    assert_eq!(stored.phase, Phase::RolledBack);
    assert_eq!(store.weights(), [("v1".into(), 100)]);
}

#[tokio::test(start_paused = true)]
async fn a_forced_start_makes_the_old_driver_stop() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let d = driver(&store, &rec, None);
    let (record, actions, _) = d.start(&spec(false), None, false).await.unwrap();
    let other = Driver {
        actor: "ci-2".into(),
        ..driver(&store, &rec, None)
    };
    // Created at a later instant, so the two rollouts differ.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    other.start(&spec(false), None, true).await.unwrap();
    let err = d.drive(record, actions).await.unwrap_err();
    assert!(err.message().contains("was replaced"), "{}", err.message());
}

#[tokio::test(start_paused = true)]
async fn no_traffic_is_inconclusive_and_never_promotes() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let source = Fixed {
        requests: 1.0,
        errors: 0.0,
        fail: false,
    };
    let d = driver(&store, &rec, Some(&source));
    let mut s = spec(true);
    s.inconclusive.limit = 2;
    let (record, actions, _) = d.start(&s, None, false).await.unwrap();
    let Ended::Settled(done) = d.drive(record, actions).await.unwrap() else {
        panic!("not interrupted")
    };
    assert_eq!(done.phase, Phase::Paused);
    assert_eq!(done.pause_reason, Some(PauseReason::InconclusiveLimit));
    assert_eq!(done.stage, 0, "an inconclusive step is never passed");
    assert!(
        store
            .reasons()
            .contains(&"AnalysisInconclusive".to_string())
    );
}

fn outages(rec: &Recorder) -> Vec<(bool, String)> {
    rec.events()
        .into_iter()
        .filter_map(|e| match e {
            Progress::Outage {
                reachable, message, ..
            } => Some((reachable, message)),
            _ => None,
        })
        .collect()
}

#[tokio::test(start_paused = true)]
async fn a_start_whose_reply_was_lost_is_recognised_as_its_own() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let d = driver(&store, &rec, None);
    *store.lose_reply.lock().unwrap() = 1;
    let (record, _, started) = d.start(&spec(false), None, false).await.unwrap();
    // One write landed; the retry recognised it instead of refusing "a rollout of
    // `reviews` is already Progressing … locked by `test`".
    assert_eq!(*store.stores.lock().unwrap(), 1);
    assert_eq!(store.weights(), [("v1".into(), 75), ("v2".into(), 25)]);
    let stored = record_of(&store.object()).unwrap().unwrap();
    assert_eq!(stored, record);
    assert_eq!(started.record, record);
    assert_eq!(stored.revision, 1);
    assert!(stored.write_id.starts_with(&format!("{}.", d.session.id())));
    assert_eq!(store.reasons(), ["CanaryStep"]);
}

#[tokio::test(start_paused = true)]
async fn a_step_whose_reply_was_lost_is_not_written_twice() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let d = driver(&store, &rec, None);
    d.start(&spec(false), None, false).await.unwrap();
    *store.lose_reply.lock().unwrap() = 1;
    let t = d.input(&Input::Promote { full: false }).await.unwrap();
    assert_eq!(t.record.stage, 1);
    assert_eq!(store.weights(), [("v1".into(), 50), ("v2".into(), 50)]);
    assert_eq!(*store.stores.lock().unwrap(), 2, "start and one promote");
    let stored = record_of(&store.object()).unwrap().unwrap();
    assert_eq!((stored.stage, stored.revision), (1, 2));
    // The rollback's reply is lost too: it lands once, restores, and reports success.
    *store.lose_reply.lock().unwrap() = 1;
    let t = d
        .input(&Input::Rollback {
            reason: "bad".into(),
        })
        .await
        .unwrap();
    assert_eq!(t.record.phase, Phase::RolledBack);
    assert_eq!(store.weights(), [("v1".into(), 100)]);
    assert_eq!(*store.stores.lock().unwrap(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_write_that_landed_before_an_outage_is_recognised_after_it() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let d = driver(&store, &rec, None);
    d.start(&spec(false), None, false).await.unwrap();
    // The promote lands, then the server is gone for three more calls.
    *store.land_then_fail.lock().unwrap() = 1;
    *store.unavailable.lock().unwrap() = 3;
    let t = d.input(&Input::Promote { full: false }).await.unwrap();
    assert_eq!(t.record.stage, 1);
    assert_eq!(*store.stores.lock().unwrap(), 2, "no second promote");
    let said = outages(&rec);
    assert!(!said.is_empty());
    assert!(!said.first().unwrap().0);
    assert!(
        said.first()
            .unwrap()
            .1
            .starts_with("cannot reach the API server `https://127.0.0.1:1` while writing VirtualService `shop/reviews`; retrying for up to 5s"),
        "{said:?}"
    );
    assert!(
        said.last().unwrap().0
            && said
                .last()
                .unwrap()
                .1
                .starts_with("the API server answers again after"),
        "{said:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn an_outage_longer_than_the_patience_gives_up_saying_where_the_rollout_stands() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let mut d = driver(&store, &rec, None);
    d.outage_timeout = Duration::from_millis(1200);
    let (record, actions, _) = d.start(&spec(false), None, false).await.unwrap();
    *store.unavailable.lock().unwrap() = 1_000;
    // Virtual time: the wait is measured on the clock the driver waits on.
    let started = tokio::time::Instant::now();
    let err = d.drive(record, actions).await.unwrap_err();
    assert!(started.elapsed() >= std::time::Duration::from_millis(1200));
    assert_eq!(err.kind(), crate::ErrorKind::Unavailable);
    assert!(
        err.message().starts_with(
            "gave up writing VirtualService `shop/reviews`: the API server did not answer for"
        ),
        "{}",
        err.message()
    );
    let hint = err.hints().last().unwrap();
    assert!(
        hint.starts_with("the rollout of `reviews` is Progressing at stage 1/2 with `v1` 75%, `v2` 25% (as recorded)"),
        "{hint}"
    );
    assert!(hint.contains("meshctl canary resume reviews"), "{hint}");
    // The record still tells the truth about the routes.
    *store.unavailable.lock().unwrap() = 0;
    let stored = record_of(&store.object()).unwrap().unwrap();
    assert_eq!(stored.phase, Phase::Progressing);
    assert_eq!(store.weights(), [("v1".into(), 75), ("v2".into(), 25)]);
}

#[tokio::test(start_paused = true)]
async fn a_start_given_up_on_an_outage_says_it_may_have_been_written() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let mut d = driver(&store, &rec, None);
    d.outage_timeout = Duration::from_millis(1200);
    *store.unavailable.lock().unwrap() = 1_000;
    let err = d.start(&spec(false), None, false).await.unwrap_err();
    assert_eq!(err.kind(), crate::ErrorKind::Unavailable);
    let hint = err.hints().last().unwrap();
    assert!(
        hint.starts_with("the start may have been written before the server stopped answering: look with `meshctl canary status reviews`"),
        "{hint}"
    );
    assert!(hint.contains("`meshctl canary rollback reviews`"), "{hint}");
}

#[tokio::test(start_paused = true)]
async fn a_driver_that_fails_leaves_the_record_saying_where_it_stopped() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let d = driver(&store, &rec, None);
    let (record, actions, _) = d.start(&spec(false), None, false).await.unwrap();
    // Someone gives the shifted route a match: meshctl cannot find it any more.
    store.vs.lock().unwrap()["spec"]["http"][0]["match"] = json!([{"uri": {"prefix": "/x"}}]);
    let err = d.drive(record, actions).await.unwrap_err();
    assert_eq!(err.kind(), crate::ErrorKind::NotFound);
    assert!(
        err.message()
            .starts_with("cannot find the unnamed route without a match to `reviews`"),
        "{}",
        err.message()
    );
    let stored = record_of(&store.object()).unwrap().unwrap();
    assert_eq!(stored.lock, None, "the lock is freed for the next driver");
    assert!(
        stored
            .message
            .starts_with("driver `test` stopped at stage 1/2 with `v1` 75%, `v2` 25%: cannot find"),
        "{}",
        stored.message
    );
    // Nothing else was written: the routes are as the record says.
    assert_eq!(store.weights(), [("v1".into(), 75), ("v2".into(), 25)]);
}

#[tokio::test(start_paused = true)]
async fn the_lock_is_renewed_while_a_slow_analysis_runs() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let source = Fixed {
        requests: 100.0,
        errors: 0.0,
        fail: false,
    };
    let mut d = driver(&store, &rec, Some(&source));
    d.lock_ttl = Duration::from_secs(3);
    let mut s = RolloutSpec::canary(
        "reviews",
        Split::subsets("v1", "v2"),
        Steps::parse("50").unwrap(),
        Duration::from_millis(60),
    );
    // One analysis round every 2.5s: slower than the TTL allows without renewals.
    let flags = AnalysisFlags {
        success_rate: Some(99.0),
        window: Some(Duration::from_millis(10)),
        interval: Some(Duration::from_millis(2500)),
        min_requests: Some(5),
        count: Some(2),
        ..Default::default()
    };
    s.analysis = Some(flags.apply(None).unwrap());
    let (record, actions, _) = d.start(&s, None, false).await.unwrap();
    let Ended::Settled(done) = d.drive(record, actions).await.unwrap() else {
        panic!("not interrupted")
    };
    assert_eq!(done.phase, Phase::Succeeded);
    // Renewals (a write each) happened between the rounds: at least two in 2.5s.
    assert!(done.revision >= 4, "revision {}", done.revision);
}

#[tokio::test(start_paused = true)]
async fn a_rollout_paused_while_judged_ends_paused_not_in_error() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let source = Fixed {
        requests: 100.0,
        errors: 0.0,
        fail: false,
    };
    let d = driver(&store, &rec, Some(&source));
    let (record, actions, _) = d.start(&spec(true), None, false).await.unwrap();
    // A person pauses it between the driver's read and its judgement's write.
    let paused = crate::core::rollout::transition_record(
        &record,
        &Input::Pause,
        "alice",
        jiff::Timestamp::now(),
        Duration::from_secs(60),
    )
    .unwrap();
    let text = paused.annotation.unwrap();
    *store.interfere.lock().unwrap() = Some(Box::new(move |vs: &mut Value| {
        vs["metadata"]["annotations"][crate::core::rollout::ANNOTATION] = json!(text);
    }));
    let Ended::Settled(done) = d.drive(record, actions).await.unwrap() else {
        panic!("not interrupted")
    };
    assert_eq!(done.phase, Phase::Paused);
    let err = super::settle(&done, "canary").unwrap_err();
    assert_eq!(crate::ExitStatus::from(err.kind()).code(), 4);
}

#[tokio::test(start_paused = true)]
async fn the_record_keeps_the_weights_of_the_shifted_route_not_of_a_header_route() {
    // A header route sends testers to v2 100% ahead of the main 90/10 route: the
    // original weights, the rollback's message and the restored object are the main
    // route's.
    let store = MemStore::new();
    store.vs.lock().unwrap()["spec"]["http"] = json!([
        {"name": "beta-testers", "match": [{"headers": {"x-beta": {"exact": "true"}}}],
         "route": [{"destination": {"host": "reviews", "subset": "v2"}, "weight": 100}]},
        {"name": "primary", "route": [
            {"destination": {"host": "reviews", "subset": "v1"}, "weight": 90},
            {"destination": {"host": "reviews", "subset": "v2"}, "weight": 10}]}
    ]);
    let before = store.object()["spec"].clone();
    let rec = Recorder::default();
    let d = driver(&store, &rec, None);
    let (record, _, _) = d.start(&spec(false), None, false).await.unwrap();
    assert_eq!(record.original_weights.get("v1"), 90);
    assert_eq!(record.original_weights.get("v2"), 10);
    let t = d
        .input(&Input::Rollback {
            reason: "test".into(),
        })
        .await
        .unwrap();
    assert_eq!(t.record.weights.get("v2"), 10, "{}", t.record.weights);
    assert_eq!(store.object()["spec"], before);
    let events = store.events.lock().unwrap().clone();
    let last = events.last().unwrap();
    assert!(last.message.contains("`v1` 90%"), "{}", last.message);
}

#[tokio::test(start_paused = true)]
async fn round_figures_ride_along_with_the_writes_the_driver_makes_anyway() {
    let store = MemStore::new();
    let rec = Recorder::default();
    let source = Fixed {
        requests: 100.0,
        errors: 20.0,
        fail: false,
    };
    let d = driver(&store, &rec, Some(&source));
    let (record, actions, _) = d.start(&spec(true), None, false).await.unwrap();
    let Ended::Settled(done) = d.drive(record, actions).await.unwrap() else {
        panic!("not interrupted")
    };
    assert_eq!(done.phase, Phase::RolledBack);
    // The start and the rollback: no write of its own for the figures.
    assert_eq!(done.revision, 2);
    let stored = record_of(&store.object()).unwrap().unwrap();
    let judged = rec
        .events()
        .iter()
        .filter(|e| matches!(e, Progress::Round { .. }))
        .count();
    assert_eq!(stored.rounds.len(), judged);
    let last = stored.rounds.last().unwrap();
    assert_eq!((last.stage, last.weight), (0, 25));
    assert_eq!(last.outcome, Outcome::Failed);
    let canary = last.canary.as_ref().unwrap();
    assert_eq!(canary.success_rate, Some(80.0));
    // Stable is sampled beside the canary for the report.
    assert_eq!(last.stable.as_ref().unwrap().success_rate, Some(80.0));
    assert!(last.reason.contains("80"), "{}", last.reason);
}
