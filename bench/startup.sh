#!/usr/bin/env bash
# Start-up time and idle memory of each packaged service in JVM mode (issue 26): gateway,
# intel-sharing, case-exchange, joint-mediation (the three with their PostgreSQL, the embedded
# server, migrated first by their migration job as in Kubernetes), with the heap and flags their
# manifests give them, without and with the JDK's AOT cache (JEP 483/514: a training run with
# -XX:AOTCacheOutput, then -XX:AOTCache), printed beside the manifests' requests and limits.
# StartupBenchmark says what is measured. Asserts nothing. About 8 minutes for all four.
#   bench/startup.sh     BENCH_RUNS=3 starts of each, BENCH_IDLE=10 s before RSS is read,
#                        BENCH_SERVICES=gateway,intel-sharing,case-exchange,joint-mediation,
#                        BENCH_BUILD=false: run what the last build left (built through a build slot),
#                        BENCH_INITIAL_HEAP_MIB=64: a smaller initial heap than the manifests' (= the maximum)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/select-jdk.sh
if [ "${BENCH_BUILD:-true}" != false ]; then
  ./mvnw -B -q -ntp -Pbench -pl gateway,intel-sharing,case-exchange,joint-mediation,bench -am package \
    dependency:build-classpath -DskipTests -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi
# the services run from copies, so that building on while the bench runs changes nothing under them
copy="$(mktemp -d)"
trap "rm -rf '$copy'" EXIT
dirs=()
for s in gateway intel-sharing case-exchange joint-mediation; do
  mkdir -p "$copy/$s"
  cp -r "$s/target/quarkus-app" "$copy/$s/"
  dirs+=("-Dbench.dir.$s=$copy/$s/quarkus-app")
done
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" "${dirs[@]}" \
  -Dbench.runs="${BENCH_RUNS:-3}" -Dbench.idle-seconds="${BENCH_IDLE:-10}" \
  -Dbench.services="${BENCH_SERVICES:-gateway,intel-sharing,case-exchange,joint-mediation}" \
  ${BENCH_INITIAL_HEAP_MIB:+-Dbench.initial-heap-mib=$BENCH_INITIAL_HEAP_MIB} -Dbench.work="$copy/work" -DPG_DURABLE="${BENCH_PG_DURABLE:-true}" \
  org.borderpolice.bench.StartupBenchmark 2>&1 | grep --line-buffered -v -E '^\s*$|INFO  \[io.zo'
