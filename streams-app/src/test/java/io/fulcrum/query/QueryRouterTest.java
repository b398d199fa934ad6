package io.fulcrum.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryRouterTest {
  private final List<String> calls = new ArrayList<>();
  private final QueryRouter router =
      new QueryRouter(
          new Queries() {
            @Override
            public ApiResponse pools(boolean localOnly) {
              return called("pools local=" + localOnly);
            }

            @Override
            public ApiResponse pool(String pool, boolean forwarded) {
              return called("pool " + pool + " forwarded=" + forwarded);
            }

            @Override
            public ApiResponse windows(String pool, int limit, boolean forwarded) {
              return called("windows " + pool + " " + limit);
            }

            @Override
            public ApiResponse incidents(boolean localOnly) {
              return called("incidents local=" + localOnly);
            }

            @Override
            public ApiResponse incident(String pool, String incidentId, boolean forwarded) {
              return called("incident " + pool + " " + incidentId);
            }

            @Override
            public ApiResponse anomalies(boolean localOnly) {
              return called("anomalies local=" + localOnly);
            }

            @Override
            public ApiResponse changes(String pool) {
              return called("changes " + pool);
            }
          });

  private ApiResponse called(String what) {
    calls.add(what);
    return ApiResponse.ok(List.of());
  }

  @Test
  void routesEachEndpointToItsQuery() {
    router.route("GET", "/api/v1/pools", null, false);
    router.route("GET", "/api/v1/pools/be_web", null, true);
    router.route("GET", "/api/v1/pools/be_web/windows", null, false);
    router.route("GET", "/api/v1/pools/be_web/windows/", "limit=5", false);
    router.route("GET", "/api/v1/incidents", null, false);
    router.route("GET", "/api/v1/incidents/be_web@2026-03-14T09:02:00Z", null, false);
    router.route("GET", "/api/v1/anomalies", null, false);
    router.route("GET", "/api/v1/pools/be_web/changes", null, false);
    assertThat(calls)
        .containsExactly(
            "pools local=false",
            "pool be_web forwarded=true",
            "windows be_web 30",
            "windows be_web 5",
            "incidents local=false",
            "incident be_web be_web@2026-03-14T09:02:00Z",
            "anomalies local=false",
            "changes be_web");
  }

  @Test
  void onlyAnotherInstanceMayAskForTheLocalPartOfAList() {
    router.route("GET", "/api/v1/pools", "scope=local", false);
    router.route("GET", "/api/v1/pools", "scope=local", true);
    assertThat(calls).containsExactly("pools local=false", "pools local=true");
  }

  @Test
  void badRequestsGetJsonErrorsWithoutReachingTheStores() throws IOException {
    assertError(
        router.route("GET", "/api/v1/pools/bad pool", null, false),
        400,
        "malformed pool name: bad pool");
    assertError(
        router.route("GET", "/api/v1/incidents/be_web", null, false), 400, "malformed incident id");
    assertError(
        router.route("GET", "/api/v1/incidents/be_web@yesterday", null, false),
        400,
        "malformed incident id");
    assertError(
        router.route("GET", "/api/v1/pools/be_web/windows", "limit=0", false),
        400,
        "limit must be");
    assertError(
        router.route("GET", "/api/v1/pools/be_web/windows", "limit=361", false),
        400,
        "limit must be");
    assertError(
        router.route("GET", "/api/v1/pools/be_web/servers", null, false), 404, "no such endpoint");
    assertError(
        router.route("GET", "/api/v1/pools/bad pool/changes", null, false),
        400,
        "malformed pool name");
    assertError(router.route("GET", "/metrics", null, false), 404, "no such endpoint");
    ApiResponse post = router.route("POST", "/api/v1/pools", null, false);
    assertError(post, 405, "read-only");
    assertThat(post.headers()).containsEntry("Allow", "GET");
    assertThat(calls).isEmpty();
  }

  @Test
  void theLimitOfWindowsIsWhatTheInstanceKeeps() throws IOException {
    QueryRouter keeps30 = new QueryRouter(new NoStores(), ApprovalEndpoint.disabled(), 30);

    assertError(
        keeps30.route("GET", "/api/v1/pools/be_web/windows", "limit=31", false),
        400,
        "limit must be a number from 1 to 30, got 31");
  }

  private static void assertError(ApiResponse res, int status, String message) throws IOException {
    assertThat(res.status()).isEqualTo(status);
    JsonNode body = JsonSerde.MAPPER.readTree(res.body());
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(body.path("error").asText()).contains(message);
  }
}
