package io.fulcrum.guard;

import io.fulcrum.guard.check.ChangeGuard;
import io.fulcrum.guard.check.CheckReport;
import io.fulcrum.guard.check.GuardSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The config pairs under {@code src/test/resources/pairs/<format>/}: {@code <case>.<ext>} against
 * its current.
 */
public final class Pairs {
  private Pairs() {}

  public static String text(String path) {
    try (InputStream in = Pairs.class.getResourceAsStream("/pairs/" + path)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String ext(LbFormat f) {
    return f == LbFormat.HAPROXY ? ".cfg" : ".conf";
  }

  /**
   * The running config for a case: {@code <case>.current.<ext>} when there is one, else {@code
   * current.<ext>}.
   */
  public static String current(LbFormat f, String name) {
    String own = text(f.id() + "/" + name + ".current" + ext(f));
    return own != null ? own : text(f.id() + "/current" + ext(f));
  }

  public static String candidate(LbFormat f, String name) {
    String t = text(f.id() + "/" + name + ext(f));
    if (t == null) {
      throw new IllegalArgumentException("no pair " + f + "/" + name);
    }
    return t;
  }

  public static CheckReport check(LbFormat f, String name) {
    return new ChangeGuard(GuardSettings.defaultSettings())
        .check(LbConfig.parse(f, current(f, name)), LbConfig.parse(f, candidate(f, name)), null);
  }
}
