#!/usr/bin/env bash
# Quick screen of branch remix (regime suite, 4 kinds, seeds 1-3 and tuning seeds 6-11) over
# forecaster seeds. Usage: bench/regime-remix-screen.sh OUT CLASSPATH "JAVA -D KNOBS" ["42 43 ..."]
set -euo pipefail
out=$1; cp=$2; knobs=$3; seeds=${4:-"42 43 44 45 46 47"}
kinds=${KINDS:-AR1_FLIP,AR5_MOMREV,THRESHOLD_FLIP,VOL_JUMP}
mkdir -p "$out"
J="java -XX:+UseParallelGC -XX:ParallelGCThreads=1 -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Dorg.bytedeco.javacpp.maxBytes=0"
for s in $seeds; do
  for set in a x; do
    d="$out/seed$s$([[ $set == x ]] && echo -x || true)"
    [[ -f $d/scores.csv ]] && continue
    extra=(--seeds 3); [[ $set == x ]] && extra=(--seeds 6) && tk="-Dregime.firstSeed=6" || tk=""
    echo "$(date -u +%H:%M:%S) seed $s $set" >> "$out/times.txt"
    $J $knobs $tk -Dregime.model.seed=$s -cp "$cp" io.tickcast.bench.regime.RegimeSuite \
      "${extra[@]}" --kinds "$kinds" --out "$d" > "$d.log" 2>&1
  done
done
echo "$(date -u +%H:%M:%S) done" >> "$out/times.txt"
