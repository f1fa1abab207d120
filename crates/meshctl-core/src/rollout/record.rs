//! The rollout record: the whole truth about one rollout, kept as JSON in the
//! `meshctl.io/rollout` annotation of the VirtualService it shifts. Because it is
//! written in the same update as the weights, any later invocation (another CI job,
//! another laptop) can read it and resume, promote or roll back. Histories are bounded
//! so the record stays far below the API server's 256 KiB limit for annotations.

use std::collections::BTreeMap;
use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::{RolloutError, RolloutErrorKind};
use super::machine::Outcome;
use super::spec::RolloutSpec;

/// The annotation on the VirtualService that holds the record.
pub const ANNOTATION: &str = "meshctl.io/rollout";
/// The record layout this meshctl writes. It also reads `1`, whose snapshot named
/// unnamed routes by position (see [`super::routes::RouteId::Position`]); a record it
/// rewrites is written as this version.
pub const SCHEMA_VERSION: u32 = 2;
/// The oldest layout this meshctl still reads.
pub const OLDEST_SCHEMA_VERSION: u32 = 1;
/// Transitions kept in the record (oldest dropped first).
pub const MAX_HISTORY: usize = 50;
/// Analysis results kept in the record (oldest dropped first).
pub const MAX_ANALYSES: usize = 20;
/// Longest reason, summary or actor kept, in characters; longer text is cut.
pub const MAX_TEXT: usize = 300;
/// The most an encoded record may take. The API server allows 256 KiB for all
/// annotations of an object together (`kubectl apply` alone may copy the whole object
/// into one), so the record keeps to half of it.
pub const MAX_ENCODED_BYTES: usize = 128 * 1024;

/// Where a rollout stands. Every transition is one atomic write, so there are no
/// in-between phases such as "promoting" or "rolling back" to record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Phase {
    /// Created, nothing written to the routes yet.
    Pending,
    /// Blue-green: the idle colour is judged through the preview route at weight 0.
    Verifying,
    /// Traffic is on the new destination and the current stage is being judged.
    Progressing,
    /// Holding the current weights until a person resumes, promotes or rolls back.
    Paused,
    /// The new destination serves all traffic. Final.
    Succeeded,
    /// The routes are back as they were before the rollout. Final.
    RolledBack,
    /// Cancelled by a person; the routes are back as they were. Final.
    Aborted,
}

impl Phase {
    pub fn is_terminal(self) -> bool {
        matches!(self, Phase::Succeeded | Phase::RolledBack | Phase::Aborted)
    }

    /// Whether a driver should be judging the current stage.
    pub fn is_active(self) -> bool {
        matches!(self, Phase::Verifying | Phase::Progressing)
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// Why a rollout is paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PauseReason {
    /// A person asked (`pause`, or Ctrl-C in the foreground).
    Requested,
    /// All stages passed; `pauseBeforePromote` waits for `promote`.
    AwaitingPromotion,
    /// Too many inconclusive judgements on one stage.
    InconclusiveLimit,
    /// Too many analysis errors in a row.
    ErrorLimit,
    /// A judgement failed (or timed out) and `noRevert` keeps the traffic where it is.
    FailedNoRevert,
    /// A plan's `pause: {}` step waits for `promote`.
    PauseStep,
}

/// Traffic weights by destination (subset or host name); always sum to 100.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "BTreeMap<String, u32>", into = "BTreeMap<String, u32>")]
pub struct Weights(BTreeMap<String, u32>);

impl Weights {
    /// `canary` gets `canary_weight`, `stable` the rest.
    pub fn split(stable: &str, canary: &str, canary_weight: u32) -> Weights {
        let canary_weight = canary_weight.min(100);
        Weights(BTreeMap::from([
            (stable.to_string(), 100 - canary_weight),
            (canary.to_string(), canary_weight),
        ]))
    }

