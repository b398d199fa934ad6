#!/usr/bin/env bash
# kafka-init: creates every topic listed in topics.txt that does not exist yet (existing ones are left alone,
# so a restarted stack runs it again harmlessly).
set -euo pipefail
BOOTSTRAP="${BOOTSTRAP_SERVERS:-kafka:9092}"
TOPICS_FILE="${TOPICS_FILE:-/deploy/kafka/topics.txt}"
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"
REPLICATION_FACTOR="${REPLICATION_FACTOR:-1}"

until existing="$("$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP" --list 2>/dev/null)"; do
  echo "kafka-init: waiting for $BOOTSTRAP"
  sleep 2
done

created=0
while read -r name partitions configs; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  if grep -qxF -- "$name" <<<"$existing"; then
    echo "kafka-init: $name exists"
    continue
  fi
  args=(--bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$name" --partitions "$partitions"
        --replication-factor "$REPLICATION_FACTOR")
  for c in $configs; do
    args+=(--config "$c")
  done
  "$KAFKA_BIN/kafka-topics.sh" "${args[@]}"
  created=$((created + 1))
done < "$TOPICS_FILE"

echo "kafka-init: $created topic(s) created, all topics of $TOPICS_FILE present"
