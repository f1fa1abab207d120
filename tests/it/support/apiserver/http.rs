//! The HTTP side: routing of discovery and resource URLs, the verbs (GET, LIST, WATCH,
//! POST, PUT, PATCH, DELETE), and the rules the real server applies on each write:
//! preconditions, namespace existence, field validation, managed fields, generation,
//! dry runs, and the pod proxy subresource.

use std::convert::Infallible;
use std::sync::OnceLock;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State as AxState};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use meshctl::core::schema::Catalog;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::fields;
use super::patch::{JsonPatchError, json_patch, merge_patch};
use super::resources::ResourceType;
use super::select::{FieldSelector, LabelSelector};
use super::status::{ApiError, GroupResource, RequestTarget, success_deleted};
use super::store::{State, Watcher, name_suffix, now_rfc3339};
use super::{RecordedRequest, Shared};

pub fn router(state: Shared) -> Router {
    Router::new().fallback(handle).with_state(state)
}

/// Decodes `a=b&c=d%20e` into pairs.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < bytes.len() => match u8::from_str_radix(&s[i + 1..i + 3], 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                },
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    }
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

/// One request, read fully.
struct Req {
    method: String,
    path: String,
    params: Vec<(String, String)>,
    content_type: String,
    accept: String,
    user_agent: String,
    body: Vec<u8>,
}

impl Req {
    fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn flag(&self, key: &str) -> bool {
        matches!(self.param(key), Some("true" | "1"))
    }

    fn dry_run(&self) -> bool {
        self.param("dryRun") == Some("All")
    }

    /// The `fieldManager` parameter or, like the real server, the user agent up to `/`.
    fn manager(&self) -> String {
        match self.param("fieldManager") {
            Some(m) if !m.is_empty() => m.to_string(),
            _ => {
                let prefix = self.user_agent.split('/').next().unwrap_or("");
                if prefix.is_empty() {
                    "unknown".into()
                } else {
                    prefix.chars().take(128).collect()
                }
            }
        }
    }

    fn json_body(&self) -> Result<Value, ApiError> {
        serde_json::from_slice(&self.body).map_err(|e| {
            ApiError::bad_request(format!(
                "the object provided is unrecognized (must be of type Object): {e}"
            ))
        })
    }
}

/// A successful response, with any warnings for the `Warning` header.
struct Reply {
    code: u16,
    body: Value,
    warnings: Vec<String>,
}

impl Reply {
    fn ok(body: Value) -> Self {
        Reply {
            code: 200,
            body,
            warnings: Vec::new(),
        }
    }
}

fn json_response(code: u16, body: &Value, content_type: &str) -> Response {
    Response::builder()
        .status(StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body.to_string()))
        .expect("response")
}

fn error_response(e: ApiError) -> Response {
    let mut r = json_response(e.code, &e.body, "application/json");
    for (k, v) in e.headers {
        if let (Ok(name), Ok(value)) = (
            header::HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(&v),
        ) {
            r.headers_mut().append(name, value);
        }
    }
    r
}

fn reply_response(r: Reply) -> Response {
    let mut resp = json_response(r.code, &r.body, "application/json");
    for w in r.warnings {
        let value = format!("299 - \"{}\"", w.replace('\\', "\\\\").replace('"', "\\\""));
        if let Ok(v) = HeaderValue::from_str(&value) {
            resp.headers_mut().append(header::WARNING, v);
        }
    }
    resp
}

fn lock(state: &Shared) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|e| e.into_inner())
}

async fn handle(AxState(state): AxState<Shared>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let header_str = |name: header::HeaderName| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let query = parts.uri.query().unwrap_or("").to_string();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b.to_vec(),
        Err(e) => return error_response(ApiError::bad_request(e.to_string())),
    };
    let req = Req {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        params: query_pairs(&query),
        content_type: header_str(header::CONTENT_TYPE),
        accept: header_str(header::ACCEPT),
        user_agent: header_str(header::USER_AGENT),
        body,
    };
    let (delay, fault) = {
        let mut s = lock(&state);
        s.requests.push(RecordedRequest {
            method: req.method.clone(),
            path: req.path.clone(),
            query: query.clone(),
            content_type: (!req.content_type.is_empty()).then(|| req.content_type.clone()),
            field_manager: req.param("fieldManager").map(str::to_string),
            user_agent: (!req.user_agent.is_empty()).then(|| req.user_agent.clone()),
            body: String::from_utf8_lossy(&req.body).into_owned(),
        });
        let fault = s
            .faults
            .iter_mut()
            .find(|f| f.matches(&req.method, &req.path))
            .map(|f| {
                f.times -= 1;
                f.clone()
            });
        s.faults.retain(|f| f.times > 0);
        (s.delay, fault)
    };
    if let Some(d) = delay {
        tokio::time::sleep(d).await;
    }
    if let Some(f) = fault {
        if let Some(d) = f.delay {
            tokio::time::sleep(d).await;
        }
        if f.reset {
            // A body that fails at once makes the server drop the connection.
            let broken = futures::stream::once(async {
                Err::<String, std::io::Error>(std::io::Error::other("injected connection reset"))
            });
            return Response::builder()
                .status(200)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from_stream(broken))
                .expect("response");
        }
        if f.status != 0 {
            let target = RequestTarget::parse(&req.method, &req.path, req.flag("watch"), &f.user);
            return error_response(ApiError::injected(f.status, f.retry_after, &target));
        }
    }
    match route(&state, &req).await {
        Ok(resp) => resp,
        Err(e) => error_response(e),
    }
}

enum Target {
    Collection(ResourceType, Option<String>),
    Object(ResourceType, String, String),
    PodProxy(String, String, String),
}