    /// Checks that the weights sum to 100.
    pub fn new(weights: BTreeMap<String, u32>) -> Result<Weights, RolloutError> {
        let total: u32 = weights.values().sum();
        if total != 100 {
            let listed = weights
                .iter()
                .map(|(k, v)| format!("`{k}`={v}"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(RolloutError::new(
                RolloutErrorKind::InvalidSpec,
                format!("route weights {listed} sum to {total}, not 100"),
            )
            .with_hint("fix the VirtualService route so its destination weights sum to 100"));
        }
        Ok(Weights(weights))
    }

    /// The weight of a destination (0 when it has no route).
    pub fn get(&self, name: &str) -> u32 {
        self.0.get(name).copied().unwrap_or(0)
    }

    pub fn total(&self) -> u32 {
        self.0.values().sum()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.0.iter().map(|(k, &v)| (k.as_str(), v))
    }

    /// Whether both give every destination the same weight (a missing route is 0).
    pub fn same_traffic(&self, other: &Weights) -> bool {
        self.0
            .keys()
            .chain(other.0.keys())
            .all(|k| self.get(k) == other.get(k))
    }
}

impl TryFrom<BTreeMap<String, u32>> for Weights {
    type Error = RolloutError;
    fn try_from(weights: BTreeMap<String, u32>) -> Result<Self, Self::Error> {
        Weights::new(weights)
    }
}

impl From<Weights> for BTreeMap<String, u32> {
    fn from(weights: Weights) -> Self {
        weights.0
    }
}

impl fmt::Display for Weights {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (name, weight) in self.iter() {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            write!(f, "`{name}` {weight}%")?;
        }
        Ok(())
    }
}

/// Who may drive the rollout, and until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lock {
    pub holder: String,
    pub acquired_at: Timestamp,
    pub expires_at: Timestamp,
}

impl Lock {
    pub fn is_live(&self, now: Timestamp) -> bool {
        self.expires_at > now
    }
}

/// One transition: who did what, when, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub at: Timestamp,
    pub actor: String,
    pub from: Phase,
    pub to: Phase,
    /// The stage after the transition.
    pub stage: usize,
    pub reason: String,
}

/// One judgement of a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AnalysisEntry {
    pub at: Timestamp,
    pub stage: usize,
    pub outcome: Outcome,
    pub summary: String,
}

/// Everything known about one rollout. See `docs/rollout-record.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RolloutRecord {
    pub schema_version: u32,
    pub spec: RolloutSpec,
    pub phase: Phase,
    /// Index into `spec.stages()`.
    pub stage: usize,
    /// The weights now in the routes.
    pub weights: Weights,
    /// The weights before the rollout; a rollback restores them.
    pub original_weights: Weights,
    /// Whether the blue-green preview route is now in the routes.
    #[serde(default)]
    pub preview_route: bool,
    /// The share of requests meshctl now mirrors to the new version (a plan's
    /// `setMirror`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mirror: Option<u32>,
    /// Whether meshctl's sticky route and cookie (`spec.stickyCookie`) are in the routes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sticky: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_started_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pause_reason: Option<PauseReason>,
    /// Inconclusive judgements of the current stage.
    #[serde(default)]
    pub inconclusive_count: u32,
    /// Analysis errors in a row.
    #[serde(default)]
    pub consecutive_errors: u32,
    /// The reason of the last transition, for status.
    #[serde(default)]
    pub message: String,
    /// The last [`MAX_HISTORY`] transitions, oldest first.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
    /// The last [`MAX_ANALYSES`] judgements, oldest first.
    #[serde(default)]
    pub analyses: Vec<AnalysisEntry>,
    /// The last [`super::hooks::MAX_HOOK_CALLS`] webhook calls, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hook_calls: Vec<super::hooks::HookCall>,
    /// The figures of judged rounds, oldest first, thinned to stay within the bounds of
    /// [`super::rounds`]; absent in records written before they were kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<super::rounds::RoundFigures>,
    /// The routes meshctl changes, as they were before it started, each with the
    /// identity it is found by (opaque to the state machine; `routes` reads and
    /// restores it, see [`super::routes::RouteSnapshot`]).
    pub snapshot: Value,
    /// How many writes stored this record so far: each write of a driver or command
    /// (transitions and lock renewals alike) counts one.
    #[serde(default)]
    pub revision: u64,
    /// The id of the write that stored this record, unique per process and write
    /// (`SESSION.N`). A writer whose reply was lost reads the object again and knows
    /// its write landed when it finds its own id here.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub write_id: String,
    /// Who made that write (the actor, as in the lock and the history).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub written_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock: Option<Lock>,
    /// When meshctl finished with the workloads (`spec.workload`) after the rollout
    /// ended: the scale-down, the `primary` update or the clean-up. Absent while that
    /// is still to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload_done: Option<Timestamp>,
    pub created_at: Timestamp,
    pub created_by: String,
    pub updated_at: Timestamp,
}

