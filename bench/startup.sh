#!/usr/bin/env bash
# Cold wall time of `./ecs-local validate samples/payments/taskdef.json`: a new JVM each run, as a
# user or an editor hook pays it. Prints every configuration's median and spread over RUNS runs.
# Target (issue 2): median <= 0.5 s on the 2-core development machines.
#
#   bench/startup.sh            # RUNS=15 by default
#   RUNS=31 bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-15}
sample=samples/payments/taskdef.json
jar=cli/target/ecs-local.jar
cds=cli/target/ecs-local.jsa

./ecs-local --version >/dev/null   # builds the jar and its CDS archive when missing or stale

# milliseconds of one run of "$@", output discarded
once() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

measure() {
  local label=$1; shift
  once "$@" >/dev/null   # one unmeasured run: page cache, not JIT (every run is a new JVM)
  local times=()
  for _ in $(seq "$runs"); do times+=("$(once "$@")"); done
  printf '%s\n' "${times[@]}" | sort -n | awk -v label="$label" -v n="$runs" '
    { t[NR] = $1 }
    END { printf "%-44s median %4d ms   min %4d   max %4d   (n=%d)\n", label, t[int((n + 1) / 2)], t[1], t[n], n }'
}

echo "ecs-local validate $sample, $(nproc) cores, $(java -version 2>&1 | head -n 1)"
fast=(-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC -XX:-UsePerfData)
measure "./ecs-local (the launcher: all of the below)" ./ecs-local validate "$sample"
measure "java -jar, static CDS + C1x1 + SerialGC" java "${fast[@]}" -XX:SharedArchiveFile="$cds" -jar "$jar" validate "$sample"
measure "  ... with 2 C1 compiler threads" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData \
  -XX:SharedArchiveFile="$cds" -jar "$jar" validate "$sample"
measure "  ... without the CDS archive" java "${fast[@]}" -jar "$jar" validate "$sample"
measure "java -jar (JVM defaults)" java -jar "$jar" validate "$sample"
measure "java -jar --version (JVM defaults)" java -jar "$jar" --version
