#!/usr/bin/env bash
# make bench: build the provider and the benchmark driver, then run internal/cmd/lakefs-bench, which starts the
# lakeFS test server in its own process, runs the real Terraform binary against the provider just built and
# writes BENCHMARKS.md at the repository root. Scratch files (up to a few GiB for the upload figures) live in a
# directory under /tmp that is removed at the end, also when a step fails.
# Extra driver flags pass through, from the command line or BENCH_ARGS (for make bench):
#   scripts/bench.sh -only refresh,listing -reps 1 -out /tmp/b.md
#   BENCH_ARGS="-remote-targets double,lakefs" make bench     # figure 6 against real lakeFS too (scripts/lakefs.sh)
#   scripts/bench.sh -only remote,remote-uploads              # replaces only sections 6 and 7 of BENCHMARKS.md
#   scripts/bench.sh -only cpu -cpu-baseline /tmp/old-provider -cpu-baseline-name abc1234   # section 8, before/after
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/lakefs-bench-XXXXXX)"
# Real lakeFS (-remote-targets lakefs) runs under $work/run/lakefs-server: stop it too if the driver did not.
trap 'bash "$root/scripts/lakefs.sh" down "$work/run/lakefs-server" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT INT TERM

terraform="${TERRAFORM:-$("$root/scripts/install-tools.sh" terraform)}"

echo "==> building the provider and the benchmark driver"
(cd "$root" && go build -o "$work/bin/terraform-provider-lakefs" . && go build -o "$work/bin/lakefs-bench" ./internal/cmd/lakefs-bench)

echo "==> running the benchmarks (about 25 minutes; more with -remote-targets double,lakefs)"
# shellcheck disable=SC2086 # BENCH_ARGS is a list of flags
"$work/bin/lakefs-bench" -terraform "$terraform" -provider "$work/bin/terraform-provider-lakefs" \
  -lakefs-script "$root/scripts/lakefs.sh" -work "$work/run" -out "$root/BENCHMARKS.md" ${BENCH_ARGS:-} "$@"
echo "==> done"
