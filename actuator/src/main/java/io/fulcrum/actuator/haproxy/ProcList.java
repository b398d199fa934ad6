package io.fulcrum.actuator.haproxy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The master CLI's {@code show proc}: the master's pid, its reload and failed-reload counters, and
 * the current workers (old workers still draining are listed separately by HAProxy and left out
 * here).
 */
record ProcList(long masterPid, int reloads, int failedReloads, Set<Long> workers) {
  private static final Pattern FAILED = Pattern.compile("\\[failed:\\s*(\\d+)]");

  static ProcList parse(String text) {
    long master = -1;
    int reloads = 0;
    int failed = 0;
    Set<Long> workers = new LinkedHashSet<>();
    String section = "";
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#")) {
        section = line.startsWith("#<") ? "" : line.substring(1).strip();
        continue;
      }
      String[] f = line.split("\\s+");
      if (f.length < 3) {
        continue;
      }
      if (f[1].equals("master")) {
        master = Long.parseLong(f[0]);
        reloads = Integer.parseInt(f[2]);
        Matcher m = FAILED.matcher(line);
        failed = m.find() ? Integer.parseInt(m.group(1)) : 0;
      } else if (f[1].equals("worker") && section.equals("workers")) {
        workers.add(Long.parseLong(f[0]));
      }
    }
    if (master < 0) {
      throw new IllegalArgumentException(
          "not a 'show proc' answer: " + text.lines().findFirst().orElse("(empty)"));
    }
    return new ProcList(master, reloads, failed, Set.copyOf(workers));
  }

  /** True once a reload that started from {@code before} has a new current worker. */
  boolean reloadedSince(ProcList before) {
    return reloads > before.reloads && workers.stream().anyMatch(w -> !before.workers.contains(w));
  }

  boolean reloadFailedSince(ProcList before) {
    return failedReloads > before.failedReloads;
  }
}
