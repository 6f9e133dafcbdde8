#!/usr/bin/env bash
# make demo: build the provider, start a local lakeFS on a free loopback port, run a real `terraform apply` of
# examples/demo, show the outputs and a clean second plan, then destroy and stop everything, also when a step
# fails. Needs only Go.
#
# DEMO_LAKEFS=real (the default) runs real lakeFS, built once from the Go module proxy by scripts/lakefs.sh
# (about 6 minutes the first time); DEMO_LAKEFS=double runs the bundled in-memory test server instead (seconds).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
server_pid=""
DEMO_LAKEFS="${DEMO_LAKEFS:-real}"

cleanup() {
  local status=$?
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  "$root/scripts/lakefs.sh" down "$work/lakefs" || true
  rm -rf "$work"
  if [ "$status" -ne 0 ]; then echo "demo failed (exit $status); lakeFS was stopped" >&2; fi
  exit "$status"
}
trap cleanup EXIT INT TERM

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Installing Terraform (first time only; built from the Go module proxy, takes a few minutes)"
terraform="$("$root/scripts/install-tools.sh" terraform)"
TF_CLI_CONFIG_FILE=/dev/null "$terraform" version | sed -n 1p

step "Building the provider"
(cd "$root" && go build -o "$work/bin/terraform-provider-lakefs" .)

case "$DEMO_LAKEFS" in
  real)
    step "Starting lakeFS $("$root/scripts/lakefs.sh" version) on a free loopback port (built from the Go module proxy the first time, about 6 minutes)"
    "$root/scripts/lakefs.sh" up "$work/lakefs" local
    set -a; . "$work/lakefs/local.env"; set +a
    ;;
  double)
    step "Starting the bundled lakeFS test server on a free loopback port"
    (cd "$root" && go build -o "$work/bin/lakefs-testserver" ./internal/cmd/lakefs-testserver)
    "$work/bin/lakefs-testserver" -listen 127.0.0.1:0 -env-file "$work/lakefs.env" >"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do
      [ -s "$work/lakefs.env" ] && break
      kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
      sleep 0.1
    done
    [ -s "$work/lakefs.env" ] || { echo "the test server did not start" >&2; exit 1; }
    set -a; . "$work/lakefs.env"; set +a
    ;;
  *) echo "DEMO_LAKEFS must be real or double, not '$DEMO_LAKEFS'" >&2; exit 2 ;;
esac
echo "lakeFS at $LAKEFS_ENDPOINT (access key $LAKEFS_ACCESS_KEY_ID)"

# A local filesystem mirror holds the provider just built, so `terraform init` installs it without any
# registry (a dev override would work too, but Terraform then skips init).
version="0.1.0"
platform="$(go env GOOS)_$(go env GOARCH)"
mirror="$work/mirror/registry.terraform.io/lakefs-tf/lakefs/$version/$platform"
mkdir -p "$mirror"
cp "$work/bin/terraform-provider-lakefs" "$mirror/terraform-provider-lakefs_v$version"
cat >"$work/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["registry.terraform.io/lakefs-tf/lakefs"]
  }
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
cp -r "$root/examples/demo" "$work/demo"
cd "$work/demo"

step "terraform init"
"$terraform" init -input=false
step "terraform apply"
"$terraform" apply -auto-approve -input=false

step "Outputs"
"$terraform" output

step "A second plan: nothing to change"
"$terraform" plan -input=false -detailed-exitcode

step "terraform destroy"
"$terraform" destroy -auto-approve -input=false

step "Done: the demo ran a whole lakeFS change workflow through Terraform"
