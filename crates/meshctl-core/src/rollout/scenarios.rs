//! Scenario tests of the engine in virtual time. A small simulator applies the route
//! actions of each step to a model of the routes and checks after every step that the
//! record tells the truth about them (what a kill right after the write would leave).

use jiff::Timestamp;
use serde_json::json;

use super::*;
use crate::duration::Duration;

const DRIVER: &str = "ci-job-7";
const TTL: Duration = Duration::from_secs(120);

fn analysis() -> crate::analysis::AnalysisSpec {
    crate::analysis::AnalysisSpec::from_yaml("checks:\n  - successRate: { min: 99 }\n").unwrap()
}

fn at(secs: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + secs).unwrap()
}

/// The routes as the adapter would leave them.
#[derive(Debug, Clone, PartialEq)]
struct Routes {
    weights: Weights,
    preview: bool,
    mirror: Option<u32>,
    sticky: bool,
}

struct Sim {
    rec: RolloutRecord,
    secs: i64,
    routes: Routes,
    /// Every write the routes saw: the canary's weight after it.
    canary_weights: Vec<u32>,
    events: Vec<&'static str>,
}

fn canary_spec(steps: &str) -> RolloutSpec {
    let mut spec = RolloutSpec::canary(
        "reviews",
        Split::subsets("v1", "v2"),
        Steps::parse(steps).unwrap(),
        Duration::from_secs(60),
    );
    spec.analysis = Some(analysis());
    spec
}

fn blue_green_spec(halfway: bool, no_revert: bool) -> RolloutSpec {
    let mut spec = RolloutSpec::blue_green(
        "shop",
        Split::subsets("blue", "green"),
        BlueGreen {
            preview: Some(Preview::Header {
                name: "x-preview".into(),
                value: "green".into(),
            }),
            verify_before: Some(Duration::from_secs(120)),
            verify_after: Some(Duration::from_secs(300)),
            halfway,
            no_revert,
        },
        Duration::from_secs(60),
    );
    spec.analysis = Some(analysis());
    spec
}

impl Sim {
    fn new(spec: RolloutSpec) -> Sim {
        let original = Weights::split(&spec.split.stable, &spec.split.canary, 0);
        let rec = RolloutRecord::new(
            spec,
            original.clone(),
            json!({"routes": [{
                "id": {"by": "content", "match": null, "hosts": ["reviews"]},
                "destinations": [{"destination": {"host": "reviews", "subset": "v1"}}]
            }]}),
            DRIVER,
            at(0),
        )
        .unwrap();
        Sim {
            rec,
            secs: 0,
            routes: Routes {
                weights: original,
                preview: false,
                mirror: None,
                sticky: false,
            },
            canary_weights: Vec::new(),
            events: Vec::new(),
        }
    }

    fn now(&self) -> Timestamp {
        at(self.secs)
    }

    fn advance(&mut self, secs: i64) {
        self.secs += secs;
    }

    /// Sends `input` as `actor`; a driving actor takes the lock first, as the adapter does.
    fn send_as(&mut self, actor: &str, input: Input) -> Result<Vec<Action>, RolloutError> {
        let mut rec = self.rec.clone();
        if input.needs_lock() && actor == DRIVER && rec.phase != Phase::Paused {
            let _ = rec.acquire_lock(actor, self.now(), TTL);
        }
        if matches!(input, Input::Resume | Input::Promote { full: false }) {
            rec.acquire_lock(actor, self.now(), TTL)?;
        }
        let (next, actions) = step(&rec, &input, actor, self.now())?;
        self.apply(&next, &actions);
        self.rec = next;
        Ok(actions)
    }

    fn send(&mut self, input: Input) -> Vec<Action> {
        self.send_as(DRIVER, input).unwrap()
    }

    fn judge(&mut self, outcome: Outcome) -> Vec<Action> {
        self.advance(60);
        let stage = self.rec.stage;
        self.send(Input::Observation {
            stage,
            outcome,
            summary: format!("{outcome:?}"),
        })
    }

    fn apply(&mut self, next: &RolloutRecord, actions: &[Action]) {
        for action in actions {
            match action {
                Action::SetWeights { weights } => self.routes.weights = weights.clone(),
                Action::RestoreSnapshot => {
                    self.routes = Routes {
                        weights: next.original_weights.clone(),
                        preview: false,
                        mirror: self.routes.mirror,
                        sticky: self.routes.sticky,
                    }
                }
                Action::AddPreviewRoute { .. } => self.routes.preview = true,
                Action::RemovePreviewRoute => self.routes.preview = false,
                Action::SetMirror { percent } => self.routes.mirror = Some(*percent),
                Action::RemoveMirror => self.routes.mirror = None,
                Action::AddStickyRoute { .. } => self.routes.sticky = true,
                Action::RemoveStickyRoute { .. } => self.routes.sticky = false,
                Action::FinalizePromotion { new, old, .. } => {
                    self.routes.weights = Weights::split(old, new, 100);
                    self.routes.preview = false;
                }
                Action::RecordEvent { reason, .. } => self.events.push(reason),
                Action::RunAnalysis { .. } | Action::WaitUntil { .. } => {}
            }
        }
        if actions.iter().any(Action::is_write) {
            self.canary_weights
                .push(self.routes.weights.get(&next.spec.split.canary));
        }
        assert_eq!(
            (
                &self.routes.weights,
                self.routes.preview,
                self.routes.mirror
            ),
            (&next.weights, next.preview_route, next.mirror),
            "the record must tell the truth about the routes after {actions:?}"
        );
        assert_eq!(next.weights.total(), 100);
    }
}

fn writes(actions: &[Action]) -> Vec<&Action> {
    actions.iter().filter(|a| a.is_write()).collect()
}

fn runs_analysis(actions: &[Action], stage: usize) -> bool {
    actions
        .iter()
        .any(|a| matches!(a, Action::RunAnalysis { stage: s, .. } if *s == stage))
}

