//! What a rollout is asked to do: the strategy (canary steps or a blue-green switch),
//! which two destinations share the traffic, how each step is judged and what happens
//! on inconclusive or failing judgements. The spec is stored in the rollout record, so
//! any later invocation continues with the same rules; both strategies compile to one
//! list of [`Stage`]s that the single engine walks.

use serde::{Deserialize, Serialize};

use super::error::RolloutError;
use super::hooks::Hook;
use super::plan::PlanStep;
use crate::analysis::AnalysisSpec;
use crate::duration::Duration;

/// The canary's share of traffic at each step, in percent: non-empty, each 1..=100,
/// strictly increasing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<u32>", into = "Vec<u32>")]
pub struct Steps(Vec<u32>);

const STEPS_HINT: &str = "give the canary's weight in percent at each step, from 1 to 100 and \
                          increasing, e.g. `--steps 5,10,25,50`";

impl Steps {
    /// Checks a list of weights.
    pub fn new(weights: Vec<u32>) -> Result<Steps, RolloutError> {
        if weights.is_empty() {
            return Err(RolloutError::invalid_spec("`--steps` is empty").with_hint(STEPS_HINT));
        }
        for (i, &w) in weights.iter().enumerate() {
            if !(1..=100).contains(&w) {
                return Err(RolloutError::invalid_spec(format!(
                    "`--steps`: weight `{w}` at position {} is out of range 1..=100",
                    i + 1
                ))
                .with_hint(STEPS_HINT));
            }
            if i > 0 && w <= weights[i - 1] {
                return Err(RolloutError::invalid_spec(format!(
                    "`--steps`: weight `{w}` at position {} does not increase on `{}`",
                    i + 1,
                    weights[i - 1]
                ))
                .with_hint(STEPS_HINT));
            }
        }
        Ok(Steps(weights))
    }

    /// Reads `--steps 5,10,25,50` (spaces and a trailing `%` on each weight are allowed).
    pub fn parse(list: &str) -> Result<Steps, RolloutError> {
        let weights = list
            .split(',')
            .map(|item| {
                let item = item.trim();
                let number = item.strip_suffix('%').unwrap_or(item).trim();
                number.parse::<u32>().map_err(|_| {
                    RolloutError::invalid_spec(format!(
                        "`--steps`: `{item}` is not a whole-number weight"
                    ))
                    .with_hint(STEPS_HINT)
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Steps::new(weights)
    }

    /// `--step-weight 10 --max-weight 50` → 10, 20, 30, 40, 50. When the maximum is not
    /// a multiple of the step, it is the last step (`30` up to `100` → 30, 60, 90, 100).
    pub fn linear(step_weight: u32, max_weight: u32) -> Result<Steps, RolloutError> {
        let hint = "`--step-weight` and `--max-weight` are percentages from 1 to 100, with the \
                    step no larger than the maximum, e.g. `--step-weight 10 --max-weight 50`";
        if !(1..=100).contains(&step_weight) {
            return Err(RolloutError::invalid_spec(format!(
                "`--step-weight {step_weight}` is out of range 1..=100"
            ))
            .with_hint(hint));
        }
        if !(1..=100).contains(&max_weight) {
            return Err(RolloutError::invalid_spec(format!(
                "`--max-weight {max_weight}` is out of range 1..=100"
            ))
            .with_hint(hint));
        }
        if step_weight > max_weight {
            return Err(RolloutError::invalid_spec(format!(
                "`--step-weight {step_weight}` is larger than `--max-weight {max_weight}`"
            ))
            .with_hint(hint));
        }
        let mut weights: Vec<u32> = (1..)
            .map(|i| i * step_weight)
            .take_while(|&w| w <= max_weight)
            .collect();
        if weights.last() != Some(&max_weight) {
            weights.push(max_weight);
        }
        Steps::new(weights)
    }

    pub fn weights(&self) -> &[u32] {
        &self.0
    }
}

impl TryFrom<Vec<u32>> for Steps {
    type Error = RolloutError;
    fn try_from(weights: Vec<u32>) -> Result<Self, Self::Error> {
        Steps::new(weights)
    }
}

impl From<Steps> for Vec<u32> {
    fn from(steps: Steps) -> Self {
        steps.0
    }
}

/// How the idle colour is reached before the switch, without touching the weights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Preview {
    /// Requests carrying this header go to the new colour.
    Header { name: String, value: String },
    /// Requests for this host go to the new colour.
    Host { host: String },
}

/// Blue-green settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlueGreen {
    /// The preview route used to verify the idle colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<Preview>,
    /// How long the idle colour is judged through the preview before the switch; none
    /// skips pre-switch verification.
    #[serde(
        default,
        with = "duration_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub verify_before: Option<Duration>,
    /// How long the new colour is judged after the switch; none promotes at once.
    #[serde(
        default,
        with = "duration_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub verify_after: Option<Duration>,
    /// Switch through 50% (judged for the spec's interval) instead of all at once.
    #[serde(default)]
    pub halfway: bool,
    /// On a failed judgement after the switch, pause for a person instead of reverting.
    #[serde(default)]
    pub no_revert: bool,
}

/// The strategies; each becomes a list of stages for the same engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Strategy {
    Canary {
        steps: Steps,
    },
    BlueGreen(BlueGreen),
    /// A canary written as a step plan (`--plan FILE`, see [`super::plan`]).
    Plan {
        steps: Vec<PlanStep>,
    },
}

/// Whether the split is between subsets of one host or between two hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SplitBy {
    Subset,
    Host,
}