async fn route(state: &Shared, req: &Req) -> Result<Response, ApiError> {
    let segs: Vec<&str> = req.path.split('/').filter(|s| !s.is_empty()).collect();
    let aggregated = req.accept.contains("as=APIGroupDiscoveryList");
    let discovery = |doc: Option<Value>| -> Result<Response, ApiError> {
        if req.method != "GET" {
            return Err(ApiError::method_not_allowed());
        }
        let doc = doc.ok_or_else(ApiError::path_not_found)?;
        Ok(json_response(200, &doc, "application/json"))
    };
    let (group, version, rest): (&str, &str, &[&str]) = match segs.as_slice() {
        ["version"] => return discovery(Some(version_doc())),
        ["api"] | ["apis"] if aggregated => {
            let doc = lock(state).registry.aggregated_doc(segs[0] == "api");
            return Ok(json_response(
                200,
                &doc,
                "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
            ));
        }
        ["api"] => return discovery(Some(lock(state).registry.api_versions_doc())),
        ["apis"] => return discovery(Some(lock(state).registry.api_group_list_doc())),
        ["api", v] => return discovery(lock(state).registry.resource_list_doc("", v)),
        ["apis", g] => return discovery(lock(state).registry.api_group_doc(g)),
        ["apis", g, v] => return discovery(lock(state).registry.resource_list_doc(g, v)),
        ["api", v, rest @ ..] => ("", *v, rest),
        ["apis", g, v, rest @ ..] => (*g, *v, rest),
        _ => return Err(ApiError::path_not_found()),
    };
    let target = {
        let s = lock(state);
        let find = |plural: &str| s.registry.find(group, version, plural).cloned();
        match rest {
            [plural] => find(plural).map(|t| Target::Collection(t, None)),
            [plural, name] => find(plural)
                .filter(|t| !t.namespaced)
                .map(|t| Target::Object(t, String::new(), name.to_string())),
            ["namespaces", ns, plural] => find(plural)
                .filter(|t| t.namespaced)
                .map(|t| Target::Collection(t, Some(ns.to_string()))),
            ["namespaces", ns, plural, name] => find(plural)
                .filter(|t| t.namespaced)
                .map(|t| Target::Object(t, ns.to_string(), name.to_string())),
            ["namespaces", ns, "pods", name, "proxy", tail @ ..] if group.is_empty() => Some(
                Target::PodProxy(ns.to_string(), name.to_string(), tail.join("/")),
            ),
            _ => None,
        }
        .ok_or_else(ApiError::path_not_found)?
    };
    let reply = match (target, req.method.as_str()) {
        (Target::Collection(ty, ns), "GET") => {
            if req.flag("watch") {
                return watch(state, &ty, ns.as_deref(), req);
            }
            let list = list(&lock(state), &ty, ns.as_deref(), req)?;
            Reply::ok(if req.accept.contains("as=PartialObjectMetadata") {
                partial_list(list)
            } else {
                list
            })
        }
        (Target::Collection(ty, ns), "POST") if ns.is_some() || !ty.namespaced => {
            create(&mut lock(state), &ty, ns.as_deref().unwrap_or(""), req)?
        }
        (Target::Collection(ty, ns), "DELETE") => Reply::ok(delete_collection(
            &mut lock(state),
            &ty,
            ns.as_deref(),
            req,
        )?),
        (Target::Object(ty, ns, name), "GET") => {
            let obj = get(&mut lock(state), &ty, &ns, &name)?;
            Reply::ok(if req.accept.contains("as=PartialObjectMetadata") {
                partial(&obj)
            } else {
                obj
            })
        }
        (Target::Object(ty, ns, name), "PUT") => replace(&mut lock(state), &ty, &ns, &name, req)?,
        (Target::Object(ty, ns, name), "PATCH") => patch(&mut lock(state), &ty, &ns, &name, req)?,
        (Target::Object(ty, ns, name), "DELETE") => {
            Reply::ok(delete(&mut lock(state), &ty, &ns, &name, req)?)
        }
        (Target::PodProxy(ns, name, tail), _) => {
            return pod_proxy(state, &ns, &name, &tail, req).await;
        }
        _ => return Err(ApiError::method_not_allowed()),
    };
    Ok(reply_response(reply))
}

/// The metadata-only form clients ask for with
/// `Accept: application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1`.
fn partial(obj: &Value) -> Value {
    json!({
        "kind": "PartialObjectMetadata",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": obj.get("metadata").cloned().unwrap_or_else(|| json!({})),
    })
}

fn partial_list(list: Value) -> Value {
    let items: Vec<Value> = list["items"]
        .as_array()
        .map(|a| a.iter().map(partial).collect())
        .unwrap_or_default();
    json!({
        "kind": "PartialObjectMetadataList",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": list["metadata"],
        "items": items,
    })
}

fn version_doc() -> Value {
    json!({
        "major": "1",
        "minor": "37",
        "emulationMajor": "1",
        "emulationMinor": "37",
        "minCompatibilityMajor": "1",
        "minCompatibilityMinor": "36",
        "gitVersion": "v1.37.0",
        "gitCommit": "0000000000000000000000000000000000000000",
        "gitTreeState": "clean",
        "buildDate": "2026-08-01T00:00:00Z",
        "goVersion": "go1.26.0",
        "compiler": "gc",
        "platform": "linux/amd64"
    })
}

fn gr(ty: &ResourceType) -> GroupResource {
    GroupResource::new(&ty.group, &ty.plural)
}

/// The object as served at the requested version.
fn at_version(ty: &ResourceType, obj: &Value) -> Value {
    ty.view(obj)
}

fn get(state: &mut State, ty: &ResourceType, ns: &str, name: &str) -> Result<Value, ApiError> {
    let obj = state
        .get(ty, ns, name)
        .map(|o| at_version(ty, o))
        .ok_or_else(|| ApiError::not_found(&gr(ty), name))?;
    if let Some(i) = state
        .concurrent
        .iter()
        .position(|c| c.key == ty.store_key() && c.ns == ns && c.name == name)
    {
        let write = state.concurrent.remove(i);
        modify_stored(state, ty, ns, name, "concurrent-writer", write.mutate);
    }
    Ok(obj)
}

