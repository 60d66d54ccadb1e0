#!/usr/bin/env bash
# Stream A: suite seeds 1-3 (+ real data); stream B: tuning seeds 6-11; forecaster seeds 42-47.
J="java -XX:+UseParallelGC -XX:ParallelGCThreads=1 -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Dorg.bytedeco.javacpp.maxBytes=0"
K=AR1_FLIP,AR5_MOMREV,VOL_JUMP,THRESHOLD_FLIP
stream() {
  for s in 42 43 44 45 46 47; do
    echo "$1 seed $s start $(date -u +%FT%TZ) load $(cut -d' ' -f1 /proc/loadavg)" >> runs.txt
    if [ "$1" = A ]; then
      $J -Dregime.model.seed=$s -cp /tmp/skippost.jar io.tickcast.bench.regime.RegimeSuite --seeds 3 --kinds $K --real /work/shared/data --out post/seed$s > post-seed$s.log 2>&1
      python3 /work/wt/skippost/bench/regime-targets.py post/seed$s > post/seed$s/targets.txt
    else
      $J -Dregime.model.seed=$s -Dregime.firstSeed=6 -cp /tmp/skippost.jar io.tickcast.bench.regime.RegimeSuite --seeds 6 --kinds $K --out post-x/seed$s > post-x-seed$s.log 2>&1
      python3 /work/wt/skippost/bench/regime-targets.py post-x/seed$s > post-x/seed$s/targets.txt
    fi
    echo "$1 seed $s end $(date -u +%FT%TZ)" >> runs.txt
  done
}
stream A & stream B & wait
