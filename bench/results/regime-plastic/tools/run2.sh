#!/usr/bin/env bash
# usage: run.sh OUT "SEEDS" "JAVA -D OPTS" suite args...
set -euo pipefail
out=$1; seeds=$2; opts=$3; shift 3
mkdir -p "$out"
cd /work/wt/plastic
for s in $seeds; do
  echo "$(date -u +%FT%TZ) start seed $s jar=${JAR:-/tmp/plastic.jar} opts=[$opts] args=[$*]" >> "$out/runs.log"
  java $opts -Dregime.model.seed=$s -XX:+UseParallelGC -XX:ParallelGCThreads=1 -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Dorg.bytedeco.javacpp.maxBytes=0 -cp ${JAR:-/tmp/plastic.jar} io.tickcast.bench.regime.RegimeSuite "$@" --out "$out/seed$s" > "$out/seed$s.log" 2>&1
  python3 bench/regime-targets.py "$out/seed$s" > "$out/seed$s/targets.txt"
  echo "$(date -u +%FT%TZ) end seed $s fails=$(grep -o 'FAILS: [0-9]*' $out/seed$s/targets.txt)" >> "$out/runs.log"
done
