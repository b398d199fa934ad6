package io.fulcrum.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.avro.ApprovalDecision;
import io.fulcrum.avro.ApprovalVerdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The approve/decline endpoints through the router, with a list standing in for the approvals
 * topic.
 */
class ApprovalEndpointTest {
  private static final String TOKEN = "approve-token-0123";
  private static final String ID = "be_web@2026-03-14T09:02:00Z";
  private static final Instant NOW = Instant.parse("2026-03-14T09:05:00Z");
  private final List<ApprovalDecision> sent = new ArrayList<>();
  private final QueryRouter router = router(TOKEN, true);

  private QueryRouter router(String token, boolean approveMode) {
    return new QueryRouter(
        new NoStores(),
        new ApprovalEndpoint(token, approveMode, sent::add, Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  private ApiResponse post(QueryRouter r, String path, String authorization, String body) {
    return r.route(
        "POST",
        "/api/v1/incidents/" + path,
        null,
        false,
        authorization,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anApprovalWithTheTokenIsPublishedAndAcceptedWithItsRequestId() throws IOException {
    ApiResponse res = post(router, ID + "/approve", "Bearer " + TOKEN, "{\"by\": \"alice\"}");

    assertThat(res.status()).isEqualTo(202);
    JsonNode body = JsonSerde.MAPPER.readTree(res.body());
    assertThat(sent)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getIncidentId()).isEqualTo(ID);
              assertThat(d.getPool()).isEqualTo("be_web");
              assertThat(d.getDecision()).isEqualTo(ApprovalVerdict.APPROVE);
              assertThat(d.getBy()).isEqualTo("alice");
              assertThat(d.getAt()).isEqualTo(NOW);
              assertThat(body.path("requestId").asText()).isEqualTo(d.getRequestId()).isNotBlank();
            });
  }

  @Test
  void aDeclineCarriesItsReasonAndNeedsOne() throws IOException {
    assertError(
        post(router, ID + "/decline", "Bearer " + TOKEN, "{\"by\": \"bob\"}"),
        400,
        "\"reason\" is required to decline");
    ApiResponse res =
        post(
            router,
            ID + "/decline",
            "bearer " + TOKEN,
            "{\"by\": \"bob\", \"reason\": \"not now\"}");
    assertThat(res.status()).isEqualTo(202);
    assertThat(sent)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getDecision()).isEqualTo(ApprovalVerdict.DECLINE);
              assertThat(d.getReason()).isEqualTo("not now");
            });
  }

  @Test
  void withoutATokenOrWithTheWrongOneTheAnswerIs401AndNothingIsPublished() throws IOException {
    ApiResponse none = post(router, ID + "/approve", null, "{\"by\": \"alice\"}");
    assertError(none, 401, "missing token");
    assertThat(none.headers()).containsEntry("WWW-Authenticate", "Bearer");
    assertError(
        post(router, ID + "/approve", "Bearer wrong", "{\"by\": \"alice\"}"), 401, "wrong token");
    assertError(
        post(router, ID + "/approve", "Basic " + TOKEN, "{\"by\": \"alice\"}"),
        401,
        "missing token");
    // Authentication comes first: a stranger learns nothing about ids.
    assertError(post(router, "nonsense/approve", "Bearer wrong", "{}"), 401, "wrong token");
    assertThat(sent).isEmpty();
  }

  @Test
  void withNoTokenConfiguredTheEndpointsAreDisabledWith403() throws IOException {
    assertError(
        post(router("", true), ID + "/approve", "Bearer " + TOKEN, "{\"by\": \"alice\"}"),
        403,
        "approvals are disabled: set fulcrum.api.approve-token");
    assertError(
        post(new QueryRouter(null), ID + "/decline", "Bearer x", "{}"),
        403,
        "approvals are disabled");
    assertThat(sent).isEmpty();
  }

  @Test
  void malformedIdsAndBodiesAre400() throws IOException {
    String auth = "Bearer " + TOKEN;
    assertError(
        post(router, "be_web/approve", auth, "{\"by\": \"alice\"}"), 400, "malformed incident id");
    assertError(
        post(router, "be_web@yesterday/approve", auth, "{\"by\": \"alice\"}"),
        400,
        "malformed incident id");
    assertError(post(router, ID + "/approve", auth, "{by: alice"), 400, "the body must be JSON");
    assertError(post(router, ID + "/approve", auth, "[1]"), 400, "JSON object");
    assertError(post(router, ID + "/approve", auth, "{}"), 400, "\"by\" is required");
    assertError(post(router, ID + "/approve", auth, null), 400, "\"by\" is required");
    assertThat(sent).isEmpty();
  }

  @Test
  void outsideApproveModeAnApprovalIsAConflictNotSilentlyDropped() throws IOException {
    assertError(
        post(router(TOKEN, false), ID + "/approve", "Bearer " + TOKEN, "{\"by\": \"alice\"}"),
        409,
        "fulcrum.remediation.mode is not approve");
    assertThat(sent).isEmpty();
  }

  @Test
  void aFailedPublishIsA503TheClientMayRetry() throws IOException {
    QueryRouter failing =
        new QueryRouter(
            null,
            new ApprovalEndpoint(
                TOKEN,
                true,
                d -> {
                  throw new java.util.concurrent.TimeoutException("broker down");
                },
                Clock.systemUTC()));
    ApiResponse res = post(failing, ID + "/approve", "Bearer " + TOKEN, "{\"by\": \"alice\"}");
    assertError(res, 503, "could not publish the decision");
    assertThat(res.headers()).containsKey("Retry-After");
  }

  @Test
  void otherPostsAreStill405() throws IOException {
    assertError(post(router, ID + "/reopen", "Bearer " + TOKEN, "{}"), 405, "read-only");
  }

  private static void assertError(ApiResponse res, int status, String message) throws IOException {
    assertThat(res.status()).isEqualTo(status);
    JsonNode body = JsonSerde.MAPPER.readTree(res.body());
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(body.path("error").asText()).contains(message);
  }
}
