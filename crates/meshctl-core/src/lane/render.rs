//! A lane group's objects, derived from the group alone so that every command that
//! changes the group writes the same thing: plain Istio objects meshctl owns
//! ([`render`], the shape `docs/lanes.md` and the lanes contract describe), or ASM's own
//! lane kinds ([`render_asm`]) for meshes whose control plane renders lanes itself.
//!
//! Order matters to the API server only through references: DestinationRules (which
//! define the subsets) come first, then the services' VirtualServices, the ingress last.

use super::model::{ANNOTATION, BASELINE, GROUP_LABEL, Lane, LaneGroup};
use crate::store::{MANAGED_BY_LABEL, MANAGED_BY_VALUE};
use serde_json::{Map, Value, json};

/// ASM's API group and version for `ASMSwimLaneGroup` and `ASMSwimLane`.
pub const ASM_API_VERSION: &str = "istio.alibabacloud.com/v1";
/// The label ASM associates a lane with its group by.
pub const ASM_GROUP_LABEL: &str = "swimlane-group";

/// The Istio objects of `group`: a DestinationRule and a VirtualService per service,
/// then with a Gateway the ingress VirtualService. The ingress object carries the
/// group in its annotation.
pub fn render(group: &LaneGroup) -> Vec<Value> {
    let mut objects: Vec<Value> = group
        .services
        .iter()
        .map(|s| destination_rule(group, &s.name))
        .collect();
    let ingress = group.ingress_object();
    for s in &group.services {
        let name = group.object_name(&s.name);
        let is_entry = s.name == group.entry().name;
        let http = if is_entry && group.ingress.is_none() {
            ingress_routes(group)
        } else {
            service_routes(group, &s.name)
        };
        let spec = json!({"hosts": [s.name], "http": http});
        objects.push(virtual_service(group, &name, spec, name == ingress));
    }
    if let Some(gw) = &group.ingress {
        let hosts = if gw.hosts.is_empty() {
            vec!["*".to_string()]
        } else {
            gw.hosts.clone()
        };
        let spec = json!({
            "gateways": [gw.gateway],
            "hosts": hosts,
            "http": ingress_routes(group),
        });
        objects.push(virtual_service(group, &ingress, spec, true));
    }
    objects
}

/// ASM's kinds for `group`: one `ASMSwimLaneGroup` and one `ASMSwimLane` per lane.
/// Only the fields ASM documents; `docs/lanes.md` lists those not confirmed.
pub fn render_asm(group: &LaneGroup) -> Vec<Value> {
    let permissive = group.lanes.iter().any(|l| l.permissive);
    let mut spec = json!({
        "services": group.services.iter()
            .map(|s| json!({"name": s.name, "namespace": group.namespace}))
            .collect::<Vec<_>>(),
    });
    if let Some(gw) = &group.ingress {
        let (ns, name) = gw.gateway.split_once('/').unwrap_or(("", &gw.gateway));
        spec["ingress"] = json!({"gateway": {"name": name, "namespace": ns, "type": "ASM"}});
    }
    if permissive {
        spec["isPermissive"] = json!(true);
        spec["permissiveModeConfiguration"] = json!({
            "routeHeader": group.header,
            "traceHeader": group.header,
            "fallbackTarget": BASELINE,
        });
    }
    // The group rides along, as on the Istio ingress object, so `lane create --asm`
    // can read it back.
    let mut metadata = asm_metadata(group, &group.name, &[]);
    metadata["annotations"] = json!({ ANNOTATION: group.to_annotation() });
    let mut objects = vec![json!({
        "apiVersion": ASM_API_VERSION,
        "kind": "ASMSwimLaneGroup",
        "metadata": metadata,
        "spec": spec,
    })];
    // In permissive mode ASM needs the fallback lane itself: every service's baseline.
    if permissive {
        objects.push(asm_lane(group, BASELINE, &baseline_labels(group), None));
    }
    for lane in &group.lanes {
        let labels = json!({ (group.version_label.clone()): lane.version });
        objects.push(asm_lane(group, &lane.name, &labels, Some(lane)));
    }
    objects
}

fn baseline_labels(group: &LaneGroup) -> Value {
    // ASM selects a lane's pods by one label set; the baseline is whatever the entry
    // service's baseline version is called (the group's services share it in practice).
    json!({ (group.version_label.clone()): group.entry().baseline })
}

