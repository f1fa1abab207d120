//! A plan's `setMirror` step on one route: a share of its requests is copied to the new
//! version (answers discarded; the copies show in the new version's own metrics). The
//! route is the user's, so meshctl owns only a mirror that points at the canary: it
//! never replaces or removes anyone else's. On an HTTPRoute the mirror is a
//! `RequestMirror` filter of the rule (the standard channel has its `percent`), to the
//! canary Service on the stable backend's port.

use serde_json::{Value, json};

use super::error::RolloutError;
use super::shape::Shape;
use super::spec::{Split, SplitBy};

/// Whether an HTTPRoute filter is a `RequestMirror` to the split's canary.
fn our_filter(split: &Split, filter: &Value) -> bool {
    filter.get("type").and_then(Value::as_str) == Some("RequestMirror")
        && filter
            .pointer("/requestMirror/backendRef/name")
            .and_then(Value::as_str)
            == Some(split.canary.as_str())
}

fn mirror_filters(rule: &Value) -> impl Iterator<Item = &Value> {
    rule.get("filters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|f| f.get("type").and_then(Value::as_str) == Some("RequestMirror"))
}

/// Drops meshctl's mirror filter from an HTTPRoute rule (and `filters` when that
/// leaves it empty, as it was before).
fn remove_filter(split: &Split, rule: &mut Value) {
    let Some(filters) = rule.get_mut("filters").and_then(Value::as_array_mut) else {
        return;
    };
    filters.retain(|f| !our_filter(split, f));
    if filters.is_empty()
        && let Some(r) = rule.as_object_mut()
    {
        r.remove("filters");
    }
}

/// [`set`] on an HTTPRoute rule.
fn set_filter(split: &Split, rule: &mut Value, percent: u32) -> Result<(), RolloutError> {
    if mirror_filters(rule).any(|f| !our_filter(split, f)) {
        return Err(RolloutError::invalid_spec(
            "the rule already mirrors its traffic elsewhere (a `RequestMirror` filter)",
        )
        .with_hint("meshctl does not replace someone else's mirror; drop the `setMirror` step or that filter"));
    }
    remove_filter(split, rule);
    let mut backend = json!({"name": split.canary});
    if let Some(first) = rule.pointer("/backendRefs/0") {
        for key in ["namespace", "port"] {
            if let Some(v) = first.get(key) {
                backend[key] = v.clone();
            }
        }
    }
    let filter = json!({"type": "RequestMirror", "requestMirror": {"backendRef": backend, "percent": percent}});
    let filters = rule
        .as_object_mut()
        .map(|r| r.entry("filters").or_insert_with(|| json!([])));
    if let Some(list) = filters.and_then(Value::as_array_mut) {
        list.push(filter);
    }
    Ok(())
}

/// Whether `route` mirrors to the split's canary (a mirror meshctl set).
fn ours(split: &Split, route: &Value) -> bool {
    let Some(m) = route.get("mirror") else {
        return false;
    };
    let name = match split.by {
        SplitBy::Subset => m.get("subset"),
        SplitBy::Host => m.get("host"),
    };
    name.and_then(Value::as_str) == Some(split.canary.as_str())
}

/// Mirrors `percent` of `route`'s requests to the canary, taking host and port from the
/// route's first destination.
pub(crate) fn set(
    shape: Shape,
    split: &Split,
    route: &mut Value,
    percent: u32,
) -> Result<(), RolloutError> {
    if shape == Shape::HttpRoute {
        return set_filter(split, route, percent);
    }
    let theirs =
        (route.get("mirror").is_some() && !ours(split, route)) || route.get("mirrors").is_some();
    if theirs {
        let name = route
            .get("name")
            .and_then(Value::as_str)
            .map(|n| format!(" `{n}`"))
            .unwrap_or_default();
        return Err(RolloutError::invalid_spec(format!(
            "the route{name} already mirrors its traffic elsewhere"
        ))
        .with_hint("meshctl does not replace someone else's mirror; drop the `setMirror` step or that mirror"));
    }
    let mut dest = route
        .pointer("/route/0/destination")
        .cloned()
        .unwrap_or_else(|| json!({}));
    match split.by {
        SplitBy::Subset => dest["subset"] = json!(split.canary),
        SplitBy::Host => {
            dest["host"] = json!(split.canary);
            if let Some(d) = dest.as_object_mut() {
                d.remove("subset");
            }
        }
    }
    route["mirror"] = dest;
    route["mirrorPercentage"] = json!({"value": percent});
    Ok(())
}

/// Removes the mirror meshctl set (none, or someone else's, is left alone).
pub(crate) fn remove(shape: Shape, split: &Split, route: &mut Value) {
    if shape == Shape::HttpRoute {
        return remove_filter(split, route);
    }
    if ours(split, route)
        && let Some(r) = route.as_object_mut()
    {
        r.remove("mirror");
        r.remove("mirrorPercentage");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mirror_to_the_canary_is_set_and_removed_and_others_are_left_alone() {
        let split = Split::subsets("v1", "v2");
        let mut route = json!({"route": [{"destination": {"host": "reviews", "subset": "v1", "port": {"number": 9080}}}]});
        set(Shape::VirtualService, &split, &mut route, 20).unwrap();
        assert_eq!(
            route["mirror"],
            json!({"host": "reviews", "subset": "v2", "port": {"number": 9080}})
        );
        assert_eq!(route["mirrorPercentage"], json!({"value": 20}));
        set(Shape::VirtualService, &split, &mut route, 50).unwrap();
        assert_eq!(route["mirrorPercentage"], json!({"value": 50}));
        remove(Shape::VirtualService, &split, &mut route);
        assert!(route.get("mirror").is_none() && route.get("mirrorPercentage").is_none());

        let mut theirs = json!({"mirror": {"host": "audit"}, "route": []});
        let err = set(Shape::VirtualService, &split, &mut theirs, 20).unwrap_err();
        assert!(err.message.contains("already mirrors"), "{}", err.message);
        remove(Shape::VirtualService, &split, &mut theirs);
        assert_eq!(theirs["mirror"], json!({"host": "audit"}));
    }

    #[test]
    fn on_an_httproute_the_mirror_is_a_filter_of_meshctls_own() {
        let split = Split::hosts("shop-v1", "shop-v2");
        let hr = Shape::HttpRoute;
        let header = json!({"type": "RequestHeaderModifier", "requestHeaderModifier": {"set": [{"name": "x", "value": "1"}]}});
        let original =
            json!({"filters": [header], "backendRefs": [{"name": "shop-v1", "port": 80}]});
        let mut rule = original.clone();
        set(hr, &split, &mut rule, 20).unwrap();
        assert_eq!(
            rule["filters"][1],
            json!({"type": "RequestMirror", "requestMirror": {"backendRef": {"name": "shop-v2", "port": 80}, "percent": 20}})
        );
        set(hr, &split, &mut rule, 50).unwrap();
        assert_eq!(rule["filters"].as_array().unwrap().len(), 2);
        remove(hr, &split, &mut rule);
        assert_eq!(rule, original);
        let mut bare = json!({"backendRefs": [{"name": "shop-v1", "port": 80}]});
        set(hr, &split, &mut bare, 10).unwrap();
        remove(hr, &split, &mut bare);
        assert_eq!(
            bare,
            json!({"backendRefs": [{"name": "shop-v1", "port": 80}]})
        );
        let mut theirs = json!({"filters": [{"type": "RequestMirror", "requestMirror": {"backendRef": {"name": "audit", "port": 80}}}]});
        assert!(set(hr, &split, &mut theirs, 10).is_err());
    }
}
