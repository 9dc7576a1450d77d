#!/usr/bin/env bash
# The demo federation on this machine: intel-sharing for 330881 (Jiangshan, :8082),
# 350722 (Pucheng, :9082) and 361103 (Guangfeng, :10082), each with its own embedded
# PostgreSQL database and development identity provider, preloaded with demo alerts.
# Prints how to get a token and query; Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/select-jdk.sh
./mvnw -B -q -ntp install -DskipTests -pl intel-sharing,e2e -am
exec ./mvnw -B -q -ntp -pl e2e exec:java -Dlocal.dir="$PWD/target/local-federation"
