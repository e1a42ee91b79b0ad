#!/usr/bin/env bash
# Bring every package repository a program lists forward with ONE `sitepack update`
# (the packages are updated in parallel), then propose each changed package for review.
#
#   ci/update-packages.sh [LIST] [WORK]
#
# LIST (default packages.txt): one package repository URL per line; blank lines and
# `#` comments are ignored. WORK (default build/update): where the clones go.
# Environment:
#   FORGE          none (default: push the branch only) | github (open a pull request with gh)
#                  | gitlab (open a merge request with git push options)
#   PLAYBOOKS_GIT, PLAYBOOKS_REF   optional: the program's playbooks, passed to update
# Each package is cloned with its whole history, its sitepack/rendered branch made local,
# updated, and when its main moved, pushed as branch sitepack-update (plus sitepack/rendered).
# A package left with merge conflicts is not pushed; resolve it by hand.
# Exit: the exit code of `sitepack update` (1 when a package has conflicts, 2 when one was
# refused), or 3 when a clone or a push failed.
set -euo pipefail

list=${1:-packages.txt}
work=${2:-build/update}
forge=${FORGE:-none}
playbooks=()
if [ -n "${PLAYBOOKS_GIT:-}" ]; then playbooks=(--playbooks "$PLAYBOOKS_GIT" --playbooks-ref "${PLAYBOOKS_REF:?set PLAYBOOKS_REF with PLAYBOOKS_GIT}"); fi

mkdir -p "$work"
dirs=()
urls=()
while IFS= read -r line || [ -n "$line" ]; do
  url=${line%%#*}
  url=$(printf '%s' "$url" | tr -d '[:space:]')
  [ -n "$url" ] || continue
  dir="$work/$(( ${#dirs[@]} + 1 ))"
  rm -rf "$dir"
  if ! git clone --quiet "$url" "$dir"; then
    echo "cannot clone $url" >&2
    exit 3
  fi
  git -C "$dir" branch --force sitepack/rendered origin/sitepack/rendered
  dirs+=("$dir")
  urls+=("$url")
done < "$list"
if [ "${#dirs[@]}" = 0 ]; then
  echo "$list lists no package repository" >&2
  exit 2
fi

status=0
sitepack update "${dirs[@]}" "${playbooks[@]}" || status=$?

for i in "${!dirs[@]}"; do
  dir=${dirs[$i]}
  url=${urls[$i]}
  if [ -n "$(git -C "$dir" diff --name-only --diff-filter=U)" ]; then
    echo "conflicts  $url (not pushed; resolve in a clone and push by hand)"
    continue
  fi
  if [ "$(git -C "$dir" rev-parse HEAD)" = "$(git -C "$dir" rev-parse origin/HEAD)" ]; then
    echo "unchanged  $url"
    continue
  fi
  base=$(git -C "$dir" symbolic-ref --short refs/remotes/origin/HEAD | sed 's|^origin/||')
  options=()
  if [ "$forge" = gitlab ]; then
    options=(-o merge_request.create -o "merge_request.target=$base" -o "merge_request.title=sitepack update")
  fi
  if ! git -C "$dir" push --quiet --force "${options[@]}" origin HEAD:refs/heads/sitepack-update sitepack/rendered:refs/heads/sitepack/rendered; then
    echo "cannot push to $url" >&2
    exit 3
  fi
  if [ "$forge" = github ]; then
    open=$(cd "$dir" && gh pr list --head sitepack-update --base "$base" --state open --json number --jq length)
    if [ "$open" = 0 ]; then
      (cd "$dir" && gh pr create --head sitepack-update --base "$base" --title "sitepack update" \
        --body "Re-rendered by the program's update run; review the merge.")
    fi
  fi
  echo "proposed   $url (branch sitepack-update)"
done
exit "$status"