#[test]
fn healthy_canary_promotes_step_by_step() {
    let mut sim = Sim::new(canary_spec("5,10,25,50"));
    let actions = sim.send(Input::Start);
    assert_eq!(sim.rec.phase, Phase::Progressing);
    assert_eq!(
        actions[0],
        Action::SetWeights {
            weights: Weights::split("v1", "v2", 5)
        }
    );
    assert!(runs_analysis(&actions, 0));
    for stage in 1..4 {
        let actions = sim.judge(Outcome::Successful);
        assert_eq!(sim.rec.stage, stage);
        assert!(runs_analysis(&actions, stage));
    }
    let actions = sim.judge(Outcome::Successful);
    assert_eq!(sim.rec.phase, Phase::Succeeded);
    assert_eq!(
        writes(&actions),
        [&Action::FinalizePromotion {
            new: "v2".into(),
            old: "v1".into(),
            finish: FinishPolicy::Keep
        }]
    );
    assert_eq!(sim.canary_weights, [5, 10, 25, 50, 100]);
    assert_eq!(
        sim.events,
        [
            "CanaryStep",
            "CanaryStep",
            "CanaryStep",
            "CanaryStep",
            "CanaryPromoted"
        ]
    );
    assert_eq!(sim.rec.lock, None, "a finished rollout releases its lock");
    assert_eq!(sim.rec.analyses.len(), 4);
    let phases: Vec<_> = sim.rec.history.iter().map(|h| (h.from, h.to)).collect();
    assert_eq!(phases.first(), Some(&(Phase::Pending, Phase::Progressing)));
    assert_eq!(phases.last(), Some(&(Phase::Progressing, Phase::Succeeded)));
}

#[test]
fn failure_at_step_two_rolls_back_to_the_snapshot() {
    let mut sim = Sim::new(canary_spec("5,10,25,50"));
    sim.send(Input::Start);
    sim.judge(Outcome::Successful);
    let actions = sim.judge(Outcome::Failed);
    assert_eq!(sim.rec.phase, Phase::RolledBack);
    assert_eq!(writes(&actions), [&Action::RestoreSnapshot]);
    assert_eq!(sim.rec.weights, sim.rec.original_weights);
    assert_eq!(sim.canary_weights, [5, 10, 0]);
    assert_eq!(sim.events.last(), Some(&"CanaryRolledBack"));
    assert!(
        sim.rec.message.starts_with("stage 2/4 judged failed"),
        "{}",
        sim.rec.message
    );
}

#[test]
fn inconclusive_retries_then_pauses_and_resume_starts_counting_again() {
    let mut sim = Sim::new(canary_spec("10,50"));
    sim.send(Input::Start);
    for count in 1..3 {
        let actions = sim.judge(Outcome::Inconclusive);
        assert_eq!(sim.rec.phase, Phase::Progressing);
        assert_eq!(sim.rec.inconclusive_count, count);
        assert!(writes(&actions).is_empty(), "a retry changes no route");
        assert!(runs_analysis(&actions, 0), "the same stage is judged again");
    }
    sim.judge(Outcome::Inconclusive);
    assert_eq!(sim.rec.phase, Phase::Paused);
    assert_eq!(sim.rec.pause_reason, Some(PauseReason::InconclusiveLimit));
    assert_eq!(sim.rec.canary_weight(), 10, "paused holds the weights");
    assert_eq!(sim.rec.lock, None, "nobody drives a paused rollout");

    let actions = sim.send(Input::Resume);
    assert_eq!(sim.rec.phase, Phase::Progressing);
    assert_eq!(sim.rec.inconclusive_count, 0);
    assert!(writes(&actions).is_empty());
    assert!(runs_analysis(&actions, 0));
    assert_eq!(sim.events.last(), Some(&"CanaryResumed"));
}

#[test]
fn inconclusive_with_the_fail_policy_rolls_back() {
    let mut spec = canary_spec("10,50");
    spec.inconclusive = LimitPolicy {
        limit: 2,
        then: OnLimit::Fail,
    };
    let mut sim = Sim::new(spec);
    sim.send(Input::Start);
    sim.judge(Outcome::Inconclusive);
    sim.judge(Outcome::Inconclusive);
    assert_eq!(sim.rec.phase, Phase::RolledBack);
    assert_eq!(sim.canary_weights, [10, 0]);
}

#[test]
fn errors_count_only_in_a_row_and_pause_at_the_limit() {
    let mut sim = Sim::new(canary_spec("10,50"));
    sim.send(Input::Start);
    sim.judge(Outcome::Error);
    sim.judge(Outcome::Error);
    sim.judge(Outcome::Inconclusive);
    assert_eq!(
        sim.rec.consecutive_errors, 0,
        "a judgement ends the run of errors"
    );
    sim.judge(Outcome::Error);
    sim.judge(Outcome::Error);
    assert_eq!(sim.rec.phase, Phase::Progressing);
    sim.judge(Outcome::Error);
    assert_eq!(sim.rec.phase, Phase::Paused);
    assert_eq!(sim.rec.pause_reason, Some(PauseReason::ErrorLimit));
    assert_eq!(sim.rec.canary_weight(), 10);

    let mut spec = canary_spec("10,50");
    spec.errors.then = OnLimit::Fail;
    let mut sim = Sim::new(spec);
    sim.send(Input::Start);
    for _ in 0..3 {
        sim.judge(Outcome::Error);
    }
    assert_eq!(sim.rec.phase, Phase::RolledBack);
}

#[test]
fn a_person_pauses_the_driver_notices_and_resume_continues() {
    let mut sim = Sim::new(canary_spec("10,50"));
    sim.send(Input::Start);
    // A person pauses from another terminal; no lock needed to stop a rollout.
    let actions = sim.send_as("alice", Input::Pause).unwrap();
    assert!(writes(&actions).is_empty());
    assert_eq!(sim.rec.phase, Phase::Paused);
    assert_eq!(sim.rec.message, "paused by `alice`");
    assert_eq!(sim.events.last(), Some(&"CanaryPaused"));
    // The driver's judgement arrives late and is dropped.
    let late = step(
        &sim.rec,
        &Input::Observation {
            stage: 0,
            outcome: Outcome::Successful,
            summary: String::new(),
        },
        DRIVER,
        sim.now(),
    );
    let err = late.unwrap_err();
    assert_eq!(err.kind, RolloutErrorKind::Stale);
    assert_eq!(
        err.message,
        "dropped the judgement of stage 1 of `reviews`: the rollout is Paused at stage 1"
    );
    // Pausing twice says what to do instead.
    let err = sim.send_as("alice", Input::Pause).unwrap_err();
    assert_eq!(
        err.message,
        "the rollout of `reviews` is already paused: paused by `alice`"
    );
    assert!(
        err.hint
            .unwrap()
            .contains("`meshctl canary resume reviews`")
    );

    sim.send(Input::Resume);
    sim.judge(Outcome::Successful);
    sim.judge(Outcome::Successful);
    assert_eq!(sim.rec.phase, Phase::Succeeded);
}

