#!/usr/bin/env bash
# Start-up time and idle memory of the packaged gateway in JVM mode, with the heap and flags the
# Kubernetes manifests give it, without and with the JDK's AOT cache (JEP 483/514: a training run
# with -XX:AOTCacheOutput, then -XX:AOTCache), printed beside the manifests' requests and limits.
# The gateway needs no database; the services with one are not measured here (k8s/README.md).
#   bench/startup.sh            (BENCH_RUNS=3 runs of each, BENCH_IDLE=10 s before RSS is read)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/select-jdk.sh
RUNS="${BENCH_RUNS:-3}"
IDLE="${BENCH_IDLE:-10}"
APP=gateway/target/quarkus-app/quarkus-run.jar
[ -f "$APP" ] || ./mvnw -B -ntp -q -pl gateway -am package -DskipTests
WORK=gateway/target/startup-bench
mkdir -p "$WORK"
# the manifests': JAVA_TOOL_OPTIONS with MaxRAMPercentage=50 of the 512Mi limit, i.e. a 256 MiB heap
OPTS=(-Xms256m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError
      -Djava.util.logging.manager=org.jboss.logmanager.LogManager)
export QUARKUS_HTTP_PORT=18084 QUARKUS_MANAGEMENT_PORT=18184
export BORDER_FEDERATION_JURISDICTION_CODE=330881 BORDER_FEDERATION_JURISDICTION_NAME=江山市公安局
export BORDER_FEDERATION_JURISDICTION_ISSUER=https://idp.330881.border-police.example/realms/border-330881
export BORDER_FEDERATION_JURISDICTION_JWKS_URL=https://idp.330881.border-police.example/realms/border-330881/protocol/openid-connect/certs

# one start: milliseconds from exec to /q/health/ready answering 200, and VmRSS after $IDLE s idle
start() {
  local t0 pid ms rss
  t0=$(date +%s%N)
  java "${OPTS[@]}" "$@" -jar "$APP" > "$WORK/last.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:18184/q/health/ready"; do
    kill -0 "$pid" 2>/dev/null || { cat "$WORK/last.log" >&2; exit 1; }
    sleep 0.05
  done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  sleep "$IDLE"
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  echo "$ms $rss"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "machine: $(uptime)"
java -version 2>&1 | head -1
plain=(); for _ in $(seq "$RUNS"); do plain+=("$(start)"); done
# training run: the cache is written when the JVM exits
rm -f "$WORK/gateway.aot"
start -XX:AOTCacheOutput="$WORK/gateway.aot" > /dev/null
[ -f "$WORK/gateway.aot" ] || { echo "no AOT cache written" >&2; exit 1; }
aot=(); for _ in $(seq "$RUNS"); do aot+=("$(start -XX:AOTCache="$WORK/gateway.aot")"); done
echo "machine: $(uptime)"
printf '%-22s %12s %14s   %s\n' "gateway ($RUNS runs)" "ready (ms)" "idle RSS (MiB)" "manifest: requests 250m/384Mi, limits 1 CPU/512Mi"
printf '%-22s %12s %14s   (runs: %s)\n' "JVM" "$(printf '%s\n' "${plain[@]}" | cut -d' ' -f1 | median)" \
  "$(printf '%s\n' "${plain[@]}" | cut -d' ' -f2 | median)" "${plain[*]}"
printf '%-22s %12s %14s   (runs: %s; cache %s MiB)\n' "JVM + AOT cache" "$(printf '%s\n' "${aot[@]}" | cut -d' ' -f1 | median)" \
  "$(printf '%s\n' "${aot[@]}" | cut -d' ' -f2 | median)" "${aot[*]}" "$(( $(stat -c %s "$WORK/gateway.aot") / 1048576 ))"
