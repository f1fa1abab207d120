//! A plan's `setMirror` step on one route: a share of its requests is copied to the new
//! version (answers discarded; the copies show in the new version's own metrics). The
//! route is the user's, so meshctl owns only a mirror that points at the canary: it
//! never replaces or removes anyone else's.

use serde_json::{Value, json};

use super::error::RolloutError;
use super::spec::{Split, SplitBy};

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
pub(crate) fn set(split: &Split, route: &mut Value, percent: u32) -> Result<(), RolloutError> {
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
pub(crate) fn remove(split: &Split, route: &mut Value) {
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
        set(&split, &mut route, 20).unwrap();
        assert_eq!(
            route["mirror"],
            json!({"host": "reviews", "subset": "v2", "port": {"number": 9080}})
        );
        assert_eq!(route["mirrorPercentage"], json!({"value": 20}));
        set(&split, &mut route, 50).unwrap();
        assert_eq!(route["mirrorPercentage"], json!({"value": 50}));
        remove(&split, &mut route);
        assert!(route.get("mirror").is_none() && route.get("mirrorPercentage").is_none());

        let mut theirs = json!({"mirror": {"host": "audit"}, "route": []});
        let err = set(&split, &mut theirs, 20).unwrap_err();
        assert!(err.message.contains("already mirrors"), "{}", err.message);
        remove(&split, &mut theirs);
        assert_eq!(theirs["mirror"], json!({"host": "audit"}));
    }
}
