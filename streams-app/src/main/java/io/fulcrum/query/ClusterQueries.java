package io.fulcrum.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Queries} over every instance of the app: a pool's question goes to the instance whose
 * active task owns the pool ({@link KafkaStreams#queryMetadataForKey}), forwarded over HTTP when
 * that is another instance; a list is this instance's part merged with every other instance's.
 * While the group rebalances, or an owner is unknown, the answer is a 503 naming the rebalance,
 * with Retry-After.
 */
public final class ClusterQueries implements Queries {
  private static final Logger log = LoggerFactory.getLogger(ClusterQueries.class);
  private static final int RETRY_AFTER_S = 2;
  private final KafkaStreams streams;
  private final HostInfo self;
  private final LocalReader local;
  private final HttpClient http;
  private final Duration timeout;

  public ClusterQueries(KafkaStreams streams, HostInfo self, LocalReader local, Duration timeout) {
    this.streams = streams;
    this.self = self;
    this.local = local;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public ApiResponse pools(boolean localOnly) {
    return list("/pools", "pools", "pool", false, localOnly, local::pools);
  }

  @Override
  public ApiResponse incidents(boolean localOnly) {
    return list("/incidents", "incidents", "updatedAt", true, localOnly, local::incidents);
  }

  @Override
  public ApiResponse anomalies(boolean localOnly) {
    return list("/anomalies", "anomalies", "detectedAt", true, localOnly, local::anomalies);
  }

  @Override
  public ApiResponse pool(String pool, boolean forwarded) {
    return keyed(
        pool, "/pools/" + pool, forwarded, r -> found(r.pool(pool), "unknown pool: " + pool));
  }

  @Override
  public ApiResponse windows(String pool, int limit, boolean forwarded) {
    return keyed(
        pool,
        "/pools/" + pool + "/windows?limit=" + limit,
        forwarded,
        r -> found(r.windows(pool, limit), "unknown pool: " + pool));
  }

  @Override
  public ApiResponse incident(String pool, String incidentId, boolean forwarded) {
    return keyed(
        pool,
        "/incidents/" + incidentId,
        forwarded,
        r -> found(r.incident(pool, incidentId), "no such incident: " + incidentId));
  }

  @Override
  public ApiResponse changes(String pool) {
    ApiResponse notReady = notReady();
    return notReady != null ? notReady : readLocally(() -> ApiResponse.ok(local.changes(pool)));
  }

  private static ApiResponse found(Object doc, String notFound) {
    return doc == null ? ApiResponse.error(404, notFound) : ApiResponse.ok(doc);
  }

  private ApiResponse keyed(
      String pool, String path, boolean forwarded, Function<LocalReader, ApiResponse> answer) {
    ApiResponse notReady = notReady();
    if (notReady != null) {
      return notReady;
    }
    KeyQueryMetadata md =
        streams.queryMetadataForKey(RecentStores.WINDOWS, pool, Serdes.String().serializer());
    if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE) || md.activeHost() == null) {
      return ApiResponse.unavailable(
          "rebalance under way: the owner of pool " + pool + " is not known yet", RETRY_AFTER_S);
    }
    if (md.activeHost().equals(self)) {
      // The key's own partition: an all-partitions read would miss a task still being restored.
      return readLocally(() -> answer.apply(local.partition(md.partition())));
    }
    if (forwarded) {
      // Forwarded here by an instance that thought this one the owner: the owners are moving.
      return ApiResponse.unavailable(
          "rebalance under way: pool " + pool + " is moving to " + hostPort(md.activeHost()),
          RETRY_AFTER_S);
    }
    return forward(md.activeHost(), path);
  }

  /**
   * @param sortField the field the merged list is sorted by
   */
  private ApiResponse list(
      String path,
      String field,
      String sortField,
      boolean descending,
      boolean localOnly,
      Supplier<Object> answer) {
    ApiResponse notReady = notReady();
    if (notReady != null) {
      return notReady;
    }
    ApiResponse mine = readLocally(() -> ApiResponse.ok(answer.get()));
    if (localOnly || mine.status() != 200) {
      return mine;
    }
    try {
      ObjectNode merged = (ObjectNode) JsonSerde.MAPPER.readTree(mine.body());
      List<JsonNode> items = new ArrayList<>();
      merged.withArray(field).forEach(items::add);
      for (StreamsMetadata other : streams.metadataForAllStreamsClients()) {
        if (other.hostInfo().equals(self)
            || !other.stateStoreNames().contains(RecentStores.WINDOWS)) {
          continue;
        }
        ApiResponse theirs = forward(other.hostInfo(), path + "?scope=local");
        if (theirs.status() != 200) {
          return theirs;
        }
        JsonSerde.MAPPER.readTree(theirs.body()).path(field).forEach(items::add);
      }
      Comparator<JsonNode> order = Comparator.comparing(n -> n.path(sortField).asText(""));
      items.sort(descending ? order.reversed() : order);
      ArrayNode arr = merged.putArray(field);
      items.forEach(arr::add);
      return ApiResponse.ok(merged);
    } catch (IOException e) {
      return ApiResponse.error(502, "an instance answered with malformed JSON: " + e.getMessage());
    }
  }

  private ApiResponse readLocally(Supplier<ApiResponse> answer) {
    try {
      return answer.get().withHeader(ApiResponse.SERVED_BY, hostPort(self));
    } catch (InvalidStateStoreException e) {
      log.debug("store not queryable: {}", e.getMessage());
      return ApiResponse.unavailable(
          "rebalance under way: this instance's stores are being restored or moved", RETRY_AFTER_S);
    }
  }

  private ApiResponse notReady() {
    KafkaStreams.State state = streams.state();
    if (state == KafkaStreams.State.RUNNING) {
      return null;
    }
    if (state == KafkaStreams.State.REBALANCING || state == KafkaStreams.State.CREATED) {
      return ApiResponse.unavailable(
          "rebalance under way: pools are being assigned to instances", RETRY_AFTER_S);
    }
    return ApiResponse.unavailable(
        "Kafka Streams is " + state + ": this instance cannot answer", 10);
  }

  private ApiResponse forward(HostInfo owner, String path) {
    URI uri = URI.create("http://" + hostPort(owner) + QueryRouter.PREFIX + path);
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header(ApiResponse.FORWARDED, hostPort(self))
            .GET()
            .build();
    try {
      HttpResponse<byte[]> res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      return copyHeaders(new ApiResponse(res.statusCode(), res.body(), Map.of()), res);
    } catch (IOException e) {
      // An owner that is stopping or has crashed keeps its pools until the group notices (at once
      // for a clean shutdown, after session.timeout.ms for a crash): a rebalance is on its way.
      log.warn("query forwarded to {} failed: {}", uri, e.toString());
      return ApiResponse.unavailable(
          "rebalance under way or pending: the instance owning this data ("
              + hostPort(owner)
              + ") did not answer ("
              + e.getClass().getSimpleName()
              + "); its pools move to another instance once the group notices it is gone",
          RETRY_AFTER_S);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ApiResponse.error(503, "interrupted while asking " + hostPort(owner));
    }
  }

  private static ApiResponse copyHeaders(ApiResponse out, HttpResponse<byte[]> res) {
    ApiResponse r = out;
    for (String h : List.of(ApiResponse.SERVED_BY, "Retry-After")) {
      String v = res.headers().firstValue(h).orElse(null);
      if (v != null) {
        r = r.withHeader(h, v);
      }
    }
    return r;
  }

  static String hostPort(HostInfo h) {
    return h.host() + ":" + h.port();
  }
}
