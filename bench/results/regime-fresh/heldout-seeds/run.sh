#!/usr/bin/env bash
# Suite seeds no adopted default was chosen on (12-17 and 18-23; their AR(1) series judged the rejected regime-gate3 experiment), the recency-weighted gain (default, h16) vs
# unweighted (h0), forecaster seed 42 (and 43 for seeds 12-17). JAR: the bench jar of main at
# 322fade or later (mvn -B -q -o -Pbench -pl bench -am package -DskipTests -DskipITs).
JAR=${JAR:-/tmp/recency2.jar}
J="java -XX:+UseParallelGC -XX:ParallelGCThreads=1 -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Dorg.bytedeco.javacpp.maxBytes=0"
K="--seeds 6 --kinds AR1_FLIP,AR5_MOMREV,VOL_JUMP,THRESHOLD_FLIP"
S=io.tickcast.bench.regime.RegimeSuite
$J -Dregime.firstSeed=12 -cp $JAR $S $K --out h16
$J -Dregime.firstSeed=12 -Dregime.model.skipGainHalfLife=0 -cp $JAR $S $K --out h0
$J -Dregime.firstSeed=18 -cp $JAR $S $K --out h16-18
$J -Dregime.firstSeed=18 -Dregime.model.skipGainHalfLife=0 -cp $JAR $S $K --out h0-18
$J -Dregime.firstSeed=12 -Dregime.model.seed=43 -cp $JAR $S $K --out h16-f43
$J -Dregime.firstSeed=12 -Dregime.model.seed=43 -Dregime.model.skipGainHalfLife=0 -cp $JAR $S $K --out h0-f43
for d in h0 h16 h0-18 h16-18 h0-f43 h16-f43; do python3 ../../../regime-targets.py $d > $d/targets.txt; done
