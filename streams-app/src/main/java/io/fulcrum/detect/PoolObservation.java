package io.fulcrum.detect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the detectors see about one pool in one closed window.
 *
 * <p>Servers are sorted by name; a server listed twice is merged (counts added, sketches merged
 * into a copy). Declared weights that are null, NaN, infinite or negative are dropped; an empty map
 * becomes {@code null}.
 *
 * @param pool pool name
 * @param windowStartMs window start, epoch ms, inclusive
 * @param windowEndMs window end, epoch ms, exclusive
 * @param servers ALL current members, zero-count ones included
 * @param noServerCount requests the LB could not route (HAProxy {@code <NOSRV>}); they count as
 *     pool 5xx errors
 * @param declaredWeights relative weights from the latest config change, or null; weight 0 =
 *     drained
 */
public record PoolObservation(
    String pool,
    long windowStartMs,
    long windowEndMs,
    List<ServerObservation> servers,
    long noServerCount,
    Map<String, Double> declaredWeights) {
  public PoolObservation {
    Objects.requireNonNull(pool, "pool");
    servers = normalise(servers);
    noServerCount = Math.max(0, noServerCount);
    declaredWeights = cleanWeights(declaredWeights);
  }

  /** Requests answered by members (excludes {@link #noServerCount()}). */
  public long servedCount() {
    long n = 0;
    for (ServerObservation s : servers) {
      n += s.count();
    }
    return n;
  }

  /** All requests that reached the LB for this pool: served plus unroutable. */
  public long requestCount() {
    return servedCount() + noServerCount;
  }

  /** 5xx responses plus unroutable requests. */
  public long errorCount() {
    long e = noServerCount;
    for (ServerObservation s : servers) {
      e += s.errors5xx();
    }
    return e;
  }

  /** The member named {@code server}, or null (binary search: servers are sorted by name). */
  public ServerObservation server(String server) {
    int lo = 0;
    int hi = servers.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = servers.get(mid).server().compareTo(server);
      if (c == 0) {
        return servers.get(mid);
      } else if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return null;
  }

  private static List<ServerObservation> normalise(List<ServerObservation> in) {
    if (in == null || in.isEmpty()) {
      return List.of();
    }
    Map<String, ServerObservation> byName = new java.util.TreeMap<>();
    for (ServerObservation s : in) {
      if (s == null) {
        continue;
      }
      byName.merge(
          s.server(),
          s,
          (a, b) ->
              new ServerObservation(
                  a.server(),
                  a.count() + b.count(),
                  a.errors5xx() + b.errors5xx(),
                  a.latency().copy().merge(b.latency())));
    }
    return List.copyOf(byName.values());
  }

  private static Map<String, Double> cleanWeights(Map<String, Double> in) {
    if (in == null) {
      return null;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    in.forEach(
        (k, v) -> {
          if (k != null && v != null && Double.isFinite(v) && v >= 0) {
            names.add(k);
          }
        });
    Collections.sort(names);
    for (String k : names) {
      out.put(k, in.get(k));
    }
    return out.isEmpty() ? null : Collections.unmodifiableMap(out);
  }
}
