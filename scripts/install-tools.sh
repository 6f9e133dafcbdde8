#!/usr/bin/env bash
# Installs the Terraform and OpenTofu CLIs used by the acceptance tests, once per
# version, into a per-user cache outside the clone (no download site is reachable:
# both are built from the Go module proxy). Prints nothing but errors; pass
# "terraform" or "tofu" to print that binary's path instead.
set -euo pipefail

TERRAFORM_VERSION="${TERRAFORM_VERSION:-1.8.5}"
OPENTOFU_VERSION="${OPENTOFU_VERSION:-1.12.6}"
CACHE="${LAKEFS_TF_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-lakefs/tools}"

terraform_bin="$CACHE/terraform-$TERRAFORM_VERSION/terraform"
tofu_bin="$CACHE/opentofu-$OPENTOFU_VERSION/tofu"

install_terraform() {
  [ -x "$terraform_bin" ] && return 0
  echo "installing terraform $TERRAFORM_VERSION into $(dirname "$terraform_bin") (first time only, takes minutes)" >&2
  local tmp; tmp=$(mktemp -d)
  GOBIN="$tmp" GOFLAGS=-mod=mod go install "github.com/hashicorp/terraform@v$TERRAFORM_VERSION"
  mkdir -p "$(dirname "$terraform_bin")"
  mv "$tmp/terraform" "$terraform_bin"
  rm -rf "$tmp"
}

install_tofu() {
  [ -x "$tofu_bin" ] && return 0
  echo "installing opentofu $OPENTOFU_VERSION into $(dirname "$tofu_bin") (first time only, takes minutes)" >&2
  local tmp; tmp=$(mktemp -d)
  # OpenTofu's go.mod replaces hcl with its fork; a replace only applies in the main
  # module, so build it from a throwaway tools module that repeats the directive.
  cat >"$tmp/go.mod" <<MOD
module lakefs-provider-tools

go 1.25

require github.com/opentofu/opentofu v$OPENTOFU_VERSION

replace github.com/hashicorp/hcl/v2 v2.20.1 => github.com/opentofu/hcl/v2 v2.20.2-0.20251021132045-587d123c2828
MOD
  cat >"$tmp/tools.go" <<'GO'
//go:build tools

package tools

import _ "github.com/opentofu/opentofu/cmd/tofu"
GO
  (cd "$tmp" && GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1 || true
   cd "$tmp" && GOFLAGS=-mod=mod go build -o "$tmp/tofu" github.com/opentofu/opentofu/cmd/tofu)
  mkdir -p "$(dirname "$tofu_bin")"
  mv "$tmp/tofu" "$tofu_bin"
  rm -rf "$tmp"
}

case "${1:-all}" in
  terraform) install_terraform; echo "$terraform_bin" ;;
  tofu) install_tofu; echo "$tofu_bin" ;;
  all) install_terraform; install_tofu ;;
  *) echo "usage: $0 [terraform|tofu|all]" >&2; exit 2 ;;
esac
