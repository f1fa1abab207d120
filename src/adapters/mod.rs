//! Adapters perform what the core plans: they talk to API servers, files, proxies and
//! metric backends, each behind a trait the core defines.

pub mod envoy_stats;
pub mod kube;
pub mod local;
pub mod prometheus;
