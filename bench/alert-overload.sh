#!/usr/bin/env bash
# Overload: BENCH_CLIENTS (100) analysts reading at once at Jiangshan for BENCH_SECONDS (120) after
# BENCH_WARMUP (20) seconds, over BENCH_ALERTS (100,000) alerts: the list, a Chinese keyword search,
# a search with a severity, part of an identifier, in turn, each read audited. Prints requests/s,
# p50, p99, requests over 10 s and the answers by status. Asserts nothing. About 5 minutes on two cores.
source "$(dirname "$0")/intel-bench.sh"
run_intel_bench AlertOverloadBenchmark \
  -Dbench.alerts="${BENCH_ALERTS:-100000}" -Dbench.clients="${BENCH_CLIENTS:-100}" \
  -Dbench.seconds="${BENCH_SECONDS:-120}" -Dbench.warmup-seconds="${BENCH_WARMUP:-20}"
