#!/usr/bin/env bash
# 案件检索 (issue 23): BENCH_CASES (100,000) joint cases with Chinese titles, summaries and timelines
# loaded into the database of Jiangshan's case-exchange (a packaged process on the embedded
# PostgreSQL), then GET /api/v1/cases/search timed one request at a time, BENCH_SAMPLES (400) per
# kind after a BENCH_WARMUP (20 s) warm-up each: one word, two words + status, a timeline word +
# category, a rare name, one word with facets, and Pucheng's analyst at Jiangshan's service (the
# visibility rule) with and without facets, and with a status and facets (its exact count). Prints p50/p95/p99/max per kind; asserts nothing.
# About 13 minutes on a busy machine, 7 of them loading (quiet: 6, half of it loading).
#
# Installs nothing into ~/.m2: it packages federation, case-exchange and bench in this checkout and
# runs the bench class with the classpath Maven prints. Both build slots are held while the
# searches are timed (-Dbench.hold-slots=false in BENCH_OPTS to not). BENCH_PG_DURABLE (true):
# commits wait for the disk, as in a deployment. BENCH_PG_STATEMENTS=true: PostgreSQL's heaviest
# statements after each kind. BENCH_PHASES=search,hold keeps the loaded service up afterwards (for
# EXPLAIN by hand). BENCH_JVM_ARGS: options for the service process (default -Xms512m -Xmx1g).
# BENCH_OPTS=-Dbench.slowest=8: the 8 slowest requests of each kind named (what makes the tail).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/select-jdk.sh
# BENCH_BUILD=false: run what the last build left (e.g. after building through a build slot)
if [ "${BENCH_BUILD:-true}" != false ]; then
  ./mvnw -B -q -ntp -Pbench -pl federation,case-exchange,bench -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
# the service runs from a copy, so that building on while the bench runs changes nothing under it
copy="$(mktemp -d)"
trap "rm -rf '$copy'" EXIT
cp -r case-exchange/target/quarkus-app "$copy/"
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  -Dborder.app.dir="$copy/quarkus-app" -Dborder.process.jvm-args="${BENCH_JVM_ARGS:--Xms512m -Xmx1g}" \
  -DPG_DURABLE="${BENCH_PG_DURABLE:-true}" -DPG_STAT_STATEMENTS="${BENCH_PG_STATEMENTS:-false}" \
  -Dbench.cases="${BENCH_CASES:-100000}" -Dbench.samples="${BENCH_SAMPLES:-400}" \
  -Dbench.warmup-seconds="${BENCH_WARMUP:-20}" -Dbench.phases="${BENCH_PHASES:-search}" ${BENCH_OPTS:-} \
  org.borderpolice.bench.CaseSearchBenchmark 2>&1 | grep --line-buffered -v -E '^\s*$|INFO  \[io.zo'
