//! Regenerates the schema data meshctl embeds: `schemas/istio-1.30.3.json` from the CRDs
//! Istio 1.30.3 ships, and `schemas/gateway-api-v1.4.1.json` from the Gateway API
//! v1.4.1 standard-channel CRDs.
//!
//! Run `cargo run --example derive_schemas` after updating the CRDs; the tests
//! `derived_schemas_are_fresh` and `derived_gateway_api_schemas_are_fresh` fail until
//! the data is regenerated.
#![allow(clippy::print_stderr)]

use meshctl::core::schema::{
    GATEWAY_API_CRD_FILES, GATEWAY_API_CRDS_SOURCE, ISTIO_CRDS_SOURCE, derive,
};
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let istio = vec![root.join(ISTIO_CRDS_SOURCE)];
    let gateway_api: Vec<_> = GATEWAY_API_CRD_FILES
        .iter()
        .map(|f| root.join(GATEWAY_API_CRDS_SOURCE).join(f))
        .collect();
    let jobs = [
        (istio, "schemas/istio-1.30.3.json"),
        (gateway_api, "schemas/gateway-api-v1.4.1.json"),
    ];
    for (sources, target) in jobs {
        let mut text = String::new();
        for source in &sources {
            match std::fs::read_to_string(source) {
                Ok(t) => {
                    text.push_str(&t);
                    text.push_str("\n---\n");
                }
                Err(e) => {
                    eprintln!("error: cannot read `{}`: {e}", source.display());
                    return ExitCode::FAILURE;
                }
            }
        }
        let derived = match derive::derive_text(&text) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: cannot derive {target}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let target = root.join(target);
        if let Err(e) = std::fs::write(&target, derived) {
            eprintln!("error: cannot write `{}`: {e}", target.display());
            return ExitCode::FAILURE;
        }
        eprintln!("wrote {}", target.display());
    }
    ExitCode::SUCCESS
}
