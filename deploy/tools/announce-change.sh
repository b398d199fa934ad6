#!/usr/bin/env bash
# announce-change: what deploy tooling should do on every LB config deploy: publish an LbConfigChange
# (Avro, through the Schema Registry) to fulcrum.config-changes, so an anomaly can name the version that
# caused it. Runs in the Schema Registry image, which has kafka-avro-console-producer.
# Usage: announce-change.sh POOL VERSION [AUTHOR]
set -euo pipefail
name='^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'
if [[ $# -lt 2 || ! "$1" =~ $name || ! "$2" =~ $name || ( $# -ge 3 && ! "$3" =~ $name ) ]]; then
  echo "usage: announce-change POOL VERSION [AUTHOR] (names: letters, digits, '.', '_', '-')" >&2
  exit 2
fi
pool="$1" version="$2" author="${3:-lb-deploy}"
now_ms=$(( $(date +%s%N) / 1000000 ))
printf '{"timestamp":%s,"pool":"%s","version":"%s","servers":null,"author":{"string":"%s"},"description":null}\n' \
    "$now_ms" "$pool" "$version" "$author" \
  | kafka-avro-console-producer --bootstrap-server "${BOOTSTRAP_SERVERS:-kafka:9092}" \
      --topic "${CONFIG_CHANGES_TOPIC:-fulcrum.config-changes}" \
      --property schema.registry.url="${SCHEMA_REGISTRY_URL:-http://schema-registry:8081}" \
      --property value.schema.file=/schemas/LbConfigChange.avsc
echo "announce-change: $pool $version at $now_ms"
