#!/usr/bin/env bash
# Suite seeds no adopted default was chosen on (12-17 and 18-23), the sign-split expert at
# forecaster seeds 42 and 43 (12-17); the default before it is ../../regime-fresh/heldout-seeds
# (h16, h16-18, h16-f43). JAR: the bench jar of main with the sign split
# (mvn -B -q -o -Pbench -pl bench -am package -DskipTests -DskipITs). Usage:
# [JAR=...] [EXTRA="-D..."] [NAME=ss] bash run.sh; ss: λ 0.99 (JAR of ecd702d), l985: the shipped
# 0.985 (NAME=l985; a jar where it is the default, or EXTRA=-Dtickcast.signSplit.lambda=0.985 on
# a jar that reads that property).
cd "$(dirname "$0")"
JAR=${JAR:-/tmp/ss4.jar}
N=${NAME:-ss}
J="java ${EXTRA:-} -XX:+UseParallelGC -XX:ParallelGCThreads=1 -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Dorg.bytedeco.javacpp.maxBytes=0"
K="--seeds 6 --kinds AR1_FLIP,AR5_MOMREV,VOL_JUMP,THRESHOLD_FLIP"
S=io.tickcast.bench.regime.RegimeSuite
$J -Dregime.firstSeed=12 -cp $JAR $S $K --out $N
$J -Dregime.firstSeed=18 -cp $JAR $S $K --out $N-18
$J -Dregime.firstSeed=12 -Dregime.model.seed=43 -cp $JAR $S $K --out $N-f43
for d in $N $N-18 $N-f43; do python3 ../../../regime-targets.py $d > $d/targets.txt; done
