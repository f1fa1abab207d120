#!/usr/bin/env bash
# Time from a canary step's start to its rollback, on the local mesh through a real
# Envoy, for the old fixed-window judgement (rounds 30s apart over 1m windows, as
# before rounds were derived from `--interval`, and no sequential tests) and the new
# one (the same rounds as the floor, plus the sequential tests on every scrape).
# Traffic: about 20 requests a second through Envoy, 25% of it to the canary.
#   (a) the canary fails 30% of its requests; `--min-success-rate 95`
#   (b) stable fails 1%, the canary 6% (+5 points); compareToStable
#       `maxErrorRateIncrease: 1`, successRate 90
# Beside each: the SPRT's expected time to a verdict at those rates (Wald's
# approximation of the expected sample size over the canary's, or both versions',
# request rate): the optimum for the decision.
#
#   scripts/bench-verdicts.sh          builds meshctl (debug) and runs every case once
# Environment: MESHCTL (a meshctl binary), MESHCTL_ENVOY (default: scripts/find-envoy.sh),
# RUNS (runs of each case and mode, default 1), CASES (default "a b"), MODES
# (default "old new").
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -z "${MESHCTL:-}" ]; then
  (cd "$root" && CARGO_INCREMENTAL=0 cargo build --quiet --bin meshctl)
  MESHCTL="$root/target/debug/meshctl"
fi
export MESHCTL_ENVOY="${MESHCTL_ENVOY:-$("$root/scripts/find-envoy.sh")}"
runs="${RUNS:-1}"
cases="${CASES:-a b}"
modes="${MODES:-old new}"

work="$(mktemp -d "${TMPDIR:-/tmp}/bench-verdicts.XXXXXX")"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for d in "$work"/mesh-*; do [ -d "$d" ] && "$MESHCTL" local down --dir "$d" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

log() { printf '==> bench: %s\n' "$*" >&2; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Analysis files: $work/CASE-MODE.yaml
cat >"$work/a-new.yaml" <<'YAML'
checks:
  - successRate: {min: 95}
YAML
cat >"$work/b-new.yaml" <<'YAML'
checks:
  - successRate: {min: 90}
compareToStable: {maxErrorRateIncrease: 1}
YAML
for c in a b; do
  { printf 'interval: 30s\nwindow: 1m\nsequential: {enabled: false}\n'; cat "$work/$c-new.yaml"; } >"$work/$c-old.yaml"
done

# The error rates of stable and canary per case.
stable_rate() { [ "$1" = a ] && echo 0 || echo 0.01; }
canary_rate() { [ "$1" = a ] && echo 0.3 || echo 0.06; }

# Wald's expected time to a verdict (seconds), from the defaults of the analysis
# spec: alpha 0.01 (shared by two tests in case b), beta 0.05, +10 points, ratio 2.
expected() {
  python3 - "$1" <<'PY'
import math, sys
case, rps, share, beta = sys.argv[1], 20.0, 0.25, 0.05
if case == "a":
    p0, p1, p, alpha = 0.05, 0.15, 0.30, 0.01
    a = math.log((1 - beta) / alpha)
    drift = p * math.log(p1 / p0) + (1 - p) * math.log((1 - p1) / (1 - p0))
    print(f"{a / drift / (rps * share):.1f}")
else:
    pc, ps, r, alpha = 0.06, 0.01, 2.0, 0.005
    a = math.log((1 - beta) / alpha)
    worse = r * share / (r * share + 1 - share)
    drift = share * pc * math.log(worse / share) + (1 - share) * ps * math.log((1 - worse) / (1 - share))
    print(f"{a / drift / rps:.1f}")
PY
}

# Steady requests through Envoy, 20 a second, until killed; its PID in $traffic.
load() {
  python3 - "$1" >/dev/null 2>&1 <<'PY' &
import http.client, sys, time
port, period = int(sys.argv[1]), 1 / 20
next_at = time.monotonic()
while True:
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", "/", headers={"Host": "reviews"})
        c.getresponse().read()
        c.close()
    except OSError:
        pass
    next_at += period
    time.sleep(max(0.0, next_at - time.monotonic()))
PY
  traffic="$!"
  pids+=("$traffic")
}

# Seconds from the step's start (the first Progressing transition) to the rollback
# (the RolledBack transition), read from the JSON Lines as they arrive.
step_to_rollback() {
  python3 -c '
import json, sys, time
start = end = None
message = ""
for line in sys.stdin:
    now = time.monotonic()
    try:
        e = json.loads(line)
    except ValueError:
        continue
    if e.get("event") != "transition":
        continue
    if e.get("phase") == "Progressing" and start is None:
        start = now
    if e.get("phase") == "RolledBack":
        end, message = now, e.get("message", "")
if start is None or end is None:
    print("- (no rollback)")
else:
    print(f"{end - start:.1f} {message}")
'
}

one() {
  local case="$1" mode="$2" n="$3"
  local dir="$work/mesh-$case-$mode-$n" port admin
  port="$(free_port)"; admin="$(free_port)"
  "$MESHCTL" local up --dir "$dir" --port "$port" --admin-port "$admin" >/dev/null
  "$MESHCTL" local workload start reviews --version v1 --image "demo:error-rate=$(stable_rate "$case")" --dir "$dir" >/dev/null 2>&1
  printf '%s\n' \
    'apiVersion: networking.istio.io/v1' 'kind: DestinationRule' \
    'metadata: {name: reviews, namespace: default}' \
    'spec: {host: reviews, subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]}' \
    '---' \
    'apiVersion: networking.istio.io/v1' 'kind: VirtualService' \
    'metadata: {name: reviews, namespace: default}' \
    'spec: {hosts: [reviews], http: [{route: [{destination: {host: reviews, subset: v1}, weight: 100}, {destination: {host: reviews, subset: v2}, weight: 0}]}]}' \
    | "$MESHCTL" --target local --local-dir "$dir" apply -f - >/dev/null
  load "$port"
  local result
  result="$("$MESHCTL" --target local --local-dir "$dir" canary start reviews --canary v2 \
      --image "demo:error-rate=$(canary_rate "$case")" --steps 25 --interval 10m \
      --analysis "$work/$case-$mode.yaml" -o json 2>/dev/null | step_to_rollback)" || true
  kill "$traffic" 2>/dev/null || true
  "$MESHCTL" local down --dir "$dir" >/dev/null 2>&1 || true
  printf '%s\n' "$result"
}

printf '%-4s %-4s %-3s %10s %12s  %s\n' case mode run "rollback s" "SPRT expects" "reason"
for case in $cases; do
  exp="$(expected "$case")"
  for mode in $modes; do
    for n in $(seq 1 "$runs"); do
      log "case $case, $mode judgement, run $n"
      out="$(one "$case" "$mode" "$n")"
      printf '%-4s %-4s %-3s %10s %12s  %s\n' "$case" "$mode" "$n" "${out%% *}" "${exp}s" "${out#* }"
    done
  done
done