/// The two destinations sharing the traffic; their names are the keys of the weights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Split {
    pub by: SplitBy,
    /// What serves traffic today (blue-green: the live colour).
    pub stable: String,
    /// What is being rolled out (blue-green: the idle colour).
    pub canary: String,
}

impl Split {
    pub fn subsets(stable: impl Into<String>, canary: impl Into<String>) -> Split {
        Split {
            by: SplitBy::Subset,
            stable: stable.into(),
            canary: canary.into(),
        }
    }

    pub fn hosts(stable: impl Into<String>, canary: impl Into<String>) -> Split {
        Split {
            by: SplitBy::Host,
            stable: stable.into(),
            canary: canary.into(),
        }
    }
}

/// What to do once a limit (inconclusive judgements, consecutive errors) is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OnLimit {
    /// Hold the current weights and wait for a person.
    Pause,
    /// Treat the step as failed: roll back (blue-green with `noRevert`: pause).
    Fail,
}

/// A count that triggers a policy: `limit` inconclusive judgements on one step, or
/// `limit` errors in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LimitPolicy {
    pub limit: u32,
    pub then: OnLimit,
}

/// What happens to the old destination once the new one is promoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum FinishPolicy {
    /// Keep its route at weight 0, ready for an instant manual revert.
    #[default]
    Keep,
    /// Remove its route.
    Remove,
    /// Flagger's primary: the stable workload gets the new version (`spec.workload`),
    /// then all traffic goes back to it and the new workload is scaled to zero. Until
    /// then its route is kept at weight 0.
    Primary,
}

/// Everything a rollout needs to run; stored in the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RolloutSpec {
    pub strategy: Strategy,
    /// The VirtualService whose routes are shifted (and which holds the record).
    pub service: String,
    pub split: Split,
    /// How long each canary step (and a blue-green halfway step) is held and judged.
    #[serde(with = "duration_str")]
    pub interval: Duration,
    /// The health checks judging each stage. None: stages advance on time alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analysis: Option<AnalysisSpec>,
    /// Stop after the last step and wait for an explicit `promote`.
    #[serde(default)]
    pub pause_before_promote: bool,
    pub inconclusive: LimitPolicy,
    pub errors: LimitPolicy,
    #[serde(default)]
    pub finish: FinishPolicy,
    /// The new version's workload (`canary start --image`), if meshctl manages it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workload: Option<super::workload::WorkloadPlan>,
    /// Sticky canary users: the cookie that keeps a user on the new version once the
    /// weights sent them there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sticky_cookie: Option<String>,
    /// A step that is not judged within this time of (re)starting it fails.
    #[serde(
        default,
        with = "duration_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub timeout: Option<Duration>,
    /// Webhooks and gates called at the rollout's hook points (`docs/hooks.md`);
    /// secrets as references only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub webhooks: Vec<Hook>,
    /// How often a closed gate is asked again (default
    /// [`super::hooks::DEFAULT_GATE_INTERVAL`]).
    #[serde(
        default,
        with = "duration_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub gate_interval: Option<Duration>,
    /// Where to send notifications: references (a file, a plain URL), never a secret
    /// (`crate::notify`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notify: Vec<crate::notify::Channel>,
    /// The kind of the object the rollout shifts and lives on when it is not a
    /// VirtualService: `HTTPRoute` (the Gateway API). Absent in older records, which
    /// are all on VirtualServices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// A lane shift (`meshctl lane shift`): besides the split, the pairs of every
    /// service in the lane, each judged by the same analysis; the worst verdict wins.
    /// Absent in older records and in plain canaries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lane: Option<LaneJudge>,
}

