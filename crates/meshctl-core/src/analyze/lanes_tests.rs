//! The lane analyzers on groups written by hand from the lanes contract (what
//! `meshctl lane` renders): a clean group has no findings, and each breakage finds
//! exactly its code, on the object and field at fault, with a hint.

use super::*;
use crate::lane::model::{ANNOTATION, GROUP_LABEL};
use crate::lane::{Lane, LaneGroup};
use serde_json::json;

fn group() -> LaneGroup {
    let mut g = LaneGroup::new("shop", "demo", &["a".into(), "b".into(), "c".into()]);
    g.lanes.push(Lane {
        name: "dev".into(),
        version: "v2".into(),
        permissive: true,
        services: vec!["b".into()],
    });
    g
}

fn labels(g: &LaneGroup) -> Value {
    json!({GROUP_LABEL: g.name, "app.kubernetes.io/managed-by": "meshctl"})
}

/// The group's objects as the contract describes them.
pub(super) fn objects(g: &LaneGroup) -> Vec<Value> {
    let mut out = Vec::new();
    for s in &g.services {
        let mut subsets =
            vec![json!({"name": "baseline", "labels": {g.version_label.clone(): s.baseline}})];
        let mut http = Vec::new();
        for lane in &g.lanes {
            if let Some(subset) = g.subset_for(&s.name, lane) {
                let (k, v) = g.lane_labels(s, lane);
                subsets.push(json!({"name": subset, "labels": {k: v}}));
                let mut route = json!({"name": format!("lane-{}", lane.name),
                    "match": [{"headers": {g.header.clone(): {"exact": lane.name}}}],
                    "route": [{"destination": {"host": s.name, "subset": subset}}]});
                if s.name == g.entry().name && g.ingress.is_none() {
                    let cookie = format!("^(.*;\\s*)?{}={}(;.*)?$", g.header, lane.name);
                    route["match"]
                        .as_array_mut()
                        .unwrap()
                        .push(json!({"headers": {"cookie": {"regex": cookie}}}));
                    route["headers"] = json!({"request": {"set": {g.header.clone(): lane.name}}});
                }
                http.push(route);
            }
        }
        http.push(json!({"name": "baseline", "route": [
            {"destination": {"host": s.name, "subset": "baseline"}, "weight": 100}]}));
        let name = g.object_name(&s.name);
        let mut vs = json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
            "metadata": {"name": name, "namespace": g.namespace, "labels": labels(g)},
            "spec": {"hosts": [s.name], "http": http}});
        if name == g.ingress_object() {
            vs["metadata"]["annotations"] = json!({ANNOTATION: g.to_annotation()});
        }
        out.push(vs);
        out.push(
            json!({"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
            "metadata": {"name": name, "namespace": g.namespace, "labels": labels(g)},
            "spec": {"host": s.name, "subsets": subsets}}),
        );
    }
    out
}

fn pod(service: &str, version: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": format!("{service}-{version}"), "namespace": "demo",
                        "labels": {"app": service, "version": version}}})
}

fn svc(name: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Service",
           "metadata": {"name": name, "namespace": "demo"},
           "spec": {"selector": {"app": name}}})
}

/// Pods for every baseline and for `b` at v2.
fn cluster() -> ClusterFacts {
    ClusterFacts {
        pods: ["a", "b", "c"]
            .iter()
            .map(|s| pod(s, "v1"))
            .chain([pod("b", "v2")])
            .collect(),
        services: ["a", "b", "c"].iter().map(|s| svc(s)).collect(),
        secrets: Vec::new(),
    }
}

fn run(objects: &[Value], cluster: Option<&ClusterFacts>) -> Vec<Finding> {
    analyze(Input {
        objects,
        cluster,
        now: Timestamp::from_second(1_790_000_000).unwrap(),
    })
}

