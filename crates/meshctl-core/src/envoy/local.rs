//! The local mesh as data: the Envoy process `local up` recorded, the configuration
//! versions Envoy serves, a snapshot for `local status`, and how it and the endpoint
//! list read for people. The adapter fills them in; the output layer prints them.

use super::{DEFAULT_PORT, Endpoint, cluster_name};
use crate::view::{Document, Table, View};
use serde::{Deserialize, Serialize, Serializer};
use std::path::PathBuf;

/// What `local up` recorded about the Envoy it started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvoyState {
    pub pid: u32,
    pub binary: PathBuf,
    pub listener_port: u16,
    pub admin_port: u16,
    /// RFC 3339.
    pub started_at: String,
}

impl EnvoyState {
    pub fn admin_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.admin_port)
    }
    pub fn listener_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.listener_port)
    }
}

/// Which configuration versions Envoy serves: CDS, LDS, and the route configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Versions {
    pub clusters: Option<String>,
    pub listeners: Option<String>,
    pub routes: Option<String>,
}

impl Versions {
    pub fn all(&self, version: &str) -> bool {
        [&self.clusters, &self.listeners, &self.routes]
            .iter()
            .all(|v| v.as_deref() == Some(version))
    }
}

/// A snapshot for `local status`.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub dir: PathBuf,
    pub running: bool,
    pub envoy: Option<EnvoyState>,
    /// The revision the files on disk carry.
    pub config_version: u64,
    /// What Envoy says it serves (when running).
    pub served: Option<Versions>,
    pub resources: usize,
    pub endpoints: Vec<Endpoint>,
    pub warnings: Vec<String>,
}

/// One row: the Envoy and what it serves.
impl View for Status {
    fn document(&self) -> Document {
        let mut table = Table::new([
            "state",
            "envoy pid",
            "listener",
            "admin",
            "config version",
            "resources",
            "endpoints",
        ]);
        let (state, pid, listener, admin) = match &self.envoy {
            Some(e) => (
                "running".to_string(),
                e.pid.to_string(),
                format!("127.0.0.1:{}", e.listener_port),
                format!("127.0.0.1:{}", e.admin_port),
            ),
            None => ("stopped".into(), "-".into(), "-".into(), "-".into()),
        };
        // The served version next to the written one shows a configuration Envoy refused.
        let version = match self.served.as_ref().and_then(|v| v.routes.clone()) {
            Some(served) if served != self.config_version.to_string() => {
                format!("{} (serving {served})", self.config_version)
            }
            _ => self.config_version.to_string(),
        };
        table.row([
            state,
            pid,
            listener,
            admin,
            version,
            self.resources.to_string(),
            self.endpoints.len().to_string(),
        ]);
        Document::table(table)
    }
}

/// What `local endpoint list` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointList(pub Vec<Endpoint>);

/// Scripts get the list.
impl Serialize for EndpointList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl View for EndpointList {
    fn document(&self) -> Document {
        let mut table = Table::new(["namespace", "service", "subset", "address", "cluster"]);
        for e in &self.0 {
            table.row([
                e.namespace.clone(),
                e.service.clone(),
                e.subset.clone(),
                e.address.clone(),
                cluster_name(DEFAULT_PORT, &e.subset, &e.fqdn()),
            ]);
        }
        Document::table(table)
    }

    fn empty_message(&self) -> Option<String> {
        self.0.is_empty().then(|| {
            "No endpoints registered; add one with `meshctl local endpoint add SERVICE SUBSET HOST:PORT`."
                .to_string()
        })
    }
}