/// Another writer's change to a stored object (operation Update), applied now.
pub fn modify_stored(
    state: &mut State,
    ty: &ResourceType,
    ns: &str,
    name: &str,
    manager: &str,
    mutate: impl FnOnce(&mut Value),
) -> Option<Value> {
    let old = state.get(ty, ns, name)?.clone();
    let mut new = old.clone();
    mutate(&mut new);
    bump_generation(ty, &old, &mut new);
    fields::record_update(
        Some(&old),
        &mut new,
        fields::schema_for(&ty.api_version(), &ty.kind),
        manager,
        &ty.api_version(),
        &now_rfc3339(),
    );
    Some(state.commit(ty, ns, name, Some(new)))
}

fn selectors(ty: &ResourceType, req: &Req) -> Result<(LabelSelector, FieldSelector), ApiError> {
    let labels = LabelSelector::parse(req.param("labelSelector").unwrap_or(""))
        .map_err(|e| ApiError::bad_request(format!("unable to parse requirement: {e}")))?;
    let mut field_selector = req.param("fieldSelector").unwrap_or("").to_string();
    if ty.is_events_view() {
        // Selectors name the view's fields; matching happens on the stored core form.
        field_selector = field_selector
            .split(',')
            .map(|r| {
                r.trim()
                    .replacen("regarding.", "involvedObject.", 1)
                    .replacen("reportingController", "reportingComponent", 1)
            })
            .collect::<Vec<_>>()
            .join(",");
    }
    let fields = FieldSelector::parse(&field_selector, &ty.plural)
        .map_err(|e| ApiError::bad_request(format!("\"{e}\" is not a known field selector")))?;
    Ok((labels, fields))
}

fn encode_continue(rv: u64, ns: &str, name: &str) -> String {
    let key = format!("{ns}/{name}");
    let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
    format!("{rv}.{hex}")
}

fn decode_continue(token: &str) -> Option<(u64, String, String)> {
    let (rv, hex) = token.split_once('.')?;
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect();
    let key = String::from_utf8(bytes?).ok()?;
    let (ns, name) = key.split_once('/')?;
    Some((rv.parse().ok()?, ns.to_string(), name.to_string()))
}

fn list(state: &State, ty: &ResourceType, ns: Option<&str>, req: &Req) -> Result<Value, ApiError> {
    let (labels, fields) = selectors(ty, req)?;
    let filtered = req.param("labelSelector").is_some_and(|s| !s.is_empty())
        || req.param("fieldSelector").is_some_and(|s| !s.is_empty());
    let limit: usize = req.param("limit").and_then(|l| l.parse().ok()).unwrap_or(0);
    let mut list_rv = state.rv;
    let start = match req.param("continue").filter(|c| !c.is_empty()) {
        Some(token) => {
            let (rv, cns, cname) = decode_continue(token).ok_or_else(|| {
                ApiError::bad_request(
                    "continue key is not valid: illegal base64 data at input byte 0",
                )
            })?;
            list_rv = rv;
            Some((cns, cname))
        }
        None => None,
    };
    let empty = std::collections::BTreeMap::new();
    let map = state.objects.get(&ty.store_key()).unwrap_or(&empty);
    use std::ops::Bound;
    let lower = match (&start, ns) {
        (Some(k), _) => Bound::Excluded(k.clone()),
        (None, Some(ns)) => Bound::Included((ns.to_string(), String::new())),
        (None, None) => Bound::Unbounded,
    };
    let mut items = Vec::new();
    let mut last_key = None;
    let mut more = false;
    let mut remaining = 0usize;
    for ((ons, oname), obj) in map.range((lower, Bound::Unbounded)) {
        if ns.is_some_and(|n| n != ons) {
            break;
        }
        if !(labels.matches(obj) && fields.matches(obj)) {
            continue;
        }
        if limit > 0 && items.len() == limit {
            more = true;
            if filtered {
                break;
            }
            remaining += 1;
            continue;
        }
        let mut item = if ty.istio {
            let mut item = obj.clone();
            item["apiVersion"] = json!(ty.api_version());
            item["kind"] = json!(ty.kind);
            item
        } else {
            ty.view(obj)
        };
        if !ty.istio
            && let Some(m) = item.as_object_mut()
        {
            // Built-in lists carry the type once, on the list.
            m.remove("apiVersion");
            m.remove("kind");
        }
        items.push(item);
        last_key = Some((ons.clone(), oname.clone()));
    }
    let mut metadata = json!({"resourceVersion": list_rv.to_string()});
    if more && let Some((lns, lname)) = last_key {
        metadata["continue"] = json!(encode_continue(list_rv, &lns, &lname));
        if !filtered {
            metadata["remainingItemCount"] = json!(remaining);
        }
    }
    Ok(json!({
        "apiVersion": ty.api_version(),
        "kind": format!("{}List", ty.kind),
        "metadata": metadata,
        "items": items,
    }))
}

