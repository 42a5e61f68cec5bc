#!/usr/bin/env bash
# Cold wall time of `./ecs-local validate samples/payments/taskdef.json`: a new JVM each run, as a
# user or an editor hook pays it. Prints every configuration's median and spread over RUNS runs.
# Then, when Docker answers, the launcher's time from its start to its first Docker call (`ps`, RUNS times, and a
# run of the payments sample, RUN_RUNS times: bench/first-docker-call.py relays the daemon's socket to see it) and
# the peak resident set size of those payments runs.
# Targets (issue 16): validate median <= 0.3 s; start -> first Docker call <= 0.3 s; payments peak RSS <= 80 MB
# (on the 2-core development machines; other work on the machine inflates every figure: compare medians of one sitting).
#
#   bench/startup.sh            # RUNS=15, RUN_RUNS=3 by default
#   RUNS=31 bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-15}
run_runs=${RUN_RUNS:-3}
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

echo "ecs-local validate $sample, $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg), $(java -version 2>&1 | head -n 1)"
fast=(-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC -XX:-UsePerfData)
measure "./ecs-local (the launcher: all of the below)" ./ecs-local validate "$sample"
measure "java -jar, static CDS + C1x1 + SerialGC" java "${fast[@]}" -XX:SharedArchiveFile="$cds" -jar "$jar" validate "$sample"
measure "  ... with 2 C1 compiler threads" java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData \
  -XX:SharedArchiveFile="$cds" -jar "$jar" validate "$sample"
measure "  ... without the CDS archive" java "${fast[@]}" -jar "$jar" validate "$sample"
measure "java -jar (JVM defaults)" java -jar "$jar" validate "$sample"
measure "java -jar --version (JVM defaults)" java -jar "$jar" --version

# The launcher to its first Docker call, and a payments run's peak RSS.
daemon=/var/run/docker.sock
case ${DOCKER_HOST:-} in
  unix://*) daemon=${DOCKER_HOST#unix://} ;;
  '') ;;
  *) daemon= ;;
esac
if [ -z "$daemon" ] || ! docker version >/dev/null 2>&1; then
  echo "start -> first Docker call: skipped (needs a Docker daemon on a Unix socket: ${DOCKER_HOST:-$daemon} does not answer)"
  exit 0
fi

# median of column $1 of the lines on stdin
median_of() {
  sort -n -k"$1","$1" | awk -v c="$1" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}

first_call() {
  local label=$1 n=$2; shift 2
  python3 bench/first-docker-call.py "$daemon" "$@" >/dev/null   # unmeasured, as above
  local lines=()
  for _ in $(seq "$n"); do lines+=("$(python3 bench/first-docker-call.py "$daemon" "$@")"); done
  local all
  all=$(printf '%s\n' "${lines[@]}")
  printf '%-44s median %4d ms   (n=%d; wall %d ms, peak RSS %d MB)\n' "$label" "$(median_of 1 <<<"$all")" "$n" \
    "$(median_of 2 <<<"$all")" "$(( $(median_of 3 <<<"$all") / 1024 ))"
}

echo
echo "The launcher's start -> its first Docker call (target <= 300 ms); the payments run's peak RSS (target <= 80 MB)"
first_call "./ecs-local ps" "$runs" ./ecs-local ps
first_call "./ecs-local run samples/payments" "$run_runs" ./ecs-local run samples/payments/taskdef.json \
  --secrets samples/payments/secrets.json
