//! The lane analyzers (MESH0120–0126): a lane group is only as good as the plain Istio
//! objects that carry it, and people edit those. Each group is read from its annotation
//! on the ingress object, then every service's VirtualService and DestinationRule is
//! checked against it: lane routes that reach no pod or no subset, a missing baseline
//! fallback, a member without its lane route, a lane header the services disagree on.
//!
//! Where a lane finding says what a general one says (MESH0101, MESH0107) about the same
//! field, the general one is dropped: the lane finding names the lane and the fix.

use super::rules::{Objects, Workloads, finding, label_pairs, labels_of, ns, rules_for};
use super::*;
use crate::host::{fqdn, namespace_of_host, short_host};
use crate::lane::LaneGroup;
use crate::lane::model::{ANNOTATION, BASELINE};
use crate::model::{DestinationRule, HttpRoute, VirtualService};
use std::collections::HashMap;

/// A general finding a lane finding replaces.
pub(super) struct Superseded {
    pub code: &'static str,
    pub resource: Resource,
    pub path: String,
}

/// The annotation's field path, as `rollout_records` writes it.
fn annotation_path() -> String {
    format!("metadata.annotations[{ANNOTATION}]")
}

fn hinted(mut f: Finding, hint: String) -> Finding {
    f.hint = Some(hint);
    f
}

pub(super) fn run(
    objs: &Objects,
    workloads: Option<&Workloads<'_>>,
    out: &mut Vec<Finding>,
) -> Vec<Superseded> {
    let mut superseded = Vec::new();
    let by_name: HashMap<(&str, &str), &VirtualService> = objs
        .virtual_services
        .iter()
        .map(|vs| ((vs.namespace(), vs.name()), vs))
        .collect();
    let rules_by_name: HashMap<(&str, &str), &DestinationRule> = objs
        .destination_rules
        .iter()
        .map(|dr| ((dr.namespace(), dr.name()), dr))
        .collect();
    for holder in &objs.virtual_services {
        let Some(text) = holder.metadata.annotations.get(ANNOTATION) else {
            continue;
        };
        let group = match decode(text) {
            Ok(group) => group,
            Err(why) => {
                out.push(hinted(
                    finding(UNREADABLE_LANE_GROUP, holder, annotation_path(), why),
                    "it is written by `meshctl lane`; recreate the group with `meshctl lane group create`".into(),
                ));
                continue;
            }
        };
        let namespace = holder.namespace();
        let check = Check {
            objs,
            group: &group,
            workloads,
        };
        for service in &group.services {
            let name = group.object_name(&service.name);
            let vs = by_name.get(&(namespace, name.as_str()));
            let dr = rules_by_name.contains_key(&(namespace, name.as_str()));
            let missing: Vec<String> = [(vs.is_none(), "VirtualService"), (!dr, "DestinationRule")]
                .iter()
                .filter(|(gone, _)| *gone)
                .map(|(_, kind)| format!("{kind} `{namespace}/{name}`"))
                .collect();
            if !missing.is_empty() {
                out.push(hinted(
                    finding(
                        LANE_OBJECTS_MISSING,
                        holder,
                        annotation_path(),
                        format!(
                            "lane group `{}` names service `{}`, but {} missing",
                            group.name,
                            service.name,
                            if missing.len() == 1 {
                                format!("{} is", missing[0])
                            } else {
                                format!("{} are", missing.join(" and "))
                            }
                        ),
                    ),
                    format!(
                        "render the group's objects again with `meshctl lane group create {} --service …`, or drop `{}` from the group",
                        group.name, service.name
                    ),
                ));
            }
            if let Some(vs) = vs {
                check.virtual_service(vs, &service.name, true, out, &mut superseded);
            }
        }
        // A Gateway's own ingress VirtualService routes every lane to the entry.
        let ingress = group.ingress_object();
        if let (Some(_), Some(vs)) = (&group.ingress, by_name.get(&(namespace, ingress.as_str()))) {
            check.virtual_service(vs, &group.entry().name, false, out, &mut superseded);
        }
    }
    superseded
}

