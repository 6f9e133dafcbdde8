#!/usr/bin/env bash
# make testacc-lakefs: the acceptance and contract tests against real lakeFS, built from the Go module proxy.
#
# Starts three real lakeFS instances on loopback (scripts/lakefs.sh): one on a local blockstore, for the whole
# Terraform acceptance suite and the contract tests; one on an S3 blockstore (gofakes3), where presigned
# multipart upload works, for the large-object tests and the multipart contract tests; and one wired to lakeFS's
# ACL auth server (many users, groups, group ACLs, credentials) for the access-control contract tests and the
# user and group acceptance tests. All are stopped and their data removed when the script ends, also on failure
# or interrupt.
#
# Tests that need what only the in-process double has (fault injection, request counters, the Enterprise
# edition) skip against a real server and say so.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
GOTEST="$root/scripts/gotest.sh"
ACC_TIMEOUT="${ACC_TIMEOUT:-30m}"
ACC_PARALLEL="${ACC_PARALLEL:-2}"
TESTARGS="${TESTARGS:-}"

tf="$(scripts/install-tools.sh terraform)"
scripts/lakefs.sh bin >/dev/null

run="$(mktemp -d "${TMPDIR:-/tmp}/lakefs-real.XXXXXX")"
cleanup() { scripts/lakefs.sh down "$run"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

scripts/lakefs.sh up "$run" local s3 acl

# run_against KIND LABEL go-test-args...: go test with the KIND instance's LAKEFS_* in the environment.
run_against() {
  local kind="$1" label="$2"
  shift 2
  (
    set -a
    . "$run/$kind.env"
    set +a
    export TF_ACC=1 TF_ACC_TERRAFORM_PATH="$tf" PATH="$(dirname "$tf"):$PATH"
    # shellcheck disable=SC2086 # TESTARGS is a list of flags
    "$GOTEST" "$label" "$@" -count=1 -timeout "$ACC_TIMEOUT" $TESTARGS
  )
}

# Every stage runs, so one failure does not hide the others; the script fails if any did.
failed=()
run_against local contract-lakefs ./internal/testserver/ -run '^TestContract' || failed+=(contract-lakefs)
run_against s3 contract-lakefs-s3 ./internal/testserver/ -run '^TestContract.*(Multipart|Presigned)' || failed+=(contract-lakefs-s3)
run_against acl contract-lakefs-acl ./internal/testserver/ -run '^TestContractACL' || failed+=(contract-lakefs-acl)
run_against local acc-lakefs ./internal/... -run '^TestAcc' -skip '^TestAccTofu|^TestAccObjectMultipart' \
  -parallel "$ACC_PARALLEL" || failed+=(acc-lakefs)
run_against acl acc-lakefs-acl ./internal/provider/ -run '^TestAcc(User|Group)' -parallel "$ACC_PARALLEL" || failed+=(acc-lakefs-acl)
run_against s3 acc-lakefs-s3 ./internal/provider/ -run '^TestAccObjectMultipart' -parallel "$ACC_PARALLEL" || failed+=(acc-lakefs-s3)
run_against acl acc-lakefs-acl-credentials ./internal/provider/ -run '^TestAcc(Credentials|Policy)' -parallel "$ACC_PARALLEL" \
  || failed+=(acc-lakefs-acl-credentials)
if [ "${#failed[@]}" -gt 0 ]; then
  echo "testacc-lakefs: failed stages: ${failed[*]}" >&2
  exit 1
fi