fn watch(
    state: &Shared,
    ty: &ResourceType,
    ns: Option<&str>,
    req: &Req,
) -> Result<Response, ApiError> {
    let (labels, fields) = selectors(ty, req)?;
    let (tx, rx) = mpsc::unbounded_channel::<String>();
    let watcher = Watcher {
        key: ty.store_key(),
        namespace: ns.map(str::to_string),
        labels,
        fields,
        ty: ty.clone(),
        tx,
    };
    let timeout = req
        .param("timeoutSeconds")
        .and_then(|t| t.parse().ok())
        .unwrap_or(1800u64);
    {
        let mut s = lock(state);
        let rv = req.param("resourceVersion").unwrap_or("");
        let initial = req.flag("sendInitialEvents");
        if rv.is_empty() || rv == "0" || initial {
            // Like the real server: the current state as ADDED events first.
            if let Some(map) = s.objects.get(&ty.store_key()) {
                for obj in map.values() {
                    if watcher.namespace.as_deref().is_none_or(|n| {
                        obj.pointer("/metadata/namespace").and_then(Value::as_str) == Some(n)
                    }) && watcher.labels.matches(obj)
                        && watcher.fields.matches(obj)
                    {
                        let _ = watcher.tx.send(watcher.line("ADDED", obj));
                    }
                }
            }
            if initial {
                let bookmark = json!({
                    "type": "BOOKMARK",
                    "object": {"kind": ty.kind, "apiVersion": ty.api_version(),
                        "metadata": {"resourceVersion": s.rv.to_string(),
                            "annotations": {"k8s.io/initial-events-end": "true"}}}
                });
                let _ = watcher.tx.send(format!("{bookmark}\n"));
            }
        } else {
            let from: u64 = rv
                .parse()
                .map_err(|_| ApiError::bad_request(format!("invalid resource version: {rv}")))?;
            if from < s.oldest_resumable() {
                let status = ApiError::gone(format!(
                    "too old resource version: {from} ({})",
                    s.oldest_resumable()
                ));
                let line = format!("{}\n", json!({"type": "ERROR", "object": status.body}));
                let once = futures::stream::once(async move { Ok::<_, Infallible>(line) });
                return Ok(stream_response(once));
            }
            for change in s.history.iter().filter(|c| c.rv > from) {
                if let Some(line) = watcher.line_for(change) {
                    let _ = watcher.tx.send(line);
                }
            }
        }
        s.watchers.push(watcher);
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
    let stream = futures::stream::unfold(rx, move |mut rx| async move {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(line)) => Some((Ok::<_, Infallible>(line), rx)),
            _ => None,
        }
    });
    Ok(stream_response(stream))
}

fn stream_response<S>(stream: S) -> Response
where
    S: futures::Stream<Item = Result<String, Infallible>> + Send + 'static,
{
    Response::builder()
        .status(200)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(stream))
        .expect("response")
}

/// What `fieldValidation` asks for; the server's default is `Warn`.
fn directive(req: &Req) -> Result<&str, ApiError> {
    match req.param("fieldValidation").unwrap_or("") {
        "" | "Warn" => Ok("Warn"),
        "Strict" => Ok("Strict"),
        "Ignore" => Ok("Ignore"),
        other => Err(ApiError::bad_request(format!(
            "fieldValidation parameter unsupported: {other}"
        ))),
    }
}

fn is_unknown_field(message: &str) -> bool {
    message.contains("unknown field") || message.contains("not declared in schema")
}

/// Splits `spec.http[0].route` into map keys and list indexes.
fn parse_field_path(path: &str) -> Vec<Result<String, usize>> {
    let mut out = Vec::new();
    for part in path.trim_start_matches('.').split('.') {
        let mut rest = part;
        if let Some(i) = rest.find('[') {
            if i > 0 {
                out.push(Ok(rest[..i].to_string()));
            }
            rest = &rest[i..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let end = stripped.find(']').unwrap_or(stripped.len());
                match stripped[..end].parse() {
                    Ok(n) => out.push(Err(n)),
                    Err(_) => out.push(Ok(stripped[..end].to_string())),
                }
                rest = stripped.get(end + 1..).unwrap_or("");
            }
        } else {
            out.push(Ok(rest.to_string()));
        }
    }
    out
}

fn prune_path(obj: &mut Value, path: &str) {
    let segs = parse_field_path(path);
    let Some((last, parents)) = segs.split_last() else {
        return;
    };
    let mut node = obj;
    for seg in parents {
        node = match (seg, node) {
            (Ok(k), Value::Object(m)) => match m.get_mut(k) {
                Some(n) => n,
                None => return,
            },
            (Err(i), Value::Array(a)) => match a.get_mut(*i) {
                Some(n) => n,
                None => return,
            },
            _ => return,
        };
    }
    if let (Ok(k), Value::Object(m)) = (last, node) {
        m.remove(k);
    }
}

/// Unknown fields of an Istio object: rejected (`Strict`), dropped with a warning
/// (`Warn`), or dropped silently (`Ignore`), like the real server's pruning.
/// `patched` selects the error shape the real server uses for merge/JSON patches.
fn handle_unknown_fields(
    ty: &ResourceType,
    obj: &mut Value,
    req: &Req,
    warnings: &mut Vec<String>,
    patched: bool,
) -> Result<(), ApiError> {
    if !ty.istio {
        return Ok(());
    }
    let directive = directive(req)?;
    let mut probe = at_version(ty, obj);
    if probe.get("metadata").is_none() {
        probe["metadata"] = json!({});
    }
    let unknown: Vec<String> = Catalog::istio()
        .validate(&probe)
        .into_iter()
        .filter(|v| is_unknown_field(&v.message))
        .map(|v| v.path)
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let messages: Vec<String> = unknown
        .iter()
        .map(|p| format!("unknown field \"{}\"", p.trim_start_matches('.')))
        .collect();
    match directive {
        "Strict" if patched => Err(ApiError::invalid(
            "",
            "",
            "",
            &[(
                "patch".to_string(),
                format!(
                    "Invalid value: \"{}\": strict decoding error: {}",
                    obj,
                    messages.join(", ")
                ),
            )],
        )),
        "Strict" => Err(ApiError::bad_request(format!(
            "{kind} in version \"{version}\" cannot be handled as a {kind}: strict decoding error: {}",
            messages.join(", "),
            kind = ty.kind,
            version = ty.version
        ))),
        other => {
            for p in &unknown {
                prune_path(obj, p);
            }
            if other == "Warn" {
                warnings.extend(messages);
            }
            Ok(())
        }
    }
}

/// Schema validation of an Istio object: a 422 `Invalid` with one cause per violation.
fn validate(ty: &ResourceType, obj: &Value) -> Result<(), ApiError> {
    if !ty.istio {
        return Ok(());
    }
    let causes: Vec<(String, String)> = Catalog::istio()
        .validate(&at_version(ty, obj))
        .into_iter()
        .filter(|v| !is_unknown_field(&v.message))
        .map(|v| {
            let message = apiserver_message(obj, &v.path, &v.message);
            (v.path, message)
        })
        .collect();
    if causes.is_empty() {
        return Ok(());
    }
    let name = obj
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("");
    Err(ApiError::invalid(&ty.kind, &ty.group, name, &causes))
}

