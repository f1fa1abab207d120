//! `ServiceEntry`: a service outside the mesh registry, such as an egress destination.

use super::{Extra, ServerPort};
use serde::{Deserialize, Serialize};

pub type ServiceEntry = super::Resource<ServiceEntrySpec>;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceEntrySpec {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ServerPort>,
    /// `MESH_EXTERNAL` or `MESH_INTERNAL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// `NONE`, `STATIC`, `DNS` or `DNS_ROUND_ROBIN`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}
