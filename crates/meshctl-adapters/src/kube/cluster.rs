//! One API server: the connection built from a kubeconfig, every request meshctl makes
//! (with retries and plain-sentence errors), and a cache of what the server serves.

use super::discovery::{self, ResourceType, ServedGroup};
use super::retry::{self, RetryPolicy};
use kube::api::{DeleteParams, GetParams, ListParams, Patch, PatchParams, PostParams};
use kube::config::{KubeConfigOptions, Kubeconfig};
use meshctl_core::store::FIELD_MANAGER;
use meshctl_core::{Error, ErrorKind, Result};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::OnceCell;

/// Objects per page when listing; big lists arrive in pages, not one huge response.
pub const PAGE_SIZE: u32 = 500;
/// How long one request may take when `--request-timeout` is not given.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Where to connect: a kubeconfig (or `KUBECONFIG`, then `~/.kube/config`) and a
/// context in it (or its current context).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConnectOptions {
    pub kubeconfig: Option<PathBuf>,
    pub context: Option<String>,
    pub timeout: Option<Duration>,
}

/// What one request was about, so a failure can name it.
#[derive(Debug, Clone, Default)]
pub struct Op {
    /// The RBAC verb: `get`, `list`, `patch`, `update`, `create`, `delete`.
    pub verb: &'static str,
    /// `VirtualService`; empty for discovery.
    pub kind: String,
    /// `virtualservices.networking.istio.io`, or the path for discovery.
    pub resource: String,
    pub namespace: Option<String>,
    pub name: Option<String>,
    /// The server's URL.
    pub server: String,
    /// How many times the request was sent.
    pub attempts: u32,
    pub timeout: Duration,
}

/// A connection to one API server.
pub struct Cluster {
    client: kube::Client,
    server: String,
    context: String,
    default_namespace: String,
    timeout: Duration,
    retry: RetryPolicy,
    groups: OnceCell<Vec<ServedGroup>>,
    types: Mutex<HashMap<String, std::sync::Arc<Vec<ResourceType>>>>,
}

impl Cluster {
    /// Reads the kubeconfig and builds a client; sends nothing yet.
    pub async fn connect(options: &ConnectOptions) -> Result<Self> {
        let kubeconfig = match &options.kubeconfig {
            Some(path) => Kubeconfig::read_from(path),
            None => Kubeconfig::read(),
        }
        .map_err(|e| kubeconfig_error(e, options))?;
        let context = options
            .context
            .clone()
            .or_else(|| kubeconfig.current_context.clone())
            .unwrap_or_default();
        if let Some(wanted) = &options.context
            && !kubeconfig.contexts.iter().any(|c| &c.name == wanted)
        {
            let known: Vec<_> = kubeconfig
                .contexts
                .iter()
                .map(|c| format!("`{}`", c.name))
                .collect();
            return Err(
                Error::config(format!("context `{wanted}` is not in the kubeconfig"))
                    .with_detail(format!(
                        "known contexts: {}",
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ))
                    .with_hint("pass an existing context with `--context` (or `--mesh-context`)"),
            );
        }
        let kube_options = KubeConfigOptions {
            context: options.context.clone(),
            ..Default::default()
        };
        let mut config = kube::Config::from_custom_kubeconfig(kubeconfig, &kube_options)
            .await
            .map_err(|e| kubeconfig_error(e, options))?;
        let timeout = options.timeout.unwrap_or(DEFAULT_TIMEOUT);
        config.read_timeout = Some(timeout);
        config.connect_timeout = Some(timeout.min(Duration::from_secs(10)));
        config.reset_reader_on_write = true;
        // meshctl retries itself (bounded, jittered, with a clear error at the end);
        // kube's own retry layer would multiply the attempts.
        config.default_retry = false;
        let server = config
            .cluster_url
            .to_string()
            .trim_end_matches('/')
            .to_string();
        let default_namespace = config.default_namespace.clone();
        let client = kube::Client::try_from(config).map_err(|e| {
            Error::config(format!("cannot set up a client for context `{context}`"))
                .with_source(e)
                .with_hint("check the cluster's certificate and credentials in the kubeconfig")
        })?;
        Ok(Cluster {
            client,
            server,
            context,
            default_namespace,
            timeout,
            retry: RetryPolicy::default(),
            groups: OnceCell::new(),
            types: Mutex::new(HashMap::new()),
        })
    }