#[test]
fn ctrl_c_in_the_foreground_is_a_pause_by_the_driver() {
    let mut sim = Sim::new(canary_spec("10,50"));
    sim.send(Input::Start);
    sim.send(Input::Pause);
    assert_eq!(sim.rec.phase, Phase::Paused);
    assert_eq!(sim.rec.pause_reason, Some(PauseReason::Requested));
    assert_eq!(sim.rec.lock, None);
}

#[test]
fn a_stale_judgement_of_an_earlier_stage_is_dropped() {
    let mut sim = Sim::new(canary_spec("10,20,50"));
    sim.send(Input::Start);
    sim.judge(Outcome::Successful);
    let before = sim.rec.clone();
    let err = sim
        .send_as(
            DRIVER,
            Input::Observation {
                stage: 0,
                outcome: Outcome::Failed,
                summary: String::new(),
            },
        )
        .unwrap_err();
    assert_eq!(err.kind, RolloutErrorKind::Stale);
    assert_eq!(sim.rec, before);
}

#[test]
fn promote_full_goes_straight_to_all_traffic() {
    let mut sim = Sim::new(canary_spec("5,10,25,50"));
    sim.send(Input::Start);
    let actions = sim.send_as("alice", Input::Promote { full: true }).unwrap();
    assert_eq!(sim.rec.phase, Phase::Succeeded);
    assert_eq!(sim.rec.canary_weight(), 100);
    assert!(matches!(
        writes(&actions)[..],
        [Action::FinalizePromotion { .. }]
    ));
    assert_eq!(sim.rec.message, "promoted by `alice` (--full)");
}

#[test]
fn promote_one_step_needs_the_lock_while_someone_drives() {
    let mut sim = Sim::new(canary_spec("5,10,25,50"));
    sim.send(Input::Start);
    let err = sim
        .send_as("alice", Input::Promote { full: false })
        .unwrap_err();
    assert_eq!(err.kind, RolloutErrorKind::Locked);
    assert_eq!(err.holder, Some((DRIVER.to_string(), at(120))));
    assert!(
        err.message.contains("locked by `ci-job-7` until"),
        "{}",
        err.message
    );
    // The holder may skip a stage.
    sim.send(Input::Promote { full: false });
    assert_eq!((sim.rec.stage, sim.rec.canary_weight()), (1, 10));
}

#[test]
fn pause_before_promote_waits_for_an_explicit_promote() {
    let mut spec = canary_spec("50");
    spec.pause_before_promote = true;
    let mut sim = Sim::new(spec);
    sim.send(Input::Start);
    sim.judge(Outcome::Successful);
    assert_eq!(sim.rec.phase, Phase::Paused);
    assert_eq!(sim.rec.pause_reason, Some(PauseReason::AwaitingPromotion));
    let err = sim.send_as(DRIVER, Input::Resume).unwrap_err();
    assert_eq!(
        err.message,
        "the rollout of `reviews` passed every stage and waits to be promoted"
    );
    assert!(
        err.hint
            .unwrap()
            .contains("`meshctl canary promote reviews`")
    );
    sim.send(Input::Promote { full: false });
    assert_eq!(sim.rec.phase, Phase::Succeeded);
}

/// Drives a fresh rollout of `spec` into `phase` and returns the simulator.
fn into_phase(spec: RolloutSpec, phase: Phase) -> Sim {
    let mut sim = Sim::new(spec);
    if phase == Phase::Pending {
        return sim;
    }
    sim.send(Input::Start);
    let limit = 20;
    for _ in 0..limit {
        if sim.rec.phase == phase {
            return sim;
        }
        match phase {
            Phase::Paused => {
                sim.judge(Outcome::Successful);
                sim.send(Input::Pause);
            }
            _ => {
                sim.judge(Outcome::Successful);
            }
        }
    }
    panic!("could not reach {phase}")
}

#[test]
fn rollback_from_every_unfinished_phase_restores_the_snapshot() {
    let cases = [
        (canary_spec("10,50"), Phase::Pending),
        (canary_spec("10,50"), Phase::Progressing),
        (canary_spec("10,50"), Phase::Paused),
        (blue_green_spec(false, false), Phase::Pending),
        (blue_green_spec(false, false), Phase::Verifying),
        (blue_green_spec(true, false), Phase::Progressing),
        (blue_green_spec(true, false), Phase::Paused),
        (blue_green_spec(false, true), Phase::Progressing),
    ];
    for (spec, phase) in cases {
        for (input, end) in [
            (
                Input::Rollback {
                    reason: "bad build".into(),
                },
                Phase::RolledBack,
            ),
            (Input::Abort, Phase::Aborted),
        ] {
            let mut sim = into_phase(spec.clone(), phase);
            let was = sim.rec.phase;
            sim.send_as("alice", input.clone()).unwrap();
            assert_eq!(sim.rec.phase, end, "{input:?} from {was}");
            assert_eq!(
                sim.rec.weights, sim.rec.original_weights,
                "{input:?} from {was}"
            );
            assert!(!sim.rec.preview_route, "{input:?} from {was}");
            assert_eq!(sim.rec.lock, None);
        }
    }
}

#[test]
fn blue_green_preview_failure_changes_no_weight() {
    let mut sim = Sim::new(blue_green_spec(false, false));
    let actions = sim.send(Input::Start);
    assert_eq!(sim.rec.phase, Phase::Verifying);
    assert_eq!(
        writes(&actions),
        [&Action::AddPreviewRoute {
            preview: Preview::Header {
                name: "x-preview".into(),
                value: "green".into()
            },
            destination: "green".into()
        }]
    );
    assert!(actions.contains(&Action::RunAnalysis {
        stage: 0,
        window: Duration::from_secs(120)
    }));
    let actions = sim.judge(Outcome::Failed);
    assert_eq!(sim.rec.phase, Phase::RolledBack);
    assert_eq!(writes(&actions), [&Action::RemovePreviewRoute]);
    assert_eq!(sim.canary_weights, [0, 0], "no write moved traffic");
    assert_eq!(sim.events, ["BlueGreenPreview", "BlueGreenReverted"]);
}

