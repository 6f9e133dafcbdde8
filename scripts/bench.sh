#!/usr/bin/env bash
# make bench: build the provider and the benchmark driver, then run internal/cmd/lakefs-bench, which starts the
# lakeFS test server in its own process, runs the real Terraform binary against the provider just built and
# writes BENCHMARKS.md at the repository root. Scratch files (up to a few GiB for the upload figures) live in a
# directory under /tmp that is removed at the end, also when a step fails.
# Extra driver flags pass through: scripts/bench.sh -only refresh,listing -reps 1 -out /tmp/b.md
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/lakefs-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT INT TERM

terraform="${TERRAFORM:-$("$root/scripts/install-tools.sh" terraform)}"

echo "==> building the provider and the benchmark driver"
(cd "$root" && go build -o "$work/bin/terraform-provider-lakefs" . && go build -o "$work/bin/lakefs-bench" ./internal/cmd/lakefs-bench)

echo "==> running the benchmarks (about 15 minutes)"
"$work/bin/lakefs-bench" -terraform "$terraform" -provider "$work/bin/terraform-provider-lakefs" \
  -work "$work/run" -out "$root/BENCHMARKS.md" "$@"
echo "==> done"
