#!/usr/bin/env bash
# Scale-out (issue 28): Jiangshan's intel-sharing, then its case-exchange, as one replica and then
# two replicas on one database (packaged processes on the embedded PostgreSQL, deployed as the
# README says: a migration job, then replicas without the owner's credentials), Pucheng as the
# partner. Per count of replicas: BENCH_CLIENTS (32) closed-loop clients spread over the replicas
# publish for BENCH_SECONDS (60) after BENCH_WARMUP (30) s (alerts; joint cases and assistance
# requests), then search a holding of BENCH_HOLDING (100,000) alerts or cases with Chinese words as
# long. Prints requests/s, p50/p99, CPU per request of each process and PostgreSQL, the ratio of
# two replicas to one; and the relay: the sessions holding Pucheng's lease (pg_locks, once a
# second, each named by its replica), the time to drain the outbox, and at Pucheng every published
# record held once (inbox events, duplicates, redeliveries). Asserts nothing. About 25 minutes on
# two cores (about 10 of them loading); both build slots are held while timing.
#
# BENCH_SERVICES (intel-sharing,case-exchange): which services, in turn. BENCH_REPLICA_COUNTS (1,2):
# the replicas of each turn, in order (1,2,1 shows what the later turn gains from a warmer machine).
# BENCH_BUILD=false: run what the last build left. BENCH_JVM_ARGS: options for the service
# processes (default -Xms512m -Xmx1g). BENCH_PG_DURABLE (true): commits wait for the disk.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/select-jdk.sh
services="${BENCH_SERVICES:-intel-sharing,case-exchange}"
if [ "${BENCH_BUILD:-true}" != false ]; then
  ./mvnw -B -q -ntp -Pbench -pl "federation,$services,bench" -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
copy="$(mktemp -d)"
trap "rm -rf '$copy'" EXIT
for service in ${services//,/ }; do
  # the services run from a copy, so that building on while the bench runs changes nothing under them
  cp -r "$service/target/quarkus-app" "$copy/$service"
  java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
    -Dborder.app.dir="$copy/$service" -Dborder.process.jvm-args="${BENCH_JVM_ARGS:--Xms512m -Xmx1g}" \
    -DPG_DURABLE="${BENCH_PG_DURABLE:-true}" -Dbench.service="$service" \
    -Dbench.clients="${BENCH_CLIENTS:-32}" -Dbench.seconds="${BENCH_SECONDS:-60}" \
    -Dbench.warmup-seconds="${BENCH_WARMUP:-30}" -Dbench.holding="${BENCH_HOLDING:-100000}" \
    -Dbench.replica-counts="${BENCH_REPLICA_COUNTS:-1,2}" ${BENCH_OPTS:-} \
    org.borderpolice.bench.ScaleOutBenchmark 2>&1 | grep --line-buffered -v -E '^\s*$|INFO  \[io.zo'
done
