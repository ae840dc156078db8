#!/usr/bin/env bash
# The launch and latency benchmarks on a real Temporal server instead of the dev server: the
# province's shape (ops/temporal/cluster.sh: built from go.temporal.io/server, PostgreSQL
# persistence and visibility, all four services in one process) with two dondoc workers in
# processes of their own. A benchmark, not part of CI. Everything listens on 127.0.0.1 only.
#
#   bash bench/temporal-cluster/run.sh [N...] [--rounds R]   (launch sizes, default 1000; rounds, default 3)
#   DONDOC_BENCH_POSTGRES_URL=postgresql://user:pass@host:5432/postgres   (default: the local server)
#   DONDOC_BENCH_LAUNCH=0                              (skips the launch benchmark)
#   DONDOC_BENCH_LATENCY_SAMPLES=60                    (latency samples; 0 skips the latency benchmark)
#   DONDOC_BENCH_PHASES_SAMPLES=40                     (submit-phases samples; 0 skips the profile)
#   DONDOC_BENCH_DEV_SERVER=1                          (then the same benchmarks on a dev server, same workers)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CLUSTER="$ROOT/ops/temporal/cluster.sh"
PG_URL="${DONDOC_BENCH_POSTGRES_URL:-postgresql://postgres:postgres@127.0.0.1:5432/postgres}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/dondoc-temporal-cluster-XXXXXX")"
export TEMPORAL_POSTGRES_URL="$PG_URL" TEMPORAL_PORT="${DONDOC_BENCH_TEMPORAL_PORT:-27233}"
export TEMPORAL_DATABASE=dondoc_bench_temporal TEMPORAL_VISIBILITY_DATABASE=dondoc_bench_temporal_visibility

# Each run starts from empty databases.
BIN="$(bash "$CLUSTER" build)"
for db in "$TEMPORAL_DATABASE" "$TEMPORAL_VISIBILITY_DATABASE"; do
  node -e '
    const u = new URL(process.argv[1]);
    const args = ["--plugin", "postgres12", "--ep", u.hostname, "-p", u.port || "5432", "-u", decodeURIComponent(u.username),
      "--db", process.argv[3], "drop-database", "--force"];
    require("node:child_process").spawnSync(process.argv[2], args, {
      env: { ...process.env, SQL_PASSWORD: decodeURIComponent(u.password) }, stdio: "ignore" });
  ' "$PG_URL" "$BIN/temporal-sql-tool" "$db"
done
trap 'bash "$CLUSTER" down "$WORK"; rm -rf "$WORK"' EXIT
bash "$CLUSTER" up "$WORK"

cd "$ROOT"
export DONDOC_BENCH_WORKERS=2 DONDOC_BENCH_POSTGRES_URL="$PG_URL"
export DONDOC_BENCH_SERVER_LABEL="Temporal server ${TEMPORAL_SERVER_VERSION:-v1.32.1} (PostgreSQL persistence and visibility)"

# The benchmarks on the server DONDOC_BENCH_TEMPORAL_ADDRESS names, or on a dev server of their own.
benchmarks() {
  local on="$1"
  shift
  if [ "${DONDOC_BENCH_LAUNCH:-1}" != 0 ]; then
    echo "[$on] launch benchmark, two workers: node --import tsx bench/launch.ts ${*:-1000}"
    node --import tsx bench/launch.ts "${@:-1000}"
  fi
  local samples="${DONDOC_BENCH_LATENCY_SAMPLES:-60}" phases="${DONDOC_BENCH_PHASES_SAMPLES:-40}"
  if [ "$samples" != 0 ]; then
    echo "[$on] latency benchmark, two workers: node --import tsx bench/latency.ts $samples"
    node --import tsx bench/latency.ts "$samples"
  fi
  if [ "$phases" != 0 ]; then
    echo "[$on] where a submit's time goes, two workers: node --import tsx bench/submit-phases.ts $phases"
    node --import tsx bench/submit-phases.ts "$phases"
  fi
}

DONDOC_BENCH_TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT" benchmarks cluster "$@"
if [ "${DONDOC_BENCH_DEV_SERVER:-0}" != 0 ]; then
  # The same benchmarks beside them: same workers and dondoc database, the dev server (SQLite) instead.
  bash "$CLUSTER" down "$WORK"
  benchmarks dev-server "$@"
fi
