//! What traffic through a lane group looked like, for `meshctl demo lanes`: how many
//! requests of each kind (tagged by header, by cookie, untagged) went through which
//! chain of versions, as the chained demo backends report it (`a:v1,b:v2,c:v1`).
//! Also which version each service's subsets select, so a local mesh (whose endpoints
//! are registered per subset, not matched by labels) serves every subset the group's
//! DestinationRules name.

use super::model::{BASELINE, LaneGroup};
use crate::view::{Document, Table, View};
use serde::Serialize;
use std::collections::BTreeMap;

/// One subset of one service and the version its pods run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubsetVersion {
    pub service: String,
    pub subset: String,
    pub version: String,
}

/// Every subset the group's DestinationRules define, with the version it selects:
/// each service's baseline, and per lane the lane's version where the lane holds the
/// service, else the baseline's (the entry service of a permissive lane).
pub fn subset_versions(group: &LaneGroup) -> Vec<SubsetVersion> {
    let mut out = Vec::new();
    for service in &group.services {
        out.push(SubsetVersion {
            service: service.name.clone(),
            subset: BASELINE.to_string(),
            version: service.baseline.clone(),
        });
        for lane in &group.lanes {
            if let Some(subset) = group.subset_for(&service.name, lane) {
                out.push(SubsetVersion {
                    service: service.name.clone(),
                    subset,
                    version: group.lane_labels(service, lane).1,
                });
            }
        }
    }
    out
}

/// How many requests of one kind took one chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChainCount {
    /// The kind of request, e.g. `x-lane: dev` or `untagged`.
    pub requests: String,
    /// The hops reported, `a:v1,b:v2,c:v1`, or `status 502` for a failed request.
    pub chain: String,
    pub count: u64,
    /// Share of this kind of request, in percent.
    pub percent: f64,
}

/// The chains seen, per kind of request.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(transparent)]
pub struct ChainShares(pub Vec<ChainCount>);

impl ChainShares {
    /// Adds the answers of one kind of request: one chain (or failure) per request.
    pub fn add(&mut self, requests: &str, chains: &[String]) {
        let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
        for c in chains {
            *counts.entry(c.as_str()).or_default() += 1;
        }
        let total = chains.len().max(1) as f64;
        for (chain, count) in counts {
            self.0.push(ChainCount {
                requests: requests.to_string(),
                chain: chain.to_string(),
                count,
                percent: (count as f64 * 1000.0 / total).round() / 10.0,
            });
        }
    }

    /// The share (percent) of `requests` that took `chain`; 0 when never seen.
    pub fn share(&self, requests: &str, chain: &str) -> f64 {
        self.0
            .iter()
            .find(|c| c.requests == requests && c.chain == chain)
            .map_or(0.0, |c| c.percent)
    }
}

impl View for ChainShares {
    fn document(&self) -> Document {
        let mut table = Table::new(["REQUESTS", "CHAIN", "COUNT", "SHARE"]);
        for c in &self.0 {
            table.row([
                c.requests.clone(),
                c.chain.clone(),
                c.count.to_string(),
                format!("{}%", c.percent),
            ]);
        }
        Document::table(table)
    }

    fn empty_message(&self) -> Option<String> {
        self.0
            .is_empty()
            .then(|| "No requests were sent.".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lane::model::Lane;

    fn group(permissive: bool) -> LaneGroup {
        let mut g = LaneGroup::new("g", "default", &["a".into(), "b".into(), "c".into()]);
        g.lanes.push(Lane {
            name: "dev".into(),
            version: "v2".into(),
            permissive,
            services: if permissive {
                vec!["b".into()]
            } else {
                vec!["a".into(), "b".into(), "c".into()]
            },
        });
        g
    }

    fn listed(g: &LaneGroup) -> Vec<String> {
        subset_versions(g)
            .iter()
            .map(|s| format!("{}/{}={}", s.service, s.subset, s.version))
            .collect()
    }

    #[test]
    fn a_permissive_lane_serves_its_members_version_and_the_entrys_baseline() {
        assert_eq!(
            listed(&group(true)),
            [
                "a/baseline=v1",
                "a/dev=v1",
                "b/baseline=v1",
                "b/dev=v2",
                "c/baseline=v1"
            ]
        );
    }

    #[test]
    fn a_strict_lane_has_a_subset_of_every_service() {
        assert_eq!(
            listed(&group(false)),
            [
                "a/baseline=v1",
                "a/dev=v2",
                "b/baseline=v1",
                "b/dev=v2",
                "c/baseline=v1",
                "c/dev=v2"
            ]
        );
    }

    #[test]
    fn shares_are_per_kind_of_request() {
        let mut s = ChainShares::default();
        let tagged = vec!["a:v1,b:v2,c:v1".to_string(); 3];
        s.add("x-lane: dev", &tagged);
        let mut untagged = vec!["a:v1,b:v1,c:v1".to_string(); 2];
        untagged.push("status 502".into());
        s.add("untagged", &untagged);
        assert_eq!(s.share("x-lane: dev", "a:v1,b:v2,c:v1"), 100.0);
        assert_eq!(s.share("untagged", "a:v1,b:v1,c:v1"), 66.7);
        assert_eq!(s.share("untagged", "status 502"), 33.3);
        assert_eq!(s.share("untagged", "a:v1,b:v2,c:v1"), 0.0);
        let doc = format!("{:?}", s.document());
        assert!(doc.contains("66.7%"), "{doc}");
        assert!(ChainShares::default().empty_message().is_some());
    }
}
