#!/usr/bin/env bash
# The real Kubernetes platform under meshctl's tests: etcd, kube-apiserver and
# kube-controller-manager (plus kubectl and istioctl, used by tests and benchmarks as
# references), built from the Go modules pinned in tests/platform/ and started on
# 127.0.0.1 with TLS, token authentication and RBAC, with Istio's and the Gateway API's
# CRDs installed and Established.
#
#   scripts/platform.sh build            build the programs once into the cache (or reuse them)
#   scripts/platform.sh start [DIR]      start a platform whose state lives in DIR
#   scripts/platform.sh env [DIR]        print the `export` lines the tests read
#   scripts/platform.sh stop [DIR]       stop what `start` started, by PID
#   scripts/platform.sh run -- CMD ...   start, run CMD with the platform's env, stop
#
# Built programs are cached outside the checkout under
# ${MESHCTL_PLATFORM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/meshctl/platform}/KEY/bin, where
# KEY hashes the pins (go.mod, go.sum) and the Go version: fresh clones reuse the build, and
# a change of pins rebuilds. Go is a build input here only; meshctl itself needs none.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
platform_src="$root/tests/platform"
crds="${MESHCTL_CRDS:-$root/../shared/crds}"

log() { printf '==> platform: %s\n' "$*" >&2; }
# A start that fails stops what it had started (its DIR is in `starting`).
starting=
die() {
  printf 'error: platform: %s\n' "$*" >&2
  if [ -n "$starting" ]; then cmd_stop "$starting"; fi
  exit 1
}

need() { command -v "$1" >/dev/null 2>&1 || die "$1 is required${2:+; $2}"; }

cache_key() {
  need go "install Go (the test platform is built from Go modules)"
  need sha256sum
  { go env GOVERSION; cat "$platform_src"/kube/go.mod "$platform_src"/kube/go.sum \
      "$platform_src"/kube/cmd/etcd/main.go \
      "$platform_src"/istioctl/go.mod "$platform_src"/istioctl/go.sum; } | sha256sum | cut -c1-16
}

cache_bin() {
  local base="${MESHCTL_PLATFORM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/meshctl/platform}"
  printf '%s/%s/bin\n' "$base" "$(cache_key)"
}

