package io.fulcrum.demo;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The stories {@code ./fulcrum demo --scenario NAME} knows. All have constant traffic, so they can
 * be retimed.
 */
public final class DemoScenarios {
  public static final String DEFAULT = "postmortem";

  private static final List<DemoScenario> ALL =
      List.of(
          new DemoScenario(
              DEFAULT,
              "all-to-one",
              "the postmortems: config v42's pool typo sends all traffic to web-1, "
                  + "which overloads into 503s; rolled back to v41"),
          new DemoScenario(
              "uneven-skew",
              "skew-two-of-six",
              "v42 routes six servers' traffic to two of them "
                  + "(1.5x overload); rolled back to v41"),
          new DemoScenario(
              "starved-servers",
              "starved-servers",
              "v42 mistypes two of five server addresses: they "
                  + "get nothing; rolled back to v41"),
          new DemoScenario(
              "errors-after-change",
              "errors-after-change",
              "v42 makes every server answer ~30% 502s, "
                  + "evenly spread: an error spike after a change; rolled back to v41"),
          new DemoScenario(
              "database-outage",
              "database-outage",
              "40% 500s with no config change (a database outage): " + "alert only, no rollback"));

  private DemoScenarios() {}

  public static List<DemoScenario> all() {
    return ALL;
  }

  /** By friendly name or by the simulator's scenario name. */
  public static DemoScenario byName(String name) {
    String n = name == null ? "" : name.trim();
    return ALL.stream()
        .filter(s -> s.name().equals(n) || s.scenarioName().equals(n))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("unknown scenario '" + n + "'; known: " + names()));
  }

  public static String names() {
    return ALL.stream().map(DemoScenario::name).collect(Collectors.joining(", "));
  }
}
