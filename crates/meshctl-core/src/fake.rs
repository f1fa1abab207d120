//! Test doubles of the ports, in memory: a store of whole objects that is both a
//! [`MeshStore`] and a workload [`Cluster`] (with canned proxy stats), and a
//! [`MetricSource`] that answers what a test chose, and a [`Poster`] that answers
//! POSTs from a script. Commands run against them exactly
//! as against Kubernetes, so a command's test needs no server.
//!
//! They keep the stores' contracts that commands rely on: apply says created,
//! configured or unchanged and bumps `resourceVersion` only on a change; update re-runs
//! the change on the stored object; lists filter by namespace and label selector.

use crate::cluster::{Cluster, selector_matches};
use crate::duration::Duration;
use crate::error::Error;
use crate::http::{Post, PostError, PostFuture, Poster, Reply};
use crate::metrics::{
    Counts, MetricSource, Sample, SourceError, SourceErrorKind, SourceFuture, Target,
};
use crate::store::{
    self, Applied, ApplyOptions, Change, EventRecord, ListQuery, MeshStore, ObjectRef, ObjectType,
    StoreFuture,
};
use serde_json::Value;
use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex;

/// Kinds that live outside namespaces, as far as the fake knows them.
const CLUSTER_SCOPED: [&str; 4] = ["Namespace", "ClusterRole", "ClusterRoleBinding", "Node"];

/// `(apiVersion, kind)` of the short and plural names people type for workload kinds.
const WORKLOAD_NAMES: [(&[&str], &str, &str); 7] = [
    (&["po", "pod", "pods"], "v1", "Pod"),
    (&["svc", "service", "services"], "v1", "Service"),
    (
        &["deploy", "deployment", "deployments"],
        "apps/v1",
        "Deployment",
    ),
    (&["cm", "configmap", "configmaps"], "v1", "ConfigMap"),
    (&["secret", "secrets"], "v1", "Secret"),
    (
        &["sa", "serviceaccount", "serviceaccounts"],
        "v1",
        "ServiceAccount",
    ),
    (&["ns", "namespace", "namespaces"], "v1", "Namespace"),
];

/// An in-memory store of whole objects: a mesh store, a workload cluster, or both.
pub struct FakeStore {
    namespace: String,
    objects: Mutex<BTreeMap<ObjectRef, Value>>,
    events: Mutex<Vec<EventRecord>>,
    scrapes: Mutex<BTreeMap<(String, String, u16), VecDeque<String>>>,
    version: Mutex<u64>,
}

impl Default for FakeStore {
    fn default() -> Self {
        FakeStore::new("default")
    }
}

impl FakeStore {
    /// An empty store whose default namespace is `namespace`.
    pub fn new(namespace: &str) -> Self {
        FakeStore {
            namespace: namespace.to_string(),
            objects: Mutex::new(BTreeMap::new()),
            events: Mutex::new(Vec::new()),
            scrapes: Mutex::new(BTreeMap::new()),
            version: Mutex::new(0),
        }
    }

    /// The store holding `objects` (each gets the default namespace unless it names
    /// one, and a `resourceVersion`).
    pub fn with(self, objects: impl IntoIterator<Item = Value>) -> Self {
        for object in objects {
            self.insert(object);
        }
        self
    }

