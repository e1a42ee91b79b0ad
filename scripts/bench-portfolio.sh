#!/usr/bin/env bash
# Times one `sitepack portfolio` of N generated sites (5 to 40 assets each, three
# currencies) into packages with git, with a release build; prints wall time, CPU time
# and max RSS (from /usr/bin/time -v). Run it for two values of N to see that memory
# stays flat in the number of sites.
#
#   scripts/bench-portfolio.sh              # N=1000
#   N=100 scripts/bench-portfolio.sh
#   PACKAGES=0 N=1000 scripts/bench-portfolio.sh   # the program view only, no packages
#   BIN=/tmp/old/sitepack scripts/bench-portfolio.sh  # an existing binary, no build
# TMPDIR=/dev/shm puts the work directory on tmpfs (takes the disk out of the figures).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

n="${N:-1000}"
packages=()
if [ "${PACKAGES:-1}" = 1 ]; then packages=(--packages); fi

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

python3 scripts/gen-sites.py "$n" "$work/sites"
cat > "$work/program.toml" <<'TOML'
name = "Benchmark program"
currency = "EUR"

[rates.USD]
rate = 0.92
date = "2026-11-30"
source = "benchmark"

[rates.CZK]
rate = 0.04
date = "2026-11-30"
source = "benchmark"
TOML

/usr/bin/time -v "$bin" portfolio "$work"/sites/*.toml --use-case predictive-maintenance \
    --program "$work/program.toml" --as-of 2026-11-26 --out "$work/out" "${packages[@]}" \
    > "$work/stdout" 2> "$work/time"
wall=$(grep "Elapsed (wall clock)" "$work/time" | awk '{print $NF}')
user=$(grep "User time" "$work/time" | awk '{print $NF}')
sys=$(grep "System time" "$work/time" | awk '{print $NF}')
rss=$(grep "Maximum resident" "$work/time" | awk '{print $NF}')
count=0
if [ -d "$work/out/packages" ]; then
    count=$(find "$work/out/packages" -mindepth 2 -maxdepth 2 -type d | wc -l)
fi
echo "sites: $n  packages: $count  wall $wall  user ${user}s  sys ${sys}s  max RSS $((rss / 1024)) MiB"
