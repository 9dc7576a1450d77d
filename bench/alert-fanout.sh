#!/usr/bin/env bash
# Alert fan-out latency: Jiangshan publishes at 100 and 300 alerts/s (BENCH_RATES) for 60 s
# (BENCH_SECONDS) to Pucheng and Guangfeng, all intel-sharing processes on this machine.
# Warms up at 100/s for BENCH_WARMUP seconds (300: three JVMs on two cores need minutes of JIT).
# Prints p50/p99 from publication to visibility at each receiver. Asserts nothing. About 9 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/select-jdk.sh
./mvnw -B -q -ntp install -DskipTests -pl federation,intel-sharing -am
./mvnw -B -q -ntp -Pbench -pl bench compile exec:java -Dbench.main=org.borderpolice.bench.AlertFanOutBenchmark \
  -Dbench.app.dir="$PWD/intel-sharing/target/quarkus-app" -Dbench.jvm-args="${BENCH_JVM_ARGS:--Xmx1g}" \
  -Dbench.warmup-seconds="${BENCH_WARMUP:-300}" -Dbench.rates="${BENCH_RATES:-100,300}" -Dbench.seconds="${BENCH_SECONDS:-60}" 2>&1 | grep -v -E '^\s*$|INFO  \[io.zo'
