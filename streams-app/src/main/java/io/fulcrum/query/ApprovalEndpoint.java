package io.fulcrum.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.avro.ApprovalDecision;
import io.fulcrum.avro.ApprovalVerdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/incidents/{id}/approve} and {@code /decline}: checks the bearer token and the
 * request, then publishes an {@link ApprovalDecision} to {@code fulcrum.approvals} and answers 202.
 * Whether the decision counts (the proposal is still pending, it is the first answer) is decided by
 * the remediation step, in order with the pool's windows; this endpoint only accepts it. Pure apart
 * from the sink, so it is tested without Kafka.
 */
public final class ApprovalEndpoint {
  private static final Logger log = LoggerFactory.getLogger(ApprovalEndpoint.class);
  static final int MAX_BODY = 8 * 1024;
  private static final int MAX_BY = 100;
  private static final int MAX_REASON = 1000;
  private final byte[] tokenHash;
  private final boolean approveMode;
  private final Sink sink;
  private final Clock clock;

  /** Where accepted decisions go: the approvals topic, keyed by incident id. */
  public interface Sink {
    /** Blocks until the decision is durably written; throws if it could not be. */
    void send(ApprovalDecision decision) throws Exception;
  }

  /**
   * @param token {@code fulcrum.api.approve-token}; empty disables the endpoints (403)
   * @param approveMode whether {@code fulcrum.remediation.mode=approve}: otherwise nothing reads
   *     the decisions (409)
   */
  public ApprovalEndpoint(String token, boolean approveMode, Sink sink, Clock clock) {
    this.tokenHash = token == null || token.isEmpty() ? null : sha256(token);
    this.approveMode = approveMode;
    this.sink = sink;
    this.clock = clock;
  }

  /** An endpoint that refuses everything: no token configured. */
  public static ApprovalEndpoint disabled() {
    return new ApprovalEndpoint(
        "",
        false,
        d -> {
          throw new IllegalStateException("approvals are disabled");
        },
        Clock.systemUTC());
  }

  /**
   * @param verdict APPROVE or DECLINE (from the path)
   * @param incidentId the path's id, already checked by the router
   * @param authorization the Authorization header, or null
   */
  ApiResponse handle(
      ApprovalVerdict verdict, String incidentId, String authorization, byte[] body) {
    if (tokenHash == null) {
      return ApiResponse.error(403, "approvals are disabled: set fulcrum.api.approve-token");
    }
    String bearer = "Bearer ";
    if (authorization == null
        || !authorization.regionMatches(true, 0, bearer, 0, bearer.length())) {
      return ApiResponse.error(
              401, "missing token: send Authorization: Bearer <fulcrum.api.approve-token>")
          .withHeader("WWW-Authenticate", "Bearer");
    }
    // Hashes have equal length, so the comparison reveals neither the token nor its length.
    if (!MessageDigest.isEqual(
        tokenHash, sha256(authorization.substring(bearer.length()).trim()))) {
      return ApiResponse.error(401, "wrong token")
          .withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    }
    Optional<String> malformed = QueryRouter.checkIncidentId(incidentId);
    if (malformed.isPresent()) {
      return ApiResponse.error(400, malformed.get());
    }
    JsonNode json;
    try {
      json =
          body == null || body.length == 0
              ? JsonSerde.MAPPER.createObjectNode()
              : JsonSerde.MAPPER.readTree(body);
    } catch (IOException e) {
      return ApiResponse.error(
          400, "the body must be JSON like {\"by\": \"alice\", \"reason\": \"...\"}");
    }
    if (json == null || !json.isObject()) {
      return ApiResponse.error(
          400, "the body must be a JSON object like {\"by\": \"alice\", \"reason\": \"...\"}");
    }
    String by = text(json, "by");
    String reason = text(json, "reason");
    if (by == null || by.isBlank() || by.length() > MAX_BY) {
      return ApiResponse.error(
          400,
          "\"by\" is required: who "
              + (verdict == ApprovalVerdict.APPROVE ? "approves" : "declines")
              + " (at most "
              + MAX_BY
              + " characters)");
    }
    if (verdict == ApprovalVerdict.DECLINE && (reason == null || reason.isBlank())) {
      return ApiResponse.error(400, "\"reason\" is required to decline");
    }
    if (reason != null && reason.length() > MAX_REASON) {
      return ApiResponse.error(400, "\"reason\" is longer than " + MAX_REASON + " characters");
    }
    if (!approveMode) {
      return ApiResponse.error(
          409, "nothing awaits approval: fulcrum.remediation.mode is not approve");
    }
    String requestId = UUID.randomUUID().toString();
    ApprovalDecision d =
        ApprovalDecision.newBuilder()
            .setIncidentId(incidentId)
            .setPool(incidentId.substring(0, incidentId.lastIndexOf('@')))
            .setDecision(verdict)
            .setBy(by.strip())
            .setReason(reason == null || reason.isBlank() ? null : reason.strip())
            .setAt(clock.instant())
            .setRequestId(requestId)
            .build();
    try {
      sink.send(d);
    } catch (Exception e) {
      log.warn("could not publish {} of {} (request {})", verdict, incidentId, requestId, e);
      return ApiResponse.unavailable(
          "could not publish the decision, try again: " + e.getClass().getSimpleName(), 5);
    }
    log.info("{} of {} by {} accepted (request {})", verdict, incidentId, d.getBy(), requestId);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", 202);
    m.put("requestId", requestId);
    m.put("incidentId", incidentId);
    m.put("decision", verdict.name());
    m.put(
        "message",
        "accepted: the incident's timeline shows whether it applied (only the first answer to a "
            + "pending proposal counts)");
    return ApiResponse.json(202, m);
  }

  private static String text(JsonNode json, String field) {
    JsonNode n = json.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