/// A violation in the words of the API server's field errors: `Required value`,
/// `Unsupported value: …`, `Invalid value: <value>: …`.
fn apiserver_message(obj: &Value, path: &str, message: &str) -> String {
    if message == "required value" {
        return "Required value".into();
    }
    let value = value_at(obj, path)
        .map(|v| v.to_string())
        .unwrap_or_else(|| "null".into());
    match message.strip_prefix("unsupported value ") {
        Some(rest) => format!("Unsupported value: {rest}"),
        None => format!("Invalid value: {value}: {message}"),
    }
}

fn value_at<'a>(obj: &'a Value, path: &str) -> Option<&'a Value> {
    let mut node = obj;
    for seg in parse_field_path(path) {
        node = match seg {
            Ok(k) => node.get(k.as_str())?,
            Err(i) => node.get(i)?,
        };
    }
    Some(node)
}

/// Whether anything outside metadata and status changed.
fn spec_changed(old: &Value, new: &Value) -> bool {
    let strip = |v: &Value| {
        let mut m = v.as_object().cloned().unwrap_or_default();
        for k in ["metadata", "status", "apiVersion", "kind"] {
            m.remove(k);
        }
        m
    };
    strip(old) != strip(new)
}

fn bump_generation(ty: &ResourceType, old: &Value, new: &mut Value) {
    if !ty.has_generation {
        return;
    }
    let generation = old
        .pointer("/metadata/generation")
        .and_then(Value::as_i64)
        .unwrap_or(1);
    let next = if spec_changed(old, new) {
        generation + 1
    } else {
        generation
    };
    new["metadata"]["generation"] = json!(next);
}

fn metadata_str<'a>(obj: &'a Value, field: &str) -> Option<&'a str> {
    obj.get("metadata")?.get(field)?.as_str()
}

/// Checks the body's type and namespace against the URL; fills them in.
fn check_identity(ty: &ResourceType, ns: &str, obj: &mut Value) -> Result<(), ApiError> {
    if !obj.is_object() {
        return Err(ApiError::bad_request(
            "the object provided is unrecognized (must be of type Object)",
        ));
    }
    if let Some(kind) = obj.get("kind").and_then(Value::as_str)
        && kind != ty.kind
    {
        return Err(ApiError::bad_request(format!(
            "the kind in the data ({kind}) does not match the expected kind ({})",
            ty.kind
        )));
    }
    if let Some(av) = obj.get("apiVersion").and_then(Value::as_str)
        && av != ty.api_version()
    {
        return Err(ApiError::bad_request(format!(
            "the API version in the data ({av}) does not match the expected API version ({})",
            ty.api_version()
        )));
    }
    if !obj.get("metadata").is_some_and(Value::is_object) {
        obj["metadata"] = json!({});
    }
    if ty.namespaced {
        match metadata_str(obj, "namespace") {
            Some(bns) if !bns.is_empty() && bns != ns => {
                return Err(ApiError::bad_request(
                    "the namespace of the provided object does not match the namespace sent on the request",
                ));
            }
            _ => obj["metadata"]["namespace"] = json!(ns),
        }
    } else if let Some(m) = obj["metadata"].as_object_mut() {
        m.remove("namespace");
    }
    obj["apiVersion"] = json!(ty.api_version());
    obj["kind"] = json!(ty.kind);
    Ok(())
}

fn namespace_must_exist(state: &State, ty: &ResourceType, ns: &str) -> Result<(), ApiError> {
    if ty.namespaced && !state.namespace_exists(ns) {
        return Err(ApiError::not_found(
            &GroupResource::new("", "namespaces"),
            ns,
        ));
    }
    Ok(())
}

/// Creates an object without request-level checks (used for seeding, too).
pub fn create_stored(
    state: &mut State,
    ty: &ResourceType,
    mut obj: Value,
    manager: &str,
) -> Result<Value, ApiError> {
    let ns = metadata_str(&obj, "namespace").unwrap_or("").to_string();
    let ns = if ty.namespaced {
        if ns.is_empty() {
            "default".to_string()
        } else {
            ns
        }
    } else {
        String::new()
    };
    check_identity(ty, &ns, &mut obj)?;
    let mut obj = ty.to_storage(obj);
    let name = resolve_name(ty, &mut obj)?;
    check_name(ty, &name)?;
    namespace_must_exist(state, ty, &ns)?;
    if state.get(ty, &ns, &name).is_some() {
        return Err(ApiError::already_exists(&gr(ty), &name));
    }
    state.init_metadata(ty, &mut obj);
    let unowned = obj
        .pointer("/metadata/managedFields")
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty);
    if unowned && let Some(m) = obj["metadata"].as_object_mut() {
        m.remove("managedFields");
    } else if obj.pointer("/metadata/managedFields").is_none() {
        fields::record_update(
            None,
            &mut obj,
            fields::schema_for(&ty.api_version(), &ty.kind),
            manager,
            &ty.api_version(),
            &now_rfc3339(),
        );
    }
    Ok(state.commit(ty, &ns, &name, Some(obj)))
}

/// The name rules of built-in kinds, worded like the server's validation (Istio kinds
/// get theirs from the schema catalog).
fn check_name(ty: &ResourceType, name: &str) -> Result<(), ApiError> {
    if ty.istio {
        return Ok(());
    }
    let label_chars = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    let alnum = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let label_ok = |s: &str| {
        !s.is_empty() && label_chars(s) && alnum(s.bytes().next()) && alnum(s.bytes().last())
    };
    let problem = match (ty.group.as_str(), ty.plural.as_str()) {
        ("", "namespaces") if !label_ok(name) => Some(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
        ),
        ("", "services") if !(label_ok(name) && name.as_bytes()[0].is_ascii_lowercase()) => Some(
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
        ),
        ("", "namespaces" | "services") => None,
        _ if name.len() > 253 || !name.split('.').all(label_ok) => Some(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
        ),
        _ => None,
    };
    let too_long = matches!(ty.plural.as_str(), "namespaces" | "services")
        && ty.group.is_empty()
        && name.len() > 63;
    let message = match (problem, too_long) {
        (Some(p), _) => format!("Invalid value: \"{name}\": {p}"),
        (None, true) => format!("Invalid value: \"{name}\": must be no more than 63 characters"),
        (None, false) => return Ok(()),
    };
    Err(ApiError::invalid(
        &ty.kind,
        &ty.group,
        name,
        &[("metadata.name".into(), message)],
    ))
}

