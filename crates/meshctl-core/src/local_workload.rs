//! Workloads on the local mesh as data. There a workload is a set of `meshctl demo
//! backend` processes, so an "image" cannot name a container: it says how the demo
//! backend behaves (`demo`, `demo:error-rate=0.2,latency=50ms`). This module parses
//! that form, holds the entry the adapter keeps in the state directory's
//! `workloads.json`, and the view of `local workload list`. The adapter starts and stops
//! the processes; nothing here does.

use crate::duration::Duration;
use crate::error::{Error, Result};
use crate::view::{Document, Table, View, age, cell};
use crate::workload::Workload;
use jiff::Timestamp;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;

/// The label whose value is the workload's subset (what a DestinationRule selects).
pub const VERSION_LABEL: &str = "version";
/// The label that names the service.
pub const APP_LABEL: &str = "app";
/// The image every local workload runs unless told otherwise.
pub const DEFAULT_IMAGE: &str = "demo";

const IMAGE_HINT: &str = "on the local mesh a workload runs meshctl's demo backend: give `demo` or `demo:error-rate=0.2,latency=50ms,spare-header=x-meshctl-preview` (docs/local-mesh.md, \"Workloads\")";

/// How a demo backend behaves, parsed from a local "image".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DemoImage {
    /// Share of requests answered with 500, as written (`0.2`), from 0 to 1.
    pub error_rate: Option<String>,
    pub latency: Option<Duration>,
    /// Requests with this header never fail (a preview passes, real traffic fails).
    pub spare_header: Option<String>,
}

impl DemoImage {
    /// Parses `demo` or `demo:KEY=VALUE,…` (keys `error-rate`, `latency`,
    /// `spare-header`); anything else is a usage error that shows the form.
    pub fn parse(image: &str) -> Result<DemoImage> {
        let refuse = |why: String| {
            Error::usage(format!(
                "`{image}` is not an image the local mesh can run: {why}"
            ))
            .with_hint(IMAGE_HINT)
        };
        let options = match image.split_once(':') {
            None if image == DEFAULT_IMAGE => return Ok(DemoImage::default()),
            Some((DEFAULT_IMAGE, options)) => options,
            _ => return Err(refuse("it does not start with `demo`".into())),
        };
        let mut out = DemoImage::default();
        for item in options.split(',') {
            let Some((key, value)) = item.split_once('=') else {
                return Err(refuse(format!("`{item}` is not KEY=VALUE")));
            };
            let value = value.trim();
            match key.trim() {
                "error-rate" => {
                    if !value.parse::<f64>().is_ok_and(|v| (0.0..=1.0).contains(&v)) {
                        return Err(refuse(format!(
                            "`error-rate={value}` is not a share from 0 to 1"
                        )));
                    }
                    out.error_rate = Some(value.to_string());
                }
                "latency" => {
                    let d = value
                        .parse::<Duration>()
                        .map_err(|e| refuse(format!("`latency={value}` is not a duration: {e}")))?;
                    out.latency = Some(d);
                }
                "spare-header" if !value.is_empty() => {
                    out.spare_header = Some(value.to_string());
                }
                "spare-header" => return Err(refuse("`spare-header` names no header".into())),
                other => {
                    return Err(refuse(format!(
                        "unknown option `{other}` (known: `error-rate`, `latency`, `spare-header`)"
                    )));
                }
            }
        }
        Ok(out)
    }

    /// The `meshctl demo backend` flags that play this image.
    pub fn backend_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if let Some(rate) = &self.error_rate {
            args.extend(["--error-rate".to_string(), rate.clone()]);
        }
        if let Some(latency) = &self.latency {
            args.extend(["--latency".to_string(), latency.to_string()]);
        }
        if let Some(header) = &self.spare_header {
            args.extend(["--spare-header".to_string(), header.clone()]);
        }
        args
    }
}

/// One running copy: a demo backend process and the port it listens on (127.0.0.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    pub pid: u32,
    pub port: u16,
}

impl Instance {
    /// The endpoint address registered for its subset.
    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

/// One workload as `workloads.json` keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalWorkload {
    pub namespace: String,
    pub name: String,
    /// The service whose subset it serves (VirtualService hosts name it).
    pub service: String,
    /// `app` and `version`; `version` is the subset its copies are registered under.
    pub labels: BTreeMap<String, String>,
    pub image: String,
    /// Copies wanted; 0 once stopped (the entry stays for inspection).
    pub replicas: u32,
    /// The first copy's port when one was asked for (copy `i` listens on `port + i`);
    /// none: free ports are picked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// The workload this one was copied from (a release's new version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The copies started, as they were started (each is checked before use).
    #[serde(default)]
    pub instances: Vec<Instance>,
    pub created_at: Timestamp,
}

