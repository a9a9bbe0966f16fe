#!/usr/bin/env bash
# Runs the peer NFQUEUE harness (../shared/bench/nfq, beside this checkout)
# with nfkit's sink as the "nfkit" consumer, next to the no-queue ceiling and
# the fastest C libnetfilter_queue consumer (libmnl, batch verdicts).
#
#   bench/nfq/run.sh            # from the repository root, as root
#   REPS=5 DUR=10 bench/nfq/run.sh
#
# Everything runs in throw-away namespaces created by the harness. The
# summary lines (RESULT, RATIO) are printed at the end; the ratios to quote
# are "nfkit/c-mnl-batch" and "nfkit/ceiling-sock" of the same run.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
harness="${HARNESS:-$root/../shared/bench/nfq}"
bin="${NFKIT_BIN_DIR:-$(mktemp -d)}"
(cd "$root" && CGO_ENABLED=0 go build -o "$bin/nfkit" ./cmd/nfkit)
"$harness/build.sh"
export CONSUMERS="${CONSUMERS:-ceiling-sock c-mnl-batch nfkit}"
export NFKIT_CONSUMER="$bin/nfkit queue sink --num 0 ${SINK_FLAGS:-}"
export SIZES="${SIZES:-64}"
"$harness/run.sh" | tee "$bin/nfq-results.txt" | grep -E '^(RUN|RESULT|RATIO)'