fn asm_lane(group: &LaneGroup, name: &str, labels: &Value, lane: Option<&Lane>) -> Value {
    let mut spec = json!({ "labelSelector": labels });
    if let Some(lane) = lane {
        if lane.permissive {
            spec["serviceList"] = json!(
                lane.services
                    .iter()
                    .map(|s| json!({"name": s, "namespace": group.namespace}))
                    .collect::<Vec<_>>()
            );
        }
        if let Some(gw) = &group.ingress {
            let hosts = if gw.hosts.is_empty() {
                vec!["*".to_string()]
            } else {
                gw.hosts.clone()
            };
            spec["ingressRules"] = json!([{
                "name": format!("lane-{}", lane.name),
                "hosts": hosts,
                "match": {"headers": {(group.header.clone()): {"exact": lane.name}}},
                "online": true,
                "route": {"destination": {"host": format!(
                    "{}.{}.svc.cluster.local", group.entry().name, group.namespace
                )}},
            }]);
        }
    }
    json!({
        "apiVersion": ASM_API_VERSION,
        "kind": "ASMSwimLane",
        "metadata": asm_metadata(group, name, &[(ASM_GROUP_LABEL, &group.name)]),
        "spec": spec,
    })
}

fn destination_rule(group: &LaneGroup, service: &str) -> Value {
    let svc = group.service(service).expect("a service of the group");
    let mut subsets = vec![json!({
        "name": BASELINE,
        "labels": {(group.version_label.clone()): svc.baseline},
    })];
    for lane in &group.lanes {
        if let Some(subset) = group.subset_for(service, lane) {
            let (key, value) = group.lane_labels(svc, lane);
            subsets.push(json!({"name": subset, "labels": {key: value}}));
        }
    }
    json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "DestinationRule",
        "metadata": metadata(group, &group.object_name(service), &[]),
        "spec": {"host": service, "subsets": subsets},
    })
}

/// A member service's routes: one per lane it has a subset for, the baseline last
/// (a permissive lane's other services have none: their lane requests fall back).
fn service_routes(group: &LaneGroup, service: &str) -> Vec<Value> {
    let mut routes: Vec<Value> = group
        .lanes
        .iter()
        .filter_map(|lane| {
            let subset = group.subset_for(service, lane)?;
            Some(json!({
                "name": format!("lane-{}", lane.name),
                "match": [{"headers": {(group.header.clone()): {"exact": lane.name}}}],
                "route": [{"destination": {"host": service, "subset": subset}}],
            }))
        })
        .collect();
    routes.push(baseline_route(service));
    routes
}

/// The ingress routes: a lane by header or cookie, tagged with the header on the way in
/// so the services behind see it; everything else to the entry's baseline.
fn ingress_routes(group: &LaneGroup) -> Vec<Value> {
    let entry = &group.entry().name;
    let h = &group.header;
    let mut routes: Vec<Value> = group
        .lanes
        .iter()
        .map(|lane| {
            json!({
                "name": format!("lane-{}", lane.name),
                "match": [
                    {"headers": {(h.clone()): {"exact": lane.name}}},
                    {"headers": {"cookie": {"regex": cookie_regex(h, &lane.name)}}},
                ],
                "headers": {"request": {"set": {(h.clone()): lane.name}}},
                "route": [{"destination": {"host": entry, "subset": lane.name}}],
            })
        })
        .collect();
    routes.push(baseline_route(entry));
    routes
}

/// Matches a `Cookie` header holding `header=lane` among other cookies.
pub fn cookie_regex(header: &str, lane: &str) -> String {
    format!("^(.*;\\s*)?{header}={lane}(;.*)?$")
}

fn baseline_route(host: &str) -> Value {
    json!({
        "name": BASELINE,
        "route": [{"destination": {"host": host, "subset": BASELINE}, "weight": 100}],
    })
}

/// `ingress`: the object that keeps the group in its annotation.
fn virtual_service(group: &LaneGroup, name: &str, spec: Value, ingress: bool) -> Value {
    let mut metadata = metadata(group, name, &[]);
    if ingress {
        metadata["annotations"] = json!({ ANNOTATION: group.to_annotation() });
    }
    json!({
        "apiVersion": "networking.istio.io/v1",
        "kind": "VirtualService",
        "metadata": metadata,
        "spec": spec,
    })
}

fn metadata(group: &LaneGroup, name: &str, extra: &[(&str, &str)]) -> Value {
    let mut labels = Map::new();
    labels.insert(GROUP_LABEL.into(), json!(group.name));
    labels.insert(MANAGED_BY_LABEL.into(), json!(MANAGED_BY_VALUE));
    for (k, v) in extra {
        labels.insert((*k).into(), json!(v));
    }
    json!({"name": name, "namespace": group.namespace, "labels": labels})
}

