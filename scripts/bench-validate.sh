#!/usr/bin/env bash
# Times `meshctl validate` and `meshctl analyze --use-cluster=false` through the CLI on
# one big multi-document file: the bundle `render service -f examples/specs/reviews.yaml`
# renders (Gateway, VirtualService, DestinationRule, ServiceEntry), repeated under new
# names 100, 500 and 1,000 times; and, for comparison, the same objects as one file per
# bundle in a directory. Each figure is the best of RUNS runs (default 3), in seconds.
#
# Doubling the input must at most double the time (the paths are linear); the targets
# are 4,000 objects in one file validated in <= 0.3 s and analyzed in <= 1 s.
#
#   cargo build --release && scripts/bench-validate.sh [COUNTS...]
#
# MESHCTL picks the binary (default: target/release/meshctl).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
meshctl=${MESHCTL:-$root/target/release/meshctl}
runs=${RUNS:-3}
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(100 500 1000)

if [ ! -x "$meshctl" ]; then
    echo "no meshctl at $meshctl: run \`cargo build --release\` first (or set MESHCTL)" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bundle=$("$meshctl" render service -f "$root/examples/specs/reviews.yaml")
per_bundle=$(grep -c '^kind:' <<<"$bundle")

# Best wall time of $runs runs of the command, in seconds; exit codes 0 and 79 are
# both answers (findings are expected in copies of one bundle).
best() {
    local best="" t start end status
    for _ in $(seq "$runs"); do
        start=$(date +%s.%N)
        set +e
        "$@" >/dev/null 2>&1
        status=$?
        set -e
        end=$(date +%s.%N)
        if [ "$status" -ne 0 ] && [ "$status" -ne 79 ]; then
            echo "\`$*\` failed with exit code $status" >&2
            exit 1
        fi
        t=$(echo "$end - $start" | bc)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then
            best=$t
        fi
    done
    printf '%.3f' "$best"
}

printf '%-8s %-8s %-9s %-16s %-16s %-16s\n' bundles objects bytes "validate file" "validate dir" "analyze file"
for n in "${counts[@]}"; do
    file="$work/mesh-$n.yaml"
    dir="$work/dir-$n"
    mkdir -p "$dir"
    : >"$file"
    for i in $(seq "$n"); do
        copy=${bundle//reviews/reviews-$i}
        copy=${copy//ratings/ratings-$i}
        printf '%s\n---\n' "$copy" >>"$file"
        printf '%s\n' "$copy" >"$dir/bundle-$i.yaml"
    done
    objects=$((n * per_bundle))
    bytes=$(wc -c <"$file")
    v_file=$(best "$meshctl" validate -f "$file")
    v_dir=$(best "$meshctl" validate -f "$dir")
    a_file=$(best "$meshctl" analyze --use-cluster=false -f "$file")
    printf '%-8s %-8s %-9s %-16s %-16s %-16s\n' "$n" "$objects" "$bytes" "$v_file" "$v_dir" "$a_file"
done
