//! Support shared by the integration tests: running the built binary repeatably, and
//! (in submodules) the servers tests talk to. Each test binary uses a part of it.
#![allow(dead_code)]

pub mod backend;
pub mod cli;
pub mod kube;
pub mod process;
pub mod rollout_mesh;
