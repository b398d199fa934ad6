package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code fulcrum approve} and {@code fulcrum decline} against a stub of the query API. */
class ApprovalCommandsTest {
  private static final String ID = "be_web@2026-03-14T09:02:00Z";
  private final List<String> requests = new ArrayList<>();
  private ApiStub server;
  private String api;
  private int status = 202;
  private String answer = "{\"status\":202,\"requestId\":\"req-7\",\"incidentId\":\"" + ID + "\"}";

  @BeforeEach
  void stub() {
    server =
        ApiStub.start(
            r -> {
              requests.add(r.method() + " " + r.path() + " " + r.authorization() + " " + r.body());
              return new ApiStub.Answer(status, answer);
            });
    api = server.url();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void approvePostsWhoWithTheBearerTokenAndPrintsTheRequestId() {
    CliRun run = CliRun.of("approve", ID, "--by", "alice", "--token", "t0ken", "--api", api);

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(requests)
        .containsExactly(
            "POST /api/v1/incidents/" + ID + "/approve Bearer t0ken {\"by\":\"alice\"}");
    assertThat(run.out()).contains("approve of " + ID + " accepted (request req-7)");
  }

  @Test
  void declineSendsItsReasonAndRequiresOne() {
    CliRun run =
        CliRun.of(
            "decline",
            ID,
            "--by",
            "bob",
            "--reason",
            "v42 is the fix",
            "--token",
            "t",
            "--api",
            api);
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(requests)
        .containsExactly(
            "POST /api/v1/incidents/"
                + ID
                + "/decline Bearer t {\"by\":\"bob\",\"reason\":\"v42 is the fix\"}");

    CliRun missing = CliRun.of("decline", ID, "--token", "t", "--api", api);
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.err()).contains("--reason");
  }

  @Test
  void theApisErrorIsOneReadableLine() {
    status = 401;
    answer = "{\"error\":\"wrong token\",\"status\":401}";

    CliRun run = CliRun.of("approve", ID, "--token", "nope", "--api", api);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo("fulcrum approve: wrong token [HTTP 401]");
  }

  @Test
  void withoutATokenNothingIsSentAndTheMessageSaysWhereItComesFrom() {
    CliRun run = CliRun.of("approve", ID, "--token", "", "--api", api);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("no token: pass --token or set FULCRUM_API_APPROVE_TOKEN");
    assertThat(requests).isEmpty();
  }

  @Test
  void anUnreachableApiIsOneReadableLine() {
    server.close();
    CliRun run = CliRun.of("approve", ID, "--token", "t", "--api", api);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).startsWith("fulcrum approve: cannot reach the query API at " + api);
  }

  @Test
  void bothCommandsHaveHelp() {
    assertThat(CliRun.of("approve", "--help").out())
        .contains("Approve the rollback", "--by", "--token", "--api");
    assertThat(CliRun.of("decline", "--help").out()).contains("Decline the rollback", "--reason");
  }
}
