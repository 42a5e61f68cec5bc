#!/usr/bin/env bash
# An AWS emulator for the integration tests: moto's server (moto 5.1 from Debian trixie), so that ecs-local's AWS calls
# (Secrets Manager, SSM, ECR, S3, ECS, STS) can be tested without AWS, through the SDK's endpoint override
# (AWS_ENDPOINT_URL). The system's Python is never changed: trixie's moto and the libraries it needs that this
# machine's Debian has not (boto3, botocore, flask, werkzeug, ...) are unpacked with dpkg -x into DIR and found
# through PYTHONPATH; what this Debian has (jinja2, cryptography, yaml, requests, ...) comes from its own packages.
#
#   aws-emulator.sh install [DIR]   download trixie's packages and unpack them into DIR; does nothing when DIR already
#                                   holds moto. Root only (apt-get). Prints the time taken.
#   aws-emulator.sh start PORT [DIR]
#                                   run moto's server on 127.0.0.1:PORT in the foreground (the process becomes python's,
#                                   so whoever started it stops it with a signal); exits 3 when DIR holds no moto
#
# DIR defaults to $ECS_LOCAL_MOTO_DIR, else /var/cache/ecs-local/moto. The tests that use it (AwsEmulator) are skipped,
# saying so, when DIR holds no moto. See docs/docker-notes.md, "AWS emulator".
set -euo pipefail

log() { printf 'aws-emulator: %s\n' "$*" >&2; }
die() { printf 'aws-emulator: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# trixie_download: trixie's packages through an apt configuration of our own.
. "$(dirname "$0")/lib/trixie-apt.sh"

# Debian's own interpreter, not the first python3 on PATH (a pyenv one would not see /usr/lib/python3/dist-packages).
python=/usr/bin/python3

# The trixie packages unpacked into DIR: moto and what it imports that this machine's Debian does not provide.
trixie_packages=(python3-moto python3-boto3 python3-botocore python3-s3transfer python3-flask python3-flask-cors
  python3-werkzeug python3-responses python3-blinker python3-click python3-itsdangerous python3-antlr4
  python3-xmltodict python3-jmespath python3-multipart python3-joserfc)
# This machine's own packages that moto imports; installed system-wide, from the system's sources.
system_packages=(python3-jinja2 python3-markupsafe python3-requests python3-dateutil python3-urllib3 python3-yaml
  python3-cryptography)

install() {
  local dir=$1
  if [ -d "$dir/usr/lib/python3/dist-packages/moto" ]; then
    log "moto is already in $dir"
    return
  fi
  [ "$(id -u)" -eq 0 ] || die "install needs root (apt-get)"
  local started=$SECONDS
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${system_packages[@]}" >/dev/null

  # Global, not local: the EXIT trap runs after this function has returned.
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/debs"
  trixie_download "$work/debs" "${trixie_packages[@]}" \
    || die "apt-get download of trixie's packages failed: ${trixie_packages[*]}"

  # Unpacked into a sibling first, so that an interrupted install never leaves a DIR that looks installed.
  rm -rf "$dir.partial"
  mkdir -p "$dir.partial"
  local deb
  for deb in "$work"/debs/*.deb; do
    dpkg -x "$deb" "$dir.partial"
  done
  rm -rf "$dir"
  mv "$dir.partial" "$dir"
  log "moto $(ls "$dir/usr/lib/python3/dist-packages" | sed -n 's/^moto-\(.*\)\.dist-info$/\1/p') installed in $dir" \
    "in $((SECONDS - started)) s ($(du -sh "$dir" | cut -f1))"
}

start() {
  local port=$1 dir=$2
  if [ ! -d "$dir/usr/lib/python3/dist-packages/moto" ]; then
    log "moto is not installed in $dir: $0 install $dir installs it"
    exit 3
  fi
  PYTHONPATH=$dir/usr/lib/python3/dist-packages exec "$python" -m moto.server -H 127.0.0.1 -p "$port"
}

[ $# -ge 1 ] || usage
case $1 in
  install)
    [ $# -le 2 ] || usage
    install "${2:-${ECS_LOCAL_MOTO_DIR:-/var/cache/ecs-local/moto}}"
    ;;
  start)
    [ $# -ge 2 ] && [ $# -le 3 ] || usage
    [[ $2 =~ ^[0-9]+$ ]] || die "PORT must be a number: $2"
    start "$2" "${3:-${ECS_LOCAL_MOTO_DIR:-/var/cache/ecs-local/moto}}"
    ;;
  *) usage ;;
esac
