#!/usr/bin/env bash
# Analyst queries over a large holding: loads BENCH_ALERTS (default 1,000,000) alerts into each of
# Jiangshan's, Pucheng's and Guangfeng's databases, then times over REST at Jiangshan
#   - Chinese keyword search + filters (page of 20), with and without facets;
#   - hit/no-hit checks, local only and across both partners over gRPC.
# Prints p50/p95/p99 as measured. Asserts nothing. Takes about 25 minutes at 1,000,000 on two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/select-jdk.sh
./mvnw -B -q -ntp install -DskipTests -pl federation,intel-sharing -am
./mvnw -B -q -ntp -Pbench -pl bench compile exec:java -Dbench.main=org.borderpolice.bench.AlertQueryBenchmark \
  -Dbench.app.dir="$PWD/intel-sharing/target/quarkus-app" -Dbench.jvm-args="${BENCH_JVM_ARGS:--Xmx1g}" \
  -Dbench.alerts="${BENCH_ALERTS:-1000000}" -Dbench.samples="${BENCH_SAMPLES:-400}" -Dbench.warmup-seconds="${BENCH_WARMUP:-20}" 2>&1 | grep --line-buffered -v -E '^\s*$|INFO  \[io.zo'
