#!/usr/bin/env bash
# Times N renders of examples/lyon.toml (predictive maintenance) into fresh git
# repositories, one new temp dir per run, with a release build. Prints min,
# median and max in ms. Uses hyperfine when installed, else a portable loop.
#
#   scripts/bench.sh            # N=30
#   N=100 scripts/bench.sh
#   BIN=/tmp/old/sitepack scripts/bench.sh   # an existing binary, no build
# TMPDIR=/dev/shm puts the work directory on tmpfs (takes the disk out of the figures).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

n="${N:-30}"
site="${SITE:-examples/lyon.toml}"
use_case="${USE_CASE:-predictive-maintenance}"

if [ -n "${BIN:-}" ]; then
    bin="$(realpath "$BIN")"         # an existing binary, no build (to compare two)
else
    cargo build --release -j "${CARGO_BUILD_JOBS:-1}" >&2
    bin="$PWD/target/release/sitepack"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1795694400 HOME="$work" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
echo "load average at the start (1, 5, 15 min): $(uptime | sed 's/.*load average: //')"

if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --runs "$n" --warmup 2 --export-json "$work/h.json" \
        --prepare "rm -rf '$work/pkg'" \
        "'$bin' render '$site' --use-case $use_case --out '$work/pkg' --as-of 2026-11-26"
    python3 - "$work/h.json" <<'PY'
import json, statistics, sys
t = [x * 1000 for x in json.load(open(sys.argv[1]))["results"][0]["times"]]
print(f"renders: {len(t)}  min {min(t):.1f} ms  median {statistics.median(t):.1f} ms  max {max(t):.1f} ms")
PY
    exit 0
fi

"$bin" render "$site" --use-case "$use_case" --out "$work/warmup" --as-of 2026-11-26 >/dev/null 2>&1
times=()
for i in $(seq 1 "$n"); do
    out="$work/run-$i"
    start=$(date +%s%N)
    "$bin" render "$site" --use-case "$use_case" --out "$out" --as-of 2026-11-26 >/dev/null 2>&1
    end=$(date +%s%N)
    times+=("$(( (end - start) / 1000 ))")
    rm -rf "$out"
done
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$n" '
    { t[NR] = $1 }
    END {
        median = (n % 2) ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2
        printf "renders: %d  min %.1f ms  median %.1f ms  max %.1f ms\n", n, t[1] / 1000, median / 1000, t[n] / 1000
    }'
