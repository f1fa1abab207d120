//! The route actions of the rollout engine, performed on a VirtualService or a
//! Gateway API HTTPRoute as JSON (one copy for both; what differs between the two is
//! in [`Shape`]: an HTTPRoute's "routes" are its `rules`, its destinations its
//! `backendRefs`, always split between Services).
//!
//! A rollout changes only what it owns: the split's destinations (their weights, and
//! whether the new one is there) in the routes it shifts, and meshctl's own preview
//! route. Everything else in the object (matches, retries, other routes, other
//! destinations, annotations) is left exactly as read.
//!
//! Other people edit VirtualServices while a rollout runs: they insert routes at the
//! top, append them, reorder them. So meshctl never remembers a route by its position.
//! When a rollout starts it records, for each route it shifts, an identity that its own
//! edits never change ([`RouteId`]: the route's `name`, else its `match` and the hosts
//! it sends to) together with the route's destinations as they were. Every later write
//! finds each route by that identity; when no route or more than one route answers to
//! it, the write is refused and nothing is written — a guess could shift or "restore"
//! someone else's route.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::error::{RolloutError, RolloutErrorKind};
use super::machine::Action;
use super::record::Weights;
use super::shape::Shape;
use super::spec::{FinishPolicy, Preview, Split, SplitBy};

/// The name of meshctl's blue-green preview route.
pub const PREVIEW_ROUTE: &str = "meshctl-preview";

/// How meshctl finds a route it shifts again. Never a position: other people insert
/// routes anywhere at any time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "camelCase")]
pub enum RouteId {
    /// The route's own `name`.
    Name { name: String },
    /// An unnamed route: its `match` (`null` without one) and the hosts it sends to,
    /// besides the split's own destinations — none of which a rollout changes. Stored
    /// as content rather than as a hash, so an error can show what is missing.
    Content {
        #[serde(rename = "match")]
        matches: Value,
        hosts: Vec<String>,
    },
    /// Read from a `schemaVersion: 1` record, which remembered unnamed routes by
    /// position. Such a route is found only when exactly one route of the object
    /// could be it and it still sits at that position; never guessed.
    Position { index: usize },
}

/// One route a rollout shifts: how to find it, and its destinations before the rollout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedRoute {
    pub id: RouteId,
    /// The route's `route` list before the rollout. A rollback puts back what meshctl
    /// changed in it (the split's destinations and their weights) from here.
    pub destinations: Vec<Value>,
}

/// The record's `snapshot`: the routes a rollout shifts, as they were before it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteSnapshot {
    pub routes: Vec<SavedRoute>,
    /// The `--route NAME` the rollout was started with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
}

impl RouteSnapshot {
    /// Reads a record's snapshot: this layout, or `schemaVersion: 1`'s
    /// (`{"http": [{"index", "name", "route"}], "route"}`); `{}` is empty.
    pub fn from_value(value: &Value) -> Result<RouteSnapshot, RolloutError> {
        let bad = |why: String| {
            RolloutError::new(
                RolloutErrorKind::Decode,
                format!("the rollout record's snapshot of the routes is unreadable: {why}"),
            )
            .with_hint(
                "roll the rollout back by hand and remove the annotation `meshctl.io/rollout`",
            )
        };
        let route = value
            .get("route")
            .and_then(Value::as_str)
            .map(str::to_string);
        if let Some(old) = value.get("http") {
            let entries = old
                .as_array()
                .ok_or_else(|| bad("`http` is not a list".into()))?;
            let mut routes = Vec::new();
            for entry in entries {
                let destinations = entry
                    .get("route")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let id = match entry.get("name").and_then(Value::as_str) {
                    Some(name) => RouteId::Name {
                        name: name.to_string(),
                    },
                    None => RouteId::Position {
                        index: entry.get("index").and_then(Value::as_u64).unwrap_or(0) as usize,
                    },
                };
                routes.push(SavedRoute { id, destinations });
            }
            return Ok(RouteSnapshot { routes, route });
        }
        if value.get("routes").is_none() {
            return Ok(RouteSnapshot {
                routes: Vec::new(),
                route,
            });
        }
        serde_json::from_value(value.clone()).map_err(|e| bad(e.to_string()))
    }

    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("a snapshot is plain data")
    }
}

/// Which routes a rollout shifts when it starts: every HTTP route whose destinations
/// are all in the split (and at least one is), or only the route named by `--route`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    pub split: Split,
    pub route: Option<String>,
}

/// The split destination (`stable` or `canary`) a route destination names, if any.
fn split_name(shape: Shape, split: &Split, dest: &Value) -> Option<String> {
    let name = shape.name_of(split, dest)?;
    (name == split.stable || name == split.canary).then(|| name.to_string())
}

