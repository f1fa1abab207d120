//! Traffic lanes (ASM's 流量泳道): a group of services in a call chain, and lanes that
//! each carry requests tagged with one header value through that lane's versions of
//! the services. The group is kept as data (`model`) in an annotation on the object
//! that carries its ingress rules, so every later command, on any machine, reads the
//! same truth; the Istio objects are derived from it and owned by meshctl.

pub mod edit;
pub mod model;
pub mod render;
pub mod view;

pub use model::{Ingress, Lane, LaneGroup, LaneService, LaneTarget};
pub use render::{render, render_asm};
