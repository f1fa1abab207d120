//! The view model from objects: rows, the rollout column, the tree of one service.

use super::*;
use crate::rollout::{HistoryEntry, Lock, RolloutSpec, Split, Steps, Weights};
use jiff::Timestamp;
use serde_json::json;

fn typed(vs: &Value) -> crate::model::VirtualService {
    crate::model::VirtualService::read(vs).unwrap()
}

fn at(secs: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + secs).unwrap()
}

/// A canary of `reviews` v1 → v2 in `phase` at stage `stage` (0-based) of 5.
pub(crate) fn record(phase: Phase, stage: usize) -> String {
    let spec = RolloutSpec::canary(
        "reviews",
        Split::subsets("v1", "v2"),
        Steps::new(vec![10, 20, 40, 60, 100]).unwrap(),
        "1m".parse().unwrap(),
    );
    let mut r =
        RolloutRecord::new(spec, Weights::split("v1", "v2", 0), json!({}), "ci", at(0)).unwrap();
    r.phase = phase;
    r.stage = stage;
    r.weights = Weights::split("v1", "v2", [10, 20, 40, 60, 100][stage]);
    r.message = "stage 3 passed analysis".into();
    r.history.push(HistoryEntry {
        at: at(0),
        actor: "ci".into(),
        from: Phase::Pending,
        to: Phase::Progressing,
        stage: 0,
        reason: "started".into(),
    });
    r.lock = Some(Lock {
        holder: "ci".into(),
        acquired_at: at(0),
        expires_at: at(60),
    });
    r.encode().unwrap()
}

pub(crate) use crate::fake::fixtures::{reviews_dr, reviews_vs, vs};

#[test]
fn one_row_per_host_with_routes_subsets_policy_and_rollout() {
    let vss = [
        reviews_vs(Some(record(Phase::Progressing, 2))),
        vs(
            "ratings",
            "shop",
            json!({"hosts": ["ratings"], "http": [{"route": [{"destination": {"host": "ratings"}}]}]}),
        ),
    ];
    let drs = [reviews_dr()];
    let rows = rows(Objects::read(&vss, &drs, &[]).mesh());
    assert_eq!(rows.len(), 2);
    let (ratings, reviews) = (&rows[0], &rows[1]);
    assert_eq!(ratings.service, "ratings");
    assert_eq!(
        ratings.rollout.to_string(),
        "· Idle",
        "no rollout is not a claim of health"
    );
    assert_eq!(
        ratings.routes,
        [RouteWeight {
            destination: "ratings".into(),
            weight: 100
        }]
    );
    assert_eq!(reviews.namespace, "shop");
    assert_eq!(reviews.gateways, ["istio-system/public"]);
    assert_eq!(
        reviews.routes,
        [
            RouteWeight {
                destination: "v1".into(),
                weight: 80
            },
            RouteWeight {
                destination: "v2".into(),
                weight: 20
            }
        ]
    );
    assert_eq!(reviews.matched_routes, 1);
    assert_eq!(reviews.subsets, ["v1", "v2"]);
    assert_eq!(
        reviews.policy,
        ["lb:LEAST_REQUEST", "outlier:5x/10s", "tls:ISTIO_MUTUAL"]
    );
    assert_eq!(reviews.rollout.to_string(), "◌ Progressing 3/5");
    assert_eq!(reviews.rollout.canary_weight, Some(40));
}

#[test]
fn rollout_words_for_every_phase() {
    let cases = [
        (Phase::Paused, 1, "⏸ Paused 2/5"),
        (Phase::RolledBack, 1, "✖ RolledBack"),
        (Phase::Succeeded, 4, "✔ Succeeded"),
        (Phase::Aborted, 0, "✖ Aborted"),
        (Phase::Pending, 0, "◌ Pending"),
    ];
    for (phase, stage, shown) in cases {
        let v = reviews_vs(Some(record(phase, stage)));
        let (state, _) = RolloutState::of(&typed(&v)).unwrap();
        assert_eq!(state.to_string(), shown);
    }
    let broken = reviews_vs(Some("{not json".into()));
    let (state, record) = RolloutState::of(&typed(&broken)).unwrap();
    assert_eq!(state.to_string(), "✖ Unreadable");
    assert!(record.is_none());
    assert!(RolloutState::of(&typed(&reviews_vs(None))).is_none());
}

#[test]
fn hosts_in_other_namespaces_get_their_own_namespace() {
    let vss = [vs(
        "front",
        "web",
        json!({"hosts": ["shop.example.com"], "gateways": ["public"], "http": [
            {"route": [{"destination": {"host": "reviews.shop.svc.cluster.local", "subset": "v1"}, "weight": 100}]}]}),
    )];
    let rows = rows(Objects::read(&vss, &[], &[]).mesh());
    assert_eq!(rows[0].namespace, "web");
    assert_eq!(rows[0].service, "shop.example.com");
    assert_eq!(rows[0].gateways, ["public"]);
    assert_eq!(rows[0].routes[0].destination, "reviews/v1");
}
