//! The state directory on disk: where each piece lives, atomic writes, and the lock
//! that keeps two meshctl processes from interleaving their writes.

use meshctl_core::store::ObjectRef;
use meshctl_core::{Error, Result};
use serde_json::Value;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Paths inside one state directory.
#[derive(Debug, Clone)]
pub struct Layout {
    pub root: PathBuf,
}

impl Layout {
    pub fn resources(&self) -> PathBuf {
        self.root.join("resources")
    }
    /// `resources/networking.istio.io/VirtualService/shop/reviews.yaml`; the core group
    /// is `core`, cluster-scoped objects live under `_cluster`.
    pub fn object(&self, r: &ObjectRef) -> PathBuf {
        self.kind_dir(&r.group, &r.kind)
            .join(r.namespace.as_deref().unwrap_or("_cluster"))
            .join(format!("{}.yaml", r.name))
    }
    pub fn kind_dir(&self, group: &str, kind: &str) -> PathBuf {
        let group = if group.is_empty() { "core" } else { group };
        self.resources().join(group).join(kind)
    }
    pub fn lock(&self) -> PathBuf {
        self.root.join("lock")
    }
    pub fn revision(&self) -> PathBuf {
        self.root.join("revision")
    }
    pub fn endpoints(&self) -> PathBuf {
        self.root.join("endpoints.json")
    }
    pub fn events(&self) -> PathBuf {
        self.root.join("events.jsonl")
    }
    pub fn envoy_state(&self) -> PathBuf {
        self.root.join("envoy.json")
    }
    pub fn envoy_log(&self) -> PathBuf {
        self.root.join("envoy.log")
    }
    pub fn bootstrap(&self) -> PathBuf {
        self.root.join("bootstrap.json")
    }
    pub fn xds(&self) -> PathBuf {
        self.root.join("xds")
    }
    pub fn warnings(&self) -> PathBuf {
        self.root.join("warnings.json")
    }
    /// The local workloads (`local workload …`) and their own lock: starting one
    /// registers endpoints, which takes the mesh's lock.
    pub fn workloads(&self) -> PathBuf {
        self.root.join("workloads.json")
    }
    pub fn workloads_lock(&self) -> PathBuf {
        self.root.join("workloads.lock")
    }
    /// Where a workload's processes log: `workloads/NAME.log`.
    pub fn workload_log(&self, name: &str) -> PathBuf {
        self.root.join("workloads").join(format!("{name}.log"))
    }
}

/// Held while a process reads-and-writes the state; released on drop.
pub struct Lock {
    _file: File,
    /// This process's turn: the file lock is per open file, so two tasks of one
    /// process (an apply of several objects) would block each other's threads on it.
    _turn: tokio::sync::OwnedMutexGuard<()>,
}

/// Waits until this process holds the state directory's lock.
pub async fn lock(layout: &Layout) -> Result<Lock> {
    lock_at(&layout.lock()).await
}

/// Waits until this process holds the lock file `path`: first its turn among this
/// process's tasks, then the file lock among processes (waited for off the runtime's
/// threads).
pub async fn lock_at(path: &Path) -> Result<Lock> {
    let turn = turn_for(path).lock_owned().await;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Error::io(format!("cannot open the lock file `{}`", path.display()), e))?;
    let shown = path.display().to_string();
    let file = tokio::task::spawn_blocking(move || file.lock().map(|()| file))
        .await
        .map_err(|e| Error::internal(format!("waiting for the lock `{shown}` failed: {e}")))?
        .map_err(|e| Error::io(format!("cannot lock `{shown}`"), e))?;
    Ok(Lock {
        _file: file,
        _turn: turn,
    })
}

/// One async mutex per lock file, shared by every task of this process.
fn turn_for(path: &Path) -> std::sync::Arc<tokio::sync::Mutex<()>> {
    static TURNS: std::sync::OnceLock<
        std::sync::Mutex<
            std::collections::HashMap<PathBuf, std::sync::Arc<tokio::sync::Mutex<()>>>,
        >,
    > = std::sync::OnceLock::new();
    let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    TURNS
        .get_or_init(Default::default)
        .lock()
        .expect("poisoned")
        .entry(key)
        .or_default()
        .clone()
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`: a
/// reader (or Envoy's directory watch) sees the old file or the new one, never half.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)
        .map_err(|e| Error::io(format!("cannot create `{}`", dir.display()), e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io(format!("cannot write `{}`", path.display()), e)
    })
}

pub fn read_optional(path: &Path) -> Result<Option<String>> {
    match fs::read_to_string(path) {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(format!("cannot read `{}`", path.display()), e)),
    }
}

pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>> {
    match read_optional(path)? {
        None => Ok(None),
        Some(text) => serde_json::from_str(&text).map(Some).map_err(|e| {
            Error::config(format!("`{}` is not valid: {e}", path.display()))
                .with_hint("the local mesh state is damaged; remove the file or the state directory and run `meshctl local up` again")
        }),
    }
}

pub fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    write_atomic(path, text.as_bytes())
}

/// One stored object, parsed.
pub fn read_object(path: &Path) -> Result<Option<Value>> {
    let Some(text) = read_optional(path)? else {
        return Ok(None);
    };
    let docs = meshctl_core::yaml::parse_documents(&text)
        .map_err(|e| Error::config(format!("`{}` is not valid YAML: {e}", path.display())))?;
    Ok(docs.into_iter().next().map(|d| d.value))
}

/// Every object stored under `dir` (a kind's directory), sorted by namespace and name.
pub fn read_kind(dir: &Path) -> Result<Vec<Value>> {
    let mut paths = Vec::new();
    let Ok(namespaces) = fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    for ns in namespaces.flatten() {
        let Ok(files) = fs::read_dir(ns.path()) else {
            continue;
        };
        for f in files.flatten() {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "yaml")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                paths.push(p);
            }
        }
    }
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        if let Some(v) = read_object(&p)? {
            out.push(v);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // One thread: a task waiting on the lock must not block the one holding it.
    #[tokio::test(flavor = "current_thread")]
    async fn two_tasks_of_one_process_take_turns_at_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lock");
        let order = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let first = lock_at(&path).await.unwrap();
        let (p, o) = (path.clone(), order.clone());
        let second = tokio::spawn(async move {
            let _held = lock_at(&p).await.unwrap();
            o.lock().unwrap().push("second");
        });
        // The holder goes on awaiting while the other task waits for its turn.
        tokio::task::yield_now().await;
        order.lock().unwrap().push("first");
        drop(first);
        second.await.unwrap();
        assert_eq!(*order.lock().unwrap(), ["first", "second"]);
    }
}
