#!/usr/bin/env bash
# A non-root user in the docker group, as most people and CI runners use Docker (GitHub's `runner`): for tests of
# what ecs-local does without root (no port 80 for the metadata endpoint, files it cannot read or write).
#
#   non-root-user.sh setup            create the user (default ecslocal-ci) in the docker group (created when
#                                     missing), and give that group this machine's daemon socket, as Debian's
#                                     docker.io does through its socket unit
#   non-root-user.sh run -- CMD…      run CMD as the user: HOME its own writable home, a clean environment
#                                     (PATH, LANG, TERM, DOCKER_HOST and ECS_LOCAL_* are kept), in the current
#                                     directory if the user may enter it, else in its home
#   non-root-user.sh cli -- ARGS…     run the ecs-local CLI jar (cli/target/ecs-local.jar, built by Maven as root)
#                                     as the user; copied to the user's home when the checkout is not readable
#                                     to it. No Maven runs as the user: root's ~/.m2 is usually unreadable to it
#   non-root-user.sh check            check the fixture's promises: not root, in the docker group, docker ps works,
#                                     port 80 cannot be bound, HOME writable, the CLI jar readable
#   non-root-user.sh remove           remove the user and its home (the docker group and the socket's group stay:
#                                     the daemon is shared, and that is how docker.io sets them up anyway)
#
# Root only (setup, remove; run and cli switch user with runuser). setup is idempotent and safe to run
# concurrently. Environment: NONROOT_USER (default ecslocal-ci), DOCKER_SOCKET (default /var/run/docker.sock).
# See docs/docker-notes.md, "Test fixtures".
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
user=${NONROOT_USER:-ecslocal-ci}
socket=${DOCKER_SOCKET:-/var/run/docker.sock}
jar=$here/cli/target/ecs-local.jar
log() { printf 'non-root-user: %s\n' "$*" >&2; }
die() { printf 'non-root-user: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[ $# -ge 1 ] || usage
command=$1
shift
[ "$(id -u)" -eq 0 ] || die "$command needs root (it creates a user, or switches to it)"
[[ $user =~ ^[a-z_][a-z0-9_-]{0,30}$ ]] || die "NONROOT_USER is not a user name: $user"

exists() { getent passwd "$user" >/dev/null; }
home() { getent passwd "$user" | cut -d: -f6; }

setup() {
  local missing=()
  for tool in useradd groupadd usermod runuser flock; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]} (Debian: apt-get install passwd util-linux)"
  mkdir -p /run/lock
  exec 9>/run/lock/ecs-local-non-root.lock
  flock 9
  if ! getent group docker >/dev/null; then
    log "creating the group docker"
    groupadd --system docker
  fi
  if ! exists; then
    log "creating the user $user (group docker, home /home/$user)"
    useradd --create-home --home-dir "/home/$user" --shell /bin/bash --groups docker "$user"
  elif ! id -nG "$user" | tr ' ' '\n' | grep -qx docker; then
    usermod -aG docker "$user"
  fi
  # dockerd gives its socket to the group docker only if that group existed when it started (its --group).
  if [ -S "$socket" ]; then
    if [ "$(stat -c %G "$socket")" != docker ] || [ "$(( 0$(stat -c %a "$socket") & 060 ))" -ne $(( 060 )) ]; then
      log "giving $socket to the group docker (rw), as docker.io's socket unit does"
      chgrp docker "$socket"
      chmod g+rw "$socket"
    fi
  else
    log "no daemon socket at $socket: the user's docker will find none"
  fi
  exec 9>&-
}

