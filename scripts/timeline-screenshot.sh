#!/usr/bin/env bash
# Makes README's picture: runs the payments sample with --timeline, opens the page in headless Chromium (from
# Debian's packages, installed when missing) and writes docs/timeline-payments.png. Needs ./scripts/setup.sh first.
#
#   scripts/timeline-screenshot.sh [OUTPUT.png]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$here/docs/timeline-payments.png}
if ! command -v chromium >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$here/ecs-local" run "$here/samples/payments/taskdef.json" --secrets "$here/samples/payments/secrets.json" --no-color --timeline "$work/timeline.html" >/dev/null
# The page is 1,160 px wide; the height fits the sample's five lanes.
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1220,390 \
  --screenshot="$out" "file://$work/timeline.html" 2>/dev/null
echo "wrote $out"
