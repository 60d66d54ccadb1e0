#!/usr/bin/env bash
# Robustness suite: the regime suite on the HELD-OUT kinds (bench/src/main/java/io/tickcast/
# bench/regime/HeldOut.java), which no default was ever tuned on, with the production forecaster.
# Builds like bench/regime.sh (SKIP_BUILD=1 to reuse bench/target/benchmarks.jar); later arguments
# override these, e.g. `bench/robustness.sh --seeds 1 --kinds RW_GAUSS`.
# Output: bench/target/robustness/ (table.md with the robustness table at the end, robust.csv,
# scores.csv, one PNG per kind).
set -euo pipefail
kinds=RW_GAUSS,RW_T3,AR1_T3_JUMPS,AR1_SLOW_DRIFT,BOUNCE_MA1,TREND_FLIP,SCALE_REF,PRICE_TINY,PRICE_HUGE,VOL_TINY,VOL_HUGE,FLAT_STRETCHES,TREND_RAMP_AR1
exec "$(dirname "$0")/regime.sh" --seeds 3 --model --kinds "$kinds" \
  --out bench/target/robustness "$@"