    /// Puts `object` in the store as is (no managed-by label), replacing any other of
    /// the same identity.
    pub fn insert(&self, mut object: Value) {
        let ty = type_of(&object);
        if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
            if ty.namespaced {
                meta.entry("namespace")
                    .or_insert_with(|| Value::String(self.namespace.clone()));
            }
            meta.insert("resourceVersion".into(), Value::String(self.next_version()));
        }
        if let Some(key) = ObjectRef::of(&object) {
            self.lock().insert(key, object);
        }
    }

    /// The stored object, if any.
    pub fn object(&self, key: &ObjectRef) -> Option<Value> {
        self.lock().get(key).cloned()
    }

    /// Every event recorded so far, oldest first.
    pub fn events(&self) -> Vec<EventRecord> {
        self.events.lock().expect("poisoned").clone()
    }

    /// Adds an answer of [`Cluster::scrape`] for `port` of pod `namespace/pod`: scrapes
    /// answer the bodies in the order they were added, then the last one again (so
    /// counters can grow between two scrapes). Pods without an answer are unreachable.
    pub fn set_scrape(&self, namespace: &str, pod: &str, port: u16, body: &str) {
        self.scrapes
            .lock()
            .expect("poisoned")
            .entry((namespace.to_string(), pod.to_string(), port))
            .or_default()
            .push_back(body.to_string());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<ObjectRef, Value>> {
        self.objects.lock().expect("poisoned")
    }

    fn next_version(&self) -> String {
        let mut v = self.version.lock().expect("poisoned");
        *v += 1;
        v.to_string()
    }

    fn store(&self, key: ObjectRef, mut object: Value) -> Value {
        if let Some(meta) = object.get_mut("metadata").and_then(Value::as_object_mut) {
            meta.insert("resourceVersion".into(), Value::String(self.next_version()));
        }
        self.lock().insert(key, object.clone());
        object
    }
}

/// The type of an object as written, namespaced unless the fake knows better.
fn type_of(object: &Value) -> ObjectType {
    let api_version = object
        .get("apiVersion")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let kind = object
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or_default();
    written(api_version, kind)
}

fn written(api_version: &str, kind: &str) -> ObjectType {
    ObjectType {
        namespaced: !CLUSTER_SCOPED.contains(&kind),
        ..ObjectType::as_written(api_version, kind)
    }
}

impl MeshStore for FakeStore {
    fn default_namespace(&self) -> &str {
        &self.namespace
    }

    fn get<'a>(&'a self, object: &'a ObjectRef) -> StoreFuture<'a, Option<Value>> {
        Box::pin(async move { Ok(self.object(object)) })
    }

    fn list<'a>(
        &'a self,
        group: &'a str,
        kind: &'a str,
        query: &'a ListQuery,
    ) -> StoreFuture<'a, Vec<Value>> {
        Box::pin(async move {
            Ok(self
                .lock()
                .iter()
                .filter(|(k, _)| k.group == group && k.kind == kind)
                .filter(|(k, _)| {
                    query
                        .namespace
                        .as_ref()
                        .is_none_or(|ns| k.namespace.as_ref() == Some(ns))
                })
                .filter(|(_, o)| {
                    query
                        .label_selector
                        .as_deref()
                        .is_none_or(|s| selector_matches(s, o))
                })
                .map(|(_, o)| o.clone())
                .collect())
        })
    }

    fn apply<'a>(&'a self, object: &'a Value, options: ApplyOptions) -> StoreFuture<'a, Applied> {
        Box::pin(async move {
            let prepared = store::prepare(&type_of(object), object, &self.namespace)?;
            let key = ObjectRef::of(&prepared)
                .ok_or_else(|| Error::invalid("the object has no `apiVersion`, `kind` or name"))?;
            let before = self.object(&key);
            let mut after = prepared;
            if let (Some(meta), Some(rv)) = (
                after.get_mut("metadata").and_then(Value::as_object_mut),
                before
                    .as_ref()
                    .and_then(|b| b.pointer("/metadata/resourceVersion"))
                    .cloned(),
            ) {
                meta.insert("resourceVersion".into(), rv);
            }
            let outcome = store::classify(before.as_ref(), &after);
            if !options.dry_run && outcome != store::ApplyOutcome::Unchanged {
                after = self.store(key, after);
            }
            Ok(Applied {
                outcome,
                object: after,
            })
        })
    }

    fn resolve<'a>(&'a self, api_version: &'a str, kind: &'a str) -> StoreFuture<'a, ObjectType> {
        Box::pin(async move { Ok(written(api_version, kind)) })
    }

    fn resolve_name<'a>(&'a self, name: &'a str) -> StoreFuture<'a, ObjectType> {
        Box::pin(async move {
            if let Some(kind) = store::istio_kind_named(name) {
                return Ok(written(&format!("{}/v1", store::ISTIO_NETWORKING), kind));
            }
            let lower = name.to_lowercase();
            WORKLOAD_NAMES
                .iter()
                .find(|(names, _, _)| names.contains(&lower.as_str()))
                .map(|(_, api_version, kind)| written(api_version, kind))
                .ok_or_else(|| Error::usage(format!("no resource type `{name}`")))
        })
    }

    fn update<'a>(
        &'a self,
        object: &'a ObjectRef,
        change: &'a mut Change<'a>,
    ) -> StoreFuture<'a, Value> {
        Box::pin(async move {
            let Some(live) = self.object(object) else {
                return Err(Error::not_found(format!("{object} not found")));
            };
            let mut next = live.clone();
            change(&mut next)?;
            if store::without_server_fields(&next) == store::without_server_fields(&live) {
                return Ok(live);
            }
            Ok(self.store(object.clone(), next))
        })
    }

    fn delete<'a>(&'a self, object: &'a ObjectRef) -> StoreFuture<'a, bool> {
        Box::pin(async move { Ok(self.lock().remove(object).is_some()) })
    }

    fn record_event<'a>(&'a self, event: &'a EventRecord) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            self.events.lock().expect("poisoned").push(event.clone());
            Ok(())
        })
    }
}

