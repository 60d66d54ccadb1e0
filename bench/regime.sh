#!/usr/bin/env bash
# Regime suite: builds model + bench in ONE reactor (a throw-away aggregator pom under
# bench/target, so nothing is installed into ~/.m2) and runs io.tickcast.bench.regime.RegimeSuite.
# Arguments go to the suite, e.g. `bench/regime.sh --quick` or `bench/regime.sh --help`.
# Output: bench/target/regime/ (table.md, table.csv, one PNG per variant and kind).
set -euo pipefail
cd "$(dirname "$0")/.."
agg=bench/target/regime-reactor
mkdir -p "$agg"
cat > "$agg/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.tickcast</groupId>
  <artifactId>tickcast-regime-reactor</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <modules><module>../../../model</module><module>../../../streams-app</module><module>../..</module></modules>
</project>
POM
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  mvn -B -q -f "$agg/pom.xml" -Pbench package -DskipTests
fi
cp="bench/target/benchmarks.jar"
# REGIME_JAVA_OPTS: e.g. -Dregime.model.halfLife=32 (see ModelAdapter.experiment) for a sweep.
exec java ${REGIME_JAVA_OPTS:-} -XX:+UseParallelGC -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 \
  -Dorg.bytedeco.javacpp.maxBytes=0 -cp "$cp" io.tickcast.bench.regime.RegimeSuite "$@"
