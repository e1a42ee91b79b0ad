#!/usr/bin/env bash
# Times `sitepack check` and `sitepack render --no-git` of one generated profile with 1,000,
# 5,000 and 20,000 assets (scripts/gen-sites.py --assets), release build, each under
# /usr/bin/time -v: prints wall time, user and system CPU, max RSS and the load average
# (`uptime`) at the start of each run. CALLGRIND=1 also counts instructions with
# valgrind --tool=callgrind (slow: about 50x).
#
#   scripts/bench-scale.sh                 # 1000 5000 20000
#   SIZES="1000 5000" scripts/bench-scale.sh
#   CALLGRIND=1 SIZES=1000 scripts/bench-scale.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

sizes="${SIZES:-1000 5000 20000}"
if [ -z "${BIN:-}" ]; then
    cargo build --release -j "${CARGO_BUILD_JOBS:-1}" >&2
    BIN="$PWD/target/release/sitepack"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1795694400 HOME="$work" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

measure() { # label, command...
    local label="$1"
    shift
    local load
    load="$(uptime | sed 's/.*load average: //')"
    /usr/bin/time -v "$@" >/dev/null 2>"$work/time" || {
        echo "$label: exit $?" >&2
        tail -5 "$work/time" >&2
        return 1
    }
    awk -v label="$label" -v load="$load" -F': ' '
        /Elapsed \(wall clock\)/ { wall = $2 }
        /User time/ { user = $2 }
        /System time/ { sys = $2 }
        /Maximum resident/ { rss = $2 }
        END { printf "%-22s wall %s  user %s s  sys %s s  max RSS %.1f MiB  load %s\n",
              label, wall, user, sys, rss / 1024, load }' "$work/time"
    if [ -n "${CALLGRIND:-}" ]; then
        valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$@" >/dev/null 2>"$work/cg"
        awk -v label="$label" '/Collected :/ { printf "%-22s instructions %d (callgrind)\n", label, $4 }' "$work/cg"
    fi
}

for n in $sizes; do
    python3 scripts/gen-sites.py 1 "$work/sites-$n" --assets "$n"
    site="$work/sites-$n/site-0000.toml"
    measure "check $n assets" "$BIN" check "$site"
    rm -rf "$work/out"
    measure "render $n assets" "$BIN" render "$site" --use-case predictive-maintenance \
        --no-git --out "$work/out" --as-of 2026-11-26
done