    /// Replaces the retry policy (tests and benchmarks use shorter delays).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The namespace the kubeconfig context names, else `default`.
    pub fn default_namespace(&self) -> &str {
        &self.default_namespace
    }

    pub fn context(&self) -> &str {
        &self.context
    }

    pub fn server(&self) -> &str {
        &self.server
    }

    /// The underlying client, for requests that are not Kubernetes objects (the pod
    /// proxy's `/stats/prometheus` text).
    pub fn client(&self) -> &kube::Client {
        &self.client
    }

    /// How long one request may take.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    fn op(
        &self,
        verb: &'static str,
        rt: Option<&ResourceType>,
        namespace: Option<&str>,
        name: Option<&str>,
    ) -> Op {
        Op {
            verb,
            kind: rt.map(|r| r.kind.clone()).unwrap_or_default(),
            resource: rt.map(ResourceType::qualified_plural).unwrap_or_default(),
            namespace: namespace
                .filter(|_| rt.is_none_or(|r| r.namespaced))
                .map(str::to_string),
            name: name.map(str::to_string),
            server: self.server.clone(),
            attempts: 0,
            timeout: self.timeout,
        }
    }

    /// Sends a request built by `build`, retrying passing failures; failures become
    /// errors that name `op`.
    async fn send(
        &self,
        op: Op,
        build: impl Fn() -> std::result::Result<http::Request<Vec<u8>>, kube::core::request::Error>,
    ) -> std::result::Result<Value, (kube::Error, Op)> {
        self.send_with(op, build, |request| self.client.request::<Value>(request))
            .await
    }

    /// As [`Cluster::send`], keeping the HTTP status of the answer (`201` is created).
    async fn send_status(
        &self,
        op: Op,
        build: impl Fn() -> std::result::Result<http::Request<Vec<u8>>, kube::core::request::Error>,
    ) -> std::result::Result<(u16, Value), (kube::Error, Op)> {
        self.send_with(op, build, |request| self.request_with_status(request))
            .await
    }

    async fn send_with<T, F>(
        &self,
        mut op: Op,
        build: impl Fn() -> std::result::Result<http::Request<Vec<u8>>, kube::core::request::Error>,
        request: impl Fn(http::Request<Vec<u8>>) -> F,
    ) -> std::result::Result<T, (kube::Error, Op)>
    where
        F: std::future::Future<Output = std::result::Result<T, kube::Error>>,
    {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let built = build().map_err(|e| (kube::Error::BuildRequest(e), op.clone()))?;
            match request(built).await {
                Ok(value) => return Ok(value),
                Err(err) if attempt < self.retry.attempts && retry::is_retryable(&err) => {
                    let delay =
                        self.retry
                            .delay(attempt, rand::random::<f64>(), retry::retry_after(&err));
                    // Only the status code: kube's Display of an API error embeds a debug dump.
                    let code = match &err {
                        kube::Error::Api(status) => status.code.to_string(),
                        _ => "transport".to_string(),
                    };
                    tracing::debug!(
                        "retrying {} {} in {delay:?} after {code}",
                        op.verb,
                        op.resource
                    );
                    tokio::time::sleep(delay).await;
                }
                Err(err) => {
                    op.attempts = attempt;
                    return Err((err, op));
                }
            }
        }
    }

    /// One request and its answer as JSON with the HTTP status; errors as kube's
    /// client makes them (a `Status` body becomes [`kube::Error::Api`]).
    async fn request_with_status(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> std::result::Result<(u16, Value), kube::Error> {
        let response = self
            .client
            .send(request.map(kube::client::Body::from))
            .await?;
        let code = response.status().as_u16();
        let body = response.into_body().collect_bytes().await?;
        if code >= 400 {
            let text = String::from_utf8_lossy(&body);
            let status = serde_json::from_slice::<kube::core::Status>(&body).unwrap_or_else(|_| {
                kube::core::Status::failure(text.trim(), "Failed to parse error data")
                    .with_code(code)
            });
            return Err(kube::Error::Api(status.boxed()));
        }
        let value = serde_json::from_slice(&body).map_err(kube::Error::SerdeError)?;
        Ok((code, value))
    }

    async fn call(
        &self,
        op: Op,
        build: impl Fn() -> std::result::Result<http::Request<Vec<u8>>, kube::core::request::Error>,
    ) -> Result<Value> {
        self.send(op, build)
            .await
            .map_err(|(err, op)| super::from_kube(&err, &op))
    }

    // ---- discovery ----

    /// The API groups the server serves (fetched once).
    pub async fn groups(&self) -> Result<&[ServedGroup]> {
        let groups = self
            .groups
            .get_or_try_init(|| async {
                let list = self.get_path("/apis").await?;
                Ok::<_, Error>(discovery::groups_from_list(&list))
            })
            .await?;
        Ok(groups)
    }

    async fn get_path(&self, path: &str) -> Result<Value> {
        let op = Op {
            resource: path.to_string(),
            ..self.op("get", None, None, None)
        };
        let path = path.to_string();
        self.call(op, move || {
            http::Request::get(&path)
                .body(Vec::new())
                .map_err(kube::core::request::Error::BuildRequest)
        })
        .await
    }

    /// The resource types of one group version (fetched once per version).
    pub async fn types(
        &self,
        group: &str,
        version: &str,
    ) -> Result<std::sync::Arc<Vec<ResourceType>>> {
        let key = format!("{group}/{version}");
        if let Some(found) = self.types.lock().expect("poisoned").get(&key) {
            return Ok(found.clone());
        }
        let path = if group.is_empty() {
            format!("/api/{version}")
        } else {
            format!("/apis/{group}/{version}")
        };
        let list = self.get_path(&path).await?;
        let types = std::sync::Arc::new(discovery::types_from_list(group, version, &list));
        self.types
            .lock()
            .expect("poisoned")
            .insert(key, types.clone());
        Ok(types)
    }

    /// The type serving `kind` in `apiVersion`. For Istio groups, a version the server
    /// does not serve falls back to the newest one it does (Istio's versions share one
    /// schema), so files written for `v1` apply to a server that only has `v1beta1`.
    pub async fn resolve(&self, api_version: &str, kind: &str) -> Result<ResourceType> {
        let (group, version) = match api_version.split_once('/') {
            Some((g, v)) => (g, v),
            None => ("", api_version),
        };
        let version = if group.is_empty() {
            version.to_string()
        } else {
            let groups = self.groups().await?;
            let served = groups.iter().find(|g| g.name == group);
            match served {
                Some(g) if g.versions.iter().any(|v| v == version) => version.to_string(),
                Some(g) if group.ends_with("istio.io") => {
                    g.chosen_version().unwrap_or(version).to_string()
                }
                Some(_) => {
                    return Err(Error::not_found(format!(
                        "the server does not serve `{api_version}` (for `{kind}`)"
                    ))
                    .with_hint("check the object's `apiVersion`; `kubectl api-versions` lists what the server serves"));
                }
                None => return Err(missing_group(group, kind)),
            }
        };
        let types = self.types(group, &version).await?;
        types
            .iter()
            .find(|t| t.kind == kind)
            .cloned()
            .ok_or_else(|| {
                if group.ends_with("istio.io") {
                    missing_group(group, kind)
                } else {
                    Error::not_found(format!("the server does not know kind `{kind}` in `{api_version}`"))
                        .with_hint("check the object's `kind` and `apiVersion`; `kubectl api-resources` lists what the server serves")
                }
            })
    }

    /// The Istio networking type of `kind` in the newest version the server serves.
    pub async fn istio_type(&self, kind: &str) -> Result<ResourceType> {
        let group = meshctl_core::store::ISTIO_NETWORKING;
        let groups = self.groups().await?;
        let version = groups
            .iter()
            .find(|g| g.name == group)
            .and_then(ServedGroup::chosen_version)
            .ok_or_else(|| missing_group(group, kind))?
            .to_string();
        self.resolve(&format!("{group}/{version}"), kind).await
    }

    /// The type a person means by `name` (`vs`, `virtualservice`, `gateways.networking.istio.io`, …).
    pub async fn resolve_name(&self, name: &str) -> Result<ResourceType> {
        let mut candidates: Vec<(String, String)> = vec![(String::new(), "v1".to_string())];
        for g in self.groups().await? {
            if let Some(v) = g.chosen_version() {
                candidates.push((g.name.clone(), v.to_string()));
            }
        }
        candidates.sort_by_key(|(g, _)| discovery::search_rank(g));
        // Only groups the name can mean: `x.GROUP` names its group outright.
        for (group, version) in candidates {
            if let Some((_, suffix)) = name.split_once('.')
                && suffix.to_lowercase() != group
            {
                continue;
            }
            // A group whose discovery fails (an aggregated API that is down) cannot
            // hold the answer we can use; skip it rather than fail the command.
            let Ok(types) = self.types(&group, &version).await else {
                continue;
            };
            if let Some(found) = types.iter().find(|t| t.answers_to(name)) {
                return Ok(found.clone());
            }
        }
        Err(Error::usage(format!("the server does not have a resource type `{name}`"))
            .with_hint("use a kind such as `virtualservice` (`vs`), `gateway`, `destinationrule` (`dr`); `kubectl api-resources` lists them all"))
    }

    // ---- objects ----

    /// The object, or `None` when it does not exist.
    pub async fn get(
        &self,
        rt: &ResourceType,
        namespace: Option<&str>,
        name: &str,
    ) -> Result<Option<Value>> {
        let op = self.op("get", Some(rt), namespace, Some(name));
        let path = rt.collection_path(namespace);
        match self
            .send(op, || {
                kube::core::Request::new(&path).get(name, &GetParams::default())
            })
            .await
        {
            Ok(v) => Ok(Some(v)),
            Err((err, _)) if is_not_found(&err) => Ok(None),
            Err((err, op)) => Err(super::from_kube(&err, &op)),
        }
    }

    /// Every object of the type (in `namespace`, or all namespaces), page by page.
    pub async fn list(
        &self,
        rt: &ResourceType,
        namespace: Option<&str>,
        selector: Option<&str>,
    ) -> Result<Vec<Value>> {
        let path = rt.collection_path(namespace);
        let mut items = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut params = ListParams::default().limit(PAGE_SIZE);
            if let Some(s) = selector {
                params = params.labels(s);
            }
            if let Some(t) = &token {
                params = params.continue_token(t);
            }
            let op = self.op("list", Some(rt), namespace, None);
            let mut page = self
                .call(op, || kube::core::Request::new(&path).list(&params))
                .await?;
            if let Some(Value::Array(page_items)) = page.get_mut("items").map(Value::take) {
                items.extend(page_items.into_iter().map(|mut item| {
                    // Items in a list carry no apiVersion/kind; objects should.
                    if let Some(obj) = item.as_object_mut() {
                        obj.entry("apiVersion")
                            .or_insert_with(|| Value::String(rt.api_version()));
                        obj.entry("kind")
                            .or_insert_with(|| Value::String(rt.kind.clone()));
                    }
                    item
                }));
            }
            token = page
                .pointer("/metadata/continue")
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
                .map(str::to_string);
            if token.is_none() {
                return Ok(items);
            }
        }
    }

    /// Server-side apply with field manager `meshctl`.
    pub async fn apply(
        &self,
        rt: &ResourceType,
        object: &Value,
        dry_run: bool,
        force: bool,
    ) -> Result<Value> {
        Ok(self.apply_status(rt, object, dry_run, force).await?.0)
    }

    /// Server-side apply with field manager `meshctl`; the object as the server holds
    /// it and whether this apply created it (the server answers `201 Created`).
    pub async fn apply_status(
        &self,
        rt: &ResourceType,
        object: &Value,
        dry_run: bool,
        force: bool,
    ) -> Result<(Value, bool)> {
        let (namespace, name) = names_of(object);
        let op = self.op("patch", Some(rt), namespace.as_deref(), Some(&name));
        let path = rt.collection_path(namespace.as_deref());
        let mut params = PatchParams::apply(FIELD_MANAGER);
        params.force = force;
        params.dry_run = dry_run;
        let (code, value) = self
            .send_status(op, || {
                kube::core::Request::new(&path).patch(&name, &params, &Patch::Apply(object))
            })
            .await
            .map_err(|(err, op)| super::from_kube(&err, &op))?;
        Ok((value, code == 201))
    }

    /// The `resourceVersion` of every object of the type in `namespace` (or all
    /// namespaces) by name, from one list of their metadata only (page by page).
    pub async fn versions(
        &self,
        rt: &ResourceType,
        namespace: Option<&str>,
    ) -> Result<HashMap<String, String>> {
        let path = rt.collection_path(namespace);
        let mut versions = HashMap::new();
        let mut token: Option<String> = None;
        loop {
            let mut params = ListParams::default().limit(PAGE_SIZE);
            if let Some(t) = &token {
                params = params.continue_token(t);
            }
            let op = self.op("list", Some(rt), namespace, None);
            let page = self
                .call(op, || {
                    kube::core::Request::new(&path).list_metadata(&params)
                })
                .await?;
            for item in page
                .get("items")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let meta = |key: &str| {
                    item.pointer(&format!("/metadata/{key}"))
                        .and_then(Value::as_str)
                };
                if let (Some(name), Some(rv)) = (meta("name"), meta("resourceVersion")) {
                    versions.insert(name.to_string(), rv.to_string());
                }
            }
            token = page
                .pointer("/metadata/continue")
                .and_then(Value::as_str)
                .filter(|t| !t.is_empty())
                .map(str::to_string);
            if token.is_none() {
                return Ok(versions);
            }
        }
    }

    /// Replaces the whole object (PUT). With `metadata.resourceVersion` set, the
    /// server refuses (409) when the object changed since it was read.
    pub async fn replace(
        &self,
        rt: &ResourceType,
        object: &Value,
        dry_run: bool,
    ) -> std::result::Result<Value, (kube::Error, Op)> {
        let (namespace, name) = names_of(object);
        let op = self.op("update", Some(rt), namespace.as_deref(), Some(&name));
        let path = rt.collection_path(namespace.as_deref());
        let body =
            serde_json::to_vec(object).map_err(|e| (kube::Error::SerdeError(e), op.clone()))?;
        let params = PostParams {
            field_manager: Some(FIELD_MANAGER.to_string()),
            dry_run,
        };
        self.send(op, || {
            kube::core::Request::new(&path).replace(&name, &params, body.clone())
        })
        .await
    }

    /// Creates an object (POST).
    pub async fn create(
        &self,
        rt: &ResourceType,
        namespace: Option<&str>,
        object: &Value,
    ) -> Result<Value> {
        let name = object
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .map(str::to_string);
        let op = self.op("create", Some(rt), namespace, name.as_deref());
        let path = rt.collection_path(namespace);
        let body = serde_json::to_vec(object)?;
        self.call(op, || {
            kube::core::Request::new(&path).create(&PostParams::default(), body.clone())
        })
        .await
    }

    /// Creates an object whose name is unique to this request (an Event), so a `409
    /// AlreadyExists` can only mean that an earlier attempt landed and its reply was
    /// lost: then the stored object is ours if it holds what was sent, and that is
    /// success, not "already exists".
    pub async fn create_once(
        &self,
        rt: &ResourceType,
        namespace: Option<&str>,
        object: &Value,
    ) -> Result<Value> {
        let name = object
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let op = self.op("create", Some(rt), namespace, Some(&name));
        let path = rt.collection_path(namespace);
        let body = serde_json::to_vec(object)?;
        match self
            .send(op, || {
                kube::core::Request::new(&path).create(&PostParams::default(), body.clone())
            })
            .await
        {
            Ok(created) => Ok(created),
            Err((err, op)) if is_already_exists(&err) => {
                let mut sent = object.clone();
                if let Some(meta) = sent.get_mut("metadata").and_then(Value::as_object_mut) {
                    // The server may write timestamps in another precision.
                    meta.remove("creationTimestamp");
                }
                for k in ["firstTimestamp", "lastTimestamp", "eventTime"] {
                    if let Some(obj) = sent.as_object_mut() {
                        obj.remove(k);
                    }
                }
                match self.get(rt, namespace, &name).await? {
                    Some(stored) if meshctl_core::store::contains(&stored, &sent) => {
                        tracing::debug!("{name} was created by an earlier attempt");
                        Ok(stored)
                    }
                    _ => Err(super::from_kube(&err, &op)),
                }
            }
            Err((err, op)) => Err(super::from_kube(&err, &op)),
        }
    }

    /// Deletes the object; `false` when it did not exist.
    pub async fn delete(
        &self,
        rt: &ResourceType,
        namespace: Option<&str>,
        name: &str,
        dry_run: bool,
    ) -> Result<bool> {
        let op = self.op("delete", Some(rt), namespace, Some(name));
        let path = rt.collection_path(namespace);
        let params = DeleteParams {
            dry_run,
            ..Default::default()
        };
        match self
            .send(op, || kube::core::Request::new(&path).delete(name, &params))
            .await
        {
            Ok(_) => Ok(true),
            Err((err, _)) if is_not_found(&err) => Ok(false),
            Err((err, op)) => Err(super::from_kube(&err, &op)),
        }
    }
}

