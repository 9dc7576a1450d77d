#!/usr/bin/env bash
# Replication drain benchmark: suite outbox relay vs PostgreSQL logical replication vs batched
# INSERT, 1,000,000 events (BENCH_EVENTS) after a warm-up backlog of 200,000 (BENCH_WARMUP_EVENTS)
# drained by the same processes and not timed. BENCH_BATCH_SIZE: the relay's batch size (default:
# the product's, 1,000). BENCH_PG_STATEMENTS=true prints the server's heaviest statements of the
# timed drain. Prints figures; asserts nothing. About 5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/select-jdk.sh
./mvnw -B -q -ntp install -DskipTests -pl federation,federation-testbed -am
./mvnw -B -q -ntp -Pbench -pl bench compile exec:java -Dbench.events="${BENCH_EVENTS:-1000000}" \
  -Dbench.warmup-events="${BENCH_WARMUP_EVENTS:-200000}" -Dbench.batch-size="${BENCH_BATCH_SIZE:-1000}" \
  -DPG_STAT_STATEMENTS="${BENCH_PG_STATEMENTS:-false}" 2>&1 \
  | grep --line-buffered -v -E '^\s*$|INFO  \[io.zo'