impl LocalWorkload {
    /// A new entry, nothing started: labels `app=SERVICE`, `version=VERSION`; the image
    /// is checked here, before anything runs.
    pub fn new(
        namespace: &str,
        name: &str,
        service: &str,
        version: &str,
        image: &str,
        replicas: u32,
        now: Timestamp,
    ) -> Result<LocalWorkload> {
        DemoImage::parse(image)?;
        let labels = BTreeMap::from([
            (APP_LABEL.to_string(), service.to_string()),
            (VERSION_LABEL.to_string(), version.to_string()),
        ]);
        Ok(LocalWorkload {
            namespace: namespace.into(),
            name: name.into(),
            service: service.into(),
            labels,
            image: image.into(),
            replicas,
            port: None,
            from: None,
            instances: Vec::new(),
            created_at: now,
        })
    }

    /// The subset its copies serve (its `version` label).
    pub fn subset(&self) -> Result<&str> {
        self.labels
            .get(VERSION_LABEL)
            .map(String::as_str)
            .ok_or_else(|| {
                Error::usage(format!(
                    "workload `{}/{}` has no `{VERSION_LABEL}` label: the local mesh registers a workload under the subset it names",
                    self.namespace, self.name
                ))
                .with_hint("give the new version's labels a `version`, e.g. `version=v2`")
            })
    }

    /// The port of copy `i`: the asked one plus `i`, else none (pick a free one).
    pub fn port_of(&self, i: u32) -> Option<u16> {
        self.port.and_then(|p| u16::try_from(u32::from(p) + i).ok())
    }

    /// The port's view, with `ready` copies answering.
    pub fn to_workload(&self, ready: u32) -> Workload {
        Workload {
            namespace: self.namespace.clone(),
            name: self.name.clone(),
            labels: self.labels.clone(),
            image: Some(self.image.clone()),
            replicas: self.replicas,
            ready,
        }
    }

    /// Whether its labels include every one of `labels`.
    pub fn selected_by(&self, labels: &BTreeMap<String, String>) -> bool {
        labels.iter().all(|(k, v)| self.labels.get(k) == Some(v))
    }
}

/// The default name of a service's version: `reviews-v2`.
pub fn default_name(service: &str, version: &str) -> String {
    format!("{service}-{version}")
}

/// One row of `local workload list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadRow {
    pub namespace: String,
    pub name: String,
    pub service: String,
    pub version: String,
    pub image: String,
    pub replicas: u32,
    pub ready: u32,
    pub ports: Vec<u16>,
    pub pids: Vec<u32>,
    pub created_at: Timestamp,
    /// How long ago it was started, for people (the AGE column).
    #[serde(skip)]
    pub age: String,
}

/// What `local workload list` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadList(pub Vec<WorkloadRow>);

impl WorkloadList {
    /// The rows of `entries` (each with its ready copies), sorted, ages at `now`.
    pub fn new(entries: &[(LocalWorkload, u32)], now: Timestamp) -> WorkloadList {
        let mut rows: Vec<WorkloadRow> = entries
            .iter()
            .map(|(w, ready)| WorkloadRow {
                namespace: w.namespace.clone(),
                name: w.name.clone(),
                service: w.service.clone(),
                version: w.labels.get(VERSION_LABEL).cloned().unwrap_or_default(),
                image: w.image.clone(),
                replicas: w.replicas,
                ready: *ready,
                ports: w.instances.iter().map(|i| i.port).collect(),
                pids: w.instances.iter().map(|i| i.pid).collect(),
                created_at: w.created_at,
                age: age(w.created_at, now),
            })
            .collect();
        rows.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
        WorkloadList(rows)
    }
}

/// Scripts get the list.
impl Serialize for WorkloadList {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

fn texts<T: ToString>(items: &[T]) -> String {
    cell(&items.iter().map(ToString::to_string).collect::<Vec<_>>())
}

impl View for WorkloadList {
    fn document(&self) -> Document {
        let mut t = Table::new([
            "namespace",
            "name",
            "service",
            "version",
            "image",
            "ready",
            "ports",
            "age",
        ])
        .with_wide(["pids"]);
        for r in &self.0 {
            t.row([
                r.namespace.clone(),
                r.name.clone(),
                r.service.clone(),
                r.version.clone(),
                r.image.clone(),
                format!("{}/{}", r.ready, r.replicas),
                texts(&r.ports),
                r.age.clone(),
                texts(&r.pids),
            ]);
        }
        Document::table(t)
    }

