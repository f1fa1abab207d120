//! The workloads port: the running copies of a service's versions that a release brings
//! up, waits for, scales and retires. On Kubernetes a workload is a Deployment (read and
//! written through the workload [`crate::cluster::Cluster`]); on the local mesh it is a
//! demo backend process meshctl starts and stops. The rollout driver sees only this
//! trait, so `canary start --image` means the same on both.

pub mod deployment;
pub mod kube;

use crate::error::Result;
use crate::store::StoreFuture;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// One workload as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Workload {
    pub namespace: String,
    pub name: String,
    /// The labels its pods carry (what a DestinationRule subset selects).
    pub labels: BTreeMap<String, String>,
    /// The image of the container a release changes (the first one unless named).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Wanted and ready copies.
    pub replicas: u32,
    pub ready: u32,
}

impl Workload {
    /// Every wanted copy is ready (and at least one is wanted).
    pub fn is_ready(&self) -> bool {
        self.replicas > 0 && self.ready >= self.replicas
    }
}

/// A new version's workload: a copy of `from` with another image and labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWorkload {
    pub namespace: String,
    pub name: String,
    /// The stable workload copied.
    pub from: String,
    /// Labels set on the copy's pods (and its selector), e.g. `version=v2`.
    pub labels: BTreeMap<String, String>,
    pub image: String,
    /// The container whose image changes (default: the first).
    pub container: Option<String>,
    /// Copies wanted (default: the stable workload's).
    pub replicas: Option<u32>,
}

/// Where a service's versions run.
pub trait Workloads: Send + Sync {
    /// Workloads in `namespace` whose pods carry every label of `labels`.
    fn find<'a>(
        &'a self,
        namespace: &'a str,
        labels: &'a BTreeMap<String, String>,
    ) -> StoreFuture<'a, Vec<Workload>>;

    /// The workload `namespace/name`, or `None`.
    fn get<'a>(&'a self, namespace: &'a str, name: &'a str) -> StoreFuture<'a, Option<Workload>>;

    /// The whole object as it is now, for the record: [`Workloads::restore`] puts it back
    /// exactly.
    fn snapshot<'a>(&'a self, namespace: &'a str, name: &'a str) -> StoreFuture<'a, Value>;

    /// Creates `new` (an error if it exists and is not such a copy).
    fn create<'a>(&'a self, new: &'a NewWorkload) -> StoreFuture<'a, Workload>;

    /// Changes the image of one container (default: the first).
    fn set_image<'a>(
        &'a self,
        namespace: &'a str,
        name: &'a str,
        container: Option<&'a str>,
        image: &'a str,
    ) -> StoreFuture<'a, ()>;

    /// Sets the wanted copies (0 stops it, kept for inspection).
    fn scale<'a>(&'a self, namespace: &'a str, name: &'a str, replicas: u32)
    -> StoreFuture<'a, ()>;

    /// Puts back a [`Workloads::snapshot`] (spec, labels and replicas as they were).
    fn restore<'a>(&'a self, snapshot: &'a Value) -> StoreFuture<'a, ()>;

    /// Deletes the workload; gone already is not an error.
    fn delete<'a>(&'a self, namespace: &'a str, name: &'a str) -> StoreFuture<'a, ()>;
}

/// `Ok` when `w` is ready, else a message saying how far it got.
pub fn readiness(w: &Workload) -> Result<(), String> {
    if w.is_ready() {
        Ok(())
    } else {
        Err(format!(
            "{}/{} ready ({}/{})",
            w.ready, w.replicas, w.namespace, w.name
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ready_means_every_wanted_copy_and_at_least_one() {
        let mut w = Workload {
            namespace: "shop".into(),
            name: "reviews-v2".into(),
            labels: BTreeMap::new(),
            image: None,
            replicas: 2,
            ready: 1,
        };
        assert_eq!(readiness(&w).unwrap_err(), "1/2 ready (shop/reviews-v2)");
        w.ready = 2;
        assert!(readiness(&w).is_ok());
        w.replicas = 0;
        w.ready = 0;
        assert!(!w.is_ready());
    }
}
