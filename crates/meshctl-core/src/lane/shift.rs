//! What a lane shift changes and judges, as data: the lane's destination at weight 0
//! on the ingress object's `baseline` route (so the canary machine has a second
//! destination to move weight to, tagging what it sends with the lane's header), the
//! pairs every round judges, and the refusal to rewrite a group while a shift runs.

use super::model::{BASELINE, Lane, LaneGroup};
use crate::rollout::{JudgedPair, LaneJudge, RolloutRecord};
use crate::{Error, ErrorKind, Result};
use serde_json::{Value, json};

/// The ingress route a shift moves weight on.
pub const SHIFT_ROUTE: &str = BASELINE;

/// The lane `name` of `group`; a usage error naming the lanes there are when it has none.
pub fn lane_named<'g>(group: &'g LaneGroup, name: &str) -> Result<&'g Lane> {
    group.lane(name).ok_or_else(|| {
        let known: Vec<String> = group
            .lanes
            .iter()
            .map(|l| format!("`{}`", l.name))
            .collect();
        let known = match known.is_empty() {
            true => "it has none".to_string(),
            false => format!("it has {}", known.join(", ")),
        };
        Error::usage(format!(
            "lane group `{}` has no lane `{name}`: {known}",
            group.name
        ))
        .with_hint(format!(
            "see the lanes with `meshctl lane list {}`",
            group.name
        ))
    })
}

/// Adds `lane`'s destination to the ingress object's `baseline` route (weight 0, the
/// header set to the lane), unless it is there; the object is left as it was when
/// there is no such route.
pub fn add_lane_destination(group: &LaneGroup, lane: &Lane, object: &mut Value) -> Result<()> {
    let entry = group.entry().name.clone();
    let name = object
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_string();
    let route = object
        .pointer_mut("/spec/http")
        .and_then(Value::as_array_mut)
        .and_then(|http| {
            http.iter_mut()
                .find(|r| r.get("name").and_then(Value::as_str) == Some(SHIFT_ROUTE))
        })
        .ok_or_else(|| {
            Error::invalid(format!(
                "VirtualService `{name}` has no route named `{SHIFT_ROUTE}` to shift lane `{}` on",
                lane.name
            ))
            .with_hint(format!(
                "render the group's objects again with `meshctl lane create {} {} --version {}`",
                group.name, lane.name, lane.version
            ))
        })?;
    let destinations = route
        .as_object_mut()
        .expect("a route found by name is an object")
        .entry("route")
        .or_insert_with(|| json!([]))
        .as_array_mut()
        .ok_or_else(|| Error::invalid(format!("VirtualService `{name}`: `route` is not a list")))?;
    let present = destinations
        .iter()
        .any(|d| d.pointer("/destination/subset").and_then(Value::as_str) == Some(&lane.name));
    if !present {
        destinations.push(json!({
            "destination": {"host": entry, "subset": lane.name},
            "weight": 0,
            "headers": {"request": {"set": {group.header.clone(): lane.name}}},
        }));
    }
    Ok(())
}

/// The pairs a shift of `lane` judges: every service the lane holds, its lane subset
/// against its baseline subset.
pub fn judge_for(group: &LaneGroup, lane: &Lane) -> LaneJudge {
    LaneJudge {
        group: group.name.clone(),
        lane: lane.name.clone(),
        targets: group
            .targets(lane)
            .into_iter()
            .map(|t| JudgedPair {
                namespace: t.namespace,
                service: t.service,
                canary: t.lane_subset,
                stable: t.baseline_subset,
            })
            .collect(),
    }
}

/// Refuses to rewrite `group`'s objects while a shift recorded on its ingress object
/// (`record`) is unfinished: a render would clobber the shift's weights.
pub fn refuse_during_shift(group: &str, record: Option<&RolloutRecord>) -> Result<()> {
    match record {
        Some(r) if !r.phase.is_terminal() => Err(Error::new(
            ErrorKind::Conflict,
            format!(
                "a lane shift of group `{group}` is {} ({})",
                r.phase.to_string().to_lowercase(),
                r.weights
            ),
        )
        .with_hint(format!(
            "wait for the shift to end, or undo it with `meshctl lane rollback {group}`"
        ))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group() -> LaneGroup {
        let mut g = LaneGroup::new("shop", "ns", &["a".into(), "b".into(), "c".into()]);
        g.lanes.push(Lane {
            name: "dev".into(),
            version: "v2".into(),
            permissive: true,
            services: vec!["b".into()],
        });
        g
    }

    fn ingress() -> Value {
        json!({"metadata": {"name": "shop-a"}, "spec": {"hosts": ["a"], "http": [
            {"name": "lane-dev", "route": [{"destination": {"host": "a", "subset": "dev"}}]},
            {"name": "baseline", "route": [{"destination": {"host": "a", "subset": "baseline"}, "weight": 100}]}
        ]}})
    }

    #[test]
    fn the_lane_destination_is_added_once_at_weight_zero_with_the_header() {
        let g = group();
        let lane = g.lane("dev").unwrap();
        let mut vs = ingress();
        add_lane_destination(&g, lane, &mut vs).unwrap();
        add_lane_destination(&g, lane, &mut vs).unwrap();
        assert_eq!(
            vs["spec"]["http"][1]["route"][1],
            json!({"destination": {"host": "a", "subset": "dev"}, "weight": 0,
                   "headers": {"request": {"set": {"x-lane": "dev"}}}})
        );
        assert_eq!(vs["spec"]["http"][1]["route"].as_array().unwrap().len(), 2);
        assert_eq!(vs["spec"]["http"][0], ingress()["spec"]["http"][0]);
    }

    #[test]
    fn without_a_baseline_route_nothing_is_changed() {
        let g = group();
        let mut vs = json!({"metadata": {"name": "shop-a"}, "spec": {"http": []}});
        let err = add_lane_destination(&g, g.lane("dev").unwrap(), &mut vs).unwrap_err();
        assert!(err.message().contains("no route named `baseline`"));
        assert_eq!(vs["spec"]["http"], json!([]));
    }

    #[test]
    fn a_permissive_lane_judges_only_its_members() {
        let g = group();
        let judge = judge_for(&g, g.lane("dev").unwrap());
        assert_eq!(judge.targets.len(), 1);
        assert_eq!(
            judge.targets[0],
            JudgedPair {
                namespace: "ns".into(),
                service: "b".into(),
                canary: "dev".into(),
                stable: "baseline".into(),
            }
        );
    }

    #[test]
    fn an_unknown_lane_names_the_list_command() {
        let err = lane_named(&group(), "qa").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Usage);
        assert!(err.message().contains("it has `dev`"), "{}", err.message());
        assert!(err.hints()[0].contains("meshctl lane list shop"));
    }
}
