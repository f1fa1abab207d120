//! The route actions of the rollout engine, performed on a VirtualService as JSON.
//!
//! A rollout changes only what it owns: the destination lists of the routes that send
//! the host to the two destinations of its split, and meshctl's own preview route.
//! Everything else in the object (matches, retries, other routes, annotations) is
//! left exactly as read. The routes are found afresh on every write, so a route added
//! or reordered by someone else between two steps is still handled correctly.

use crate::core::rollout::{Action, FinishPolicy, Preview, Split, SplitBy, Weights};
use crate::{Error, Result};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The name of meshctl's blue-green preview route.
pub const PREVIEW_ROUTE: &str = "meshctl-preview";

/// Which routes a rollout shifts: every HTTP route whose destinations are all in the
/// split (and at least one is), or only the route named by `--route`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    pub split: Split,
    pub route: Option<String>,
}

impl Selector {
    fn names_destination(&self, dest: &Value) -> Option<String> {
        let d = dest.get("destination")?;
        let name = match self.split.by {
            SplitBy::Subset => d.get("subset")?.as_str()?,
            SplitBy::Host => d.get("host")?.as_str()?,
        };
        (name == self.split.stable || name == self.split.canary).then(|| name.to_string())
    }

    fn shifts(&self, route: &Value) -> bool {
        if is_preview(route) {
            return false;
        }
        if let Some(wanted) = &self.route {
            return route.get("name").and_then(Value::as_str) == Some(wanted.as_str());
        }
        let Some(dests) = route.get("route").and_then(Value::as_array) else {
            return false;
        };
        !dests.is_empty() && dests.iter().all(|d| self.names_destination(d).is_some())
    }

    /// Indexes (into `spec.http`) of the routes to shift; an error names what is there
    /// when none matches.
    pub fn find(&self, vs: &Value) -> Result<Vec<usize>> {
        let http = http_routes(vs);
        let found: Vec<usize> = http
            .iter()
            .enumerate()
            .filter(|(_, r)| self.shifts(r))
            .map(|(i, _)| i)
            .collect();
        if found.is_empty() {
            let name = vs
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or("?");
            let what = match &self.route {
                Some(r) => format!("has no HTTP route named `{r}`"),
                None => format!(
                    "has no HTTP route that sends traffic only to `{}` and `{}`",
                    self.split.stable, self.split.canary
                ),
            };
            return Err(Error::not_found(format!("VirtualService `{name}` {what}"))
                .with_hint("name the route with `--route NAME`, or check `--stable`/`--canary` (or `--stable-host`/`--canary-host`) against `kubectl get virtualservice -o yaml`"));
        }
        if self.route.is_some() {
            for &i in &found {
                let dests = http[i].get("route").and_then(Value::as_array);
                if let Some(other) = dests
                    .into_iter()
                    .flatten()
                    .find(|d| self.names_destination(d).is_none())
                {
                    return Err(Error::invalid(format!(
                        "route `{}` also sends traffic to {}, besides `{}` and `{}`",
                        self.route.as_deref().unwrap_or_default(),
                        other.get("destination").unwrap_or(&Value::Null),
                        self.split.stable,
                        self.split.canary
                    ))
                    .with_hint("a rollout splits one route between two destinations; remove the others first"));
                }
            }
        }
        Ok(found)
    }

    /// The weights the first shifted route gives now (a lone destination without a
    /// weight has 100).
    pub fn weights(&self, vs: &Value) -> Result<Weights> {
        let i = self.find(vs)?[0];
        let dests = http_routes(vs)[i]
            .get("route")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut map = BTreeMap::new();
        let lone = dests.len() == 1;
        for d in &dests {
            let name = self.names_destination(d).unwrap_or_default();
            let w = d
                .get("weight")
                .and_then(Value::as_u64)
                .unwrap_or(if lone { 100 } else { 0 });
            *map.entry(name).or_insert(0) += w as u32;
        }
        Ok(Weights::new(map)?)
    }

    /// What `RestoreSnapshot` puts back: the destination lists of the shifted routes.
    pub fn snapshot(&self, vs: &Value) -> Result<Value> {
        let http = http_routes(vs);
        let routes: Vec<Value> = self
            .find(vs)?
            .into_iter()
            .map(|i| {
                json!({
                    "index": index_without_preview(&http, i),
                    "name": http[i].get("name").cloned().unwrap_or(Value::Null),
                    "route": http[i].get("route").cloned().unwrap_or(Value::Null),
                })
            })
            .collect();
        Ok(json!({ "http": routes }))
    }

