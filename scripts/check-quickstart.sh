#!/usr/bin/env bash
# Proves the README's quick start works from a clean clone: clones the committed tree
# into a temporary directory and runs scripts/quickstart.sh there, installing into a
# temporary root. Expects the demo's healthy canary to promote (exit 0).
set -euo pipefail
cd "$(dirname "$0")/.."

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git clone --quiet "$PWD" "$tmp/meshctl"
# Like a newcomer: no Envoy on PATH, so the quick start installs it into the clone.
unset MESHCTL_ENVOY MESHCTL_TEST_ENVOY
export CARGO_INSTALL_ROOT="$tmp/root"
( cd "$tmp/meshctl" && ./scripts/quickstart.sh ) </dev/null
printf '==> quick start from a clean clone: ok\n' >&2
