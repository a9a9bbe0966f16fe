#!/usr/bin/env bash
# Measures nfkit's iptables-*-restore, -save and single-rule append next to
# the real iptables (and libiptc) in one run, with the peer harness in
# ../shared/bench/rules. Prints RESULT and RATIO lines. Root; everything runs
# in throw-away network namespaces.
#
#   bench/rules.sh                       # legacy, 100k rules
#   BACKENDS="legacy nft" SIZES="10000 100000" bench/rules.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
shared="${SHARED:-$root/../shared}"
out="${BENCH_BUILD_DIR:-$here/.build}"
mkdir -p "$out"
export PATH="$PATH:/usr/local/go/bin"
"$shared/bench/setup.sh" >/dev/null
(cd "$root" && CGO_ENABLED=0 go build -o "$out/nfkit" ./cmd/nfkit)
export NFKIT="$out/nfkit" BENCH_BUILD_DIR="$out"
export SIZES="${SIZES:-100000}" BACKENDS="${BACKENDS:-legacy}" GOIPT_N="${GOIPT_N:-0}" NFT_LIST="${NFT_LIST:-0}"
"$shared/bench/rules/run.sh" | tee "$out/rules-$(date +%Y%m%d-%H%M%S).txt" | grep -E '^(RESULT|RATIO|NOISE)'
