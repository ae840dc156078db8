#!/usr/bin/env bash
# The Temporal server for one province: built from its Go module, persistence and visibility on
# PostgreSQL, its four services in one process on 127.0.0.1, the namespace and dondoc's search
# attributes created. Every step is idempotent.
#
#   ops/temporal/cluster.sh build              build (once) and print the folder of the binaries
#   ops/temporal/cluster.sh schema             create the two databases if missing, bring both schemas up to date
#   ops/temporal/cluster.sh config DIR         write DIR/config.yaml and DIR/dynamicconfig.yaml (mode 0600)
#   ops/temporal/cluster.sh start DIR          run the server in the foreground (what temporal.service runs)
#   ops/temporal/cluster.sh prepare            register the namespace and the search attributes (npm run ops)
#   ops/temporal/cluster.sh up DIR             all of the above, the server in the background (DIR/server.pid)
#   ops/temporal/cluster.sh down DIR           stop the server `up` started
#
# Settings (environment):
#   TEMPORAL_POSTGRES_URL  postgresql://user:password@host:5432/postgres   (required by schema, config, up)
#   TEMPORAL_DATABASE      the history database        (default temporal)
#   TEMPORAL_VISIBILITY_DATABASE                       (default temporal_visibility)
#   TEMPORAL_PORT          the frontend's gRPC port; the other services use the next ones (default 7233)
#   TEMPORAL_NAMESPACE     (default default)           TEMPORAL_SERVER_VERSION (default v1.32.1)
#   TEMPORAL_TASK_QUEUE_PARTITIONS  partitions of every task queue (default 1; the server's own default is 4)
# The password is passed to the SQL tool through its environment and written only into the 0600
# config; it is never printed.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VERSION="${TEMPORAL_SERVER_VERSION:-v1.32.1}"
export TEMPORAL_SERVER_VERSION="$VERSION"
DB="${TEMPORAL_DATABASE:-temporal}"
VISIBILITY="${TEMPORAL_VISIBILITY_DATABASE:-temporal_visibility}"
PORT="${TEMPORAL_PORT:-7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
say() { echo "[temporal] $*" >&2; }

binaries() { bash "$HERE/build.sh"; }

postgres_parts() {
  [ -n "${TEMPORAL_POSTGRES_URL:-}" ] || { say "TEMPORAL_POSTGRES_URL is not set"; exit 2; }
  eval "$(node -e '
    const u = new URL(process.argv[1]);
    const q = (s) => `'"'"'${decodeURIComponent(s).replace(/'"'"'/g, "")}'"'"'`;
    console.log(`PG_HOST=${q(u.hostname)} PG_PORT=${q(u.port || "5432")} PG_USER=${q(u.username)} PG_PASSWORD=${q(u.password)}`);
  ' "$TEMPORAL_POSTGRES_URL")"
}

schema() {
  postgres_parts
  local bin dir
  bin="$(binaries)"
  dir="$(cd "$(dirname "$bin")/src" && GOTOOLCHAIN=local go list -m -f '{{.Dir}}' go.temporal.io/server)/schema/postgresql/v12"
  local log
  log="$(mktemp)"
  # The SQL tool logs every statement; its log is shown only when a step fails.
  tool() {
    SQL_PASSWORD="$PG_PASSWORD" "$bin/temporal-sql-tool" --plugin postgres12 --ep "$PG_HOST" -p "$PG_PORT" -u "$PG_USER" "$@" \
      >"$log" 2>&1 || { tail -20 "$log" >&2; rm -f "$log"; return 1; }
  }
  for pair in "$DB:temporal" "$VISIBILITY:visibility"; do
    local db="${pair%%:*}" kind="${pair##*:}"
    # Each step leaves what exists as it is: the database is created if missing, the base schema set
    # up only where no schema is yet, and only the newer versions applied.
    tool --db "$db" create-database
    tool --db "$db" setup-schema -v 0.0
    tool --db "$db" update-schema -d "$dir/$kind/versioned"
    say "schema of $db is up to date ($VERSION)"
  done
  rm -f "$log"
}

