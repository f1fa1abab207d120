//! meshctl's integration tests, in one binary so `support` is compiled once. Each
//! module is one area: the built binary run as users run it, against the real
//! components described in ARCHITECTURE.md.

mod support;

mod analyze;
mod apply_batch;
mod bluegreen;
mod canary;
mod cli_basics;
mod completion;
mod completion_kubectl;
mod completion_shells;
mod components;
mod conventions;
mod corpus;
mod corpus_gateway_api;
mod corpus_semantic;
mod differential;
mod differential_gateway_api;
mod egress;
mod gateway_api;
mod gateway_api_rollout;
mod gateway_deploy;
mod hooks;
mod kube;
mod kube_support;
mod lanes;
mod local_gateway_api;
mod local_mesh;
mod local_workloads;
mod metrics_e2e;
mod notify;
mod plan;
mod policy;
mod render;
mod report;
mod status;
mod validate;
mod workloads;