#[test]
fn blue_green_switches_then_reverts_on_a_failed_verification() {
    let mut sim = Sim::new(blue_green_spec(false, false));
    sim.send(Input::Start);
    let actions = sim.judge(Outcome::Successful);
    assert_eq!(sim.rec.phase, Phase::Progressing);
    assert_eq!(
        writes(&actions),
        [
            &Action::RemovePreviewRoute,
            &Action::SetWeights {
                weights: Weights::split("blue", "green", 100)
            }
        ]
    );
    assert!(actions.contains(&Action::RunAnalysis {
        stage: 1,
        window: Duration::from_secs(300)
    }));
    let actions = sim.judge(Outcome::Failed);
    assert_eq!(sim.rec.phase, Phase::RolledBack);
    assert_eq!(writes(&actions), [&Action::RestoreSnapshot]);
    assert_eq!(sim.canary_weights, [0, 100, 0]);
    assert_eq!(
        sim.events,
        ["BlueGreenPreview", "BlueGreenSwitched", "BlueGreenReverted"]
    );
}

#[test]
fn blue_green_halfway_goes_through_fifty() {
    let mut sim = Sim::new(blue_green_spec(true, false));
    sim.send(Input::Start);
    sim.judge(Outcome::Successful);
    assert_eq!(sim.rec.canary_weight(), 50);
    sim.judge(Outcome::Successful);
    assert_eq!(sim.rec.canary_weight(), 100);
    assert_eq!(
        sim.rec.phase,
        Phase::Progressing,
        "verifying after the switch"
    );
    sim.judge(Outcome::Successful);
    assert_eq!(sim.rec.phase, Phase::Succeeded);
    assert_eq!(sim.canary_weights, [0, 50, 100, 100]);
    assert_eq!(sim.events.last(), Some(&"BlueGreenPromoted"));
}

#[test]
fn blue_green_no_revert_pauses_on_a_failed_verification() {
    let mut sim = Sim::new(blue_green_spec(false, true));
    sim.send(Input::Start);
    sim.judge(Outcome::Successful);
    let actions = sim.judge(Outcome::Failed);
    assert!(
        writes(&actions).is_empty(),
        "traffic stays on the new colour"
    );
    assert_eq!(sim.rec.phase, Phase::Paused);
    assert_eq!(sim.rec.pause_reason, Some(PauseReason::FailedNoRevert));
    assert_eq!(sim.rec.canary_weight(), 100);
    // A person decides.
    sim.send_as(
        "alice",
        Input::Rollback {
            reason: String::new(),
        },
    )
    .unwrap();
    assert_eq!(sim.rec.phase, Phase::RolledBack);
    assert_eq!(sim.rec.message, "rolled back by `alice`");
}

#[test]
fn blue_green_no_revert_still_drops_a_failed_preview() {
    let mut sim = Sim::new(blue_green_spec(false, true));
    sim.send(Input::Start);
    sim.judge(Outcome::Failed);
    assert_eq!(sim.rec.phase, Phase::RolledBack);
}

#[test]
fn blue_green_without_verification_switches_and_promotes_at_once() {
    let mut spec = blue_green_spec(false, false);
    let Strategy::BlueGreen(bg) = &mut spec.strategy else {
        unreachable!()
    };
    bg.preview = None;
    bg.verify_before = None;
    bg.verify_after = None;
    let mut sim = Sim::new(spec);
    sim.send(Input::Start);
    assert_eq!(sim.rec.phase, Phase::Succeeded);
    assert_eq!(sim.events, ["BlueGreenSwitched", "BlueGreenPromoted"]);
}

#[test]
fn without_analysis_stages_are_held_for_the_interval() {
    let mut spec = canary_spec("20,60");
    spec.analysis = None;
    let mut sim = Sim::new(spec);
    let actions = sim.send(Input::Start);
    assert!(actions.contains(&Action::WaitUntil { at: at(60) }));
    sim.advance(59);
    let actions = sim.send(Input::Tick);
    assert!(actions.is_empty());
    assert_eq!(sim.rec.stage, 0);
    sim.advance(1);
    let actions = sim.send(Input::Tick);
    assert_eq!(sim.rec.stage, 1);
    assert!(actions.contains(&Action::WaitUntil { at: at(120) }));
    sim.advance(60);
    sim.send(Input::Tick);
    assert_eq!(sim.rec.phase, Phase::Succeeded);
}

#[test]
fn a_stage_that_keeps_retrying_past_the_timeout_fails() {
    let mut spec = canary_spec("20,60");
    spec.timeout = Some(Duration::from_secs(100));
    spec.inconclusive.limit = 10;
    let mut sim = Sim::new(spec.clone());
    sim.send(Input::Start);
    sim.judge(Outcome::Inconclusive); // t=60
    assert_eq!(sim.rec.phase, Phase::Progressing);
    sim.judge(Outcome::Inconclusive); // t=120
    assert_eq!(sim.rec.phase, Phase::RolledBack);
    assert!(
        sim.rec.message.contains("within the timeout of 1m40s"),
        "{}",
        sim.rec.message
    );

    // A tick notices it too.
    let mut sim = Sim::new(spec);
    sim.send(Input::Start);
    sim.advance(99);
    sim.send(Input::Tick);
    assert_eq!(sim.rec.phase, Phase::Progressing);
    sim.advance(1);
    sim.send(Input::Tick);
    assert_eq!(sim.rec.phase, Phase::RolledBack);
}

