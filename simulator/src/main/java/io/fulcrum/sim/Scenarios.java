package io.fulcrum.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The named scenarios behind {@code ./fulcrum demo NAME} and the detection scenario tests.
 *
 * <p>Every incident starts after at least two healthy minutes so a baseline of 10 s windows can
 * learn. Server capacity defaults to 2x the even share of the base rate: all traffic on one of four
 * servers is a 2x overload, on two of six a 1.5x one. Scenarios that must not overload (flash
 * crowd, quiet nights) set the capacity the fleet is sized for explicitly.
 *
 * <p>The scenarios themselves are built by family: {@link RollbackScenarios}, {@link
 * QuietScenarios} and {@link AlertOnlyScenarios}; {@link #all()} keeps their catalogue order.
 */
public final class Scenarios {

  static final long MIN = 60_000;
  public static final String WEB = "be_web";
  public static final String API = "be_api";

  private static final List<Scenario> ALL =
      List.of(
          RollbackScenarios.allToOne(),
          RollbackScenarios.typoAnnouncedAsWritten(),
          RollbackScenarios.twoLbsOneBad(),
          RollbackScenarios.wrongPort(),
          RollbackScenarios.latencyOnly(),
          RollbackScenarios.skewTwoOfSix(),
          RollbackScenarios.starvedServers(),
          RollbackScenarios.errorsAfterChange(),
          RollbackScenarios.lowTrafficAllToOne(),
          RollbackScenarios.twoPoolsOneBroken(),
          QuietScenarios.flashCrowd(),
          QuietScenarios.canary(),
          QuietScenarios.drain(),
          QuietScenarios.nightTrickle(),
          QuietScenarios.diurnalRamp(),
          QuietScenarios.harmlessChange(),
          AlertOnlyScenarios.databaseOutage(),
          AlertOnlyScenarios.poolSilent(),
          RollbackScenarios.goodThenBad(),
          RollbackScenarios.skewRamp(),
          QuietScenarios.slowStartScaleOut(),
          QuietScenarios.lbClockSkew());

  private Scenarios() {}

  public static List<Scenario> all() {
    return ALL;
  }

  public static List<String> names() {
    return ALL.stream().map(Scenario::name).collect(Collectors.toList());
  }

  public static Scenario byName(String name) {
    return ALL.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown scenario '" + name + "'; known: " + String.join(", ", names())));
  }

  /** {@code prefix-1 .. prefix-n}. */
  public static List<String> servers(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(prefix + "-" + i);
    }
    return List.copyOf(out);
  }

  /**
   * Round robin over {@code servers} with even weights: the healthy config scenarios start from.
   */
  static PoolConfig healthy(String version, List<String> servers) {
    return PoolConfig.even(version, servers, "roundrobin over " + String.join(",", servers));
  }
}