/// Cuts text to [`MAX_TEXT`] characters, marking the cut.
pub(crate) fn bounded(text: &str) -> String {
    if text.chars().count() <= MAX_TEXT {
        return text.to_string();
    }
    let mut out: String = text.chars().take(MAX_TEXT - 1).collect();
    out.push('…');
    out
}

impl RolloutRecord {
    /// A pending record: nothing written to the routes yet. `original_weights` and
    /// `snapshot` describe the routes as they are now; they may only name the two
    /// destinations of the split.
    pub fn new(
        spec: RolloutSpec,
        original_weights: Weights,
        snapshot: Value,
        actor: &str,
        now: Timestamp,
    ) -> Result<RolloutRecord, RolloutError> {
        spec.validate()?;
        let (stable, canary) = (&spec.split.stable, &spec.split.canary);
        if let Some((other, _)) = original_weights
            .iter()
            .find(|(name, _)| name != stable && name != canary)
        {
            return Err(RolloutError::invalid_spec(format!(
                "the route of `{}` also sends traffic to `{other}`, besides `{stable}` and `{canary}`",
                spec.service
            ))
            .with_hint("a rollout splits traffic between two destinations; remove the others from the route first"));
        }
        let original = Weights::split(stable, canary, original_weights.get(canary));
        Ok(RolloutRecord {
            schema_version: SCHEMA_VERSION,
            phase: Phase::Pending,
            stage: 0,
            weights: original.clone(),
            original_weights: original,
            preview_route: false,
            mirror: None,
            sticky: false,
            stage_started_at: None,
            pause_reason: None,
            inconclusive_count: 0,
            consecutive_errors: 0,
            message: String::new(),
            history: Vec::new(),
            analyses: Vec::new(),
            hook_calls: Vec::new(),
            rounds: Vec::new(),
            snapshot,
            revision: 0,
            write_id: String::new(),
            written_by: String::new(),
            lock: None,
            workload_done: None,
            created_at: now,
            created_by: bounded(actor),
            updated_at: now,
            spec,
        })
    }

    /// The new destination's weight now.
    pub fn canary_weight(&self) -> u32 {
        self.weights.get(&self.spec.split.canary)
    }

    pub(crate) fn push_history(&mut self, entry: HistoryEntry) {
        self.history.push(HistoryEntry {
            actor: bounded(&entry.actor),
            reason: bounded(&entry.reason),
            ..entry
        });
        let excess = self.history.len().saturating_sub(MAX_HISTORY);
        self.history.drain(..excess);
    }

    pub(crate) fn push_analysis(&mut self, entry: AnalysisEntry) {
        self.analyses.push(AnalysisEntry {
            summary: bounded(&entry.summary),
            ..entry
        });
        let excess = self.analyses.len().saturating_sub(MAX_ANALYSES);
        self.analyses.drain(..excess);
    }

    /// Marks this record as the one write `write_id` by `actor` stores, over
    /// `previous` (the record read before it, if any).
    pub fn stamp_write(&mut self, previous: Option<&RolloutRecord>, write_id: &str, actor: &str) {
        self.revision = previous.map_or(0, |p| p.revision) + 1;
        self.write_id = bounded(write_id);
        self.written_by = bounded(actor);
    }

    /// The annotation value: compact JSON. Round figures give way first: when the
    /// record would be too large with them (a snapshot near the limit), the oldest are
    /// left out until it fits.
    pub fn encode(&self) -> Result<String, RolloutError> {
        let mut text = self.encode_unchecked()?;
        let mut trimmed = self.rounds.clone();
        while text.len() > MAX_ENCODED_BYTES && !trimmed.is_empty() {
            trimmed.drain(..trimmed.len().div_ceil(4));
            text = RolloutRecord {
                rounds: trimmed.clone(),
                ..self.clone()
            }
            .encode_unchecked()?;
        }
        if text.len() > MAX_ENCODED_BYTES {
            return Err(RolloutError::new(
                RolloutErrorKind::TooLarge,
                format!(
                    "the rollout record of `{}` takes {} KiB, more than the {} KiB allowed in annotation `{ANNOTATION}`",
                    self.spec.service,
                    text.len().div_ceil(1024),
                    MAX_ENCODED_BYTES / 1024
                ),
            )
            .with_hint("the snapshot of the routes or the analysis spec is too large; split the VirtualService or shorten the analysis"));
        }
        Ok(text)
    }

