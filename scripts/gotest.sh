#!/usr/bin/env bash
# Runs `go test -v ARGS...` with its output left as it is (CI reads the `ok`/`FAIL`
# lines), then prints one plain summary line:
#   LABEL: N passed, N failed, N skipped
# Exits non-zero when go test fails, and also when no test ran at all (a pattern
# matching nothing, no test files) so that an empty run is never mistaken for a
# green one; set ALLOW_NO_TESTS=1 to accept an empty run.
# If GOTEST_SUMMARY_FILE is set, the counts are appended to it ("LABEL P F S").
#
# usage: scripts/gotest.sh LABEL [go test flags and packages...]
set -uo pipefail

label="${1:?usage: $0 LABEL [go test args...]}"
shift

log="$(mktemp "${TMPDIR:-/tmp}/gotest.XXXXXX")"
trap 'rm -f "$log"' EXIT

echo "==> $label: go test -v $*"
go test -v "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

# Count every test and subtest result line (subtests are indented).
passed=$(grep -cE '^[[:space:]]*--- PASS: ' "$log" || true)
failed=$(grep -cE '^[[:space:]]*--- FAIL: ' "$log" || true)
skipped=$(grep -cE '^[[:space:]]*--- SKIP: ' "$log" || true)
# A package that fails to build or panics has no "--- FAIL" line of its own.
pkgfail=$(grep -cE '^FAIL[[:space:]]' "$log" || true)
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=$(( pkgfail > 0 ? pkgfail : 1 ))
fi

if [ -n "${GOTEST_SUMMARY_FILE:-}" ]; then
  echo "$label $passed $failed $skipped" >>"$GOTEST_SUMMARY_FILE"
fi

echo "$label: $passed passed, $failed failed, $skipped skipped"

if [ "$rc" -ne 0 ]; then
  echo "==> $label: FAILED (go test exit code $rc)" >&2
  exit "$rc"
fi
if [ $((passed + failed + skipped)) -eq 0 ] && [ "${ALLOW_NO_TESTS:-0}" != 1 ]; then
  echo "==> $label: FAILED: no test ran (go test $*); set ALLOW_NO_TESTS=1 to accept" >&2
  exit 1
fi