store() {
  cat <<YAML
      sql:
        pluginName: "postgres12"
        databaseName: "$1"
        connectAddr: "$PG_HOST:$PG_PORT"
        connectProtocol: "tcp"
        user: "$PG_USER"
        password: "$PG_PASSWORD"
        maxConns: $2
        maxIdleConns: $2
        maxConnLifetime: "1h"
YAML
}

service() {
  cat <<YAML
  $1:
    rpc:
      grpcPort: $2
      membershipPort: $3
      bindOnLocalHost: true
YAML
}

# One partition per task queue: a province's few workers poll one server, so a task and its
# poller always meet on the root partition, never forwarded between partitions (bench/README.md,
# "A real Temporal server"). Set before the first start: lowering the counts of a running cluster
# needs the write partitions lowered first and their backlog drained before the read partitions.
dynamic_config() {
  local partitions="${TEMPORAL_TASK_QUEUE_PARTITIONS:-1}"
  [[ "$partitions" =~ ^[1-9][0-9]*$ ]] || { say "TEMPORAL_TASK_QUEUE_PARTITIONS must be a whole number from 1 (got '$partitions')"; exit 2; }
  cat <<YAML
frontend.enableServerVersionCheck:
  - value: false
matching.numTaskqueueWritePartitions:
  - value: $partitions
matching.numTaskqueueReadPartitions:
  - value: $partitions
YAML
}

config() {
  local dir="$1"
  postgres_parts
  mkdir -p "$dir"
  (
    umask 077 # the config holds the database password
    dynamic_config >"$dir/dynamicconfig.yaml"
    {
      cat <<YAML
log:
  stdout: true
  level: warn
persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:
YAML
      store "$DB" 20
      echo "    postgres-visibility:"
      store "$VISIBILITY" 4
      cat <<YAML
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
services:
YAML
      service frontend "$PORT" $((PORT + 100))
      service history $((PORT + 1)) $((PORT + 101))
      service matching $((PORT + 2)) $((PORT + 102))
      service worker $((PORT + 6)) $((PORT + 106))
      cat <<YAML
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:$PORT"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: "$dir/dynamicconfig.yaml"
  pollInterval: "10s"
YAML
    } >"$dir/config.yaml"
  )
  say "wrote $dir/config.yaml (frontend 127.0.0.1:$PORT)"
}

start() {
  local dir="$1"
  TEMPORAL_VERSION_CHECK_DISABLED=1 exec "$(binaries)/temporal-server" --config-file "$dir/config.yaml" --allow-no-auth start
}

prepare() {
  cd "$ROOT"
  TEMPORAL_ADDRESS="127.0.0.1:$PORT" TEMPORAL_NAMESPACE="$NAMESPACE" node --import tsx ops/cli.ts temporal-namespace
}

up() {
  local dir="$1"
  binaries >/dev/null
  schema
  config "$dir"
  say "starting the server (log: $dir/server.log)"
  nohup bash "$0" start "$dir" >"$dir/server.log" 2>&1 &
  echo $! >"$dir/server.pid"
  if ! prepare; then
    say "the server did not become ready; its log ends with:"
    tail -20 "$dir/server.log" >&2
    down "$dir"
    exit 1
  fi
  say "ready at 127.0.0.1:$PORT, namespace $NAMESPACE (TEMPORAL_ADDRESS=127.0.0.1:$PORT)"
}

down() {
  local dir="$1" pid
  [ -f "$dir/server.pid" ] || { say "no server started in $dir"; return 0; }
  pid="$(cat "$dir/server.pid")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/server.pid"
  say "stopped"
}

command="${1:-}"
case "$command" in
  build) binaries ;;
  schema) schema ;;
  config | start | up | down)
    [ -n "${2:-}" ] || { say "usage: $0 $command DIR"; exit 2; }
    "$command" "$(mkdir -p "$2" && cd "$2" && pwd)"
    ;;
  prepare) prepare ;;
  *)
    sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
