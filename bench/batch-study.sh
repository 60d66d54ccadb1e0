#!/usr/bin/env bash
# Batch-size study (issue 10 item 6) on the PRODUCTION SymbolForecaster: builds bench with the
# modules it needs (the parent's `bench` profile; nothing is installed into ~/.m2), then runs
# io.tickcast.bench.regime.BatchStudy. Arguments go to the study, e.g.
# `bench/batch-study.sh --seeds 3 --out bench/results/batch-study` (see BatchStudy's javadoc).
# SKIP_BUILD=1 reuses bench/target/benchmarks.jar. Output: table.md and scores.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -Pbench -pl bench -am package -DskipTests -DskipITs
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "$(java -version 2>&1 | head -1); $(date -u '+%F %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -XX:+UseParallelGC -cp bench/target/benchmarks.jar io.tickcast.bench.regime.BatchStudy "$@"
