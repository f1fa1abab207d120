//! Property tests: arbitrary specs driven by arbitrary sequences of judgements, ticks
//! and commands from a driver and from a person, checking after every step the
//! invariants that make a rollout safe to kill and resume.

use jiff::Timestamp;
use proptest::prelude::*;
use serde_json::json;

use super::{
    Action, BlueGreen, Input, LimitPolicy, OnLimit, Outcome, Phase, Preview, RolloutRecord,
    RolloutSpec, Split, Steps, Weights, step,
};
use crate::duration::Duration;

const DRIVER: &str = "driver";
const PERSON: &str = "person";
const TTL: Duration = Duration::from_secs(90);

fn analysis() -> crate::analysis::AnalysisSpec {
    crate::analysis::AnalysisSpec::from_yaml("checks:\n  - successRate: { min: 99 }\n").unwrap()
}

fn spec_strategy() -> impl Strategy<Value = RolloutSpec> {
    let canary = proptest::collection::btree_set(1u32..=100, 1..6).prop_map(|set| {
        let steps = Steps::new(set.into_iter().collect()).unwrap();
        RolloutSpec::canary(
            "reviews",
            Split::subsets("v1", "v2"),
            steps,
            Duration::from_secs(60),
        )
    });
    let blue_green = (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(preview, after, halfway, no_revert)| {
            RolloutSpec::blue_green(
                "shop",
                Split::hosts("blue.shop", "green.shop"),
                BlueGreen {
                    preview: preview.then(|| Preview::Host {
                        host: "preview.shop".into(),
                    }),
                    verify_before: preview.then(|| Duration::from_secs(30)),
                    verify_after: after.then(|| Duration::from_secs(60)),
                    halfway,
                    no_revert,
                },
                Duration::from_secs(60),
            )
        },
    );
    (
        prop_oneof![canary, blue_green],
        any::<bool>(),
        any::<bool>(),
        1u32..4,
        any::<bool>(),
        1u32..4,
        any::<bool>(),
        proptest::option::of(30u64..400),
    )
        .prop_map(
            |(mut spec, with_analysis, pause_first, inc, inc_fail, err, err_fail, timeout)| {
                spec.analysis = with_analysis.then(analysis);
                spec.pause_before_promote = pause_first;
                spec.inconclusive = LimitPolicy {
                    limit: inc,
                    then: if inc_fail {
                        OnLimit::Fail
                    } else {
                        OnLimit::Pause
                    },
                };
                spec.errors = LimitPolicy {
                    limit: err,
                    then: if err_fail {
                        OnLimit::Fail
                    } else {
                        OnLimit::Pause
                    },
                };
                spec.timeout = timeout.map(Duration::from_secs);
                spec
            },
        )
}

fn outcome_strategy() -> impl Strategy<Value = Outcome> {
    prop_oneof![
        Just(Outcome::Successful),
        Just(Outcome::Failed),
        Just(Outcome::Inconclusive),
        Just(Outcome::Error),
    ]
}

/// An input; observations name a stage relative to the current one (mostly current).
#[derive(Debug, Clone)]
enum Op {
    Start,
    Judge { outcome: Outcome, stale: bool },
    Tick,
    Pause,
    Resume,
    Promote { full: bool },
    Rollback,
    Abort,
}

fn op_strategy() -> impl Strategy<Value = (Op, bool, u16)> {
    let op = prop_oneof![
        1 => Just(Op::Start),
        12 => (outcome_strategy(), proptest::bool::weighted(0.1))
            .prop_map(|(outcome, stale)| Op::Judge { outcome, stale }),
        3 => Just(Op::Tick),
        1 => Just(Op::Pause),
        2 => Just(Op::Resume),
        1 => any::<bool>().prop_map(|full| Op::Promote { full }),
        1 => Just(Op::Rollback),
        1 => Just(Op::Abort),
    ];
    // Which actor sends it (the driver mostly) and how much time passes first.
    (op, proptest::bool::weighted(0.8), 0u16..200)
}

