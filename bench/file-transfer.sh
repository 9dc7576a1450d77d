#!/usr/bin/env bash
# Evidence file transfer (docs/files.md): a 25 MB file replicated from Jiangshan to Pucheng
# (upload, announce, fetch over FileTransferService, store, verify by SHA-256), timed at Pucheng,
# against a plain gRPC stream of the same bytes in the same chunks between two local processes,
# in the same run. Prints both throughputs and their ratio (median of BENCH_ROUNDS, 3, after
# BENCH_WARMUP, 30, untimed rounds each), and the owner alone (the same file fetched from Jiangshan
# by the bench, bytes dropped); asserts nothing. It measures the steady state: the JIT of the JVMs
# on two cores settles over some 25 transfers (bench/README.md), and both the suite and the plain
# stream keep getting faster until then. About 2-4 minutes on two cores after the build, plus any
# wait for the build slots.
#
# Installs nothing into ~/.m2: it packages federation, federation-testbed and bench in this
# checkout and runs the bench class with the classpath Maven prints. BENCH_FILE_BYTES: the size; BENCH_CHUNK_BYTES: the chunk size of both
# (border.federation.files.chunk-size at both jurisdictions). BENCH_BUILD=false runs what the last
# build left. Both build slots are held while the rounds run (-Dbench.hold-slots=false in BENCH_OPTS to
# not); each round prints the CPU time of both processes and PostgreSQL from the upload's answer to
# the file complete, and the disk alone: the same bytes written into new files of one chunk, kept to
# the end (disk / plain: what a store that writes every byte can reach here). BENCH_JFR=<dir>: JFR recordings (profile settings) of sender and receiver over
# the rounds after the warm-up; BENCH_PG_STATEMENTS=true: PostgreSQL's heaviest statements over them.
# BENCH_FILE_STORE=s3: both jurisdictions keep their files in an S3-compatible object store (one
# s3proxy process, filesystem backend in a temporary folder, a bucket per jurisdiction) instead of
# PostgreSQL (postgresql, the default); each round prints s3proxy's CPU too; BENCH_S3PROXY_JVM_ARGS:
# its JVM's options (e.g. a JFR recording). BENCH_FILE_STORE=directory: both keep their files in a
# directory of their own under a temporary folder on this machine's disk (removed at the end), fsync
# as durable as the bench's PostgreSQL: off, unless BENCH_PG_DURABLE=true (then both wait for the disk).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/select-jdk.sh
if [ "${BENCH_BUILD:-true}" != false ]; then
  ./mvnw -B -q -ntp -Pbench -pl federation,federation-testbed,bench -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
# the service runs from a copy, so that building on while the bench runs changes nothing under it
copy="$(mktemp -d)"
trap "rm -rf '$copy'" EXIT
cp -r federation-testbed/target/quarkus-app "$copy/"
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  -Dborder.app.dir="$copy/quarkus-app" -Dborder.process.jvm-args="${BENCH_JVM_ARGS:--Xms512m -Xmx1g}" \
  -Dbench.file-bytes="${BENCH_FILE_BYTES:-26214400}" -Dbench.rounds="${BENCH_ROUNDS:-3}" -Dbench.warmup="${BENCH_WARMUP:-30}" \
  -Dbench.chunk-bytes="${BENCH_CHUNK_BYTES:-1048576}" -Dbench.windows="${BENCH_WINDOWS:-}" \
  -Dbench.jfr="${BENCH_JFR:-}" -DPG_STAT_STATEMENTS="${BENCH_PG_STATEMENTS:-false}" -DPG_DURABLE="${BENCH_PG_DURABLE:-false}" \
  -Dbench.file-store="${BENCH_FILE_STORE:-postgresql}" -Ds3proxy.jar=bench/target/s3proxy/s3proxy.jar \
  -Ds3proxy.jvm-args="${BENCH_S3PROXY_JVM_ARGS:--Xmx256m}" ${BENCH_OPTS:-} \
  org.borderpolice.bench.FileTransferBenchmark 2>&1 | grep --line-buffered -v -E '^\s*$|INFO  \[io.zo'
