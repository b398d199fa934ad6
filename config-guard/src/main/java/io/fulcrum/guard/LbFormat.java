package io.fulcrum.guard;

import java.nio.file.Path;
import java.util.Locale;

/** The load balancers whose configs the guard reads. */
public enum LbFormat {
  HAPROXY("haproxy"),
  NGINX("nginx");

  private final String id;

  LbFormat(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** {@code haproxy} or {@code nginx}, any case. */
  public static LbFormat parse(String s) {
    for (LbFormat f : values()) {
      if (f.id.equals(s.trim().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException("'" + s + "' is not a config format (haproxy or nginx)");
  }

  /**
   * Guessed from the file name as the config stores name them ({@code .cfg} HAProxy, {@code .conf}
   * nginx), else from the content: a {@code backend}/{@code frontend}/{@code listen} line means
   * HAProxy, braces mean nginx. Null when neither tells.
   */
  public static LbFormat guess(Path file, String content) {
    String name = file.getFileName().toString();
    if (name.endsWith(".cfg") || name.contains("haproxy")) {
      return HAPROXY;
    }
    if (name.endsWith(".conf") || name.contains("nginx")) {
      return NGINX;
    }
    if (content.lines().anyMatch(l -> l.strip().matches("(backend|frontend|listen)\\s+\\S+.*"))) {
      return HAPROXY;
    }
    return content.contains("{") ? NGINX : null;
  }

  @Override
  public String toString() {
    return id;
  }
}
