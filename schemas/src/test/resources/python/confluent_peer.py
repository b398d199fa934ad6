"""Confluent's own Python Avro client, used as an independent wire-format peer.

consume: read N records with AvroConsumer and print each value as one JSON line.
produce: write one record (JSON from argv) with AvroProducer using the given .avsc.
Run with Debian's /usr/bin/python3 (python3-confluent-kafka, python3-avro, python3-requests).
"""
import datetime
import json
import sys

from confluent_kafka import avro
from confluent_kafka.avro import AvroConsumer, AvroProducer


def as_json(value):
    if isinstance(value, datetime.datetime):
        return int(value.timestamp() * 1000)
    raise TypeError(repr(value))


def consume(bootstrap, registry, topic, group, count):
    consumer = AvroConsumer({
        "bootstrap.servers": bootstrap,
        "group.id": group,
        "schema.registry.url": registry,
        "auto.offset.reset": "earliest",
    })
    consumer.subscribe([topic])
    seen = 0
    for _ in range(60):
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        if msg.error():
            sys.exit("consumer error: %s" % msg.error())
        print(json.dumps({"key": msg.key(), "value": msg.value()}, default=as_json), flush=True)
        seen += 1
        if seen >= count:
            break
    consumer.close()
    if seen < count:
        sys.exit("only %d of %d records arrived" % (seen, count))


def produce(bootstrap, registry, topic, schema_file, value_json):
    schema = avro.load(schema_file)
    value = json.loads(value_json)
    # The avro library wants datetimes for timestamp-millis fields.
    for field in schema.fields:
        if getattr(field.type, "logical_type", None) == "timestamp-millis":
            value[field.name] = datetime.datetime.fromtimestamp(value[field.name] / 1000, tz=datetime.timezone.utc)
    producer = AvroProducer({"bootstrap.servers": bootstrap, "schema.registry.url": registry},
                            default_value_schema=schema)
    producer.produce(topic=topic, value=value)
    if producer.flush(30) != 0:
        sys.exit("record not delivered")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "consume":
        consume(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
    elif cmd == "produce":
        produce(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6])
    else:
        sys.exit("usage: confluent_peer.py consume|produce ...")
