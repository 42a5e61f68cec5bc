#!/usr/bin/env bash
# The payments sample run by ecs-local and by docker compose v2 on the same daemon, alternately, RUNS times each
# (default 5): the same containers and work (bench/vs-compose/compose.yaml says how the task maps to compose). Each
# figure is the wall time of the whole job from a new process: ecs-local's `run` (start, the task, its clean-up) against
# compose's `up --abort-on-container-exit --exit-code-from app app` followed by `down -v` (ecs-local removes what it
# made; compose leaves it to down). Prints every run, the medians and the ratio; target (issue 16): ratio <= 0.9.
# Skipped, saying so, when compose v2 is not installed: scripts/compose-v2.sh install installs it.
# Other work on the machine slows both alike only on average: compare medians of one sitting.
#
#   bench/vs-compose.sh
#   RUNS=9 bench/vs-compose.sh
#   ECS_LOCAL=../other-checkout/ecs-local bench/vs-compose.sh   # another build's launcher, for a before/after
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
compose_file=bench/vs-compose/compose.yaml
project=ecs-local-bench-$$
ecs_local_command=${ECS_LOCAL:-./ecs-local}

version=$(docker compose version --short 2>/dev/null || true)
if [[ ! $version =~ ^v?2\. ]]; then
  echo "vs-compose: skipped: docker compose v2 is not installed${version:+ (docker compose version says $version)};" \
    "scripts/compose-v2.sh install installs it (Debian trixie's docker-compose package, as a Docker CLI plugin)"
  exit 0
fi
for image in ecs-local/pause:latest ecs-local-samples/busybox:latest; do
  docker image inspect "$image" >/dev/null 2>&1 || { echo "vs-compose: $image is missing: run ./scripts/setup.sh" >&2; exit 2; }
done

"$ecs_local_command" --version >/dev/null   # builds the jar and its class-data archive when missing or stale
compose() { docker compose -p "$project" -f "$compose_file" "$@"; }
trap 'compose down -v --timeout 0 >/dev/null 2>&1 || true' EXIT

millis() { echo $(( $(date +%s%N) / 1000000 )); }

ecs_local_times=() compose_times=() compose_up_times=()
for i in $(seq "$runs"); do
  start=$(millis)
  "$ecs_local_command" run samples/payments/taskdef.json --secrets samples/payments/secrets.json </dev/null >/dev/null 2>&1 \
    || { echo "vs-compose: ecs-local run failed (run it by hand to see why)" >&2; exit 1; }
  ecs_local=$(( $(millis) - start ))

  start=$(millis)
  compose up --abort-on-container-exit --exit-code-from app app </dev/null >/dev/null 2>&1 \
    || { echo "vs-compose: docker compose up failed (run it by hand to see why)" >&2; exit 1; }
  up=$(( $(millis) - start ))
  compose down -v >/dev/null 2>&1
  both=$(( $(millis) - start ))

  ecs_local_times+=("$ecs_local") compose_times+=("$both") compose_up_times+=("$up")
  printf 'run %d: ecs-local %6d ms   compose up + down %6d ms (up %d)\n' "$i" "$ecs_local" "$both" "$up"
done

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ecs_local=$(median "${ecs_local_times[@]}")
compose_median=$(median "${compose_times[@]}")
echo
echo "payments on $(docker version --format 'Docker {{.Server.Version}}'), $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg), docker compose $version, $runs runs each"
printf '  ecs-local run               median %6d ms\n' "$ecs_local"
printf '  docker compose up + down    median %6d ms   (up alone: %d ms)\n' "$compose_median" "$(median "${compose_up_times[@]}")"
awk -v a="$ecs_local" -v b="$compose_median" 'BEGIN { r = a / b; printf "  ratio ecs-local / compose   %.2f (target <= 0.9: %s)\n", r, r <= 0.9 ? "met" : "NOT met" }'
