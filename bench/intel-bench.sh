# Sourced by the intel-sharing benchmarks: builds the service and runs one bench main class
# against its packaged application.
#   run_intel_bench <MainClass> -Dbench.x=... ...
# BENCH_JVM_ARGS: options for the service processes (default -Xms512m -Xmx1g, the heap README.md advises).
# BENCH_PG_STATEMENTS=true: load pg_stat_statements and print the heaviest statements.
# BENCH_PG_DURABLE (true): commits wait for the disk (fsync, synchronous_commit) as in a deployment;
# false measures with the tests' faster, crash-unsafe server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/select-jdk.sh

run_intel_bench() {
  local main="$1"
  shift
  ./mvnw -B -q -ntp install -DskipTests -pl federation,intel-sharing -am
  # the services run from a copy, so that building on while a long bench runs changes nothing under it
  local copy
  copy="$(mktemp -d)"
  trap "rm -rf '$copy'" EXIT
  cp -r intel-sharing/target/quarkus-app "$copy/"
  ./mvnw -B -q -ntp -Pbench -pl bench compile exec:java -Dbench.main="org.borderpolice.bench.$main" \
    -Dbench.app.dir="$copy/quarkus-app" -Dbench.jvm-args="${BENCH_JVM_ARGS:--Xms512m -Xmx1g}" \
    -DPG_STAT_STATEMENTS="${BENCH_PG_STATEMENTS:-false}" -DPG_DURABLE="${BENCH_PG_DURABLE:-true}" "$@" 2>&1 \
    | grep --line-buffered -v -E '^\s*$|INFO  \[io.zo'
}
