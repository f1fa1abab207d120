//! Which two Services a rollout on an HTTPRoute splits when the flags do not name both:
//! the HTTPRoute already says it. A rule with exactly two backendRefs is a split under
//! way or prepared (the stable Service is the one with the higher weight); a rule with
//! one backendRef sends everything to the stable Service, and `--canary-host` names
//! the new one. Several rules that say different things are a question for the user,
//! never a guess.

use serde_json::Value;

use super::error::{RolloutError, RolloutErrorKind};
use super::shape::Shape;
use super::spec::Split;

fn backends(rule: &Value) -> Vec<(&str, u64)> {
    rule.get("backendRefs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|b| {
            let name = b.get("name")?.as_str()?;
            Some((name, b.get("weight").and_then(Value::as_u64).unwrap_or(1)))
        })
        .collect()
}

/// The (stable, canary) pair one rule gives, if it gives one.
fn pair_of(rule: &Value, canary: Option<&str>) -> Option<(String, String)> {
    match (backends(rule).as_slice(), canary) {
        ([(a, wa), (b, wb)], None) if wa != wb => {
            let (stable, new) = if wa > wb { (a, b) } else { (b, a) };
            Some((stable.to_string(), new.to_string()))
        }
        ([(a, _), (b, _)], Some(c)) if *a == c || *b == c => {
            let stable = if *a == c { b } else { a };
            Some((stable.to_string(), c.to_string()))
        }
        ([(stable, _)], Some(c)) if *stable != c => Some((stable.to_string(), c.to_string())),
        _ => None,
    }
}

/// The namespace an HTTPRoute's backendRef gives the Service `service`, if it gives
/// one (else the Service is in the route's namespace).
pub fn namespace_of<'a>(route: &'a Value, service: &str) -> Option<&'a str> {
    route
        .pointer("/spec/rules")?
        .as_array()?
        .iter()
        .flat_map(|r| {
            r.get("backendRefs")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .find(|b| b.get("name").and_then(Value::as_str) == Some(service))?
        .get("namespace")?
        .as_str()
}

/// The split of the HTTPRoute `route` (JSON): from the rule named `rule`, else from
/// every rule that gives a pair (meshctl's own rules aside); `canary` is
/// `--canary-host` when given.
pub fn discover(
    route: &Value,
    rule: Option<&str>,
    canary: Option<&str>,
) -> Result<Split, RolloutError> {
    let name = route
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("?");
    let rules = route
        .pointer("/spec/rules")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let considered: Vec<&Value> = rules
        .iter()
        .filter(|r| {
            let rule_name = r.get("name").and_then(Value::as_str);
            rule_name != Some(super::routes::PREVIEW_ROUTE)
                && rule_name != Some(super::sticky::STICKY_ROUTE)
                && rule.is_none_or(|wanted| rule_name == Some(wanted))
        })
        .collect();
    // A split under way (two backends) says more than a rule sending everything to one
    // Service; among those, the rules taking all traffic (no match of their own) are
    // the main traffic, the others someone's routing of a path or header.
    let split_rules: Vec<&Value> = considered
        .iter()
        .copied()
        .filter(|r| backends(r).len() == 2)
        .collect();
    let main: Vec<&Value> = considered
        .iter()
        .copied()
        .filter(|r| Shape::HttpRoute.is_catch_all(r))
        .collect();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for group in [split_rules, main, considered] {
        for r in group {
            if let Some(pair) = pair_of(r, canary)
                && !pairs.contains(&pair)
            {
                pairs.push(pair);
            }
        }
        if !pairs.is_empty() {
            break;
        }
    }
    let wanted = match canary {
        Some(c) => format!("a rule with one backendRef, or two of which one is `{c}`"),
        None => "a rule with two backendRefs of different weights".to_string(),
    };
    match pairs.as_slice() {
        [(stable, new)] => Ok(Split::hosts(stable, new)),
        [] => Err(RolloutError::new(
            RolloutErrorKind::RouteNotFound,
            format!("cannot tell which Services to split in HTTPRoute `{name}`: it has no {wanted}"),
        )
        .with_hint("name them with `--stable-host SERVICE --canary-host SERVICE`")),
        many => Err(RolloutError::new(
            RolloutErrorKind::RouteAmbiguous,
            format!(
                "cannot tell which Services to split in HTTPRoute `{name}`: its rules split {}",
                many.iter()
                    .map(|(s, c)| format!("`{s}`/`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .with_hint("name them with `--stable-host SERVICE --canary-host SERVICE`, or the rule with `--route NAME`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn route(rules: Value) -> Value {
        json!({"kind": "HTTPRoute", "metadata": {"name": "shop"}, "spec": {"rules": rules}})
    }

    #[test]
    fn two_backends_give_the_heavier_as_stable() {
        let r = route(json!([{"backendRefs": [
            {"name": "shop-v2", "port": 80, "weight": 10},
            {"name": "shop-v1", "port": 80, "weight": 90}
        ]}]));
        assert_eq!(
            discover(&r, None, None).unwrap(),
            Split::hosts("shop-v1", "shop-v2")
        );
        // With `--canary-host` naming one of the two, the other is stable.
        assert_eq!(
            discover(&r, None, Some("shop-v1")).unwrap(),
            Split::hosts("shop-v2", "shop-v1")
        );
    }

    #[test]
    fn one_backend_needs_the_canary_named() {
        let r = route(json!([{"backendRefs": [{"name": "shop-v1", "port": 80}]}]));
        assert_eq!(
            discover(&r, None, Some("shop-v2")).unwrap(),
            Split::hosts("shop-v1", "shop-v2")
        );
        let err = discover(&r, None, None).unwrap_err();
        assert_eq!(err.kind, RolloutErrorKind::RouteNotFound);
        assert!(err.hint.unwrap().contains("--stable-host"));
    }

    #[test]
    fn rules_that_disagree_are_a_question_unless_one_is_named() {
        let r = route(json!([
            {"name": "a", "backendRefs": [{"name": "a-v1", "weight": 9}, {"name": "a-v2", "weight": 1}]},
            {"name": "b", "backendRefs": [{"name": "b-v1", "weight": 9}, {"name": "b-v2", "weight": 1}]},
            {"name": "meshctl-preview", "backendRefs": [{"name": "x"}, {"name": "y", "weight": 5}]}
        ]));
        let err = discover(&r, None, None).unwrap_err();
        assert_eq!(err.kind, RolloutErrorKind::RouteAmbiguous);
        assert!(err.message.contains("`a-v1`/`a-v2`, `b-v1`/`b-v2`"));
        assert_eq!(
            discover(&r, Some("b"), None).unwrap(),
            Split::hosts("b-v1", "b-v2")
        );
        // A rule with a match of its own is not the main traffic.
        let r = route(json!([
            {"matches": [{"path": {"type": "PathPrefix", "value": "/admin"}}], "backendRefs": [{"name": "admin"}]},
            {"matches": [{"path": {"type": "PathPrefix", "value": "/"}}], "backendRefs": [{"name": "shop-v1"}]}
        ]));
        assert_eq!(
            discover(&r, None, Some("shop-v2")).unwrap(),
            Split::hosts("shop-v1", "shop-v2")
        );
        // Equal weights say nothing about which is stable.
        let even = route(json!([{"backendRefs": [{"name": "a"}, {"name": "b"}]}]));
        assert!(discover(&even, None, None).is_err());
    }
}
