//! `Status` bodies exactly as kube-apiserver writes them, so clients under test parse
//! the same reasons, messages and details they would get from a real cluster.

use serde_json::{Value, json};

/// A failed request: the HTTP code, the `Status` body and any extra headers.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: u16,
    pub body: Value,
    pub headers: Vec<(String, String)>,
}

/// What a resource is called in messages and `details`: `virtualservices.networking.istio.io`
/// (or `pods` for the core group).
#[derive(Debug, Clone)]
pub struct GroupResource {
    pub group: String,
    pub resource: String,
}

impl GroupResource {
    pub fn new(group: &str, resource: &str) -> Self {
        GroupResource {
            group: group.to_string(),
            resource: resource.to_string(),
        }
    }

    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.resource.clone()
        } else {
            format!("{}.{}", self.resource, self.group)
        }
    }

    fn details(&self, name: &str) -> Value {
        let mut d = serde_json::Map::new();
        if !name.is_empty() {
            d.insert("name".into(), json!(name));
        }
        if !self.group.is_empty() {
            d.insert("group".into(), json!(self.group));
        }
        d.insert("kind".into(), json!(self.resource));
        Value::Object(d)
    }
}

fn status(code: u16, reason: &str, message: String, details: Option<Value>) -> Value {
    let mut s = json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
    });
    if let Some(d) = details {
        s["details"] = d;
    }
    s["code"] = json!(code);
    s
}

impl ApiError {
    fn new(code: u16, body: Value) -> Self {
        ApiError {
            code,
            body,
            headers: Vec::new(),
        }
    }

    pub fn not_found(gr: &GroupResource, name: &str) -> Self {
        Self::new(
            404,
            status(
                404,
                "NotFound",
                format!("{} \"{}\" not found", gr.qualified(), name),
                Some(gr.details(name)),
            ),
        )
    }

    /// A URL that names no resource the server serves.
    pub fn path_not_found() -> Self {
        Self::new(
            404,
            status(
                404,
                "NotFound",
                "the server could not find the requested resource".into(),
                Some(json!({})),
            ),
        )
    }

    pub fn already_exists(gr: &GroupResource, name: &str) -> Self {
        Self::new(
            409,
            status(
                409,
                "AlreadyExists",
                format!("{} \"{}\" already exists", gr.qualified(), name),
                Some(gr.details(name)),
            ),
        )
    }

    /// `Operation cannot be fulfilled on …` with the given cause (stale resourceVersion,
    /// failed precondition).
    pub fn conflict(gr: &GroupResource, name: &str, why: &str) -> Self {
        Self::new(
            409,
            status(
                409,
                "Conflict",
                format!(
                    "Operation cannot be fulfilled on {} \"{}\": {}",
                    gr.qualified(),
                    name,
                    why
                ),
                Some(gr.details(name)),
            ),
        )
    }

    pub fn stale(gr: &GroupResource, name: &str) -> Self {
        Self::conflict(
            gr,
            name,
            "the object has been modified; please apply your changes to the latest version and try again",
        )
    }

    /// `Kind.group "name" is invalid: …` with one cause per field, as validation reports.
    pub fn invalid(kind: &str, group: &str, name: &str, causes: &[(String, String)]) -> Self {
        let qualified_kind = if group.is_empty() {
            kind.to_string()
        } else {
            format!("{kind}.{group}")
        };
        let parts: Vec<String> = causes.iter().map(|(f, m)| format!("{f}: {m}")).collect();
        let summary = if parts.len() == 1 {
            parts[0].clone()
        } else {
            format!("[{}]", parts.join(", "))
        };
        let mut details = serde_json::Map::new();
        details.insert("name".into(), json!(name));
        if !group.is_empty() {
            details.insert("group".into(), json!(group));
        }
        details.insert("kind".into(), json!(kind));
        details.insert(
            "causes".into(),
            Value::Array(
                causes
                    .iter()
                    .map(|(f, m)| json!({"reason": cause_reason(m), "message": m, "field": f}))
                    .collect(),
            ),
        );
        Self::new(
            422,
            status(
                422,
                "Invalid",
                format!("{qualified_kind} \"{name}\" is invalid: {summary}"),
                Some(Value::Object(details)),
            ),
        )
    }

