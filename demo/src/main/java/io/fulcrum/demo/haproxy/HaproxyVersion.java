package io.fulcrum.demo.haproxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The version {@code haproxy -v} reports, for the view's header. */
final class HaproxyVersion {
  private static final Pattern VERSION = Pattern.compile("version (\\d+\\.\\d+(?:\\.\\d+)?)");

  private HaproxyVersion() {}

  static String of(Path binary) {
    try {
      Process p = new ProcessBuilder(binary.toString(), "-v").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(5, TimeUnit.SECONDS);
      return parse(out);
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  /**
   * "HAProxy version 2.6.12-1+deb12u1 2023/12/16 - ..." gives "2.6.12"; "?" when there is no
   * version.
   */
  static String parse(String versionOutput) {
    Matcher m = VERSION.matcher(versionOutput);
    return m.find() ? m.group(1) : "?";
  }
}