fn found(findings: &[Finding]) -> Vec<(&'static str, String, String)> {
    findings
        .iter()
        .map(|f| (f.code, f.resource.name.clone(), f.path.clone()))
        .collect()
}

/// The object named `name` in `objects`.
fn object<'a>(objects: &'a mut [Value], name: &str, kind: &str) -> &'a mut Value {
    objects
        .iter_mut()
        .find(|o| o["metadata"]["name"] == name && o["kind"] == kind)
        .unwrap()
}

#[test]
fn a_clean_group_has_no_findings_with_or_without_the_cluster() {
    let objects = objects(&group());
    assert_eq!(found(&run(&objects, None)), []);
    assert_eq!(found(&run(&objects, Some(&cluster()))), []);
}

#[test]
fn a_lane_subset_without_pods_names_the_lane_and_service_and_replaces_mesh0107() {
    let objects = objects(&group());
    let mut facts = cluster();
    facts.pods.retain(|p| p["metadata"]["name"] != "b-v2");
    let findings = run(&objects, Some(&facts));
    assert_eq!(
        found(&findings),
        [(
            "MESH0120",
            "shop-b".into(),
            "spec.http[0].route[0].destination.subset".into()
        )]
    );
    let f = &findings[0];
    assert_eq!(
        f.message,
        "lane `dev` of group `shop` sends `b`'s requests to subset `dev` (`version=v2`), which selects no pod in namespace `demo`"
    );
    assert_eq!(
        f.hint.as_deref(),
        Some(
            "run pods of `b` labelled `version=v2`, or delete the lane: `meshctl lane delete shop dev`"
        )
    );
    // Without the cluster, pods are unknown: nothing to say.
    assert_eq!(found(&run(&objects, None)), []);
}

#[test]
fn a_missing_baseline_route_is_a_missing_fallback() {
    let mut objects = objects(&group());
    let vs = object(&mut objects, "shop-c", "VirtualService");
    vs["spec"]["http"] = json!([]);
    let findings = run(&objects, None);
    assert_eq!(
        found(&findings),
        [("MESH0121", "shop-c".into(), "spec.http".into())]
    );
    assert!(
        findings[0].message.contains("permissive lanes `dev`"),
        "{}",
        findings[0].message
    );
    assert!(findings[0].hint.is_some());
}

#[test]
fn a_lane_route_to_a_subset_the_rule_lacks_replaces_mesh0101() {
    let mut objects = objects(&group());
    let dr = object(&mut objects, "shop-b", "DestinationRule");
    dr["spec"]["subsets"].as_array_mut().unwrap().truncate(1);
    let findings = run(&objects, None);
    assert_eq!(
        found(&findings),
        [(
            "MESH0122",
            "shop-b".into(),
            "spec.http[0].route[0].destination.subset".into()
        )]
    );
    assert!(
        findings[0]
            .message
            .contains("DestinationRule `demo/shop-b` lacks it"),
        "{}",
        findings[0].message
    );
}

#[test]
fn a_member_without_its_lane_route_is_found_and_a_non_member_needs_none() {
    let mut objects = objects(&group());
    let vs = object(&mut objects, "shop-b", "VirtualService");
    vs["spec"]["http"].as_array_mut().unwrap().remove(0);
    let findings = run(&objects, None);
    assert_eq!(
        found(&findings),
        [("MESH0123", "shop-b".into(), "spec.http".into())]
    );
    assert_eq!(
        findings[0].hint.as_deref(),
        Some("render the lane again with `meshctl lane create shop dev --version v2 --permissive`")
    );
    // `c` is not in the permissive lane: its lane requests take the baseline route.
    let clean = objects_of_group_without_c_lane_route();
    assert_eq!(found(&run(&clean, None)), []);
}

fn objects_of_group_without_c_lane_route() -> Vec<Value> {
    let objects = objects(&group());
    let c = objects
        .iter()
        .find(|o| o["metadata"]["name"] == "shop-c" && o["kind"] == "VirtualService")
        .unwrap();
    assert_eq!(c["spec"]["http"].as_array().unwrap().len(), 1);
    objects
}

