//! The lane group as data: its services, the header that names a lane, where requests
//! enter, and its lanes. Names of the objects and subsets meshctl derives from it are
//! decided here, once, so rendering, `lane shift`, `status` and `analyze` agree.

use crate::semantic::names::is_dns1123_label;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Annotation holding the group (JSON) on its ingress object.
pub const ANNOTATION: &str = "meshctl.io/lane-group";
/// Label on every object meshctl derives for a group: the group's name.
pub const GROUP_LABEL: &str = "meshctl.io/lane-group";
/// The subset every service's baseline version is served as.
pub const BASELINE: &str = "baseline";
/// The header naming a lane unless the group says otherwise.
pub const DEFAULT_HEADER: &str = "x-lane";
/// The pod label that tells versions apart unless the group says otherwise.
pub const DEFAULT_VERSION_LABEL: &str = "version";

/// A lane group: services in one namespace, called along a chain whose applications
/// pass `header` along.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LaneGroup {
    pub name: String,
    pub namespace: String,
    /// In call order; the first is where requests enter the chain.
    pub services: Vec<LaneService>,
    pub header: String,
    /// The pod label whose value is a version (`version: v2`).
    pub version_label: String,
    /// A Gateway the ingress rules bind to; without one they sit in the entry
    /// service's own VirtualService (`gateways: [mesh]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ingress: Option<Ingress>,
    #[serde(default)]
    pub lanes: Vec<Lane>,
}

/// Where requests enter through a Gateway.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ingress {
    /// `NAMESPACE/NAME` of the Istio Gateway.
    pub gateway: String,
    /// Hosts the ingress VirtualService answers; `*` when none were given.
    pub hosts: Vec<String>,
}

/// One service of the group and the version its baseline runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LaneService {
    pub name: String,
    pub baseline: String,
}

/// A lane: the version of its services, and in permissive mode which services it
/// holds (calls to the others fall back to the baseline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lane {
    pub name: String,
    pub version: String,
    #[serde(default)]
    pub permissive: bool,
    /// The services the lane holds: every service of the group in strict mode.
    pub services: Vec<String>,
}

/// What a lane's health is judged by: one service's lane subset against its baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaneTarget {
    pub namespace: String,
    pub service: String,
    pub lane_subset: String,
    pub baseline_subset: String,
}

impl LaneGroup {
    pub fn new(name: &str, namespace: &str, services: &[String]) -> LaneGroup {
        LaneGroup {
            name: name.to_string(),
            namespace: namespace.to_string(),
            services: services
                .iter()
                .map(|s| LaneService {
                    name: s.clone(),
                    baseline: "v1".to_string(),
                })
                .collect(),
            header: DEFAULT_HEADER.to_string(),
            version_label: DEFAULT_VERSION_LABEL.to_string(),
            ingress: None,
            lanes: Vec::new(),
        }
    }

    /// The service requests enter by.
    pub fn entry(&self) -> &LaneService {
        &self.services[0]
    }

    /// Name of the VirtualService and DestinationRule meshctl owns for `service`.
    pub fn object_name(&self, service: &str) -> String {
        format!("{}-{}", self.name, service)
    }

    /// The VirtualService holding the ingress rules, the group annotation, and a lane
    /// shift's rollout record: its own with a Gateway, else the entry service's.
    pub fn ingress_object(&self) -> String {
        match &self.ingress {
            Some(_) => format!("{}-ingress", self.name),
            None => self.object_name(&self.entry().name),
        }
    }

    pub fn lane(&self, name: &str) -> Option<&Lane> {
        self.lanes.iter().find(|l| l.name == name)
    }

    pub fn service(&self, name: &str) -> Option<&LaneService> {
        self.services.iter().find(|s| s.name == name)
    }

    /// The subset `service` answers `lane`'s requests with, if it has one of its own:
    /// a member's lane subset; the entry service always has one (in permissive mode
    /// without the entry, it selects the baseline pods) so the ingress can tag and
    /// split by subset. Other services have none: their lane requests fall through
    /// to the baseline route.
    pub fn subset_for(&self, service: &str, lane: &Lane) -> Option<String> {
        let member = lane.services.iter().any(|s| s == service);
        (member || service == self.entry().name).then(|| lane.name.clone())
    }