# go build into a temporary folder, then rename: an interrupted build never leaves a
# half-written program in the cache.
build_module() {
  local module="$1" bin="$2"; shift 2
  local tmp
  tmp="$(mktemp -d "$bin/.build.XXXXXX")"
  log "building $* (module tests/platform/$module)"
  local start=$SECONDS
  (cd "$platform_src/$module" && go build -trimpath -ldflags='-s -w' -o "$tmp/" "$@") \
    || { rm -rf "$tmp"; die "go build in tests/platform/$module failed (see above)"; }
  for f in "$tmp"/*; do mv -f "$f" "$bin/"; done
  rm -rf "$tmp"
  log "built in $((SECONDS - start)) s"
}

cmd_build() {
  local bin
  bin="$(cache_bin)"
  mkdir -p "$bin"
  # Two checkouts building at once would build twice; the second waits for the first
  # and then reuses its programs.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$bin/.build.lock"
    flock 9
  fi
  if [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kube-controller-manager" ] \
    && [ -x "$bin/kubectl" ] && [ -x "$bin/etcd" ]; then
    log "reusing Kubernetes programs in the cache"
  else
    build_module kube "$bin" k8s.io/kubernetes/cmd/kube-apiserver \
      k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kubectl ./cmd/etcd
  fi
  if [ -x "$bin/istioctl" ]; then
    log "reusing istioctl in the cache"
  else
    build_module istioctl "$bin" istio.io/istio/istioctl/cmd/istioctl
  fi
  printf '%s\n' "$bin"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Starts a program in a session of its own, output to DIR/NAME.log, its PID in DIR/NAME.pid.
spawn() {
  local dir="$1" name="$2"; shift 2
  setsid "$@" >"$dir/$name.log" 2>&1 < /dev/null &
  echo $! >"$dir/$name.pid"
}

wait_ready() {
  local what="$1" dir="$2" name="$3" tries="$4"; shift 4
  local i
  for ((i = 0; i < tries; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null; then
      tail -n 30 "$dir/$name.log" >&2
      die "$what exited while starting (log above: $dir/$name.log)"
    fi
    sleep 0.2
  done
  tail -n 30 "$dir/$name.log" >&2
  die "$what was not ready in time (log: $dir/$name.log)"
}

default_dir() { printf '%s\n' "${MESHCTL_PLATFORM_DIR:-${TMPDIR:-/tmp}/meshctl-platform-$(id -u)}"; }

# ECDSA P-256 keys: generated in milliseconds, where RSA 2048 takes about a second on a
# busy 2-core machine.
make_certs() {
  local dir="$1"
  need openssl "install Debian's openssl"
  (
    cd "$dir"
    local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
    openssl req -x509 "${ec[@]}" -days 30 -subj "/CN=meshctl-test-ca" \
      -keyout ca.key -out ca.crt 2>/dev/null
    openssl req "${ec[@]}" -subj "/CN=kube-apiserver" \
      -keyout apiserver.key -out apiserver.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\n' >san.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 \
      -extfile san.ext -out apiserver.crt 2>/dev/null
    openssl ecparam -name prime256v1 -genkey -noout -out sa.key 2>/dev/null
    openssl ec -in sa.key -pubout -out sa.pub 2>/dev/null
  )
}

write_kubeconfig() {
  local file="$1" url="$2" ca="$3" user="$4" token="$5"
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: platform
  cluster:
    server: $url
    certificate-authority: $ca
users:
- name: $user
  user:
    token: $token
contexts:
- name: $user
  context:
    cluster: platform
    user: $user
    namespace: default
current-context: $user
EOF
}

cmd_start() {
  local dir="${1:-$(default_dir)}"
  local bin
  bin="$(cmd_build)"
  [ -f "$crds/istio-1.30.3/crd-all.gen.yaml" ] || die "Istio's CRDs are missing at $crds/istio-1.30.3 (set MESHCTL_CRDS)"
  [ -d "$crds/gateway-api-v1.4.1" ] || die "the Gateway API CRDs are missing at $crds/gateway-api-v1.4.1"
  local name
  for name in etcd apiserver controller-manager; do
    if [ -f "$dir/$name.pid" ] && kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null; then
      die "a platform already runs in $dir; stop it with: scripts/platform.sh stop $dir"
    fi
  done
  rm -rf "$dir"
  mkdir -p "$dir"
  starting="$dir"
  local start=$SECONDS
  make_certs "$dir"

  local etcd_port peer_port api_port
  etcd_port="$(free_port)"; peer_port="$(free_port)"; api_port="$(free_port)"
  local admin_token viewer_token
  admin_token="$(openssl rand -hex 16)"; viewer_token="$(openssl rand -hex 16)"
  printf '%s,meshctl-admin,uid-admin,"system:masters"\n%s,meshctl-viewer,uid-viewer\n' \
    "$admin_token" "$viewer_token" >"$dir/tokens.csv"

  # --unsafe-no-fsync: the data is thrown away after the run; fsync would only slow tests.
  spawn "$dir" etcd "$bin/etcd" --name platform --data-dir "$dir/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" \
    --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "platform=http://127.0.0.1:$peer_port" \
    --unsafe-no-fsync --log-level warn

  local url="https://127.0.0.1:$api_port"
  # No kubelet or network: the apiserver's own endpoint reconciler would publish a
  # loopback address for the `kubernetes` Service, which the API forbids; turn it off.
  spawn "$dir" apiserver "$bin/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
    --tls-cert-file "$dir/apiserver.crt" --tls-private-key-file "$dir/apiserver.key" \
    --client-ca-file "$dir/ca.crt" \
    --token-auth-file "$dir/tokens.csv" --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc \
    --service-account-key-file "$dir/sa.pub" --service-account-signing-key-file "$dir/sa.key" \
    --service-cluster-ip-range 10.96.0.0/16 \
    --endpoint-reconciler-type none --allow-privileged=true --profiling=false
  # The API server waits for etcd by itself: both start at once.
  wait_ready etcd "$dir" etcd 150 curl -sf "http://127.0.0.1:$etcd_port/health"
  wait_ready kube-apiserver "$dir" apiserver 600 \
    curl -sf --cacert "$dir/ca.crt" -H "Authorization: Bearer $admin_token" "$url/readyz"

  write_kubeconfig "$dir/kubeconfig" "$url" "$dir/ca.crt" meshctl-admin "$admin_token"
  write_kubeconfig "$dir/viewer.kubeconfig" "$url" "$dir/ca.crt" meshctl-viewer "$viewer_token"

  # No kubelet runs: the test support marks the pods a test needs Running and Ready
  # itself. The controller-manager does the rest a cluster does (namespaces finish
  # deleting, Deployments make ReplicaSets and Pods, EndpointSlices, garbage collection).
  # The controllers a cluster without nodes or clouds needs, named (not `*` less a list,
  # whose names change between releases).
  local controllers=namespace-controller,garbage-collector-controller,deployment-controller
  controllers+=,replicaset-controller,statefulset-controller,daemonset-controller
  controllers+=,job-controller,cronjob-controller,endpoints-controller,endpointslice-controller
  controllers+=,endpointslice-mirroring-controller,serviceaccount-controller
  controllers+=,serviceaccount-token-controller,root-ca-certificate-publisher-controller
  controllers+=,clusterrole-aggregation-controller,disruption-controller
  controllers+=,resourcequota-controller,pod-garbage-collector-controller
  spawn "$dir" controller-manager "$bin/kube-controller-manager" \
    --kubeconfig "$dir/kubeconfig" --bind-address 127.0.0.1 --secure-port 0 \
    --leader-elect=false --service-account-private-key-file "$dir/sa.key" \
    --root-ca-file "$dir/ca.crt" --use-service-account-credentials=false \
    --controllers "$controllers"

  # kubectl's discovery cache stays with the platform (not in ~/.kube/cache, where each
  # start would leave a directory for its port).
  local kubectl=("$bin/kubectl" --kubeconfig "$dir/kubeconfig" --cache-dir "$dir/kubectl-cache")
  "${kubectl[@]}" apply --server-side --field-manager platform \
    -f "$crds/istio-1.30.3/crd-all.gen.yaml" -f "$crds/gateway-api-v1.4.1" >/dev/null \
    || die "installing Istio's and the Gateway API's CRDs failed"
  "${kubectl[@]}" wait --for condition=Established --timeout 60s crd --all >/dev/null \
    || die "the CRDs did not become Established"
  # The `default` namespace's service account appears once the controller-manager runs.
  wait_ready kube-controller-manager "$dir" controller-manager 300 \
    "${kubectl[@]}" get serviceaccount default -n default

  cat >"$dir/env" <<EOF
export MESHCTL_TEST_PLATFORM_DIR='$dir'
export MESHCTL_TEST_KUBECONFIG='$dir/kubeconfig'
export MESHCTL_TEST_KUBE_URL='$url'
export MESHCTL_TEST_KUBE_CA='$dir/ca.crt'
export MESHCTL_TEST_KUBE_TOKEN='$admin_token'
export MESHCTL_TEST_VIEWER_KUBECONFIG='$dir/viewer.kubeconfig'
export MESHCTL_TEST_KUBECTL='$bin/kubectl'
export MESHCTL_TEST_ISTIOCTL='$bin/istioctl'
EOF
  starting=
  log "up in $((SECONDS - start)) s at $url (state in $dir)"
}

cmd_env() {
  local dir="${1:-$(default_dir)}"
  [ -f "$dir/env" ] || die "no platform runs in $dir; start one with: scripts/platform.sh start"
  cat "$dir/env"
}

# Stops by the PIDs `start` wrote, and only processes whose command line is ours.
stop_pid() {
  local dir="$1" name="$2" pid
  [ -f "$dir/$name.pid" ] || return 0
  pid="$(cat "$dir/$name.pid")"
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$dir"; then
    kill -TERM "$pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/$name.pid"
}

cmd_stop() {
  local dir="${1:-$(default_dir)}"
  stop_pid "$dir" controller-manager
  stop_pid "$dir" apiserver
  stop_pid "$dir" etcd
  rm -f "$dir/env"
}

cmd_run() {
  [ "${1:-}" = "--" ] && shift
  [ $# -gt 0 ] || die "usage: scripts/platform.sh run -- COMMAND [ARG...]"
  # Global, not local: the EXIT trap runs after this function has returned.
  run_dir="$(mktemp -d "${TMPDIR:-/tmp}/meshctl-platform.XXXXXX")"
  trap 'cmd_stop "$run_dir"; rm -rf "$run_dir"' EXIT
  cmd_start "$run_dir"
  # shellcheck disable=SC1091
  . "$run_dir/env"
  "$@"
}

case "${1:-}" in
  build) cmd_build >/dev/null ;;
  start) shift; cmd_start "$@" ;;
  env) shift; cmd_env "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  run) shift; cmd_run "$@" ;;
  *) die "usage: scripts/platform.sh build|start [DIR]|env [DIR]|stop [DIR]|run -- CMD" ;;
esac
