#!/usr/bin/env bash
# Installs the Terraform and OpenTofu CLIs used by the acceptance tests, once per
# version, into a per-user cache outside the clone (no download site is reachable:
# all are built from the Go module proxy). Prints nothing but errors; pass
# "terraform", "terraform-oldest" or "tofu" to print that binary's path instead.
#
#
#   terraform          TERRAFORM_VERSION, default 1.16.4: the main target, the newest the module proxy serves
#   terraform-oldest   TERRAFORM_OLDEST_VERSION, default 1.8.5: the oldest Terraform the provider supports
#   tofu               OPENTOFU_VERSION, default 1.12.6
set -euo pipefail

TERRAFORM_VERSION="${TERRAFORM_VERSION:-1.16.4}"
TERRAFORM_OLDEST_VERSION="${TERRAFORM_OLDEST_VERSION:-1.8.5}"
OPENTOFU_VERSION="${OPENTOFU_VERSION:-1.12.6}"
CACHE="${LAKEFS_TF_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-lakefs/tools}"

tofu_bin="$CACHE/opentofu-$OPENTOFU_VERSION/tofu"

terraform_bin() { echo "$CACHE/terraform-$1/terraform"; }

# install_terraform VERSION builds Terraform VERSION once. Up to 1.8 `go install` works as it is. Since 1.9
# Terraform's go.mod replaces nine remote-state backends and internal/legacy with directories its module zip
# does not contain, so `go install` refuses: a throwaway module of ours requires Terraform and replaces each
# with a stub (a backend whose configuration always fails with "not included in this build"; legacy, used only
# by Terraform's own tests, empty). Init, plan, apply and local state work; remote state backends do not, and
# no test uses them.
install_terraform() {
  local version="$1" bin; bin=$(terraform_bin "$1")
  [ -x "$bin" ] && return 0
  # version.dev=no, as Terraform's release builds set it: the binary reports X.Y.Z, not X.Y.Z-dev.
  echo "installing terraform $version into $(dirname "$bin") (first time only, takes minutes)" >&2
  local tmp; tmp=$(mktemp -d)
  local minor; minor=$(echo "$version" | cut -d. -f2)
  if [ "$(echo "$version" | cut -d. -f1)" = 1 ] && [ "$minor" -le 8 ]; then
    GOBIN="$tmp" GOFLAGS=-mod=mod go install "github.com/hashicorp/terraform@v$version"
  else
    write_terraform_module "$tmp" "$version"
    # -e: Terraform's own tests import packages the legacy stub leaves out; the build does not need them.
    (cd "$tmp" && GOFLAGS=-mod=mod go mod tidy -e >"$tmp/tidy.log" 2>&1 || { cat "$tmp/tidy.log" >&2; exit 1; }
     GOFLAGS=-mod=mod go build -ldflags "-X github.com/hashicorp/terraform/version.dev=no" \
       -o "$tmp/terraform" github.com/hashicorp/terraform)
  fi
  mkdir -p "$(dirname "$bin")"
  mv "$tmp/terraform" "$bin"
  rm -rf "$tmp"
}

write_terraform_module() {
  local dir="$1" version="$2" backend
  local backends="azure consul cos gcs kubernetes oss pg s3 oci"
  {
    printf 'module lakefs-provider-terraform-build\n\ngo 1.25\n\nrequire github.com/hashicorp/terraform v%s\n\n' "$version"
    for backend in $backends; do
      printf 'replace github.com/hashicorp/terraform/internal/backend/remote-state/%s => ./stubs/%s\n' "$backend" "$backend"
    done
    printf 'replace github.com/hashicorp/terraform/internal/legacy => ./stubs/legacy\n'
  } >"$dir/go.mod"
  cat >"$dir/tools.go" <<'GO'
//go:build tools

package tools

import _ "github.com/hashicorp/terraform"
GO
  for backend in $backends; do
    mkdir -p "$dir/stubs/$backend"
    printf 'module github.com/hashicorp/terraform/internal/backend/remote-state/%s\n\ngo 1.25\n' "$backend" >"$dir/stubs/$backend/go.mod"
    sed "s/^package stub$/package $backend/" >"$dir/stubs/$backend/backend.go" <<'GO'
// Package stub stands in for a remote-state backend that this build of Terraform leaves out.
package stub

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/configs/configschema"
	"github.com/hashicorp/terraform/internal/tfdiags"
	"github.com/zclconf/go-cty/cty"
)

type notIncluded struct{ backend.Backend }

func New() backend.Backend { return notIncluded{} }

func notIncludedDiags() tfdiags.Diagnostics {
	var diags tfdiags.Diagnostics
	return diags.Append(tfdiags.Sourceless(tfdiags.Error, "Backend not included in this build",
		"This Terraform was built for the terraform-provider-lakefs tests without remote state backends."))
}

func (notIncluded) ConfigSchema() *configschema.Block { return &configschema.Block{} }

func (notIncluded) PrepareConfig(v cty.Value) (cty.Value, tfdiags.Diagnostics) {
	return v, notIncludedDiags()
}

func (notIncluded) Configure(cty.Value) tfdiags.Diagnostics { return notIncludedDiags() }
GO
  done
  mkdir -p "$dir/stubs/legacy"
  printf 'module github.com/hashicorp/terraform/internal/legacy\n\ngo 1.25\n' >"$dir/stubs/legacy/go.mod"
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
  terraform) install_terraform "$TERRAFORM_VERSION"; terraform_bin "$TERRAFORM_VERSION" ;;
  terraform-oldest) install_terraform "$TERRAFORM_OLDEST_VERSION"; terraform_bin "$TERRAFORM_OLDEST_VERSION" ;;
  tofu) install_tofu; echo "$tofu_bin" ;;
  all) install_terraform "$TERRAFORM_VERSION"; install_terraform "$TERRAFORM_OLDEST_VERSION"; install_tofu ;;
  *) echo "usage: $0 [terraform|terraform-oldest|tofu|all]" >&2; exit 2 ;;
esac