    /// The pod labels of `service`'s subset for `lane` (the baseline's where the lane
    /// does not hold the service).
    pub fn lane_labels(&self, service: &LaneService, lane: &Lane) -> (String, String) {
        let member = lane.services.iter().any(|s| s == &service.name);
        let version = if member {
            lane.version.clone()
        } else {
            service.baseline.clone()
        };
        (self.version_label.clone(), version)
    }

    /// What a lane shift judges: every service the lane holds, lane against baseline.
    pub fn targets(&self, lane: &Lane) -> Vec<LaneTarget> {
        lane.services
            .iter()
            .map(|s| LaneTarget {
                namespace: self.namespace.clone(),
                service: s.clone(),
                lane_subset: lane.name.clone(),
                baseline_subset: BASELINE.to_string(),
            })
            .collect()
    }

    /// Every rule a group must keep; the first broken one, naming the flag to fix.
    pub fn validate(&self) -> Result<()> {
        name_ok("lane group", &self.name, "the group name")?;
        if self.services.is_empty() {
            return Err(
                Error::usage(format!("lane group `{}` has no services", self.name)).with_hint(
                    "name the chain's services in call order: `--service a --service b`",
                ),
            );
        }
        let mut seen = std::collections::BTreeSet::new();
        for s in &self.services {
            name_ok("service", &s.name, "`--service`")?;
            if !seen.insert(&s.name) {
                return Err(Error::usage(format!(
                    "service `{}` is named twice in lane group `{}`",
                    s.name, self.name
                ))
                .with_hint("name each service once, in call order"));
            }
            label_value_ok(&s.baseline, "the baseline version")?;
        }
        header_ok(&self.header)?;
        if let Some(ingress) = &self.ingress {
            match ingress.gateway.split_once('/') {
                Some((ns, name)) if is_dns1123_label(ns) && !name.is_empty() => {}
                _ => {
                    return Err(Error::usage(format!(
                        "`--ingress-gateway {}` is not NAMESPACE/NAME",
                        ingress.gateway
                    ))
                    .with_hint("e.g. `--ingress-gateway istio-system/ingressgateway`"));
                }
            }
        }
        let mut lanes = std::collections::BTreeSet::new();
        for lane in &self.lanes {
            self.lane_ok(lane)?;
            if !lanes.insert(&lane.name) {
                return Err(Error::usage(format!(
                    "lane `{}` exists twice in group `{}`",
                    lane.name, self.name
                )));
            }
        }
        Ok(())
    }

