//! The view of `lane list`: each group's baseline and lanes, read from the group kept
//! on its ingress object, with the share of untagged ingress traffic each gets now
//! (the weights of the ingress object's `baseline` route, which a lane shift moves).

use super::model::{BASELINE, LaneGroup};
use crate::model::VirtualService;
use crate::view::{Document, Table, View, age};
use jiff::Timestamp;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// One row: a group's baseline or one of its lanes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LaneView {
    pub namespace: String,
    pub group: String,
    /// The lane's name, or `baseline`.
    pub lane: String,
    /// `strict` or `permissive` (`-` for the baseline).
    pub mode: String,
    /// The version (`version` label value); per service for the baseline.
    pub version: String,
    pub services: Vec<String>,
    pub header: String,
    /// Percent of untagged ingress traffic the lane gets now.
    pub weight: u32,
    /// The object holding the ingress rules (`VirtualService` name).
    pub ingress: String,
    /// `service:subset` for each service that answers the lane with its own subset.
    pub subsets: Vec<String>,
    /// The ingress object as `kind.group/name`, for `-o name`.
    #[serde(skip)]
    pub object: String,
    #[serde(skip)]
    pub age: String,
}

/// The rows of every group kept on `ingress_objects` (VirtualServices with the group
/// annotation; others are skipped), optionally only group `only`, ages at `now`.
pub fn views(ingress_objects: &[Value], only: Option<&str>, now: Timestamp) -> Vec<LaneView> {
    let mut out = Vec::new();
    for object in ingress_objects {
        let Ok(Some(group)) = LaneGroup::from_object(object) else {
            continue;
        };
        if only.is_some_and(|g| g != group.name) {
            continue;
        }
        let weights = baseline_weights(object, &group);
        let object_name = crate::view::names_in(object).join("");
        let age = object
            .pointer("/metadata/creationTimestamp")
            .and_then(Value::as_str)
            .and_then(|t| t.parse::<Timestamp>().ok())
            .map_or_else(|| "-".to_string(), |created| age(created, now));
        let row = |lane: &str, mode: &str, version: String, services: Vec<String>| LaneView {
            namespace: group.namespace.clone(),
            group: group.name.clone(),
            lane: lane.to_string(),
            mode: mode.to_string(),
            version,
            subsets: subsets(&group, lane),
            services,
            header: group.header.clone(),
            weight: weight_of(&weights, lane),
            ingress: group.ingress_object(),
            object: object_name.clone(),
            age: age.clone(),
        };
        let mut versions: Vec<&str> = group.services.iter().map(|s| s.baseline.as_str()).collect();
        versions.dedup();
        out.push(row(
            BASELINE,
            "-",
            versions.join(","),
            group.services.iter().map(|s| s.name.clone()).collect(),
        ));
        for lane in &group.lanes {
            let mode = if lane.permissive {
                "permissive"
            } else {
                "strict"
            };
            out.push(row(
                &lane.name,
                mode,
                lane.version.clone(),
                lane.services.clone(),
            ));
        }
    }
    out.sort_by(|a, b| (&a.namespace, &a.group).cmp(&(&b.namespace, &b.group)));
    out
}

fn subsets(group: &LaneGroup, lane: &str) -> Vec<String> {
    match group.lane(lane) {
        None => group
            .services
            .iter()
            .map(|s| format!("{}:{BASELINE}", s.name))
            .collect(),
        Some(l) => group
            .services
            .iter()
            .filter_map(|s| Some(format!("{}:{}", s.name, group.subset_for(&s.name, l)?)))
            .collect(),
    }
}

/// Subset → weight in the ingress object's `baseline` route (a lone destination
/// without a weight takes everything).
fn baseline_weights(object: &Value, group: &LaneGroup) -> Vec<(String, u32)> {
    let Ok(vs) = VirtualService::read(object) else {
        return Vec::new();
    };
    let Some(route) = vs
        .spec
        .http
        .iter()
        .find(|r| r.name.as_deref() == Some(BASELINE))
    else {
        return Vec::new();
    };
    let lone = route.route.len() == 1;
    route
        .route
        .iter()
        .filter(|d| d.destination.host == group.entry().name)
        .filter_map(|d| {
            let subset = d.destination.subset.clone()?;
            let w = d
                .weight
                .map_or(if lone { 100 } else { 0 }, |w| w.max(0) as u32);
            Some((subset, w))
        })
        .collect()
}

fn weight_of(weights: &[(String, u32)], subset: &str) -> u32 {
    weights
        .iter()
        .filter(|(s, _)| s == subset)
        .map(|(_, w)| *w)
        .sum()
}

/// What `lane list` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaneList(pub Vec<LaneView>);

/// Scripts get the rows.
impl Serialize for LaneList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl View for LaneList {
    fn document(&self) -> Document {
        let mut t = Table::new([
            "namespace",
            "group",
            "lane",
            "mode",
            "version",
            "services",
            "header",
            "weight",
            "age",
        ])
        .with_wide(["ingress", "subsets"]);
        for v in &self.0 {
            t.row([
                v.namespace.clone(),
                v.group.clone(),
                v.lane.clone(),
                v.mode.clone(),
                v.version.clone(),
                v.services.join(","),
                v.header.clone(),
                format!("{}%", v.weight),
                v.age.clone(),
                v.ingress.clone(),
                v.subsets.join(","),
            ]);
        }
        Document::table(t)
    }

    fn names(&self) -> Option<Vec<String>> {
        let mut names: Vec<String> = self.0.iter().map(|v| v.object.clone()).collect();
        names.dedup();
        Some(names)
    }

    fn empty_message(&self) -> Option<String> {
        self.0.is_empty().then(|| {
            "No lane groups found. Create one with `meshctl lane group create`.".to_string()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lane::model::Lane;
    use crate::lane::render::render;

    #[test]
    fn rows_come_from_the_group_and_weights_from_the_ingress_route() {
        let mut g = LaneGroup::new("shop", "web", &["a".into(), "b".into()]);
        g.lanes.push(Lane {
            name: "dev".into(),
            version: "v2".into(),
            permissive: true,
            services: vec!["b".into()],
        });
        let mut ingress = render(&g)
            .into_iter()
            .find(|o| o["metadata"]["name"] == g.ingress_object() && o["kind"] == "VirtualService")
            .unwrap();
        // A lane shift at 20%.
        ingress["spec"]["http"][1]["route"] = serde_json::json!([
            {"destination": {"host": "a", "subset": "baseline"}, "weight": 80},
            {"destination": {"host": "a", "subset": "dev"}, "weight": 20},
        ]);
        let rows = views(&[ingress.clone()], None, Timestamp::UNIX_EPOCH);
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].lane.as_str(), rows[0].weight), ("baseline", 80));
        assert_eq!((rows[1].lane.as_str(), rows[1].weight), ("dev", 20));
        assert_eq!(rows[1].mode, "permissive");
        assert_eq!(rows[1].subsets, ["a:dev", "b:dev"]);
        assert!(views(&[ingress], Some("other"), Timestamp::UNIX_EPOCH).is_empty());
    }
}
