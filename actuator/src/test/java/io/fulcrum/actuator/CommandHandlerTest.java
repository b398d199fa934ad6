package io.fulcrum.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.sign.CommandSigner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandHandlerTest {
  private static final String POOL = "be_web";
  private final InMemoryBackend lb = new InMemoryBackend(POOL, "v42", "v41", "v40");
  private final Ledger ledger = new Ledger();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<RemediationResult> journal = new ArrayList<>();
  private Instant now = Instant.parse("2026-03-14T09:06:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  /** A command issued at the test clock's now. */
  private RollbackCommand unsigned(String id, String pool, String from, String to) {
    return RollbackCommand.newBuilder(TestCommands.unsigned(id, pool, from, to))
        .setIssuedAt(now)
        .build();
  }

  private RollbackCommand signed(String id, String pool, String from, String to) {
    return TestCommands.SIGNER.sign(unsigned(id, pool, from, to));
  }

  private CommandHandler handler(Map<String, String> settings) {
    return new CommandHandler(
        TestCommands.settings(settings),
        Map.of("mem", lb),
        ledger,
        new ActuatorMetrics(registry),
        clock);
  }

  private Handled handle(CommandHandler h, RollbackCommand c) {
    Handled out =
        h.handle(
            c,
            now,
            entry -> {
              assertThat(lb.applies)
                  .as("STARTED is journaled before the backend acts")
                  .hasSize(journal.size());
              journal.add(entry);
              ledger.put(entry);
            });
    if (out.ledger()) {
      ledger.put(out.result());
    }
    return out;
  }

  private Handled handle(RollbackCommand c) {
    return handle(handler(Map.of()), c);
  }

  @Test
  void appliesASignedCommandAndReportsVersionsAndTimings() {
    now = now.plusMillis(1);
    Handled h = handle(signed("c1", POOL, "v42", "v41"));

    RemediationResult r = h.result();
    assertThat(r.getOutcome()).isEqualTo(RemediationOutcome.APPLIED);
    assertThat(r.getVersionBefore()).isEqualTo("v42");
    assertThat(r.getVersionAfter()).isEqualTo("v41");
    assertThat(r.getBackend()).isEqualTo("mem");
    assertThat(r.getActuatorId()).isEqualTo("test-actuator");
    assertThat(r.getReceivedAt()).isEqualTo(now);
    assertThat(r.getDurationMs()).isZero();
    assertThat(h.ledger()).isTrue();
    assertThat(h.servers()).containsKeys("web-1", "web-2");
    assertThat(lb.active).containsEntry(POOL, "v41");
    assertThat(journal).singleElement().satisfies(e -> assertThat(Ledger.isStarted(e)).isTrue());
  }

  @Test
  void rejectsForgedUnsignedAndUnknownKeyCommandsWithoutTouchingTheBackend() {
    RollbackCommand good = signed("c1", POOL, "v42", "v41");
    RollbackCommand forged = TestCommands.FORGER.sign(unsigned("c2", POOL, "v42", "v41"));
    RollbackCommand tampered = RollbackCommand.newBuilder(good).setToVersion("v40").build();
    RollbackCommand unsigned = unsigned("c3", POOL, "v42", "v41");
    RollbackCommand otherKey =
        CommandSigner.of("other", TestCommands.SECRET).sign(unsigned("c4", POOL, "v42", "v41"));

    for (RollbackCommand c : List.of(forged, tampered, unsigned, otherKey)) {
      Handled h = handle(c);
      assertThat(h.result().getOutcome()).isEqualTo(RemediationOutcome.REJECTED);
      assertThat(h.result().getReason()).isNotBlank();
      assertThat(h.ledger()).as("a forged id must not block the genuine command").isFalse();
    }
    assertThat(lb.applies).isEmpty();
    assertThat(registry.counter("fulcrum.actuator.signatures.rejected").count()).isEqualTo(4.0);
    assertThat(handle(good).result().getOutcome()).isEqualTo(RemediationOutcome.APPLIED);
  }

  @Test
  void aForgedCommandCannotForgeLogLinesThroughItsId() {
    RollbackCommand forged =
        TestCommands.FORGER.sign(unsigned("c1\n12:00:00 INFO applied", POOL, "v42", "v41"));

    assertThat(handle(forged).result().getReason()).doesNotContain("\n").contains("c1?12:00:00");
  }

  @Test
  void acceptsCommandsSignedWithThePreviousKeyDuringRotation() {
    CommandHandler h =
        handler(
            Map.of(
                "fulcrum.signing.key-id",
                "k2",
                "fulcrum.signing.secret",
                "a-brand-new-secret-0123",
                "fulcrum.signing.previous-key-id",
                "default",
                "fulcrum.signing.previous-secret",
                TestCommands.SECRET));

    assertThat(handle(h, signed("c1", POOL, "v42", "v41")).result().getOutcome())
        .isEqualTo(RemediationOutcome.APPLIED);
  }

  @Test
  void aCommandDoneBeforeIsNotAppliedAgainAndItsResultIsRepeated() {
    RollbackCommand c = signed("c1", POOL, "v42", "v41");
    RemediationResult first = handle(c).result();
    lb.active.put(
        POOL, "v42"); // someone redeployed the bad version meanwhile: still no second apply

    Handled again = handle(c);

    assertThat(again.duplicate()).isTrue();
    assertThat(again.result()).isEqualTo(first);
    assertThat(lb.applies).hasSize(1);
    assertThat(registry.counter("fulcrum.actuator.commands.duplicate").count()).isEqualTo(1.0);
  }

  @Test
  void anInterruptedApplyThatReachedTheTargetIsReportedAsAlreadyActive() {
    RollbackCommand c = signed("c1", POOL, "v42", "v41");
    ledger.put(startedEntry(c));
    lb.active.put(POOL, "v41");

    Handled h = handle(c);

    assertThat(h.result().getOutcome()).isEqualTo(RemediationOutcome.NOOP_ALREADY_ACTIVE);
    assertThat(lb.applies).isEmpty();
  }

  @Test
  void anInterruptedApplyIsNeverRetried() {
    RollbackCommand c = signed("c1", POOL, "v42", "v41");
    ledger.put(startedEntry(c));

    Handled h = handle(c);

    assertThat(h.result().getOutcome()).isEqualTo(RemediationOutcome.FAILED);
    assertThat(h.result().getReason()).contains("interrupted", "at most once");
    assertThat(lb.applies).isEmpty();
  }

  @Test
  void anInterruptedApplyWhoseTargetIsActiveButNotServedFails() {
    RollbackCommand c = signed("c1", POOL, "v42", "v41");
    ledger.put(startedEntry(c));
    lb.active.put(POOL, "v41");
    lb.notServing = "web-2 runs at 127.0.0.1:1, the config says 127.0.0.1:2";

    Handled h = handle(c);

    assertThat(h.result().getOutcome()).isEqualTo(RemediationOutcome.FAILED);
    assertThat(h.result().getReason()).contains("not served", "web-2 runs at");
  }

  @Test
  void aPoolAlreadyAtTheTargetIsANoop() {
    lb.active.put(POOL, "v41");

    Handled h = handle(signed("c1", POOL, "v42", "v41"));

    assertThat(h.result().getOutcome()).isEqualTo(RemediationOutcome.NOOP_ALREADY_ACTIVE);
    assertThat(h.result().getVersionBefore()).isEqualTo("v41");
    assertThat(lb.applies).isEmpty();
  }

  @Test
  void dryRunGlobalOrPerCommandOnlyReports() {
    RollbackCommand perCommand =
        RollbackCommand.newBuilder(unsigned("c1", POOL, "v42", "v41")).setDryRun(true).build();

    Handled a = handle(TestCommands.SIGNER.sign(perCommand));
    Handled b =
        handle(
            handler(Map.of("fulcrum.actuator.dry-run", "true")), signed("c2", POOL, "v42", "v41"));

    for (Handled h : List.of(a, b)) {
      assertThat(h.result().getOutcome()).isEqualTo(RemediationOutcome.DRY_RUN);
      assertThat(h.result().getReason()).contains("would switch be_web from v42 to v41");
    }
    assertThat(lb.applies).isEmpty();
    assertThat(lb.active).containsEntry(POOL, "v42");
  }

  @Test
  void rejectsBadNamesBeforeAskingTheBackend() {
    for (String[] names :
        new String[][] {
          {"../etc", "v41"}, {POOL, "../../passwd"}, {POOL, "v41;reboot"}, {"a b", "v1"}
        }) {
      Handled h = handle(signed("c-" + names[0] + names[1], names[0], "v42", names[1]));
      assertThat(h.result().getOutcome()).isEqualTo(RemediationOutcome.REJECTED);
      assertThat(h.result().getReason()).contains("not a valid name").doesNotContain("\n");
    }
    assertThat(lb.applies).isEmpty();
  }

  @Test
  void rejectsAVersionTheStoreDoesNotHave() {
    Handled h = handle(signed("c1", POOL, "v42", "v39"));

    assertThat(h.result().getOutcome()).isEqualTo(RemediationOutcome.REJECTED);
    assertThat(h.result().getReason()).contains("v39", "not in the mem store");
  }

  @Test
  void rejectsAPoolWithoutABackend() {
    Handled h =
        handle(
            handler(Map.of("fulcrum.actuator.backends", "be_web:mem")),
            signed("c1", "be_api", "v42", "v41"));

    assertThat(h.result().getOutcome()).isEqualTo(RemediationOutcome.REJECTED);
    assertThat(h.result().getReason()).contains("no backend for pool be_api");
  }

  @Test
  void limitsAppliesPerPoolPerHour() {
    CommandHandler h = handler(Map.of("fulcrum.actuator.max-per-hour", "2"));
    lb.versions.add("v43");
    String[] versions = {"v42", "v41", "v42", "v41"};
    List<RemediationOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      now = now.plus(Duration.ofMinutes(1));
      outcomes.add(
          handle(h, signed("c" + i, POOL, versions[i], versions[i + 1])).result().getOutcome());
    }
    now = now.plus(Duration.ofMinutes(59));
    outcomes.add(handle(h, signed("c9", POOL, "v42", "v41")).result().getOutcome());

    assertThat(outcomes)
        .containsExactly(
            RemediationOutcome.APPLIED,
            RemediationOutcome.APPLIED,
            RemediationOutcome.REJECTED,
            RemediationOutcome.APPLIED);
    assertThat(lb.applies).hasSize(3);
  }

  @Test
  void rejectsACommandOlderThanTheMaxCommandAgeWithoutTouchingTheLb() {
    Handled h = handle(issuedMinutesAgo("c1", 6));
    assertThat(h.result().getOutcome()).isEqualTo(RemediationOutcome.REJECTED);
    assertThat(h.result().getReason())
        .contains("issued 360 s ago", "fulcrum.actuator.max-command-age=PT5M");
    assertThat(lb.applies).isEmpty();

    Handled recent =
        handle(
            handler(Map.of("fulcrum.actuator.max-command-age", "10m")), issuedMinutesAgo("c2", 6));
    assertThat(recent.result().getOutcome())
        .as("within a longer max age")
        .isEqualTo(RemediationOutcome.APPLIED);
  }

  private RollbackCommand issuedMinutesAgo(String id, int minutes) {
    return TestCommands.SIGNER.sign(
        RollbackCommand.newBuilder(unsigned(id, POOL, "v42", "v41"))
            .setIssuedAt(now.minus(Duration.ofMinutes(minutes)))
            .build());
  }

  @Test
  void rejectsACommandWhenThePoolHasMovedOnFromTheBlamedVersion() {
    Handled h =
        handle(signed("c1", POOL, "v40", "v41")); // the LB is at v42: someone deployed since
    assertThat(h.result().getOutcome()).isEqualTo(RemediationOutcome.REJECTED);
    assertThat(h.result().getReason())
        .contains("be_web is at v42, not at v40, the version the incident blamed");
    assertThat(lb.applies).isEmpty();
  }

  @Test
  void aBackendFailureIsReportedWithItsReason() {
    lb.failWith = "v41 does not validate: unknown keyword 'bogus'";

    Handled h = handle(signed("c1", POOL, "v42", "v41"));

    assertThat(h.result().getOutcome()).isEqualTo(RemediationOutcome.FAILED);
    assertThat(h.result().getReason()).isEqualTo(lb.failWith);
    assertThat(h.result().getVersionAfter()).isEqualTo("v42");
    assertThat(
            registry
                .timer("fulcrum.actuator.apply.duration", "backend", "mem", "outcome", "FAILED")
                .count())
        .isEqualTo(1);
  }

  private RemediationResult startedEntry(RollbackCommand c) {
    return RemediationResult.newBuilder()
        .setCommandId(c.getCommandId())
        .setIncidentId(c.getIncidentId())
        .setPool(c.getPool())
        .setOutcome(RemediationOutcome.UNKNOWN)
        .setBackend("mem")
        .setRequestedVersion(c.getToVersion())
        .setVersionBefore("v42")
        .setReceivedAt(now)
        .setFinishedAt(now)
        .setDurationMs(0)
        .setActuatorId("crashed-one")
        .build();
  }
}
