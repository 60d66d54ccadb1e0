#!/usr/bin/env bash
# Batch-size study (issue 10 item 6) on the PRODUCTION SymbolForecaster: builds model,
# streams-app and bench in one throw-away reactor under bench/target (nothing is installed into
# ~/.m2), then runs io.tickcast.bench.regime.BatchStudy. Arguments go to the study, e.g.
# `bench/batch-study.sh --seeds 3 --out bench/results/batch-study` (see BatchStudy's javadoc).
# SKIP_BUILD=1 reuses bench/target/benchmarks.jar. Output: table.md and scores.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  reactor=bench/target/batch-study-reactor
  mkdir -p "$reactor"
  printf '%s\n' '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>' \
    '<groupId>io.tickcast</groupId><artifactId>tickcast-batch-study-reactor</artifactId>' \
    '<version>0</version><packaging>pom</packaging><modules><module>../../../model</module>' \
    '<module>../../../streams-app</module><module>../..</module></modules></project>' \
    > "$reactor/pom.xml"
  mvn -B -q -f "$reactor/pom.xml" package -DskipTests
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "$(java -version 2>&1 | head -1); $(date -u '+%F %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -XX:+UseParallelGC -cp bench/target/benchmarks.jar io.tickcast.bench.regime.BatchStudy "$@"
