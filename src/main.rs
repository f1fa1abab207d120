//! The binary: install the one TLS crypto provider, build the runtime, run, exit.
//! Everything else lives in the library so tests and benches reach it.

use std::process::ExitCode;

fn main() -> ExitCode {
    // kube (ring) and reqwest (rustls-no-provider) share one process-wide provider.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(_) => return ExitCode::from(1),
    };
    let status = runtime.block_on(meshctl::run(std::env::args_os()));
    ExitCode::from(status.code())
}
