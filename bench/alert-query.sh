#!/usr/bin/env bash
# Analyst queries over a large holding: loads BENCH_ALERTS (default 1,000,000) alerts into
# Jiangshan's database (and, for the hit/no-hit phases, Pucheng's and Guangfeng's), then times over
# REST at Jiangshan
#   - Chinese keyword search + filters (page of 20), four query shapes, each without and with facets;
#   - hit/no-hit checks, local only and across both partners over gRPC.
# BENCH_PHASES (search,hits): search alone loads Jiangshan's database only; hits alone skips the
# searches; hold keeps the loaded federation up (databases and a token printed) for EXPLAIN by hand.
# BENCH_WARMUP (20 s) warms each search, BENCH_HIT_WARMUP (300 s, as the fan-out bench: two cores
# take minutes to compile) each hit/no-hit phase; after it, the same checks paced at
# BENCH_HIT_PACED_RATE (50) per second, as one analyst's checks on an otherwise idle machine.
# BENCH_HIT_SAMPLES (4000) checks are timed per hit/no-hit phase, BENCH_SAMPLES (400) per search,
# BENCH_FACET_SAMPLES (as BENCH_SAMPLES) per search with facets. Both build slots are held while
# the searches are timed (-Dbench.hold-slots=false in BENCH_OPTS to not).
# Prints p50/p95/p99 as measured. Asserts nothing. search alone takes about 20 minutes at
# 1,000,000 on two cores (10 of them loading), search,hits about 60.
#
# Installs nothing into ~/.m2: it packages federation, intel-sharing and bench in this checkout and
# runs the bench class with the classpath Maven prints (BENCH_BUILD=false: what the last build left).
# BENCH_JVM_ARGS: options for the service processes (default -Xms512m -Xmx1g).
# BENCH_PG_STATEMENTS=true: load pg_stat_statements and print the heaviest statements.
# BENCH_PG_DURABLE (true): commits wait for the disk (fsync, synchronous_commit) as in a deployment.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/select-jdk.sh
if [ "${BENCH_BUILD:-true}" != false ]; then
  ./mvnw -B -q -ntp -Pbench -pl federation,intel-sharing,bench -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
# the services run from a copy, so that building on while a long bench runs changes nothing under it
copy="$(mktemp -d)"
trap "rm -rf '$copy'" EXIT
cp -r intel-sharing/target/quarkus-app "$copy/"
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  -Dborder.app.dir="$copy/quarkus-app" -Dborder.process.jvm-args="${BENCH_JVM_ARGS:--Xms512m -Xmx1g}" \
  -DPG_DURABLE="${BENCH_PG_DURABLE:-true}" -DPG_STAT_STATEMENTS="${BENCH_PG_STATEMENTS:-false}" \
  -Dbench.alerts="${BENCH_ALERTS:-1000000}" -Dbench.samples="${BENCH_SAMPLES:-400}" \
  -Dbench.facet-samples="${BENCH_FACET_SAMPLES:-${BENCH_SAMPLES:-400}}" \
  -Dbench.warmup-seconds="${BENCH_WARMUP:-20}" -Dbench.phases="${BENCH_PHASES:-search,hits}" \
  -Dbench.hit-warmup-seconds="${BENCH_HIT_WARMUP:-300}" -Dbench.hit-paced-rate="${BENCH_HIT_PACED_RATE:-50}" \
  -Dbench.hit-samples="${BENCH_HIT_SAMPLES:-4000}" ${BENCH_OPTS:-} \
  org.borderpolice.bench.AlertQueryBenchmark 2>&1 | grep --line-buffered -v -E '^\s*$|INFO  \[io.zo'
