#!/usr/bin/env bash
# Alert fan-out latency: Jiangshan publishes at 100 and 300 alerts/s (BENCH_RATES) for 60 s
# (BENCH_SECONDS) to Pucheng and Guangfeng, all intel-sharing processes on this machine.
# Warms up at 100/s for BENCH_WARMUP seconds (300: three JVMs on two cores need minutes of JIT).
# Prints p50/p99 from publication to visibility at each receiver. Asserts nothing. About 9 minutes.
source "$(dirname "$0")/intel-bench.sh"
run_intel_bench AlertFanOutBenchmark \
  -Dbench.warmup-seconds="${BENCH_WARMUP:-300}" -Dbench.rates="${BENCH_RATES:-100,300}" -Dbench.seconds="${BENCH_SECONDS:-60}"
