#!/usr/bin/env bash
# Suite seeds no adopted default was chosen on (12-17 and 18-23), the sign-split expert (ss) at
# forecaster seeds 42 and 43 (12-17); the default before it is ../../regime-fresh/heldout-seeds
# (h16, h16-18, h16-f43). JAR: the bench jar of main with the sign split
# (mvn -B -q -o -Pbench -pl bench -am package -DskipTests -DskipITs).
cd "$(dirname "$0")"
JAR=${JAR:-/tmp/ss4.jar}
J="java -XX:+UseParallelGC -XX:ParallelGCThreads=1 -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Dorg.bytedeco.javacpp.maxBytes=0"
K="--seeds 6 --kinds AR1_FLIP,AR5_MOMREV,VOL_JUMP,THRESHOLD_FLIP"
S=io.tickcast.bench.regime.RegimeSuite
$J -Dregime.firstSeed=12 -cp $JAR $S $K --out ss
$J -Dregime.firstSeed=18 -cp $JAR $S $K --out ss-18
$J -Dregime.firstSeed=12 -Dregime.model.seed=43 -cp $JAR $S $K --out ss-f43
for d in ss ss-18 ss-f43; do python3 ../../../regime-targets.py $d > $d/targets.txt; done
