# ecs-local's endpoints relay: answers at 169.254.170.2:80 inside Docker for every ecs-local run on this daemon, and
# passes each request to the run it is for over that run's own `docker exec` stream. Nothing but busybox and the
# Docker API: it works where the daemon cannot reach ecs-local's process (a VM, another host) and needs no root there.
#   relay listen       the container's process: one `handle` per connection
#   relay handle       one connection (stdin/stdout are its socket): the run's key is the task id that starts the id
#                      in the path; the request goes to that run's FIFO as "ID FROM METHOD TARGET", the answer comes
#                      back base64-encoded on the connection's own FIFO
#   relay serve KEY    one run (a `docker exec` kept open by ecs-local): says "ready", writes the requests to stdout,
#                      reads "ID BASE64" answers from stdin; ends, and takes its directory with it, when stdin ends
#   relay others KEY   the keys of the other runs being served (whether the relay is still needed)
runs=/run/ecs-local
CR=$(printf '\r')
reply() {
  printf 'HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s' "$1" "${#2}" "$2"
}
peer() {
  # The connection is fd 0: /proc/net/tcp{,6} has its remote address (IPv4, or IPv4-mapped IPv6, little-endian hex).
  ino=$(readlink /proc/$$/fd/0); ino=${ino#socket:[}; ino=${ino%]}
  awk -v ino="$ino" 'function h(s) { return index("0123456789ABCDEF", substr(s, 1, 1)) * 16 + index("0123456789ABCDEF", substr(s, 2, 1)) - 17 }
    $10 == ino { split($3, a, ":"); x = substr(a[1], length(a[1]) - 7)
      print h(substr(x, 7, 2)) "." h(substr(x, 5, 2)) "." h(substr(x, 3, 2)) "." h(substr(x, 1, 2)); exit }' /proc/net/tcp /proc/net/tcp6
}
case $1 in
listen)
  trap 'exit 0' TERM INT
  mkdir -p $runs
  /bin/busybox nc -ll -p 80 -e /bin/busybox sh -c 'eval "$RELAY_SCRIPT"' relay handle &
  wait ;;
handle)
  exec 2>/dev/null
  # A client that sends nothing does not hold a process for ever.
  read -t 5 -r method target version || exit 0
  while read -t 5 -r line; do [ -z "${line%$CR}" ] && break; done
  case $target in
    /v2/credentials/*) rest=${target#/v2/credentials/} ;;
    /v[34]/*|/api/*) rest=${target#/*/} ;;
    *) rest= ;;
  esac
  key=${rest%%-*}
  case $key in ''|*[!0-9a-f]*) key= ;; esac
  dir=$runs/$key
  if [ -z "$key" ] || [ ! -p "$dir/requests" ]; then
    reply '404 Not Found' '{"code":"NotFound","message":"no ecs-local task answers for this path (is its run still going?)"}'
    exit 0
  fi
  id=$$
  rm -f "$dir/$id"
  mkfifo "$dir/$id" || exit 0
  from=$(peer)
  if ! timeout 5 sh -c 'echo "$1" > "$2"' - "$id ${from:-unknown} $method $target" "$dir/requests"; then
    rm -f "$dir/$id"
    reply '503 Service Unavailable' '{"code":"Unavailable","message":"ecs-local did not take the request"}'
    exit 0
  fi
  answer=$(timeout 30 cat "$dir/$id")
  rm -f "$dir/$id"
  if [ -n "$answer" ]; then
    echo "$answer" | base64 -d
  else
    reply '504 Gateway Timeout' '{"code":"Timeout","message":"ecs-local did not answer in 30 s"}'
  fi ;;
serve)
  dir=$runs/$2
  mkdir -p "$dir" && mkfifo "$dir/requests" || exit 1
  trap 'rm -rf "$dir"' EXIT
  trap 'exit 0' TERM INT HUP
  # An asynchronous list reads /dev/null unless told otherwise: the answers come on the exec's stdin.
  exec 4<&0
  # Each answer is written in the background, and given up after 2 s: its connection may have timed out meanwhile.
  ( while read -r id data <&4; do
      [ -p "$dir/$id" ] && (echo "$data" | timeout 2 sh -c 'cat > "$1"' - "$dir/$id" &)
    done; kill $$ ) &
  exec 3<>"$dir/requests"
  echo ready
  while read -r line <&3; do echo "$line"; done ;;
others)
  for dir in $runs/*; do
    [ -p "$dir/requests" ] && [ "${dir##*/}" != "$2" ] && echo "${dir##*/}"
  done
  exit 0 ;;
esac