#[test]
fn illegal_commands_say_why_and_what_to_do() {
    let mut rolled = into_phase(canary_spec("10,50"), Phase::Progressing);
    rolled.judge(Outcome::Failed);
    let err = rolled
        .send_as("alice", Input::Promote { full: true })
        .unwrap_err();
    assert_eq!(err.kind, RolloutErrorKind::IllegalInput);
    assert!(
        err.message
            .starts_with("cannot promote the rollout of `reviews`: it was rolled back at "),
        "{}",
        err.message
    );
    assert_eq!(
        err.hint.as_deref(),
        Some("fix the new version, then start a new rollout with `meshctl canary start reviews`")
    );

    let mut done = into_phase(canary_spec("50"), Phase::Succeeded);
    let err = done.send_as(DRIVER, Input::Resume).unwrap_err();
    assert!(err.message.contains("it succeeded at"), "{}", err.message);
    let err = done
        .send_as(
            "alice",
            Input::Rollback {
                reason: String::new(),
            },
        )
        .unwrap_err();
    assert_eq!(
        err.hint.as_deref(),
        Some("to go back, start a new rollout towards `v1` with `meshctl canary start reviews`")
    );

    let mut pending = Sim::new(canary_spec("50"));
    let err = pending.send_as("alice", Input::Pause).unwrap_err();
    assert_eq!(
        err.message,
        "cannot pause the rollout of `reviews`: it has not started"
    );
}

#[test]
fn a_new_driver_takes_over_an_orphaned_rollout() {
    let mut sim = Sim::new(canary_spec("10,20,50"));
    sim.send(Input::Start);
    sim.judge(Outcome::Successful);
    // The driver dies; its lock expires; another job takes over and resumes.
    sim.advance(500);
    let mut rec = sim.rec.clone();
    let got = rec.acquire_lock("ci-job-8", sim.now(), TTL).unwrap();
    assert!(matches!(got, Acquired::TookOver(ref old) if old.holder == DRIVER));
    let (next, actions) = step(&rec, &Input::Resume, "ci-job-8", sim.now()).unwrap();
    assert_eq!(
        actions,
        [Action::RunAnalysis {
            stage: 1,
            window: Duration::from_secs(60)
        }],
        "the record already tells what is in the routes: nothing to write"
    );
    assert_eq!((next.stage, next.canary_weight()), (1, 20));
    assert_eq!(
        next.stage_started_at,
        Some(sim.now()),
        "the time nobody drove it does not count against the stage's timeout"
    );
    // The dead driver's late judgement is refused.
    let err = step(
        &next,
        &Input::Observation {
            stage: 1,
            outcome: Outcome::Successful,
            summary: String::new(),
        },
        DRIVER,
        sim.now(),
    )
    .unwrap_err();
    assert_eq!(err.kind, RolloutErrorKind::Locked);
}

#[test]
fn a_second_start_is_refused_until_forced() {
    let spec = canary_spec("10,50");
    let original = Weights::split("v1", "v2", 0);
    let first = start(
        None,
        spec.clone(),
        original.clone(),
        json!({"first": true}),
        DRIVER,
        at(0),
        TTL,
        false,
    )
    .unwrap();
    assert_eq!(first.record.phase, Phase::Progressing);
    assert_eq!(first.record.lock.as_ref().unwrap().holder, DRIVER);
    assert!(matches!(
        writes(&first.actions)[..],
        [Action::SetWeights { .. }]
    ));

    let err = start(
        Some(&first.record),
        spec.clone(),
        original.clone(),
        json!({}),
        "bob",
        at(10),
        TTL,
        false,
    )
    .unwrap_err();
    assert_eq!(err.kind, RolloutErrorKind::Locked);
    assert_eq!(
        err.message,
        format!(
            "a rollout of `reviews` is already Progressing at stage 1/2, locked by `ci-job-7` until {}",
            at(120)
        )
    );

    // After the lock expires it is still unfinished: refused, with what to do.
    let err = start(
        Some(&first.record),
        spec.clone(),
        original.clone(),
        json!({}),
        "bob",
        at(500),
        TTL,
        false,
    )
    .unwrap_err();
    assert_eq!(err.kind, RolloutErrorKind::IllegalInput);
    assert!(err.hint.unwrap().contains("--force"));

    // Forced: the lock it overrode is reported and the first snapshot is kept.
    let forced = start(
        Some(&first.record),
        spec.clone(),
        Weights::split("v1", "v2", 10),
        json!({"half": true}),
        "bob",
        at(10),
        TTL,
        true,
    )
    .unwrap();
    assert_eq!(forced.overridden_lock.unwrap().holder, DRIVER);
    assert_eq!(forced.record.snapshot, json!({"first": true}));
    assert_eq!(forced.record.original_weights, original);
    assert!(
        forced
            .record
            .history
            .iter()
            .any(|h| h.reason.contains("replaced (--force)"))
    );

    // A finished rollout is simply replaced.
    let mut done = first.record.clone();
    done.phase = Phase::Succeeded;
    let again = start(
        Some(&done),
        spec,
        original,
        json!({"second": true}),
        "bob",
        at(900),
        TTL,
        false,
    )
    .unwrap();
    assert_eq!(again.record.snapshot, json!({"second": true}));
    assert_eq!(again.replaced, None);
}

#[test]
fn the_record_round_trips_through_the_annotation() {
    let mut sim = into_phase(blue_green_spec(true, false), Phase::Progressing);
    sim.judge(Outcome::Inconclusive);
    let text = sim.rec.encode().unwrap();
    assert_eq!(RolloutRecord::decode(&text).unwrap(), sim.rec);
}