fn input_for(op: &Op, rec: &RolloutRecord) -> Input {
    match op {
        Op::Start => Input::Start,
        Op::Judge { outcome, stale } => Input::Observation {
            stage: if *stale { rec.stage + 1 } else { rec.stage },
            outcome: *outcome,
            summary: String::new(),
        },
        Op::Tick => Input::Tick,
        Op::Pause => Input::Pause,
        Op::Resume => Input::Resume,
        Op::Promote { full } => Input::Promote { full: *full },
        Op::Rollback => Input::Rollback {
            reason: "bad".into(),
        },
        Op::Abort => Input::Abort,
    }
}

/// The routes as the adapter would leave them after applying `actions`.
fn apply(routes: &mut (Weights, bool), next: &RolloutRecord, actions: &[Action]) {
    for action in actions {
        match action {
            Action::SetWeights { weights } => routes.0 = weights.clone(),
            Action::RestoreSnapshot => *routes = (next.original_weights.clone(), false),
            Action::AddPreviewRoute { .. } => routes.1 = true,
            Action::RemovePreviewRoute => routes.1 = false,
            Action::FinalizePromotion { new, old, .. } => {
                *routes = (Weights::split(old, new, 100), false);
            }
            _ => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_step_keeps_the_rollout_safe(
        spec in spec_strategy(),
        start_first in proptest::bool::weighted(0.9),
        ops in proptest::collection::vec(op_strategy(), 1..60),
    ) {
        let t0 = Timestamp::from_second(1_790_000_000).unwrap();
        let original = Weights::split(&spec.split.stable, &spec.split.canary, 0);
        let canary = spec.split.canary.clone();
        let mut rec = RolloutRecord::new(spec, original.clone(), json!({"routes": "before"}), DRIVER, t0).unwrap();
        let mut routes = (original.clone(), false);
        let mut secs = 0i64;
        // Mostly started rollouts: a pending one only starts, rolls back or aborts.
        let first = (if start_first { Op::Start } else { Op::Abort }, true, 0);
        for (op, by_driver, wait) in std::iter::once(first).chain(ops) {
            secs += i64::from(wait);
            let now = t0 + jiff::SignedDuration::from_secs(secs);
            let actor = if by_driver { DRIVER } else { PERSON };
            let input = input_for(&op, &rec);
            let mut before = rec.clone();
            // Drivers (and people resuming or promoting) take the lock first, as the
            // adapter does; a refusal there is fine, the step will be refused too.
            if input.needs_lock() {
                let _ = before.acquire_lock(actor, now, TTL);
            }
            let result = step(&before, &input, actor, now);
            if rec.phase.is_terminal() {
                prop_assert!(result.is_err(), "a terminal phase must not change: {input:?}");
                continue;
            }
            let Ok((next, actions)) = result else { continue };

            apply(&mut routes, &next, &actions);
            prop_assert_eq!(next.weights.total(), 100);
            prop_assert_eq!(&routes, &(next.weights.clone(), next.preview_route),
                "the record must tell the truth about the routes after {:?}: {:?}", input, actions);

            let (was, now_w) = (rec.weights.get(&canary), next.weights.get(&canary));
            let reverted = matches!(next.phase, Phase::RolledBack | Phase::Aborted);
            prop_assert!(now_w >= was || reverted,
                "the new weight fell from {} to {} without a rollback ({:?})", was, now_w, input);
            if reverted {
                prop_assert_eq!(&next.weights, &original);
                prop_assert!(!next.preview_route);
            }
            if let Input::Observation { outcome: Outcome::Inconclusive | Outcome::Error, .. } = input {
                prop_assert_ne!(next.phase, Phase::Succeeded);
                prop_assert_eq!(next.stage, rec.stage);
                prop_assert!(now_w <= was);
            }
            if next.phase != before.phase && (next.phase.is_terminal() || next.phase == Phase::Paused) {
                prop_assert_eq!(&next.lock, &None, "pausing or ending releases the lock");
            }
            let decoded = RolloutRecord::decode(&next.encode().unwrap()).unwrap();
            prop_assert_eq!(&decoded, &next);
            rec = next;
        }
    }
}

/// The end state of a driven rollout that matters to users (not timestamps or actors).
#[derive(Debug, PartialEq)]
struct End {
    phase: Phase,
    stage: usize,
    weights: Weights,
    preview_route: bool,
    inconclusive_count: u32,
    consecutive_errors: u32,
    judged: Vec<Outcome>,
}

/// Drives `spec` with `outcomes` as a foreground driver would. With `kill_after`, the
/// driver dies right after its n-th write (losing its events and running analysis);
/// once the lock expires another driver takes over and continues.
fn drive(spec: &RolloutSpec, outcomes: &[Outcome], kill_after: Option<usize>) -> End {
    let t0 = Timestamp::from_second(1_790_000_000).unwrap();
    let mut now = t0;
    let original = Weights::split(&spec.split.stable, &spec.split.canary, 0);
    let mut routes = (original.clone(), false);
    let started = super::start(
        None,
        spec.clone(),
        original,
        json!({}),
        "driver-1",
        now,
        TTL,
        false,
    )
    .unwrap();
    let (mut rec, mut actions) = (started.record, started.actions);
    apply(&mut routes, &rec, &actions);
    let mut driver = "driver-1";
    let mut writes = 1;
    let mut outcomes = outcomes.iter();
    loop {
        assert_eq!(routes, (rec.weights.clone(), rec.preview_route));
        if kill_after == Some(writes) && driver == "driver-1" && rec.phase.is_active() {
            // SIGKILL: whatever the driver was about to do is lost.
            now += jiff::SignedDuration::from_secs(1000);
            driver = "driver-2";
            let took = rec.acquire_lock(driver, now, TTL).unwrap();
            assert!(matches!(took, super::Acquired::TookOver(_)));
            (rec, actions) = step(&rec, &Input::Resume, driver, now).unwrap();
            assert!(
                !actions.iter().any(Action::is_write),
                "taking over writes no route"
            );
        }
        let Some(Action::RunAnalysis { stage, window }) = actions
            .iter()
            .find(|a| matches!(a, Action::RunAnalysis { .. }))
            .cloned()
        else {
            break;
        };
        let Some(&outcome) = outcomes.next() else {
            break;
        };
        now += jiff::SignedDuration::from_millis(window.as_millis() as i64);
        rec.renew_lock(driver, now, TTL).unwrap();
        let input = Input::Observation {
            stage,
            outcome,
            summary: String::new(),
        };
        (rec, actions) = step(&rec, &input, driver, now).unwrap();
        apply(&mut routes, &rec, &actions);
        writes += 1;
    }
    End {
        phase: rec.phase,
        stage: rec.stage,
        weights: rec.weights.clone(),
        preview_route: rec.preview_route,
        inconclusive_count: rec.inconclusive_count,
        consecutive_errors: rec.consecutive_errors,
        judged: rec.analyses.iter().map(|a| a.outcome).collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_killed_driver_is_taken_over_and_ends_the_same_way(
        spec in spec_strategy().prop_filter("judged by analysis", |s| s.analysis.is_some()),
        outcomes in proptest::collection::vec(outcome_strategy(), 0..12),
        kill_after in 1usize..12,
    ) {
        // A takeover restarts the stage's clock, so only without a timeout must both
        // runs end alike.
        let mut spec = spec;
        spec.timeout = None;
        let whole = drive(&spec, &outcomes, None);
        let killed = drive(&spec, &outcomes, Some(kill_after));
        prop_assert_eq!(killed, whole);
    }
}

// ---- Foreign edits between transitions ----
//
// The routes as JSON, edited by other people between any two transitions: routes
// inserted at the top or appended, fields changed on their routes, on meshctl's route
// and inside its destinations, annotations added. After every transition, performed by
// `routes::apply` on the object as it is then, meshctl's fields must be what the record
// says, every foreign route and field exactly as its owner left it, and a rollback must
// put back exactly what meshctl changed.

use super::routes::{self, RouteId, Selector};
use super::spec::SplitBy;
use serde_json::Value;

fn dest(split: &Split, name: &str) -> Value {
    match split.by {
        SplitBy::Subset => json!({"destination": {"host": "reviews", "subset": name}}),
        SplitBy::Host => json!({"destination": {"host": name}}),
    }
}

fn foreign_route(split: &Split, n: usize, to: &str) -> Value {
    json!({"match": [{"headers": {format!("x-foreign-{n}"): {"exact": "1"}}}],
           "route": [dest(split, to)], "timeout": "1s"})
}

#[derive(Debug, Clone)]
enum Edit {
    Nothing,
    /// A route of someone else's at the top (or the end), to stable, canary or
    /// elsewhere.
    Insert {
        top: bool,
        to: u8,
    },
    /// Someone changes a field of one of their routes.
    TouchForeign {
        which: usize,
        secs: u8,
    },
    /// Someone changes a field of meshctl's route that meshctl does not own.
    TouchMain {
        secs: u8,
    },
    /// Someone adds request headers to the stable destination of meshctl's route.
    TouchDestination {
        value: u8,
    },
    /// Someone annotates the object.
    Annotate {
        value: u8,
    },
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => Just(Edit::Nothing),
        3 => (any::<bool>(), 0u8..3).prop_map(|(top, to)| Edit::Insert { top, to }),
        1 => (0usize..8, 1u8..60).prop_map(|(which, secs)| Edit::TouchForeign { which, secs }),
        1 => (1u8..60).prop_map(|secs| Edit::TouchMain { secs }),
        1 => any::<u8>().prop_map(|value| Edit::TouchDestination { value }),
        1 => any::<u8>().prop_map(|value| Edit::Annotate { value }),
    ]
}

/// What the foreign actor expects to find: its routes (by header) in its order, the
/// fields it set on meshctl's route, and the headers it put on the stable destination.
#[derive(Debug, Default)]
struct Theirs {
    routes: Vec<(String, Value)>,
    main_fields: serde_json::Map<String, Value>,
    stable_headers: Option<Value>,
    annotations: serde_json::Map<String, Value>,
}

fn header_of(route: &Value) -> Option<String> {
    route
        .pointer("/match/0/headers")
        .and_then(Value::as_object)
        .and_then(|h| h.keys().next().cloned())
        .filter(|h| h.starts_with("x-foreign-"))
}

/// Applies one foreign edit to the object, and to what the foreign actor expects.
fn edit(vs: &mut Value, theirs: &mut Theirs, split: &Split, id: &RouteId, e: &Edit, n: usize) {
    let main = routes::locate(vs, split, id).expect("meshctl's route is findable");
    let http = vs["spec"]["http"].as_array_mut().unwrap();
    match e {
        Edit::Nothing => {}
        Edit::Insert { top, to } => {
            let to = match to {
                0 => split.stable.clone(),
                1 => split.canary.clone(),
                _ => "elsewhere".to_string(),
            };
            let route = foreign_route(split, n, &to);
            let header = header_of(&route).unwrap();
            if *top {
                http.insert(0, route.clone());
                theirs.routes.insert(0, (header, route));
            } else {
                http.push(route.clone());
                theirs.routes.push((header, route));
            }
        }
        Edit::TouchForeign { which, secs } => {
            if theirs.routes.is_empty() {
                return;
            }
            let at = which % theirs.routes.len();
            let (header, expected) = &mut theirs.routes[at];
            let route = http
                .iter_mut()
                .find(|r| header_of(r).as_deref() == Some(header.as_str()))
                .unwrap();
            route["timeout"] = json!(format!("{secs}s"));
            *expected = route.clone();
        }
        Edit::TouchMain { secs } => {
            http[main]["timeout"] = json!(format!("{secs}s"));
            theirs
                .main_fields
                .insert("timeout".into(), json!(format!("{secs}s")));
        }
        Edit::TouchDestination { value } => {
            let headers = json!({"request": {"set": {"x-team": value.to_string()}}});
            let stable = http[main]["route"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .find(|d| dest_name(split, d) == split.stable);
            if let Some(d) = stable {
                d["headers"] = headers.clone();
                theirs.stable_headers = Some(headers);
            }
        }
        Edit::Annotate { value } => {
            vs["metadata"]["annotations"]["example.com/owner"] = json!(value.to_string());
            theirs
                .annotations
                .insert("example.com/owner".into(), json!(value.to_string()));
        }
    }
}

fn dest_name(split: &Split, d: &Value) -> String {
    match split.by {
        SplitBy::Subset => d["destination"]["subset"].as_str(),
        SplitBy::Host => d["destination"]["host"].as_str(),
    }
    .unwrap_or_default()
    .to_string()
}

/// The split's weights in a route as the data plane reads them (a lone destination
/// without a weight takes all traffic).
fn route_weights(split: &Split, route: &Value) -> std::collections::BTreeMap<String, u64> {
    let dests = route["route"].as_array().unwrap();
    let lone = dests.len() == 1;
    let mut out = std::collections::BTreeMap::new();
    for d in dests {
        let name = dest_name(split, d);
        let w = d["weight"].as_u64().unwrap_or(if lone { 100 } else { 0 });
        *out.entry(name).or_insert(0) += w;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn foreign_edits_never_move_meshctls_fields_or_touch_anyone_elses(
        spec in spec_strategy(),
        named in any::<bool>(),
        explicit_weight in any::<bool>(),
        before in proptest::collection::vec((any::<bool>(), 0u8..3), 0..3),
        ops in proptest::collection::vec((op_strategy(), edit_strategy()), 1..40),
    ) {
        let split = spec.split.clone();
        let t0 = Timestamp::from_second(1_790_000_000).unwrap();
        let mut stable_dest = dest(&split, &split.stable);
        if explicit_weight {
            stable_dest["weight"] = json!(100);
        }
        let mut main = json!({"route": [stable_dest.clone()]});
        if named {
            main["name"] = json!("main");
        }
        let mut vs = json!({"metadata": {"name": "reviews", "annotations": {}},
                            "spec": {"hosts": ["reviews"], "http": [main]}});
        let mut theirs = Theirs::default();
        let mut n = 0;
        // Foreign routes already there before the rollout starts.
        let placeholder = routes::id_of(&split, &vs["spec"]["http"][0]);
        for (top, to) in before {
            n += 1;
            edit(&mut vs, &mut theirs, &split, &placeholder, &Edit::Insert { top, to }, n);
        }
        let selector = Selector::new(split.clone(), None);
        let snapshot = selector.snapshot(&vs).unwrap();
        prop_assert_eq!(snapshot.routes.len(), 1, "only meshctl's route is shifted");
        let id = snapshot.routes[0].id.clone();
        let original = selector.weights(&vs).unwrap();
        let mut rec = RolloutRecord::new(spec, original.clone(), snapshot.to_value(), DRIVER, t0).unwrap();
        let mut secs = 0i64;
        for ((op, by_driver, wait), e) in std::iter::once(((Op::Start, true, 0), Edit::Nothing)).chain(ops) {
            n += 1;
            edit(&mut vs, &mut theirs, &split, &id, &e, n);
            secs += i64::from(wait);
            let now = t0 + jiff::SignedDuration::from_secs(secs);
            let actor = if by_driver { DRIVER } else { PERSON };
            let input = input_for(&op, &rec);
            let mut locked = rec.clone();
            if input.needs_lock() {
                let _ = locked.acquire_lock(actor, now, TTL);
            }
            let Ok((next, actions)) = step(&locked, &input, actor, now) else { continue };
            let snap = routes::RouteSnapshot::from_value(&next.snapshot).unwrap();
            routes::apply(&mut vs, &split, &snap, &actions).unwrap();
            rec = next;

            // Meshctl's fields: what the record says.
            let at = routes::locate(&vs, &split, &id).unwrap();
            let ours = vs["spec"]["http"][at].clone();
            let live = route_weights(&split, &ours);
            for (name, w) in rec.weights.iter() {
                prop_assert_eq!(live.get(name).copied().unwrap_or(0), u64::from(w),
                    "weight of {} after {:?}: {}", name, input, ours);
            }
            prop_assert_eq!(routes::has_preview(&vs), rec.preview_route);
            // Everyone else's: exactly as left, in their order.
            let found: Vec<(String, Value)> = vs["spec"]["http"].as_array().unwrap().iter()
                .filter_map(|r| header_of(r).map(|h| (h, r.clone())))
                .collect();
            prop_assert_eq!(&found, &theirs.routes);
            for (k, v) in &theirs.main_fields {
                prop_assert_eq!(&ours[k], v);
            }
            for (k, v) in &theirs.annotations {
                prop_assert_eq!(&vs["metadata"]["annotations"][k], v);
            }
            if let Some(headers) = &theirs.stable_headers {
                let stable = ours["route"].as_array().unwrap().iter()
                    .find(|d| dest_name(&split, d) == split.stable);
                if let Some(d) = stable {
                    prop_assert_eq!(&d["headers"], headers);
                }
            }
            // A rollback puts back exactly what meshctl changed, and only that.
            if matches!(rec.phase, Phase::RolledBack | Phase::Aborted) {
                let mut expected = stable_dest.clone();
                if let Some(headers) = &theirs.stable_headers {
                    expected["headers"] = headers.clone();
                }
                prop_assert_eq!(&ours["route"], &json!([expected]));
                prop_assert!(!routes::has_preview(&vs));
            }
            if rec.phase == Phase::Succeeded {
                prop_assert_eq!(live.get(&split.canary).copied(), Some(100));
            }
        }
    }
}

// ---- The same route actions on an HTTPRoute ----
//
// Random weights set on an HTTPRoute's rule while someone else adds rules of theirs
// at the top or the end (to the stable Service, the canary or elsewhere): meshctl's
// rule always carries the weights just set, and a rollback leaves the object exactly
// as it was with their rules where they put them; a promotion changes nothing of
// theirs either.

fn foreign_rule(n: usize, to: &str) -> Value {
    json!({"matches": [{"headers": [{"type": "Exact", "name": format!("x-foreign-{n}"), "value": "1"}]}],
           "backendRefs": [{"name": to, "port": 80}]})
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn httproute_rules_of_others_survive_and_a_rollback_restores_exactly(
        named in any::<bool>(),
        weight in proptest::option::of(1u64..5),
        ops in proptest::collection::vec((0u32..=100, any::<bool>(), any::<bool>(), 0u8..3), 1..20),
        promote in any::<bool>(),
    ) {
        let split = Split::hosts("shop-v1", "shop-v2");
        let mut stable = json!({"name": "shop-v1", "namespace": "shop", "port": 80});
        if let Some(w) = weight {
            stable["weight"] = json!(w);
        }
        let mut main = json!({"filters": [{"type": "RequestHeaderModifier",
            "requestHeaderModifier": {"set": [{"name": "x-env", "value": "prod"}]}}],
            "backendRefs": [stable]});
        if named {
            main["name"] = json!("main");
        }
        let original = json!({"kind": "HTTPRoute", "metadata": {"name": "shop"},
                              "spec": {"parentRefs": [{"name": "web"}], "rules": [main]}});
        let snapshot = Selector::new(split.clone(), None).snapshot(&original).unwrap();
        let (mut live, mut expected) = (original.clone(), original.clone());
        for (n, (w, insert, top, to)) in ops.into_iter().enumerate() {
            let set = Action::SetWeights { weights: Weights::split("shop-v1", "shop-v2", w) };
            routes::apply(&mut live, &split, &snapshot, &[set]).unwrap();
            prop_assert_eq!(
                routes::current_weights(&live, &split, &snapshot).unwrap(),
                Weights::split("shop-v1", "shop-v2", w)
            );
            if insert {
                let to = ["shop-v1", "shop-v2", "elsewhere"][usize::from(to)];
                for obj in [&mut live, &mut expected] {
                    let rules = obj["spec"]["rules"].as_array_mut().unwrap();
                    let at = if top { 0 } else { rules.len() };
                    rules.insert(at, foreign_rule(n, to));
                }
            }
        }
        if promote {
            let fin = Action::FinalizePromotion {
                new: "shop-v2".into(),
                old: "shop-v1".into(),
                finish: super::FinishPolicy::Remove,
            };
            routes::apply(&mut live, &split, &snapshot, &[fin]).unwrap();
            let at = routes::locate(&live, &split, &snapshot.routes[0].id).unwrap();
            prop_assert_eq!(
                &live["spec"]["rules"][at]["backendRefs"],
                &json!([{"name": "shop-v2", "namespace": "shop", "port": 80, "weight": 100}])
            );
            live["spec"]["rules"][at]["backendRefs"] = expected["spec"]["rules"][at]["backendRefs"].clone();
            prop_assert_eq!(live, expected);
        } else {
            routes::apply(&mut live, &split, &snapshot, &[Action::RestoreSnapshot]).unwrap();
            prop_assert_eq!(live, expected);
        }
    }
}
