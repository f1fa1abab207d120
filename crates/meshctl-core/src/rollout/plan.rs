//! Step plans (`canary start --plan FILE`): a release written as an ordered list of
//! steps of several kinds — move the weight, hold, judge — instead of weights alone.
//! The file is read strictly here (unknown fields and steps are errors with their
//! line) and checked before anything is written; the resolved steps are stored in the
//! record's spec, so every later invocation walks the same plan. Each step becomes one
//! [`Stage`](super::Stage) of the one engine. The file format is `docs/plan.md`.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::hooks::Hook;
use crate::analysis::AnalysisSpec;
use crate::duration::Duration;

/// The most steps a plan may have: the plan is stored in an annotation, which must
/// stay small.
pub const MAX_PLAN_STEPS: usize = 50;

/// One resolved step, as stored in the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PlanStep {
    /// Move the new version to this share of traffic, in percent; passes at once.
    SetWeight(u32),
    /// Hold the weights for a time, or (no duration) until `canary promote`.
    Pause(PauseStep),
    /// Hold the weights while this analysis judges the new version; a failed verdict
    /// rolls back.
    Analysis(AnalysisSpec),
    /// A/B: requests that match go to the new version whatever the weights (through
    /// meshctl's own named route, removed at promotion and rollback); no match removes
    /// that route. Passes at once.
    SetHeaderRoute(HeaderRoute),
    /// Copy a share of the requests to the new version (answers discarded, its metrics
    /// judged); no percent stops. Passes at once.
    SetMirror(MirrorStep),
    /// Call one webhook (a gate: wait until it opens); a failed call, a gate that stays
    /// closed past `--timeout` or a `rollback` hook's 2xx fails the step.
    Webhook(Hook),
}

/// A checked plan file: its steps, the rollout's webhooks and where to send
/// notifications.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub steps: Vec<PlanStep>,
    /// The top-level `webhooks:`, called at the rollout's hook points.
    pub webhooks: Vec<Hook>,
    /// The top-level `notify:` channels (references, never secrets).
    pub notify: Vec<crate::notify::Channel>,
}

/// `setMirror: {percent: 20}`, or `{}` to stop mirroring.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MirrorStep {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<u32>,
}

/// `setHeaderRoute: {match: [{header: x-canary, exact: "1"}]}`, or `{}` to remove it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderRoute {
    #[serde(rename = "match", default, skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<HeaderMatch>,
}

/// One request header and the exact value it must have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderMatch {
    pub header: String,
    pub exact: String,
}

/// `pause: {duration: 2m}` or `pause: {}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PauseStep {
    #[serde(
        default,
        with = "super::spec::duration_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub duration: Option<Duration>,
}

/// A plan file that cannot be used: what is wrong, the line it is on, what would fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    pub line: Option<usize>,
    pub message: String,
    pub hint: String,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for PlanError {}

const DOCS_HINT: &str = "see `docs/plan.md` for the step kinds and their fields";

fn error(line: Option<usize>, message: impl Into<String>, hint: impl Into<String>) -> PlanError {
    PlanError {
        line,
        message: message.into(),
        hint: hint.into(),
    }
}

/// The file as written: named analyses may be referred to by steps.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    steps: Vec<serde_saphyr::Spanned<FileStep>>,
    #[serde(default)]
    analyses: BTreeMap<String, AnalysisSpec>,
    #[serde(default)]
    webhooks: Vec<Hook>,
    #[serde(default)]
    notify: Vec<serde_saphyr::Spanned<crate::notify::Channel>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
enum FileStep {
    SetWeight(u32),
    Pause(PauseStep),
    Analysis(AnalysisRef),
    SetHeaderRoute(HeaderRoute),
    SetMirror(MirrorStep),
    Webhook(Hook),
}

/// `analysis: NAME` (from the file's `analyses:`) or an inline spec.
enum AnalysisRef {
    Named(String),
    Inline(Box<AnalysisSpec>),
}

