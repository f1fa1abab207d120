//! The driver against an in-memory mesh store and a metric source that answers what a
//! test chooses: the write discipline (one write per input, re-planned on conflict,
//! never re-applying an old plan), how judgements move the rollout, and what the
//! reporter and the events see. The end-to-end behaviour with a real Envoy is in
//! `tests/canary.rs` and `tests/bluegreen.rs`.

use super::driver::{Driver, Ended, record_of};
use crate::core::analysis::AnalysisFlags;
use crate::core::duration::Duration;
use crate::core::metrics::{
    Latency, MetricSource, Sample, SourceError, SourceErrorKind, SourceFuture, Target,
};
use crate::core::rollout::{Input, PauseReason, Phase, RolloutSpec, Split, Steps};
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
struct MemStore {
    vs: Mutex<Value>,
    events: Mutex<Vec<EventRecord>>,
    interfere: Mutex<Option<Interference>>,
    attempts: Mutex<usize>,
}

impl MemStore {
    fn new() -> MemStore {
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

    fn object(&self) -> Value {
        self.vs.lock().unwrap().clone()
    }

    fn weights(&self) -> Vec<(String, u64)> {
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

    fn reasons(&self) -> Vec<String> {
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
        Box::pin(async move { Ok(Some(self.object())) })
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
            loop {
                *self.attempts.lock().unwrap() += 1;
                let mut obj = self.object();
                change(&mut obj)?;
                if let Some(other) = self.interfere.lock().unwrap().take() {
                    // Someone wrote first: this write fails its precondition.
                    let mut stored = self.vs.lock().unwrap();
                    other(&mut stored);
                    continue;
                }
                *self.vs.lock().unwrap() = obj.clone();
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

fn spec(checks: bool) -> RolloutSpec {
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

fn driver<'a>(
    store: &'a MemStore,
    reporter: &'a Recorder,
    source: Option<&'a dyn MetricSource>,
) -> Driver<'a> {
    Driver {
        store,
        vs: ObjectRef::istio("VirtualService", "shop", "reviews"),
        actor: "test".into(),
        lock_ttl: Duration::from_secs(60),
        reporter,
        source,
        confirm: None,
    }
}

#[tokio::test]
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

#[tokio::test]
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

#[tokio::test]
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

#[tokio::test]
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

#[tokio::test]
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

#[tokio::test]
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
