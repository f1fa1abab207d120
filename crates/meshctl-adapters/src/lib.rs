//! Adapters perform what the core plans: they talk to API servers, files, proxies and
//! metric backends, each behind a port (trait) `meshctl-core` defines. Library errors
//! (kube, reqwest, I/O) become the core's [`meshctl_core::Error`] here, beside the call
//! that failed.

pub mod clock;
pub mod envoy_stats;
pub mod http;
pub mod kube;
pub mod local;
pub mod prometheus;
