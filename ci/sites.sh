#!/usr/bin/env bash
# Render every site of a program repository: sites/<site-id>.toml x $USE_CASES
# into OUT/<site-id>/<use-case>/, with the program's own playbooks/ when the
# repository has them, at the date in $AS_OF when set (pin it). Fails (exit 1)
# when any render fails; prints a summary.
# Usage: ci/sites.sh render OUT
set -euo pipefail

command=${1:-render}
out=${2:-build/packages}
use_cases=${USE_CASES:-predictive-maintenance}
playbooks=()
if [ -d playbooks ]; then playbooks=(--playbooks playbooks); fi

if [ "$command" != render ]; then
  echo "usage: ci/sites.sh render OUT" >&2
  exit 2
fi

failed=0
as_of=()
if [ -n "${AS_OF:-}" ]; then as_of=(--as-of "$AS_OF"); fi

for site in sites/*.toml; do
  id=$(basename "$site" .toml)
  for use_case in $use_cases; do
    dir="$out/$id/$use_case"
    mkdir -p "$(dirname "$dir")"
    if sitepack render "$site" --use-case "$use_case" --out "$dir" "${playbooks[@]}" "${as_of[@]}" --format json > "$dir.json"; then
      echo "ok      $id $use_case"
    else
      echo "FAILED  $id $use_case (see $dir.json)"
      failed=1
    fi
  done
done
exit "$failed"
