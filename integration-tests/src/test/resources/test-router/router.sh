#!/bin/sh
# A FireLens router for tests, built offline (TestRouterImage): whatever arrives on ECS's socket
# (/var/run/fluent.sock) and on TCP 24224 is appended to /out/received, as raw bytes. When the mounted
# configuration has a forward output (ecs-local's local output), the socket's bytes are also relayed
# there, as Fluent Bit's forward output would pass the records on. Not a Fluent Bit: no filters run.
trap 'echo "test-router: stopping"; exit 0' TERM INT
conf=/fluent-bit/etc/fluent-bit.conf
cp "$conf" /out/fluent-bit.conf
set -- $(awk '/^ *Host /{ host = $2; getline; print host, $2; exit }' "$conf")
if [ -n "$1" ]; then
  socat -u UNIX-LISTEN:/var/run/fluent.sock,fork,unlink-early "SYSTEM:tee -a /out/received | nc $1 $2" &
else
  socat -u UNIX-LISTEN:/var/run/fluent.sock,fork,unlink-early OPEN:/out/received,creat,append &
fi
socat -u TCP-LISTEN:24224,fork,reuseaddr OPEN:/out/received,creat,append &
echo "test-router: listening on /var/run/fluent.sock and :24224${1:+, relaying to $1:$2}"
wait
