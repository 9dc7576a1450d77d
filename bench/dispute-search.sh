#!/usr/bin/env bash
# 纠纷检索 (issue 24): BENCH_DISPUTES (100,000) disputes with Chinese titles and descriptions of the
# seeds' kinds (land and forest boundaries, wages, trade with foreign merchants, traffic accidents,
# neighbours, families) loaded into the database of Jiangshan's joint-mediation (a packaged process
# on the embedded PostgreSQL), then GET /api/v1/disputes/search timed one request at a time,
# BENCH_SAMPLES (400) per kind after a BENCH_WARMUP (20 s) warm-up each: one word, two words +
# status, a word + kind, a rare name, no words (a status only), and Pucheng's mediator at
# Jiangshan's service (the visibility rule). Prints p50/p95/p99/max per kind; asserts nothing.
# About 5 minutes on two cores.
#
# Installs nothing into ~/.m2: it packages federation, joint-mediation and bench in this checkout
# and runs the bench class with the classpath Maven prints (BENCH_BUILD=false runs what the last
# build left). Both build slots are held while the searches are timed (-Dbench.hold-slots=false in
# BENCH_OPTS to not). BENCH_PG_DURABLE (true): commits wait for the disk, as in a deployment.
# BENCH_PG_STATEMENTS=true: PostgreSQL's heaviest statements after each kind.
# BENCH_PHASES=search,hold keeps the loaded service up afterwards (for EXPLAIN by hand).
# BENCH_JVM_ARGS: options for the service process (default -Xms512m -Xmx1g).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/select-jdk.sh
if [ "${BENCH_BUILD:-true}" != false ]; then
  ./mvnw -B -q -ntp -Pbench -pl federation,joint-mediation,bench -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
# the service runs from a copy, so that building on while the bench runs changes nothing under it
copy="$(mktemp -d)"
trap "rm -rf '$copy'" EXIT
cp -r joint-mediation/target/quarkus-app "$copy/"
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  -Dborder.app.dir="$copy/quarkus-app" -Dborder.process.jvm-args="${BENCH_JVM_ARGS:--Xms512m -Xmx1g}" \
  -DPG_DURABLE="${BENCH_PG_DURABLE:-true}" -DPG_STAT_STATEMENTS="${BENCH_PG_STATEMENTS:-false}" \
  -Dbench.disputes="${BENCH_DISPUTES:-100000}" -Dbench.samples="${BENCH_SAMPLES:-400}" \
  -Dbench.warmup-seconds="${BENCH_WARMUP:-20}" -Dbench.phases="${BENCH_PHASES:-search}" ${BENCH_OPTS:-} \
  org.borderpolice.bench.DisputeSearchBenchmark 2>&1 | grep --line-buffered -v -E '^\s*$|INFO  \[io.zo'
