//! The changes `meshctl lane` makes to a group, and the checks before it writes: each
//! change returns a new group that keeps every rule (`LaneGroup::validate`), so a
//! command re-renders from it and never writes a half-changed group. Pure: the
//! commands read the objects and pass them in.

use super::model::{GROUP_LABEL, Lane, LaneGroup};
use crate::error::ErrorKind;
use crate::model::VirtualService;
use crate::rollout::{ANNOTATION as ROLLOUT_ANNOTATION, RolloutRecord};
use crate::{Error, Result};
use serde_json::Value;

/// `group` with `lane` added (it must not exist yet).
pub fn add_lane(group: &LaneGroup, lane: Lane) -> Result<LaneGroup> {
    if group.lane(&lane.name).is_some() {
        return Err(Error::new(
            ErrorKind::Conflict,
            format!(
                "lane `{}` already exists in group `{}`",
                lane.name, group.name
            ),
        )
        .with_hint(format!(
            "pick another name, or `meshctl lane delete {} {}` first",
            group.name, lane.name
        )));
    }
    group.lane_ok(&lane)?;
    let mut next = group.clone();
    next.lanes.push(lane);
    next.validate()?;
    Ok(next)
}

/// `group` without lane `name`.
pub fn remove_lane(group: &LaneGroup, name: &str) -> Result<LaneGroup> {
    lane_of(group, name)?;
    let mut next = group.clone();
    next.lanes.retain(|l| l.name != name);
    Ok(next)
}

/// `group` with lane `name`'s version as the baseline of every service it holds, and
/// without the lane: the ingress then sends everything to the new baselines.
pub fn promote(group: &LaneGroup, name: &str) -> Result<LaneGroup> {
    let lane = lane_of(group, name)?.clone();
    let mut next = remove_lane(group, name)?;
    for s in &mut next.services {
        if lane.services.contains(&s.name) {
            s.baseline = lane.version.clone();
        }
    }
    next.validate()?;
    Ok(next)
}

fn lane_of<'a>(group: &'a LaneGroup, name: &str) -> Result<&'a Lane> {
    group.lane(name).ok_or_else(|| {
        Error::not_found(format!("group `{}` has no lane `{name}`", group.name)).with_hint(format!(
            "`meshctl lane list {}` shows its lanes{}",
            group.name,
            if group.lanes.is_empty() {
                " (it has none)"
            } else {
                ""
            }
        ))
    })
}

/// Refuses while a rollout record on the ingress object is unfinished: a lane shift
/// owns the ingress weights, and a re-render would clobber them.
pub fn no_shift_running(group: &LaneGroup, ingress: &Value) -> Result<()> {
    let Some(text) = ingress
        .pointer("/metadata/annotations")
        .and_then(|a| a.get(ROLLOUT_ANNOTATION))
        .and_then(Value::as_str)
    else {
        return Ok(());
    };
    // A record meshctl cannot read is not proof that nothing runs: refuse as well.
    let phase = RolloutRecord::decode(text).ok().map(|r| r.phase);
    if phase.is_some_and(|p| p.is_terminal()) {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Conflict,
        format!(
            "a lane shift is running on group `{}` ({}), so its objects are not re-rendered",
            group.name,
            phase.map_or_else(|| "record unreadable".to_string(), |p| p.to_string())
        ),
    )
    .with_hint(format!(
        "wait for the shift to end, or `meshctl lane rollback {}`",
        group.name
    )))
}

/// Refuses when a VirtualService the group does not own routes one of its services
/// for the mesh: two VirtualServices for one host on the mesh conflict, and Istio
/// picks one silently. `virtual_services` are those in the group's namespace (and any
/// other namespace whose rules name the services).
pub fn foreign_routes(group: &LaneGroup, virtual_services: &[Value]) -> Result<()> {
    let mut clashes = Vec::new();
    for raw in virtual_services {
        let Ok(vs) = VirtualService::read(raw) else {
            continue;
        };
        if vs.metadata.labels.get(GROUP_LABEL) == Some(&group.name) {
            continue;
        }
        let on_mesh = vs.spec.gateways.is_empty() || vs.spec.gateways.iter().any(|g| g == "mesh");
        if !on_mesh {
            continue;
        }
        for s in &group.services {
            if vs
                .spec
                .hosts
                .iter()
                .any(|h| crate::host::names_service(h, vs.namespace(), &s.name, &group.namespace))
            {
                clashes.push(format!("VirtualService `{}` routes `{}`", vs.key(), s.name));
            }
        }
    }
    if clashes.is_empty() {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Conflict,
        format!(
            "lane group `{}` would route services another VirtualService already routes on the mesh",
            group.name
        ),
    )
    .with_details(clashes)
    .with_hint(
        "delete or narrow those VirtualServices (`meshctl delete vs NAME`), or leave their services out of the group",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn group() -> LaneGroup {
        LaneGroup::new("shop", "web", &["a".into(), "b".into(), "c".into()])
    }

    fn lane(name: &str, services: &[&str], permissive: bool) -> Lane {
        Lane {
            name: name.into(),
            version: "v2".into(),
            permissive,
            services: services.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn adding_checks_the_rules_and_refuses_a_duplicate() {
        let g = add_lane(&group(), lane("dev", &["b"], true)).unwrap();
        assert_eq!(g.lanes.len(), 1);
        let err = add_lane(&g, lane("dev", &["b"], true)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict);
        let err = add_lane(&g, lane("x", &["b"], false)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Usage);
    }

    #[test]
    fn promoting_moves_the_held_services_to_the_lane_version_and_drops_the_lane() {
        let g = add_lane(&group(), lane("dev", &["b"], true)).unwrap();
        let p = promote(&g, "dev").unwrap();
        assert!(p.lanes.is_empty());
        let baselines: Vec<_> = p.services.iter().map(|s| s.baseline.as_str()).collect();
        assert_eq!(baselines, ["v1", "v2", "v1"]);
        assert_eq!(promote(&g, "nope").unwrap_err().kind(), ErrorKind::NotFound);
        assert_eq!(remove_lane(&g, "dev").unwrap().lanes.len(), 0);
    }

    #[test]
    fn a_vs_someone_else_owns_for_a_service_on_the_mesh_is_a_conflict() {
        let theirs = json!({"metadata": {"name": "b-routes", "namespace": "web"},
            "spec": {"hosts": ["b.web.svc.cluster.local"], "http": []}});
        let err = foreign_routes(&group(), &[theirs]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict);
        assert!(err.details()[0].contains("web/b-routes"), "{err:?}");
        let ours = json!({"metadata": {"name": "shop-b", "namespace": "web",
            "labels": {GROUP_LABEL: "shop"}}, "spec": {"hosts": ["b"]}});
        let at_gateway = json!({"metadata": {"name": "edge", "namespace": "web"},
            "spec": {"hosts": ["b"], "gateways": ["istio-system/gw"]}});
        let other_ns = json!({"metadata": {"name": "b", "namespace": "other"},
            "spec": {"hosts": ["b"]}});
        assert!(foreign_routes(&group(), &[ours, at_gateway, other_ns]).is_ok());
    }

    #[test]
    fn an_unfinished_or_unreadable_rollout_record_blocks_a_rewrite() {
        let g = group();
        assert!(no_shift_running(&g, &json!({"metadata": {}})).is_ok());
        let broken = json!({"metadata": {"annotations": {ROLLOUT_ANNOTATION: "{"}}});
        let err = no_shift_running(&g, &broken).unwrap_err();
        assert!(err.hints()[0].contains("meshctl lane rollback shop"));
    }
}
