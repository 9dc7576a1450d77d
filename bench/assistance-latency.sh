#!/usr/bin/env bash
# 协查 latency (issue 23): Jiangshan and Pucheng's case-exchange as two processes (packaged, on the
# embedded PostgreSQL); Jiangshan's investigators file assistance requests addressed to Pucheng,
# BENCH_RATE (50) a second, for BENCH_SECONDS (60) after BENCH_WARMUP (60) seconds of the same.
# Each request is timed from Jiangshan's POST returning to the request in Pucheng's incoming list
# (Pucheng's REST API, polled every BENCH_POLL_MILLIS, 5 ms: the newest page of 50, then older pages
# by the API's cursor while a page ends with a request not seen before) and to Pucheng's stored
# receiving time.
# Prints p50/p95/p99/max and the CPU per request; asserts nothing. About 4 minutes on two cores.
#
# Installs nothing into ~/.m2 (packages federation, case-exchange and bench in this checkout and
# runs the bench class with the classpath Maven prints; BENCH_BUILD=false runs what the last build
# left). Both build slots are held while requests are sent (-Dbench.hold-slots=false in BENCH_OPTS
# to not). BENCH_PG_DURABLE (true): commits wait for the disk, as in a deployment.
# BENCH_PG_STATEMENTS=true: PostgreSQL's heaviest statements. BENCH_JVM_ARGS: options for the
# service processes (default -Xms512m -Xmx1g).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/select-jdk.sh
if [ "${BENCH_BUILD:-true}" != false ]; then
  ./mvnw -B -q -ntp -Pbench -pl federation,case-exchange,bench -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
# the services run from a copy, so that building on while the bench runs changes nothing under them
copy="$(mktemp -d)"
trap "rm -rf '$copy'" EXIT
cp -r case-exchange/target/quarkus-app "$copy/"
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  -Dborder.app.dir="$copy/quarkus-app" -Dborder.process.jvm-args="${BENCH_JVM_ARGS:--Xms512m -Xmx1g}" \
  -DPG_DURABLE="${BENCH_PG_DURABLE:-true}" -DPG_STAT_STATEMENTS="${BENCH_PG_STATEMENTS:-false}" \
  -Dbench.rate="${BENCH_RATE:-50}" -Dbench.seconds="${BENCH_SECONDS:-60}" \
  -Dbench.warmup-seconds="${BENCH_WARMUP:-60}" -Dbench.poll-millis="${BENCH_POLL_MILLIS:-5}" ${BENCH_OPTS:-} \
  org.borderpolice.bench.AssistanceLatencyBenchmark 2>&1 | grep --line-buffered -v -E '^\s*$|INFO  \[io.zo'