/// What a lane shift judges: the lane of a group, and one pair per service it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LaneJudge {
    pub group: String,
    pub lane: String,
    pub targets: Vec<JudgedPair>,
}

/// One service's new subset judged against its old one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JudgedPair {
    pub namespace: String,
    pub service: String,
    pub canary: String,
    pub stable: String,
}

/// What a stage is, for events and status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum StageKind {
    /// A canary step.
    Step,
    /// Blue-green: the idle colour judged through the preview route at weight 0.
    Preview,
    /// Blue-green `--halfway`: 50/50, judged.
    Halfway,
    /// Blue-green: all traffic on the new colour, judged.
    Switch,
    /// A plan's `setWeight`: moves the weight and passes at once.
    SetWeight,
    /// A plan's `pause: {duration}`: holds the weights for the duration.
    Pause,
    /// A plan's `pause: {}`: holds the weights until `canary promote`.
    AwaitPromotion,
    /// A plan's `analysis`: holds the weights until the analysis reaches its verdict.
    Analysis,
    /// A plan's `setHeaderRoute`: adds (or removes) the A/B route and passes at once.
    SetHeaderRoute,
    /// A plan's `setMirror`: copies a share of requests to the new version (or stops)
    /// and passes at once.
    SetMirror,
    /// A plan's `webhook`: calls one hook (a gate: waits until it opens); its answer
    /// passes or fails the stage.
    Webhook,
}

/// One stop on the way: set the new destination's weight, then judge it for `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stage {
    pub kind: StageKind,
    /// The new destination's weight in percent.
    pub weight: u32,
    /// How long the stage is judged (or simply held, without analysis).
    pub window: Duration,
    /// Whether the preview route is in place during the stage.
    pub preview: bool,
    /// Whether an analysis judges the stage (rather than time alone).
    pub judged: bool,
    /// The share of requests mirrored to the new version during the stage.
    pub mirror: Option<u32>,
}

impl RolloutSpec {
    /// A canary with the usual defaults: pause after 3 inconclusive judgements or
    /// 3 errors in a row, keep the old route at 0, no timeout.
    pub fn canary(
        service: impl Into<String>,
        split: Split,
        steps: Steps,
        interval: Duration,
    ) -> Self {
        RolloutSpec {
            strategy: Strategy::Canary { steps },
            service: service.into(),
            split,
            interval,
            analysis: None,
            pause_before_promote: false,
            inconclusive: LimitPolicy {
                limit: 3,
                then: OnLimit::Pause,
            },
            errors: LimitPolicy {
                limit: 3,
                then: OnLimit::Pause,
            },
            finish: FinishPolicy::Keep,
            workload: None,
            sticky_cookie: None,
            timeout: None,
            webhooks: Vec::new(),
            gate_interval: None,
            notify: Vec::new(),
            kind: None,
            lane: None,
        }
    }

    /// The kind of the object the rollout lives on: `VirtualService` or `HTTPRoute`.
    pub fn object_kind(&self) -> &str {
        self.kind.as_deref().unwrap_or("VirtualService")
    }

    /// A blue-green switch with the same defaults as [`RolloutSpec::canary`].
    pub fn blue_green(
        service: impl Into<String>,
        split: Split,
        blue_green: BlueGreen,
        interval: Duration,
    ) -> Self {
        RolloutSpec {
            strategy: Strategy::BlueGreen(blue_green),
            ..RolloutSpec::canary(service, split, Steps(vec![100]), interval)
        }
    }

