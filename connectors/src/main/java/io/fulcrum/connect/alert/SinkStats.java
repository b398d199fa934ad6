package io.fulcrum.connect.alert;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one sink task, read by the metrics thread. */
final class SinkStats {
  final AtomicLong sent = new AtomicLong();
  final AtomicLong failures = new AtomicLong();
}
