#!/usr/bin/env bash
# Builds the model and the benchmarks, runs the kernel pass (2 forks) and the DL4J baseline pass
# (1 fork: it is 10-100x slower), and prints the Markdown table. Extra arguments go to both JMH
# runs, e.g. `bench/run.sh -p hidden=32` or `bench/run.sh TrainStepBenchmark`.
# Results: bench/target/results/{kernel,dl4j}.csv and table.md. About 9 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  # One reactor with the modules bench needs: nothing is installed into ~/.m2.
  mvn -B -q -Pbench -pl bench -am package -DskipTests -DskipITs
fi

out=bench/target/results
mkdir -p "$out"
jar=bench/target/benchmarks.jar
before=$(uptime)
java -jar "$jar" -p backend=KERNEL -f 2 -rf csv -rff "$out/kernel.csv" "$@" | tee "$out/kernel.log"
java -jar "$jar" -p backend=DL4J -f 1 -rf csv -rff "$out/dl4j.csv" "$@" | tee "$out/dl4j.log"
after=$(uptime)

{
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
    "$(java -version 2>&1 | head -1)"
  echo
  echo "Load before: ${before##*load average: } — after: ${after##*load average: }"
  echo
  java -cp "$jar" io.tickcast.bench.BenchTable "$out/kernel.csv" "$out/dl4j.csv"
} | tee "$out/table.md"