    pub fn is_blue_green(&self) -> bool {
        matches!(self.strategy, Strategy::BlueGreen(_))
    }

    /// The stages the engine walks, in order. Never empty for a valid spec.
    pub fn stages(&self) -> Vec<Stage> {
        match &self.strategy {
            Strategy::Canary { steps } => steps
                .weights()
                .iter()
                .map(|&weight| Stage {
                    kind: StageKind::Step,
                    weight,
                    window: self.interval,
                    preview: false,
                    judged: self.analysis.is_some(),
                    mirror: None,
                })
                .collect(),
            Strategy::Plan { steps } => plan_stages(steps),
            Strategy::BlueGreen(bg) => {
                let mut stages = Vec::new();
                if let Some(window) = bg.verify_before {
                    stages.push(Stage {
                        kind: StageKind::Preview,
                        weight: 0,
                        window,
                        preview: true,
                        judged: self.analysis.is_some(),
                        mirror: None,
                    });
                }
                if bg.halfway {
                    stages.push(Stage {
                        kind: StageKind::Halfway,
                        weight: 50,
                        window: self.interval,
                        preview: false,
                        judged: self.analysis.is_some(),
                        mirror: None,
                    });
                }
                stages.push(Stage {
                    kind: StageKind::Switch,
                    weight: 100,
                    window: bg.verify_after.unwrap_or_default(),
                    preview: false,
                    judged: self.analysis.is_some(),
                    mirror: None,
                });
                stages
            }
        }
    }

    /// The analysis that judges stage `i`: a plan's `analysis` step has its own; every
    /// other strategy judges each stage by the rollout's.
    pub fn analysis_for(&self, i: usize) -> Option<&AnalysisSpec> {
        match &self.strategy {
            Strategy::Plan { steps } => match steps.get(i) {
                Some(PlanStep::Analysis(spec)) => Some(spec),
                _ => None,
            },
            _ => self.analysis.as_ref(),
        }
    }

    /// The route meshctl adds ahead of the others while a stage has `preview`: the
    /// blue-green preview, or a plan's header route (the last one set).
    pub fn preview_route(&self) -> Option<Preview> {
        match &self.strategy {
            Strategy::BlueGreen(bg) => bg.preview.clone(),
            Strategy::Plan { steps } => steps.iter().rev().find_map(|s| match s {
                PlanStep::SetHeaderRoute(r) => r.matches.first().map(|m| Preview::Header {
                    name: m.header.clone(),
                    value: m.exact.clone(),
                }),
                _ => None,
            }),
            Strategy::Canary { .. } => None,
        }
    }

    /// The webhook a plan's `webhook` step at stage `i` calls, if it is one.
    pub fn hook_step(&self, i: usize) -> Option<&Hook> {
        match &self.strategy {
            Strategy::Plan { steps } => match steps.get(i) {
                Some(PlanStep::Webhook(hook)) => Some(hook),
                _ => None,
            },
            _ => None,
        }
    }

    /// How often a closed gate is asked again.
    pub fn gate_interval(&self) -> Duration {
        self.gate_interval
            .unwrap_or(super::hooks::DEFAULT_GATE_INTERVAL)
    }

    /// Whether any stage is judged by an analysis (and so needs a metric source).
    pub fn has_analysis(&self) -> bool {
        (0..self.stages().len()).any(|i| self.analysis_for(i).is_some())
    }

    /// Whether a failed judgement pauses instead of reverting.
    pub fn no_revert(&self) -> bool {
        matches!(&self.strategy, Strategy::BlueGreen(bg) if bg.no_revert)
    }

