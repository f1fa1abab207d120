//! The one place where Kubernetes client errors become [`Error`]s with plain messages
//! that name the resource, the verb and what to do about it.

use super::Op;
use meshctl_core::{Error, ErrorKind};

/// A failed API request as a plain sentence that names the resource, the verb and
/// what to do about it. Never shows kube's debug rendering of the status.
pub fn from_kube(err: &kube::Error, op: &Op) -> Error {
    match err {
            kube::Error::Api(status) => api_status_error(status, op),
            kube::Error::HyperError(_) | kube::Error::Service(_) => transport_error(err, op),
            kube::Error::SerdeError(e) => Error::new(
                ErrorKind::Unavailable,
                format!("cannot read the answer of `{}` at {}", op.server, what(op)),
            )
            .with_detail(e.to_string())
            .with_hint("the server did not answer with a Kubernetes object; check that the URL in the kubeconfig is an API server"),
            kube::Error::Auth(e) => Error::config(format!(
                "cannot get credentials for the API server `{}`",
                op.server
            ))
            .with_detail(e.to_string())
            .with_hint("refresh the kubeconfig's credentials (log in again) and retry"),
            other => Error::new(
                ErrorKind::Unavailable,
                format!("request to `{}` failed: {other}", op.server),
            ),
        }
}

/// `VirtualService `shop/reviews``, `VirtualServices in namespace `shop``, or the path.
fn what(op: &Op) -> String {
    match (&op.name, &op.namespace) {
        _ if op.kind.is_empty() => format!("`{}`", op.resource),
        (Some(name), Some(ns)) => format!("{} `{ns}/{name}`", op.kind),
        (Some(name), None) => format!("{} `{name}`", op.kind),
        (None, Some(ns)) => format!("`{}` in namespace `{ns}`", op.resource),
        (None, None) => format!("`{}`", op.resource),
    }
}

