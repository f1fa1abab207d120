//! The local mesh store: mesh resources as YAML files in a state directory, served by a
//! real Envoy that meshctl starts and configures — a second [`MeshStore`] beside
//! Kubernetes, so rollouts run end to end on one machine with no cluster.
//!
//! Every write takes the directory's lock, stores the object (atomic rename, a new
//! `resourceVersion` from one counter, like etcd's revision), translates the whole
//! mesh with `core::envoy`, writes Envoy's CDS/LDS/RDS files (atomic rename into the
//! watched directory, version = the revision), and — when Envoy runs — waits until
//! Envoy's admin `/config_dump` shows that version. So when a write returns, the proxy
//! routes by it; a rollout step is never judged on the previous weights.
//!
//! Apply semantics (documented in docs/local-mesh.md): the object's `spec` (and every
//! other top-level field) is replaced as given; labels and annotations are merged over
//! the stored ones, so annotations meshctl wrote with `update` (the rollout record)
//! survive a later apply, as they would under server-side apply.

pub mod cluster;
pub mod downstream;
pub mod envoy;
pub mod files;
pub mod process;
pub mod traffic;
pub mod workloads;

pub use cluster::LocalCluster;
pub use envoy::EnvoyState;
use files::{Layout, Lock};
use meshctl_core::envoy as translate;
use meshctl_core::model::GATEWAY_API_GROUP;
use meshctl_core::store::{
    self, Applied, ApplyOptions, ApplyOutcome, Change, EventRecord, ListQuery, MeshStore,
    ObjectRef, ObjectType, StoreFuture,
};
use meshctl_core::{Error, ErrorKind, Result};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The Istio kinds the local mesh serves (and translates).
pub const KINDS: [&str; 4] = [
    "Gateway",
    "VirtualService",
    "DestinationRule",
    "ServiceEntry",
];

/// The Gateway API kinds it serves too; they are reached through its workload cluster
/// ([`LocalCluster`]), where they live on Kubernetes.
pub const GATEWAY_API_KINDS: [&str; 2] = ["Gateway", "HTTPRoute"];

/// How long a write waits for Envoy to confirm the configuration it wrote.
pub const CONFIRM_TIMEOUT: Duration = Duration::from_secs(10);

/// A local mesh in one state directory.
pub struct LocalMesh {
    layout: Layout,
    confirm_timeout: Duration,
}

/// What `local up` needs.
#[derive(Debug, Clone)]
pub struct UpOptions {
    pub envoy: PathBuf,
    pub listener_port: u16,
    pub admin_port: u16,
}

pub use meshctl_core::envoy::local::Status;

