#!/usr/bin/env bash
# Overload: BENCH_CLIENTS (100) analysts reading at once at Jiangshan for BENCH_SECONDS (120) after
# BENCH_WARMUP (20) seconds, over BENCH_ALERTS (100,000) alerts: the list, a Chinese keyword search,
# a search with a severity, part of an identifier, in turn, each read audited. Prints requests/s,
# p50, p99, requests over 10 s, the answers by status, and the service's sessions waiting on the
# audit chain's advisory lock (or another lock) and holding a transaction, sampled each second.
# Asserts nothing. About 5 minutes on two cores.
#
# Installs nothing into ~/.m2: it packages federation, intel-sharing and bench in this checkout
# (the reactor resolves them from their target/ directories) and runs the bench class with the
# classpath Maven prints. BENCH_PG_DURABLE (true): commits wait for the disk, as in a deployment.
# BENCH_JVM_ARGS: options for the service process (default -Xms512m -Xmx1g).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/select-jdk.sh
./mvnw -B -q -ntp -Pbench -pl federation,intel-sharing,bench -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
# the service runs from a copy, so that building on while the bench runs changes nothing under it
copy="$(mktemp -d)"
trap "rm -rf '$copy'" EXIT
cp -r intel-sharing/target/quarkus-app "$copy/"
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  -Dborder.app.dir="$copy/quarkus-app" -Dborder.process.jvm-args="${BENCH_JVM_ARGS:--Xms512m -Xmx1g}" \
  -DPG_DURABLE="${BENCH_PG_DURABLE:-true}" \
  -Dbench.alerts="${BENCH_ALERTS:-100000}" -Dbench.clients="${BENCH_CLIENTS:-100}" \
  -Dbench.seconds="${BENCH_SECONDS:-120}" -Dbench.warmup-seconds="${BENCH_WARMUP:-20}" \
  org.borderpolice.bench.AlertOverloadBenchmark 2>&1 | grep --line-buffered -v -E '^\s*$|INFO  \[io.zo'