#[test]
fn unknown_schema_versions_are_refused_with_a_hint() {
    let sim = into_phase(canary_spec("10,50"), Phase::Progressing);
    let mut value = serde_json::to_value(&sim.rec).unwrap();
    value["schemaVersion"] = json!(3);
    let err = RolloutRecord::decode(&value.to_string()).unwrap_err();
    assert_eq!(err.kind, RolloutErrorKind::Decode);
    assert_eq!(
        err.message,
        "annotation `meshctl.io/rollout` holds a rollout record of schemaVersion `3`; this meshctl reads `2`"
    );
    assert!(err.hint.unwrap().contains("upgrade meshctl"));
    value["schemaVersion"] = json!(0);
    let err = RolloutRecord::decode(&value.to_string()).unwrap_err();
    assert!(
        err.message.ends_with("this meshctl reads `1` to `2`"),
        "{}",
        err.message
    );

    let err = RolloutRecord::decode("{\"phase\": \"Paused\"}").unwrap_err();
    assert!(
        err.message.contains("has no numeric `schemaVersion`"),
        "{}",
        err.message
    );
    let err = RolloutRecord::decode("not json").unwrap_err();
    assert!(
        err.message
            .starts_with("annotation `meshctl.io/rollout` is not JSON")
    );

    // Weights that do not sum to 100 are not the truth about any route.
    value["schemaVersion"] = json!(1);
    value["weights"] = json!({"v1": 90, "v2": 20});
    let err = RolloutRecord::decode(&value.to_string()).unwrap_err();
    assert!(
        err.message.contains("sum to 110, not 100"),
        "{}",
        err.message
    );

    // Hand edits that serde alone would let through.
    value["weights"] = json!({"v1": 90, "v3": 10});
    let err = RolloutRecord::decode(&value.to_string()).unwrap_err();
    assert!(
        err.message
            .ends_with("weights name `v3`, which is neither `v1` nor `v2`"),
        "{}",
        err.message
    );
    value["weights"] = json!({"v1": 90, "v2": 10});
    value["stage"] = json!(7);
    let err = RolloutRecord::decode(&value.to_string()).unwrap_err();
    assert!(
        err.message
            .ends_with("stage 8 does not exist; the spec has 2"),
        "{}",
        err.message
    );
    let mut broken = sim.rec.clone();
    broken.stage = 7;
    assert_eq!(
        step(&broken, &Input::Tick, DRIVER, sim.now())
            .unwrap_err()
            .kind,
        RolloutErrorKind::Decode
    );
}

#[test]
fn a_version_1_record_is_read_and_written_back_as_version_2() {
    let sim = into_phase(canary_spec("10,50"), Phase::Progressing);
    let mut value = serde_json::to_value(&sim.rec).unwrap();
    value["schemaVersion"] = json!(1);
    value["snapshot"] = json!({"route": "main", "http": [
        {"index": 1, "name": "main", "route": [{"destination": {"host": "reviews", "subset": "v1"}}]},
        {"index": 3, "name": null, "route": [{"destination": {"host": "reviews", "subset": "v1"}}]}
    ]});
    let rec = RolloutRecord::decode(&value.to_string()).unwrap();
    assert_eq!(rec.schema_version, SCHEMA_VERSION);
    assert_eq!((rec.revision, rec.write_id.as_str()), (0, ""));
    assert_eq!(
        rec.snapshot,
        json!({"routes": [
            {"id": {"by": "name", "name": "main"},
             "destinations": [{"destination": {"host": "reviews", "subset": "v1"}}]},
            {"id": {"by": "position", "index": 3},
             "destinations": [{"destination": {"host": "reviews", "subset": "v1"}}]}
        ], "route": "main"})
    );
    let again = RolloutRecord::decode(&rec.encode().unwrap()).unwrap();
    assert_eq!(again, rec);
}

#[test]
fn every_write_is_stamped_with_its_id_and_counted() {
    let sim = into_phase(canary_spec("10,50"), Phase::Progressing);
    let mut first = sim.rec.clone();
    first.stamp_write(None, "abc.1", DRIVER);
    let mut second = first.clone();
    second.stamp_write(Some(&first), "abc.2", "alice");
    assert_eq!((first.revision, second.revision), (1, 2));
    assert_eq!(
        (second.write_id.as_str(), second.written_by.as_str()),
        ("abc.2", "alice")
    );
    let decoded = RolloutRecord::decode(&second.encode().unwrap()).unwrap();
    assert_eq!(decoded, second);
}

#[test]
fn histories_are_bounded_so_the_record_fits_an_annotation() {
    let mut spec = canary_spec("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20");
    spec.inconclusive.limit = u32::MAX;
    let mut sim = Sim::new(spec);
    sim.send(Input::Start);
    let long = "x".repeat(10_000);
    for round in 0..400 {
        if round % 2 == 0 {
            sim.advance(60);
            let stage = sim.rec.stage;
            sim.send(Input::Observation {
                stage,
                outcome: Outcome::Inconclusive,
                summary: long.clone(),
            });
        } else {
            sim.send_as(&long, Input::Pause).unwrap();
            sim.send(Input::Resume);
        }
    }
    assert_eq!(sim.rec.history.len(), MAX_HISTORY);
    assert_eq!(sim.rec.analyses.len(), MAX_ANALYSES);
    assert!(
        sim.rec
            .analyses
            .iter()
            .all(|a| a.summary.chars().count() <= MAX_TEXT)
    );
    let size = sim.rec.encode().unwrap().len();
    assert!(size < 64 * 1024, "a full record takes {size} bytes");
    // Records without round figures (older ones too) carry no `rounds` at all.
    assert!(!sim.rec.encode().unwrap().contains("\"rounds\""));

    // The worst case of round figures on top: every reason at its longest, in
    // characters JSON escapes, over many stages.
    let worst = "\u{1}\"".repeat(1000);
    for i in 0..2000_i64 {
        sim.rec.push_round(super::rounds::RoundFigures {
            at: sim.now() + jiff::SignedDuration::from_secs(i),
            stage: (i / 50) as usize,
            weight: 50,
            canary: Some(super::rounds::SubsetFigures {
                success_rate: Some(99.999),
                rps: 123_456.789,
                p99_ms: Some(12_345.6),
            }),
            stable: Some(super::rounds::SubsetFigures {
                success_rate: Some(99.999),
                rps: 123_456.789,
                p99_ms: Some(12_345.6),
            }),
            outcome: Outcome::Inconclusive,
            reason: worst.clone(),
        });
    }
    let size = sim.rec.encode().unwrap().len();
    assert!(
        size < 64 * 1024 + super::rounds::MAX_ROUNDS_BYTES,
        "a full record with round figures takes {size} bytes"
    );
    assert!(size < MAX_ENCODED_BYTES);
    assert_eq!(
        RolloutRecord::decode(&sim.rec.encode().unwrap()).unwrap(),
        sim.rec
    );

    // A snapshot near the limit: the oldest round figures give way, the record fits.
    let rounds = sim.rec.rounds.len();
    let mut near = sim.rec.clone();
    near.snapshot = json!("");
    let base = near.encode().unwrap().len();
    // 10 KiB more than fits with every round.
    near.snapshot = json!("y".repeat(MAX_ENCODED_BYTES - base + 10 * 1024));
    let text = near.encode().unwrap();
    assert!(text.len() <= MAX_ENCODED_BYTES);
    let kept = RolloutRecord::decode(&text).unwrap().rounds;
    assert!(
        !kept.is_empty() && kept.len() < rounds,
        "{} of {rounds}",
        kept.len()
    );
    assert_eq!(kept.last(), sim.rec.rounds.last(), "the newest stay");

    // A snapshot too large for an annotation is refused, not written.
    sim.rec.snapshot = json!("y".repeat(MAX_ENCODED_BYTES));
    let err = sim.rec.encode().unwrap_err();
    assert_eq!(err.kind, RolloutErrorKind::TooLarge);
}