impl LocalMesh {
    /// Opens (creating if needed) the state directory.
    pub fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir.join("xds")).map_err(|e| {
            Error::io(
                format!("cannot create the local mesh directory `{}`", dir.display()),
                e,
            )
        })?;
        Ok(LocalMesh {
            layout: Layout {
                root: dir.to_path_buf(),
            },
            confirm_timeout: CONFIRM_TIMEOUT,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.layout.root
    }

    /// The Envoy this mesh runs, if it is alive.
    pub fn running(&self) -> Result<Option<EnvoyState>> {
        let state: Option<EnvoyState> = files::read_json(&self.layout.envoy_state())?;
        Ok(state.filter(|s| envoy::is_ours(s.pid, &self.layout.bootstrap())))
    }

    /// Envoy's admin address while it runs: where `meshctl metrics` scrapes
    /// `/stats/prometheus` for the local mesh.
    pub fn admin_url(&self) -> Result<Option<String>> {
        Ok(self.running()?.map(|s| s.admin_url()))
    }

    fn revision(&self) -> Result<u64> {
        Ok(files::read_optional(&self.layout.revision())?
            .and_then(|t| t.trim().parse().ok())
            .unwrap_or(0))
    }

    fn next_revision(&self, _lock: &Lock) -> Result<u64> {
        let next = self.revision()? + 1;
        files::write_atomic(&self.layout.revision(), format!("{next}\n").as_bytes())?;
        Ok(next)
    }

    pub fn endpoints(&self) -> Result<Vec<translate::Endpoint>> {
        Ok(files::read_json(&self.layout.endpoints())?.unwrap_or_default())
    }

    /// Registers `address` for `service`'s `subset`; `false` when it already was.
    pub async fn add_endpoint(&self, endpoint: translate::Endpoint) -> Result<bool> {
        let lock = files::lock(&self.layout).await?;
        let mut all = self.endpoints()?;
        if all.contains(&endpoint) {
            return Ok(false);
        }
        all.push(endpoint);
        all.sort();
        files::write_json(&self.layout.endpoints(), &all)?;
        self.sync(&lock).await?;
        Ok(true)
    }

    /// Removes matching endpoints (every address of the subset when `address` is
    /// `None`); returns how many.
    pub async fn remove_endpoint(
        &self,
        service: &str,
        namespace: &str,
        subset: &str,
        address: Option<&str>,
    ) -> Result<usize> {
        let lock = files::lock(&self.layout).await?;
        let mut all = self.endpoints()?;
        let before = all.len();
        all.retain(|e| {
            !(e.service == service
                && e.namespace == namespace
                && e.subset == subset
                && address.is_none_or(|a| a == e.address))
        });
        let removed = before - all.len();
        if removed > 0 {
            files::write_json(&self.layout.endpoints(), &all)?;
            self.sync(&lock).await?;
        }
        Ok(removed)
    }

    fn all_objects(&self) -> Result<Vec<Value>> {
        let mut out = Vec::new();
        for kind in KINDS {
            out.extend(files::read_kind(
                &self.layout.kind_dir(store::ISTIO_NETWORKING, kind),
            )?);
        }
        for kind in GATEWAY_API_KINDS {
            out.extend(files::read_kind(
                &self.layout.kind_dir(GATEWAY_API_GROUP, kind),
            )?);
        }
        Ok(out)
    }

    fn listener_port(&self) -> Result<u16> {
        let state: Option<EnvoyState> = files::read_json(&self.layout.envoy_state())?;
        Ok(state.map_or(15080, |s| s.listener_port))
    }

    /// Translates the whole mesh, writes Envoy's files under a new version and, when
    /// Envoy runs, waits for it to serve that version. Returns the warnings.
    async fn sync(&self, lock: &Lock) -> Result<Vec<String>> {
        let version = self.next_revision(lock)?;
        self.write_config(version)?;
        if let Some(state) = self.running()? {
            self.confirm(&state, version).await?;
        }
        self.warnings()
    }

    fn write_config(&self, version: u64) -> Result<()> {
        let objects = self.all_objects()?;
        let t = translate::translate(
            &objects,
            &self.endpoints()?,
            &translate::Options {
                listener_port: self.listener_port()?,
            },
        );
        let warnings: Vec<String> = t.warnings.iter().map(ToString::to_string).collect();
        files::write_json(&self.layout.warnings(), &warnings)?;
        let xds = self.layout.xds();
        let dir = xds.to_string_lossy().into_owned();
        // Clusters first: routes then never point at a cluster Envoy does not have yet.
        for (file, response) in t.responses(&version.to_string()) {
            files::write_json(&xds.join(file), &translate::with_xds_dir(&response, &dir))?;
        }
        Ok(())
    }

    /// The translation warnings of the configuration last written.
    pub fn warnings(&self) -> Result<Vec<String>> {
        Ok(files::read_json(&self.layout.warnings())?.unwrap_or_default())
    }

    async fn confirm(&self, state: &EnvoyState, version: u64) -> Result<()> {
        let admin = envoy::Admin::new(state.admin_port)?;
        let version = version.to_string();
        let deadline = tokio::time::Instant::now() + self.confirm_timeout;
        let mut last = None;
        loop {
            match admin.versions(translate::ROUTE_CONFIG_NAME).await {
                Ok(v) if v.all(&version) => return Ok(()),
                Ok(v) => last = Some(v),
                Err(_) if !envoy::is_ours(state.pid, &self.layout.bootstrap()) => {
                    return Err(Error::new(
                        ErrorKind::Unavailable,
                        format!(
                            "Envoy (PID {}) stopped while meshctl configured it",
                            state.pid
                        ),
                    )
                    .with_detail(format!("its log: `{}`", self.layout.envoy_log().display()))
                    .with_hint("start it again with `meshctl local up`"));
                }
                Err(_) => {}
            }
            if tokio::time::Instant::now() >= deadline {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let mut err = Error::new(
            ErrorKind::Unavailable,
            format!(
                "Envoy did not take configuration version `{version}` within {}s",
                self.confirm_timeout.as_secs()
            ),
        );
        if let Some(v) = last {
            err = err.with_detail(format!(
                "Envoy serves clusters `{}`, listeners `{}`, routes `{}`",
                v.clusters.unwrap_or_default(),
                v.listeners.unwrap_or_default(),
                v.routes.unwrap_or_default()
            ));
        }
        for (name, count) in admin.rejections().await.unwrap_or_default() {
            err = err.with_detail(format!("`{name}` = {count}"));
        }
        for line in envoy::rejected_lines(&self.layout.envoy_log()) {
            err = err.with_detail(line);
        }
        Err(err.with_hint("the stored objects were saved but Envoy rejected their translation; fix the resource named above and apply it again"))
    }

    /// Starts Envoy on the current configuration and waits until it serves it.
    pub async fn up(&self, options: &UpOptions) -> Result<EnvoyState> {
        let lock = files::lock(&self.layout).await?;
        if let Some(state) = self.running()? {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!(
                    "the local mesh in `{}` is already running (Envoy PID {})",
                    self.dir().display(),
                    state.pid
                ),
            )
            .with_hint("stop it with `meshctl local down`, or use another `--dir`"));
        }
        // Refused before anything starts: a port in use would be shared (Envoy's
        // listeners use SO_REUSEPORT) or answered by someone else's admin.
        envoy::check_port_free(options.listener_port, "--port")?;
        envoy::check_port_free(options.admin_port, "--admin-port")?;
        let bootstrap = translate::with_xds_dir(
            &translate::bootstrap(options.admin_port),
            &self.layout.xds().to_string_lossy(),
        );
        files::write_json(&self.layout.bootstrap(), &bootstrap)?;
        // The listener port is part of the translation: record it before writing.
        let mut state = EnvoyState {
            pid: 0,
            binary: options.envoy.clone(),
            listener_port: options.listener_port,
            admin_port: options.admin_port,
            started_at: jiff::Timestamp::now().to_string(),
        };
        files::write_json(&self.layout.envoy_state(), &state)?;
        let version = self.next_revision(&lock)?;
        self.write_config(version)?;
        state.pid = envoy::spawn(
            &options.envoy,
            &self.layout.bootstrap(),
            &self.layout.envoy_log(),
        )?;
        files::write_json(&self.layout.envoy_state(), &state)?;
        match self.wait_until_ours(&state, options).await {
            Ok(()) => {}
            Err(err) => {
                // Whatever was started (a wrapper, an Envoy) goes; nothing is left
                // running for a mesh that is not up.
                envoy::kill_started(state.pid);
                let _ = std::fs::remove_file(self.layout.envoy_state());
                return Err(err);
            }
        }
        if let Err(err) = self.confirm(&state, version).await {
            envoy::kill_started(state.pid);
            let _ = std::fs::remove_file(self.layout.envoy_state());
            return Err(err);
        }
        Ok(state)
    }

    /// Waits until the Envoy started as `state.pid` answers on the admin port and is the
    /// one started on this mesh's bootstrap. A wrapper that has not exec'd Envoy yet is
    /// waited for; a process that exited, or an admin port answered by another Envoy,
    /// is an error.
    async fn wait_until_ours(&self, state: &EnvoyState, options: &UpOptions) -> Result<()> {
        let bootstrap = self.layout.bootstrap();
        let admin = envoy::Admin::new(options.admin_port)?;
        let deadline = tokio::time::Instant::now() + self.confirm_timeout;
        loop {
            if !envoy::is_running(state.pid) {
                let log = files::read_optional(&self.layout.envoy_log())?.unwrap_or_default();
                let tail: Vec<&str> = log.lines().rev().take(5).collect();
                let mut err = Error::new(
                    ErrorKind::Unavailable,
                    format!(
                        "Envoy exited right after it started (`{}`)",
                        options.envoy.display()
                    ),
                );
                for line in tail.into_iter().rev() {
                    err = err.with_detail(line.to_string());
                }
                return Err(err.with_hint(format!(
                    "check that ports {} and {} are free (`--port`, `--admin-port`), and the whole log in `{}`",
                    options.listener_port,
                    options.admin_port,
                    self.layout.envoy_log().display()
                )));
            }
            if admin.ready().await && envoy::is_ours(state.pid, &bootstrap) {
                let serving = admin.config_path().await.unwrap_or_default();
                if serving == bootstrap.to_string_lossy() {
                    return Ok(());
                }
                return Err(Error::new(
                    ErrorKind::Conflict,
                    format!(
                        "the admin port {} is answered by another Envoy (started on `{serving}`), not the one meshctl started",
                        options.admin_port
                    ),
                )
                .with_hint("choose a free port with `--admin-port`"));
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(Error::new(
                    ErrorKind::Unavailable,
                    format!(
                        "Envoy did not become ready within {}s",
                        self.confirm_timeout.as_secs()
                    ),
                )
                .with_hint(format!("see `{}`", self.layout.envoy_log().display())));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Stops the Envoy this mesh started; `None` when none was running. The stored
    /// resources stay.
    pub async fn down(&self) -> Result<Option<EnvoyState>> {
        let _lock = files::lock(&self.layout).await?;
        let state = self.running()?;
        if let Some(s) = &state {
            envoy::stop(s.pid, &self.layout.bootstrap(), Duration::from_secs(5)).await?;
        }
        let _ = std::fs::remove_file(self.layout.envoy_state());
        Ok(state)
    }

    pub async fn status(&self) -> Result<Status> {
        let envoy = self.running()?;
        let served = match &envoy {
            Some(s) => envoy::Admin::new(s.admin_port)?
                .versions(translate::ROUTE_CONFIG_NAME)
                .await
                .ok(),
            None => None,
        };
        Ok(Status {
            dir: self.dir().to_path_buf(),
            running: envoy.is_some(),
            envoy,
            config_version: self.revision()?,
            served,
            resources: self.all_objects()?.len(),
            endpoints: self.endpoints()?,
            warnings: self.warnings()?,
        })
    }

    fn read(&self, r: &ObjectRef) -> Result<Option<Value>> {
        files::read_object(&self.layout.object(r))
    }

    fn write(&self, r: &ObjectRef, object: &Value) -> Result<()> {
        files::write_atomic(
            &self.layout.object(r),
            meshctl_core::yaml::to_yaml(object).as_bytes(),
        )
    }

    async fn apply_locked(&self, object: &Value, options: ApplyOptions) -> Result<Applied> {
        let Some(r) = ObjectRef::of(object) else {
            return Err(Error::invalid(
                "an object needs `apiVersion`, `kind` and `metadata.name`",
            ));
        };
        let mut r = r;
        let mut desired = object.clone();
        if r.namespace.is_none() {
            r.namespace = Some("default".into());
            desired["metadata"]["namespace"] = json!("default");
        }
        let lock = files::lock(&self.layout).await?;
        let before = self.read(&r)?;
        precondition(&r, before.as_ref(), object)?;
        store::mark_managed(&mut desired);
        let mut after = merge_for_apply(before.as_ref(), &desired);
        let outcome = store::classify(before.as_ref(), &after);
        if outcome == ApplyOutcome::Unchanged {
            return Ok(Applied {
                outcome,
                object: before.unwrap_or(after),
            });
        }
        if options.dry_run {
            return Ok(Applied {
                outcome,
                object: after,
            });
        }
        self.stamp(&lock, before.as_ref(), &mut after)?;
        self.write(&r, &after)?;
        self.sync(&lock).await?;
        Ok(Applied {
            outcome,
            object: after,
        })
    }

    /// Server bookkeeping: a new resourceVersion, generation bumped when `spec` moved,
    /// uid and creation time kept.
    fn stamp(&self, lock: &Lock, before: Option<&Value>, after: &mut Value) -> Result<()> {
        let rv = self.next_revision(lock)?;
        let generation = before
            .and_then(|b| b.pointer("/metadata/generation"))
            .and_then(Value::as_u64)
            .unwrap_or(0);
        let spec_moved = before.is_none_or(|b| b.get("spec") != after.get("spec"));
        let (uid, created) = match before {
            Some(b) => (
                b.pointer("/metadata/uid").cloned().unwrap_or(Value::Null),
                b.pointer("/metadata/creationTimestamp")
                    .cloned()
                    .unwrap_or(Value::Null),
            ),
            None => (
                json!(format!("local-{rv}")),
                json!(jiff::Timestamp::now().to_string()),
            ),
        };
        let meta = &mut after["metadata"];
        meta["resourceVersion"] = json!(rv.to_string());
        meta["generation"] = json!(generation + u64::from(spec_moved));
        meta["uid"] = uid;
        meta["creationTimestamp"] = created;
        Ok(())
    }
}

/// A `metadata.resourceVersion` in what is written must be the stored one (409-like).
fn precondition(r: &ObjectRef, live: Option<&Value>, written: &Value) -> Result<()> {
    let Some(wanted) = written
        .pointer("/metadata/resourceVersion")
        .and_then(Value::as_str)
    else {
        return Ok(());
    };
    let live_rv = live
        .and_then(|l| l.pointer("/metadata/resourceVersion"))
        .and_then(Value::as_str);
    if live_rv == Some(wanted) {
        return Ok(());
    }
    Err(Error::new(
        ErrorKind::Conflict,
        format!(
            "{r} was changed by someone else: it is at version `{}`, not `{wanted}`",
            live_rv.unwrap_or("none")
        ),
    )
    .with_hint("read the object again and re-apply your change"))
}

/// The stored object after applying `desired`: top-level fields as given, labels and
/// annotations merged over the stored ones, the server's bookkeeping carried over.
fn merge_for_apply(before: Option<&Value>, desired: &Value) -> Value {
    let mut out = desired.clone();
    if let Some(meta) = out.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("resourceVersion");
    }
    let Some(before) = before else {
        return out;
    };
    for key in ["labels", "annotations"] {
        if let Some(old) = before
            .pointer(&format!("/metadata/{key}"))
            .and_then(Value::as_object)
        {
            let mut merged = old.clone();
            if let Some(new) = desired
                .pointer(&format!("/metadata/{key}"))
                .and_then(Value::as_object)
            {
                for (k, v) in new {
                    merged.insert(k.clone(), v.clone());
                }
            }
            out["metadata"][key] = Value::Object(merged);
        }
    }
    for key in ["resourceVersion", "generation", "uid", "creationTimestamp"] {
        if let Some(v) = before.pointer(&format!("/metadata/{key}")) {
            out["metadata"][key] = v.clone();
        }
    }
    out
}

/// A label selector such as `a=b,c!=d,e,!f`; the core's, shared with every store.
pub use meshctl_core::cluster::selector_matches as selects;

/// What the local mesh has no place for: every workload object (pods, Services,
/// ConfigMaps, …) is refused with a usage error that says what needs Kubernetes.
/// [`LocalCluster`] answers with it for every kind but the Gateway API's.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoWorkloads;

impl NoWorkloads {
    /// The refusal for `what` (`ConfigMap `settings``, `kind `Pod``).
    pub fn refuse(what: &str) -> Error {
        Error::usage(format!(
            "the local mesh holds only Istio's and the Gateway API's routing kinds; {what} needs a Kubernetes cluster"
        ))
        .with_hint(
            "apply it to a cluster (leave out `--target local`), or remove it from the files",
        )
    }

    fn kind(kind: &str) -> Error {
        Self::refuse(&format!("kind `{kind}`"))
    }
}

impl MeshStore for NoWorkloads {
    fn get<'a>(&'a self, object: &'a ObjectRef) -> StoreFuture<'a, Option<Value>> {
        Box::pin(async move { Err(Self::kind(&object.kind)) })
    }

    fn list<'a>(
        &'a self,
        _: &'a str,
        kind: &'a str,
        _: &'a ListQuery,
    ) -> StoreFuture<'a, Vec<Value>> {
        Box::pin(async move { Err(Self::kind(kind)) })
    }

    fn apply<'a>(&'a self, object: &'a Value, _: ApplyOptions) -> StoreFuture<'a, Applied> {
        Box::pin(async move {
            let what = match ObjectRef::of(object) {
                Some(r) => format!("{} `{}`", r.kind, r.name),
                None => "this object".to_string(),
            };
            Err(Self::refuse(&what))
        })
    }

    fn resolve<'a>(&'a self, _: &'a str, kind: &'a str) -> StoreFuture<'a, ObjectType> {
        Box::pin(async move { Err(Self::kind(kind)) })
    }

    fn resolve_name<'a>(&'a self, name: &'a str) -> StoreFuture<'a, ObjectType> {
        Box::pin(async move { Err(Self::kind(name)) })
    }

    fn update<'a>(
        &'a self,
        object: &'a ObjectRef,
        _: &'a mut Change<'a>,
    ) -> StoreFuture<'a, Value> {
        Box::pin(async move { Err(Self::kind(&object.kind)) })
    }

    fn delete<'a>(&'a self, object: &'a ObjectRef) -> StoreFuture<'a, bool> {
        Box::pin(async move { Err(Self::kind(&object.kind)) })
    }

    fn record_event<'a>(&'a self, _: &'a EventRecord) -> StoreFuture<'a, ()> {
        Box::pin(async move { Err(Self::kind("Event")) })
    }
}

