#!/usr/bin/env bash
# Apply throughput against the real API server: one file of 2,000 objects (1,000
# VirtualServices + 1,000 DestinationRules) applied, each time into a fresh namespace,
# by
#   1. meshctl apply (release build),
#   2. kubectl apply --server-side (kubectl built from the platform's Kubernetes module),
#   3. examples/ssa_client: the same server-side-apply PATCHes over 32 kept-alive
#      connections and nothing else — the practical limit of the server here.
# For each: wall time, and the CPU seconds the API server, etcd and the
# controller-manager used meanwhile (from /proc/PID/stat of the platform's processes).
#
#   scripts/bench-apply.sh              starts a platform of its own, stops it at the end
#   scripts/bench-apply.sh              (inside `eval "$(scripts/platform.sh env DIR)"`)
#                                       uses that platform
# Environment: OBJECTS (default 2000), RUNS (rounds of the three, default 1).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cleanup=()
trap 'for c in "${cleanup[@]}"; do eval "$c"; done' EXIT
if [ -z "${MESHCTL_TEST_PLATFORM_DIR:-}" ]; then
  platform="$(mktemp -d "${TMPDIR:-/tmp}/bench-platform.XXXXXX")"
  cleanup+=("'$root/scripts/platform.sh' stop '$platform'; rm -rf '$platform'")
  "$root/scripts/platform.sh" start "$platform"
  eval "$("$root/scripts/platform.sh" env "$platform")"
fi

objects="${OBJECTS:-2000}"
runs="${RUNS:-1}"
dir="$MESHCTL_TEST_PLATFORM_DIR"
kubectl=("$MESHCTL_TEST_KUBECTL" --kubeconfig "$MESHCTL_TEST_KUBECONFIG")

log() { printf '==> bench: %s\n' "$*" >&2; }

log "building meshctl and the minimal client (release)"
(cd "$root" && cargo build --release --quiet --bin meshctl --example ssa_client)
meshctl="$root/target/release/meshctl"
minimal="$root/target/release/examples/ssa_client"

work="$(mktemp -d "${TMPDIR:-/tmp}/bench-apply.XXXXXX")"
cleanup+=("rm -rf '$work'")
file="$work/objects.yaml"
half=$((objects / 2))
for ((i = 0; i < half; i++)); do
  printf 'apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews-%d
  labels: {app.kubernetes.io/managed-by: meshctl}
spec:
  hosts: [reviews-%d]
  http:
  - match:
    - uri: {prefix: /api}
    route:
    - destination: {host: reviews-%d, subset: v1}
      weight: 90
    - destination: {host: reviews-%d, subset: v2}
      weight: 10
    timeout: 10s
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews-%d
  labels: {app.kubernetes.io/managed-by: meshctl}
spec:
  host: reviews-%d
  trafficPolicy:
    connectionPool: {http: {http1MaxPendingRequests: 100}}
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
---
' "$i" "$i" "$i" "$i" "$i" "$i"
done >"$file"
log "$objects objects in one file ($(wc -c <"$file") bytes)"

ticks_per_second="$(getconf CLK_TCK)"
# utime + stime of a platform process, in clock ticks.
ticks() { awk '{print $14 + $15}' "/proc/$(cat "$dir/$1.pid")/stat"; }
now() { date +%s.%N; }

namespace() {
  local ns="bench-$1-$RANDOM$RANDOM"
  "${kubectl[@]}" create namespace "$ns" >/dev/null
  printf '%s\n' "$ns"
}

# Warm the server's handlers for these kinds before anything is measured.
warm="$work/warm.yaml"
head -n 60 "$file" >"$warm"
"$minimal" "$warm" "$(namespace warmup)" >/dev/null

results="$work/results"
: >"$results"
measure() {
  local tool="$1"; shift
  local ns
  ns="$(namespace "$tool")"
  local a0 e0 c0 t0 t1
  a0="$(ticks apiserver)"; e0="$(ticks etcd)"; c0="$(ticks controller-manager)"
  t0="$(now)"
  "$@" "$ns" >"$work/$tool.out" 2>&1 || { cat "$work/$tool.out" >&2; log "$tool failed"; exit 1; }
  t1="$(now)"
  local a1 e1 c1
  a1="$(ticks apiserver)"; e1="$(ticks etcd)"; c1="$(ticks controller-manager)"
  local count
  count="$("${kubectl[@]}" get virtualservices,destinationrules -n "$ns" --no-headers 2>/dev/null | wc -l)"
  [ "$count" -eq "$objects" ] || { log "$tool left $count objects in $ns, not $objects"; exit 1; }
  awk -v tool="$tool" -v t0="$t0" -v t1="$t1" -v a="$((a1 - a0))" -v e="$((e1 - e0))" \
    -v c="$((c1 - c0))" -v hz="$ticks_per_second" \
    'BEGIN { printf "%s %.2f %.2f %.2f %.2f\n", tool, t1 - t0, a / hz, e / hz, c / hz }' >>"$results"
  log "$(tail -n 1 "$results")"
}

run_meshctl() { "$meshctl" --kubeconfig "$MESHCTL_TEST_KUBECONFIG" apply -f "$file" -n "$1"; }
run_kubectl() { "${kubectl[@]}" apply --server-side -f "$file" -n "$1"; }
run_minimal() { "$minimal" "$file" "$1" 32; }

# The order turns each round, so no tool always follows the same one.
tools=(minimal meshctl kubectl)
for ((r = 0; r < runs; r++)); do
  log "round $((r + 1)) of $runs"
  for ((t = 0; t < 3; t++)); do
    tool="${tools[$(((r + t) % 3))]}"
    measure "$tool" "run_$tool"
  done
done

printf '\n%s objects (%s VirtualServices + %s DestinationRules), each run into a fresh namespace\n' \
  "$objects" "$half" "$half"
printf '%-8s %8s %15s %10s %20s\n' tool wall_s apiserver_cpu_s etcd_cpu_s controller_mgr_cpu_s
sort -s -k1,1 "$results" | awk '{ printf "%-8s %8.2f %15.2f %10.2f %20.2f\n", $1, $2, $3, $4, $5 }'
# Medians per tool: other work on a shared machine makes single runs noisy.
median() { grep "^$1 " "$results" | awk -v col="$2" '{print $col}' | sort -n | awk '{v[NR] = $1} END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf '\nmedians of %s run(s)\n' "$runs"
for tool in minimal meshctl kubectl; do
  printf '%-8s %8.2f %15.2f %10.2f %20.2f\n' "$tool" "$(median "$tool" 2)" "$(median "$tool" 3)" \
    "$(median "$tool" 4)" "$(median "$tool" 5)"
done
awk -v m="$(median meshctl 2)" -v b="$(median minimal 2)" -v k="$(median kubectl 2)" 'BEGIN {
  printf "\nmeshctl: %.2fx the minimal client (target: within 1.2x); kubectl: %.2fx; meshctl is %.1fx faster than kubectl\n", m / b, k / b, k / m
}'
