package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code fulcrum status} against a stub of the query API. */
class StatusCommandTest {
  private static final String WINDOW =
      """
      {"pool":"be_web","windowStart":"2026-03-14T09:02:00Z","windowEnd":"2026-03-14T09:02:10Z","totalCount":400,
       "totalErrors5xx":12,"noServerCount":0,"configVersion":"v42","expectedSource":"DECLARED","healthy":false,
       "servers":[{"server":"web-1","count":396,"errors5xx":12,"share":0.99,"expectedShare":0.25,"p95Ms":870,
                   "baselineP95Ms":40,"baselineErrorRate":0.001},
                  {"server":"web-2","count":4,"errors5xx":0,"share":0.01,"expectedShare":0.25,"p95Ms":35,
                   "baselineP95Ms":38,"baselineErrorRate":0.0}]}""";
  private static final Map<String, String> BODIES =
      Map.of(
          "/api/v1/pools",
              "{\"pools\":[{\"pool\":\"be_web\",\"window\":"
                  + WINDOW
                  + ",\"openIncident\":{\"incidentId\":"
                  + "\"be_web@2026-03-14T09:02:00Z\",\"state\":\"ROLLBACK_ISSUED\"},\"activeAnomalies\":[]}]}",
          "/api/v1/pools/be_web/windows", "{\"pool\":\"be_web\",\"windows\":[" + WINDOW + "]}");
  private ApiStub server;
  private String api;

  @BeforeEach
  void stub() {
    server =
        ApiStub.start(
            r -> {
              String body = BODIES.get(r.path());
              return body == null
                  ? new ApiStub.Answer(404, "{\"error\":\"unknown pool: nope\",\"status\":404}")
                  : new ApiStub.Answer(200, body);
            });
    api = server.url();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void printsOneLinePerPoolWithTopServerAgainstExpectedAndTheOpenIncident() {
    CliRun run = CliRun.of("status", "--api", api);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "POOL",
            "be_web",
            "2026-03-14 09:02:10",
            "400",
            "12",
            "web-1 99.0% (25.0%)",
            "INCIDENT ROLLBACK_ISSUED be_web@2026-03-14T09:02:00Z");
  }

  @Test
  void showsOnePoolsWindowsServerByServerWithP95AgainstBaseline() {
    CliRun run = CliRun.of("status", "--api", api, "--pool", "be_web");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "Pool be_web", "400 requests, 12 5xx, config v42", "web-1", "99.0%", "870ms", "40ms");
  }

  @Test
  void jsonPrintsTheApiAnswerAsItCame() {
    CliRun run = CliRun.of("status", "--api", api, "--json");
    assertThat(run.out().trim()).isEqualTo(BODIES.get("/api/v1/pools"));
  }

  @Test
  void anApiErrorIsOneReadableLineAndExitOne() {
    CliRun run = CliRun.of("status", "--api", api, "--pool", "nope");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains("fulcrum status: unknown pool: nope [HTTP 404]")
        .doesNotContain("Exception");
  }

  @Test
  void anUnreachableApiSaysWhereItLooked() {
    server.close();
    CliRun run = CliRun.of("status", "--api", api);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach the query API at " + api).doesNotContain("\tat ");
  }

  @Test
  void findsTheApiFromTheAppsConfigFileWithoutItsSecret(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
    java.nio.file.Path file = dir.resolve("fulcrum.properties");
    java.nio.file.Files.writeString(file, "fulcrum.api.port=" + server.port() + "\n");
    CliRun run = CliRun.of("status", "--config", file.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("be_web");
  }

  @Test
  void helpDescribesTheCommand() {
    CliRun run = CliRun.of("status", "--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("--api", "--pool", "--json");
  }
}
