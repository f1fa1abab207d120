//! `Status` bodies for the failures the fault proxy injects, worded as kube-apiserver
//! words them for the same code on the same request, so meshctl parses what it would
//! get from a real cluster under load or during an outage.

use serde_json::{Value, json};

fn status(code: u16, reason: &str, message: String, details: Value) -> Value {
    json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "details": details,
        "code": code,
    })
}

/// What a request's URL names, as the authorizer sees it.
#[derive(Debug, Clone, Default)]
pub struct Target {
    pub verb: String,
    pub path: String,
    /// `None` for non-resource URLs (`/apis`, `/version`).
    pub group: Option<String>,
    pub resource: Option<String>,
    pub subresource: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
}

impl Target {
    /// Parses `/api/v1/...` and `/apis/G/V/...`; other paths are non-resource URLs.
    pub fn parse(method: &str, path: &str, watch: bool) -> Self {
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let (group, rest): (&str, &[&str]) = match segs.as_slice() {
            ["api", _v, rest @ ..] => ("", rest),
            ["apis", g, _v, rest @ ..] => (g, rest),
            _ => ("", &[]),
        };
        let (namespace, resource, name, sub) = match rest {
            ["namespaces", ns, res, name, sub, ..] => {
                (Some(*ns), Some(*res), Some(*name), Some(*sub))
            }
            ["namespaces", ns, res, name] => (Some(*ns), Some(*res), Some(*name), None),
            ["namespaces", ns, res] => (Some(*ns), Some(*res), None, None),
            ["namespaces", ns] => (None, Some("namespaces"), Some(*ns), None),
            [res, name, sub, ..] => (None, Some(*res), Some(*name), Some(*sub)),
            [res, name] => (None, Some(*res), Some(*name), None),
            [res] => (None, Some(*res), None, None),
            _ => (None, None, None, None),
        };
        let verb = match (method, name.is_some()) {
            _ if resource.is_none() => method.to_lowercase(),
            ("GET", _) if watch => "watch".into(),
            ("GET", true) => "get".into(),
            ("GET", false) => "list".into(),
            ("POST", _) => "create".into(),
            ("PUT", _) => "update".into(),
            ("PATCH", _) => "patch".into(),
            ("DELETE", true) => "delete".into(),
            ("DELETE", false) => "deletecollection".into(),
            (other, _) => other.to_lowercase(),
        };
        Target {
            verb,
            path: path.to_string(),
            group: resource.map(|_| group.to_string()),
            resource: resource.map(str::to_string),
            subresource: sub.map(str::to_string),
            namespace: namespace.map(str::to_string),
            name: name.map(str::to_string),
        }
    }

    fn qualified(&self) -> Option<String> {
        let resource = self.resource.as_deref()?;
        Some(match self.group.as_deref() {
            Some("") | None => resource.to_string(),
            Some(g) => format!("{resource}.{g}"),
        })
    }

    fn details(&self) -> Value {
        let mut d = serde_json::Map::new();
        if let Some(name) = &self.name {
            d.insert("name".into(), json!(name));
        }
        if let Some(g) = self.group.as_deref().filter(|g| !g.is_empty()) {
            d.insert("group".into(), json!(g));
        }
        if let Some(r) = &self.resource {
            d.insert("kind".into(), json!(r));
        }
        Value::Object(d)
    }
}

/// The body (and headers) of an injected failure with `code` for `target`, denied to
/// `user` when the code is 403.
pub fn injected(
    code: u16,
    retry_after: Option<u32>,
    target: &Target,
    user: &str,
) -> (Value, Vec<(&'static str, String)>) {
    let mut body = match (code, target.qualified(), target.name.as_deref()) {
        (403, Some(qualified), name) => {
            let resource = match &target.subresource {
                Some(sub) => format!("{}/{sub}", target.resource.as_deref().unwrap_or("")),
                None => target.resource.clone().unwrap_or_default(),
            };
            let scope = match &target.namespace {
                Some(ns) => format!("in the namespace \"{ns}\""),
                None => "at the cluster scope".to_string(),
            };
            let why = format!(
                "User \"{user}\" cannot {} resource \"{resource}\" in API group \"{}\" {scope}",
                target.verb,
                target.group.as_deref().unwrap_or("")
            );
            let message = match name {
                Some(name) => format!("{qualified} \"{name}\" is forbidden: {why}"),
                None => format!("{qualified} is forbidden: {why}"),
            };
            status(403, "Forbidden", message, target.details())
        }
        (403, None, _) => status(
            403,
            "Forbidden",
            format!(
                "forbidden: User \"{user}\" cannot {} path \"{}\"",
                target.verb, target.path
            ),
            json!({}),
        ),
        (404, Some(qualified), Some(name)) => status(
            404,
            "NotFound",
            format!("{qualified} \"{name}\" not found"),
            target.details(),
        ),
        (409, Some(qualified), Some(name)) => status(
            409,
            "Conflict",
            format!(
                "Operation cannot be fulfilled on {qualified} \"{name}\": the object has been modified; please apply your changes to the latest version and try again"
            ),
            target.details(),
        ),
        _ => {
            let (reason, message) = match code {
                404 => ("NotFound", "the server could not find the requested resource".to_string()),
                409 => ("Conflict", "the server reported a conflict".to_string()),
                410 if target.verb == "watch" => ("Expired", "too old resource version: 1 (2)".to_string()),
                410 => (
                    "Expired",
                    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.".to_string(),
                ),
                429 => (
                    "TooManyRequests",
                    "the server has received too many requests and has asked us to try again later".to_string(),
                ),
                500 => ("InternalError", "Internal error occurred: injected failure".to_string()),
                503 => ("ServiceUnavailable", "the server is currently unable to handle the request".to_string()),
                504 => (
                    "Timeout",
                    "the server was unable to return a response in the time allotted, but may still be processing the request".to_string(),
                ),
                _ => (
                    "Unknown",
                    format!("the server responded with the status code {code} but did not return more information"),
                ),
            };
            status(code, reason, message, json!({}))
        }
    };
    let mut headers = Vec::new();
    if let Some(s) = retry_after {
        body["details"]["retryAfterSeconds"] = json!(s);
        headers.push(("Retry-After", s.to_string()));
    }
    (body, headers)
}

/// The 404 the real server sends for a URL naming nothing it serves.
pub fn path_not_found() -> Value {
    status(
        404,
        "NotFound",
        "the server could not find the requested resource".into(),
        json!({}),
    )
}
