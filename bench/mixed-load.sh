#!/usr/bin/env bash
# Load (issue 28): Jiangshan's gateway, intel-sharing, case-exchange and joint-mediation and Pucheng's
# intel-sharing (hit checks ask it over gRPC) as packaged processes on the embedded PostgreSQL, seeded
# with BENCH_ALERTS (100,000) alerts at Jiangshan, BENCH_PARTNER_ALERTS (20,000) at Pucheng,
# BENCH_CASES (5,000) cases and BENCH_DISPUTES (5,000) disputes; then BENCH_CLIENTS (100) users
# (analysts, investigators, mediators, each its own token), closed loop, all through the gateway, for
# BENCH_SECONDS (300) after BENCH_WARMUP (60): alert search with and without facets, alert get,
# publish, hit/no-hit check, case list/search/get, dispute list/search/get in the mix of
# MixedLoadBenchmark.MIX. Prints per operation count, req/s, p50/p95/p99/max and errors (status and
# first body), and CPU per request of every process (/proc). Asserts nothing. About 10 minutes.
# Both build slots are held while measuring (-Dbench.hold-slots=false in BENCH_OPTS to not).
# BENCH_JFR=<dir>: JFR recordings of the gateway and the services over the measured phase, and the
# share of their CPU samples spent verifying tokens. BENCH_BUILD=false: run what the last build left.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/select-jdk.sh
if [ "${BENCH_BUILD:-true}" != false ]; then
  ./mvnw -B -q -ntp -Pbench -pl federation,intel-sharing,case-exchange,joint-mediation,gateway,bench -am package \
    dependency:build-classpath -DskipTests -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
# the services run from copies, so that building on while the bench runs changes nothing under them
copy="$(mktemp -d)"
# BENCH_KEEP=true: keep the copies and the processes' logs (in <copy>/<module>/processes/) afterwards
if [ "${BENCH_KEEP:-false}" = true ]; then echo "applications and logs in $copy"; else trap "rm -rf '$copy'" EXIT; fi
for m in intel-sharing case-exchange joint-mediation gateway; do
  mkdir -p "$copy/$m" && cp -r "$m/target/quarkus-app" "$copy/$m/"
done
jvm="${BENCH_JVM_ARGS:--Xms512m -Xmx1g}"
# deep enough stacks that a sample inside a signature check still shows who asked for it
[ -n "${BENCH_JFR:-}" ] && jvm="$jvm -XX:FlightRecorderOptions=stackdepth=256"
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  -Dbench.intel.dir="$copy/intel-sharing/quarkus-app" -Dbench.cases.dir="$copy/case-exchange/quarkus-app" \
  -Dbench.mediation.dir="$copy/joint-mediation/quarkus-app" -Dbench.gateway.dir="$copy/gateway/quarkus-app" \
  -Dborder.process.jvm-args="$jvm" -DPG_DURABLE="${BENCH_PG_DURABLE:-true}" \
  -Dbench.alerts="${BENCH_ALERTS:-100000}" -Dbench.partner-alerts="${BENCH_PARTNER_ALERTS:-20000}" \
  -Dbench.cases="${BENCH_CASES:-5000}" -Dbench.disputes="${BENCH_DISPUTES:-5000}" \
  -Dbench.clients="${BENCH_CLIENTS:-100}" -Dbench.seconds="${BENCH_SECONDS:-300}" \
  -Dbench.warmup-seconds="${BENCH_WARMUP:-60}" -Dbench.jfr="${BENCH_JFR:-}" ${BENCH_OPTS:-} \
  org.borderpolice.bench.MixedLoadBenchmark 2>&1 | grep --line-buffered -v -E '^\s*$|INFO  \[io.zo'
