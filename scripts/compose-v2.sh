#!/usr/bin/env bash
# docker compose v2, for bench/vs-compose.sh: the binary of Debian trixie's docker-compose package (compose v2, a Go
# binary that needs only libc), unpacked with dpkg -x and installed as a Docker CLI plugin, so that `docker compose`
# works with this machine's docker CLI. Nothing else of trixie is installed and the system's apt is untouched
# (scripts/lib/trixie-apt.sh).
#
#   compose-v2.sh install [DIR]   install it into DIR (default /usr/local/lib/docker/cli-plugins, where the docker CLI
#                                 looks for plugins); does nothing when `docker compose version` already says v2.
#                                 Root only (apt-get). Prints the version installed.
set -euo pipefail

log() { printf 'compose-v2: %s\n' "$*" >&2; }
die() { printf 'compose-v2: error: %s\n' "$*" >&2; exit 1; }

. "$(dirname "$0")/lib/trixie-apt.sh"

[ "${1:-}" = install ] && [ $# -le 2 ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2; }
dir=${2:-/usr/local/lib/docker/cli-plugins}

if version=$(docker compose version --short 2>/dev/null) && [[ $version == 2.* || $version == v2.* ]]; then
  log "docker compose $version is already installed"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || die "install needs root (apt-get)"
debs=$(mktemp -d)
unpacked=$(mktemp -d)
trap 'rm -rf "$debs" "$unpacked"' EXIT
trixie_download "$debs" docker-compose || die "apt-get download of trixie's docker-compose failed"
dpkg -x "$debs"/docker-compose_*.deb "$unpacked"
binary=$(find "$unpacked" -type f -name docker-compose -perm -u+x | head -n 1)
[ -n "$binary" ] || die "trixie's docker-compose package holds no docker-compose binary"
mkdir -p "$dir"
install -m 0755 "$binary" "$dir/docker-compose"
log "installed $("$dir/docker-compose" version) as $dir/docker-compose (docker compose)"