    fn encode_unchecked(&self) -> Result<String, RolloutError> {
        serde_json::to_string(self).map_err(|err| {
            RolloutError::new(
                RolloutErrorKind::Decode,
                format!(
                    "cannot encode the rollout record of `{}`: {err}",
                    self.spec.service
                ),
            )
        })
    }

    /// Reads an annotation value, refusing layouts this meshctl does not know.
    pub fn decode(text: &str) -> Result<RolloutRecord, RolloutError> {
        let remove_hint = format!(
            "remove the annotation with `kubectl annotate virtualservice NAME {ANNOTATION}-` to start afresh"
        );
        let mut value: Value = serde_json::from_str(text).map_err(|err| {
            RolloutError::new(
                RolloutErrorKind::Decode,
                format!("annotation `{ANNOTATION}` is not JSON: {err}"),
            )
            .with_hint(remove_hint.clone())
        })?;
        let version = match value.get("schemaVersion") {
            Some(Value::Number(n)) => n.as_u64(),
            _ => None,
        };
        match version {
            Some(v) if v == u64::from(SCHEMA_VERSION) => {}
            Some(v)
                if (u64::from(OLDEST_SCHEMA_VERSION)..u64::from(SCHEMA_VERSION)).contains(&v) =>
            {
                // Version 1 differs only in its snapshot, which is read into this
                // layout (positions stay positions: never guessed, see `routes`).
                let snapshot = super::routes::RouteSnapshot::from_value(
                    value.get("snapshot").unwrap_or(&Value::Null),
                )?;
                value["snapshot"] = snapshot.to_value();
                value["schemaVersion"] = Value::from(SCHEMA_VERSION);
            }
            Some(v) if v > u64::from(SCHEMA_VERSION) => {
                return Err(RolloutError::new(
                    RolloutErrorKind::Decode,
                    format!(
                        "annotation `{ANNOTATION}` holds a rollout record of schemaVersion `{v}`; this meshctl reads `{SCHEMA_VERSION}`"
                    ),
                )
                .with_hint("a newer meshctl wrote it: upgrade meshctl to continue this rollout"));
            }
            Some(v) => {
                return Err(RolloutError::new(
                    RolloutErrorKind::Decode,
                    format!(
                        "annotation `{ANNOTATION}` holds a rollout record of unknown schemaVersion `{v}`; this meshctl reads `{OLDEST_SCHEMA_VERSION}` to `{SCHEMA_VERSION}`"
                    ),
                )
                .with_hint(remove_hint));
            }
            None => {
                return Err(RolloutError::new(
                    RolloutErrorKind::Decode,
                    format!("annotation `{ANNOTATION}` has no numeric `schemaVersion`; it is not a meshctl rollout record"),
                )
                .with_hint(remove_hint));
            }
        }
        let record: RolloutRecord = serde_json::from_value(value).map_err(|err| {
            RolloutError::new(
                RolloutErrorKind::Decode,
                format!("annotation `{ANNOTATION}` is not a valid rollout record: {err}"),
            )
            .with_hint(remove_hint.clone())
        })?;
        record.check().map_err(|err| {
            RolloutError::new(
                RolloutErrorKind::Decode,
                format!(
                    "annotation `{ANNOTATION}` is not a valid rollout record: {}",
                    err.message
                ),
            )
            .with_hint(remove_hint)
        })?;
        Ok(record)
    }

    /// Checks what serde alone does not: a valid spec, a stage that exists, weights
    /// only for the split's two destinations. A hand-edited annotation may break these.
    pub fn check(&self) -> Result<(), RolloutError> {
        self.spec.validate()?;
        let stages = self.spec.stages().len();
        if self.stage >= stages {
            return Err(RolloutError::new(
                RolloutErrorKind::Decode,
                format!(
                    "stage {} does not exist; the spec has {stages}",
                    self.stage + 1
                ),
            ));
        }
        let split = &self.spec.split;
        for weights in [&self.weights, &self.original_weights] {
            if let Some((name, _)) = weights
                .iter()
                .find(|(name, _)| *name != split.stable && *name != split.canary)
            {
                return Err(RolloutError::new(
                    RolloutErrorKind::Decode,
                    format!(
                        "weights name `{name}`, which is neither `{}` nor `{}`",
                        split.stable, split.canary
                    ),
                ));
            }
        }
        Ok(())
    }
}
