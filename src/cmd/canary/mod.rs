//! `meshctl canary …`: shift traffic from the stable to the canary version step by
//! step, judged by proxy metrics; every command reads and writes the rollout record on
//! the VirtualService, so any terminal or CI job can continue, stop or inspect it.

pub mod control;
pub mod start;
pub mod status;

use super::Ctx;
use crate::{ExitStatus, Result};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Start a canary rollout and drive it (or set its first step with `--detach`)
    Start(Box<start::Args>),
    /// Judge the current step once and advance or roll back (for scheduled CI jobs)
    Step(control::StepArgs),
    /// Hold the current weights until `resume`
    Pause(control::ServiceArgs),
    /// Continue a paused rollout (or take over one whose driver died) in the foreground
    Resume(control::ResumeArgs),
    /// Pass the current step now; `--full` goes straight to 100%
    Promote(control::PromoteArgs),
    /// Put the routes back as they were before the rollout
    Rollback(control::RollbackArgs),
    /// Stop the rollout and put the routes back, recorded as aborted (not judged bad)
    Abort(control::ServiceArgs),
    /// Start a rolled back or aborted rollout again from its recorded spec
    Retry(control::RetryArgs),
    /// Show a rollout; `--watch` waits until it settles (a CI gate)
    Status(status::StatusArgs),
    /// List the rollouts in the namespace
    List(status::ListArgs),
    /// Write a rollout's report: one HTML file with its figures, verdicts and hooks
    Report(crate::cmd::rollout::report::Args),
}

pub async fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitStatus> {
    match cmd {
        // Boxed: the start's future (bring-up, hooks, the drive) is large.
        Command::Start(args) => Box::pin(start::run(ctx, args)).await,
        Command::Step(args) => control::step(ctx, args).await,
        Command::Pause(args) => control::pause(ctx, args, "canary").await,
        Command::Resume(args) => control::resume(ctx, args, "canary").await,
        Command::Promote(args) => control::promote(ctx, args, "canary").await,
        Command::Rollback(args) => control::rollback(ctx, args, "canary").await,
        Command::Abort(args) => control::abort(ctx, args, "canary").await,
        Command::Retry(args) => control::retry(ctx, args, "canary").await,
        Command::Status(args) => status::status(ctx, args, "canary").await,
        Command::List(args) => status::list(ctx, args, false).await,
        Command::Report(args) => crate::cmd::rollout::report::run(ctx, args).await,
    }
}

#[cfg(test)]
mod tests {
    //! A whole canary through the command, against the ports' doubles and in virtual
    //! time: twenty minutes of stages and analysis pass in milliseconds.

    use crate::ExitStatus;
    use crate::cmd::testing::Doubles;
    use crate::core::duration::Duration;
    use crate::core::fake::FixedSource;
    use crate::core::metrics::{Latency, Sample};
    use crate::core::store::ObjectRef;
    use serde_json::{Value, json};

    /// Notifications of a canary run through the command (`tests/notify.rs`).
    mod notify;

