package io.fulcrum.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;

/** The query API's JSON as terminal tables for {@code fulcrum status}. */
final class StatusFormat {
  private StatusFormat() {}

  /** One line a pool: latest window, top server's share against expected, 5xx, and its state. */
  static void pools(JsonNode doc, PrintWriter out) {
    JsonNode pools = doc.path("pools");
    if (pools.isEmpty()) {
      out.println("No pools yet: no window has closed on any instance.");
      return;
    }
    out.printf(
        "%-20s %-20s %8s %6s  %-28s %s%n",
        "POOL", "WINDOW END", "REQS", "5XX", "TOP SERVER (EXPECTED)", "STATE");
    for (JsonNode p : pools) {
      JsonNode w = p.path("window");
      out.printf(
          "%-20s %-20s %8d %6d  %-28s %s%n",
          p.path("pool").asText(),
          time(w.path("windowEnd")),
          w.path("totalCount").asLong(),
          w.path("totalErrors5xx").asLong(),
          topServer(w),
          state(p));
    }
  }

  /** A pool's windows, newest first, each with its servers. */
  static void windows(JsonNode doc, PrintWriter out) {
    out.println("Pool " + doc.path("pool").asText() + ", newest window first:");
    for (JsonNode w : doc.path("windows")) {
      out.printf(
          "%n%s  %d requests, %d 5xx, config %s, %s%n",
          time(w.path("windowStart")),
          w.path("totalCount").asLong(),
          w.path("totalErrors5xx").asLong(),
          w.path("configVersion").asText("?"),
          w.path("healthy").asBoolean()
              ? "healthy"
              : "not healthy (anomalous or too little traffic)");
      out.printf(
          "  %-20s %7s %9s %6s %8s %9s%n", "SERVER", "SHARE", "EXPECTED", "5XX", "P95", "BASE P95");
      for (JsonNode s : w.path("servers")) {
        out.printf(
            "  %-20s %7s %9s %6d %8s %9s%n",
            s.path("server").asText(),
            pct(s.path("share")),
            pct(s.path("expectedShare")),
            s.path("errors5xx").asLong(),
            ms(s.path("p95Ms")),
            ms(s.path("baselineP95Ms")));
      }
    }
  }

  private static String topServer(JsonNode w) {
    JsonNode top = null;
    for (JsonNode s : w.path("servers")) {
      if (top == null || s.path("share").asDouble() > top.path("share").asDouble()) {
        top = s;
      }
    }
    return top == null
        ? "-"
        : top.path("server").asText()
            + " "
            + pct(top.path("share"))
            + " ("
            + pct(top.path("expectedShare"))
            + ")";
  }

  /** The open incident if any, else active anomalies, else the window's health. */
  private static String state(JsonNode p) {
    JsonNode inc = p.path("openIncident");
    if (!inc.isMissingNode() && !inc.isNull()) {
      return "INCIDENT " + inc.path("state").asText() + " " + inc.path("incidentId").asText();
    }
    JsonNode anomalies = p.path("activeAnomalies");
    if (anomalies.size() > 0) {
      StringBuilder kinds = new StringBuilder("ANOMALY");
      anomalies.forEach(a -> kinds.append(' ').append(a.path("kind").asText()));
      return kinds.toString();
    }
    return p.path("window").path("healthy").asBoolean() ? "healthy" : "ok (not judged healthy)";
  }

  private static String pct(JsonNode n) {
    return n.isNumber() ? String.format(Locale.ROOT, "%.1f%%", 100 * n.asDouble()) : "-";
  }

  private static String ms(JsonNode n) {
    return n.isNumber() ? n.asInt() + "ms" : "-";
  }

  private static String time(JsonNode n) {
    String t = n.asText("-");
    return t.length() > 19 ? t.substring(0, 19).replace('T', ' ') : t;
  }
}
