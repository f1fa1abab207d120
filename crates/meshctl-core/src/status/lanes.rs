//! Lane groups in `status`: the mesh view lists each group (its services, lanes,
//! header and where requests enter), and one service's view shows the lanes it is in:
//! which subset and version answers each lane's requests and whether pods run it.
//!
//! Groups are read from their annotation (`meshctl.io/lane-group`) on the ingress
//! VirtualService. One that cannot be read is left out here: `status` shows, it does
//! not judge; `meshctl analyze` reports it (MESH0125).

use super::*;
use crate::analyze::selects;
use crate::lane::model::{ANNOTATION, BASELINE};
use crate::lane::{Lane, LaneGroup};
use crate::view::{Table, cell};

/// One lane of a group, as the group row lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LaneSummary {
    pub name: String,
    pub version: String,
    pub permissive: bool,
    /// The services the lane holds (every service of the group when strict).
    pub services: Vec<String>,
}

/// One lane group in the mesh view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LaneGroupRow {
    /// `LaneGroup`, so scripts tell these apart from the service rows in one list.
    pub kind: &'static str,
    pub namespace: String,
    pub name: String,
    /// In call order; the first is where requests enter.
    pub services: Vec<String>,
    pub lanes: Vec<LaneSummary>,
    pub header: String,
    /// `NS/NAME` of the Gateway requests enter by, or `mesh` (the entry's sidecars).
    pub ingress: String,
    /// The VirtualService that tags requests and holds the group.
    pub ingress_object: String,
}

/// The groups held by `mesh`'s VirtualServices, sorted by namespace and name.
pub fn lane_group_rows(mesh: Mesh<'_>) -> Vec<LaneGroupRow> {
    let mut rows: Vec<LaneGroupRow> = groups(mesh)
        .into_iter()
        .map(|(namespace, g)| LaneGroupRow {
            kind: "LaneGroup",
            namespace: namespace.to_string(),
            services: g.services.iter().map(|s| s.name.clone()).collect(),
            lanes: g
                .lanes
                .iter()
                .map(|l| LaneSummary {
                    name: l.name.clone(),
                    version: l.version.clone(),
                    permissive: l.permissive,
                    services: l.services.clone(),
                })
                .collect(),
            header: g.header.clone(),
            ingress: g
                .ingress
                .as_ref()
                .map_or_else(|| "mesh".to_string(), |i| i.gateway.clone()),
            ingress_object: g.ingress_object(),
            name: g.name,
        })
        .collect();
    rows.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    rows
}

/// Every readable group, with the namespace of the object holding it.
fn groups(mesh: Mesh<'_>) -> Vec<(&str, LaneGroup)> {
    mesh.virtual_services
        .iter()
        .filter_map(|vs| {
            let text = vs.metadata.annotations.get(ANNOTATION)?;
            let group = serde_json::from_str::<LaneGroup>(text).ok()?;
            Some((vs.namespace(), group))
        })
        .collect()
}

/// `dev=v2` for a strict lane, `dev=v2[b,c]` for a permissive one holding `b` and `c`.
fn lane_cell(lane: &LaneSummary) -> String {
    if lane.permissive {
        format!(
            "{}={}[{}]",
            lane.name,
            lane.version,
            lane.services.join(",")
        )
    } else {
        format!("{}={}", lane.name, lane.version)
    }
}

/// The groups' table, shown after the services'.
pub(crate) fn lane_groups_table(rows: &[LaneGroupRow]) -> Table {
    let mut t = Table::new(["group", "services", "lanes", "header", "ingress"])
        .with_wide(["namespace", "ingress-object"]);
    for r in rows {
        let lanes: Vec<String> = r.lanes.iter().map(lane_cell).collect();
        t.row([
            r.name.clone(),
            r.services.join("→"),
            cell(&lanes),
            r.header.clone(),
            r.ingress.clone(),
            r.namespace.clone(),
            r.ingress_object.clone(),
        ]);
    }
    t
}

/// How a service takes part in one lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LaneMode {
    /// A strict lane: every service runs the lane's version.
    Strict,
    /// A permissive lane that holds the service.
    Permissive,
    /// A permissive lane that does not hold the service: its baseline answers.
    Fallback,
}

impl LaneMode {
    fn as_str(self) -> &'static str {
        match self {
            LaneMode::Strict => "strict",
            LaneMode::Permissive => "permissive",
            LaneMode::Fallback => "fallback",
        }
    }
}

/// Ready and total pods of a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PodCount {
    pub ready: usize,
    pub total: usize,
}

/// One lane a service is in, as `status SERVICE` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceLane {
    pub group: String,
    pub lane: String,
    pub mode: LaneMode,
    /// The subset answering the lane's requests (`baseline` when it falls back).
    pub subset: String,
    /// The version those pods run (the value of the group's version label).
    pub version: String,
    /// Pods of that version, when the service's pods are known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pods: Option<PodCount>,
}

fn mode(service: &str, lane: &Lane) -> LaneMode {
    if !lane.permissive {
        LaneMode::Strict
    } else if lane.services.iter().any(|s| s == service) {
        LaneMode::Permissive
    } else {
        LaneMode::Fallback
    }
}

