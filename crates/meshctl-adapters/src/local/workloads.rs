//! [`Workloads`] on the local mesh: a workload is a set of `meshctl demo backend`
//! processes (one per replica) that meshctl starts detached, records in the state
//! directory's `workloads.json` and registers as endpoints of its service's subset (the
//! `version` label), so Envoy routes to them. Its "image" says how the backend behaves
//! (`core::local_workload::DemoImage`). A copy is ready when its process is still ours
//! (checked by command line, as Envoy's PID is) and answers on its port. Scaling to 0
//! stops the processes and removes the endpoints but keeps the entry; `delete` forgets
//! it. So `canary start --image` and the demos release a new version on one machine
//! the way they do on Kubernetes.

use super::LocalMesh;
use super::files::{self, Lock};
use super::process::{self, Backend};
use meshctl_core::envoy::Endpoint;
use meshctl_core::local_workload::{DemoImage, Instance, LocalWorkload};
use meshctl_core::store::StoreFuture;
use meshctl_core::workload::{NewWorkload, Workload, Workloads};
use meshctl_core::{Error, ErrorKind, Result};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

/// How long a started copy has to accept connections.
const START_PATIENCE: Duration = Duration::from_secs(10);
/// How long a stopped copy has to exit after SIGTERM before SIGKILL.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// The workloads of one local mesh.
pub struct LocalWorkloads {
    mesh: LocalMesh,
    /// The meshctl binary whose `demo backend` plays each copy.
    program: PathBuf,
}

/// What `meshctl local workload start` asks for.
#[derive(Debug, Clone)]
pub struct StartRequest {
    pub namespace: String,
    pub name: String,
    pub service: String,
    pub version: String,
    /// None: the stored one (a new workload: `demo`).
    pub image: Option<String>,
    /// None: the stored count, at least 1.
    pub replicas: Option<u32>,
    pub port: Option<u16>,
}

impl LocalWorkloads {
    /// The workloads of `mesh`, played by `program` (a meshctl binary).
    pub fn open(mesh: &LocalMesh, program: PathBuf) -> Result<LocalWorkloads> {
        Ok(LocalWorkloads {
            mesh: LocalMesh::open(mesh.dir())?,
            program,
        })
    }

    /// The workloads of `mesh`, played by the running meshctl itself: what
    /// `--target local` uses.
    pub fn for_meshctl(mesh: &LocalMesh) -> Result<LocalWorkloads> {
        let program =
            std::env::current_exe().map_err(|e| Error::io("cannot find meshctl itself", e))?;
        Self::open(mesh, program)
    }

    async fn lock(&self) -> Result<Lock> {
        files::lock_at(&self.mesh.layout.workloads_lock()).await
    }

    fn load(&self) -> Result<Vec<LocalWorkload>> {
        Ok(files::read_json(&self.mesh.layout.workloads())?.unwrap_or_default())
    }

    fn save(&self, all: &[LocalWorkload], _lock: &Lock) -> Result<()> {
        files::write_json(&self.mesh.layout.workloads(), &all)
    }

    /// Every workload with its ready copies.
    pub async fn list(&self) -> Result<Vec<(LocalWorkload, u32)>> {
        let mut out = Vec::new();
        for w in self.load()? {
            let ready = self.ready(&w).await;
            out.push((w, ready));
        }
        Ok(out)
    }

    /// Whether `instance` is still the backend this workload started.
    fn is_ours(w: &LocalWorkload, instance: &Instance) -> bool {
        let Ok(version) = w.subset() else {
            return false;
        };
        process::cmdline(instance.pid)
            .is_some_and(|args| Backend::matches(&args, &w.service, version, instance.port))
    }

    /// Copies whose process is ours and answers on its port.
    async fn ready(&self, w: &LocalWorkload) -> u32 {
        let mut n = 0;
        for i in &w.instances {
            if Self::is_ours(w, i) && process::answers(i.port).await {
                n += 1;
            }
        }
        n
    }

    fn endpoint(w: &LocalWorkload, subset: &str, i: &Instance) -> Endpoint {
        Endpoint {
            service: w.service.clone(),
            namespace: w.namespace.clone(),
            subset: subset.to_string(),
            address: i.address(),
        }
    }

