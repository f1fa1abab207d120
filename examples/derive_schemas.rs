//! Regenerates `schemas/istio-1.30.3.json` from the CRDs Istio 1.30.3 ships.
//!
//! Run `cargo run --example derive_schemas` after updating the CRDs; the test
//! `derived_schemas_are_fresh` fails until the data is regenerated.
#![allow(clippy::print_stderr)]

use meshctl::core::schema::{ISTIO_CRDS_SOURCE, derive};
use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = root.join(ISTIO_CRDS_SOURCE);
    let target = root.join("schemas/istio-1.30.3.json");
    let text = match std::fs::read_to_string(&source) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read `{}`: {e}", source.display());
            return ExitCode::FAILURE;
        }
    };
    let derived = match derive::derive_text(&text) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: cannot derive the schemas: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::write(&target, derived) {
        eprintln!("error: cannot write `{}`: {e}", target.display());
        return ExitCode::FAILURE;
    }
    eprintln!("wrote {}", target.display());
    ExitCode::SUCCESS
}
