#!/usr/bin/env bash
# Shared helpers for the scripts in this folder. Source it:
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# tf_bin / tofu_bin print the path of the cached Terraform (1.16.4) / OpenTofu 1.12.6
# binary, building it first (once, from the Go module proxy) if it is missing.

LAKEFS_TF_SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

tf_bin() { "$LAKEFS_TF_SCRIPTS_DIR/install-tools.sh" terraform; }
tofu_bin() { "$LAKEFS_TF_SCRIPTS_DIR/install-tools.sh" tofu; }
