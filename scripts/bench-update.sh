#!/usr/bin/env bash
# Times `sitepack update` of the Lyon package after 1 and after N updates (default 300),
# each update moving the as-of date so that it commits a new render and merges it into
# main. Prints the median of the first and of the last 10 updates, in ms, and the number
# of packs in .git/objects/pack at the end. Release build; BIN=path overrides it.
#
#   scripts/bench-update.sh          # N=300
#   N=100 scripts/bench-update.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

n="${N:-300}"
if [ -z "${BIN:-}" ]; then
    cargo build --release -j "${CARGO_BUILD_JOBS:-1}" >&2
    BIN="$PWD/target/release/sitepack"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1795694400 HOME="$work" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

"$BIN" render examples/lyon.toml --use-case predictive-maintenance --out "$work/pkg" \
    --as-of 2026-11-26 >/dev/null
times=()
for i in $(seq 1 "$n"); do
    if [ $((i % 2)) -eq 1 ]; then as_of=2027-01-15; else as_of=2026-11-26; fi
    start=$(date +%s%N)
    "$BIN" update "$work/pkg" --as-of "$as_of" >/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
done
packs=$(find "$work/pkg/.git/objects/pack" -name '*.pack' | wc -l)
python3 - "$packs" "${times[@]}" <<'PY'
import statistics, sys
packs, t = int(sys.argv[1]), [int(x) / 1000 for x in sys.argv[2:]]
first, last = t[:10], t[-10:]
print(f"updates: {len(t)}  first 10 median {statistics.median(first):.1f} ms  "
      f"last 10 median {statistics.median(last):.1f} ms  packs at the end: {packs}")
PY