    /// The bare 422 the server returns when a JSON patch cannot be applied (a failed
    /// `test`, a missing path): the real server drops the patch library's message.
    pub fn unprocessable_patch() -> Self {
        Self::new(
            422,
            status(
                422,
                "Invalid",
                "the server rejected our request due to an error in our request".into(),
                Some(json!({})),
            ),
        )
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, status(400, "BadRequest", message.into(), None))
    }

    /// A server-side apply refused because other managers own fields it would change.
    /// `conflicts` holds (manager description, field path) pairs.
    pub fn apply_conflict(conflicts: &[(String, String)]) -> Self {
        let message = if conflicts.len() == 1 {
            format!(
                "Apply failed with 1 conflict: conflict with {}: {}",
                conflicts[0].0, conflicts[0].1
            )
        } else {
            let mut managers: Vec<&String> = conflicts.iter().map(|(m, _)| m).collect();
            managers.sort();
            managers.dedup();
            let mut lines = Vec::new();
            for m in managers {
                lines.push(format!("conflicts with {m}:"));
                for (_, path) in conflicts.iter().filter(|(cm, _)| cm == m) {
                    lines.push(format!("- {path}"));
                }
            }
            format!(
                "Apply failed with {} conflicts: {}",
                conflicts.len(),
                lines.join("\n")
            )
        };
        let causes: Vec<Value> = conflicts
            .iter()
            .map(|(m, p)| {
                json!({"reason": "FieldManagerConflict", "message": format!("conflict with {m}"), "field": p})
            })
            .collect();
        Self::new(
            409,
            status(409, "Conflict", message, Some(json!({ "causes": causes }))),
        )
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            405,
            status(
                405,
                "MethodNotAllowed",
                "the server does not allow this method on the requested resource".into(),
                Some(json!({})),
            ),
        )
    }

    pub fn unsupported_media_type(content_type: &str) -> Self {
        Self::new(
            415,
            status(
                415,
                "UnsupportedMediaType",
                format!(
                    "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got {content_type:?})"
                ),
                None,
            ),
        )
    }

    pub fn gone(message: String) -> Self {
        Self::new(410, status(410, "Expired", message, None))
    }

    pub fn service_unavailable(message: String) -> Self {
        Self::new(503, status(503, "ServiceUnavailable", message, None))
    }

    /// An injected failure with the code a test chose, shaped like what the real server
    /// sends for that code on that request (`target`: what the URL names).
    pub fn injected(code: u16, retry_after: Option<u32>, target: &RequestTarget) -> Self {
        let gr = target.group_resource();
        let name = target.name.as_deref().unwrap_or("");
        let mut e = match (code, &gr) {
            (403, _) => Self::forbidden(target),
            (404, Some(gr)) if !name.is_empty() => Self::not_found(gr, name),
            (409, Some(gr)) if !name.is_empty() => Self::stale(gr, name),
            _ => {
                let (reason, message) = match code {
                    404 => ("NotFound", "the server could not find the requested resource".to_string()),
                    409 => ("Conflict", "the server reported a conflict".to_string()),
                    410 if target.verb == "watch" => (
                        "Expired",
                        "too old resource version: 1 (2)".to_string(),
                    ),
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
                Self::new(code, status(code, reason, message, Some(json!({}))))
            }
        };
        if let Some(s) = retry_after {
            e.body["details"]["retryAfterSeconds"] = json!(s);
            e.headers.push(("Retry-After".into(), s.to_string()));
        }
        e
    }

    /// A 403 worded like the real authorizer's denial of `target`.
    pub fn forbidden(target: &RequestTarget) -> Self {
        let user = &target.user;
        let Some(gr) = target.group_resource() else {
            return Self::new(
                403,
                status(
                    403,
                    "Forbidden",
                    format!(
                        "forbidden: User \"{user}\" cannot {} path \"{}\"",
                        target.verb, target.path
                    ),
                    Some(json!({})),
                ),
            );
        };
        let resource = match &target.subresource {
            Some(sub) => format!("{}/{sub}", gr.resource),
            None => gr.resource.clone(),
        };
        let scope = match &target.namespace {
            Some(ns) => format!("in the namespace \"{ns}\""),
            None => "at the cluster scope".to_string(),
        };
        let why = format!(
            "User \"{user}\" cannot {} resource \"{resource}\" in API group \"{}\" {scope}",
            target.verb, gr.group
        );
        let name = target.name.as_deref().unwrap_or("");
        let message = if name.is_empty() {
            format!("{} is forbidden: {why}", gr.qualified())
        } else {
            format!("{} \"{name}\" is forbidden: {why}", gr.qualified())
        };
        Self::new(
            403,
            status(403, "Forbidden", message, Some(gr.details(name))),
        )
    }
}

/// What a request's URL names, as the authorizer sees it: verb, resource, namespace,
/// name. Used to word injected failures like real ones.
#[derive(Debug, Clone)]
pub struct RequestTarget {
    pub verb: String,
    pub path: String,
    pub group: Option<String>,
    pub resource: Option<String>,
    pub subresource: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub user: String,
}

impl RequestTarget {
    /// Parses `/api/v1/...` and `/apis/g/v/...` URLs; other paths are non-resource URLs.
    pub fn parse(method: &str, path: &str, watch: bool, user: &str) -> Self {
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
            ("GET", _) if watch => "watch",
            ("GET", true) => "get",
            ("GET", false) => "list",
            ("POST", _) => "create",
            ("PUT", _) => "update",
            ("PATCH", _) => "patch",
            ("DELETE", true) => "delete",
            ("DELETE", false) => "deletecollection",
            (other, _) => other,
        };
        let verb = if resource.is_none() {
            method.to_lowercase()
        } else {
            verb.to_string()
        };
        RequestTarget {
            verb,
            path: path.to_string(),
            group: resource.map(|_| group.to_string()),
            resource: resource.map(str::to_string),
            subresource: sub.map(str::to_string),
            namespace: namespace.map(str::to_string),
            name: name.map(str::to_string),
            user: user.to_string(),
        }
    }

    pub fn group_resource(&self) -> Option<GroupResource> {
        Some(GroupResource::new(
            self.group.as_deref()?,
            self.resource.as_deref()?,
        ))
    }
}

/// The `reason` of a validation cause, from the text field validation starts messages with.
fn cause_reason(message: &str) -> &'static str {
    const PREFIXES: &[(&str, &str)] = &[
        ("Required value", "FieldValueRequired"),
        ("Unsupported value", "FieldValueNotSupported"),
        ("Duplicate value", "FieldValueDuplicate"),
        ("Forbidden", "FieldValueForbidden"),
        ("Too long", "FieldValueTooLong"),
        ("Too many", "FieldValueTooMany"),
        ("Invalid value", "FieldValueInvalid"),
    ];
    PREFIXES
        .iter()
        .find(|(p, _)| message.starts_with(p))
        .map(|(_, r)| *r)
        .unwrap_or("FieldValueInvalid")
}

/// The `Status` a successful DELETE returns for kinds that do not return the object.
pub fn success_deleted(gr: &GroupResource, name: &str, uid: &str) -> Value {
    let mut details = gr.details(name);
    details["uid"] = json!(uid);
    json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Success",
        "details": details,
    })
}
