#!/usr/bin/env bash
# Mutation check: the decay tests must fail when the decay is dropped (keep = 1, no pull).
cd /work/wt/plastic
f=model/src/main/java/io/tickcast/model/training/Adam.java
cp $f /tmp/plastic/Adam.java.orig
sed -i 's/final float keep = (float) (1.0 - learningRate \* weightDecay);/final float keep = 1f;/; s/final float pull = (float) (learningRate \* weightDecay);/final float pull = 0f;/' $f
grep -n "keep = 1f\|pull = 0f" $f
mvn -B -q -o -pl model test -Dtest=AdamTest,LearnerTest -Dsurefire.failIfNoSpecifiedTests=false > /tmp/plastic/mutate.log 2>&1; echo rc=$?
cp /tmp/plastic/Adam.java.orig $f
git diff --stat -- $f
grep -E "Tests run|FAIL|\[ERROR\] +[A-Za-z]+Test\." /tmp/plastic/mutate.log | head -20
