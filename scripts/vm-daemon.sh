#!/usr/bin/env bash
# A Docker daemon "in a VM", on this machine: for tests of what changes when the daemon is not local (Docker
# Desktop, colima, Podman machine). A second dockerd (this machine's binary) runs in network, mount and UTS
# namespaces of its own, with only loopback in its network: it cannot reach this machine's addresses, and is
# reached only through its Unix socket. Its hostname (docker info's Name) is docker-vm-NAME, which is how
# ecs-local tells that the daemon runs elsewhere. /tmp and /run are empty tmpfs for it: paths there are not shared.
#
#   vm-daemon.sh start NAME           start it (stopping leftovers of an earlier NAME first), load the images the
#                                     tests use, print the time taken and DOCKER_HOST=unix://…
#   vm-daemon.sh restart NAME         restart its dockerd as systemd would (dockerd's shutdown stops every
#                                     container; the new dockerd finds them exited); after crash, start it again
#   vm-daemon.sh crash NAME           kill its dockerd (SIGKILL): the socket stops answering, the containers run on
#   vm-daemon.sh stop NAME            stop it and remove everything start made; idempotent
#   vm-daemon.sh env NAME             print DOCKER_HOST=unix://… for it
#   vm-daemon.sh laptop NAME -- CMD…  run CMD as "the laptop": in a network namespace of its own with only lo up,
#                                     DOCKER_HOST set to the VM's socket, this machine's own daemon socket hidden
#   vm-daemon.sh check NAME           check the fixture's promises (java and docker from the laptop; the laptop and
#                                     this machine unreachable from the VM's containers)
#
# Root only. Needs ip (iproute2), unshare and nsenter (util-linux), dockerd and docker. Several NAMEs can run at
# once. Environment: ECS_LOCAL_VM_DIR (default /var/lib/ecs-local-vm: the socket, data and log live in
# $ECS_LOCAL_VM_DIR/NAME), VM_BIP (default 10.213.N.1/24, N from NAME), VM_IMAGES (default: the two images the
# samples use, copied from this machine's daemon), VM_START_TIMEOUT (seconds, default 60).
# See docs/docker-notes.md, "Test fixtures".
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
base=${ECS_LOCAL_VM_DIR:-/var/lib/ecs-local-vm}
log() { printf 'vm-daemon: %s\n' "$*" >&2; }
die() { printf 'vm-daemon: error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[ $# -ge 2 ] || usage
command=$1 name=$2
shift 2
[[ $name =~ ^[a-z0-9][a-z0-9-]{0,19}$ ]] || die "NAME must be 1 to 20 of a-z, 0-9 and -, starting with a letter or digit: $name"

dir=$base/$name
sock=$dir/docker.sock
netns=ecs-local-vm-$name
hostname=docker-vm-$name
cgroup=docker-vm-$name
vm_docker() { docker -H "unix://$sock" "$@"; }

need() {
  [ "$(id -u)" -eq 0 ] || die "$command needs root (it creates namespaces and runs dockerd)"
  local missing=()
  for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]} (Debian: apt-get install iproute2 util-linux docker.io)"
}

# One start or stop of a NAME at a time. The lock's descriptor is closed for dockerd, which would hold it otherwise.
# Lock files are in /run/lock, which every boot empties: $base holds only the VMs.
locks=/run/lock
lock() {
  mkdir -p "$locks"
  exec 8>"$locks/ecs-local-vm-$name.lock"
  flock 8
}

secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Whether pid is this VM's dockerd (and not a process that got its number since).
ours() { [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -- "unix://$sock "; }

bip() {
  if [ -n "${VM_BIP:-}" ]; then echo "$VM_BIP"; return; fi
  # Each VM has its own network namespace, so equal subnets would not clash; distinct ones keep logs unambiguous.
  echo "10.213.$(( $(printf '%s' "$name" | cksum | cut -d' ' -f1) % 250 + 1 )).1/24"
}

# The cgroups of the VM's containers (the cgroup parent is ours alone): one per hierarchy with cgroup v1, one with v2.
cgroup_dirs() {
  local d
  for d in /sys/fs/cgroup/"$cgroup" /sys/fs/cgroup/*/"$cgroup"; do
    if [ -d "$d" ]; then echo "$d"; fi
  done
}

cgroup_pids() {
  local d
  for d in $(cgroup_dirs); do
    find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null
  done | sort -u
}

stop() {
  local pid waited p d
  if [ -f "$dir/vm.pid" ]; then
    pid=$(cat "$dir/vm.pid")
    if ours "$pid"; then
      # Everything on the VM is ours and goes: its containers are killed at once rather than given their stop
      # timeouts by dockerd's shutdown. dockerd stops its containerd on SIGTERM.
      local running
      running=$(timeout 10 docker -H "unix://$sock" ps -q 2>/dev/null || true)
      [ -z "$running" ] || timeout 20 docker -H "unix://$sock" kill $running >/dev/null 2>&1 || true
      kill -TERM "$pid"
      for waited in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && { log "dockerd $pid did not stop within 30 s: SIGKILL"; kill -KILL "$pid" || true; }
    fi
  fi
  # Whatever is left in the VM: processes in its network namespace (containerd, shims, host-network containers)
  # or in its containers' cgroups.
  for p in $( { ip netns pids "$netns" 2>/dev/null || true; cgroup_pids; } | sort -u); do
    kill -KILL "$p" 2>/dev/null || true
  done
  if ip netns list | grep -qx "$netns\( .*\)\?"; then
    (flock 7; ip netns delete "$netns") 7>"$locks/ecs-local-vm.netns.lock"
  fi
  # The cgroups the VM's containers had (deepest first); empty once their processes are gone.
  for d in $(cgroup_dirs); do
    for waited in $(seq 1 50); do
      find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true
      [ -d "$d" ] || break
      sleep 0.1
    done
    [ -d "$d" ] && log "could not remove the cgroup $d"
  done
  # The VM's mounts were in its own mount namespace, gone with its last process; nothing under $dir is mounted here.
  if [ -d "$dir" ]; then
    local mounted
    mounted=$(awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r)
    for m in $mounted; do umount -l "$m" || true; done
    rm -rf "$dir"
  fi
  rmdir "$base" 2>/dev/null || true
}

# Starts dockerd in the VM's namespaces (the network namespace must exist) and waits until it answers.
launch() {
  local bip pid
  bip=$(bip)
  # nsenter before the tmpfs hides /run/netns; the fresh sysfs is the VM's network's, with the host's cgroups in it
  # (dockerd needs them: "Devices cgroup isn't mounted" otherwise, as with `ip netns exec`, which remounts /sys).
  # shellcheck disable=SC2016
  local inner='set -e
    hostname "$1"
    mount --rbind /sys/fs/cgroup "$2/cgroup"
    mount -t sysfs sysfs /sys
    mount --move "$2/cgroup" /sys/fs/cgroup
    mount -t tmpfs -o mode=755 tmpfs /run
    mount -t tmpfs -o mode=1777 tmpfs /tmp
    shift 2
    exec "$@"'
  setsid unshare --mount --uts --propagation private -- nsenter --net="/run/netns/$netns" -- \
    sh -c "$inner" vm "$hostname" "$dir" \
    dockerd --host "unix://$sock" --config-file "$dir/daemon.json" --data-root "$dir/data" --exec-root "$dir/exec" \
    --pidfile "$dir/dockerd.pid" --bip "$bip" --exec-opt native.cgroupdriver=cgroupfs --cgroup-parent "/$cgroup" \
    </dev/null >>"$dir/dockerd.log" 2>&1 8>&- &
  pid=$!
  echo "$pid" >"$dir/vm.pid" # dockerd itself: unshare, nsenter and sh exec it (its own pidfile comes later)

  local deadline=$(( ${EPOCHREALTIME%.*} + ${VM_START_TIMEOUT:-60} ))
  until vm_docker info >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "dockerd exited; the end of $dir/dockerd.log:"
      tail -n 20 "$dir/dockerd.log" >&2
      stop
      die "the VM daemon $name did not start"
    fi
    if [ "${EPOCHREALTIME%.*}" -ge "$deadline" ]; then
      log "no answer on $sock within ${VM_START_TIMEOUT:-60} s; the end of $dir/dockerd.log:"
      tail -n 20 "$dir/dockerd.log" >&2
      stop
      die "the VM daemon $name did not start"
    fi
    sleep 0.1
  done
}

start() {
  local t0 t1 t2 images missing="" img
  t0=$EPOCHREALTIME
  if [ -d "$dir" ] || ip netns list | grep -qx "$netns\( .*\)\?"; then
    log "removing what an earlier $name left"
    stop
  fi
  mkdir -p "$dir/data" "$dir/exec" "$dir/cgroup"
  chmod 711 "$base" "$dir"
  echo '{}' >"$dir/daemon.json" # not /etc/docker/daemon.json: this machine's daemon settings are not the VM's
  (flock 7; ip netns add "$netns") 7>"$locks/ecs-local-vm.netns.lock"
  ip -n "$netns" link set lo up
  launch
  t1=$EPOCHREALTIME

  read -r -a images <<<"${VM_IMAGES:-ecs-local/pause:latest ecs-local-samples/busybox:latest}"
  for img in "${images[@]}"; do docker image inspect "$img" >/dev/null 2>&1 || missing=yes; done
  if [ -n "$missing" ]; then
    log "building the samples' images on this machine's daemon (scripts/setup.sh)"
    SKIP_BUILD=1 "$here/scripts/setup.sh"
  fi
  if [ ${#images[@]} -gt 0 ]; then
    docker save "${images[@]}" | vm_docker load -q >/dev/null || { stop; die "could not load ${images[*]} into the VM daemon"; }
  fi
  t2=$EPOCHREALTIME
  log "started $name in $(secs "$t0" "$t2") s (dockerd answered after $(secs "$t0" "$t1") s, images loaded in $(secs "$t1" "$t2") s);" \
    "hostname $hostname, bridge $(bip), no route out"
  echo "DOCKER_HOST=unix://$sock"
}

# The daemon restarted under whatever runs on it, as `systemctl restart docker` does it: dockerd's own shutdown
# (SIGTERM: it stops every container, SIGTERM then SIGKILL after its stop timeout, no live-restore), then a new
# dockerd on the same data: the containers are still there, exited.
restart() {
  local pid t0 waited
  t0=$EPOCHREALTIME
  [ -d "$dir/data" ] || die "no VM daemon $name (start it: $0 start $name)"
  if [ -f "$dir/vm.pid" ] && ours "$(cat "$dir/vm.pid")"; then
    pid=$(cat "$dir/vm.pid")
    kill -TERM "$pid"
    for waited in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && die "dockerd $pid did not stop within 60 s"
  fi
  launch
  log "restarted $name in $(secs "$t0" "$EPOCHREALTIME") s"
}

# The daemon crashed: dockerd is killed, its socket stays unanswered; containerd and the containers run on, as
# after a real crash. `restart` brings a dockerd back.
crash() {
  [ -f "$dir/vm.pid" ] && ours "$(cat "$dir/vm.pid")" || die "the VM daemon $name is not running (start it: $0 start $name)"
  kill -KILL "$(cat "$dir/vm.pid")"
  log "crashed $name (dockerd killed; its containers run on)"
}

laptop() {
  [ "${1:-}" = "--" ] && shift
  [ $# -gt 0 ] || usage
  [ -S "$sock" ] || die "the VM daemon $name is not running (start it: $0 start $name)"
  command -v unshare >/dev/null && command -v ip >/dev/null || die "missing: unshare or ip (apt-get install util-linux iproute2)"
  export DOCKER_HOST=unix://$sock
  # This machine's daemon socket is covered by /dev/null, as if there were none: the laptop has only the VM's.
  # shellcheck disable=SC2016
  exec unshare --net --mount --propagation private -- sh -c '
    ip link set lo up
    if [ -S /run/docker.sock ]; then mount --bind /dev/null /run/docker.sock; fi
    exec "$@"' laptop "$@"
}

# The fixture's promises, checked; exits non-zero when one is not kept.
check() {
  local failed=0 port=17321 gateway addresses out
  ok() { printf 'ok    %s\n' "$*"; }
  bad() { printf 'FAIL  %s\n' "$*"; failed=1; }
  [ -S "$sock" ] || die "the VM daemon $name is not running"
  [ "$(vm_docker info -f '{{.Name}}')" = "$hostname" ] && ok "docker info's Name is $hostname, not $(hostname)" \
    || bad "docker info's Name is not $hostname"
  "$0" laptop "$name" -- java -version >/dev/null 2>&1 && ok "java -version from the laptop" || bad "java -version from the laptop"
  "$0" laptop "$name" -- docker ps >/dev/null 2>&1 && ok "docker ps from the laptop" || bad "docker ps from the laptop"
  [ "$("$0" laptop "$name" -- ip -o link show up | awk -F': ' '{ print $2 }' | tr '\n' ' ')" = "lo " ] \
    && ok "the laptop has only lo up" || bad "the laptop has more than lo up"
  "$0" laptop "$name" -- env DOCKER_HOST=unix:///var/run/docker.sock docker ps >/dev/null 2>&1 \
    && bad "the laptop reaches this machine's daemon" || ok "the laptop does not reach this machine's daemon"

  # A server in the laptop, on every address it has; from containers on the VM (bridge and host network), tried
  # at 127.0.0.1, the VM's bridge gateway and every IPv4 address of this machine.
  gateway=$(vm_docker network inspect bridge -f '{{range .IPAM.Config}}{{.Gateway}}{{end}}')
  addresses="127.0.0.1 $gateway $(ip -4 -o addr show | awk '{ split($4, a, "/"); if (a[1] !~ /^127\./) print a[1] }' | tr '\n' ' ')"
  cat >"$dir/check.sh" <<EOF
busybox nc -ll -p $port -e true & server=\$!
sleep 0.3
busybox nc -w 2 127.0.0.1 $port </dev/null && echo "laptop reaches itself"
for network in bridge host; do
  docker run --rm --network \$network ecs-local-samples/busybox:latest sh -c \
    'for a in $addresses; do nc -w 1 \$a $port </dev/null >/dev/null 2>&1 && echo "reached \$a"; done; echo probed'
done
kill \$server
EOF
  out=$("$0" laptop "$name" -- sh "$dir/check.sh" 2>&1) || true
  rm -f "$dir/check.sh"
  if grep -q '^laptop reaches itself$' <<<"$out" && [ "$(grep -c '^probed$' <<<"$out")" = 2 ] && ! grep -q '^reached' <<<"$out"; then
    ok "a server in the laptop on port $port: from the VM's containers (bridge, host) nothing answers at $addresses"
  else
    bad "the laptop or this machine is reachable from the VM's containers, or the probe failed: $out"
  fi
  return $failed
}

case $command in
  start) need ip unshare nsenter dockerd docker flock; lock; start ;;
  crash) need flock; lock; crash ;;
  restart) need ip unshare nsenter dockerd docker flock; lock; restart ;;
  stop) need ip flock; lock; stop; rm -f "$locks/ecs-local-vm-$name.lock"; log "stopped $name" ;;
  env) echo "DOCKER_HOST=unix://$sock" ;;
  laptop) laptop "$@" ;;
  check) need ip unshare docker; check ;;
  *) usage ;;
esac