impl Cluster for FakeStore {
    fn scrape<'a>(
        &'a self,
        namespace: &'a str,
        pod: &'a str,
        port: u16,
        _path: &'a str,
    ) -> StoreFuture<'a, String> {
        Box::pin(async move {
            let mut scrapes = self.scrapes.lock().expect("poisoned");
            let bodies = scrapes.get_mut(&(namespace.to_string(), pod.to_string(), port));
            bodies
                .and_then(|b| {
                    if b.len() > 1 {
                        b.pop_front()
                    } else {
                        b.front().cloned()
                    }
                })
                .ok_or_else(|| {
                    Error::new(
                        crate::ErrorKind::Unavailable,
                        format!("pod `{namespace}/{pod}` port {port} does not answer"),
                    )
                })
        })
    }
}

/// A metric source that answers each subset with the sample (or error) a test set,
/// and remembers what it was asked.
#[derive(Default)]
pub struct FixedSource {
    answers: BTreeMap<String, std::result::Result<Sample, SourceError>>,
    counts: BTreeMap<String, Counts>,
    asked: Mutex<Vec<(Target, Duration)>>,
}

impl FixedSource {
    /// `subset` answers with `sample`.
    pub fn with(mut self, subset: &str, sample: Sample) -> Self {
        self.answers.insert(subset.to_string(), Ok(sample));
        self
    }

    /// `subset` of `service` alone answers with `sample` (before any answer of
    /// [`FixedSource::with`] for the subset): services that share subset names.
    pub fn with_service(mut self, service: &str, subset: &str, sample: Sample) -> Self {
        self.answers
            .insert(format!("{service}/{subset}"), Ok(sample));
        self
    }

    /// `subset` counts `counts` since any stage began (requests, errors, latency
    /// histogram); a subset without counts cannot count (`Unsupported`).
    pub fn with_counts(mut self, subset: &str, counts: Counts) -> Self {
        self.counts.insert(subset.to_string(), counts);
        self
    }

    /// `subset` answers with `error`.
    pub fn failing(mut self, subset: &str, error: SourceError) -> Self {
        self.answers.insert(subset.to_string(), Err(error));
        self
    }

    /// The targets and windows asked for, in order.
    pub fn asked(&self) -> Vec<(Target, Duration)> {
        self.asked.lock().expect("poisoned").clone()
    }
}

impl MetricSource for FixedSource {
    fn sample<'a>(&'a self, target: &'a Target, window: Duration) -> SourceFuture<'a, Sample> {
        Box::pin(async move {
            self.asked
                .lock()
                .expect("poisoned")
                .push((target.clone(), window));
            let own = format!("{}/{}", target.service, target.subset);
            match self
                .answers
                .get(&own)
                .or_else(|| self.answers.get(&target.subset))
            {
                Some(answer) => answer.clone(),
                None => Err(SourceError::new(
                    SourceErrorKind::NoData,
                    format!("no data for subset `{}`", target.subset),
                )),
            }
        })
    }

