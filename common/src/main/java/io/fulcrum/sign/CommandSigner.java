package io.fulcrum.sign;

import io.fulcrum.avro.RollbackCommand;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies {@link RollbackCommand}s with HMAC-SHA256, so an actuator only acts on
 * commands from a holder of the shared secret. Self-contained (JDK and the generated record only)
 * so the actuator can reuse it.
 *
 * <p>The MAC covers {@link #canonical(RollbackCommand)}: the UTF-8 bytes of
 *
 * <pre>
 * fulcrum-rollback-command/v1\n
 * commandId=&lt;n&gt;:&lt;value&gt;\n   (n = UTF-8 byte length of value; "-" instead of n:value for null)
 * incidentId=... pool=... fromVersion=... toVersion=... reason=...
 * issuedAt=&lt;n&gt;:&lt;epoch ms&gt;\n dryRun=&lt;n&gt;:true|false\n keyId=&lt;n&gt;:&lt;value&gt;\n
 * </pre>
 *
 * Every field but {@code signature} is covered, keyId included, so a command cannot be re-labelled
 * to another key. Length prefixes make the string unambiguous even when a value contains "\n" or
 * "=". A non-Java actuator can rebuild it in a few lines. Mac objects are not thread-safe, so each
 * call creates its own.
 */
public final class CommandSigner {
  public static final String FORMAT = "fulcrum-rollback-command/v1";
  private static final String ALGORITHM = "HmacSHA256";

  /**
   * The outcome of {@link #verify}: {@code reason} says why a command is not trusted ("ok" when it
   * is).
   */
  public record Verdict(boolean ok, String reason) {
    static Verdict accept() {
      return new Verdict(true, "ok");
    }

    static Verdict reject(String reason) {
      return new Verdict(false, reason);
    }
  }

  private final String signingKeyId;
  private final Map<String, byte[]> keys;

  /**
   * @param signingKeyId the key {@link #sign} uses, or null for a verify-only signer
   * @param keys keyId to secret; several during a key rotation
   */
  public CommandSigner(String signingKeyId, Map<String, byte[]> keys) {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    keys.forEach(
        (id, secret) -> {
          if (id == null || id.isBlank() || secret == null || secret.length == 0) {
            throw new IllegalArgumentException(
                "signing keys need a non-blank id and a non-empty secret");
          }
          copy.put(id, secret.clone());
        });
    if (signingKeyId != null && !copy.containsKey(signingKeyId)) {
      throw new IllegalArgumentException("no secret for signing key '" + signingKeyId + "'");
    }
    this.signingKeyId = signingKeyId;
    this.keys = Map.copyOf(copy);
  }

  /** A signer with one key, the usual case. */
  public static CommandSigner of(String keyId, String secret) {
    return new CommandSigner(keyId, Map.of(keyId, secret.getBytes(StandardCharsets.UTF_8)));
  }

  /** A copy of {@code command} with keyId set to the signing key and its signature. */
  public RollbackCommand sign(RollbackCommand command) {
    if (signingKeyId == null) {
      throw new IllegalStateException("this signer only verifies");
    }
    RollbackCommand signed =
        RollbackCommand.newBuilder(command).setKeyId(signingKeyId).setSignature("").build();
    signed.setSignature(
        Base64.getEncoder().encodeToString(mac(keys.get(signingKeyId), canonical(signed))));
    return signed;
  }

  /** Whether {@code command} was signed with one of our keys and not changed since. */
  public Verdict verify(RollbackCommand command) {
    if (command == null) {
      return Verdict.reject("no command");
    }
    String signature = command.getSignature();
    if (signature == null || signature.isEmpty()) {
      return Verdict.reject("command " + command.getCommandId() + " has no signature");
    }
    byte[] secret = command.getKeyId() == null ? null : keys.get(command.getKeyId());
    if (secret == null) {
      return Verdict.reject(
          "command "
              + command.getCommandId()
              + " is signed with unknown keyId '"
              + command.getKeyId()
              + "'");
    }
    byte[] given;
    try {
      given = Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      return Verdict.reject(
          "command " + command.getCommandId() + " has a signature that is not Base64");
    }
    // MessageDigest.isEqual runs in time independent of where the bytes differ.
    if (!MessageDigest.isEqual(given, mac(secret, canonical(command)))) {
      return Verdict.reject(
          "command "
              + command.getCommandId()
              + " failed signature check: a field was changed or it was signed with another secret for keyId '"
              + command.getKeyId()
              + "'");
    }
    return Verdict.accept();
  }

  /** The exact bytes that are signed (see the class comment). */
  public static byte[] canonical(RollbackCommand c) {
    StringBuilder sb = new StringBuilder(256).append(FORMAT).append('\n');
    field(sb, "commandId", c.getCommandId());
    field(sb, "incidentId", c.getIncidentId());
    field(sb, "pool", c.getPool());
    field(sb, "fromVersion", c.getFromVersion());
    field(sb, "toVersion", c.getToVersion());
    field(sb, "reason", c.getReason());
    // Millis: the wire format keeps no more, so a decoded command verifies like the one that was
    // signed.
    field(
        sb,
        "issuedAt",
        c.getIssuedAt() == null ? null : Long.toString(c.getIssuedAt().toEpochMilli()));
    field(sb, "dryRun", Boolean.toString(c.getDryRun()));
    field(sb, "keyId", c.getKeyId());
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void field(StringBuilder sb, String name, String value) {
    sb.append(name).append('=');
    if (value == null) {
      sb.append('-');
    } else {
      sb.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value);
    }
    sb.append('\n');
  }

  private static byte[] mac(byte[] secret, byte[] data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available", e);
    }
  }

  @Override
  public String toString() {
    return "CommandSigner[signingKeyId=" + signingKeyId + ", keyIds=" + keys.keySet() + "]";
  }
}