/// The lanes `host` (fully qualified) is in, group by group. `pods` are the pods of
/// its namespace and `base` its Service's selector; without a selector the pods are
/// not known and no count is given.
pub(crate) fn service_lanes(
    mesh: Mesh<'_>,
    host: &str,
    pods: &[Value],
    base: &[(&str, &str)],
) -> Vec<ServiceLane> {
    let Some(namespace) = namespace_of_host(host) else {
        return Vec::new();
    };
    let service = short_host(host);
    let mut out = Vec::new();
    for (group_ns, g) in groups(mesh) {
        let Some(member) = g.service(service).filter(|_| group_ns == namespace) else {
            continue;
        };
        for lane in &g.lanes {
            let (label, version) = g.lane_labels(member, lane);
            let subset = g
                .subset_for(service, lane)
                .unwrap_or_else(|| BASELINE.to_string());
            let pods = (!base.is_empty()).then(|| {
                let mut selector = base.to_vec();
                selector.push((label.as_str(), version.as_str()));
                let matching: Vec<&Value> = pods.iter().filter(|p| selects(&selector, p)).collect();
                PodCount {
                    ready: matching
                        .iter()
                        .filter(|p| super::detail::pod_ready(p))
                        .count(),
                    total: matching.len(),
                }
            });
            out.push(ServiceLane {
                group: g.name.clone(),
                lane: lane.name.clone(),
                mode: mode(service, lane),
                subset,
                version,
                pods,
            });
        }
    }
    out.sort_by(|a, b| (&a.group, &a.lane).cmp(&(&b.group, &b.lane)));
    out
}

/// The lanes' table of one service.
pub(crate) fn service_lanes_table(lanes: &[ServiceLane]) -> Table {
    let mut t = Table::new(["lane", "group", "mode", "subset", "version", "pods"]);
    for l in lanes {
        t.row([
            l.lane.clone(),
            l.group.clone(),
            l.mode.as_str().to_string(),
            l.subset.clone(),
            l.version.clone(),
            l.pods.map_or("-".to_string(), |p| {
                format!("{}/{} ready", p.ready, p.total)
            }),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lane::Ingress;
    use serde_json::json;

    fn group() -> LaneGroup {
        let mut g = LaneGroup::new("shop", "demo", &["a".into(), "b".into(), "c".into()]);
        g.lanes.push(Lane {
            name: "dev".into(),
            version: "v2".into(),
            permissive: true,
            services: vec!["b".into()],
        });
        g.lanes.push(Lane {
            name: "full".into(),
            version: "v3".into(),
            permissive: false,
            services: vec!["a".into(), "b".into(), "c".into()],
        });
        g
    }

    fn objects(groups: &[LaneGroup]) -> Objects {
        let all: Vec<Value> = groups
            .iter()
            .flat_map(crate::lane::render::render)
            .collect();
        let of = |kind: &str| -> Vec<Value> {
            all.iter().filter(|o| o["kind"] == kind).cloned().collect()
        };
        Objects::read(&of("VirtualService"), &of("DestinationRule"), &[])
    }

    fn pod(service: &str, version: &str, ready: bool) -> Value {
        let status = if ready { "True" } else { "False" };
        json!({"metadata": {"name": format!("{service}-{version}"), "namespace": "demo",
                            "labels": {"app": service, "version": version}},
               "status": {"phase": "Running",
                          "conditions": [{"type": "Ready", "status": status}]}})
    }

    #[test]
    fn groups_are_listed_by_namespace_and_name_with_their_ingress() {
        let mut edge = group();
        edge.name = "edge".into();
        edge.ingress = Some(Ingress {
            gateway: "istio-system/web".into(),
            hosts: vec![],
        });
        let objects = objects(&[group(), edge]);
        let rows = lane_group_rows(objects.mesh());
        let names: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|r| {
                (
                    r.name.as_str(),
                    r.ingress.as_str(),
                    r.ingress_object.as_str(),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("edge", "istio-system/web", "edge-ingress"),
                ("shop", "mesh", "shop-a")
            ]
        );
        let lanes: Vec<String> = rows[1].lanes.iter().map(lane_cell).collect();
        assert_eq!(lanes, ["dev=v2[b]", "full=v3"]);
    }

    #[test]
    fn an_unreadable_group_is_left_to_analyze() {
        let mut objects = objects(&[group()]);
        let vs = objects
            .virtual_services
            .iter_mut()
            .find(|vs| vs.metadata.annotations.contains_key(ANNOTATION))
            .unwrap();
        vs.metadata
            .annotations
            .insert(ANNOTATION.into(), "{".into());
        assert_eq!(lane_group_rows(objects.mesh()), []);
    }

    #[test]
    fn a_service_shows_each_lane_with_the_version_that_answers_and_its_pods() {
        let objects = objects(&[group()]);
        let pods = [
            pod("c", "v1", true),
            pod("c", "v3", false),
            pod("b", "v2", true),
        ];
        let base = [("app", "c")];
        let lanes = service_lanes(objects.mesh(), "c.demo.svc.cluster.local", &pods, &base);
        let shown: Vec<(&str, LaneMode, &str, &str, Option<PodCount>)> = lanes
            .iter()
            .map(|l| {
                (
                    l.lane.as_str(),
                    l.mode,
                    l.subset.as_str(),
                    l.version.as_str(),
                    l.pods,
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "dev",
                    LaneMode::Fallback,
                    "baseline",
                    "v1",
                    Some(PodCount { ready: 1, total: 1 })
                ),
                (
                    "full",
                    LaneMode::Strict,
                    "full",
                    "v3",
                    Some(PodCount { ready: 0, total: 1 })
                ),
            ]
        );
        // The entry keeps a `dev` subset of its baseline pods, so the ingress can tag.
        let a = service_lanes(objects.mesh(), "a.demo.svc.cluster.local", &pods, &[]);
        assert_eq!(
            (a[0].subset.as_str(), a[0].version.as_str(), a[0].pods),
            ("dev", "v1", None)
        );
        // Another namespace's `c` is in no lane.
        assert_eq!(
            service_lanes(objects.mesh(), "c.other.svc.cluster.local", &pods, &base),
            []
        );
    }
}
