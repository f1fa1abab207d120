//! Sticky canary users (`--sticky-cookie NAME`): a user the weights sent to the new
//! version once keeps reaching it while the weight grows. The new version's destination
//! in the shifted routes sets the cookie `NAME=canary` on its answers, and meshctl's
//! route `meshctl-sticky`, ahead of the others, sends requests carrying that cookie to
//! the new version. Both are meshctl's own, removed at promotion and rollback.

use serde_json::{Value, json};

use super::error::RolloutError;
use super::spec::{Split, SplitBy};

/// The name of meshctl's sticky route.
pub const STICKY_ROUTE: &str = "meshctl-sticky";
/// The cookie's value: the new version.
const VALUE: &str = "canary";

pub(crate) fn is_sticky(route: &Value) -> bool {
    route.get("name").and_then(Value::as_str) == Some(STICKY_ROUTE)
}

/// Whether `name` can be a cookie name (an HTTP token, kept to the usual characters).
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

fn set_cookie(cookie: &str) -> String {
    format!("{cookie}={VALUE}; Path=/")
}

fn is_canary(split: &Split, dest: &Value) -> bool {
    let field = match split.by {
        SplitBy::Subset => "subset",
        SplitBy::Host => "host",
    };
    dest.pointer(&format!("/destination/{field}"))
        .and_then(Value::as_str)
        == Some(split.canary.as_str())
}

/// The destinations of `route` that send to the canary.
fn canary_destinations<'r>(
    split: &'r Split,
    route: &'r mut Value,
) -> impl Iterator<Item = &'r mut Value> + 'r {
    route
        .get_mut("route")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
        .filter(move |d| is_canary(split, d))
}

/// Makes the canary destination of `route` set the cookie on its answers.
pub(crate) fn mark(split: &Split, route: &mut Value, cookie: &str) {
    for dest in canary_destinations(split, route) {
        dest["headers"]["response"]["add"]["set-cookie"] = json!(set_cookie(cookie));
    }
}

/// Removes the cookie meshctl set on the canary destination of `route` (and the
/// `headers` objects that leaves empty); anyone else's header edits stay.
pub(crate) fn unmark(split: &Split, route: &mut Value, cookie: &str) {
    let ours = json!(set_cookie(cookie));
    for dest in canary_destinations(split, route) {
        let Some(headers) = dest.get_mut("headers") else {
            continue;
        };
        if let Some(add) = headers
            .pointer_mut("/response/add")
            .and_then(Value::as_object_mut)
            && add.get("set-cookie") == Some(&ours)
        {
            add.remove("set-cookie");
        }
        prune(headers, &["response", "add"]);
        if headers.as_object().is_some_and(|h| h.is_empty())
            && let Some(d) = dest.as_object_mut()
        {
            d.remove("headers");
        }
    }
}

/// Drops the empty objects along `path` under `value`.
fn prune(value: &mut Value, path: &[&str]) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    if let Some(child) = value.get_mut(*first) {
        prune(child, rest);
        if child.as_object().is_some_and(|o| o.is_empty())
            && let Some(o) = value.as_object_mut()
        {
            o.remove(*first);
        }
    }
}

/// meshctl's sticky route: the cookie sends to `template`'s destination pointed at the
/// canary; first in the list so it wins.
pub(crate) fn route(split: &Split, template: &Value, cookie: &str) -> Result<Value, RolloutError> {
    let mut dest = template.clone();
    if let Some(obj) = dest.as_object_mut() {
        obj.remove("weight");
        obj.remove("headers");
    }
    match split.by {
        SplitBy::Subset => dest["destination"]["subset"] = json!(split.canary),
        SplitBy::Host => dest["destination"]["host"] = json!(split.canary),
    }
    let regex = format!("^(.*?;\\s*)?{}={VALUE}(;.*)?$", regex_escape(cookie));
    Ok(json!({
        "name": STICKY_ROUTE,
        "match": [{"headers": {"cookie": {"regex": regex}}}],
        "route": [dest]
    }))
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = ".^$|?*+()[]{}\\".contains(c);
            special
                .then_some('\\')
                .into_iter()
                .chain(std::iter::once(c))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_canary_destination_sets_the_cookie_and_unmarking_leaves_others_edits() {
        let split = Split::subsets("v1", "v2");
        let mut route = json!({"route": [
            {"destination": {"host": "r", "subset": "v1"}, "weight": 80},
            {"destination": {"host": "r", "subset": "v2"}, "weight": 20,
             "headers": {"request": {"set": {"x-team": "a"}}}}
        ]});
        let before = route.clone();
        mark(&split, &mut route, "shop-canary");
        assert_eq!(
            route["route"][1]["headers"]["response"]["add"]["set-cookie"],
            "shop-canary=canary; Path=/"
        );
        assert!(route["route"][0].get("headers").is_none());
        unmark(&split, &mut route, "shop-canary");
        assert_eq!(route, before);
    }

    #[test]
    fn the_sticky_route_matches_the_cookie_anywhere_in_the_header() {
        let split = Split::subsets("v1", "v2");
        let template = json!({"destination": {"host": "r", "subset": "v1"}, "weight": 80});
        let r = route(&split, &template, "a.b").unwrap();
        assert_eq!(r["name"], STICKY_ROUTE);
        assert_eq!(
            r["route"][0],
            json!({"destination": {"host": "r", "subset": "v2"}})
        );
        let re = regex::Regex::new(
            r["match"][0]["headers"]["cookie"]["regex"]
                .as_str()
                .unwrap(),
        )
        .unwrap();
        assert!(re.is_match("a.b=canary"));
        assert!(re.is_match("x=1; a.b=canary; y=2"));
        assert!(!re.is_match("axb=canary"));
        assert!(!re.is_match("a.b=stable"));
        assert!(valid_name("shop_canary-1") && !valid_name("a b") && !valid_name(""));
    }
}
