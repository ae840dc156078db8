#!/usr/bin/env bash
# The launch and latency benchmarks on a real Temporal server instead of the dev server: the server
# built from go.temporal.io/server (build.sh, cached in bench/.cache/), with PostgreSQL persistence
# and visibility, all four services in one process, and two dondoc workers in processes of their
# own. A benchmark, not part of CI. Everything listens on 127.0.0.1 only.
#
#   bash bench/temporal-cluster/run.sh [N...]          (launch sizes; default 1000)
#   DONDOC_BENCH_POSTGRES_URL=postgresql://user:pass@host:5432/postgres   (default: the local server below)
#   DONDOC_BENCH_LATENCY_SAMPLES=60                    (latency samples; 0 skips the latency benchmark)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VERSION="${TEMPORAL_SERVER_VERSION:-v1.32.1}"
BIN="$(bash "$HERE/build.sh")"
SCHEMA="$(cd "$ROOT" && GOTOOLCHAIN=local go env GOMODCACHE)/go.temporal.io/server@$VERSION/schema/postgresql/v12"
PG_URL="${DONDOC_BENCH_POSTGRES_URL:-postgresql://postgres:postgres@127.0.0.1:5432/postgres}"
PORT_BASE="${DONDOC_BENCH_TEMPORAL_PORT:-27233}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/dondoc-temporal-cluster-XXXXXX")"
DB=dondoc_bench_temporal
VISIBILITY=dondoc_bench_temporal_visibility

# The URL's parts, for the SQL tool and the server's config (the password goes by environment, never printed).
eval "$(node -e '
  const u = new URL(process.argv[1]);
  const q = (s) => `'"'"'${decodeURIComponent(s).replace(/'"'"'/g, "")}'"'"'`;
  console.log(`PG_HOST=${q(u.hostname)} PG_PORT=${q(u.port || "5432")} PG_USER=${q(u.username)} PG_PASSWORD=${q(u.password)}`);
' "$PG_URL")"
export SQL_PASSWORD="$PG_PASSWORD"
tool() { "$BIN/temporal-sql-tool" --plugin postgres12 --ep "$PG_HOST" -p "$PG_PORT" -u "$PG_USER" "$@"; }

echo "[cluster] schema: $DB and $VISIBILITY on $PG_HOST:$PG_PORT (fresh)"
for db in "$DB" "$VISIBILITY"; do
  tool --db "$db" drop-database --force >/dev/null 2>&1 || true
  tool --db "$db" create-database
done
tool --db "$DB" setup-schema -v 0.0
tool --db "$DB" update-schema -d "$SCHEMA/temporal/versioned"
tool --db "$VISIBILITY" setup-schema -v 0.0
tool --db "$VISIBILITY" update-schema -d "$SCHEMA/visibility/versioned"

# One process with all four services; ports from PORT_BASE (frontend) upwards, on 127.0.0.1.
P=$PORT_BASE
umask 077 # the config holds the database password
cat > "$WORK/dynamicconfig.yaml" <<YAML
frontend.enableServerVersionCheck:
  - value: false
YAML
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
  service frontend "$P" $((P + 100))
  service history $((P + 1)) $((P + 101))
  service matching $((P + 2)) $((P + 102))
  service worker $((P + 6)) $((P + 106))
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
      rpcAddress: "127.0.0.1:$P"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: "$WORK/dynamicconfig.yaml"
  pollInterval: "10s"
YAML
} > "$WORK/config.yaml"

echo "[cluster] starting Temporal server $VERSION at 127.0.0.1:$P (log: $WORK/server.log)"
TEMPORAL_VERSION_CHECK_DISABLED=1 "$BIN/temporal-server" --config-file "$WORK/config.yaml" --allow-no-auth start \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
CLI="$(cd "$ROOT" && node -e 'console.log(require("./scripts/temporal-cli.cjs").findTemporalCli() ?? "temporal")')"
for _ in $(seq 1 120); do
  if "$CLI" operator namespace create --address "127.0.0.1:$P" --namespace default --retention 24h >/dev/null 2>&1 ||
    "$CLI" operator namespace describe --address "127.0.0.1:$P" --namespace default >/dev/null 2>&1; then
    break
  fi
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "[cluster] the server exited:"; tail -20 "$WORK/server.log"; exit 1; }
  sleep 1
done
sleep 12 # a new namespace reaches every service's cache within 10 s

cd "$ROOT"
export DONDOC_BENCH_TEMPORAL_ADDRESS="127.0.0.1:$P" DONDOC_BENCH_WORKERS=2 DONDOC_BENCH_POSTGRES_URL="$PG_URL"
echo "[cluster] launch benchmark, two workers: node --import tsx bench/launch.ts ${*:-1000}"
node --import tsx bench/launch.ts "${@:-1000}"
SAMPLES="${DONDOC_BENCH_LATENCY_SAMPLES:-60}"
if [ "$SAMPLES" != 0 ]; then
  echo "[cluster] latency benchmark, two workers: node --import tsx bench/latency.ts $SAMPLES"
  node --import tsx bench/latency.ts "$SAMPLES"
fi