/// `(namespace, name)` of an object.
pub fn names_of(object: &Value) -> (Option<String>, String) {
    let meta = object.get("metadata");
    let name = meta
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let namespace = meta
        .and_then(|m| m.get("namespace"))
        .and_then(Value::as_str)
        .map(str::to_string);
    (namespace, name)
}

pub fn is_not_found(err: &kube::Error) -> bool {
    matches!(err, kube::Error::Api(s) if s.code == 404)
}

pub fn is_conflict(err: &kube::Error) -> bool {
    matches!(err, kube::Error::Api(s) if s.code == 409)
}

pub fn is_already_exists(err: &kube::Error) -> bool {
    matches!(err, kube::Error::Api(s) if s.code == 409 && s.reason == "AlreadyExists")
}

/// The context names in a kubeconfig (`kubeconfig`, else `KUBECONFIG`, else
/// ~/.kube/config), in file order; read without connecting, for shell completion.
pub fn context_names(kubeconfig: Option<&std::path::Path>) -> Result<Vec<String>> {
    let options = ConnectOptions {
        kubeconfig: kubeconfig.map(PathBuf::from),
        ..Default::default()
    };
    let config = match kubeconfig {
        Some(path) => Kubeconfig::read_from(path),
        None => Kubeconfig::read(),
    }
    .map_err(|e| kubeconfig_error(e, &options))?;
    Ok(config.contexts.into_iter().map(|c| c.name).collect())
}