/// The object's name, generated from `generateName` when needed.
fn resolve_name(ty: &ResourceType, obj: &mut Value) -> Result<String, ApiError> {
    match metadata_str(obj, "name") {
        Some(n) if !n.is_empty() => Ok(n.to_string()),
        _ => match metadata_str(obj, "generateName") {
            Some(prefix) if !prefix.is_empty() => {
                let name = format!("{prefix}{}", name_suffix());
                obj["metadata"]["name"] = json!(name);
                Ok(name)
            }
            _ => Err(ApiError::invalid(
                &ty.kind,
                &ty.group,
                "",
                &[(
                    "metadata.name".into(),
                    "Required value: name or generateName is required".into(),
                )],
            )),
        },
    }
}

fn strip_system_metadata(obj: &mut Value) {
    if let Some(m) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        for k in [
            "uid",
            "creationTimestamp",
            "generation",
            "managedFields",
            "selfLink",
        ] {
            m.remove(k);
        }
    }
}

fn create(state: &mut State, ty: &ResourceType, ns: &str, req: &Req) -> Result<Reply, ApiError> {
    let mut obj = req.json_body()?;
    check_identity(ty, ns, &mut obj)?;
    let mut obj = ty.to_storage(obj);
    if metadata_str(&obj, "resourceVersion").is_some_and(|rv| !rv.is_empty()) {
        return Err(ApiError::bad_request(
            "resourceVersion should not be set on objects to be created",
        ));
    }
    strip_system_metadata(&mut obj);
    let name = resolve_name(ty, &mut obj)?;
    check_name(ty, &name)?;
    namespace_must_exist(state, ty, ns)?;
    if state.get(ty, ns, &name).is_some() {
        return Err(ApiError::already_exists(&gr(ty), &name));
    }
    if ty.istio
        && let Some(m) = obj.as_object_mut()
    {
        // The status subresource owns status: create drops it.
        m.remove("status");
    }
    let mut warnings = Vec::new();
    handle_unknown_fields(ty, &mut obj, req, &mut warnings, false)?;
    validate(ty, &obj)?;
    state.init_metadata(ty, &mut obj);
    fields::record_update(
        None,
        &mut obj,
        fields::schema_for(&ty.api_version(), &ty.kind),
        &req.manager(),
        &ty.api_version(),
        &now_rfc3339(),
    );
    let stored = if req.dry_run() {
        obj
    } else {
        state.commit(ty, ns, &name, Some(obj))
    };
    Ok(Reply {
        code: 201,
        body: at_version(ty, &stored),
        warnings,
    })
}

/// The end of every update (PUT and non-apply PATCH): precondition, validation,
/// bookkeeping, no-op detection, store.
fn finish_update(
    state: &mut State,
    ty: &ResourceType,
    (ns, name): (&str, &str),
    old: &Value,
    new: Value,
    req: &Req,
    patched: bool,
) -> Result<Reply, ApiError> {
    let mut new = ty.to_storage(new);
    let old_rv = metadata_str(old, "resourceVersion").unwrap_or("");
    if let Some(rv) = metadata_str(&new, "resourceVersion")
        && !rv.is_empty()
        && rv != old_rv
    {
        return Err(ApiError::stale(&gr(ty), name));
    }
    // Fields the server owns keep their stored values.
    let reset_managed = new
        .pointer("/metadata/managedFields")
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty);
    for k in ["uid", "creationTimestamp", "generation", "managedFields"] {
        match old["metadata"].get(k) {
            Some(v) => new["metadata"][k] = v.clone(),
            None => {
                if let Some(m) = new["metadata"].as_object_mut() {
                    m.remove(k);
                }
            }
        }
    }
    if reset_managed && let Some(m) = new["metadata"].as_object_mut() {
        m.remove("managedFields");
    }
    new["metadata"]["name"] = json!(name);
    new["metadata"]["resourceVersion"] = json!(old_rv);
    if ty.istio {
        match old.get("status") {
            Some(s) => new["status"] = s.clone(),
            None => {
                if let Some(m) = new.as_object_mut() {
                    m.remove("status");
                }
            }
        }
    }
    let mut warnings = Vec::new();
    handle_unknown_fields(ty, &mut new, req, &mut warnings, patched)?;
    validate(ty, &new)?;
    bump_generation(ty, old, &mut new);
    let base = if reset_managed {
        let mut b = old.clone();
        if let Some(m) = b["metadata"].as_object_mut() {
            m.remove("managedFields");
        }
        b
    } else {
        old.clone()
    };
    fields::record_update(
        Some(&base),
        &mut new,
        fields::schema_for(&ty.api_version(), &ty.kind),
        &req.manager(),
        &ty.api_version(),
        &now_rfc3339(),
    );
    let stored = if at_version(ty, &new) == at_version(ty, old) || req.dry_run() {
        // Nothing changed (the real server skips the write), or a dry run.
        new
    } else {
        state.commit(ty, ns, name, Some(new))
    };
    Ok(Reply {
        code: 200,
        body: at_version(ty, &stored),
        warnings,
    })
}