/// The group in the annotation, checked against its own rules.
fn decode(text: &str) -> std::result::Result<LaneGroup, String> {
    let group: LaneGroup = serde_json::from_str(text)
        .map_err(|e| format!("the lane group annotation cannot be read: {e}"))?;
    group
        .validate()
        .map_err(|e| format!("the lane group breaks its rules: {}", e.message()))?;
    Ok(group)
}

struct Check<'a> {
    objs: &'a Objects,
    group: &'a LaneGroup,
    workloads: Option<&'a Workloads<'a>>,
}

impl Check<'_> {
    /// The lane routes of `service`'s VirtualService (or, with `own: false`, the
    /// ingress VirtualService that routes to it) against the group.
    fn virtual_service(
        &self,
        vs: &VirtualService,
        service: &str,
        own: bool,
        out: &mut Vec<Finding>,
        superseded: &mut Vec<Superseded>,
    ) {
        let g = self.group;
        let fallback = vs.spec.http.iter().any(|r| {
            r.matches.is_empty()
                && r.route
                    .iter()
                    .any(|d| d.destination.subset.as_deref() == Some(BASELINE))
        });
        if !fallback {
            let permissive: Vec<String> = g
                .lanes
                .iter()
                .filter(|l| l.permissive)
                .map(|l| format!("`{}`", l.name))
                .collect();
            let who = if permissive.is_empty() {
                String::new()
            } else {
                format!(
                    ", nor the requests of permissive lanes {} that do not hold `{service}`",
                    permissive.join(", ")
                )
            };
            out.push(hinted(
                finding(
                    LANE_MISSING_FALLBACK,
                    vs,
                    "spec.http".into(),
                    format!(
                        "lane group `{}`: no catch-all `{BASELINE}` route takes `{service}`'s requests outside the lanes{who}",
                        g.name
                    ),
                ),
                format!(
                    "add a last route `{BASELINE}` with no `match` to subset `{BASELINE}`, or render the group's objects again with `meshctl lane create {} LANE --version VERSION`",
                    g.name
                ),
            ));
        }
        for lane in &g.lanes {
            let expected = !own || g.subset_for(service, lane).is_some();
            let route_name = format!("lane-{}", lane.name);
            let found = vs
                .spec
                .http
                .iter()
                .enumerate()
                .find(|(_, r)| r.name.as_deref() == Some(route_name.as_str()));
            let Some((i, route)) = found else {
                if expected {
                    let permissive = if lane.permissive { " --permissive" } else { "" };
                    out.push(hinted(
                        finding(
                            LANE_ROUTE_MISSING,
                            vs,
                            "spec.http".into(),
                            format!(
                                "lane `{}` of group `{}` holds `{service}`, but no route `{route_name}` sends its requests to subset `{}`",
                                lane.name, g.name, lane.name
                            ),
                        ),
                        format!(
                            "render the lane again with `meshctl lane create {} {} --version {}{permissive}`",
                            g.name, lane.name, lane.version
                        ),
                    ));
                }
                continue;
            };
            self.header(vs, i, route, &lane.name, out);
            self.destinations(vs, (i, route), &lane.name, own, out, superseded);
        }
    }

    /// A lane route must match the group's header (an ingress route may also match
    /// the cookie of the same name).
    fn header(
        &self,
        vs: &VirtualService,
        i: usize,
        route: &HttpRoute,
        lane: &str,
        out: &mut Vec<Finding>,
    ) {
        let g = self.group;
        let hint = || {
            format!(
                "match `{}: {{exact: {lane}}}`, the header every service of group `{}` names lanes by",
                g.header, g.name
            )
        };
        if route.matches.is_empty() {
            out.push(hinted(
                finding(
                    LANE_HEADER_MISMATCH,
                    vs,
                    format!("spec.http[{i}]"),
                    format!(
                        "route `lane-{lane}` has no match, so it takes every request, not those with header `{}`",
                        g.header
                    ),
                ),
                hint(),
            ));
            return;
        }
        for (k, m) in route.matches.iter().enumerate() {
            let path = format!("spec.http[{i}].match[{k}].headers");
            let cookie = m.headers.get("cookie");
            let names: Vec<&String> = m.headers.keys().filter(|h| *h != "cookie").collect();
            let cookie_ok = cookie
                .and_then(|c| c.regex.as_deref().or(c.exact.as_deref()))
                .is_some_and(|c| c.contains(&format!("{}=", g.header)));
            if names.is_empty() && cookie_ok {
                continue;
            }
            let wrong: Vec<String> = names
                .iter()
                .filter(|h| **h != &g.header)
                .map(|h| format!("`{h}`"))
                .collect();
            let why = if names.is_empty() {
                format!("matches no header `{}`", g.header)
            } else if !wrong.is_empty() {
                format!("matches header {}", wrong.join(", "))
            } else {
                continue;
            };
            out.push(hinted(
                finding(
                    LANE_HEADER_MISMATCH,
                    vs,
                    path,
                    format!(
                        "route `lane-{lane}` {why}, but group `{}` names lanes by `{}`",
                        g.name, g.header
                    ),
                ),
                hint(),
            ));
        }
    }

    /// Each destination of a lane route: its subset must be defined and, where pods
    /// are known, select some.
    fn destinations(
        &self,
        vs: &VirtualService,
        (i, route): (usize, &HttpRoute),
        lane: &str,
        own: bool,
        out: &mut Vec<Finding>,
        superseded: &mut Vec<Superseded>,
    ) {
        let g = self.group;
        for (j, dest) in route.route.iter().enumerate() {
            let d = &dest.destination;
            let Some(subset) = d.subset.as_deref().filter(|_| !d.host.is_empty()) else {
                continue;
            };
            let path = format!("spec.http[{i}].route[{j}].destination.subset");
            let host = fqdn(&d.host, vs.namespace());
            let service = short_host(&host);
            let rules = rules_for(self.objs, &host);
            let defined = rules.iter().find_map(|dr| {
                dr.spec
                    .subsets
                    .iter()
                    .enumerate()
                    .find(|(_, s)| s.name == subset)
                    .map(|(k, s)| (*dr, k, s))
            });
            let Some((dr, k, defined)) = defined else {
                let rule = rules
                    .first()
                    .map(|dr| format!("DestinationRule `{}` lacks it", dr.key()))
                    .unwrap_or_else(|| "no DestinationRule exists for it".into());
                let resource = finding(LANE_UNDEFINED_SUBSET, vs, path.clone(), String::new());
                superseded.push(Superseded {
                    code: UNDEFINED_SUBSET.code,
                    resource: resource.resource,
                    path: path.clone(),
                });
                out.push(hinted(
                    finding(
                        LANE_UNDEFINED_SUBSET,
                        vs,
                        path,
                        format!(
                            "lane `{lane}` of group `{}` sends `{service}`'s requests to subset `{subset}`, but {rule}: they fail instead of falling back",
                            g.name
                        ),
                    ),
                    format!(
                        "add subset `{subset}` to the DestinationRule of `{service}` (`meshctl lane create {} {lane} …` renders it)",
                        g.name
                    ),
                ));
                continue;
            };
            // The entry's own VirtualService reports its pods; the ingress would repeat it.
            let (Some(workloads), true) = (self.workloads, own) else {
                continue;
            };
            let labels = label_pairs(&defined.labels);
            let Some(service_ns) = namespace_of_host(&host).filter(|_| !labels.is_empty()) else {
                continue;
            };
            let mut selector: Vec<(&str, &str)> = workloads
                .services_by_name
                .get(&(service_ns, service))
                .map(|s| labels_of(s.pointer("/spec/selector")))
                .unwrap_or_default();
            selector.extend(labels.iter().copied());
            if workloads.selected(&selector).any(|p| ns(p) == service_ns) {
                continue;
            }
            superseded.push(Superseded {
                code: SUBSET_WITHOUT_PODS.code,
                resource: finding(SUBSET_WITHOUT_PODS, dr, String::new(), String::new()).resource,
                path: format!("spec.subsets[{k}].labels"),
            });
            let shown: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
            out.push(hinted(
                finding(
                    LANE_WITHOUT_PODS,
                    vs,
                    path,
                    format!(
                        "lane `{lane}` of group `{}` sends `{service}`'s requests to subset `{subset}` (`{}`), which selects no pod in namespace `{service_ns}`",
                        g.name,
                        shown.join(",")
                    ),
                ),
                format!(
                    "run pods of `{service}` labelled `{}`, or delete the lane: `meshctl lane delete {} {lane}`",
                    shown.join(","),
                    g.name
                ),
            ));
        }
    }
}
