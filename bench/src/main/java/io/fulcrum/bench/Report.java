package io.fulcrum.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's one table: rows as they are measured, printed as Markdown and appended to a file.
 */
final class Report {
  /** One figure: what was measured, its value, and the target or a note. */
  record Row(String phase, String metric, String value, String note) {}

  private final List<Row> rows = new ArrayList<>();

  void add(String phase, String metric, String value, String note) {
    rows.add(new Row(phase, metric, value, note == null ? "" : note));
  }

  List<Row> rows() {
    return List.copyOf(rows);
  }

  String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("| phase | metric | value | target / note |\n|---|---|---|---|\n");
    for (Row r : rows) {
      sb.append("| ")
          .append(r.phase())
          .append(" | ")
          .append(r.metric())
          .append(" | ")
          .append(r.value())
          .append(" | ")
          .append(r.note().replace("|", "\\|"))
          .append(" |\n");
    }
    return sb.toString();
  }

  /** A dated section: machine facts, the exact command, the conditions, then the table. */
  String section(String command, String conditions) {
    Runtime rt = Runtime.getRuntime();
    String load =
        String.format(
            Locale.ROOT,
            "%.2f",
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return "\n## Run of "
        + Instant.now().truncatedTo(ChronoUnit.SECONDS)
        + "\n\n"
        + "- machine: "
        + rt.availableProcessors()
        + " cores, "
        + gib(physicalMemory())
        + " GiB memory, "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + " "
        + System.getProperty("os.arch")
        + "\n"
        + "- JVM: "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.runtime.version")
        + ", max heap "
        + gib(rt.maxMemory())
        + " GiB\n"
        + "- load average at the end: "
        + load
        + "\n"
        + "- conditions: "
        + conditions
        + "\n"
        + "- command: `"
        + command
        + "`\n\n"
        + table();
  }

  void append(Path file, String section) throws IOException {
    if (!Files.exists(file)) {
      Files.writeString(
          file,
          "# Benchmarks\n\nAppended by `./fulcrum bench` (see docs/benchmarks.md). "
              + "Compare ratios taken in the same run: absolute figures drift with the machine and its load.\n",
          StandardCharsets.UTF_8);
    }
    Files.writeString(file, section, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  private static long physicalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return -1;
  }

  private static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024 * 1024));
  }

  static String rate(double perSecond) {
    if (Double.isNaN(perSecond)) {
      return "n/a";
    }
    return perSecond >= 1e6
        ? String.format(Locale.ROOT, "%.2f M/s", perSecond / 1e6)
        : String.format(Locale.ROOT, "%.0f k/s", perSecond / 1e3);
  }

  static String ratio(double r) {
    return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2f×", r);
  }

  static String bytes(double b) {
    if (b >= 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", b / (1024 * 1024));
    }
    return b >= 1024
        ? String.format(Locale.ROOT, "%.1f KiB", b / 1024)
        : String.format(Locale.ROOT, "%.0f B", b);
  }
}