#[test]
fn services_that_disagree_on_the_header_are_found() {
    let mut objects = objects(&group());
    let vs = object(&mut objects, "shop-b", "VirtualService");
    vs["spec"]["http"][0]["match"] = json!([{"headers": {"x-env": {"exact": "dev"}}}]);
    let findings = run(&objects, None);
    assert_eq!(
        found(&findings),
        [(
            "MESH0124",
            "shop-b".into(),
            "spec.http[0].match[0].headers".into()
        )]
    );
    assert_eq!(
        findings[0].message,
        "route `lane-dev` matches header `x-env`, but group `shop` names lanes by `x-lane`"
    );
    // A lane route that matches nothing at all takes every request (and shadows the
    // baseline route, which MESH0111 says).
    let vs = object(&mut objects, "shop-b", "VirtualService");
    vs["spec"]["http"][0]
        .as_object_mut()
        .unwrap()
        .remove("match");
    assert_eq!(
        found(&run(&objects, None)),
        [
            ("MESH0111", "shop-b".into(), "spec.http[1]".into()),
            ("MESH0124", "shop-b".into(), "spec.http[0]".into())
        ]
    );
}

#[test]
fn an_ingress_cookie_must_name_the_groups_header() {
    let mut objects = objects(&group());
    let vs = object(&mut objects, "shop-a", "VirtualService");
    vs["spec"]["http"][0]["match"][1]["headers"]["cookie"]["regex"] =
        json!("^(.*;\\s*)?lane=dev(;.*)?$");
    assert_eq!(
        found(&run(&objects, None)),
        [(
            "MESH0124",
            "shop-a".into(),
            "spec.http[0].match[1].headers".into()
        )]
    );
}

#[test]
fn an_unreadable_or_invalid_annotation_is_found() {
    let mut objects = objects(&group());
    let vs = object(&mut objects, "shop-a", "VirtualService");
    vs["metadata"]["annotations"][ANNOTATION] = json!("{");
    let findings = run(&objects, None);
    let path = format!("metadata.annotations[{ANNOTATION}]");
    assert_eq!(
        found(&findings),
        [("MESH0125", "shop-a".into(), path.clone())]
    );
    let mut bad = group();
    bad.lanes[0].permissive = false;
    let vs = object(&mut objects, "shop-a", "VirtualService");
    vs["metadata"]["annotations"][ANNOTATION] = json!(bad.to_annotation());
    let findings = run(&objects, None);
    assert_eq!(found(&findings), [("MESH0125", "shop-a".into(), path)]);
    assert!(
        findings[0].message.contains("strict lane `dev`"),
        "{}",
        findings[0].message
    );
}

#[test]
fn a_service_whose_objects_are_missing_is_found_on_the_annotation() {
    let mut objects = objects(&group());
    objects.retain(|o| o["metadata"]["name"] != "shop-c");
    let findings = run(&objects, None);
    assert_eq!(
        found(&findings),
        [(
            "MESH0126",
            "shop-a".into(),
            format!("metadata.annotations[{ANNOTATION}]")
        )]
    );
    assert_eq!(
        findings[0].message,
        "lane group `shop` names service `c`, but VirtualService `demo/shop-c` and DestinationRule `demo/shop-c` are missing"
    );
}