    /// The rules one lane must keep within this group.
    pub fn lane_ok(&self, lane: &Lane) -> Result<()> {
        name_ok("lane", &lane.name, "the lane name")?;
        if lane.name == BASELINE {
            return Err(Error::usage(format!(
                "`{BASELINE}` is the subset of every service's baseline, not a lane name"
            ))
            .with_hint("pick another lane name, e.g. the version: `v2`"));
        }
        label_value_ok(&lane.version, "`--version`")?;
        for s in &lane.services {
            if self.service(s).is_none() {
                return Err(Error::usage(format!(
                    "lane `{}` holds `{s}`, which is not a service of group `{}`",
                    lane.name, self.name
                ))
                .with_hint(format!(
                    "the group's services are {}",
                    self.services
                        .iter()
                        .map(|s| format!("`{}`", s.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        if lane.services.is_empty() {
            return Err(
                Error::usage(format!("lane `{}` holds no service", lane.name))
                    .with_hint("name the services the lane changes with `--service`"),
            );
        }
        if !lane.permissive && lane.services.len() != self.services.len() {
            return Err(Error::usage(format!(
                "strict lane `{}` must hold every service of group `{}`",
                lane.name, self.name
            ))
            .with_hint("drop `--service` to hold them all, or add `--permissive`"));
        }
        Ok(())
    }

    /// The group kept on `object` (its [`ANNOTATION`]), if any.
    pub fn from_object(object: &Value) -> Result<Option<LaneGroup>> {
        let Some(raw) = object
            .pointer("/metadata/annotations")
            .and_then(|a| a.get(ANNOTATION))
            .and_then(Value::as_str)
        else {
            return Ok(None);
        };
        serde_json::from_str(raw).map(Some).map_err(|e| {
            Error::invalid(format!(
                "the lane group annotation `{ANNOTATION}` on `{}` cannot be read: {e}",
                object
                    .pointer("/metadata/name")
                    .and_then(Value::as_str)
                    .unwrap_or("?")
            ))
            .with_hint("it is written by `meshctl lane`; recreate the group with `meshctl lane group create`")
        })
    }

    /// The annotation's value.
    pub fn to_annotation(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

fn name_ok(what: &str, name: &str, flag: &str) -> Result<()> {
    if is_dns1123_label(name) {
        return Ok(());
    }
    Err(
        Error::usage(format!("{what} name `{name}` is not a DNS-1123 label")).with_hint(format!(
            "{flag} must be lower-case letters, digits and `-`, at most 63 characters"
        )),
    )
}

fn label_value_ok(value: &str, flag: &str) -> Result<()> {
    if !value.is_empty() && crate::schema::meta::is_label_value(value) {
        return Ok(());
    }
    Err(
        Error::usage(format!("version `{value}` is not a label value")).with_hint(format!(
            "{flag} is the pods' version label value, e.g. `v2`"
        )),
    )
}

fn header_ok(header: &str) -> Result<()> {
    let ok = !header.is_empty()
        && header
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        return Ok(());
    }
    Err(Error::usage(format!(
        "`--header {header}` is not a lower-case header name"
    ))
    .with_hint("e.g. `--header x-lane`; applications must pass it along on their calls"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group() -> LaneGroup {
        let mut g = LaneGroup::new("shop", "default", &["a".into(), "b".into(), "c".into()]);
        g.lanes.push(Lane {
            name: "dev".into(),
            version: "v2".into(),
            permissive: true,
            services: vec!["b".into()],
        });
        g
    }

    #[test]
    fn the_entry_always_has_a_lane_subset_and_other_non_members_fall_back() {
        let g = group();
        let lane = g.lane("dev").unwrap();
        assert_eq!(g.subset_for("a", lane).as_deref(), Some("dev"));
        assert_eq!(g.subset_for("b", lane).as_deref(), Some("dev"));
        assert_eq!(g.subset_for("c", lane), None);
        assert_eq!(g.lane_labels(g.entry(), lane).1, "v1");
        assert_eq!(g.lane_labels(g.service("b").unwrap(), lane).1, "v2");
        assert_eq!(g.targets(lane).len(), 1);
        assert_eq!(g.ingress_object(), "shop-a");
    }

    #[test]
    fn a_strict_lane_must_hold_every_service() {
        let mut g = group();
        g.lanes[0].permissive = false;
        let err = g.validate().unwrap_err();
        assert!(err.message().contains("strict lane `dev`"), "{err:?}");
    }

    #[test]
    fn the_group_survives_its_annotation() {
        let g = group();
        let object = serde_json::json!({"metadata": {"name": "shop-a",
            "annotations": {ANNOTATION: g.to_annotation()}}});
        assert_eq!(LaneGroup::from_object(&object).unwrap(), Some(g));
        let broken = serde_json::json!({"metadata": {"name": "shop-a",
            "annotations": {ANNOTATION: "{"}}});
        assert!(LaneGroup::from_object(&broken).is_err());
    }

    #[test]
    fn bad_names_and_headers_are_refused_with_the_flag() {
        let mut g = group();
        g.header = "X Lane".into();
        assert!(g.validate().unwrap_err().hints()[0].contains("--header"));
        let mut g = group();
        g.lanes[0].name = BASELINE.into();
        assert!(g.validate().is_err());
        let mut g = group();
        g.lanes[0].services = vec!["zz".into()];
        assert!(g.validate().unwrap_err().message().contains("`zz`"));
    }
}
