#!/usr/bin/env bash
# kafka-init: creates every topic listed in topics.txt (idempotent: existing topics are left alone).
set -euo pipefail
BOOTSTRAP="${BOOTSTRAP_SERVERS:-kafka:9092}"
TOPICS_FILE="${TOPICS_FILE:-/deploy/kafka/topics.txt}"
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"

until "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --list >/dev/null 2>&1; do
  echo "kafka-init: waiting for $BOOTSTRAP"
  sleep 2
done

while read -r name partitions configs; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  args=(--bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$name" --partitions "$partitions"
        --replication-factor 1)
  for c in $configs; do
    args+=(--config "$c")
  done
  "$KAFKA_BIN/kafka-topics.sh" "${args[@]}"
done < "$TOPICS_FILE"

echo "kafka-init: topics ready"
"$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --list