    /// Checks the values that types alone do not.
    pub fn validate(&self) -> Result<(), RolloutError> {
        if self.service.trim().is_empty() {
            return Err(
                RolloutError::invalid_spec("the rollout names no VirtualService").with_hint(
                    "give the VirtualService to shift, e.g. `meshctl canary start reviews`",
                ),
            );
        }
        let what = match self.split.by {
            SplitBy::Subset => "subset",
            SplitBy::Host => "host",
        };
        for (flag, name) in [
            ("stable", &self.split.stable),
            ("canary", &self.split.canary),
        ] {
            if name.trim().is_empty() {
                return Err(
                    RolloutError::invalid_spec(format!("the {flag} {what} is empty"))
                        .with_hint(format!("name the {flag} {what} with `--{flag}`")),
                );
            }
        }
        if self.split.stable == self.split.canary {
            return Err(RolloutError::invalid_spec(format!(
                "the stable and canary {what} are both `{}`",
                self.split.stable
            ))
            .with_hint(format!(
                "the canary must be a different {what} from the stable one"
            )));
        }
        if self.interval.as_millis() == 0 {
            return Err(RolloutError::invalid_spec("`--interval` is zero")
                .with_hint("give each step time to be judged, e.g. `--interval 1m`"));
        }
        for (flag, policy) in [
            ("--max-inconclusive", self.inconclusive),
            ("--max-errors", self.errors),
        ] {
            if policy.limit == 0 {
                return Err(
                    RolloutError::invalid_spec(format!("`{flag}` is zero")).with_hint(format!(
                        "`{flag}` counts judgements before the policy applies; use 1 or more"
                    )),
                );
            }
        }
        if let Some(cookie) = &self.sticky_cookie {
            if self.is_blue_green() {
                return Err(RolloutError::invalid_spec(
                    "`--sticky-cookie` is for canaries: a blue-green switch moves everyone at once",
                )
                .with_hint("leave `--sticky-cookie` out"));
            }
            if !super::sticky::valid_name(cookie) {
                return Err(RolloutError::invalid_spec(format!(
                    "`--sticky-cookie {cookie}` is not a cookie name"
                ))
                .with_hint(
                    "use letters, digits, `-`, `_` and `.`, e.g. `--sticky-cookie shop-canary`",
                ));
            }
        }
        if self.timeout.is_some_and(|t| t.as_millis() == 0) {
            return Err(RolloutError::invalid_spec("`--timeout` is zero").with_hint(
                "leave `--timeout` out for no limit, or give a duration such as `10m`",
            ));
        }
        super::hooks::validate_all(&self.webhooks)
            .map_err(|e| RolloutError::invalid_spec(e.message).with_hint(e.hint))?;
        if self.gate_interval.is_some_and(|d| d.as_millis() == 0) {
            return Err(RolloutError::invalid_spec("`--gate-interval` is zero")
                .with_hint("give the time between two asks of a closed gate, e.g. `5s`"));
        }
        if let Some(analysis) = &self.analysis {
            analysis.validate().map_err(|err| {
                RolloutError::invalid_spec(format!(
                    "invalid analysis spec: {}",
                    err.problems.join("; ")
                ))
                .with_hint("see `docs/analysis.md` for the fields and their defaults")
            })?;
        }
        if let Strategy::BlueGreen(bg) = &self.strategy {
            match (&bg.preview, bg.verify_before) {
                (None, Some(_)) => {
                    return Err(RolloutError::invalid_spec(
                        "`--verify-before` needs a preview route to reach the idle colour",
                    )
                    .with_hint("add `--preview-header NAME=VALUE` or `--preview-host HOST`"));
                }
                (Some(_), None) => {
                    return Err(RolloutError::invalid_spec(
                        "a preview route is set but `--verify-before` is not",
                    )
                    .with_hint(
                        "add `--verify-before 1m` to judge the idle colour, or drop the preview",
                    ));
                }
                _ => {}
            }
            for (flag, window) in [
                ("--verify-before", bg.verify_before),
                ("--verify-after", bg.verify_after),
            ] {
                if window.is_some_and(|w| w.as_millis() == 0) {
                    return Err(RolloutError::invalid_spec(format!("`{flag}` is zero"))
                        .with_hint(format!("leave `{flag}` out to skip that verification")));
                }
            }
            if let Some(Preview::Header { name, .. }) = &bg.preview
                && name.trim().is_empty()
            {
                return Err(
                    RolloutError::invalid_spec("the preview header name is empty")
                        .with_hint("use `--preview-header NAME=VALUE`, e.g. `x-preview=1`"),
                );
            }
            if let Some(Preview::Host { host }) = &bg.preview
                && host.trim().is_empty()
            {
                return Err(RolloutError::invalid_spec("the preview host is empty")
                    .with_hint("use `--preview-host HOST`, e.g. `preview.shop.example.com`"));
            }
        }
        Ok(())
    }
}

