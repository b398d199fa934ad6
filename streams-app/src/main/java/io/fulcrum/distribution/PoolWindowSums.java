package io.fulcrum.distribution;

import io.fulcrum.avro.ServerWindowStats;
import io.fulcrum.detect.PoolObservation;
import io.fulcrum.detect.ServerObservation;
import io.fulcrum.window.ServerWindowAccumulator;
import io.fulcrum.window.WindowKeys;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What one closing pool window contains: the input tasks' partials summed per server (in server
 * order), the requests no server got, and a zero-traffic entry for every server the window must
 * list. Split from {@link PoolWindowAssembler} so that what a closed window holds reads apart from
 * when it closes.
 */
final class PoolWindowSums {
  private final Map<String, ServerWindowAccumulator> servers = new TreeMap<>();
  private final ServerWindowAccumulator noServer = new ServerWindowAccumulator();

  private PoolWindowSums() {}

  /** Sums the open partials of {@code pool}'s window at {@code start}, and removes them. */
  static PoolWindowSums take(
      KeyValueStore<String, ServerWindowStats> open, String pool, long start) {
    PoolWindowSums sums = new PoolWindowSums();
    List<String> done = new ArrayList<>();
    String prefix = WindowKeys.windowPrefix(pool, start);
    try (KeyValueIterator<String, ServerWindowStats> it =
        open.range(prefix, prefix + WindowKeys.END)) {
      while (it.hasNext()) {
        KeyValue<String, ServerWindowStats> kv = it.next();
        done.add(kv.key);
        String server = WindowKeys.server(kv.key);
        (server == null
                ? sums.noServer
                : sums.servers.computeIfAbsent(server, s -> new ServerWindowAccumulator()))
            .add(kv.value);
      }
    }
    done.forEach(open::delete);
    return sums;
  }

  /** Marks every server with partials in this window as seen at {@code at}. */
  void markSeen(Map<String, Long> members, long at) {
    servers.forEach((server, acc) -> members.put(server, at));
  }

  /** Lists {@code names} too, with no traffic unless they had some. */
  void list(Collection<String> names) {
    names.forEach(s -> servers.computeIfAbsent(s, x -> new ServerWindowAccumulator()));
  }

  /** Whether any request at all reached the pool in this window. */
  boolean traffic() {
    return noServer.count() > 0 || servers.values().stream().anyMatch(a -> a.count() > 0);
  }

  PoolObservation observation(String pool, long start, long end, Map<String, Double> declared) {
    List<ServerObservation> observed = new ArrayList<>(servers.size());
    servers.forEach(
        (server, acc) ->
            observed.add(
                new ServerObservation(server, acc.count(), acc.errors5xx(), acc.sketch())));
    return new PoolObservation(pool, start, end, observed, noServer.errors5xx(), declared);
  }

  /** Two partials of the same (pool, server, window), summed into one. */
  static ServerWindowStats merge(ServerWindowStats a, ServerWindowStats b) {
    ServerWindowAccumulator acc = new ServerWindowAccumulator();
    acc.add(a);
    acc.add(b);
    return acc.toStats(
        a.getPool(),
        a.getServer(),
        a.getWindowStart().toEpochMilli(),
        a.getWindowEnd().toEpochMilli());
  }
}
