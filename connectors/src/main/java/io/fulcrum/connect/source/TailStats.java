package io.fulcrum.connect.source;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one task's tails, read by the metrics thread. */
final class TailStats {
  final AtomicLong linesRead = new AtomicLong();
  final AtomicLong rotations = new AtomicLong();
  final AtomicLong truncations = new AtomicLong();
  final AtomicLong oversizedLines = new AtomicLong();
  final AtomicLong unparsedLines = new AtomicLong();
  final AtomicLong lostRotatedFiles = new AtomicLong();
}