#[test]
fn an_ingress_gateway_object_is_checked_for_every_lane() {
    let mut g = group();
    g.ingress = Some(crate::lane::Ingress {
        gateway: "istio-system/web".into(),
        hosts: vec!["*".into()],
    });
    let mut objects = objects(&g);
    // The annotation sits on the ingress object, which here has no routes at all.
    for o in objects.iter_mut() {
        if let Some(m) = o["metadata"].as_object_mut() {
            m.remove("annotations");
        }
    }
    objects.push(
        json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "shop-ingress", "namespace": "demo", "labels": labels(&g),
                     "annotations": {ANNOTATION: g.to_annotation()}},
        "spec": {"hosts": ["*"], "gateways": ["istio-system/web"], "http": []}}),
    );
    assert_eq!(
        found(&run(&objects, None)),
        [
            ("MESH0102", "shop-ingress".into(), "spec.gateways[0]".into()),
            ("MESH0121", "shop-ingress".into(), "spec.http".into()),
            ("MESH0123", "shop-ingress".into(), "spec.http".into()),
        ]
    );
}

/// Groups as `core::lane::render` writes them: permissive and strict lanes, with and
/// without a Gateway, with the pods of every version running.
fn rendered_groups() -> Vec<LaneGroup> {
    let mut permissive = group();
    permissive.lanes.push(Lane {
        name: "full".into(),
        version: "v3".into(),
        permissive: false,
        services: vec!["a".into(), "b".into(), "c".into()],
    });
    let mut gateway = permissive.clone();
    gateway.header = "x-env".into();
    gateway.ingress = Some(crate::lane::Ingress {
        gateway: "istio-system/web".into(),
        hosts: vec!["shop.example.com".into()],
    });
    let mut entry_only = group();
    entry_only.lanes[0].services = vec!["a".into()];
    vec![group(), permissive, gateway, entry_only]
}

fn all_versions() -> ClusterFacts {
    let mut facts = cluster();
    for s in ["a", "b", "c"] {
        for v in ["v2", "v3"] {
            facts.pods.push(pod(s, v));
        }
    }
    facts
}

fn gateway_object() -> Value {
    json!({"apiVersion": "networking.istio.io/v1", "kind": "Gateway",
           "metadata": {"name": "web", "namespace": "istio-system"},
           "spec": {"selector": {"istio": "ingressgateway"},
                    "servers": [{"port": {"number": 80, "name": "http", "protocol": "HTTP"},
                                 "hosts": ["*/shop.example.com"]}]}})
}

#[test]
fn rendered_groups_have_no_findings() {
    for g in rendered_groups() {
        let mut objects = crate::lane::render::render(&g);
        if g.ingress.is_some() {
            objects.push(gateway_object());
        }
        assert_eq!(found(&run(&objects, None)), [], "{g:?}");
        assert_eq!(found(&run(&objects, Some(&all_versions()))), [], "{g:?}");
    }
}

#[test]
fn the_hand_written_fixture_is_what_render_writes() {
    let g = group();
    let mut rendered = crate::lane::render::render(&g);
    let mut by_hand = objects(&g);
    let key = |o: &Value| format!("{}/{}", o["kind"], o["metadata"]["name"]);
    rendered.sort_by_key(key);
    by_hand.sort_by_key(key);
    let specs = |list: &[Value]| -> Vec<(String, Value)> {
        list.iter().map(|o| (key(o), o["spec"].clone())).collect()
    };
    assert_eq!(specs(&rendered), specs(&by_hand));
}

#[test]
fn rendered_groups_broken_by_hand_find_their_codes() {
    let g = rendered_groups().remove(2);
    let mut objects = crate::lane::render::render(&g);
    objects.push(gateway_object());
    // The ingress forgets the strict lane and c's rule loses the lane subset.
    let ingress = object(&mut objects, "shop-ingress", "VirtualService");
    ingress["spec"]["http"]
        .as_array_mut()
        .unwrap()
        .retain(|r| r["name"] != "lane-full");
    let dr = object(&mut objects, "shop-c", "DestinationRule");
    dr["spec"]["subsets"]
        .as_array_mut()
        .unwrap()
        .retain(|s| s["name"] != "full");
    let codes: Vec<&str> = run(&objects, Some(&all_versions()))
        .iter()
        .map(|f| f.code)
        .collect();
    assert_eq!(codes, ["MESH0122", "MESH0123"]);
}
