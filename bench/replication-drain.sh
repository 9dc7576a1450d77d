#!/usr/bin/env bash
# Replication drain benchmark: suite outbox relay vs PostgreSQL logical replication vs batched
# INSERT, 1,000,000 events (BENCH_EVENTS) after a warm-up backlog of 200,000 (BENCH_WARMUP_EVENTS)
# drained by the same processes and not timed. BENCH_BATCH_SIZE: the relay's batch size (default:
# the product's, 1,000). BENCH_RECEIVER_SETTINGS: more settings of the receiving process
# (name=value,...), e.g. border.federation.grpc.inbound.max-concurrent-batches=1 for the batches of
# a stream applied one after the other. BENCH_PG_STATEMENTS=true prints the server's heaviest
# statements of the timed drain. Both build slots are held while each drain is timed, never while
# the backlog is written (-Dbench.hold-slots=false in BENCH_OPTS to not). Prints figures; asserts
# nothing. About 6 minutes.
#
# Installs nothing into ~/.m2: it packages federation, federation-testbed and bench in this
# checkout and runs the bench class with the classpath Maven prints (BENCH_BUILD=false: what the
# last build left). BENCH_APP: another build of the testbed's quarkus-app to run (e.g. a copy kept
# from before a change).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/select-jdk.sh
if [ "${BENCH_BUILD:-true}" != false ]; then
  ./mvnw -B -q -ntp -Pbench -pl federation,federation-testbed,bench -am package dependency:build-classpath \
    -DskipTests -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
copy="$(mktemp -d)"
trap "rm -rf '$copy'" EXIT
# the bench and the processes run from copies, so that building on while it runs changes nothing under it
cp -r "${BENCH_APP:-federation-testbed/target/quarkus-app}" "$copy/quarkus-app"
cp -r bench/target/classes "$copy/"
classpath="$copy/classes"
for entry in $(tr ':' ' ' < bench/target/classpath.txt); do
  case "$entry" in
    "$PWD"/*) cp "$entry" "$copy/" && entry="$copy/$(basename "$entry")" ;;
  esac
  classpath="$classpath:$entry"
done
java -cp "$classpath" \
  -Dborder.app.dir="$copy/quarkus-app" -Dborder.process.jvm-args="${BENCH_JVM_ARGS:--Xms512m -Xmx1g}" \
  -Dbench.events="${BENCH_EVENTS:-1000000}" -Dbench.warmup-events="${BENCH_WARMUP_EVENTS:-200000}" \
  -Dbench.batch-size="${BENCH_BATCH_SIZE:-1000}" -Dbench.receiver-settings="${BENCH_RECEIVER_SETTINGS:-}" \
  -DPG_STAT_STATEMENTS="${BENCH_PG_STATEMENTS:-false}" ${BENCH_OPTS:-} \
  org.borderpolice.bench.ReplicationDrainBenchmark 2>&1 | grep --line-buffered -v -E '^\s*$|INFO  \[io.zo'
