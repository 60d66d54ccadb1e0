#!/usr/bin/env bash
# The runs of this folder: ../regime-gain2/run.sh (two streams, forecaster seeds 42-47), with the
# experiment's jar and knobs, e.g. in this folder:
#   JAR=/tmp/fresh2.jar EXTRA="-Dtickcast.skip.fitHalfLife=16 -Dtickcast.skip.fitFloor=4 -Dtickcast.skip.fitWhich=gain" bash run.sh gn16 0.99
exec bash "$(dirname "$0")/../regime-gain2/run.sh" "$@"
