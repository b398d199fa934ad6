#!/bin/sh
# loadgen: steady HTTP traffic through the demo HAProxy, WORKERS loops each pausing PAUSE seconds between
# requests (defaults: 8 workers x 10/s, about 80 requests per second).
set -eu
TARGET="${TARGET:-http://haproxy:8080/}"
WORKERS="${WORKERS:-8}"
PAUSE="${PAUSE:-0.1}"

worker() {
  while true; do
    curl -s -o /dev/null --max-time 5 "$TARGET" || true
    sleep "$PAUSE"
  done
}

echo "loadgen: $WORKERS workers against $TARGET"
i=0
while [ "$i" -lt "$WORKERS" ]; do
  worker &
  i=$((i + 1))
done
wait
