#!/usr/bin/env bash
# FerretDB 1.24.2 (MongoDB wire protocol over SQLite): the MongoDB server for
# the nosql store's tests, locally and in CI, with nothing but Go and Node.
#
#   scripts/ci/ferretdb.sh install   build the binary into $FERRETDB_HOME/bin (once)
#   scripts/ci/ferretdb.sh start     serve 127.0.0.1:$FERRETDB_PORT; prints MONGODB_URL=...
#   scripts/ci/ferretdb.sh stop      stop the server this script started, drop its data
#
# Environment: FERRETDB_HOME (default ~/.cache/ferretdb), FERRETDB_PORT (27017),
# FERRETDB_START_TIMEOUT seconds (30).
set -euo pipefail

readonly VERSION=1.24.2
readonly MODULE=github.com/FerretDB/FerretDB
readonly FERRETDB_HOME=${FERRETDB_HOME:-$HOME/.cache/ferretdb}
readonly BIN=$FERRETDB_HOME/bin/ferretdb
readonly PORT=${FERRETDB_PORT:-27017}
readonly RUN_DIR=$FERRETDB_HOME/run
readonly PID_FILE=$RUN_DIR/ferretdb-$PORT.pid
readonly DATA_FILE=$RUN_DIR/ferretdb-$PORT.data # holds the path of the temp data dir
readonly LOG_FILE=$RUN_DIR/ferretdb-$PORT.log
readonly URL=mongodb://127.0.0.1:$PORT
readonly START_TIMEOUT=${FERRETDB_START_TIMEOUT:-30}
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly REPO_ROOT

WORK_DIR= # build sources, removed on exit
cleanup() { if [[ -n $WORK_DIR ]]; then rm -rf "$WORK_DIR"; fi; }
trap cleanup EXIT

say() { echo "ferretdb: $*" >&2; }
die() {
  say "$*"
  exit 1
}

installed_version() {
  [[ -x $BIN ]] && "$BIN" --version 2>/dev/null | sed -n 's/^version: *//p' || true
}

install() {
  if [[ $(installed_version) == "v$VERSION" ]]; then
    say "v$VERSION already installed at $BIN"
    return
  fi
  command -v go >/dev/null || die "Go is required to build FerretDB (https://go.dev/dl/)"
  local started=$SECONDS src
  say "building v$VERSION into $BIN (several minutes on a cold Go cache)"
  # `go install ...@v1.24.2` also asks the proxy for the module's deprecation
  # list, which some proxies refuse; an explicit download of one version does not.
  src=$(go mod download -json "$MODULE@v$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [[ -d $src ]] || die "go mod download $MODULE@v$VERSION gave no source directory"
  # The module zip lacks build/version/version.txt, and a binary built without
  # it panics at start. Build a writable copy that has it; -trimpath keeps the
  # Go build cache reusable whatever the temp path is.
  WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-src.XXXXXX")
  cp -R "$src/." "$WORK_DIR/"
  chmod -R u+w "$WORK_DIR"
  echo "v$VERSION" >"$WORK_DIR/build/version/version.txt"
  mkdir -p "$(dirname "$BIN")"
  (cd "$WORK_DIR" && GOFLAGS=-buildvcs=false go build -trimpath -o "$BIN.tmp" ./cmd/ferretdb)
  mv "$BIN.tmp" "$BIN"
  [[ $(installed_version) == "v$VERSION" ]] || die "built binary does not report v$VERSION"
  say "built v$VERSION in $((SECONDS - started))s"
}

# Exit status 0 when a MongoDB-protocol server at $URL answers a ping within a second.
answers_ping() {
  [[ -d $REPO_ROOT/node_modules/mongodb ]] || die "node_modules/mongodb is missing: run npm ci first"
  (cd "$REPO_ROOT" && node --input-type=module -e '
    import { MongoClient } from "mongodb";
    const client = new MongoClient(process.argv[1], { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
    try { await client.db("admin").command({ ping: 1 }); } catch { process.exitCode = 1; } finally { await client.close(); }
  ' "$URL") 2>/dev/null
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

running_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid
  pid=$(<"$PID_FILE")
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start() {
  if answers_ping; then
    say "a server already answers on 127.0.0.1:$PORT; reusing it"
    echo "MONGODB_URL=$URL"
    return
  fi
  port_in_use && die "127.0.0.1:$PORT is taken by something that does not answer a MongoDB ping"
  [[ $(installed_version) == "v$VERSION" ]] || install

  mkdir -p "$RUN_DIR"
  local data pid deadline
  data=$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-data.XXXXXX")
  echo "$data" >"$DATA_FILE"
  "$BIN" --handler=sqlite --sqlite-url="file:$data/" --state-dir="$data" \
    --listen-addr="127.0.0.1:$PORT" --telemetry=disable --debug-addr=- \
    --log-level=info >"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"
  say "started pid $pid, data in $data, log in $LOG_FILE"

  deadline=$((SECONDS + START_TIMEOUT))
  until answers_ping; do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "exited before answering; last log lines:"
      tail -n 30 "$LOG_FILE" >&2
      rm -f "$PID_FILE"
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      say "no ping answer within ${START_TIMEOUT}s; last log lines:"
      tail -n 30 "$LOG_FILE" >&2
      stop
      exit 1
    fi
    sleep 0.2
  done
  echo "MONGODB_URL=$URL"
}

stop() {
  local pid deadline
  if pid=$(running_pid); then
    kill -TERM "$pid"
    deadline=$((SECONDS + 10))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    say "stopped pid $pid"
  else
    say "no server started by this script on port $PORT"
  fi
  [[ -f $DATA_FILE ]] && rm -rf "$(<"$DATA_FILE")"
  rm -f "$PID_FILE" "$DATA_FILE"
}

case ${1:-} in
  install) install ;;
  start) start ;;
  stop) stop ;;
  *)
    echo "usage: $0 install|start|stop" >&2
    exit 2
    ;;
esac
