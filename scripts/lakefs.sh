#!/usr/bin/env bash
# Real lakeFS for tests and the demo, built from the Go module proxy (nothing is downloaded from anywhere else).
#
#   scripts/lakefs.sh version              print the lakeFS version these commands use (LAKEFS_VERSION, default 1.84.0)
#   scripts/lakefs.sh bin                  build (once per version) and print the lakefs binary (the acl binary
#                                          is built beside it)
#   scripts/lakefs.sh up DIR [KIND...]     start instances under DIR, wait until healthy, write DIR/KIND.env
#   scripts/lakefs.sh down DIR             stop everything started under DIR and remove DIR
#
# KIND is one of
#   local   lakeFS OSS, local KV and local blockstore (the default)
#   s3      lakeFS OSS on an S3 blockstore served by gofakes3 on loopback: presigned multipart upload works
#   acl     lakeFS OSS (local blockstore) wired to lakeFS's ACL auth server (contrib/auth/acl, same module), with
#           auth.ui_config.rbac: simplified: many users, groups (Admins, Supers, Writers, Readers from the start),
#           memberships, group ACLs and credentials work; policies and external principals answer 501
#
# Each KIND.env holds LAKEFS_ENDPOINT, LAKEFS_ACCESS_KEY_ID, LAKEFS_SECRET_ACCESS_KEY and
# LAKEFS_TEST_STORAGE_NAMESPACE (where test repositories go), ready to be sourced; the s3 one also
# LAKEFS_TEST_OBJECT_STORE=gofakes3, for the few checks of S3's own rules that gofakes3 does not enforce.
#
# Why a module of ours: lakeFS's go.mod has a replace directive (delta-go), which `go install pkg@version`
# refuses; a replace only applies in the main module, so the build module repeats it. lakeFS's own go.sum
# is used as ours, because the checksum database does not know the secret-detector version lakeFS pins.
set -euo pipefail

LAKEFS_VERSION="${LAKEFS_VERSION:-1.84.0}"
GOFAKES3_VERSION="${GOFAKES3_VERSION:-1.2.0}"
CACHE="${LAKEFS_TF_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-lakefs/tools}"
LAKEFS_BIN="$CACHE/lakefs-$LAKEFS_VERSION/lakefs"
ACL_BIN="$CACHE/lakefs-$LAKEFS_VERSION/acl"
FAKES3_BIN="$CACHE/gofakes3-$GOFAKES3_VERSION/gofakes3"

# Fixed bootstrap credentials: these servers live on loopback for the length of a test run.
ACCESS_KEY_ID="AKIAIOSFOLKFSTESTKEY"
SECRET_ACCESS_KEY="terraform-provider-lakefs-test-secret-key-0"
S3_BUCKET="lakefs-test"
ENCRYPT_SECRET_KEY="terraform-provider-lakefs-test-encrypt-secret"

log() { echo "lakefs.sh: $*" >&2; }

# build_lakefs builds whichever of the lakefs and acl binaries is missing, in one throwaway module.
build_lakefs() {
  local missing=()
  [ -x "$LAKEFS_BIN" ] || missing+=(lakefs)
  [ -x "$ACL_BIN" ] || missing+=(acl)
  [ "${#missing[@]}" -gt 0 ] || return 0
  log "building ${missing[*]} $LAKEFS_VERSION into $(dirname "$LAKEFS_BIN") (first time only, about 6 minutes on 2 cores)"
  local tmp; tmp=$(mktemp -d)
  local modcache; modcache=$(go env GOMODCACHE)
  GOFLAGS=-mod=mod go mod download "github.com/treeverse/lakefs@v$LAKEFS_VERSION"
  local src="$modcache/github.com/treeverse/lakefs@v$LAKEFS_VERSION"
  local replace; replace=$(grep -E '^replace ' "$src/go.mod" || true)
  cat >"$tmp/go.mod" <<MOD
module lakefs-provider-lakefs-build

go 1.25

require github.com/treeverse/lakefs v$LAKEFS_VERSION

$replace
MOD
  cat >"$tmp/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "github.com/treeverse/lakefs/cmd/lakefs"
	_ "github.com/treeverse/lakefs/contrib/auth/acl/cmd/acl"
)
GO
  cp "$src/go.sum" "$tmp/go.sum"
  chmod u+w "$tmp/go.sum"
  (cd "$tmp" && GOFLAGS=-mod=mod go mod tidy >"$tmp/tidy.log" 2>&1 || { cat "$tmp/tidy.log" >&2; exit 1; })
  local bin pkg
  for bin in "${missing[@]}"; do
    case "$bin" in
      lakefs) pkg=github.com/treeverse/lakefs/cmd/lakefs ;;
      acl) pkg=github.com/treeverse/lakefs/contrib/auth/acl/cmd/acl ;;
    esac
    (cd "$tmp" && GOFLAGS=-mod=mod go build \
       -ldflags "-X github.com/treeverse/lakefs/pkg/version.Version=$LAKEFS_VERSION" \
       -o "$tmp/$bin" "$pkg")
  done
  mkdir -p "$(dirname "$LAKEFS_BIN")"
  for bin in "${missing[@]}"; do
    mv "$tmp/$bin" "$(dirname "$LAKEFS_BIN")/$bin"
  done
  rm -rf "$tmp"
}