impl<'de> Deserialize<'de> for AnalysisRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RefVisitor;
        impl<'de> Visitor<'de> for RefVisitor {
            type Value = AnalysisRef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("the name of an analysis in `analyses:`, or an analysis spec")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<AnalysisRef, E> {
                Ok(AnalysisRef::Named(name.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<AnalysisRef, A::Error> {
                AnalysisSpec::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|spec| AnalysisRef::Inline(Box::new(spec)))
            }
        }
        d.deserialize_any(RefVisitor)
    }
}

/// Reads and checks a plan: strict YAML, every step's values, the weights increasing.
pub fn parse(text: &str) -> Result<Plan, PlanError> {
    let file: PlanFile = serde_saphyr::from_str(text).map_err(|e| {
        error(
            e.location().map(|l| l.line() as usize),
            bare_message(&e.to_string()),
            DOCS_HINT,
        )
    })?;
    super::hooks::validate_all(&file.webhooks).map_err(|e| error(None, e.message, e.hint))?;
    for (name, spec) in &file.analyses {
        spec.validate().map_err(|e| {
            error(
                None,
                format!("analysis `{name}`: {}", e.problems.join("; ")),
                "see `docs/analysis.md` for the fields and their defaults",
            )
        })?;
    }
    if file.steps.is_empty() {
        return Err(error(
            None,
            "`steps` is empty",
            "give at least one step, e.g. `- setWeight: 10`",
        ));
    }
    if file.steps.len() > MAX_PLAN_STEPS {
        return Err(error(
            None,
            format!(
                "{} steps is more than the {MAX_PLAN_STEPS} a plan may have",
                file.steps.len()
            ),
            "the plan is stored with the VirtualService; use fewer, larger steps",
        ));
    }
    let notify = crate::notify::channel::from_plan(file.notify)?;
    let mut steps = Vec::with_capacity(file.steps.len());
    let mut weight = 0;
    let (mut any_header_route, mut any_mirror) = (false, false);
    for spanned in file.steps {
        let line = Some(spanned.referenced.line() as usize).filter(|&l| l > 0);
        let step = match spanned.value {
            FileStep::SetWeight(w) => {
                if !(1..=100).contains(&w) {
                    return Err(error(
                        line,
                        format!("`setWeight: {w}` is out of range 1..=100"),
                        "give the new version's share of traffic in percent",
                    ));
                }
                if w <= weight {
                    return Err(error(
                        line,
                        format!("`setWeight: {w}` does not increase on `{weight}`"),
                        "each `setWeight` must give the new version more traffic than the one before",
                    ));
                }
                weight = w;
                PlanStep::SetWeight(w)
            }
            FileStep::Pause(pause) => {
                if pause.duration.is_some_and(|d| d.as_millis() == 0) {
                    return Err(error(
                        line,
                        "`pause` has a zero `duration`",
                        "give a duration such as `2m`, or `pause: {}` to wait for `canary promote`",
                    ));
                }
                PlanStep::Pause(pause)
            }
            FileStep::Analysis(AnalysisRef::Inline(spec)) => {
                spec.validate().map_err(|e| {
                    error(
                        line,
                        format!("invalid analysis: {}", e.problems.join("; ")),
                        "see `docs/analysis.md` for the fields and their defaults",
                    )
                })?;
                PlanStep::Analysis(*spec)
            }
            FileStep::Analysis(AnalysisRef::Named(name)) => match file.analyses.get(&name) {
                Some(spec) => PlanStep::Analysis(spec.clone()),
                None => {
                    let known: Vec<String> =
                        file.analyses.keys().map(|k| format!("`{k}`")).collect();
                    return Err(error(
                        line,
                        format!("analysis `{name}` is not defined in `analyses:`"),
                        if known.is_empty() {
                            "define it under a top-level `analyses:` map, or write the spec inline"
                                .to_string()
                        } else {
                            format!("the plan defines {}", known.join(", "))
                        },
                    ));
                }
            },
            FileStep::SetHeaderRoute(route) => {
                if route.matches.len() > 1 {
                    return Err(error(
                        line,
                        format!(
                            "`setHeaderRoute` has {} matches; this meshctl supports one",
                            route.matches.len()
                        ),
                        "match one header with an exact value, e.g. `match: [{header: x-canary, exact: \"1\"}]`",
                    ));
                }
                if let Some(m) = route.matches.first()
                    && (m.header.trim().is_empty()
                        || m.header.bytes().any(|b| b.is_ascii_uppercase()))
                {
                    return Err(error(
                        line,
                        format!(
                            "`setHeaderRoute`: header name `{}` is empty or not lower case",
                            m.header
                        ),
                        "Istio matches header names in lower case, e.g. `x-canary`",
                    ));
                }
                if !route.matches.is_empty() {
                    if any_header_route {
                        return Err(error(
                            line,
                            "a plan may set one header route",
                            "keep one `setHeaderRoute` with a match (`setHeaderRoute: {}` removes it)",
                        ));
                    }
                    any_header_route = true;
                }
                PlanStep::SetHeaderRoute(route)
            }
            FileStep::SetMirror(m) => {
                if m.percent.is_some_and(|p| !(1..=100).contains(&p)) {
                    return Err(error(
                        line,
                        format!(
                            "`setMirror`: percent `{}` is out of range 1..=100",
                            m.percent.unwrap_or_default()
                        ),
                        "give the share of requests to copy, e.g. `setMirror: {percent: 20}`; `setMirror: {}` stops mirroring",
                    ));
                }
                any_mirror |= m.percent.is_some();
                PlanStep::SetMirror(m)
            }
            FileStep::Webhook(hook) => {
                hook.validate()
                    .map_err(|e| error(line, e.message, e.hint))?;
                PlanStep::Webhook(hook)
            }
        };
        steps.push(step);
    }
    if weight == 0 && !any_header_route && !any_mirror {
        return Err(error(
            None,
            "the plan never sets a weight, a header route or a mirror",
            "add a `setWeight` step, e.g. `- setWeight: 10`",
        ));
    }
    Ok(Plan {
        steps,
        webhooks: file.webhooks,
        notify,
    })
}

