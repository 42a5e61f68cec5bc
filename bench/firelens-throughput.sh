#!/usr/bin/env bash
# The FireLens stand-in's receiver under load (issue 4): a container writes LINES numbered lines (default
# 1,000,000) through Docker's fluentd driver, with the options ECS gives an awsfirelens container, to the
# embedded forward receiver. Prints records/s and how many were lost. Target: >= 100,000 records/s, none lost.
# Needs the daemon and the samples' image: ./scripts/setup.sh first.
#
#   bench/firelens-throughput.sh
#   LINES=200000 bench/firelens-throughput.sh
#   ASYNC=false bench/firelens-throughput.sh     # the driver waits for the receiver: no tail dropped at exit
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -DskipTests -pl bench -am package
exec java -cp bench/target/ecs-local-bench.jar dev.ecslocal.bench.FirelensThroughput