    /// Starts copy number `n` of `w`, waits until it answers, registers its endpoint.
    async fn start_instance(&self, w: &LocalWorkload, n: u32) -> Result<Instance> {
        let subset = w.subset()?;
        let port = match w.port_of(n) {
            Some(p) => {
                super::envoy::check_port_free(p, "--port")?;
                p
            }
            None => process::free_port()?,
        };
        let flags = DemoImage::parse(&w.image)?.backend_args();
        let log = self.mesh.layout.workload_log(&w.name);
        let mut child = Backend {
            program: &self.program,
            service: &w.service,
            version: subset,
            port,
            flags: &flags,
            log: Some(&log),
        }
        .spawn()?;
        let instance = Instance {
            pid: child.id(),
            port,
        };
        // Still our child here (its command line may not be the backend's yet, before
        // its exec): watched and, on failure, killed through the handle.
        let listening = process::wait_listening(port, START_PATIENCE, || {
            matches!(child.try_wait(), Ok(None))
        })
        .await;
        if !listening {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::new(
                ErrorKind::Unavailable,
                format!(
                    "workload `{}` did not start: its backend (PID {}) does not answer on 127.0.0.1:{port}",
                    w.name, instance.pid
                ),
            )
            .with_hint(format!("see its log `{}`", log.display())));
        }
        process::reap(child);
        self.mesh
            .add_endpoint(Self::endpoint(w, subset, &instance))
            .await?;
        Ok(instance)
    }

    /// Unregisters the copy (Envoy stops routing to it first), then stops its process
    /// if it is still ours.
    async fn stop_instance(&self, w: &LocalWorkload, instance: &Instance) -> Result<()> {
        let subset = w.subset()?;
        self.mesh
            .remove_endpoint(&w.service, &w.namespace, subset, Some(&instance.address()))
            .await?;
        self.stop_process(w, instance).await
    }

    async fn stop_process(&self, w: &LocalWorkload, instance: &Instance) -> Result<()> {
        if Self::is_ours(w, instance) {
            process::stop(instance.pid, || Self::is_ours(w, instance), STOP_GRACE).await?;
        }
        Ok(())
    }

    /// Brings the running copies to `w.replicas`: copies that died are unregistered
    /// and replaced, extra ones stopped (the last first). `w.instances` says what runs
    /// even when this fails half-way, so the caller records the truth.
    async fn reconcile(&self, w: &mut LocalWorkload) -> Result<()> {
        let (alive, dead): (Vec<Instance>, Vec<Instance>) =
            w.instances.iter().partition(|i| Self::is_ours(w, i));
        for i in &dead {
            self.stop_instance(w, i).await?;
        }
        w.instances = alive;
        w.instances.sort_by_key(|i| i.port);
        while w.instances.len() > w.replicas as usize {
            if let Some(last) = w.instances.last().copied() {
                self.stop_instance(w, &last).await?;
                w.instances.pop();
            }
        }
        // With `--port`, copy `n` always listens on `port + n`, also after a restart.
        let missing: Vec<u32> = match w.port {
            Some(_) => (0..w.replicas)
                .filter(|n| !w.instances.iter().any(|i| Some(i.port) == w.port_of(*n)))
                .collect(),
            None => (w.instances.len() as u32..w.replicas).collect(),
        };
        for n in missing {
            let instance = self.start_instance(w, n).await?;
            w.instances.push(instance);
        }
        w.instances.sort_by_key(|i| i.port);
        Ok(())
    }

    /// Stops every copy of `w` (its entry keeps its replicas unless the caller changes
    /// them).
    async fn stop_all_of(&self, w: &mut LocalWorkload) -> Result<()> {
        while let Some(last) = w.instances.last().copied() {
            self.stop_instance(w, &last).await?;
            w.instances.pop();
        }
        Ok(())
    }

    /// Runs `change` on the entry `namespace/name` under the lock, then records what
    /// runs (also when `change` failed half-way); not found when there is no such entry.
    async fn with_entry<T>(
        &self,
        namespace: &str,
        name: &str,
        change: impl AsyncFnOnce(&Self, &mut LocalWorkload) -> Result<T>,
    ) -> Result<T> {
        let lock = self.lock().await?;
        let mut all = self.load()?;
        let Some(i) = index_of(&all, namespace, name) else {
            return Err(not_found(namespace, name));
        };
        let result = change(self, &mut all[i]).await;
        self.save(&all, &lock)?;
        result
    }

    /// `local workload start`: creates the workload, or brings a stopped or changed one
    /// back to its replicas (with the new image, restarted). Returns the entry, its
    /// ready copies, and `true` when it is new.
    pub async fn start(&self, req: &StartRequest) -> Result<(LocalWorkload, u32, bool)> {
        let lock = self.lock().await?;
        let mut all = self.load()?;
        let existing = index_of(&all, &req.namespace, &req.name);
        let (index, created) = match existing {
            Some(i) => {
                let w = &all[i];
                if w.service != req.service || w.subset().ok() != Some(req.version.as_str()) {
                    return Err(Error::new(
                        ErrorKind::Conflict,
                        format!(
                            "workload `{}/{}` exists and serves `{}` version `{}`",
                            w.namespace,
                            w.name,
                            w.service,
                            w.subset().unwrap_or("?")
                        ),
                    )
                    .with_hint("choose another `--name`, or delete it with `meshctl local workload delete NAME`"));
                }
                (i, false)
            }
            None => {
                let image = req
                    .image
                    .as_deref()
                    .unwrap_or(meshctl_core::local_workload::DEFAULT_IMAGE);
                let w = LocalWorkload::new(
                    &req.namespace,
                    &req.name,
                    &req.service,
                    &req.version,
                    image,
                    req.replicas.unwrap_or(1),
                    jiff::Timestamp::now(),
                )?;
                all.push(w);
                (all.len() - 1, true)
            }
        };
        let w = &mut all[index];
        let result = async {
            if let Some(image) = &req.image
                && *image != w.image
            {
                DemoImage::parse(image)?;
                self.stop_all_of(w).await?;
                w.image = image.clone();
            }
            if req.port.is_some() && req.port != w.port {
                self.stop_all_of(w).await?;
                w.port = req.port;
            }
            w.replicas = req.replicas.unwrap_or(w.replicas.max(1));
            self.reconcile(w).await
        }
        .await;
        if result.is_err() && created {
            // A new workload that could not start is not kept half-started.
            self.stop_all_of(w).await?;
            all.pop();
        }
        self.save(&all, &lock)?;
        result?;
        let w = all.swap_remove(index);
        let ready = self.ready(&w).await;
        Ok((w, ready, created))
    }

    /// Stops the processes of every workload (`local down`); their entries keep their
    /// replicas, so `local workload start` brings them back. Returns how many copies
    /// were stopped.
    pub async fn stop_all(&self) -> Result<usize> {
        let lock = self.lock().await?;
        let mut all = self.load()?;
        let mut stopped = 0;
        let mut result = Ok(());
        for w in &mut all {
            let before = w.instances.len();
            result = self.stop_all_of(w).await;
            stopped += before - w.instances.len();
            if result.is_err() {
                break;
            }
        }
        self.save(&all, &lock)?;
        result.map(|()| stopped)
    }

    async fn find_now(
        &self,
        namespace: &str,
        labels: &BTreeMap<String, String>,
    ) -> Result<Vec<Workload>> {
        let mut out = Vec::new();
        for (w, ready) in self.list().await? {
            if w.namespace == namespace && w.selected_by(labels) {
                out.push(w.to_workload(ready));
            }
        }
        Ok(out)
    }

    async fn get_now(&self, namespace: &str, name: &str) -> Result<Option<Workload>> {
        for (w, ready) in self.list().await? {
            if w.namespace == namespace && w.name == name {
                return Ok(Some(w.to_workload(ready)));
            }
        }
        Ok(None)
    }

    fn snapshot_now(&self, namespace: &str, name: &str) -> Result<Value> {
        let all = self.load()?;
        let i = index_of(&all, namespace, name).ok_or_else(|| not_found(namespace, name))?;
        Ok(serde_json::to_value(&all[i])?)
    }

    async fn create_now(&self, new: &NewWorkload) -> Result<Workload> {
        DemoImage::parse(&new.image)?;
        let lock = self.lock().await?;
        let mut all = self.load()?;
        if let Some(i) = index_of(&all, &new.namespace, &new.name) {
            let w = &all[i];
            if w.from.as_deref() == Some(new.from.as_str()) && w.selected_by(&new.labels) {
                return Ok(w.to_workload(self.ready(w).await));
            }
            return Err(Error::new(
                ErrorKind::Conflict,
                format!(
                    "workload `{}/{}` exists and is not a copy of `{}`",
                    new.namespace, new.name, new.from
                ),
            )
            .with_hint(
                "delete it with `meshctl local workload delete NAME`, or choose another name",
            ));
        }
        let Some(from) = index_of(&all, &new.namespace, &new.from).map(|i| all[i].clone()) else {
            return Err(Error::not_found(format!(
                "the local mesh has no workload `{}/{}` to copy",
                new.namespace, new.from
            ))
            .with_hint(
                "on the local mesh the stable version must be a workload too: `meshctl local workload start SERVICE --version VERSION`",
            ));
        };
        let mut labels = from.labels.clone();
        labels.extend(new.labels.clone());
        // The copy has one process per replica and so one "container": `container`
        // names it whatever it says.
        let mut w = LocalWorkload {
            namespace: new.namespace.clone(),
            name: new.name.clone(),
            service: from.service.clone(),
            labels,
            image: new.image.clone(),
            replicas: new.replicas.unwrap_or(from.replicas.max(1)),
            port: None,
            from: Some(new.from.clone()),
            instances: Vec::new(),
            created_at: jiff::Timestamp::now(),
        };
        w.subset()?;
        if let Err(e) = self.reconcile(&mut w).await {
            self.stop_all_of(&mut w).await?;
            return Err(e);
        }
        let ready = self.ready(&w).await;
        let out = w.to_workload(ready);
        all.push(w);
        self.save(&all, &lock)?;
        Ok(out)
    }

    async fn restore_now(&self, snapshot: &Value) -> Result<()> {
        let mut wanted: LocalWorkload = serde_json::from_value(snapshot.clone())
            .map_err(|e| Error::invalid(format!("not a snapshot of a local workload: {e}")))?;
        let lock = self.lock().await?;
        let mut all = self.load()?;
        let at = index_of(&all, &wanted.namespace, &wanted.name);
        // What runs now is the truth; the snapshot's copies may be long gone.
        wanted.instances.clear();
        let result = match at {
            Some(i) => {
                let current = &mut all[i];
                let mut same = current.clone();
                same.instances.clear();
                if same != wanted {
                    let stopped = self.stop_all_of(current).await;
                    if stopped.is_ok() {
                        *current = wanted;
                    }
                    stopped
                } else {
                    Ok(())
                }
            }
            None => {
                all.push(wanted);
                Ok(())
            }
        };
        let i = at.unwrap_or(all.len() - 1);
        let result = match result {
            Ok(()) => self.reconcile(&mut all[i]).await,
            Err(e) => Err(e),
        };
        self.save(&all, &lock)?;
        result
    }

    async fn delete_now(&self, namespace: &str, name: &str) -> Result<()> {
        let lock = self.lock().await?;
        let mut all = self.load()?;
        let Some(i) = index_of(&all, namespace, name) else {
            return Ok(());
        };
        let result = self.stop_all_of(&mut all[i]).await;
        if result.is_ok() {
            all.remove(i);
        }
        self.save(&all, &lock)?;
        result
    }

    /// Whether `namespace/name` is recorded (`local workload delete` says when not).
    pub fn exists(&self, namespace: &str, name: &str) -> Result<bool> {
        Ok(index_of(&self.load()?, namespace, name).is_some())
    }
}

