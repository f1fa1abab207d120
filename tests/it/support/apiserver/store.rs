//! The server's state: objects per group and resource (one `BTreeMap` each, so lists are
//! ordered and paging is a range scan), one global resourceVersion counter, a bounded
//! event history for watches that resume from a resourceVersion, the live watchers, and
//! what tests configured (faults, recorded requests, pod proxy targets).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use tokio::sync::mpsc::UnboundedSender;

use super::resources::{Registry, ResourceType};
use super::select::{FieldSelector, LabelSelector};
use super::{Fault, RecordedRequest};

pub type StoreKey = (String, String);
pub type ObjKey = (String, String);

/// One change, as watchers see it.
#[derive(Debug, Clone)]
pub struct Change {
    pub rv: u64,
    pub key: StoreKey,
    pub kind: &'static str,
    pub old: Option<Value>,
    pub new: Value,
}

pub struct Watcher {
    pub key: StoreKey,
    pub namespace: Option<String>,
    pub labels: LabelSelector,
    pub fields: FieldSelector,
    /// The type the watch was opened for: events are shown in its form.
    pub ty: ResourceType,
    pub tx: UnboundedSender<String>,
}

impl Watcher {
    fn matches(&self, obj: &Value) -> bool {
        let ns_ok = self.namespace.as_deref().is_none_or(|ns| {
            obj.pointer("/metadata/namespace").and_then(Value::as_str) == Some(ns)
        });
        ns_ok && self.labels.matches(obj) && self.fields.matches(obj)
    }

    /// The watch line for `change`, or `None` when this watcher does not see it.
    pub fn line_for(&self, change: &Change) -> Option<String> {
        if change.key != self.key {
            return None;
        }
        let now = self.matches(&change.new);
        let before = change.old.as_ref().is_some_and(|o| self.matches(o));
        let kind = match change.kind {
            "ADDED" if now => "ADDED",
            "MODIFIED" if now && before => "MODIFIED",
            "MODIFIED" if now => "ADDED",
            "MODIFIED" if before => "DELETED",
            "DELETED" if before || now => "DELETED",
            _ => return None,
        };
        Some(self.line(kind, &change.new))
    }

    pub fn line(&self, kind: &str, obj: &Value) -> String {
        let obj = self.ty.view(obj);
        let mut s = json!({"type": kind, "object": obj}).to_string();
        s.push('\n');
        s
    }
}

/// A write a test arranged to happen right after the next GET of an object.
pub struct ConcurrentWrite {
    pub key: StoreKey,
    pub ns: String,
    pub name: String,
    pub mutate: Box<dyn FnOnce(&mut Value) + Send>,
}

pub struct State {
    pub registry: Registry,
    pub objects: HashMap<StoreKey, BTreeMap<ObjKey, Value>>,
    pub rv: u64,
    pub history: VecDeque<Change>,
    pub history_limit: usize,
    pub watchers: Vec<Watcher>,
    pub requests: Vec<RecordedRequest>,
    pub faults: Vec<Fault>,
    pub delay: Option<Duration>,
    pub concurrent: Vec<ConcurrentWrite>,
    pub pod_proxies: HashMap<(String, String, Option<u16>), String>,
}

impl State {
    pub fn new(registry: Registry, history_limit: usize) -> Self {
        State {
            registry,
            objects: HashMap::new(),
            rv: 1,
            history: VecDeque::new(),
            history_limit,
            watchers: Vec::new(),
            requests: Vec::new(),
            faults: Vec::new(),
            delay: None,
            concurrent: Vec::new(),
            pod_proxies: HashMap::new(),
        }
    }

    pub fn get(&self, ty: &ResourceType, ns: &str, name: &str) -> Option<&Value> {
        self.objects
            .get(&ty.store_key())?
            .get(&(ns.to_string(), name.to_string()))
    }

    pub fn namespace_exists(&self, ns: &str) -> bool {
        self.objects
            .get(&(String::new(), "namespaces".to_string()))
            .is_some_and(|m| m.contains_key(&(String::new(), ns.to_string())))
    }

    /// Fills in what the server sets on create: uid, creationTimestamp, generation.
    pub fn init_metadata(&self, ty: &ResourceType, obj: &mut Value) {
        let meta = obj["metadata"].as_object_mut().expect("metadata");
        meta.insert("uid".into(), json!(new_uid()));
        meta.insert("creationTimestamp".into(), json!(now_rfc3339()));
        if ty.has_generation {
            meta.insert("generation".into(), json!(1));
        } else {
            meta.remove("generation");
        }
        if ty.group.is_empty() && ty.plural == "namespaces" {
            // What the namespace registry and controller add to every namespace.
            let name = meta.get("name").cloned().unwrap_or_default();
            obj["metadata"]["labels"]["kubernetes.io/metadata.name"] = name;
            obj["spec"]["finalizers"] = json!(["kubernetes"]);
            obj["status"] = json!({"phase": "Active"});
        }
    }

    /// Stores `obj` (or removes the object when `obj` is `None`), stamping a new
    /// resourceVersion and telling watchers. Returns what was stored (or deleted).
    pub fn commit(&mut self, ty: &ResourceType, ns: &str, name: &str, obj: Option<Value>) -> Value {
        self.rv += 1;
        let rv = self.rv;
        let key = ty.store_key();
        let map = self.objects.entry(key.clone()).or_default();
        let okey = (ns.to_string(), name.to_string());
        let old = map.get(&okey).cloned();
        let (kind, new) = match obj {
            Some(mut o) => {
                o["metadata"]["resourceVersion"] = json!(rv.to_string());
                map.insert(okey, o.clone());
                (if old.is_some() { "MODIFIED" } else { "ADDED" }, o)
            }
            None => {
                let mut o = map.remove(&okey).expect("deleting a stored object");
                o["metadata"]["resourceVersion"] = json!(rv.to_string());
                ("DELETED", o)
            }
        };
        let change = Change {
            rv,
            key,
            kind,
            old: if kind == "DELETED" {
                Some(new.clone())
            } else {
                old
            },
            new: new.clone(),
        };
        self.watchers.retain(|w| match w.line_for(&change) {
            Some(line) => w.tx.send(line).is_ok(),
            None => !w.tx.is_closed(),
        });
        self.history.push_back(change);
        while self.history.len() > self.history_limit {
            self.history.pop_front();
        }
        new
    }

    /// The oldest resourceVersion a watch can still resume from.
    pub fn oldest_resumable(&self) -> u64 {
        self.history.front().map(|c| c.rv - 1).unwrap_or(self.rv)
    }
}

/// A random UUID (version 4 layout), as the server assigns to every object.
pub fn new_uid() -> String {
    let n: u128 = rand::random();
    let hex = format!("{n:032x}");
    format!(
        "{}-{}-4{}-a{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

/// A random suffix for `generateName`, from the alphabet the server uses.
pub fn name_suffix() -> String {
    const ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    (0..5)
        .map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// The current time as RFC 3339 in seconds, like the server's timestamps.
pub fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
