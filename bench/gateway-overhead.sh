#!/usr/bin/env bash
# The gateway's cost (issue 25): Jiangshan's intel-sharing and its gateway as packaged processes on
# the embedded PostgreSQL; wrk reads one alert directly and through the gateway, in turns of
# BENCH_SECONDS (20) for BENCH_ROUNDS (3) rounds after BENCH_WARMUP (60 s) of each, BENCH_CONNECTIONS
# (16) connections on BENCH_THREADS (2) threads. Prints requests/s, p50, p99 per turn, the medians,
# the p50 added and the throughput share (goals: <= 1 ms, >= 85 %). Asserts nothing. About 5 minutes.
# Needs wrk (Debian: apt-get install wrk). Installs nothing into ~/.m2. Both build slots are held
# while wrk runs (-Dbench.hold-slots=false in BENCH_OPTS to not). BENCH_JFR=<dir>: JFR recordings
# (profile settings) of the gateway and the service over the measured rounds, gateway.jfr and
# intel-sharing.jfr in that directory (started and dumped with jcmd; see `jfr print`).
# BENCH_GATEWAY_BEFORE=<a gateway's quarkus-app>: that build runs beside the new one, measured in
# the same rounds (before/after a change in one run; keep a copy of gateway/target/quarkus-app).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/select-jdk.sh
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
# BENCH_BUILD=false: run what the last build left (e.g. after building through a build slot)
if [ "${BENCH_BUILD:-true}" != false ]; then
  ./mvnw -B -q -ntp -Pbench -pl federation,intel-sharing,gateway,bench -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
# the services run from copies, so that building on while the bench runs changes nothing under them
copy="$(mktemp -d)"
trap "rm -rf '$copy'" EXIT
mkdir -p "$copy/intel" "$copy/gateway"
cp -r intel-sharing/target/quarkus-app "$copy/intel/"
cp -r gateway/target/quarkus-app "$copy/gateway/"
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  -Dbench.intel.dir="$copy/intel/quarkus-app" -Dbench.gateway.dir="$copy/gateway/quarkus-app" \
  -Dborder.process.jvm-args="${BENCH_JVM_ARGS:--Xms512m -Xmx1g}" \
  -DPG_DURABLE="${BENCH_PG_DURABLE:-true}" -DPG_STAT_STATEMENTS="${BENCH_PG_STATEMENTS:-false}" \
  -Dbench.seconds="${BENCH_SECONDS:-20}" -Dbench.rounds="${BENCH_ROUNDS:-3}" -Dbench.warmup-seconds="${BENCH_WARMUP:-60}" \
  -Dbench.connections="${BENCH_CONNECTIONS:-16}" -Dbench.threads="${BENCH_THREADS:-2}" -Dbench.jfr="${BENCH_JFR:-}" -Dbench.gateway-before.dir="${BENCH_GATEWAY_BEFORE:-}" ${BENCH_OPTS:-} \
  org.borderpolice.bench.GatewayOverheadBenchmark 2>&1 | grep --line-buffered -v -E '^\s*$|INFO  \[io.zo'
