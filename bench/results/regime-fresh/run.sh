#!/usr/bin/env bash
# Stream A: suite seeds 1-3 (+ real data); stream B: tuning seeds 6-11; forecaster seeds 42-47.
# Usage: [JAR=...] [EXTRA="-D..."] bash run.sh NAME GAIN_FORGETTING, in the folder that gets the
# results (the jar: /tmp/gain2.jar built from branch gain2 unless JAR is set)
JAR=${JAR:-/tmp/gain2.jar}
J="java -XX:+UseParallelGC -XX:ParallelGCThreads=1 -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Dorg.bytedeco.javacpp.maxBytes=0 -Dregime.model.skipGain=$2 ${EXTRA:-}"
K=AR1_FLIP,AR5_MOMREV,VOL_JUMP,THRESHOLD_FLIP
T=/work/main/bench/regime-targets.py
stream() {
  for s in 42 43 44 45 46 47; do
    echo "$1 $2 seed $s start $(date -u +%FT%TZ) load $(cut -d' ' -f1 /proc/loadavg)" >> runs.txt
    if [ "$1" = A ]; then
      $J -Dregime.model.seed=$s -cp $JAR io.tickcast.bench.regime.RegimeSuite --seeds 3 --kinds $K --real /work/shared/data --out $2/seed$s > $2-seed$s.log 2>&1
      python3 $T $2/seed$s > $2/seed$s/targets.txt
    else
      $J -Dregime.model.seed=$s -Dregime.firstSeed=6 -cp $JAR io.tickcast.bench.regime.RegimeSuite --seeds 6 --kinds $K --out $2-x/seed$s > $2-x-seed$s.log 2>&1
      python3 $T $2-x/seed$s > $2-x/seed$s/targets.txt
    fi
    echo "$1 $2 seed $s end $(date -u +%FT%TZ)" >> runs.txt
  done
}
stream A "$1" & stream B "$1" & wait
