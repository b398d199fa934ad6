#!/bin/sh
# connect-init: waits for the Connect worker and its Fulcrum plugins, then creates or updates each connector
# in connectors/*.json (PUT /connectors/<file name>/config is idempotent).
set -eu
CONNECT="${CONNECT_URL:-http://connect:8083}"
DIR="${CONNECTORS_DIR:-/deploy/connect/connectors}"

until curl -sf "$CONNECT/connector-plugins" | grep -q 'io.fulcrum.connect'; do
  echo "connect-init: waiting for $CONNECT and the Fulcrum plugins (build them: mvn -pl connectors -am package)"
  sleep 3
done

for f in "$DIR"/*.json; do
  name="$(basename "$f" .json)"
  echo "connect-init: $name"
  curl -sf -X PUT -H 'Content-Type: application/json' --data @"$f" "$CONNECT/connectors/$name/config" >/dev/null
done
curl -sf "$CONNECT/connectors?expand=status"
echo
