#!/bin/sh
# lb-store-init: seeds the HAProxy config store volume with the demo versions on first start (an existing
# store is left as it is: the actuator may have moved the pointer), and makes the socket directory usable
# by HAProxy (uid 99) and the actuator (uid 10001).
set -eu
STORE=/var/lib/fulcrum/lb-store
mkdir -p "$STORE/versions" "$STORE/active"
cp -Rn /seed/versions/. "$STORE/versions/"
for pool_dir in "$STORE"/versions/*/; do
  pool="$(basename "$pool_dir")"
  if [ ! -e "$STORE/active/$pool.cfg" ]; then
    first="$(ls "$pool_dir" | grep '\.cfg$' | sort | head -n 1)"
    ln -s "../versions/$pool/$first" "$STORE/active/$pool.cfg"
    echo "lb-store-init: $pool -> $first"
  fi
done
chown -R 10001 "$STORE"
chmod 1777 /var/run/haproxy