/// ASM's lane objects live in its control plane, named as the lane (a permissive
/// group's `fallbackTarget` names a lane), with no namespace in its examples.
fn asm_metadata(group: &LaneGroup, name: &str, extra: &[(&str, &str)]) -> Value {
    let mut m = metadata(group, name, extra);
    if let Some(m) = m.as_object_mut() {
        m.remove("namespace");
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lane::model::Ingress;

    fn group(permissive: bool, gateway: bool) -> LaneGroup {
        let mut g = LaneGroup::new("shop", "web", &["a".into(), "b".into(), "c".into()]);
        if gateway {
            g.ingress = Some(Ingress {
                gateway: "istio-system/ingressgateway".into(),
                hosts: vec![],
            });
        }
        let services = if permissive {
            vec!["b".to_string()]
        } else {
            vec!["a".into(), "b".into(), "c".into()]
        };
        g.lanes.push(Lane {
            name: "dev".into(),
            version: "v2".into(),
            permissive,
            services,
        });
        g.validate().unwrap();
        g
    }

    fn names(objects: &[Value]) -> Vec<String> {
        objects
            .iter()
            .map(|o| {
                format!(
                    "{}/{}",
                    o["kind"].as_str().unwrap(),
                    o["metadata"]["name"].as_str().unwrap()
                )
            })
            .collect()
    }

    #[test]
    fn strict_without_gateway() {
        let objects = render(&group(false, false));
        insta::assert_yaml_snapshot!(objects);
    }

    #[test]
    fn strict_with_gateway() {
        insta::assert_yaml_snapshot!(render(&group(false, true)));
    }

    #[test]
    fn permissive_without_gateway() {
        insta::assert_yaml_snapshot!(render(&group(true, false)));
    }

    #[test]
    fn permissive_with_gateway() {
        insta::assert_yaml_snapshot!(render(&group(true, true)));
    }

    #[test]
    fn asm_strict_and_permissive() {
        insta::assert_yaml_snapshot!("asm_strict_gateway", render_asm(&group(false, true)));
        insta::assert_yaml_snapshot!("asm_permissive_gateway", render_asm(&group(true, true)));
        insta::assert_yaml_snapshot!("asm_permissive_no_gateway", render_asm(&group(true, false)));
    }

    #[test]
    fn rules_first_then_services_then_the_ingress_which_keeps_the_group() {
        let objects = render(&group(true, true));
        assert_eq!(
            names(&objects),
            [
                "DestinationRule/shop-a",
                "DestinationRule/shop-b",
                "DestinationRule/shop-c",
                "VirtualService/shop-a",
                "VirtualService/shop-b",
                "VirtualService/shop-c",
                "VirtualService/shop-ingress",
            ]
        );
        let annotated: Vec<_> = objects
            .iter()
            .filter(|o| LaneGroup::from_object(o).unwrap().is_some())
            .collect();
        assert_eq!(annotated.len(), 1);
        assert_eq!(annotated[0]["metadata"]["name"], "shop-ingress");
        assert_eq!(
            LaneGroup::from_object(annotated[0]).unwrap(),
            Some(group(true, true))
        );
        for o in &objects {
            assert_eq!(o["metadata"]["labels"][GROUP_LABEL], "shop");
            assert_eq!(o["metadata"]["labels"][MANAGED_BY_LABEL], MANAGED_BY_VALUE);
        }
    }

    #[test]
    fn a_permissive_lane_leaves_non_members_to_the_baseline() {
        let objects = render(&group(true, false));
        let vs = |name: &str| {
            objects
                .iter()
                .find(|o| o["kind"] == "VirtualService" && o["metadata"]["name"] == name)
                .unwrap()
                .clone()
        };
        let route_names = |o: &Value| -> Vec<String> {
            o["spec"]["http"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["name"].as_str().unwrap().to_string())
                .collect()
        };
        // The entry is the ingress: tags lane requests and sends them to its subset.
        let a = vs("shop-a");
        assert_eq!(route_names(&a), ["lane-dev", "baseline"]);
        assert_eq!(
            a["spec"]["http"][0]["headers"]["request"]["set"]["x-lane"],
            "dev"
        );
        assert!(LaneGroup::from_object(&a).unwrap().is_some());
        assert_eq!(route_names(&vs("shop-b")), ["lane-dev", "baseline"]);
        assert_eq!(route_names(&vs("shop-c")), ["baseline"]);
        // The entry's lane subset selects its baseline pods: the lane does not hold it.
        let dr_a = &objects[0];
        assert_eq!(dr_a["spec"]["subsets"][1]["labels"]["version"], "v1");
        let dr_b = &objects[1];
        assert_eq!(dr_b["spec"]["subsets"][1]["labels"]["version"], "v2");
        assert_eq!(objects[2]["spec"]["subsets"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn the_cookie_regex_finds_the_lane_among_other_cookies() {
        let re = regex::Regex::new(&cookie_regex("x-lane", "dev")).unwrap();
        assert!(re.is_match("x-lane=dev"));
        assert!(re.is_match("sid=1; x-lane=dev; theme=dark"));
        assert!(!re.is_match("x-lane=dev2"));
        assert!(!re.is_match("my-x-lane=dev"));
    }

    #[test]
    fn every_rendered_object_passes_the_catalog() {
        for (p, g) in [(false, false), (false, true), (true, false), (true, true)] {
            for o in render(&group(p, g)) {
                let findings = crate::schema::Catalog::builtin().validate(&o);
                assert!(
                    findings.is_empty(),
                    "{}: {findings:?}",
                    o["metadata"]["name"]
                );
            }
        }
    }
}