/// The parser's message without its own `error: line L column C:` prefix, which the
/// caller replaces with the file name and line.
fn bare_message(text: &str) -> String {
    let first = text.lines().next().unwrap_or("invalid plan").trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    match first.strip_prefix("line ") {
        Some(rest) => match rest.split_once(": ") {
            Some((_, msg)) if rest.contains(" column ") => msg.to_string(),
            _ => first.to_string(),
        },
        None => first.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_of_every_kind() {
        let plan = parse(
            "steps:\n\
             - setWeight: 10\n\
             - pause: {duration: 2m}\n\
             - analysis: quick\n\
             - setWeight: 50\n\
             - analysis:\n    checks:\n      - successRate: {min: 99}\n\
             - pause: {}\n\
             analyses:\n  quick:\n    count: 2\n    checks:\n      - successRate: {min: 95}\n",
        )
        .unwrap()
        .steps;
        assert_eq!(plan.len(), 6);
        assert_eq!(plan[0], PlanStep::SetWeight(10));
        assert_eq!(
            plan[1],
            PlanStep::Pause(PauseStep {
                duration: Some(Duration::from_secs(120))
            })
        );
        assert!(matches!(&plan[2], PlanStep::Analysis(s) if s.count == 2));
        assert!(matches!(&plan[4], PlanStep::Analysis(s) if s.count == 1));
        assert_eq!(plan[5], PlanStep::Pause(PauseStep { duration: None }));
    }

    #[test]
    fn mistakes_name_their_line() {
        let cases = [
            (
                "steps:\n- setWeight: 10\n- setWieght: 20\n",
                Some(3),
                "unknown variant",
            ),
            (
                "steps:\n- setWeight: 10\n- setWeight: 5\n",
                Some(3),
                "`setWeight: 5` does not increase on `10`",
            ),
            (
                "steps:\n- setWeight: 101\n",
                Some(2),
                "`setWeight: 101` is out of range 1..=100",
            ),
            (
                "steps:\n- setWeight: 10\n- pause: {duraton: 1m}\n",
                Some(3),
                "unknown field `duraton`",
            ),
            (
                "steps:\n- setWeight: 10\n- pause: {duration: 0s}\n",
                Some(3),
                "`pause` has a zero `duration`",
            ),
            (
                "steps:\n- setWeight: 10\n- analysis: slow\n",
                Some(3),
                "analysis `slow` is not defined in `analyses:`",
            ),
            (
                "steps:\n- setWeight: 10\n- analysis: {count: 0, checks: [{successRate: {min: 99}}]}\n",
                Some(3),
                "invalid analysis: `count` must be at least 1",
            ),
            (
                "steps:\n- setWeight: 10\n- webhook: {url: x}\n",
                Some(3),
                "webhook URL `x` is not an http(s) URL",
            ),
            (
                "steps:\n- setWeight: 10\n- webhook: {type: confirm-everything, url: \"http://h/x\"}\n",
                Some(3),
                "unknown variant `confirm-everything`",
            ),
            (
                "steps:\n- setWeight: 10\n- webhook: {url: \"http://h/x?token=s3cret\"}\n",
                Some(3),
                "carries a query or credentials",
            ),
            (
                "steps:\n- setWeight: 10\n- setMirror: {percent: 0}\n",
                Some(3),
                "`setMirror`: percent `0` is out of range 1..=100",
            ),
            ("steps: []\n", None, "`steps` is empty"),
            (
                "steps:\n- pause: {}\n",
                None,
                "the plan never sets a weight, a header route or a mirror",
            ),
            ("stepz: []\n", Some(1), "unknown field `stepz`"),
            (
                "steps:\n- setHeaderRoute: {match: [{header: a, exact: x}, {header: b, exact: y}]}\n",
                Some(2),
                "`setHeaderRoute` has 2 matches; this meshctl supports one",
            ),
            (
                "steps:\n- setHeaderRoute: {match: [{header: X-Canary, exact: \"1\"}]}\n",
                Some(2),
                "not lower case",
            ),
            (
                "steps:\n- setHeaderRoute: {match: [{header: a, exact: x}]}\n- setHeaderRoute: {match: [{header: b, exact: y}]}\n",
                Some(3),
                "a plan may set one header route",
            ),
        ];
        for (text, line, message) in cases {
            let err = parse(text).unwrap_err();
            assert!(
                err.message.contains(message),
                "{text:?}: {} (wanted {message})",
                err.message
            );
            assert_eq!(err.line, line, "{text:?}: {err}");
            assert!(!err.hint.is_empty(), "{text:?}");
        }
    }

    #[test]
    fn too_many_steps_are_refused() {
        let mut text = "steps:\n".to_string();
        for w in 1..=51 {
            text.push_str(&format!("- setWeight: {w}\n"));
        }
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("more than the 50"), "{}", err.message);
    }

    #[test]
    fn steps_round_trip_through_the_record() {
        let plan = parse(
            "steps:\n- setWeight: 20\n- pause: {duration: 30s}\n- pause: {}\n- analysis: {checks: [{successRate: {min: 99}}]}\n",
        )
        .unwrap()
        .steps;
        let json = serde_json::to_value(&plan).unwrap();
        assert_eq!(json[0], serde_json::json!({"setWeight": 20}));
        assert_eq!(json[1], serde_json::json!({"pause": {"duration": "30s"}}));
        assert_eq!(json[2], serde_json::json!({"pause": {}}));
        let back: Vec<PlanStep> = serde_json::from_value(json).unwrap();
        assert_eq!(back, plan);
    }
}