    /// Performs the route actions (the others are ignored) on `vs` in memory.
    pub fn apply(&self, vs: &mut Value, actions: &[Action], snapshot: &Value) -> Result<()> {
        for action in actions {
            match action {
                Action::SetWeights { weights } => self.set_weights(vs, weights)?,
                Action::RestoreSnapshot => restore(vs, snapshot)?,
                Action::AddPreviewRoute {
                    preview,
                    destination,
                } => self.add_preview(vs, preview, destination)?,
                Action::RemovePreviewRoute => remove_preview(vs),
                Action::FinalizePromotion { new, old, finish } => {
                    self.finalize(vs, new, old, *finish)?
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn set_weights(&self, vs: &mut Value, weights: &Weights) -> Result<()> {
        let found = self.find(vs)?;
        let http = http_routes_mut(vs);
        for i in found {
            let dests = http[i]
                .get_mut("route")
                .and_then(Value::as_array_mut)
                .expect("found routes have destinations");
            for (name, weight) in weights.iter() {
                let existing = dests
                    .iter_mut()
                    .find(|d| self.names_destination(d).as_deref() == Some(name));
                match existing {
                    Some(d) => d["weight"] = json!(weight),
                    None => {
                        // The new destination is a copy of an existing one (same host,
                        // port and headers), pointed at the other subset or host.
                        let mut d = dests[0].clone();
                        match self.split.by {
                            SplitBy::Subset => d["destination"]["subset"] = json!(name),
                            SplitBy::Host => d["destination"]["host"] = json!(name),
                        }
                        d["weight"] = json!(weight);
                        dests.push(d);
                    }
                }
            }
        }
        Ok(())
    }

    fn finalize(&self, vs: &mut Value, new: &str, old: &str, finish: FinishPolicy) -> Result<()> {
        self.set_weights(vs, &Weights::split(old, new, 100))?;
        if finish == FinishPolicy::Remove {
            let found = self.find(vs)?;
            let http = http_routes_mut(vs);
            for i in found {
                if let Some(dests) = http[i].get_mut("route").and_then(Value::as_array_mut) {
                    dests.retain(|d| self.names_destination(d).as_deref() != Some(old));
                }
            }
        }
        Ok(())
    }

    fn add_preview(&self, vs: &mut Value, preview: &Preview, destination: &str) -> Result<()> {
        remove_preview(vs);
        let first = self.find(vs)?[0];
        let mut dest = http_routes(vs)[first]["route"][0].clone();
        if let Some(obj) = dest.as_object_mut() {
            obj.remove("weight");
            obj.remove("headers");
        }
        match self.split.by {
            SplitBy::Subset => dest["destination"]["subset"] = json!(destination),
            SplitBy::Host => dest["destination"]["host"] = json!(destination),
        }
        let matcher = match preview {
            Preview::Header { name, value } => json!({"headers": {name: {"exact": value}}}),
            Preview::Host { host } => json!({"authority": {"exact": host}}),
        };
        let route = json!({"name": PREVIEW_ROUTE, "match": [matcher], "route": [dest]});
        http_routes_mut(vs).insert(0, route);
        Ok(())
    }
}

fn is_preview(route: &Value) -> bool {
    route.get("name").and_then(Value::as_str) == Some(PREVIEW_ROUTE)
}

/// Whether meshctl's preview route is in the VirtualService.
pub fn has_preview(vs: &Value) -> bool {
    http_routes(vs).iter().any(is_preview)
}

fn remove_preview(vs: &mut Value) {
    if vs.pointer("/spec/http").is_some() {
        http_routes_mut(vs).retain(|r| !is_preview(r));
    }
}

fn index_without_preview(http: &[Value], i: usize) -> usize {
    http[..i].iter().filter(|r| !is_preview(r)).count()
}

fn restore(vs: &mut Value, snapshot: &Value) -> Result<()> {
    remove_preview(vs);
    let saved = snapshot
        .get("http")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let http = http_routes_mut(vs);
    for entry in saved {
        let index = entry.get("index").and_then(Value::as_u64).unwrap_or(0) as usize;
        let name = entry.get("name").filter(|n| !n.is_null());
        // A named route is found by name (someone may have reordered the routes);
        // an unnamed one by its position.
        let at = match name {
            Some(n) => http.iter().position(|r| r.get("name") == Some(n)),
            None => (index < http.len()).then_some(index),
        };
        let Some(at) = at else {
            return Err(Error::not_found(format!(
                "cannot restore the route at position {index}{}: it is gone from the VirtualService",
                name.map(|n| format!(" (`{}`)", n.as_str().unwrap_or_default()))
                    .unwrap_or_default()
            ))
            .with_hint("someone removed the route meshctl shifted; restore the VirtualService by hand"));
        };
        http[at]["route"] = entry.get("route").cloned().unwrap_or(Value::Null);
    }
    Ok(())
}

fn http_routes(vs: &Value) -> Vec<Value> {
    vs.pointer("/spec/http")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn http_routes_mut(vs: &mut Value) -> &mut Vec<Value> {
    if !vs.pointer("/spec/http").is_some_and(Value::is_array) {
        let spec = vs
            .as_object_mut()
            .map(|o| o.entry("spec").or_insert_with(|| Value::Object(Map::new())))
            .expect("a VirtualService is an object");
        spec["http"] = json!([]);
    }
    vs.pointer_mut("/spec/http")
        .and_then(Value::as_array_mut)
        .expect("just made an array")
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
        Selector {
            split: Split::subsets("v1", "v2"),
            route: None,
        }
    }

    #[test]
    fn finds_the_route_of_the_split_and_its_weights() {
        assert_eq!(sel().find(&vs()).unwrap(), [1]);
        let w = sel().weights(&vs()).unwrap();
        assert_eq!((w.get("v1"), w.get("v2"), w.total()), (100, 0, 100));
    }

    #[test]
    fn set_weights_adds_the_canary_as_a_copy_and_restore_puts_back_exactly() {
        let original = vs();
        let snap = sel().snapshot(&original).unwrap();
        let mut v = original.clone();
        let w = Weights::split("v1", "v2", 25);
        sel()
            .apply(&mut v, &[Action::SetWeights { weights: w.clone() }], &snap)
            .unwrap();
        assert_eq!(
            v["spec"]["http"][1]["route"],
            json!([
                {"destination": {"host": "reviews", "subset": "v1", "port": {"number": 9080}}, "weight": 75},
                {"destination": {"host": "reviews", "subset": "v2", "port": {"number": 9080}}, "weight": 25}
            ])
        );
        assert_eq!(v["spec"]["http"][1]["retries"], json!({"attempts": 3}));
        assert_eq!(sel().weights(&v).unwrap(), w);
        sel()
            .apply(&mut v, &[Action::RestoreSnapshot], &snap)
            .unwrap();
        assert_eq!(v, original);
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
        sel()
            .apply(
                &mut v,
                &[Action::AddPreviewRoute {
                    preview,
                    destination: "v2".into(),
                }],
                &snap,
            )
            .unwrap();
        assert!(has_preview(&v));
        assert_eq!(v["spec"]["http"][0]["name"], PREVIEW_ROUTE);
        assert_eq!(
            v["spec"]["http"][0]["route"][0]["destination"]["subset"],
            "v2"
        );
        // The shifted route is still found behind the preview route.
        assert_eq!(sel().find(&v).unwrap(), [2]);
        sel()
            .apply(&mut v, &[Action::RestoreSnapshot], &snap)
            .unwrap();
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
        sel()
            .apply(&mut v, &[fin(FinishPolicy::Keep)], &snap)
            .unwrap();
        assert_eq!(sel().weights(&v).unwrap(), Weights::split("v1", "v2", 100));
        sel()
            .apply(&mut v, &[fin(FinishPolicy::Remove)], &snap)
            .unwrap();
        let dests = v["spec"]["http"][1]["route"].as_array().unwrap();
        assert_eq!(dests.len(), 1);
        assert_eq!(dests[0]["destination"]["subset"], "v2");
    }

    #[test]
    fn host_splits_shift_between_two_services() {
        let s = Selector {
            split: Split::hosts("shop-v1", "shop-v2"),
            route: None,
        };
        let original = json!({"metadata": {"name": "shop"}, "spec": {"hosts": ["shop"], "http": [
            {"route": [{"destination": {"host": "shop-v1", "port": {"number": 80}}}]}
        ]}});
        let snap = s.snapshot(&original).unwrap();
        let mut v = original.clone();
        s.apply(
            &mut v,
            &[Action::SetWeights {
                weights: Weights::split("shop-v1", "shop-v2", 10),
            }],
            &snap,
        )
        .unwrap();
        assert_eq!(
            v["spec"]["http"][0]["route"][1],
            json!({"destination": {"host": "shop-v2", "port": {"number": 80}}, "weight": 10})
        );
        s.apply(&mut v, &[Action::RestoreSnapshot], &snap).unwrap();
        assert_eq!(v, original);
    }

    #[test]
    fn a_named_route_that_is_missing_is_a_clear_error() {
        let s = Selector {
            route: Some("main".into()),
            ..sel()
        };
        let err = s.find(&vs()).unwrap_err();
        assert!(err.message().contains("no HTTP route named `main`"));
    }
}
