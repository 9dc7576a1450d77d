#!/usr/bin/env bash
# Replication drain benchmark: suite outbox relay vs PostgreSQL logical replication vs batched
# INSERT, 100,000 events (BENCH_EVENTS to change). Prints figures; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/select-jdk.sh
./mvnw -B -q -ntp install -DskipTests -pl federation,federation-testbed -am
./mvnw -B -q -ntp -Pbench -pl bench compile exec:java -Dbench.events="${BENCH_EVENTS:-100000}" 2>&1 \
  | grep -v -E '^\s*$|INFO  \[io.zo' 