    fn counts<'a>(&'a self, target: &'a Target, _age: Duration) -> SourceFuture<'a, Counts> {
        Box::pin(async move {
            self.counts.get(&target.subset).cloned().ok_or_else(|| {
                SourceError::new(
                    SourceErrorKind::Unsupported,
                    format!("no counts for subset `{}`", target.subset),
                )
            })
        })
    }
}

/// A [`Poster`] that answers from a script (per URL, in order; the last answer
/// repeats) and remembers every request, for tests of hooks and notifications that
/// need no server.
#[derive(Default)]
pub struct FakePoster {
    answers: Mutex<BTreeMap<String, VecDeque<std::result::Result<Reply, PostError>>>>,
    sent: Mutex<Vec<Post>>,
}

impl FakePoster {
    /// `url` answers with `status` (and an empty body) from now on, after any answers
    /// queued before.
    pub fn answer(self, url: &str, status: u16) -> Self {
        self.push(
            url,
            Ok(Reply {
                status,
                body: String::new(),
            }),
        );
        self
    }

    /// `url` fails without an answer (connection refused, timeout).
    pub fn fail(self, url: &str, message: &str) -> Self {
        self.push(
            url,
            Err(PostError {
                timed_out: false,
                message: message.to_string(),
            }),
        );
        self
    }

    fn push(&self, url: &str, answer: std::result::Result<Reply, PostError>) {
        self.answers
            .lock()
            .expect("poisoned")
            .entry(url.to_string())
            .or_default()
            .push_back(answer);
    }

    /// Every request sent, in order.
    pub fn sent(&self) -> Vec<Post> {
        self.sent.lock().expect("poisoned").clone()
    }
}

impl Poster for FakePoster {
    fn post<'a>(&'a self, request: &'a Post) -> PostFuture<'a> {
        Box::pin(async move {
            self.sent.lock().expect("poisoned").push(request.clone());
            let mut answers = self.answers.lock().expect("poisoned");
            let Some(queue) = answers.get_mut(&request.url) else {
                return Err(PostError {
                    timed_out: false,
                    message: format!("connection refused ({})", request.redacted_url()),
                });
            };
            if queue.len() > 1 {
                queue.pop_front().expect("non-empty")
            } else {
                queue.front().cloned().expect("answers are never empty")
            }
        })
    }
}