impl meshctl_core::cluster::Cluster for NoWorkloads {
    fn scrape<'a>(
        &'a self,
        _: &'a str,
        pod: &'a str,
        _: u16,
        _: &'a str,
    ) -> StoreFuture<'a, String> {
        Box::pin(async move { Err(Self::refuse(&format!("scraping pod `{pod}`"))) })
    }
}

impl MeshStore for LocalMesh {
    fn get<'a>(&'a self, object: &'a ObjectRef) -> StoreFuture<'a, Option<Value>> {
        Box::pin(async move { self.read(object) })
    }

    fn list<'a>(
        &'a self,
        group: &'a str,
        kind: &'a str,
        query: &'a ListQuery,
    ) -> StoreFuture<'a, Vec<Value>> {
        Box::pin(async move {
            let all = files::read_kind(&self.layout.kind_dir(group, kind))?;
            Ok(all
                .into_iter()
                .filter(|o| {
                    query.namespace.as_deref().is_none_or(|ns| {
                        o.pointer("/metadata/namespace").and_then(Value::as_str) == Some(ns)
                    })
                })
                .filter(|o| {
                    query
                        .label_selector
                        .as_deref()
                        .is_none_or(|s| selects(s, o))
                })
                .collect())
        })
    }

    fn apply<'a>(&'a self, object: &'a Value, options: ApplyOptions) -> StoreFuture<'a, Applied> {
        Box::pin(self.apply_locked(object, options))
    }

    fn resolve<'a>(&'a self, api_version: &'a str, kind: &'a str) -> StoreFuture<'a, ObjectType> {
        // No discovery: the type as written (only Istio kinds reach the local mesh).
        Box::pin(async move { Ok(ObjectType::as_written(api_version, kind)) })
    }

    fn resolve_name<'a>(&'a self, name: &'a str) -> StoreFuture<'a, ObjectType> {
        Box::pin(async move {
            let Some(kind) = store::istio_kind_named(name) else {
                return Err(
                    Error::usage(format!("the local mesh has no kind `{name}`")).with_hint(
                        "it holds `virtualservice`, `destinationrule`, `gateway` and `serviceentry`, and the Gateway API's `httproute` and `gateways.gateway.networking.k8s.io`",
                    ),
                );
            };
            Ok(ObjectType::as_written(
                &format!("{}/v1", store::ISTIO_NETWORKING),
                kind,
            ))
        })
    }

    fn update<'a>(
        &'a self,
        object: &'a ObjectRef,
        change: &'a mut Change<'a>,
    ) -> StoreFuture<'a, Value> {
        Box::pin(async move {
            // The lock makes read–change–write one step: nobody can write in between,
            // so the resourceVersion precondition always holds here.
            let lock = files::lock(&self.layout).await?;
            let Some(live) = self.read(object)? else {
                return Err(Error::not_found(format!("{object} not found"))
                    .with_hint("check the name and the namespace (`-n`)"));
            };
            let mut next = live.clone();
            change(&mut next)?;
            if store::without_server_fields(&next) == store::without_server_fields(&live) {
                return Ok(live);
            }
            precondition(object, Some(&live), &next)?;
            self.stamp(&lock, Some(&live), &mut next)?;
            self.write(object, &next)?;
            self.sync(&lock).await?;
            Ok(next)
        })
    }

    fn delete<'a>(&'a self, object: &'a ObjectRef) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            let lock = files::lock(&self.layout).await?;
            let path = self.layout.object(object);
            match std::fs::remove_file(&path) {
                Ok(()) => {
                    self.sync(&lock).await?;
                    Ok(true)
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
                Err(e) => Err(Error::io(format!("cannot delete `{}`", path.display()), e)),
            }
        })
    }

    fn record_event<'a>(&'a self, event: &'a EventRecord) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let _lock = files::lock(&self.layout).await?;
            let line = json!({
                "time": jiff::Timestamp::now().to_string(),
                "object": event.object.to_string(),
                "kind": event.object.kind,
                "namespace": event.object.namespace,
                "name": event.object.name,
                "type": if event.warning { "Warning" } else { "Normal" },
                "reason": event.reason,
                "message": event.message,
            });
            use std::io::Write;
            let path = self.layout.events();
            let mut f = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
                .map_err(|e| Error::io(format!("cannot open `{}`", path.display()), e))?;
            writeln!(f, "{line}")
                .map_err(|e| Error::io(format!("cannot write `{}`", path.display()), e))
        })
    }
}

#[cfg(test)]
mod tests;