    /// `workload/NAME`: local workloads are no Kubernetes objects, but scripts loop
    /// over names the same way.
    fn names(&self) -> Option<Vec<String>> {
        Some(
            self.0
                .iter()
                .map(|r| format!("workload/{}", r.name))
                .collect(),
        )
    }

    fn empty_message(&self) -> Option<String> {
        self.0.is_empty().then(|| {
            "No workloads; start one with `meshctl local workload start SERVICE --version VERSION`."
                .to_string()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_images_say_how_the_backend_behaves() {
        assert_eq!(DemoImage::parse("demo").unwrap(), DemoImage::default());
        let img = DemoImage::parse("demo:error-rate=0.2, latency=50ms,spare-header=x-p").unwrap();
        assert_eq!(
            img.backend_args(),
            [
                "--error-rate",
                "0.2",
                "--latency",
                "50ms",
                "--spare-header",
                "x-p"
            ]
        );
        assert!(DemoImage::default().backend_args().is_empty());
    }

    #[test]
    fn other_images_are_refused_with_the_form() {
        for (image, why) in [
            ("reviews:2.0", "does not start with `demo`"),
            ("images.example/demo", "does not start with `demo`"),
            ("demo:", "`` is not KEY=VALUE"),
            ("demo:fast", "`fast` is not KEY=VALUE"),
            ("demo:error-rate=2", "not a share from 0 to 1"),
            ("demo:error-rate=x", "not a share from 0 to 1"),
            ("demo:latency=soon", "`latency=soon` is not a duration"),
            ("demo:spare-header=", "names no header"),
            ("demo:colour=red", "unknown option `colour`"),
        ] {
            let err = DemoImage::parse(image).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::Usage, "{image}");
            assert!(err.message().contains(why), "{image}: {}", err.message());
            assert!(err.message().contains(&format!("`{image}`")), "{image}");
            assert!(err.hints()[0].contains("demo:error-rate="), "{image}");
        }
    }

    fn entry() -> LocalWorkload {
        let now: Timestamp = "2026-01-02T03:00:00Z".parse().unwrap();
        LocalWorkload::new("default", "reviews-v2", "reviews", "v2", "demo", 2, now).unwrap()
    }

    #[test]
    fn the_state_entry_round_trips_and_selects_by_labels() {
        let mut w = entry();
        w.port = Some(9082);
        w.instances = vec![Instance {
            pid: 42,
            port: 9082,
        }];
        let text = serde_json::to_string(&w).unwrap();
        assert!(
            text.contains(r#""createdAt":"2026-01-02T03:00:00Z""#),
            "{text}"
        );
        assert_eq!(serde_json::from_str::<LocalWorkload>(&text).unwrap(), w);
        assert_eq!(w.subset().unwrap(), "v2");
        assert_eq!((w.port_of(0), w.port_of(1)), (Some(9082), Some(9083)));
        let v2 = BTreeMap::from([("version".to_string(), "v2".to_string())]);
        let v1 = BTreeMap::from([("version".to_string(), "v1".to_string())]);
        assert!(w.selected_by(&v2) && !w.selected_by(&v1));
        assert!(w.selected_by(&BTreeMap::new()));
        let seen = w.to_workload(1);
        assert_eq!(
            (seen.replicas, seen.ready, seen.image.as_deref()),
            (2, 1, Some("demo"))
        );
        // A bad image is refused before an entry exists.
        let now = w.created_at;
        assert!(LocalWorkload::new("default", "x", "reviews", "v2", "nginx", 1, now).is_err());
        w.labels.remove(VERSION_LABEL);
        assert!(
            w.subset()
                .unwrap_err()
                .message()
                .contains("no `version` label")
        );
    }

    #[test]
    fn the_list_shows_ready_copies_ports_and_age() {
        let mut w = entry();
        w.instances = vec![Instance { pid: 7, port: 9082 }];
        let now: Timestamp = "2026-01-02T03:05:00Z".parse().unwrap();
        let list = WorkloadList::new(&[(w, 1)], now);
        let row = &list.0[0];
        assert_eq!((row.age.as_str(), row.ready, row.replicas), ("5m0s", 1, 2));
        assert_eq!(list.names().unwrap(), ["workload/reviews-v2"]);
        assert!(WorkloadList(vec![]).empty_message().is_some());
    }
}