fn replace(
    state: &mut State,
    ty: &ResourceType,
    ns: &str,
    name: &str,
    req: &Req,
) -> Result<Reply, ApiError> {
    let mut new = req.json_body()?;
    check_identity(ty, ns, &mut new)?;
    if let Some(n) = metadata_str(&new, "name")
        && n != name
    {
        return Err(ApiError::bad_request(format!(
            "the name of the object ({n}) does not match the name on the URL ({name})"
        )));
    }
    let old = state
        .get(ty, ns, name)
        .cloned()
        .ok_or_else(|| ApiError::not_found(&gr(ty), name))?;
    // Custom resources refuse unconditional updates (their strategy's
    // AllowUnconditionalUpdate is false); built-in kinds accept them.
    if ty.istio && metadata_str(&new, "resourceVersion").is_none_or(str::is_empty) {
        return Err(ApiError::invalid(
            &ty.plural,
            &ty.group,
            name,
            &[(
                "metadata.resourceVersion".into(),
                "Invalid value: 0x0: must be specified for an update".into(),
            )],
        ));
    }
    finish_update(state, ty, (ns, name), &old, new, req, false)
}

fn patch(
    state: &mut State,
    ty: &ResourceType,
    ns: &str,
    name: &str,
    req: &Req,
) -> Result<Reply, ApiError> {
    let content_type = req.content_type.split(';').next().unwrap_or("").trim();
    match content_type {
        "application/apply-patch+yaml" | "application/apply-patch+json" => {
            return apply(state, ty, ns, name, req);
        }
        "application/merge-patch+json"
        | "application/strategic-merge-patch+json"
        | "application/json-patch+json" => {}
        other => return Err(ApiError::unsupported_media_type(other)),
    }
    let body = req.json_body()?;
    let old = state
        .get(ty, ns, name)
        .cloned()
        .ok_or_else(|| ApiError::not_found(&gr(ty), name))?;
    let mut new = at_version(ty, &old);
    if content_type == "application/json-patch+json" {
        json_patch(&mut new, &body).map_err(|e| match e {
            JsonPatchError::Malformed(m) => ApiError::bad_request(m),
            JsonPatchError::Failed(_) => ApiError::unprocessable_patch(),
        })?;
    } else {
        if !body.is_object() {
            return Err(ApiError::bad_request(
                "json: cannot unmarshal array into Go value of type map[string]interface {}",
            ));
        }
        merge_patch(&mut new, &body);
    }
    check_identity(ty, ns, &mut new)?;
    finish_update(state, ty, (ns, name), &old, new, req, true)
}

fn apply(
    state: &mut State,
    ty: &ResourceType,
    ns: &str,
    name: &str,
    req: &Req,
) -> Result<Reply, ApiError> {
    let manager = match req.param("fieldManager") {
        Some(m) if !m.is_empty() => m.to_string(),
        _ => {
            return Err(ApiError::invalid(
                "PatchOptions",
                "meta.k8s.io",
                "",
                &[(
                    "fieldManager".into(),
                    "Required value: is required for apply patch".into(),
                )],
            ));
        }
    };
    let text = String::from_utf8_lossy(&req.body);
    let mut applied: Value = if text.trim_start().starts_with('{') {
        serde_json::from_str(&text)
            .map_err(|e| ApiError::bad_request(format!("error decoding YAML: {e}")))?
    } else {
        serde_saphyr::from_str(&text)
            .map_err(|e| ApiError::bad_request(format!("error decoding YAML: {e}")))?
    };
    if applied
        .get("apiVersion")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
        || applied
            .get("kind")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
    {
        return Err(ApiError::bad_request(
            "error decoding YAML: Object 'Kind' is missing in apply configuration",
        ));
    }
    check_identity(ty, ns, &mut applied)?;
    if let Some(n) = metadata_str(&applied, "name")
        && n != name
    {
        return Err(ApiError::bad_request(format!(
            "the name of the object ({n}) does not match the name on the URL ({name})"
        )));
    }
    let precondition = metadata_str(&applied, "resourceVersion").map(str::to_string);
    strip_system_metadata(&mut applied);
    if let Some(m) = applied["metadata"].as_object_mut() {
        m.remove("resourceVersion");
    }
    if ty.istio
        && let Some(m) = applied.as_object_mut()
    {
        m.remove("status");
    }
    let mut warnings = Vec::new();
    handle_unknown_fields(ty, &mut applied, req, &mut warnings, false)?;

    let existing = state.get(ty, ns, name).cloned();
    if let (Some(rv), Some(old)) = (&precondition, &existing)
        && !rv.is_empty()
        && Some(rv.as_str()) != metadata_str(old, "resourceVersion")
    {
        return Err(ApiError::stale(&gr(ty), name));
    }
    if existing.is_none() {
        check_name(ty, name)?;
        namespace_must_exist(state, ty, ns)?;
    }
    let live = match &existing {
        Some(old) => at_version(ty, old),
        None => {
            let mut skeleton = json!({"apiVersion": ty.api_version(), "kind": ty.kind, "metadata": {"name": name}});
            if ty.namespaced {
                skeleton["metadata"]["namespace"] = json!(ns);
            }
            skeleton
        }
    };
    let force = req.flag("force");
    let mut new = fields::apply(
        &live,
        &applied,
        fields::schema_for(&ty.api_version(), &ty.kind),
        &manager,
        force,
        &ty.api_version(),
        &now_rfc3339(),
    )
    .map_err(|conflicts| ApiError::apply_conflict(&conflicts))?;
    validate(ty, &new)?;
    let (code, stored) = match existing {
        None => {
            state.init_metadata(ty, &mut new);
            let stored = if req.dry_run() {
                new
            } else {
                state.commit(ty, ns, name, Some(ty.to_storage(new)))
            };
            (201, stored)
        }
        Some(old) => {
            bump_generation(ty, &old, &mut new);
            if new == live || req.dry_run() {
                (200, new)
            } else {
                (200, state.commit(ty, ns, name, Some(ty.to_storage(new))))
            }
        }
    };
    Ok(Reply {
        code,
        body: at_version(ty, &stored),
        warnings,
    })
}

