#!/usr/bin/env bash
# Prepares a fresh Debian/Ubuntu machine for ecs-local and builds it.
#
#   - installs a JDK 17+ and Maven when they are missing;
#   - installs Docker Engine from the distribution's packages (docker.io) when `docker info` fails,
#     plus busybox-static, from which the samples and tests build their images (no registry needed),
#     socat, which the tests' FireLens router image adds to it, and iproute2 (ip), for the tests' fixtures;
#   - starts the Docker daemon when none answers, and waits for it;
#   - builds the samples' image (ecs-local-samples/busybox) and the namespace holder's (ecs-local/pause)
#     when they are missing or their Dockerfile changed;
#   - builds the project (the runnable jar behind ./ecs-local).
#
# Safe to run again: every step is skipped when its result is already there.
# Environment: SKIP_BUILD=1 skips the build; DOCKERD_LOG (default /var/log/ecs-local-dockerd.log).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
log() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then sudo=""; else
  command -v sudo >/dev/null || die "run as root, or install sudo"
  sudo="sudo"
fi

apt_updated=""
apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found: install $* by hand (this script knows Debian and Ubuntu)"
  if [ -z "$apt_updated" ]; then
    log "apt-get update"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=yes
  fi
  log "installing $*"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

java_major() {
  java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1
}

# --- JDK and Maven -------------------------------------------------------------------------------
if ! command -v java >/dev/null || [ "$(java_major)" -lt 17 ] 2>/dev/null || ! command -v javac >/dev/null; then
  apt_install openjdk-17-jdk-headless || apt_install default-jdk-headless
fi
command -v mvn >/dev/null || apt_install maven

# --- Docker --------------------------------------------------------------------------------------
if ! command -v docker >/dev/null || ! command -v dockerd >/dev/null; then
  if ! docker info >/dev/null 2>&1; then
    apt_install docker.io
  fi
fi
# The samples and tests build their images from this static busybox (no registry is needed); the tests'
# FireLens router adds socat, which listens on the router's Unix socket.
dpkg -s busybox-static >/dev/null 2>&1 || apt_install busybox-static
command -v socat >/dev/null || apt_install socat
# The integration tests' "daemon in a VM" fixture (scripts/vm-daemon.sh) makes network namespaces with ip; its other
# tools (unshare, nsenter, runuser, flock) are util-linux's, which every Debian and Ubuntu has.
command -v ip >/dev/null || apt_install iproute2

if ! $sudo docker info >/dev/null 2>&1; then
  if command -v systemctl >/dev/null && systemctl is-system-running >/dev/null 2>&1; then
    log "starting docker with systemd"
    $sudo systemctl start docker || true
  fi
fi
if ! $sudo docker info >/dev/null 2>&1; then
  dockerd_log=${DOCKERD_LOG:-/var/log/ecs-local-dockerd.log}
  log "starting dockerd in the background (log: $dockerd_log)"
  $sudo sh -c "nohup dockerd >'$dockerd_log' 2>&1 &"
  for _ in $(seq 1 60); do
    $sudo docker info >/dev/null 2>&1 && break
    sleep 1
  done
  $sudo docker info >/dev/null 2>&1 || die "dockerd did not answer within 60 s; see $dockerd_log"
fi
log "docker is up: $($sudo docker version --format 'Engine {{.Server.Version}}, API {{.Server.APIVersion}}')"

# --- Images -------------------------------------------------------------------------------------
# No registry is needed: each image is the static busybox on an empty root, built from its Dockerfile and
# rebuilt whenever that Dockerfile changes. ecs-local/pause holds the namespaces of awsvpc tasks.
build_image() { # NAME DOCKERFILE
  local image=$1 dockerfile=$2 sum built_sum context old_id output
  sum=$(sha256sum "$dockerfile" | cut -c1-16)
  built_sum=$($sudo docker image inspect -f '{{ index .Config.Labels "ecs-local.dockerfile" }}' "$image" 2>/dev/null || true)
  [ "$built_sum" = "$sum" ] && return 0
  log "building $image from /bin/busybox"
  context=$(mktemp -d)
  cp "$dockerfile" /bin/busybox "$context/"
  old_id=$($sudo docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
  if ! output=$($sudo docker build -q --label "ecs-local.dockerfile=$sum" -t "$image" "$context" 2>&1); then
    rm -rf "$context"
    printf '%s\n' "$output" >&2
    die "could not build $image (docker build output above)"
  fi
  rm -rf "$context"
  # The previous build, now untagged: remove it, and only it (the daemon may be shared).
  if [ -n "$old_id" ]; then $sudo docker rmi "$old_id" >/dev/null 2>&1 || true; fi
}
build_image ecs-local-samples/busybox:latest "$here/samples/images/busybox/Dockerfile"
build_image ecs-local/pause:latest "$here/samples/images/pause/Dockerfile"

# --- Build ---------------------------------------------------------------------------------------
if [ "${SKIP_BUILD:-}" != "1" ]; then
  log "building ecs-local"
  "$here/ecs-local" --version >/dev/null
fi
log "ready"
