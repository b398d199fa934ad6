package io.fulcrum.distribution;

import io.fulcrum.avro.ServerWindowStats;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partials that arrive after their window closed: counted in the metrics every time, logged once
 * per (pool, window) at warn and after that at debug, so that a lagging input task cannot flood the
 * log. Split from {@link PoolWindowAssembler}, which only decides that a partial is late.
 */
final class LatePartials {
  /** Logged as the assembler's: the log lines and their logger stay what they were. */
  private static final Logger log = LoggerFactory.getLogger(PoolWindowAssembler.class);

  /** How many (pool, window) pairs with late partials are remembered, so each is logged once. */
  private static final int LATE_LOG_MEMORY = 1024;

  private final PoolWindowAssembler.LateCounter late;
  private final Map<String, Boolean> lateLogged =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > LATE_LOG_MEMORY;
        }
      };

  LatePartials(PoolWindowAssembler.LateCounter late) {
    this.late = late;
  }

  /** A partial of {@code pool}'s window at {@code windowStart}, which has closed. */
  void late(String pool, long windowStart, ServerWindowStats partial) {
    late.late(pool, partial.getCount());
    String key = pool + '@' + windowStart;
    if (lateLogged.put(key, Boolean.TRUE) == null) {
      log.warn(
          "{} request(s) of pool {} (server {}) for window {} arrived after it closed; counted in "
              + "fulcrum.late.requests, not in any window",
          partial.getCount(),
          pool,
          partial.getServer(),
          java.time.Instant.ofEpochMilli(windowStart));
    } else {
      log.debug(
          "{} more late request(s) of pool {} for window {}",
          partial.getCount(),
          pool,
          windowStart);
    }
  }
}
