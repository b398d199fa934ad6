package io.fulcrum.actuator.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the announcements of config changes share: content hashes and weights as {@code
 * LbConfigChange} wants them.
 */
public final class ConfigChanges {
  /** Author of a change the watcher found on disk that nobody announced. */
  public static final String DETECTED = "detected";

  /**
   * Author of a change the audit found in HAProxy's runtime state (and of the return to the file's
   * weights).
   */
  public static final String RUNTIME = "runtime";

  private ConfigChanges() {}

  /** SHA-256 of the bytes, lower-case hex. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** SHA-256 of a file's content (through symlinks), or null when it cannot be read. */
  public static String fileHash(Path file) {
    try {
      return sha256(Files.readAllBytes(file));
    } catch (IOException e) {
      return null;
    }
  }

  /** The first 8 hex digits: enough to tell versions of one pool apart in a version name. */
  public static String shortHash(String sha256) {
    return sha256.substring(0, 8);
  }

  public static Map<String, Double> weights(Map<String, Integer> ints) {
    Map<String, Double> m = new LinkedHashMap<>();
    ints.forEach((k, v) -> m.put(k, v.doubleValue()));
    return m;
  }
}
