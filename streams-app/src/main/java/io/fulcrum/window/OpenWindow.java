package io.fulcrum.window;

/**
 * One window the {@link ServerWindowPreAggregator} still sums: its per-server sums, and how many of
 * its slices the fast path has been sent. Shared by the pre-aggregator, its {@link SliceSender} and
 * its {@link SumsSnapshot}.
 */
final class OpenWindow {
  private final long windowStart;
  private final ServerSums sums;
  int slicesSent;

  OpenWindow(long windowStart, ServerSums sums) {
    this.windowStart = windowStart;
    this.sums = sums;
  }

  long windowStart() {
    return windowStart;
  }

  ServerSums sums() {
    return sums;
  }
}