build_fakes3() {
  [ -x "$FAKES3_BIN" ] && return 0
  log "building gofakes3 $GOFAKES3_VERSION into $(dirname "$FAKES3_BIN") (first time only)"
  local tmp; tmp=$(mktemp -d)
  GOBIN="$tmp" go install "github.com/johannesboyne/gofakes3/cmd/gofakes3@v$GOFAKES3_VERSION"
  mkdir -p "$(dirname "$FAKES3_BIN")"
  mv "$tmp/gofakes3" "$FAKES3_BIN"
  rm -rf "$tmp"
}

# free_port prints a loopback TCP port nobody listens on. It picks below the kernel's ephemeral range: a port in that
# range can be the local end of an outgoing connection (Terraform, the tests), which a connect probe cannot see but
# which makes the later bind fail with "address already in use".
free_port() {
  local low=32768 port
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  [ "$low" -gt 11000 ] || low=32768
  for _ in $(seq 1 100); do
    port=$(( 10000 + RANDOM % (low - 10000) ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  log "no free loopback port found"
  return 1
}

# wait_http URL PID LOGFILE: wait until URL answers 2xx, failing early when PID dies.
wait_http() {
  local url="$1" pid="$2" logfile="$3"
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      log "the process behind $url exited; its log:"
      tail -n 50 "$logfile" >&2 || true
      return 1
    fi
    sleep 0.2
  done
  log "$url did not become healthy within 60 s; log:"
  tail -n 50 "$logfile" >&2 || true
  return 1
}

start_fakes3() {
  local dir="$1" port attempt
  build_fakes3
  # Another process can take the port between the probe and the bind: try a few ports before giving up.
  for attempt in 1 2 3; do
    port=$(free_port) || return 1
    "$FAKES3_BIN" -host "127.0.0.1:$port" -backend memory -initialbucket "$S3_BUCKET" -quiet \
      >"$dir/gofakes3.log" 2>&1 &
    echo $! >"$dir/gofakes3.pid"
    for _ in $(seq 1 100); do
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && { echo "http://127.0.0.1:$port"; return 0; }
      kill -0 "$(cat "$dir/gofakes3.pid")" 2>/dev/null || break
      sleep 0.1
    done
    grep -q "address already in use" "$dir/gofakes3.log" && { log "port $port taken (attempt $attempt)"; continue; }
    cat "$dir/gofakes3.log" >&2
    break
  done
  log "gofakes3 did not start"
  return 1
}

# start_acl DIR: lakeFS's ACL auth server (contrib/auth/acl) on loopback, with its own local KV; prints its URL.
# It creates the groups Admins, Supers, Writers and Readers with their ACLs on first start.
start_acl() {
  local dir="$1" port; port=$(free_port)
  local home="$dir/aclserver"
  mkdir -p "$home"
  cat >"$home/config.yaml" <<YAML
listen_address: 127.0.0.1:$port
database:
  type: local
  local:
    path: $home/metadata
encrypt:
  secret_key: $ENCRYPT_SECRET_KEY
YAML
  "$ACL_BIN" run --config "$home/config.yaml" >"$home/stdout.log" 2>&1 &
  local pid=$!
  echo "$pid" >"$dir/aclserver.pid"
  wait_http "http://127.0.0.1:$port/_health" "$pid" "$home/stdout.log" || return 1
  echo "http://127.0.0.1:$port"
}

# start_lakefs DIR KIND: one lakeFS instance in DIR/KIND, with its env file DIR/KIND.env.
start_lakefs() {
  local dir="$1" kind="$2" port; port=$(free_port)
  local home="$dir/$kind" blockstore namespace extra_env="" extra_auth=""
  mkdir -p "$home"
  case "$kind" in
    local | acl)
      blockstore="  type: local
  local:
    path: $home/data"
      namespace="local://tf-tests"
      if [ "$kind" = acl ]; then
        local acl; acl=$(start_acl "$dir") || return 1
        # The same encryption secret as the ACL server: lakeFS and it share the credentials' encryption.
        extra_auth="
  api:
    endpoint: $acl/api/v1
  ui_config:
    rbac: simplified"
      fi
      ;;
    s3)
      local s3; s3=$(start_fakes3 "$dir") || return 1
      blockstore="  type: s3
  s3:
    endpoint: $s3
    force_path_style: true
    discover_bucket_region: false
    region: us-east-1
    credentials:
      access_key_id: fakes3
      secret_access_key: fakes3-secret"
      namespace="s3://$S3_BUCKET/tf-tests"
      extra_env="LAKEFS_TEST_OBJECT_STORE=gofakes3"
      ;;
    *) log "unknown kind '$kind' (local, s3, acl)"; return 2 ;;
  esac
  cat >"$home/config.yaml" <<YAML
