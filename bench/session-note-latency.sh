#!/usr/bin/env bash
# 调解笔记 latency (issue 24): Jiangshan and Pucheng's joint-mediation as two processes (packaged, on
# the embedded PostgreSQL); a dispute at Jiangshan with a joint team of a Jiangshan and a Pucheng
# mediator and BENCH_SESSIONS (50) sessions; Pucheng's mediator writes notes at Pucheng, BENCH_RATE
# (50) a second over the sessions, for BENCH_SECONDS (60) after BENCH_WARMUP (60) seconds of the
# same. Each note is timed from Pucheng's POST returning to the note in the session's notes at
# Jiangshan (Jiangshan's REST API as its team mediator reads them, polled every BENCH_POLL_MILLIS,
# 5 ms; BENCH_POLL=after, the default: only the notes that arrived since the cursor of the
# session's last answer, ?after=; BENCH_POLL=all: the whole list each time) and to Jiangshan's
# inbox transaction. Prints p50/p95/p99/max and the CPU per note; asserts nothing. About 4 minutes
# on two cores.
#
# Installs nothing into ~/.m2 (packages federation, joint-mediation and bench in this checkout and
# runs the bench class with the classpath Maven prints; BENCH_BUILD=false runs what the last build
# left). Both build slots are held while notes are sent (-Dbench.hold-slots=false in BENCH_OPTS to
# not). BENCH_PG_DURABLE (true): commits wait for the disk, as in a deployment.
# BENCH_PG_STATEMENTS=true: PostgreSQL's heaviest statements. BENCH_JVM_ARGS: options for the
# service processes (default -Xms512m -Xmx1g).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/select-jdk.sh
if [ "${BENCH_BUILD:-true}" != false ]; then
  ./mvnw -B -q -ntp -Pbench -pl federation,joint-mediation,bench -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
# the services run from a copy, so that building on while the bench runs changes nothing under them
copy="$(mktemp -d)"
trap "rm -rf '$copy'" EXIT
cp -r joint-mediation/target/quarkus-app "$copy/"
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  -Dborder.app.dir="$copy/quarkus-app" -Dborder.process.jvm-args="${BENCH_JVM_ARGS:--Xms512m -Xmx1g}" \
  -DPG_DURABLE="${BENCH_PG_DURABLE:-true}" -DPG_STAT_STATEMENTS="${BENCH_PG_STATEMENTS:-false}" \
  -Dbench.rate="${BENCH_RATE:-50}" -Dbench.seconds="${BENCH_SECONDS:-60}" -Dbench.sessions="${BENCH_SESSIONS:-50}" \
  -Dbench.warmup-seconds="${BENCH_WARMUP:-60}" -Dbench.poll-millis="${BENCH_POLL_MILLIS:-5}" \
  -Dbench.poll="${BENCH_POLL:-after}" ${BENCH_OPTS:-} \
  org.borderpolice.bench.SessionNoteLatencyBenchmark 2>&1 | grep --line-buffered -v -E '^\s*$|INFO  \[io.zo'