    fn vs() -> Value {
        json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
               "metadata": {"name": "reviews"},
               "spec": {"hosts": ["reviews"], "http": [{"route": [
                   {"destination": {"host": "reviews", "subset": "v1"}}]}]}})
    }

    fn dr() -> Value {
        json!({"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
               "metadata": {"name": "reviews"},
               "spec": {"host": "reviews", "subsets": [
                   {"name": "v1", "labels": {"version": "v1"}},
                   {"name": "v2", "labels": {"version": "v2"}}]}})
    }

    fn pod(version: &str) -> Value {
        json!({"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": format!("reviews-{version}"), "labels": {"version": version}},
               "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}})
    }

    fn healthy(errors: f64) -> Sample {
        Sample::from_totals(1000.0, errors, Duration::from_secs(60), Latency::default())
    }

    /// The first route's destinations as (subset, weight).
    fn route_weights(vs: &Value) -> Vec<(String, u64)> {
        vs["spec"]["http"][0]["route"]
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

    /// The mesh, two Ready pods and metrics where v2 answers `v2_errors` of 1000 with 5xx.
    fn doubles(v2_errors: f64) -> Doubles {
        let source = FixedSource::default()
            .with("v1", healthy(0.0))
            .with("v2", healthy(v2_errors));
        Doubles::mesh([vs(), dr()])
            .with_workloads([pod("v1"), pod("v2")])
            .with_metrics(source)
    }

    /// A canary of `reviews` to v2 in two steps of ten virtual minutes.
    const START: [&str; 13] = [
        "canary",
        "start",
        "reviews",
        "--canary",
        "v2",
        "--steps",
        "50,100",
        "--interval",
        "10m",
        "--min-success-rate",
        "99",
        "--analysis-interval",
        "1m",
    ];

    async fn canary(v2_errors: f64) -> (crate::cmd::testing::Ran, Value) {
        let doubles = doubles(v2_errors);
        let wall = std::time::Instant::now();
        let ran = doubles.run(&START).await;
        assert!(
            wall.elapsed() < std::time::Duration::from_secs(10),
            "virtual time: the stages' 10 minutes must not pass on the wall clock"
        );
        let stored = doubles
            .mesh
            .object(&ObjectRef::istio("VirtualService", "shop", "reviews"))
            .unwrap();
        (ran, stored)
    }

    #[tokio::test(start_paused = true)]
    async fn a_healthy_canary_is_promoted_in_virtual_time() {
        let (ran, vs) = canary(0.0).await;
        assert_eq!(ran.status, ExitStatus::Success, "{}", ran.stderr);
        assert_eq!(
            route_weights(&vs),
            [("v1".to_string(), 0), ("v2".to_string(), 100)]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_failing_canary_is_rolled_back_in_virtual_time() {
        let (ran, vs) = canary(50.0).await;
        assert_eq!(ran.status, ExitStatus::RolloutFailed, "{}", ran.stderr);
        assert!(ran.stderr.contains("rolled back"), "{}", ran.stderr);
        let route = vs["spec"]["http"][0]["route"].as_array().unwrap().clone();
        assert_eq!(route.len(), 1, "{route:?}");
        assert_eq!(route[0]["destination"]["subset"], "v1");
    }

    /// `--report FILE` writes the report when the rollout ends, here a rollback, and
    /// `canary report` makes the same from the record later (to stdout).
    #[tokio::test(start_paused = true)]
    async fn the_report_is_written_at_the_end_and_made_again_from_the_record() {
        let doubles = doubles(50.0);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("report.html");
        let ran = doubles
            .run(&[&START[..], &["--report", file.to_str().unwrap()]].concat())
            .await;
        assert_eq!(ran.status, ExitStatus::RolloutFailed, "{}", ran.stderr);
        assert!(
            ran.stderr.contains("wrote the rollout report"),
            "{}",
            ran.stderr
        );
        let html = std::fs::read_to_string(&file).unwrap();
        assert!(html.contains("RolledBack"), "{html}");
        assert_eq!(html.matches("<svg").count(), 3, "the judged stage's charts");
        assert!(html.contains("at least 99%"));
        assert!(html.contains("<span class=\"verdict failed\">Failed</span>"));
        let later = doubles.run(&["canary", "report", "reviews"]).await;
        assert_eq!(later.status, ExitStatus::Success, "{}", later.stderr);
        assert!(later.stdout.starts_with("<!DOCTYPE html>"));
        assert_eq!(later.stdout.matches("<svg").count(), 3);
        // `bluegreen report` reads the same record the same way.
        let bg = doubles.run(&["bluegreen", "report", "reviews"]).await;
        assert_eq!(bg.status, ExitStatus::Success, "{}", bg.stderr);
        assert_eq!(bg.stdout, later.stdout);
        let none = self::doubles(0.0)
            .run(&["canary", "report", "reviews"])
            .await;
        assert_ne!(none.status, ExitStatus::Success);
        assert!(
            none.stderr.contains("has no rollout recorded"),
            "{}",
            none.stderr
        );
        assert!(none.stdout.is_empty());
        // `status --watch` shows the same figures as sparklines, numbers in words.
        let watched = doubles
            .run(&["canary", "status", "reviews", "--watch"])
            .await;
        assert_eq!(
            watched.status,
            ExitStatus::RolloutFailed,
            "{}",
            watched.stderr
        );
        assert!(watched.stderr.contains("success v2 "), "{}", watched.stderr);
        assert!(
            watched.stderr.contains("95% now (lowest 95%, highest 95%)"),
            "{}",
            watched.stderr
        );
        assert!(
            watched.stderr.contains("last round Failed"),
            "{}",
            watched.stderr
        );

        let detached = doubles
            .run(&[
                "canary", "start", "reviews", "--canary", "v2", "--detach", "--report", "x.html",
            ])
            .await;
        assert_eq!(detached.status, ExitStatus::Usage, "{}", detached.stderr);
    }

    /// A plan with a timed pause, an analysis step and a pause for a person, run
    /// through the command: it stops at the pause step (exit 4) at 60%, and `promote`
    /// finishes it.
    #[tokio::test(start_paused = true)]
    async fn a_plan_runs_its_steps_and_waits_at_its_pause_step() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.yaml");
        std::fs::write(
            &plan,
            "steps:\n- setWeight: 20\n- pause: {duration: 5m}\n\
             - analysis: {interval: 1m, window: 1m, checks: [{successRate: {min: 99}}]}\n\
             - setWeight: 60\n- pause: {}\n",
        )
        .unwrap();
        let plan = plan.to_str().unwrap();
        for (v2_errors, status, expected) in [
            (0.0, ExitStatus::RolloutPaused, [("v1", 40), ("v2", 60)]),
            (50.0, ExitStatus::RolloutFailed, [("v1", 100), ("v2", 0)]),
        ] {
            let doubles = doubles(v2_errors);
            let ran = doubles
                .run(&[
                    "canary", "start", "reviews", "--canary", "v2", "--plan", plan,
                ])
                .await;
            assert_eq!(ran.status, status, "{}", ran.stderr);
            let vs_ref = ObjectRef::istio("VirtualService", "shop", "reviews");
            let stored = doubles.mesh.object(&vs_ref).unwrap();
            // Routes at weight 0 may be kept or dropped on rollback: compare the traffic.
            let mut got = route_weights(&stored);
            let want: Vec<(String, u64)> = expected
                .iter()
                .filter(|(_, w)| *w > 0)
                .map(|(s, w)| (s.to_string(), *w))
                .collect();
            got.retain(|(_, w)| *w > 0);
            assert_eq!(got, want, "{}", ran.stderr);
            if status == ExitStatus::RolloutPaused {
                assert!(ran.stderr.contains("pause step"), "{}", ran.stderr);
                let promoted = doubles.run(&["canary", "promote", "reviews"]).await;
                assert_eq!(promoted.status, ExitStatus::Success, "{}", promoted.stderr);
                let stored = doubles.mesh.object(&vs_ref).unwrap();
                assert_eq!(
                    route_weights(&stored),
                    [("v1".to_string(), 0), ("v2".to_string(), 100)]
                );
            }
        }
    }
}