fn api_status_error(status: &kube::core::Status, op: &Op) -> Error {
    let causes = status
        .details
        .as_ref()
        .map(|d| d.causes.as_slice())
        .unwrap_or_default();
    let scope = op
        .namespace
        .as_ref()
        .map(|ns| format!(" in namespace `{ns}`"))
        .unwrap_or_default();
    match status.code {
        404 if op.kind.is_empty() => Error::not_found(format!(
            "the server `{}` does not serve `{}`",
            op.server, op.resource
        )),
        404 if status.details.as_ref().is_some_and(|d| d.kind == "namespaces") => {
            let ns = status.details.as_ref().map(|d| d.name.as_str()).unwrap_or_default();
            Error::not_found(format!("namespace `{ns}` not found"))
                .with_hint(format!("create it first (`kubectl create namespace {ns}`), or pick another with `-n`"))
        }
        404 => Error::not_found(format!("{} not found", what(op)))
            .with_hint("check the name and the namespace (`-n`)"),
        401 => Error::config(format!(
            "the API server `{}` did not accept the kubeconfig's credentials",
            op.server
        ))
        .with_hint("refresh the credentials (log in again), or pick another `--context`"),
        403 => Error::new(
            ErrorKind::Forbidden,
            format!(
                "not allowed to `{}` `{}`{scope}",
                op.verb,
                if op.resource.is_empty() { "this resource" } else { &op.resource }
            ),
        )
        .with_detail(format!("the server said: {}", status.message))
        .with_hint(format!(
            "ask a cluster admin for an RBAC Role granting `{}` on `{}`; check with `kubectl auth can-i {} {}{}`",
            op.verb,
            op.resource,
            op.verb,
            op.resource,
            op.namespace.as_ref().map(|ns| format!(" -n {ns}")).unwrap_or_default()
        )),
        409 if causes.iter().any(|c| c.reason == "FieldManagerConflict") => {
            let details: Vec<String> = causes
                .iter()
                .filter(|c| c.reason == "FieldManagerConflict")
                .map(|c| {
                    let field = c.field.trim_start_matches('.');
                    match conflict_manager(&c.message) {
                        Some(manager) => format!("`{field}` is managed by `{manager}`"),
                        None => format!("`{field}`: {}", c.message),
                    }
                })
                .collect();
            Error::new(
                ErrorKind::Conflict,
                format!("cannot apply {}: fields are managed by another field manager", what(op)),
            )
            .with_details(details)
            .with_hint("re-run with `--force-conflicts` to take these fields over, or leave them out of the file")
        }
        409 if status.reason == "AlreadyExists" => {
            Error::new(ErrorKind::Conflict, format!("{} already exists", what(op)))
                .with_hint("apply it instead of creating it, or pick another name")
        }
        409 => Error::new(
            ErrorKind::Conflict,
            format!("{} was changed by someone else while meshctl wrote it", what(op)),
        )
        .with_hint("run the command again"),
        422 | 400 => {
            let details: Vec<String> = if causes.is_empty() {
                vec![status.message.clone()]
            } else {
                causes
                    .iter()
                    .map(|c| match c.field.as_str() {
                        "" => c.message.clone(),
                        field => format!("{field}: {}", c.message),
                    })
                    .collect()
            };
            Error::invalid(format!("the server rejected {} as invalid", what(op)))
                .with_details(details)
                .with_hint("fix the fields listed above and apply again")
        }
        500 if super::retry::typed_patch_errors(status).is_some() => {
            Error::invalid(format!("the server rejected {} as invalid", what(op)))
                .with_details(super::retry::typed_patch_errors(status).unwrap_or_default())
                .with_hint("fix the fields listed above and apply again")
        }
        429 | 500 | 502 | 503 | 504 => Error::new(
            ErrorKind::Unavailable,
            format!(
                "the API server `{}` is unavailable (HTTP {}) for {} after {} {}",
                op.server,
                status.code,
                what(op),
                op.attempts,
                if op.attempts == 1 { "attempt" } else { "attempts" }
            ),
        )
        .with_detail(format!("the server said: {}", first_line(&status.message)))
        .with_hint("check the cluster's health, or try again later"),
        code => Error::new(
            ErrorKind::Unavailable,
            format!("the API server refused to `{}` {} (HTTP {code})", op.verb, what(op)),
        )
        .with_detail(format!("the server said: {}", first_line(&status.message))),
    }
}

fn transport_error(err: &kube::Error, op: &Op) -> Error {
    let text = error_chain(err);
    let timed_out =
        text.to_lowercase().contains("timed out") || text.to_lowercase().contains("timeout");
    if timed_out {
        Error::new(
            ErrorKind::Unavailable,
            format!(
                "the API server `{}` did not answer within {} for {} ({} {})",
                op.server,
                meshctl_core::duration::Duration::from_millis(op.timeout.as_millis() as u64),
                what(op),
                op.attempts,
                if op.attempts == 1 {
                    "attempt"
                } else {
                    "attempts"
                }
            ),
        )
        .with_hint("raise `--request-timeout`, or check the cluster's health")
    } else {
        Error::new(
            ErrorKind::Unavailable,
            format!("cannot reach the API server `{}`", op.server),
        )
        .with_detail(text)
        .with_hint("check `--kubeconfig`/`--context` (and `--mesh-kubeconfig`/`--mesh-context`) and that the cluster is up")
    }
}

/// `conflict with "kubectl-edit" using networking.istio.io/v1` → `kubectl-edit`.
fn conflict_manager(message: &str) -> Option<&str> {
    let rest = message.split_once("conflict with \"")?.1;
    rest.split_once('"').map(|(m, _)| m)
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default().trim()
}

/// The innermost useful cause of a transport failure, e.g. `Connection refused`.
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut next = err.source();
    while let Some(e) = next {
        parts.push(e.to_string());
        next = e.source();
    }
    parts.dedup();
    parts.last().cloned().unwrap_or_default()
}

#[cfg(test)]
mod kube_tests {
    use super::*;
    use kube::core::{Status, response::StatusCause, response::StatusDetails};