# The environment the user's command gets: its own, plus what the caller's points at.
run() {
  [ "${1:-}" = "--" ] && shift
  [ $# -gt 0 ] || usage
  exists || die "no user $user: run $0 setup first"
  local home dir env=()
  home=$(home)
  env=(HOME="$home" USER="$user" LOGNAME="$user" SHELL=/bin/bash
    PATH="${PATH:-/usr/local/bin:/usr/bin:/bin}" LANG="${LANG:-C.UTF-8}" TERM="${TERM:-dumb}")
  local name
  for name in DOCKER_HOST JAVA_HOME $(compgen -e | grep -E '^(ECS_LOCAL_|AWS_)' || true); do
    [ -n "${!name:-}" ] && env+=("$name=${!name}")
  done
  dir=$PWD
  runuser -u "$user" -- test -x "$dir" -a -r "$dir" 2>/dev/null || dir=$home
  cd "$dir"
  exec runuser -u "$user" -- env -i "${env[@]}" "$@"
}

# A path of the CLI jar the user can read.
user_jar() {
  [ -f "$jar" ] || die "no $jar: build it first (mvn -B -ntp package -DskipTests -pl cli -am, or ./ecs-local --version)"
  if runuser -u "$user" -- test -r "$jar" 2>/dev/null; then
    echo "$jar"
  else
    local copy
    copy=$(home)/ecs-local.jar
    if [ ! -f "$copy" ] || [ "$jar" -nt "$copy" ]; then
      install -o "$user" -g "$user" -m 0644 "$jar" "$copy.tmp.$$" && mv "$copy.tmp.$$" "$copy"
    fi
    # The AWS SDK's jar goes beside it: ecs-local loads it from there when a run asks for AWS.
    local aws_jar=${jar%/*}/ecs-local-aws.jar
    if [ -f "$aws_jar" ] && { [ ! -f "${copy%/*}/ecs-local-aws.jar" ] || [ "$aws_jar" -nt "${copy%/*}/ecs-local-aws.jar" ]; }; then
      install -o "$user" -g "$user" -m 0644 "$aws_jar" "${copy%/*}/ecs-local-aws.jar.tmp.$$" \
        && mv "${copy%/*}/ecs-local-aws.jar.tmp.$$" "${copy%/*}/ecs-local-aws.jar"
    fi
    echo "$copy"
  fi
}

cli() {
  [ "${1:-}" = "--" ] && shift
  exists || die "no user $user: run $0 setup first"
  local java
  java=$(command -v java) || die "no java on PATH"
  run "$java" -jar "$(user_jar)" "$@"
}

check() {
  local failed=0 out
  ok() { printf 'ok    %s\n' "$*"; }
  bad() { printf 'FAIL  %s\n' "$*"; failed=1; }
  exists || die "no user $user: run $0 setup first"
  [ "$("$0" run -- id -u)" != 0 ] && ok "$user is not root (uid $("$0" run -- id -u))" || bad "$user is root"
  "$0" run -- id -nG | tr ' ' '\n' | grep -qx docker && ok "$user is in the group docker" || bad "$user is not in the group docker"
  if out=$("$0" run -- docker ps -q 2>&1); then ok "$user runs docker ps"; else bad "$user cannot run docker ps: $out"; fi
  # busybox-static's nc: a bind refused ends it at once; a bind that works listens until the timeout (exit 124).
  out=$("$0" run -- timeout 1 busybox nc -l -p 80 2>&1) && bad "$user bound port 80" || {
    [ $? -eq 124 ] && bad "$user bound port 80 (net.ipv4.ip_unprivileged_port_start: $(sysctl -n net.ipv4.ip_unprivileged_port_start))" \
      || ok "$user cannot bind port 80 ($out)"; }
  "$0" run -- sh -c 'touch "$HOME/.write-test" && rm "$HOME/.write-test"' && ok "HOME $(home) is writable" || bad "HOME is not writable"
  "$0" run -- test -r "$(user_jar)" && ok "the CLI jar is readable: $(user_jar)" || bad "the CLI jar is not readable"
  "$0" run -- test -r "$(getent passwd root | cut -d: -f6)/.m2" && log "note: root's ~/.m2 is readable to $user" || true
  return $failed
}

case $command in
  setup) setup ;;
  run) run "$@" ;;
  cli) cli "$@" ;;
  check) check ;;
  remove)
    if exists; then userdel --remove "$user" 2>/dev/null || userdel "$user"; log "removed $user"; fi ;;
  *) usage ;;
esac
