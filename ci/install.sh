#!/usr/bin/env bash
# Install sitepack in a CI job: the released binary for this runner when there is one,
# else `cargo install` from source (the fallback, slower).
#
#   SITEPACK_VERSION   the release tag, e.g. v0.2.0 (required)
#   SITEPACK_RELEASES  where release assets live, e.g.
#                      https://github.com/acme/sitepack/releases/download (optional)
#   SITEPACK_GIT       the sitepack git repository, for the cargo fallback (optional)
#   BIN_DIR            where to put the binary (default: $HOME/.local/bin)
#
# Release assets are named sitepack-<target>.tar.gz (sitepack-<target>.zip on Windows),
# as ci/github/release.yml builds them. Exits non-zero when neither way works.
set -euo pipefail

version=${SITEPACK_VERSION:?set SITEPACK_VERSION to the sitepack release to use, e.g. v0.2.0}
bin_dir=${BIN_DIR:-$HOME/.local/bin}
mkdir -p "$bin_dir"

target() {
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) echo x86_64-unknown-linux-gnu ;;
    Linux-aarch64) echo aarch64-unknown-linux-gnu ;;
    Darwin-arm64) echo aarch64-apple-darwin ;;
    Darwin-x86_64) echo x86_64-apple-darwin ;;
    MINGW*|MSYS*|CYGWIN*) echo x86_64-pc-windows-msvc ;;
    *) echo unknown ;;
  esac
}

from_release() {
  local t url tmp
  t=$(target)
  [ -n "${SITEPACK_RELEASES:-}" ] && [ "$t" != unknown ] || return 1
  tmp=$(mktemp -d)
  if [ "$t" = x86_64-pc-windows-msvc ]; then
    url="$SITEPACK_RELEASES/$version/sitepack-$t.zip"
    curl --fail --silent --show-error --location "$url" -o "$tmp/sitepack.zip" || return 1
    unzip -q "$tmp/sitepack.zip" -d "$tmp" && mv "$tmp/sitepack.exe" "$bin_dir/"
  else
    url="$SITEPACK_RELEASES/$version/sitepack-$t.tar.gz"
    curl --fail --silent --show-error --location "$url" -o "$tmp/sitepack.tar.gz" || return 1
    tar -xzf "$tmp/sitepack.tar.gz" -C "$tmp" && install -m 0755 "$tmp/sitepack" "$bin_dir/sitepack"
  fi
  echo "installed sitepack $version from $url" >&2
}

from_source() {
  [ -n "${SITEPACK_GIT:-}" ] || return 1
  echo "no released binary; building sitepack $version from $SITEPACK_GIT" >&2
  cargo install --locked --root "$(dirname "$bin_dir")" --git "$SITEPACK_GIT" --tag "$version" sitepack
}

if ! from_release && ! from_source; then
  echo "cannot install sitepack $version: set SITEPACK_RELEASES (release assets) or SITEPACK_GIT (cargo install)" >&2
  exit 3
fi
"$bin_dir/sitepack" --version