listen_address: 127.0.0.1:$port
logging:
  level: WARN
  output: $home/lakefs.log
database:
  type: local
  local:
    path: $home/metadata
blockstore:
$blockstore
auth:
  encrypt:
    secret_key: $ENCRYPT_SECRET_KEY$extra_auth
installation:
  user_name: admin
  access_key_id: $ACCESS_KEY_ID
  secret_access_key: $SECRET_ACCESS_KEY
stats:
  enabled: false
security:
  check_latest_version: false
YAML
  "$LAKEFS_BIN" run --config "$home/config.yaml" >"$home/stdout.log" 2>&1 &
  local pid=$!
  echo "$pid" >"$dir/lakefs-$kind.pid"
  wait_http "http://127.0.0.1:$port/_health" "$pid" "$home/stdout.log"
  cat >"$dir/$kind.env" <<ENV
LAKEFS_ENDPOINT=http://127.0.0.1:$port
LAKEFS_ACCESS_KEY_ID=$ACCESS_KEY_ID
LAKEFS_SECRET_ACCESS_KEY=$SECRET_ACCESS_KEY
LAKEFS_TEST_STORAGE_NAMESPACE=$namespace
$extra_env
ENV
  log "lakeFS $LAKEFS_VERSION ($kind) at http://127.0.0.1:$port, access key $ACCESS_KEY_ID (env: $dir/$kind.env)"
}

stop_all() {
  local dir="$1" pidfile pid
  [ -d "$dir" ] || return 0
  for pidfile in "$dir"/*.pid; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
  done
  for pidfile in "$dir"/*.pid; do
    [ -e "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$dir"
}

case "${1:-}" in
  version)
    echo "$LAKEFS_VERSION"
    ;;
  bin)
    build_lakefs
    echo "$LAKEFS_BIN"
    ;;
  up)
    dir="${2:?usage: $0 up DIR [local|s3|acl...]}"
    shift 2
    kinds=("$@")
    [ "${#kinds[@]}" -gt 0 ] || kinds=(local)
    build_lakefs
    mkdir -p "$dir"
    for kind in "${kinds[@]}"; do
      start_lakefs "$dir" "$kind" || { stop_all "$dir"; exit 1; }
    done
    ;;
  down)
    stop_all "${2:?usage: $0 down DIR}"
    ;;
  *)
    echo "usage: $0 version | bin | up DIR [local|s3|acl...] | down DIR" >&2
    exit 2
    ;;
esac