#[test]
fn record_json_layout() {
    let mut sim = Sim::new(canary_spec("10,50"));
    sim.send(Input::Start);
    sim.judge(Outcome::Successful);
    sim.judge(Outcome::Failed);
    insta::assert_json_snapshot!(sim.rec);
}

/// A lane shift's record: the judged pairs ride in the spec, and decode again.
#[test]
fn lane_record_json_layout() {
    let mut spec = canary_spec("10,50");
    spec.lane = Some(super::LaneJudge {
        group: "shop".into(),
        lane: "dev".into(),
        targets: ["b", "c"]
            .iter()
            .map(|s| super::JudgedPair {
                namespace: "shop".into(),
                service: s.to_string(),
                canary: "dev".into(),
                stable: "baseline".into(),
            })
            .collect(),
    });
    let mut sim = Sim::new(spec);
    sim.send(Input::Start);
    sim.judge(Outcome::Successful);
    assert_eq!(
        RolloutRecord::decode(&sim.rec.encode().unwrap()).unwrap(),
        sim.rec
    );
    insta::assert_json_snapshot!(sim.rec.spec);
}

#[test]
fn a_route_with_a_third_destination_cannot_be_rolled_out() {
    let weights = Weights::new(
        [
            ("v1".to_string(), 80),
            ("v2".to_string(), 0),
            ("v0".to_string(), 20),
        ]
        .into(),
    )
    .unwrap();
    let err = RolloutRecord::new(canary_spec("50"), weights, json!({}), DRIVER, at(0)).unwrap_err();
    assert_eq!(
        err.message,
        "the route of `reviews` also sends traffic to `v0`, besides `v1` and `v2`"
    );
    assert!(err.hint.is_some());
}

#[test]
fn actions_serialize_for_reporters() {
    let actions = [
        Action::RunAnalysis {
            stage: 0,
            window: Duration::from_secs(60),
        },
        Action::SetWeights {
            weights: Weights::split("v1", "v2", 10),
        },
        Action::RecordEvent {
            reason: "CanaryStep",
            message: "step 1/4".into(),
            warning: false,
        },
    ];
    assert_eq!(
        serde_json::to_value(actions).unwrap(),
        json!([
            {"type": "runAnalysis", "stage": 0, "window": "1m"},
            {"type": "setWeights", "weights": {"v1": 90, "v2": 10}},
            {"type": "recordEvent", "reason": "CanaryStep", "message": "step 1/4", "warning": false},
        ])
    );
}

fn plan_spec(text: &str) -> RolloutSpec {
    RolloutSpec {
        strategy: Strategy::Plan {
            steps: plan::parse(text).unwrap().steps,
        },
        ..RolloutSpec::canary(
            "reviews",
            Split::subsets("v1", "v2"),
            Steps::parse("100").unwrap(),
            Duration::from_secs(60),
        )
    }
}

fn waits_until(actions: &[Action]) -> Option<Timestamp> {
    actions.iter().find_map(|a| match a {
        Action::WaitUntil { at } => Some(*at),
        _ => None,
    })
}

#[test]
fn a_plan_walks_weights_pauses_and_analyses_in_order() {
    let mut sim = Sim::new(plan_spec(
        "steps:\n- setWeight: 10\n- pause: {duration: 2m}\n- setWeight: 30\n\
         - analysis: {checks: [{successRate: {min: 99}}]}\n- setWeight: 60\n- pause: {}\n",
    ));
    // setWeight passes at once; the timed pause is held by time alone.
    let actions = sim.send(Input::Start);
    assert_eq!(sim.rec.stage, 1);
    assert_eq!(sim.rec.weights, Weights::split("v1", "v2", 10));
    assert_eq!(waits_until(&actions), Some(at(120)));
    assert!(!runs_analysis(&actions, 1));
    sim.advance(60);
    assert!(sim.send(Input::Tick).iter().all(|a| !a.is_write()));
    assert_eq!(sim.rec.stage, 1, "held until its duration is over");
    sim.advance(60);
    let actions = sim.send(Input::Tick);
    // 30%, then the analysis step judges at that weight.
    assert_eq!(sim.rec.stage, 3);
    assert!(runs_analysis(&actions, 3));
    assert_eq!(sim.rec.weights, Weights::split("v1", "v2", 30));
    assert!(sim.rec.spec.analysis_for(3).is_some());
    assert!(sim.rec.spec.analysis_for(1).is_none());
    // Passing it sets 60% and stops at the pause step for a person.
    sim.judge(Outcome::Successful);
    assert_eq!(sim.rec.stage, 5);
    assert_eq!(sim.rec.phase, Phase::Paused);
    assert_eq!(sim.rec.pause_reason, Some(PauseReason::PauseStep));
    assert_eq!(sim.rec.weights, Weights::split("v1", "v2", 60));
    // Time alone and `resume` do not pass it; `promote` does, and finishes.
    sim.advance(3600);
    sim.send(Input::Tick);
    assert_eq!(sim.rec.phase, Phase::Paused);
    let err = sim.send_as("alice", Input::Resume).unwrap_err();
    assert!(err.message.contains("pause step"), "{}", err.message);
    sim.send_as("alice", Input::Promote { full: false })
        .unwrap();
    assert_eq!(sim.rec.phase, Phase::Succeeded);
    assert_eq!(sim.canary_weights, [10, 30, 60, 100]);
    assert_eq!(
        sim.events,
        [
            "CanaryStep",
            "CanaryPause",
            "CanaryStep",
            "CanaryAnalysis",
            "CanaryStep",
            "CanaryPause",
            "CanaryPaused",
            "CanaryPromoted"
        ]
    );
}