/// One stage per plan step; the weight carries over from the last `setWeight`.
fn plan_stages(steps: &[PlanStep]) -> Vec<Stage> {
    let mut weight = 0;
    let mut header_route = false;
    let mut mirror = None;
    steps
        .iter()
        .map(|step| {
            let (kind, window, judged) = match step {
                PlanStep::SetWeight(w) => {
                    weight = *w;
                    (StageKind::SetWeight, Duration::default(), false)
                }
                PlanStep::Pause(p) => match p.duration {
                    Some(d) => (StageKind::Pause, d, false),
                    None => (StageKind::AwaitPromotion, Duration::default(), false),
                },
                PlanStep::Analysis(_) => (StageKind::Analysis, Duration::default(), true),
                PlanStep::SetMirror(m) => {
                    mirror = m.percent;
                    (StageKind::SetMirror, Duration::default(), false)
                }
                PlanStep::SetHeaderRoute(route) => {
                    header_route = !route.matches.is_empty();
                    (StageKind::SetHeaderRoute, Duration::default(), false)
                }
                // Judged by the hook's answer, not by an analysis.
                PlanStep::Webhook(_) => (StageKind::Webhook, Duration::default(), true),
            };
            Stage {
                kind,
                weight,
                window,
                preview: header_route,
                judged,
                mirror,
            }
        })
        .collect()
}

/// Durations in the record as people write them (`30s`, `1m30s`).
pub(crate) mod duration_str {
    use crate::duration::Duration;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(d)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

pub(crate) mod duration_opt {
    use crate::duration::Duration;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(d),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|text| text.parse().map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_from_a_list() {
        assert_eq!(
            Steps::parse("5,10,25,50").unwrap().weights(),
            [5, 10, 25, 50]
        );
        assert_eq!(Steps::parse(" 5%, 100 ").unwrap().weights(), [5, 100]);
    }

    #[test]
    fn steps_from_a_list_are_checked() {
        let cases = [
            ("", "`--steps`: `` is not a whole-number weight"),
            ("5,x", "`--steps`: `x` is not a whole-number weight"),
            (
                "0,10",
                "`--steps`: weight `0` at position 1 is out of range 1..=100",
            ),
            (
                "10,101",
                "`--steps`: weight `101` at position 2 is out of range 1..=100",
            ),
            (
                "10,5",
                "`--steps`: weight `5` at position 2 does not increase on `10`",
            ),
            (
                "10,10",
                "`--steps`: weight `10` at position 2 does not increase on `10`",
            ),
        ];
        for (input, message) in cases {
            let err = Steps::parse(input).unwrap_err();
            assert_eq!(err.message, message, "{input}");
            assert!(err.hint.is_some(), "{input}");
        }
    }

    #[test]
    fn steps_from_step_and_max() {
        assert_eq!(
            Steps::linear(10, 50).unwrap().weights(),
            [10, 20, 30, 40, 50]
        );
        assert_eq!(Steps::linear(30, 100).unwrap().weights(), [30, 60, 90, 100]);
        assert_eq!(Steps::linear(100, 100).unwrap().weights(), [100]);
        assert_eq!(
            Steps::linear(60, 50).unwrap_err().message,
            "`--step-weight 60` is larger than `--max-weight 50`"
        );
        assert_eq!(
            Steps::linear(0, 50).unwrap_err().message,
            "`--step-weight 0` is out of range 1..=100"
        );
        assert_eq!(
            Steps::linear(10, 101).unwrap_err().message,
            "`--max-weight 101` is out of range 1..=100"
        );
    }

    #[test]
    fn decoding_checks_steps_too() {
        let err = serde_json::from_str::<Steps>("[50, 10]").unwrap_err();
        assert!(err.to_string().contains("does not increase"), "{err}");
    }

