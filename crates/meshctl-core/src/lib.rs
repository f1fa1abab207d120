//! meshctl's pure core: typed mesh resources, rendering, validation, metric analysis,
//! rollout state machines, and the ports (traits) through which the rest of meshctl
//! reaches the world. Nothing here performs I/O, reads the clock or the environment,
//! or imports tokio, kube, reqwest or terminal crates — this crate's Cargo.toml does not
//! list them, so the compiler refuses the import; callers pass data in and get plans and
//! findings out, so all of it is testable without servers.

pub mod analysis;
pub mod analyze;
pub mod clock;
pub mod cluster;
pub mod duration;
pub mod envoy;
pub mod error;
pub mod fake;
pub mod gateways;
pub mod host;
pub mod http;
pub mod lane;
pub mod local_workload;
pub mod metrics;
pub mod model;
pub mod notify;
pub mod policy;
pub mod render;
pub mod report;
pub mod rollout;
pub mod schema;
pub mod semantic;
pub mod service;
pub mod spec;
pub mod status;
pub mod store;
pub mod view;
pub mod workload;
pub mod yaml;

pub use error::{Error, ErrorKind, Result};
