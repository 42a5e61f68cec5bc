#!/usr/bin/env bash
# What ecs-local adds to a task's timeline on the real Docker daemon (issue 3's targets):
#   orchestration overhead, dependency met -> start call   target: median <= 150 ms
#   stop latency, essential exit -> first stop call          target: median <= 50 ms
# Runs the payments sample PAYMENTS_RUNS times (default 3, ~16 s each) and two quick scenarios QUICK_RUNS
# times each (default 15). Needs the daemon and the samples' images: ./scripts/setup.sh first.
#
#   bench/engine-latency.sh
#   PAYMENTS_RUNS=5 QUICK_RUNS=30 bench/engine-latency.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -DskipTests -pl bench -am package
exec java -jar bench/target/ecs-local-bench.jar "$PWD"