fn missing_group(group: &str, kind: &str) -> Error {
    let plural = format!("{}s", kind.to_lowercase());
    Error::not_found(format!("the cluster does not serve `{kind}` (`{group}`): Istio's CRDs are not installed"))
        .with_hint(format!(
            "install Istio (or its CRDs) in the mesh cluster; check with `kubectl get crd {plural}.{group}`"
        ))
        .with_hint("with a separate mesh control plane (ASM), pass `--mesh-kubeconfig`/`--mesh-context`")
}

fn kubeconfig_error(err: kube::config::KubeconfigError, options: &ConnectOptions) -> Error {
    use kube::config::KubeconfigError as K;
    let which = match &options.kubeconfig {
        Some(p) => format!("`{}`", p.display()),
        None => "the kubeconfig".to_string(),
    };
    match err {
        K::FindPath => Error::config("cannot find a kubeconfig")
            .with_hint("pass `--kubeconfig FILE` or set `KUBECONFIG`"),
        K::ReadConfig(io, path) => Error::new(
            ErrorKind::Config,
            format!("cannot read kubeconfig `{}`", path.display()),
        )
        .with_source(io)
        .with_hint("pass an existing file with `--kubeconfig` or set `KUBECONFIG`"),
        K::CurrentContextNotSet => Error::config(format!("{which} has no current context"))
            .with_hint("pass `--context NAME`, or run `kubectl config use-context NAME`"),
        other => Error::config(format!("cannot use {which}"))
            .with_source(other)
            .with_hint("check the kubeconfig with `kubectl config view`"),
    }
}