    fn bg(before: Option<u64>, after: Option<u64>, halfway: bool, preview: bool) -> RolloutSpec {
        RolloutSpec::blue_green(
            "reviews",
            Split::subsets("blue", "green"),
            BlueGreen {
                preview: preview.then(|| Preview::Header {
                    name: "x-preview".into(),
                    value: "1".into(),
                }),
                verify_before: before.map(Duration::from_secs),
                verify_after: after.map(Duration::from_secs),
                halfway,
                no_revert: false,
            },
            Duration::from_secs(30),
        )
    }

    #[test]
    fn blue_green_stages() {
        let weights = |s: &RolloutSpec| -> Vec<(StageKind, u32, bool)> {
            s.stages()
                .iter()
                .map(|st| (st.kind, st.weight, st.preview))
                .collect()
        };
        assert_eq!(
            weights(&bg(Some(60), Some(60), false, true)),
            [
                (StageKind::Preview, 0, true),
                (StageKind::Switch, 100, false)
            ]
        );
        assert_eq!(
            weights(&bg(Some(60), Some(60), true, true)),
            [
                (StageKind::Preview, 0, true),
                (StageKind::Halfway, 50, false),
                (StageKind::Switch, 100, false)
            ]
        );
        assert_eq!(
            weights(&bg(None, None, false, false)),
            [(StageKind::Switch, 100, false)]
        );
    }

    #[test]
    fn spec_validation_names_the_flag() {
        let mut same = RolloutSpec::canary(
            "reviews",
            Split::subsets("v1", "v1"),
            Steps::parse("50").unwrap(),
            Duration::from_secs(10),
        );
        assert_eq!(
            same.validate().unwrap_err().message,
            "the stable and canary subset are both `v1`"
        );
        same.split.canary = "v2".into();
        assert!(same.validate().is_ok());
        same.analysis = Some(AnalysisSpec {
            count: 0,
            ..AnalysisSpec::default()
        });
        let err = same.validate().unwrap_err();
        assert!(
            err.message.starts_with("invalid analysis spec: "),
            "{}",
            err.message
        );
        same.analysis = None;
        same.errors.limit = 0;
        assert_eq!(
            same.validate().unwrap_err().message,
            "`--max-errors` is zero"
        );

        assert!(bg(Some(60), Some(60), false, true).validate().is_ok());
        assert_eq!(
            bg(Some(60), None, false, false)
                .validate()
                .unwrap_err()
                .message,
            "`--verify-before` needs a preview route to reach the idle colour"
        );
        assert_eq!(
            bg(None, None, false, true).validate().unwrap_err().message,
            "a preview route is set but `--verify-before` is not"
        );
    }

    #[test]
    fn spec_json_is_camel_case_and_round_trips() {
        let mut spec = bg(Some(60), Some(90), true, true);
        spec.timeout = Some(Duration::from_secs(600));
        let json = serde_json::to_value(&spec).unwrap();
        assert_eq!(json["strategy"]["type"], "blueGreen");
        assert_eq!(json["strategy"]["verifyBefore"], "1m");
        assert_eq!(json["strategy"]["preview"]["type"], "header");
        assert_eq!(json["pauseBeforePromote"], false);
        assert_eq!(json["timeout"], "10m");
        let back: RolloutSpec = serde_json::from_value(json).unwrap();
        assert_eq!(back, spec);
    }

    #[test]
    fn the_kind_is_written_only_for_an_httproute_and_old_specs_decode_without_it() {
        let mut spec = bg(None, None, false, false);
        let json = serde_json::to_value(&spec).unwrap();
        assert!(json.get("kind").is_none(), "{json}");
        let old: RolloutSpec = serde_json::from_value(json).unwrap();
        assert_eq!(
            (old.kind.as_deref(), old.object_kind()),
            (None, "VirtualService")
        );
        spec.kind = Some("HTTPRoute".into());
        let json = serde_json::to_value(&spec).unwrap();
        assert_eq!(json["kind"], "HTTPRoute");
        let back: RolloutSpec = serde_json::from_value(json).unwrap();
        assert_eq!(back.object_kind(), "HTTPRoute");
    }
}
