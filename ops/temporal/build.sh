#!/usr/bin/env bash
# Builds the Temporal server (cmd/server) and its SQL schema tool (cmd/tools/sql) from the Go module
# go.temporal.io/server, once, into .cache/ (git-ignored; DONDOC_TEMPORAL_BUILD_DIR moves it). Gently: one package at a time at the
# lowest priority, so a shared machine stays usable. v1.32.1 is the newest release whose go.mod asks
# for no newer Go than this machine's 1.26.8, and the server line the dev server (CLI 1.9.1) carries.
set -euo pipefail
VERSION="${TEMPORAL_SERVER_VERSION:-v1.32.1}"
HERE="$(cd "$(dirname "$0")" && pwd)"
CACHE="${DONDOC_TEMPORAL_BUILD_DIR:-$HERE/../../.cache}/temporal-server-$VERSION"
BIN="$CACHE/bin"
if [ -x "$BIN/temporal-server" ] && [ -x "$BIN/temporal-sql-tool" ]; then
  echo "$BIN"
  exit 0
fi
mkdir -p "$CACHE/src" "$BIN"
cd "$CACHE/src"
[ -f go.mod ] || go mod init dondoc.local/temporal-server-build >&2
export GOTOOLCHAIN=local GOFLAGS=-mod=mod
echo "fetching go.temporal.io/server@$VERSION from the Go module proxy…" >&2
go get "go.temporal.io/server/cmd/server@$VERSION" "go.temporal.io/server/cmd/tools/sql@$VERSION" >&2
echo "building cmd/server and cmd/tools/sql (nice -n 19, go build -p 1)…" >&2
nice -n 19 go build -p 1 -o "$BIN/temporal-sql-tool" go.temporal.io/server/cmd/tools/sql >&2
nice -n 19 go build -p 1 -o "$BIN/temporal-server" go.temporal.io/server/cmd/server >&2
echo "$BIN"