    fn op(verb: &'static str) -> Op {
        Op {
            verb,
            kind: "VirtualService".into(),
            resource: "virtualservices.networking.istio.io".into(),
            namespace: Some("shop".into()),
            name: Some("reviews".into()),
            server: "https://mesh.example:6443".into(),
            attempts: 5,
            timeout: std::time::Duration::from_secs(30),
        }
    }

    fn api(code: u16, reason: &str, causes: Vec<StatusCause>) -> kube::Error {
        let mut status = Status::failure("raw server text", reason).with_code(code);
        status.details = Some(StatusDetails {
            name: String::new(),
            group: String::new(),
            kind: String::new(),
            uid: String::new(),
            causes,
            retry_after_seconds: 0,
        });
        kube::Error::Api(status.boxed())
    }

    fn cause(reason: &str, message: &str, field: &str) -> StatusCause {
        StatusCause {
            reason: reason.into(),
            message: message.into(),
            field: field.into(),
        }
    }

    /// Every line a user sees of the error, in the order the output layer prints them.
    fn text(err: &Error) -> String {
        let mut lines = vec![format!("error: {}", err.message())];
        lines.extend(err.details().iter().cloned());
        lines.extend(err.causes());
        lines.extend(err.hints().iter().map(|h| format!("hint: {h}")));
        lines.join("\n") + "\n"
    }

    #[test]
    fn not_found_names_the_object() {
        let e = from_kube(&api(404, "NotFound", vec![]), &op("get"));
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(e.message(), "VirtualService `shop/reviews` not found");
    }

    #[test]
    fn forbidden_names_verb_resource_and_rbac() {
        let e = from_kube(&api(403, "Forbidden", vec![]), &op("patch"));
        let t = text(&e);
        assert!(t.starts_with("error: not allowed to `patch` `virtualservices.networking.istio.io` in namespace `shop`\n"), "{t}");
        assert!(
            t.contains("kubectl auth can-i patch virtualservices.networking.istio.io -n shop"),
            "{t}"
        );
        assert!(!t.contains("Status {"), "{t}");
    }

    #[test]
    fn apply_conflicts_name_fields_and_managers() {
        let causes = vec![cause(
            "FieldManagerConflict",
            "conflict with \"kubectl-edit\" using networking.istio.io/v1",
            ".spec.http[0].route[0].weight",
        )];
        let e = from_kube(&api(409, "Conflict", causes), &op("patch"));
        assert_eq!(e.kind(), ErrorKind::Conflict);
        assert_eq!(
            e.details(),
            ["`spec.http[0].route[0].weight` is managed by `kubectl-edit`"]
        );
        assert!(e.hints()[0].contains("--force-conflicts"));
    }

    #[test]
    fn invalid_lists_field_errors_with_paths() {
        let causes = vec![
            cause(
                "FieldValueInvalid",
                "Invalid value: 200: must be at most 100",
                "spec.http[0].route[0].weight",
            ),
            cause("FieldValueRequired", "Required value", "spec.hosts"),
        ];
        let e = from_kube(&api(422, "Invalid", causes), &op("patch"));
        assert_eq!(
            e.message(),
            "the server rejected VirtualService `shop/reviews` as invalid"
        );
        assert_eq!(
            e.details(),
            [
                "spec.http[0].route[0].weight: Invalid value: 200: must be at most 100",
                "spec.hosts: Required value"
            ]
        );
    }

    #[test]
    fn server_errors_say_how_often_they_were_tried() {
        let e = from_kube(&api(503, "ServiceUnavailable", vec![]), &op("get"));
        assert_eq!(e.kind(), ErrorKind::Unavailable);
        assert!(e.message().contains("HTTP 503"), "{}", e.message());
        assert!(e.message().ends_with("after 5 attempts"), "{}", e.message());
    }

    #[test]
    fn conflict_manager_reads_the_quoted_name() {
        assert_eq!(conflict_manager("conflict with \"helm\""), Some("helm"));
        assert_eq!(conflict_manager("something else"), None);
    }
}
