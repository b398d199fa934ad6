package io.fulcrum.query;

import io.fulcrum.avro.ApprovalVerdict;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Paths of {@code /api/v1} to {@link Queries}, with every bad request answered as a JSON 4xx here,
 * before any store is read. Read-only but for {@code POST /incidents/{id}/approve|decline} ({@link
 * ApprovalEndpoint}). Pure: no I/O of its own, so it is tested without Kafka.
 */
public final class QueryRouter {
  public static final String PREFIX = "/api/v1";

  /**
   * Pool names as HAProxy backends and nginx upstreams allow them; anything else cannot be a pool.
   */
  private static final Pattern POOL = Pattern.compile("[A-Za-z0-9_.:\\-]{1,200}");

  public static final int DEFAULT_WINDOWS = 30;
  private final Queries queries;
  private final ApprovalEndpoint approvals;
  private final int windowsKept;

  public QueryRouter(Queries queries) {
    this(queries, ApprovalEndpoint.disabled(), RecentStores.DEFAULT_WINDOWS_KEPT);
  }

  public QueryRouter(Queries queries, ApprovalEndpoint approvals) {
    this(queries, approvals, RecentStores.DEFAULT_WINDOWS_KEPT);
  }

  /**
   * @param windowsKept the windows kept per pool: the largest {@code limit} a request may ask for
   */
  public QueryRouter(Queries queries, ApprovalEndpoint approvals, int windowsKept) {
    this.queries = queries;
    this.approvals = approvals;
    this.windowsKept = windowsKept;
  }

  /**
   * @param query the raw query string, or null
   * @param forwarded whether the request came from another instance
   */
  public ApiResponse route(String method, String path, String query, boolean forwarded) {
    return route(method, path, query, forwarded, null, null);
  }

  /** The same, for a request that may carry a token and a body (the approval endpoints). */
  public ApiResponse route(
      String method,
      String path,
      String query,
      boolean forwarded,
      String authorization,
      byte[] body) {
    if ("POST".equals(method) && path != null && path.startsWith(PREFIX + "/incidents/")) {
      String[] p = path.substring(PREFIX.length()).replaceAll("/+$", "").split("/");
      if (p.length == 4 && (p[3].equals("approve") || p[3].equals("decline"))) {
        return approvals.handle(
            p[3].equals("approve") ? ApprovalVerdict.APPROVE : ApprovalVerdict.DECLINE,
            p[2],
            authorization,
            body);
      }
    }
    if (!"GET".equals(method)) {
      return ApiResponse.error(
              405,
              "the query API is read-only: use GET (POST only to /incidents/{id}/approve "
                  + "and /decline)")
          .withHeader("Allow", "GET");
    }
    if (path == null || !(path.equals(PREFIX) || path.startsWith(PREFIX + "/"))) {
      return ApiResponse.error(
          404, "no such endpoint: " + path + " (endpoints are under " + PREFIX + "/)");
    }
    Map<String, String> params = params(query);
    boolean localOnly = forwarded && "local".equals(params.get("scope"));
    String[] parts = path.substring(PREFIX.length()).replaceAll("/+$", "").split("/");
    // parts[0] is the empty string before the first slash
    if (parts.length == 2 && parts[1].equals("pools")) {
      return queries.pools(localOnly);
    }
    if (parts.length == 2 && parts[1].equals("incidents")) {
      return queries.incidents(localOnly);
    }
    if (parts.length == 2 && parts[1].equals("anomalies")) {
      return queries.anomalies(localOnly);
    }
    if ((parts.length == 3 || parts.length == 4) && parts[1].equals("pools")) {
      String pool = parts[2];
      if (!POOL.matcher(pool).matches()) {
        return ApiResponse.error(400, "malformed pool name: " + pool);
      }
      if (parts.length == 3) {
        return queries.pool(pool, forwarded);
      }
      if (parts[3].equals("windows")) {
        String limit = params.getOrDefault("limit", Integer.toString(DEFAULT_WINDOWS));
        int n;
        try {
          n = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
          n = -1;
        }
        if (n < 1 || n > windowsKept) {
          return ApiResponse.error(
              400, "limit must be a number from 1 to " + windowsKept + ", got " + limit);
        }
        return queries.windows(pool, n, forwarded);
      }
      if (parts[3].equals("changes")) {
        return queries.changes(pool);
      }
    }
    if (parts.length == 3 && parts[1].equals("incidents")) {
      return incident(parts[2], forwarded);
    }
    return ApiResponse.error(404, "no such endpoint: " + path);
  }

  /**
   * Incident ids are {@code pool@onset}, e.g. {@code be_web@2026-03-14T09:02:00Z}: the pool finds
   * the owner.
   */
  private ApiResponse incident(String id, boolean forwarded) {
    Optional<String> malformed = checkIncidentId(id);
    if (malformed.isPresent()) {
      return ApiResponse.error(400, malformed.get());
    }
    return queries.incident(id.substring(0, id.lastIndexOf('@')), id, forwarded);
  }

  /** Empty for a well-formed {@code pool@onset} id; else the 400's message. */
  static Optional<String> checkIncidentId(String id) {
    int at = id == null ? -1 : id.lastIndexOf('@');
    Optional<String> malformed =
        Optional.of(
            "malformed incident id: "
                + id
                + " (expected pool@onset, e.g. be_web@2026-03-14T09:02:00Z)");
    if (at <= 0 || !POOL.matcher(id.substring(0, at)).matches()) {
      return malformed;
    }
    try {
      Instant.parse(id.substring(at + 1));
    } catch (DateTimeParseException e) {
      return malformed;
    }
    return Optional.empty();
  }

  private static Map<String, String> params(String query) {
    Map<String, String> m = new HashMap<>();
    if (query == null || query.isEmpty()) {
      return m;
    }
    for (String kv : query.split("&")) {
      int eq = kv.indexOf('=');
      m.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
    }
    return m;
  }
}
