package io.fulcrum.demo;

import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.Scenarios;

/**
 * A story the demo can tell: a friendly name over one of the simulator's {@link Scenarios}.
 *
 * @param name what {@code --scenario} accepts (the scenario's own name is accepted too)
 * @param scenarioName the {@link Scenarios} entry it plays
 * @param story one line for {@code --help} and the view's header
 */
public record DemoScenario(String name, String scenarioName, String story) {
  public Scenario scenario() {
    return Scenarios.byName(scenarioName);
  }

  /** True when the story ends in an automatic rollback; false for an alert without one. */
  public boolean rollsBack() {
    return scenario().expectation().rollbackExpected();
  }
}