#[test]
fn a_failed_analysis_step_rolls_the_plan_back() {
    let mut sim = Sim::new(plan_spec(
        "steps:\n- setWeight: 20\n- analysis: {checks: [{successRate: {min: 99}}]}\n- setWeight: 50\n",
    ));
    sim.send(Input::Start);
    assert_eq!(sim.rec.stage, 1);
    sim.judge(Outcome::Failed);
    assert_eq!(sim.rec.phase, Phase::RolledBack);
    assert_eq!(sim.routes.weights, sim.rec.original_weights);
    assert_eq!(sim.canary_weights, [20, 0]);
}

#[test]
fn a_plan_ending_with_set_weight_promotes_at_once() {
    let mut sim = Sim::new(plan_spec("steps:\n- setWeight: 25\n- setWeight: 50\n"));
    sim.send(Input::Start);
    assert_eq!(sim.rec.phase, Phase::Succeeded);
    assert_eq!(sim.canary_weights, [100]);
}

#[test]
fn a_header_route_step_adds_meshctls_route_and_promotion_removes_it() {
    let mut sim = Sim::new(plan_spec(
        "steps:\n- setHeaderRoute: {match: [{header: x-canary, exact: \"1\"}]}\n\
         - pause: {}\n- setWeight: 50\n- pause: {}\n",
    ));
    let actions = sim.send(Input::Start);
    assert!(actions.contains(&Action::AddPreviewRoute {
        preview: Preview::Header {
            name: "x-canary".into(),
            value: "1".into()
        },
        destination: "v2".into()
    }));
    assert!(sim.routes.preview);
    assert_eq!(sim.rec.weights, Weights::split("v1", "v2", 0));
    assert_eq!(sim.rec.pause_reason, Some(PauseReason::PauseStep));
    sim.send_as("alice", Input::Promote { full: false })
        .unwrap();
    assert_eq!(sim.rec.weights, Weights::split("v1", "v2", 50));
    assert!(
        sim.routes.preview,
        "the header route stays while the weight grows"
    );
    sim.send_as("alice", Input::Promote { full: false })
        .unwrap();
    assert_eq!(sim.rec.phase, Phase::Succeeded);
    assert!(
        !sim.routes.preview,
        "promotion removes meshctl's header route"
    );
    assert_eq!(sim.events[0], "CanaryHeaderRoute");
}

#[test]
fn rolling_back_an_ab_plan_removes_the_header_route_without_touching_weights() {
    let mut sim = Sim::new(plan_spec(
        "steps:\n- setHeaderRoute: {match: [{header: x-canary, exact: \"1\"}]}\n- pause: {}\n",
    ));
    sim.send(Input::Start);
    let actions = sim
        .send_as(
            "alice",
            Input::Rollback {
                reason: String::new(),
            },
        )
        .unwrap();
    assert_eq!(writes(&actions), [&Action::RemovePreviewRoute]);
    assert!(!sim.routes.preview);
    assert_eq!(sim.rec.phase, Phase::RolledBack);
}

#[test]
fn a_mirror_step_copies_traffic_until_promotion_or_rollback_removes_it() {
    let text = "steps:\n- setMirror: {percent: 20}\n- pause: {}\n- setWeight: 50\n- setMirror: {}\n- pause: {}\n";
    let mut sim = Sim::new(plan_spec(text));
    let actions = sim.send(Input::Start);
    assert!(actions.contains(&Action::SetMirror { percent: 20 }));
    assert_eq!(sim.rec.mirror, Some(20));
    assert_eq!(sim.rec.weights, Weights::split("v1", "v2", 0));
    assert_eq!(sim.events[0], "CanaryMirror");
    sim.send_as("alice", Input::Promote { full: false })
        .unwrap();
    assert_eq!(sim.rec.mirror, None, "`setMirror: {{}}` stops it");
    assert_eq!(sim.rec.weights, Weights::split("v1", "v2", 50));
    // Rolled back while mirroring: the mirror goes with the rest.
    let mut sim = Sim::new(plan_spec(text));
    sim.send(Input::Start);
    let actions = sim
        .send_as(
            "alice",
            Input::Rollback {
                reason: String::new(),
            },
        )
        .unwrap();
    assert_eq!(writes(&actions), [&Action::RemoveMirror]);
    assert_eq!(sim.routes.mirror, None);
    // Promoted in full while mirroring: removed too.
    let mut sim = Sim::new(plan_spec(text));
    sim.send(Input::Start);
    sim.send_as("alice", Input::Promote { full: true }).unwrap();
    assert_eq!(sim.routes.mirror, None);
    assert_eq!(sim.rec.phase, Phase::Succeeded);
}

#[test]
fn a_sticky_cookie_is_set_once_the_canary_has_traffic_and_removed_at_the_end() {
    let mut spec = canary_spec("10,50");
    spec.sticky_cookie = Some("shop-canary".into());
    let mut sim = Sim::new(spec.clone());
    let actions = sim.send(Input::Start);
    let cookie = "shop-canary".to_string();
    let at = |a: &Action| actions.iter().position(|x| x == a);
    assert!(
        at(&Action::AddStickyRoute {
            cookie: cookie.clone()
        }) > at(&Action::SetWeights {
            weights: Weights::split("v1", "v2", 10)
        }),
        "the cookie goes on the canary's destination, which the weights add: {actions:?}"
    );
    let actions = sim.judge(Outcome::Successful);
    assert!(
        !actions
            .iter()
            .any(|a| matches!(a, Action::AddStickyRoute { .. }))
    );
    let actions = sim.judge(Outcome::Successful);
    assert!(actions.contains(&Action::RemoveStickyRoute {
        cookie: cookie.clone()
    }));
    assert_eq!(sim.rec.phase, Phase::Succeeded);
    assert!(!sim.routes.sticky);
    let mut sim = Sim::new(spec);
    sim.send(Input::Start);
    sim.judge(Outcome::Failed);
    assert_eq!(sim.rec.phase, Phase::RolledBack);
    assert!(!sim.routes.sticky);
}