fn delete(
    state: &mut State,
    ty: &ResourceType,
    ns: &str,
    name: &str,
    req: &Req,
) -> Result<Value, ApiError> {
    let old = state
        .get(ty, ns, name)
        .cloned()
        .ok_or_else(|| ApiError::not_found(&gr(ty), name))?;
    let options: Value = if req.body.is_empty() {
        json!({})
    } else {
        req.json_body()?
    };
    if let Some(uid) = options
        .pointer("/preconditions/uid")
        .and_then(Value::as_str)
    {
        let actual = metadata_str(&old, "uid").unwrap_or("");
        if uid != actual {
            return Err(ApiError::conflict(
                &gr(ty),
                name,
                &format!(
                    "Precondition failed: UID in precondition: {uid}, UID in object meta: {actual}"
                ),
            ));
        }
    }
    if let Some(rv) = options
        .pointer("/preconditions/resourceVersion")
        .and_then(Value::as_str)
    {
        let actual = metadata_str(&old, "resourceVersion").unwrap_or("");
        if rv != actual {
            return Err(ApiError::conflict(
                &gr(ty),
                name,
                &format!(
                    "Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {actual}"
                ),
            ));
        }
    }
    let dry_run = req.dry_run()
        || options
            .get("dryRun")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|v| v == "All"));
    let deleted = if dry_run {
        old
    } else {
        if ty.plural == "namespaces" && ty.group.is_empty() {
            delete_namespace_contents(state, name);
        }
        state.commit(ty, ns, name, None)
    };
    if ty.istio || ty.plural == "pods" {
        Ok(at_version(ty, &deleted))
    } else {
        Ok(success_deleted(
            &gr(ty),
            name,
            metadata_str(&deleted, "uid").unwrap_or(""),
        ))
    }
}

fn delete_namespace_contents(state: &mut State, ns: &str) {
    let types: Vec<ResourceType> = state
        .registry
        .types
        .iter()
        .filter(|t| t.namespaced)
        .cloned()
        .collect();
    let mut seen = std::collections::HashSet::new();
    for ty in types {
        if !seen.insert(ty.store_key()) {
            continue;
        }
        let names: Vec<String> = state
            .objects
            .get(&ty.store_key())
            .map(|m| {
                m.keys()
                    .filter(|(n, _)| n == ns)
                    .map(|(_, name)| name.clone())
                    .collect()
            })
            .unwrap_or_default();
        for name in names {
            state.commit(&ty, ns, &name, None);
        }
    }
}

fn delete_collection(
    state: &mut State,
    ty: &ResourceType,
    ns: Option<&str>,
    req: &Req,
) -> Result<Value, ApiError> {
    let (labels, fields) = selectors(ty, req)?;
    let keys: Vec<(String, String)> = state
        .objects
        .get(&ty.store_key())
        .map(|m| {
            m.iter()
                .filter(|((ons, _), obj)| {
                    ns.is_none_or(|n| n == ons) && labels.matches(obj) && fields.matches(obj)
                })
                .map(|(k, _)| k.clone())
                .collect()
        })
        .unwrap_or_default();
    let mut items = Vec::new();
    for (ons, name) in keys {
        let deleted = if req.dry_run() {
            state.get(ty, &ons, &name).cloned().unwrap_or_default()
        } else {
            state.commit(ty, &ons, &name, None)
        };
        items.push(at_version(ty, &deleted));
    }
    Ok(json!({
        "apiVersion": ty.api_version(),
        "kind": format!("{}List", ty.kind),
        "metadata": {"resourceVersion": state.rv.to_string()},
        "items": items,
    }))
}

fn proxy_client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("proxy client")
    })
}

/// `pods/NAME[:PORT]/proxy/PATH`: forwards to the URL a test mapped the pod to, or fails
/// the way the real server does when nothing listens.
async fn pod_proxy(
    state: &Shared,
    ns: &str,
    name_port: &str,
    tail: &str,
    req: &Req,
) -> Result<Response, ApiError> {
    let parts: Vec<&str> = name_port.split(':').collect();
    let (name, port) = match parts.as_slice() {
        [name] => (*name, None),
        [name, port] => (*name, port.parse::<u16>().ok()),
        [_scheme, name, port] => (*name, port.parse::<u16>().ok()),
        _ => {
            return Err(ApiError::bad_request(format!(
                "invalid pod name {name_port}"
            )));
        }
    };
    let base = {
        let s = lock(state);
        let ty = s.registry.find("", "v1", "pods").expect("pods").clone();
        let pod = s
            .get(&ty, ns, name)
            .ok_or_else(|| ApiError::not_found(&GroupResource::new("", "pods"), name))?;
        let ip = pod
            .pointer("/status/podIP")
            .and_then(Value::as_str)
            .unwrap_or("10.0.0.1")
            .to_string();
        s.pod_proxies
            .get(&(ns.to_string(), name.to_string(), port))
            .or_else(|| s.pod_proxies.get(&(ns.to_string(), name.to_string(), None)))
            .cloned()
            .ok_or_else(|| {
                ApiError::service_unavailable(format!(
                    "error trying to reach service: dial tcp {ip}:{}: connect: connection refused",
                    port.unwrap_or(80)
                ))
            })?
    };
    let query: Vec<String> = req.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut url = format!("{base}/{tail}");
    if !query.is_empty() {
        url = format!("{url}?{}", query.join("&"));
    }
    let method = reqwest::Method::from_bytes(req.method.as_bytes()).unwrap_or(reqwest::Method::GET);
    let upstream = proxy_client()
        .request(method, &url)
        .body(req.body.clone())
        .send()
        .await
        .map_err(|e| {
            ApiError::service_unavailable(format!("error trying to reach service: {e}"))
        })?;
    let code = upstream.status().as_u16();
    let content_type = upstream
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("text/plain")
        .to_string();
    let bytes = upstream.bytes().await.map_err(|e| {
        ApiError::service_unavailable(format!("error trying to reach service: {e}"))
    })?;
    Ok(Response::builder()
        .status(code)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(bytes.to_vec()))
        .expect("response"))
}