/// Runs a future over the fakes to its end, for the core's tests (which have no
/// runtime): the fakes never wait, so one poll finishes it.
#[cfg(test)]
pub(crate) fn block_on<F: std::future::Future>(f: F) -> F::Output {
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => panic!("the fake waited"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ApplyOutcome;
    use serde_json::json;

    fn cm(value: &str) -> Value {
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": value}})
    }

    #[test]
    fn apply_creates_configures_and_leaves_unchanged_like_a_server() {
        let store = FakeStore::new("shop");
        let a = block_on(store.apply(&cm("1"), ApplyOptions::default())).unwrap();
        assert_eq!(a.outcome, ApplyOutcome::Created);
        assert_eq!(a.object["metadata"]["namespace"], "shop");
        let b = block_on(store.apply(&cm("1"), ApplyOptions::default())).unwrap();
        assert_eq!(b.outcome, ApplyOutcome::Unchanged);
        assert_eq!(
            b.object["metadata"]["resourceVersion"],
            a.object["metadata"]["resourceVersion"]
        );
        let dry = ApplyOptions {
            dry_run: true,
            ..Default::default()
        };
        let c = block_on(store.apply(&cm("2"), dry)).unwrap();
        assert_eq!(c.outcome, ApplyOutcome::Configured);
        let key = ObjectRef::new("", "ConfigMap", Some("shop"), "c");
        assert_eq!(store.object(&key).unwrap()["data"]["k"], "1");
    }

    #[test]
    fn lists_filter_by_kind_namespace_and_labels() {
        let pod = |name: &str, ns: &str, version: &str| {
            json!({"apiVersion": "v1", "kind": "Pod",
                   "metadata": {"name": name, "namespace": ns, "labels": {"app": "reviews", "version": version}}})
        };
        let store = FakeStore::default().with([
            pod("a", "shop", "v1"),
            pod("b", "shop", "v2"),
            pod("c", "other", "v2"),
        ]);
        let cluster: &dyn Cluster = &store;
        let v2 = block_on(cluster.pods(Some("shop"), Some("app=reviews,version=v2"))).unwrap();
        assert_eq!(v2.len(), 1);
        assert_eq!(v2[0]["metadata"]["name"], "b");
        assert_eq!(block_on(cluster.pods(None, None)).unwrap().len(), 3);
        assert!(block_on(cluster.services(None)).unwrap().is_empty());
        assert!(
            block_on(cluster.service_selector("shop", "reviews"))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn scrapes_answer_what_was_set_and_fail_otherwise() {
        let store = FakeStore::default();
        store.set_scrape("shop", "a", 15020, "up 1\n");
        store.set_scrape("shop", "a", 15020, "up 2\n");
        let scrape = || block_on(store.scrape("shop", "a", 15020, "/stats/prometheus")).unwrap();
        assert_eq!(scrape(), "up 1\n");
        assert_eq!(scrape(), "up 2\n");
        assert_eq!(scrape(), "up 2\n");
        let err = block_on(store.scrape("shop", "b", 15020, "/stats/prometheus")).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Unavailable);
    }

    #[test]
    fn fixed_counts_answer_with_their_histogram_and_others_cannot_count() {
        let h = crate::metrics::Histogram {
            buckets: vec![(25.0, 3.0), (f64::INFINITY, 4.0)],
            sum: 0.0,
            count: 4.0,
        };
        let counts = Counts {
            latency: Some(h),
            ..Counts::new(4, 1)
        };
        let source = FixedSource::default().with_counts("v2", counts.clone());
        let age = Duration::from_secs(5);
        let v2 = Target::new("shop", "reviews", "v2");
        assert_eq!(block_on(source.counts(&v2, age)).unwrap(), counts);
        let v1 = Target::new("shop", "reviews", "v1");
        let err = block_on(source.counts(&v1, age)).unwrap_err();
        assert_eq!(err.kind, SourceErrorKind::Unsupported);
    }
}

/// Objects the status and output tests share: `reviews` with a header route and an 80/20
/// split, and its DestinationRule.
pub mod fixtures {
    use crate::rollout::ANNOTATION;
    use serde_json::{Value, json};

    pub fn vs(name: &str, ns: &str, spec: Value) -> Value {
        json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
               "metadata": {"name": name, "namespace": ns}, "spec": spec})
    }

    pub fn dr(name: &str, ns: &str, spec: Value) -> Value {
        json!({"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
               "metadata": {"name": name, "namespace": ns}, "spec": spec})
    }

    pub fn reviews_vs(annotation: Option<String>) -> Value {
        let mut v = vs(
            "reviews",
            "shop",
            json!({"hosts": ["reviews"], "gateways": ["istio-system/public", "mesh"], "http": [
                {"match": [{"headers": {"x-canary": {"exact": "1"}}}], "route": [{"destination": {"host": "reviews", "subset": "v2"}}]},
                {"route": [{"destination": {"host": "reviews", "subset": "v1"}, "weight": 80},
                           {"destination": {"host": "reviews", "subset": "v2"}, "weight": 20}]}
            ]}),
        );
        if let Some(a) = annotation {
            v["metadata"]["annotations"] = json!({ANNOTATION: a});
        }
        v
    }

    pub fn reviews_dr() -> Value {
        dr(
            "reviews",
            "shop",
            json!({"host": "reviews", "trafficPolicy": {
                "loadBalancer": {"simple": "LEAST_REQUEST"},
                "outlierDetection": {"consecutive5xxErrors": 5, "interval": "10s"},
                "tls": {"mode": "ISTIO_MUTUAL"}},
              "subsets": [{"name": "v1", "labels": {"version": "v1"}}, {"name": "v2", "labels": {"version": "v2"}}]}),
        )
    }
}