/// Kills every recorded copy in the state directory `dir` that is still ours and waits
/// (bounded) until each has exited: for a `Drop` that cleans up after a demo, where
/// nothing can be awaited and nothing may be left running.
pub fn kill_recorded(dir: &std::path::Path) {
    let layout = files::Layout {
        root: dir.to_path_buf(),
    };
    let all: Vec<LocalWorkload> = files::read_json(&layout.workloads())
        .ok()
        .flatten()
        .unwrap_or_default();
    for w in &all {
        for i in w.instances.iter().filter(|i| LocalWorkloads::is_ours(w, i)) {
            let _ = process::signal(i.pid, "KILL");
            for _ in 0..150 {
                if process::has_exited(i.pid) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

/// Where `namespace/name` is in `all`.
fn index_of(all: &[LocalWorkload], namespace: &str, name: &str) -> Option<usize> {
    all.iter()
        .position(|w| w.namespace == namespace && w.name == name)
}

/// No workload `namespace/name`, with where to look.
pub fn not_found(namespace: &str, name: &str) -> Error {
    Error::not_found(format!(
        "the local mesh has no workload `{namespace}/{name}`"
    ))
    .with_hint("see them with `meshctl local workload list`")
}

impl Workloads for LocalWorkloads {
    fn find<'a>(
        &'a self,
        namespace: &'a str,
        labels: &'a BTreeMap<String, String>,
    ) -> StoreFuture<'a, Vec<Workload>> {
        Box::pin(self.find_now(namespace, labels))
    }

    fn get<'a>(&'a self, namespace: &'a str, name: &'a str) -> StoreFuture<'a, Option<Workload>> {
        Box::pin(self.get_now(namespace, name))
    }

    fn snapshot<'a>(&'a self, namespace: &'a str, name: &'a str) -> StoreFuture<'a, Value> {
        Box::pin(async move { self.snapshot_now(namespace, name) })
    }

    fn create<'a>(&'a self, new: &'a NewWorkload) -> StoreFuture<'a, Workload> {
        Box::pin(self.create_now(new))
    }

    fn set_image<'a>(
        &'a self,
        namespace: &'a str,
        name: &'a str,
        _container: Option<&'a str>,
        image: &'a str,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            DemoImage::parse(image)?;
            self.with_entry(namespace, name, async |this, w| {
                if w.image == image {
                    return Ok(());
                }
                // A process cannot change its behaviour: the copies are restarted.
                this.stop_all_of(w).await?;
                w.image = image.to_string();
                this.reconcile(w).await
            })
            .await
        })
    }

    fn scale<'a>(
        &'a self,
        namespace: &'a str,
        name: &'a str,
        replicas: u32,
    ) -> StoreFuture<'a, ()> {
        Box::pin(self.with_entry(namespace, name, async move |this, w| {
            w.replicas = replicas;
            this.reconcile(w).await
        }))
    }

    fn restore<'a>(&'a self, snapshot: &'a Value) -> StoreFuture<'a, ()> {
        Box::pin(self.restore_now(snapshot))
    }

    fn delete<'a>(&'a self, namespace: &'a str, name: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(self.delete_now(namespace, name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workloads(dir: &std::path::Path) -> LocalWorkloads {
        let mesh = LocalMesh::open(dir).unwrap();
        LocalWorkloads::open(&mesh, PathBuf::from("no-such-meshctl")).unwrap()
    }

    #[tokio::test]
    async fn the_state_file_holds_the_entries_and_a_snapshot_restores_one() {
        let dir = tempfile::tempdir().unwrap();
        let wl = workloads(dir.path());
        assert!(wl.list().await.unwrap().is_empty());
        let now = jiff::Timestamp::from_second(1_790_000_000).unwrap();
        let mut w =
            LocalWorkload::new("default", "reviews-v1", "reviews", "v1", "demo", 0, now).unwrap();
        // A PID that is not a backend of this workload is never counted (or killed).
        w.instances = vec![Instance {
            pid: std::process::id(),
            port: 1,
        }];
        wl.save(std::slice::from_ref(&w), &wl.lock().await.unwrap())
            .unwrap();
        let text = std::fs::read_to_string(dir.path().join("workloads.json")).unwrap();
        assert!(text.contains("\"service\": \"reviews\""), "{text}");
        let listed = wl.list().await.unwrap();
        assert_eq!(listed, [(w.clone(), 0)]);
        let seen = wl.get_now("default", "reviews-v1").await.unwrap().unwrap();
        assert_eq!((seen.replicas, seen.ready), (0, 0));
        let v1 = BTreeMap::from([("version".to_string(), "v1".to_string())]);
        assert_eq!(wl.find_now("default", &v1).await.unwrap().len(), 1);
        assert!(wl.find_now("shop", &v1).await.unwrap().is_empty());

        let snap = wl.snapshot_now("default", "reviews-v1").unwrap();
        // Restoring 0 replicas starts nothing; the dead copy is dropped, this process
        // (not ours) is left alone.
        wl.restore_now(&snap).await.unwrap();
        assert!(wl.load().unwrap()[0].instances.is_empty());
        wl.delete_now("default", "reviews-v1").await.unwrap();
        assert!(!wl.exists("default", "reviews-v1").unwrap());
        // Gone already is not an error; a snapshot of nothing is.
        wl.delete_now("default", "reviews-v1").await.unwrap();
        let err = wl.snapshot_now("default", "reviews-v1").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert!(wl.restore_now(&serde_json::json!({"x": 1})).await.is_err());
    }

    #[tokio::test]
    async fn a_copy_needs_a_stable_workload_and_a_demo_image() {
        let dir = tempfile::tempdir().unwrap();
        let wl = workloads(dir.path());
        let mut new = NewWorkload {
            namespace: "default".into(),
            name: "reviews-v2".into(),
            from: "reviews-v1".into(),
            labels: BTreeMap::from([("version".to_string(), "v2".to_string())]),
            image: "nginx:1.27".into(),
            container: None,
            replicas: None,
        };
        let err = wl.create_now(&new).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Usage);
        new.image = "demo:error-rate=0.1".into();
        let err = wl.create_now(&new).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert!(err.hints()[0].contains("local workload start"), "{err:?}");
    }
}
