package io.fulcrum.actuator;

import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.sign.CommandSigner;
import java.time.Instant;
import java.util.Map;

/** Signed commands and matching settings for tests. */
public final class TestCommands {
  public static final String SECRET = "test-secret-0123456789abcdef";
  public static final CommandSigner SIGNER = CommandSigner.of("default", SECRET);
  public static final CommandSigner FORGER =
      CommandSigner.of("default", "not-the-real-secret-at-all!");

  private TestCommands() {}

  /** Issued now: the actuator rejects commands older than fulcrum.actuator.max-command-age. */
  public static RollbackCommand unsigned(String commandId, String pool, String from, String to) {
    return RollbackCommand.newBuilder()
        .setCommandId(commandId)
        .setIncidentId("inc-" + commandId)
        .setPool(pool)
        .setFromVersion(from)
        .setToVersion(to)
        .setReason("all traffic on one server since " + from)
        .setIssuedAt(Instant.now())
        .build();
  }

  public static RollbackCommand signed(String commandId, String pool, String from, String to) {
    return SIGNER.sign(unsigned(commandId, pool, from, to));
  }

  /** Defaults with the test secret, plus {@code overrides}. */
  public static ActuatorSettings settings(Map<String, String> overrides) {
    Map<String, String> all =
        new java.util.HashMap<>(
            Map.of(
                "fulcrum.signing.secret",
                SECRET,
                "fulcrum.actuator.id",
                "test-actuator",
                "fulcrum.actuator.backends",
                "*:mem"));
    all.putAll(overrides);
    return ActuatorSettings.defaultsWith(all);
  }
}
