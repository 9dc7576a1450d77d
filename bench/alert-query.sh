#!/usr/bin/env bash
# Analyst queries over a large holding: loads BENCH_ALERTS (default 1,000,000) alerts into each of
# Jiangshan's, Pucheng's and Guangfeng's databases, then times over REST at Jiangshan
#   - Chinese keyword search + filters (page of 20), with and without facets;
#   - hit/no-hit checks, local only and across both partners over gRPC.
# BENCH_PHASES (search,hits): hits alone skips the searches; hold keeps the loaded federation up
# (databases and a token printed) for EXPLAIN by hand. BENCH_WARMUP (20 s) warms each search,
# BENCH_HIT_WARMUP (300 s, as the fan-out bench: two cores take minutes to compile) each
# hit/no-hit phase; after it, the same checks paced at BENCH_HIT_PACED_RATE (50) per second, as
# one analyst's checks on an otherwise idle machine.
# BENCH_HIT_SAMPLES (4000) checks are timed per hit/no-hit phase, BENCH_SAMPLES (400) per search.
# Prints p50/p95/p99 as measured. Asserts nothing. Takes about 45 minutes at 1,000,000 on two cores.
source "$(dirname "$0")/intel-bench.sh"
run_intel_bench AlertQueryBenchmark \
  -Dbench.alerts="${BENCH_ALERTS:-1000000}" -Dbench.samples="${BENCH_SAMPLES:-400}" -Dbench.warmup-seconds="${BENCH_WARMUP:-20}" -Dbench.phases="${BENCH_PHASES:-search,hits}" \
  -Dbench.hit-warmup-seconds="${BENCH_HIT_WARMUP:-300}" -Dbench.hit-paced-rate="${BENCH_HIT_PACED_RATE:-50}" \
  -Dbench.hit-samples="${BENCH_HIT_SAMPLES:-4000}"