fn destinations(shape: Shape, route: &Value) -> &[Value] {
    route
        .get(shape.destinations_key())
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn destinations_mut(shape: Shape, route: &mut Value) -> Option<&mut Vec<Value>> {
    route
        .get_mut(shape.destinations_key())
        .and_then(Value::as_array_mut)
}

/// Whether every destination of `route` is one of the split's (and it has one).
fn only_split(shape: Shape, split: &Split, route: &Value) -> bool {
    let dests = destinations(shape, route);
    !dests.is_empty() && dests.iter().all(|d| split_name(shape, split, d).is_some())
}

fn is_preview(route: &Value) -> bool {
    route.get("name").and_then(Value::as_str) == Some(PREVIEW_ROUTE)
}

/// A route meshctl adds during a rollout (preview/A-B or sticky): never one it shifts.
fn is_ours(route: &Value) -> bool {
    is_preview(route) || super::sticky::is_sticky(route)
}

/// The identity of a VirtualService route (see [`id_in`]).
pub fn id_of(split: &Split, route: &Value) -> RouteId {
    id_in(Shape::VirtualService, split, route)
}

/// The identity of a route: its name, else its match and the hosts it sends to that a
/// rollout does not change (with a subset split, the service host; with a host split,
/// none besides the split's own).
pub fn id_in(shape: Shape, split: &Split, route: &Value) -> RouteId {
    if let Some(name) = route.get("name").and_then(Value::as_str) {
        return RouteId::Name {
            name: name.to_string(),
        };
    }
    let hosts: BTreeSet<String> = destinations(shape, route)
        .iter()
        .filter_map(|d| shape.host_of(d))
        .filter(|h| split.by == SplitBy::Subset || (*h != split.stable && *h != split.canary))
        .map(str::to_string)
        .collect();
    RouteId::Content {
        matches: route.get(shape.match_key()).cloned().unwrap_or(Value::Null),
        hosts: hosts.into_iter().collect(),
    }
}

/// The route for people: "route `main`", "the route without a match to `reviews`".
pub fn describe(id: &RouteId) -> String {
    match id {
        RouteId::Name { name } => format!("route `{name}`"),
        RouteId::Content { matches, hosts } => {
            let to = if hosts.is_empty() {
                String::new()
            } else {
                format!(
                    " to {}",
                    hosts
                        .iter()
                        .map(|h| format!("`{h}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            if matches.is_null() {
                format!("the unnamed route without a match{to}")
            } else {
                format!("the unnamed route with match `{matches}`{to}")
            }
        }
        RouteId::Position { index } => format!(
            "the unnamed route at position {} (recorded by an older meshctl)",
            index + 1
        ),
    }
}

fn vs_name(vs: &Value) -> String {
    vs.pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_string()
}

/// The object's routes: a VirtualService's `spec.http`, an HTTPRoute's `spec.rules`.
fn http(vs: &Value) -> &[Value] {
    vs.get("spec")
        .and_then(|s| s.get(Shape::of(vs).routes_key()))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn http_mut(vs: &mut Value) -> Result<&mut Vec<Value>, RolloutError> {
    let shape = Shape::of(vs);
    let key = shape.routes_key();
    let kind = shape.kind();
    let obj = vs.as_object_mut().ok_or_else(|| {
        RolloutError::new(
            RolloutErrorKind::UnsupportedRoute,
            format!("the {kind} is not an object"),
        )
    })?;
    let spec = obj
        .entry("spec")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
        .ok_or_else(|| {
            RolloutError::new(
                RolloutErrorKind::UnsupportedRoute,
                format!("the {kind}'s `spec` is not an object"),
            )
        })?;
    let routes = spec.entry(key).or_insert_with(|| json!([]));
    if !routes.is_array() {
        *routes = json!([]);
    }
    Ok(routes.as_array_mut().expect("just made an array"))
}

/// Finds the route `id` names: exactly one route (not meshctl's preview route) that
/// answers to it and still sends traffic only to the split's destinations. Anything
/// else is an error that says what was found; the caller writes nothing.
pub fn locate(vs: &Value, split: &Split, id: &RouteId) -> Result<usize, RolloutError> {
    let shape = Shape::of(vs);
    shape.check_split(split)?;
    let kind = shape.kind();
    let routes = http(vs);
    let name = vs_name(vs);
    let what = describe(id);
    let nothing = "nothing was written";
    let answering: Vec<usize> = match id {
        RouteId::Position { .. } => routes
            .iter()
            .enumerate()
            .filter(|(_, r)| !is_ours(r) && only_split(shape, split, r))
            .map(|(i, _)| i)
            .collect(),
        _ => routes
            .iter()
            .enumerate()
            .filter(|(_, r)| !is_ours(r) && id_in(shape, split, r) == *id)
            .map(|(i, _)| i)
            .collect(),
    };
    let candidates: Vec<usize> = answering
        .iter()
        .copied()
        .filter(|&i| only_split(shape, split, &routes[i]))
        .collect();
    let positions = |list: &[usize]| {
        list.iter()
            .map(|i| (i + 1).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (id, candidates.as_slice()) {
        (RouteId::Position { index }, [one]) => {
            let at = routes[..*one].iter().filter(|r| !is_ours(r)).count();
            if at == *index {
                return Ok(*one);
            }
            Err(RolloutError::new(
                RolloutErrorKind::RouteAmbiguous,
                format!(
                    "cannot tell which route of {kind} `{name}` the rollout shifts: an older meshctl recorded {what}, and the only route to `{}` and `{}` is now at position {}; {nothing}",
                    split.stable, split.canary, one + 1
                ),
            )
            .with_hint(format!("roll the rollout back by hand (`kubectl edit {}`) and remove the annotation `meshctl.io/rollout`; rollouts started by this meshctl find their routes by name or match", kind.to_lowercase())))
        }
        (_, [one]) => Ok(*one),
        (_, []) if !answering.is_empty() => Err(RolloutError::new(
            RolloutErrorKind::RouteNotFound,
            format!(
                "{what} of {kind} `{name}` no longer sends traffic only to `{}` and `{}` (someone changed its destinations); {nothing}",
                split.stable, split.canary
            ),
        )
        .with_hint("put the route's destinations back, then run the command again")),
        (_, []) => Err(RolloutError::new(
            RolloutErrorKind::RouteNotFound,
            format!(
                "cannot find {what} in {kind} `{name}`: it was removed, renamed or its match changed since the rollout started; {nothing}"
            ),
        )
        .with_hint(format!("meshctl finds the routes it shifts by name or match, never by position: put the route back as it was (`kubectl edit {}`), then run the command again", kind.to_lowercase()))),
        (_, many) => Err(RolloutError::new(
            RolloutErrorKind::RouteAmbiguous,
            format!(
                "{what} matches {} routes of {kind} `{name}` (positions {}); meshctl will not guess which one the rollout shifts; {nothing}",
                many.len(),
                positions(many)
            ),
        )
        .with_hint("give the routes distinct names (`name:`) or matches, or remove the copy, then run the command again")),
    }
}

impl Selector {
    pub fn new(split: Split, route: Option<String>) -> Selector {
        Selector { split, route }
    }

    /// Indexes (into `spec.http`) of the routes to shift now: the route `--route`
    /// names; else the routes without a `match` (the main traffic) that send only to
    /// the split's destinations; else the one route with a match that does. A route
    /// with a match pinned to the stable version (testers, a header) is someone's
    /// decision, not traffic to shift. An error names what is there when nothing fits.
    pub fn find(&self, vs: &Value) -> Result<Vec<usize>, RolloutError> {
        let shape = Shape::of(vs);
        shape.check_split(&self.split)?;
        let kind = shape.kind();
        let word = shape.route_word();
        let routes = http(vs);
        let candidates: Vec<usize> = routes
            .iter()
            .enumerate()
            .filter(|(_, r)| !is_ours(r))
            .filter(|(_, r)| match &self.route {
                Some(wanted) => r.get("name").and_then(Value::as_str) == Some(wanted.as_str()),
                None => only_split(shape, &self.split, r),
            })
            .map(|(i, _)| i)
            .collect();
        let found: Vec<usize> = if self.route.is_some() {
            candidates
        } else {
            let main: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&i| shape.is_catch_all(&routes[i]))
                .collect();
            match (main.is_empty(), candidates.as_slice()) {
                (false, _) => main,
                (true, [] | [_]) => candidates,
                (true, many) => {
                    return Err(RolloutError::new(
                        RolloutErrorKind::RouteAmbiguous,
                        format!(
                            "{kind} `{}` has {} {word}s with matches that send traffic only to `{}` and `{}` (positions {}), and none without a match",
                            vs_name(vs),
                            many.len(),
                            self.split.stable,
                            self.split.canary,
                            many.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join(", ")
                        ),
                    )
                    .with_hint("name the route to shift with `--route NAME` (give it a `name:` first if it has none)"));
                }
            }
        };
        if found.is_empty() {
            let what = match &self.route {
                Some(r) => format!("has no {word} named `{r}`"),
                None => format!(
                    "has no {word} that sends traffic only to `{}` and `{}`",
                    self.split.stable, self.split.canary
                ),
            };
            return Err(RolloutError::new(
                RolloutErrorKind::RouteNotFound,
                format!("{kind} `{}` {what}", vs_name(vs)),
            )
            .with_hint(format!("name the route with `--route NAME`, or check `--stable`/`--canary` (or `--stable-host`/`--canary-host`) against `kubectl get {} -o yaml`", kind.to_lowercase())));
        }
        if let Some(name) = &self.route {
            for &i in &found {
                if let Some(other) = destinations(shape, &routes[i])
                    .iter()
                    .find(|d| split_name(shape, &self.split, d).is_none())
                {
                    let other = match shape {
                        Shape::VirtualService => other.get("destination").unwrap_or(&Value::Null),
                        Shape::HttpRoute => other,
                    };
                    return Err(RolloutError::new(
                        RolloutErrorKind::UnsupportedRoute,
                        format!(
                            "route `{name}` also sends traffic to {}, besides `{}` and `{}`",
                            other,
                            self.split.stable,
                            self.split.canary
                        ),
                    )
                    .with_hint("a rollout splits one route between two destinations; remove the others first"));
                }
            }
        }
        Ok(found)
    }

    /// The weights the first selected route gives now (a lone destination without a
    /// weight has 100).
    pub fn weights(&self, vs: &Value) -> Result<Weights, RolloutError> {
        let i = self.find(vs)?[0];
        weights_of(Shape::of(vs), &self.split, &http(vs)[i])
    }

    /// What a rollout records before its first write: each selected route's identity
    /// and destinations. Refused when an identity is not unique now, since the route
    /// could not be found again.
    pub fn snapshot(&self, vs: &Value) -> Result<RouteSnapshot, RolloutError> {
        let shape = Shape::of(vs);
        let routes = http(vs);
        let mut saved = Vec::new();
        for i in self.find(vs)? {
            let id = id_in(shape, &self.split, &routes[i]);
            let twins: Vec<String> = routes
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    !is_ours(r)
                        && only_split(shape, &self.split, r)
                        && id_in(shape, &self.split, r) == id
                })
                .map(|(j, _)| (j + 1).to_string())
                .collect();
            if twins.len() > 1 {
                return Err(RolloutError::new(
                    RolloutErrorKind::RouteAmbiguous,
                    format!(
                        "cannot start: {} matches {} routes of {} `{}` (positions {}), so the rollout could not tell them apart later",
                        describe(&id),
                        twins.len(),
                        shape.kind(),
                        vs_name(vs),
                        twins.join(", ")
                    ),
                )
                .with_hint("meshctl finds the routes it shifts by name or match: give the route a `name` (and pass `--route NAME`), or make its match unique"));
            }
            saved.push(SavedRoute {
                id,
                destinations: destinations(shape, &routes[i]).to_vec(),
            });
        }
        Ok(RouteSnapshot {
            routes: saved,
            route: self.route.clone(),
        })
    }
}

/// The split's weights in one route (a lone destination without a weight has 100).
/// An HTTPRoute's weights are proportions (`1` and `1` is half each): they are read
/// as percentages of their sum.
fn weights_of(shape: Shape, split: &Split, route: &Value) -> Result<Weights, RolloutError> {
    let dests = destinations(shape, route);
    let lone = dests.len() == 1;
    let mut map = std::collections::BTreeMap::new();
    for d in dests {
        let Some(name) = split_name(shape, split, d) else {
            continue;
        };
        let w = d
            .get("weight")
            .and_then(Value::as_u64)
            .unwrap_or(shape.default_weight(lone));
        *map.entry(name).or_insert(0) += w as u32;
    }
    if shape == Shape::HttpRoute {
        map = as_percentages(map);
    }
    Weights::new(map)
}

/// Proportional weights as percentages summing to 100 (the rounding remainder goes to
/// the largest); all zero stays all zero.
fn as_percentages(
    map: std::collections::BTreeMap<String, u32>,
) -> std::collections::BTreeMap<String, u32> {
    let total: u64 = map.values().map(|&w| u64::from(w)).sum();
    if total == 0 || total == 100 {
        return map;
    }
    let mut out: std::collections::BTreeMap<String, u32> = map
        .iter()
        .map(|(k, &w)| (k.clone(), (u64::from(w) * 100 / total) as u32))
        .collect();
    let rest = 100 - out.values().sum::<u32>();
    if let Some(largest) = map.iter().max_by_key(|(_, w)| **w).map(|(k, _)| k.clone()) {
        *out.entry(largest).or_insert(0) += rest;
    }
    out
}

/// The weights of the routes a snapshot names, as found now (the first route's).
pub fn current_weights(
    vs: &Value,
    split: &Split,
    snapshot: &RouteSnapshot,
) -> Result<Weights, RolloutError> {
    let first = snapshot.routes.first().ok_or_else(no_routes)?;
    let i = locate(vs, split, &first.id)?;
    weights_of(Shape::of(vs), split, &http(vs)[i])
}

fn no_routes() -> RolloutError {
    RolloutError::new(
        RolloutErrorKind::RouteNotFound,
        "the rollout record names no route to shift; nothing was written",
    )
    .with_hint("roll the rollout back by hand and remove the annotation `meshctl.io/rollout`")
}

/// The weights of an object's main route (the first route taking all traffic that is
/// not meshctl's), by subset or host (an HTTPRoute: by Service, its proportions as
/// percentages), whatever the split; `None` without one. What `bluegreen status`
/// shows as the colours' shares.
pub fn main_weights(obj: &Value) -> Option<std::collections::BTreeMap<String, u32>> {
    let shape = Shape::of(obj);
    let main = http(obj)
        .iter()
        .find(|r| !is_ours(r) && shape.is_catch_all(r))?;
    let dests = destinations(shape, main);
    let lone = dests.len() == 1;
    let mut map = std::collections::BTreeMap::new();
    for d in dests {
        let name = match shape {
            Shape::VirtualService => d
                .pointer("/destination/subset")
                .or_else(|| d.pointer("/destination/host"))
                .and_then(Value::as_str),
            Shape::HttpRoute => shape.host_of(d),
        };
        let w = d
            .get("weight")
            .and_then(Value::as_u64)
            .unwrap_or(shape.default_weight(lone));
        *map.entry(name.unwrap_or("?").to_string()).or_insert(0) += w as u32;
    }
    Some(match shape {
        Shape::HttpRoute => as_percentages(map),
        Shape::VirtualService => map,
    })
}

/// Whether meshctl's preview route is in the VirtualService.
pub fn has_preview(vs: &Value) -> bool {
    http(vs).iter().any(is_preview)
}

/// Performs the route actions of one transition on `vs` (the other actions are
/// ignored), finding every route by its identity in `snapshot`. All or nothing: on an
/// error `vs` is left as it was.
pub fn apply(
    vs: &mut Value,
    split: &Split,
    snapshot: &RouteSnapshot,
    actions: &[Action],
) -> Result<(), RolloutError> {
    if !actions.iter().any(Action::is_write) {
        return Ok(());
    }
    let shape = Shape::of(vs);
    shape.check_split(split)?;
    let first_dest = |obj: &Value, i: usize| destinations(shape, &http(obj)[i])[0].clone();
    let mut next = vs.clone();
    for action in actions {
        match action {
            Action::SetWeights { weights } => {
                for saved in snapshot_routes(snapshot)? {
                    let i = locate(&next, split, &saved.id)?;
                    set_weights(shape, split, &mut http_mut(&mut next)?[i], weights);
                }
            }
            Action::RestoreSnapshot => {
                remove_preview(&mut next);
                // Locate all first: a restore either finds every route or writes nothing.
                let found = snapshot_routes(snapshot)?
                    .iter()
                    .map(|saved| Ok((locate(&next, split, &saved.id)?, saved)))
                    .collect::<Result<Vec<_>, RolloutError>>()?;
                for (i, saved) in found {
                    restore(
                        shape,
                        split,
                        &mut http_mut(&mut next)?[i],
                        &saved.destinations,
                    );
                }
            }
            Action::AddPreviewRoute {
                preview,
                destination,
            } => {
                let first = snapshot_routes(snapshot)?[0].clone();
                let i = locate(&next, split, &first.id)?;
                let template = first_dest(&next, i);
                add_preview(split, &mut next, &template, preview, destination)?;
            }
            Action::RemovePreviewRoute => remove_preview(&mut next),
            Action::AddStickyRoute { cookie } => {
                shape.check_sticky()?;
                let found = snapshot_routes(snapshot)?
                    .iter()
                    .map(|saved| locate(&next, split, &saved.id))
                    .collect::<Result<Vec<_>, RolloutError>>()?;
                let template = first_dest(&next, found[0]);
                for i in found {
                    super::sticky::mark(split, &mut http_mut(&mut next)?[i], cookie);
                }
                let route = super::sticky::route(split, &template, cookie)?;
                let routes = http_mut(&mut next)?;
                routes.retain(|r| !super::sticky::is_sticky(r));
                routes.insert(0, route);
            }
            Action::RemoveStickyRoute { cookie } => {
                shape.check_sticky()?;
                http_mut(&mut next)?.retain(|r| !super::sticky::is_sticky(r));
                for saved in snapshot_routes(snapshot)? {
                    let i = locate(&next, split, &saved.id)?;
                    super::sticky::unmark(split, &mut http_mut(&mut next)?[i], cookie);
                }
            }
            Action::SetMirror { percent } => {
                for saved in snapshot_routes(snapshot)? {
                    let i = locate(&next, split, &saved.id)?;
                    super::mirror::set(shape, split, &mut http_mut(&mut next)?[i], *percent)?;
                }
            }
            Action::RemoveMirror => {
                for saved in snapshot_routes(snapshot)? {
                    let i = locate(&next, split, &saved.id)?;
                    super::mirror::remove(shape, split, &mut http_mut(&mut next)?[i]);
                }
            }
            Action::FinalizePromotion { new, old, finish } => {
                let found = snapshot_routes(snapshot)?
                    .iter()
                    .map(|saved| locate(&next, split, &saved.id))
                    .collect::<Result<Vec<_>, RolloutError>>()?;
                for i in found {
                    let route = &mut http_mut(&mut next)?[i];
                    set_weights(shape, split, route, &Weights::split(old, new, 100));
                    if *finish == FinishPolicy::Remove
                        && let Some(dests) = destinations_mut(shape, route)
                    {
                        dests.retain(|d| {
                            split_name(shape, split, d).as_deref() != Some(old.as_str())
                        });
                    }
                }
            }
            _ => {}
        }
    }
    *vs = next;
    Ok(())
}

fn snapshot_routes(snapshot: &RouteSnapshot) -> Result<&[SavedRoute], RolloutError> {
    if snapshot.routes.is_empty() {
        return Err(no_routes());
    }
    Ok(&snapshot.routes)
}

/// Sets the split's weights in one route; a split destination it lacks is added as a
/// copy of its first split destination (same host, port and headers), pointed at the
/// other subset or host. Other destinations are left alone.
fn set_weights(shape: Shape, split: &Split, route: &mut Value, weights: &Weights) {
    let Some(dests) = destinations_mut(shape, route) else {
        return;
    };
    for (name, weight) in weights.iter() {
        match dests
            .iter_mut()
            .find(|d| split_name(shape, split, d).as_deref() == Some(name))
        {
            Some(d) => d["weight"] = json!(weight),
            None => {
                let Some(template) = dests.iter().find(|d| split_name(shape, split, d).is_some())
                else {
                    continue;
                };
                let mut d = template.clone();
                shape.set_name(split, &mut d, name);
                d["weight"] = json!(weight);
                dests.push(d);
            }
        }
    }
}

/// Puts back what meshctl changes in one route — which of the split's destinations
/// exist, and their weights — from `saved`; every other field, and every field
/// someone else changed inside a destination, stays as it is now.
fn restore(shape: Shape, split: &Split, route: &mut Value, saved: &[Value]) {
    let Some(dests) = destinations_mut(shape, route) else {
        return;
    };
    let saved_of = |name: &str| {
        saved
            .iter()
            .find(|s| split_name(shape, split, s).as_deref() == Some(name))
    };
    let mut out: Vec<Value> = Vec::new();
    for d in dests.iter() {
        match split_name(shape, split, d) {
            None => out.push(d.clone()),
            Some(name) => {
                if let Some(before) = saved_of(&name) {
                    let mut d = d.clone();
                    match before.get("weight") {
                        Some(w) => d["weight"] = w.clone(),
                        None => {
                            if let Some(obj) = d.as_object_mut() {
                                obj.remove("weight");
                            }
                        }
                    }
                    out.push(d);
                }
                // Not in the snapshot: meshctl added it; it goes.
            }
        }
    }
    // A split destination that was there before and is gone now comes back where it was.
    for (at, before) in saved.iter().enumerate() {
        let Some(name) = split_name(shape, split, before) else {
            continue;
        };
        if !out
            .iter()
            .any(|d| split_name(shape, split, d).as_deref() == Some(name.as_str()))
        {
            out.insert(at.min(out.len()), before.clone());
        }
    }
    *dests = out;
}

fn add_preview(
    split: &Split,
    vs: &mut Value,
    template: &Value,
    preview: &Preview,
    destination: &str,
) -> Result<(), RolloutError> {
    remove_preview(vs);
    let shape = Shape::of(vs);
    let mut dest = template.clone();
    if let Some(obj) = dest.as_object_mut() {
        obj.remove("weight");
        obj.remove("headers");
        // A backendRef's own filters are the user's, for the Service they were on.
        obj.remove("filters");
    }
    shape.set_name(split, &mut dest, destination);
    let route = shape.preview_route(PREVIEW_ROUTE, preview, dest)?;
    http_mut(vs)?.insert(0, route);
    Ok(())
}

fn remove_preview(vs: &mut Value) {
    let key = Shape::of(vs).routes_key();
    if let Some(routes) = vs
        .get_mut("spec")
        .and_then(|s| s.get_mut(key))
        .and_then(Value::as_array_mut)
    {
        routes.retain(|r| !is_preview(r));
    }
}

/// Adds (or with `remove`, removes) meshctl's preview route outside a rollout (`meshctl
/// bluegreen preview`): its destination is a copy of the selected route's first.
pub fn set_preview(
    vs: &mut Value,
    selector: &Selector,
    preview: &Preview,
    destination: &str,
    remove: bool,
) -> Result<(), RolloutError> {
    if remove {
        remove_preview(vs);
        return Ok(());
    }
    let i = selector.find(vs)?[0];
    let template = destinations(Shape::of(vs), &http(vs)[i])[0].clone();
    add_preview(&selector.split, vs, &template, preview, destination)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vs() -> Value {
        json!({"metadata": {"name": "reviews"}, "spec": {"hosts": ["reviews"], "http": [
            {"name": "jason", "match": [{"headers": {"end-user": {"exact": "jason"}}}],
             "route": [{"destination": {"host": "reviews", "subset": "v3"}}]},
            {"retries": {"attempts": 3},
             "route": [{"destination": {"host": "reviews", "subset": "v1", "port": {"number": 9080}}}]}
        ]}})
    }

    fn sel() -> Selector {
        Selector::new(Split::subsets("v1", "v2"), None)
    }

    fn split() -> Split {
        Split::subsets("v1", "v2")
    }

    fn set(w: u32) -> Action {
        Action::SetWeights {
            weights: Weights::split("v1", "v2", w),
        }
    }

    fn foreign(header: &str, subset: &str) -> Value {
        json!({"match": [{"headers": {header: {"exact": "1"}}}],
               "route": [{"destination": {"host": "reviews", "subset": subset}}]})
    }

    #[test]
    fn finds_the_route_of_the_split_and_its_weights() {
        assert_eq!(sel().find(&vs()).unwrap(), [1]);
        let w = sel().weights(&vs()).unwrap();
        assert_eq!((w.get("v1"), w.get("v2"), w.total()), (100, 0, 100));
    }

    #[test]
    fn the_snapshot_remembers_identities_not_positions() {
        let snap = sel().snapshot(&vs()).unwrap();
        assert_eq!(
            snap.to_value(),
            json!({"routes": [{
                "id": {"by": "content", "match": null, "hosts": ["reviews"]},
                "destinations": [{"destination": {"host": "reviews", "subset": "v1", "port": {"number": 9080}}}]
            }]})
        );
        let named = Selector::new(split(), Some("jason".into()));
        let mut v = vs();
        v["spec"]["http"][0]["route"][0]["destination"]["subset"] = json!("v1");
        let snap = named.snapshot(&v).unwrap();
        assert_eq!(
            snap.routes[0].id,
            RouteId::Name {
                name: "jason".into()
            }
        );
        assert_eq!(snap.route.as_deref(), Some("jason"));
    }

    #[test]
    fn set_weights_adds_the_canary_as_a_copy_and_restore_puts_back_exactly() {
        let original = vs();
        let snap = sel().snapshot(&original).unwrap();
        let mut v = original.clone();
        apply(&mut v, &split(), &snap, &[set(25)]).unwrap();
        assert_eq!(
            v["spec"]["http"][1]["route"],
            json!([
                {"destination": {"host": "reviews", "subset": "v1", "port": {"number": 9080}}, "weight": 75},
                {"destination": {"host": "reviews", "subset": "v2", "port": {"number": 9080}}, "weight": 25}
            ])
        );
        assert_eq!(v["spec"]["http"][1]["retries"], json!({"attempts": 3}));
        apply(&mut v, &split(), &snap, &[Action::RestoreSnapshot]).unwrap();
        assert_eq!(v, original);
    }

    #[test]
    fn foreign_routes_inserted_anywhere_are_never_shifted_or_restored() {
        let original = vs();
        let snap = sel().snapshot(&original).unwrap();
        let mut v = original.clone();
        apply(&mut v, &split(), &snap, &[set(25)]).unwrap();
        // Someone pins testers to v1 at the top, and appends another route to v1.
        let http = v["spec"]["http"].as_array_mut().unwrap();
        http.insert(0, foreign("x-pin", "v1"));
        http.push(foreign("x-tail", "v1"));
        let mut promoted = v.clone();
        apply(
            &mut promoted,
            &split(),
            &snap,
            &[Action::FinalizePromotion {
                new: "v2".into(),
                old: "v1".into(),
                finish: FinishPolicy::Keep,
            }],
        )
        .unwrap();
        assert_eq!(promoted["spec"]["http"][0], foreign("x-pin", "v1"));
        assert_eq!(promoted["spec"]["http"][3], foreign("x-tail", "v1"));
        assert_eq!(
            promoted["spec"]["http"][2]["route"][1]["weight"],
            json!(100)
        );
        apply(&mut v, &split(), &snap, &[Action::RestoreSnapshot]).unwrap();
        let mut expected = original.clone();
        let http = expected["spec"]["http"].as_array_mut().unwrap();
        http.insert(0, foreign("x-pin", "v1"));
        http.push(foreign("x-tail", "v1"));
        assert_eq!(v, expected);
    }

    #[test]
    fn foreign_fields_of_the_shifted_route_survive_a_restore() {
        let original = vs();
        let snap = sel().snapshot(&original).unwrap();
        let mut v = original.clone();
        apply(&mut v, &split(), &snap, &[set(40)]).unwrap();
        v["spec"]["http"][1]["timeout"] = json!("5s");
        v["spec"]["http"][1]["route"][0]["headers"] = json!({"request": {"set": {"x": "1"}}});
        apply(&mut v, &split(), &snap, &[Action::RestoreSnapshot]).unwrap();
        assert_eq!(v["spec"]["http"][1]["timeout"], json!("5s"));
        assert_eq!(
            v["spec"]["http"][1]["route"],
            json!([{"destination": {"host": "reviews", "subset": "v1", "port": {"number": 9080}},
                    "headers": {"request": {"set": {"x": "1"}}}}])
        );
    }

    #[test]
    fn a_missing_or_doubled_route_is_an_error_and_nothing_changes() {
        let original = vs();
        let snap = sel().snapshot(&original).unwrap();
        let mut v = original.clone();
        apply(&mut v, &split(), &snap, &[set(25)]).unwrap();
        // A copy of the shifted route (same match, same host) at the top: ambiguous.
        let mut doubled = v.clone();
        let copy = json!({"route": [{"destination": {"host": "reviews", "subset": "v1"}}]});
        doubled["spec"]["http"]
            .as_array_mut()
            .unwrap()
            .insert(0, copy);
        let before = doubled.clone();
        let err = apply(&mut doubled, &split(), &snap, &[Action::RestoreSnapshot]).unwrap_err();
        assert_eq!(err.kind, RolloutErrorKind::RouteAmbiguous);
        assert!(err.message.contains("positions 1, 3"), "{}", err.message);
        assert_eq!(doubled, before);
        // The shifted route's match was changed: it is gone as far as meshctl can tell.
        let mut changed = v.clone();
        changed["spec"]["http"][1]["match"] = json!([{"uri": {"prefix": "/"}}]);
        let err = apply(&mut changed, &split(), &snap, &[set(50)]).unwrap_err();
        assert_eq!(err.kind, RolloutErrorKind::RouteNotFound);
        assert!(
            err.message
                .starts_with("cannot find the unnamed route without a match to `reviews`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_start_over_two_routes_with_one_identity_is_refused() {
        let mut v = vs();
        let copy = json!({"route": [{"destination": {"host": "reviews", "subset": "v1"}}]});
        v["spec"]["http"].as_array_mut().unwrap().push(copy);
        let err = sel().snapshot(&v).unwrap_err();
        assert_eq!(err.kind, RolloutErrorKind::RouteAmbiguous);
        assert!(err.message.starts_with("cannot start: "), "{}", err.message);
        assert!(err.hint.unwrap().contains("--route NAME"));
    }

    #[test]
    fn preview_route_goes_first_and_restore_removes_it() {
        let original = vs();
        let snap = sel().snapshot(&original).unwrap();
        let mut v = original.clone();
        let preview = Preview::Header {
            name: "x-meshctl-preview".into(),
            value: "green".into(),
        };
        let add = Action::AddPreviewRoute {
            preview,
            destination: "v2".into(),
        };
        apply(&mut v, &split(), &snap, &[add]).unwrap();
        assert!(has_preview(&v));
        assert_eq!(v["spec"]["http"][0]["name"], PREVIEW_ROUTE);
        assert_eq!(
            v["spec"]["http"][0]["route"][0]["destination"]["subset"],
            "v2"
        );
        apply(&mut v, &split(), &snap, &[Action::RestoreSnapshot]).unwrap();
        assert_eq!(v, original);
    }

    #[test]
    fn finalize_keeps_or_removes_the_old_destination() {
        let mut v = vs();
        let snap = sel().snapshot(&v).unwrap();
        let fin = |finish| Action::FinalizePromotion {
            new: "v2".into(),
            old: "v1".into(),
            finish,
        };
        apply(&mut v, &split(), &snap, &[fin(FinishPolicy::Keep)]).unwrap();
        assert_eq!(
            current_weights(&v, &split(), &snap).unwrap(),
            Weights::split("v1", "v2", 100)
        );
        apply(&mut v, &split(), &snap, &[fin(FinishPolicy::Remove)]).unwrap();
        let dests = v["spec"]["http"][1]["route"].as_array().unwrap();
        assert_eq!(dests.len(), 1);
        assert_eq!(dests[0]["destination"]["subset"], "v2");
    }

    #[test]
    fn host_splits_shift_between_two_services() {
        let s = Selector::new(Split::hosts("shop-v1", "shop-v2"), None);
        let original = json!({"metadata": {"name": "shop"}, "spec": {"hosts": ["shop"], "http": [
            {"route": [{"destination": {"host": "shop-v1", "port": {"number": 80}}}]}
        ]}});
        let snap = s.snapshot(&original).unwrap();
        assert_eq!(
            snap.routes[0].id,
            RouteId::Content {
                matches: Value::Null,
                hosts: vec![]
            }
        );
        let mut v = original.clone();
        let w = Action::SetWeights {
            weights: Weights::split("shop-v1", "shop-v2", 10),
        };
        apply(&mut v, &s.split, &snap, &[w]).unwrap();
        assert_eq!(
            v["spec"]["http"][0]["route"][1],
            json!({"destination": {"host": "shop-v2", "port": {"number": 80}}, "weight": 10})
        );
        apply(&mut v, &s.split, &snap, &[Action::RestoreSnapshot]).unwrap();
        assert_eq!(v, original);
    }

    #[test]
    fn routes_pinned_by_a_match_are_not_shifted_unless_they_are_the_only_one() {
        let mut v = vs();
        let http = v["spec"]["http"].as_array_mut().unwrap();
        http.insert(0, foreign("x-pin", "v1"));
        // The main route (no match) is the one; the pinned route stays pinned.
        assert_eq!(sel().find(&v).unwrap(), [2]);
        // Only routes with matches: the one that fits, or a question when several do.
        let only = json!({"metadata": {"name": "r"}, "spec": {"http": [
            foreign("x-a", "v3"),
            {"match": [{"uri": {"prefix": "/"}}], "route": [{"destination": {"host": "reviews", "subset": "v1"}}]}
        ]}});
        assert_eq!(sel().find(&only).unwrap(), [1]);
        let two = json!({"metadata": {"name": "r"}, "spec": {"http": [
            foreign("x-a", "v1"), foreign("x-b", "v1")
        ]}});
        let err = sel().find(&two).unwrap_err();
        assert_eq!(err.kind, RolloutErrorKind::RouteAmbiguous);
        assert!(err.hint.unwrap().contains("--route NAME"));
    }

    #[test]
    fn a_named_route_that_is_missing_is_a_clear_error() {
        let s = Selector::new(split(), Some("main".into()));
        let err = s.find(&vs()).unwrap_err();
        assert!(err.message.contains("no HTTP route named `main`"));
    }

    #[test]
    fn version_1_snapshots_are_read_and_positions_are_never_guessed() {
        let old = json!({"http": [{"index": 1, "name": null, "route": [
            {"destination": {"host": "reviews", "subset": "v1"}}
        ]}]});
        let snap = RouteSnapshot::from_value(&old).unwrap();
        assert_eq!(snap.routes[0].id, RouteId::Position { index: 1 });
        let mut v = vs();
        apply(&mut v, &split(), &snap, &[set(20)]).unwrap();
        assert_eq!(v["spec"]["http"][1]["route"][1]["weight"], json!(20));
        // A foreign route to v1 at the top: two routes could be it, so no guess.
        v["spec"]["http"]
            .as_array_mut()
            .unwrap()
            .insert(0, foreign("x-pin", "v1"));
        let err = apply(&mut v, &split(), &snap, &[Action::RestoreSnapshot]).unwrap_err();
        assert_eq!(err.kind, RolloutErrorKind::RouteAmbiguous);
        let named = json!({"http": [{"index": 4, "name": "main", "route": []}], "route": "main"});
        let snap = RouteSnapshot::from_value(&named).unwrap();
        assert_eq!(
            snap.routes[0].id,
            RouteId::Name {
                name: "main".into()
            }
        );
        assert_eq!(snap.route.as_deref(), Some("main"));
    }

    /// An HTTPRoute on the real shape: a rule of someone else's first (with a filter),
    /// then the main rule to `shop-v1` with a filter meshctl does not own.
    fn httproute() -> Value {
        json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
        "metadata": {"name": "shop"}, "spec": {
        "parentRefs": [{"name": "web"}],
        "rules": [
            {"matches": [{"path": {"type": "PathPrefix", "value": "/admin"}}],
             "backendRefs": [{"name": "admin", "port": 8080}]},
            {"filters": [{"type": "RequestHeaderModifier",
                          "requestHeaderModifier": {"set": [{"name": "x-env", "value": "prod"}]}}],
             "backendRefs": [{"name": "shop-v1", "namespace": "shop", "port": 80}]}
        ]}})
    }

    fn hsplit() -> Split {
        Split::hosts("shop-v1", "shop-v2")
    }

    fn hset(w: u32) -> Action {
        Action::SetWeights {
            weights: Weights::split("shop-v1", "shop-v2", w),
        }
    }

    #[test]
    fn an_httproute_rule_is_shifted_promoted_and_restored_exactly() {
        let sel = Selector::new(hsplit(), None);
        let original = httproute();
        assert_eq!(sel.find(&original).unwrap(), [1]);
        let snap = sel.snapshot(&original).unwrap();
        assert_eq!(
            snap.routes[0].id,
            RouteId::Content {
                matches: Value::Null,
                hosts: vec![]
            }
        );
        let mut v = original.clone();
        apply(&mut v, &hsplit(), &snap, &[hset(20)]).unwrap();
        assert_eq!(
            v["spec"]["rules"][1]["backendRefs"],
            json!([
                {"name": "shop-v1", "namespace": "shop", "port": 80, "weight": 80},
                {"name": "shop-v2", "namespace": "shop", "port": 80, "weight": 20}
            ])
        );
        assert_eq!(
            current_weights(&v, &hsplit(), &snap).unwrap(),
            Weights::split("shop-v1", "shop-v2", 20)
        );
        let mut promoted = v.clone();
        let fin = Action::FinalizePromotion {
            new: "shop-v2".into(),
            old: "shop-v1".into(),
            finish: FinishPolicy::Remove,
        };
        apply(&mut promoted, &hsplit(), &snap, &[fin]).unwrap();
        assert_eq!(
            promoted["spec"]["rules"][1]["backendRefs"],
            json!([{"name": "shop-v2", "namespace": "shop", "port": 80, "weight": 100}])
        );
        assert_eq!(promoted["spec"]["rules"][0], original["spec"]["rules"][0]);
        assert_eq!(
            promoted["spec"]["rules"][1]["filters"],
            original["spec"]["rules"][1]["filters"]
        );
        apply(&mut v, &hsplit(), &snap, &[Action::RestoreSnapshot]).unwrap();
        assert_eq!(v, original);
    }

    #[test]
    fn foreign_rules_added_around_an_httproute_rollout_survive() {
        let original = httproute();
        let snap = Selector::new(hsplit(), None).snapshot(&original).unwrap();
        let mut v = original.clone();
        apply(&mut v, &hsplit(), &snap, &[hset(30)]).unwrap();
        let head = json!({"name": "pin", "matches": [{"headers": [{"type": "Exact", "name": "x-pin", "value": "1"}]}],
                          "backendRefs": [{"name": "shop-v1", "port": 80}]});
        let tail = json!({"matches": [{"path": {"type": "Exact", "value": "/health"}}],
                          "backendRefs": [{"name": "shop-v1", "port": 80}]});
        let rules = v["spec"]["rules"].as_array_mut().unwrap();
        rules.insert(0, head.clone());
        rules.push(tail.clone());
        apply(&mut v, &hsplit(), &snap, &[hset(60)]).unwrap();
        assert_eq!(v["spec"]["rules"][2]["backendRefs"][1]["weight"], json!(60));
        apply(&mut v, &hsplit(), &snap, &[Action::RestoreSnapshot]).unwrap();
        let mut expected = original.clone();
        let rules = expected["spec"]["rules"].as_array_mut().unwrap();
        rules.insert(0, head);
        rules.push(tail);
        assert_eq!(v, expected);
    }

    #[test]
    fn an_httproute_rule_that_cannot_be_told_apart_is_refused() {
        let original = httproute();
        let snap = Selector::new(hsplit(), None).snapshot(&original).unwrap();
        let mut v = original.clone();
        apply(&mut v, &hsplit(), &snap, &[hset(30)]).unwrap();
        let copy = json!({"backendRefs": [{"name": "shop-v1", "port": 80}]});
        v["spec"]["rules"].as_array_mut().unwrap().push(copy);
        let before = v.clone();
        let err = apply(&mut v, &hsplit(), &snap, &[Action::RestoreSnapshot]).unwrap_err();
        assert_eq!(err.kind, RolloutErrorKind::RouteAmbiguous);
        assert!(err.message.contains("HTTPRoute `shop`"), "{}", err.message);
        assert_eq!(v, before);
        // Subsets mean nothing to an HTTPRoute.
        let err = Selector::new(split(), None).find(&original).unwrap_err();
        assert_eq!(err.kind, RolloutErrorKind::UnsupportedRoute);
    }

    #[test]
    fn httproute_weights_are_proportions() {
        let mut v = httproute();
        v["spec"]["rules"][1]["backendRefs"] = json!([
            {"name": "shop-v1", "port": 80, "weight": 3},
            {"name": "shop-v2", "port": 80, "weight": 1}
        ]);
        let w = Selector::new(hsplit(), None).weights(&v).unwrap();
        assert_eq!((w.get("shop-v1"), w.get("shop-v2")), (75, 25));
        v["spec"]["rules"][1]["backendRefs"] =
            json!([{"name": "shop-v1", "port": 80}, {"name": "shop-v2", "port": 80}]);
        let w = Selector::new(hsplit(), None).weights(&v).unwrap();
        assert_eq!((w.get("shop-v1"), w.get("shop-v2")), (50, 50));
    }

    #[test]
    fn the_httproute_preview_rule_is_added_first_and_removed() {
        let original = httproute();
        let snap = Selector::new(hsplit(), None).snapshot(&original).unwrap();
        let mut v = original.clone();
        let add = Action::AddPreviewRoute {
            preview: Preview::Header {
                name: "x-preview".into(),
                value: "green".into(),
            },
            destination: "shop-v2".into(),
        };
        apply(&mut v, &hsplit(), &snap, &[add]).unwrap();
        assert!(has_preview(&v));
        assert_eq!(
            v["spec"]["rules"][0],
            json!({"name": PREVIEW_ROUTE,
                   "matches": [{"headers": [{"type": "Exact", "name": "x-preview", "value": "green"}]}],
                   "backendRefs": [{"name": "shop-v2", "namespace": "shop", "port": 80}]})
        );
        apply(&mut v, &hsplit(), &snap, &[Action::RemovePreviewRoute]).unwrap();
        assert_eq!(v, original);
        assert_eq!(
            main_weights(&original),
            Some(std::collections::BTreeMap::from([(
                "shop-v1".to_string(),
                100
            )]))
        );
        let sticky = Action::AddStickyRoute { cookie: "c".into() };
        assert!(apply(&mut v, &hsplit(), &snap, &[sticky]).is_err());
    }
}
