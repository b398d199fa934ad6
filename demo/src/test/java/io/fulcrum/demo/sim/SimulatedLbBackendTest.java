package io.fulcrum.demo.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.actuator.backend.ApplyReport;
import io.fulcrum.actuator.backend.ApplyRequest;
import io.fulcrum.actuator.backend.BackendException;
import io.fulcrum.sim.Scenarios;
import io.fulcrum.sim.SimConfigChange;
import io.fulcrum.sim.SimRun;
import org.junit.jupiter.api.Test;

class SimulatedLbBackendTest {
  final SimRun run = Scenarios.byName("all-to-one").events(0, 1);
  final SimulatedLbBackend backend = new SimulatedLbBackend(run.loadBalancer());

  @Test
  void applySwitchesTheSimulatedRoutingAndReportsTheDeclaredWeights() throws BackendException {
    run.loadBalancer().activate("be_web", "v42", 1000);
    assertThat(backend.activeVersion("be_web")).isEqualTo("v42");

    ApplyReport r = backend.apply(new ApplyRequest("c1", "i1", "be_web", "v42", "v41", "rollback"));

    assertThat(r.versionBefore()).isEqualTo("v42");
    assertThat(r.versionAfter()).isEqualTo("v41");
    assertThat(r.servers()).containsOnlyKeys("web-1", "web-2", "web-3", "web-4");
    assertThat(backend.activeVersion("be_web")).isEqualTo("v41");
  }

  @Test
  void theSimulatorsAnnouncementOfAnAppliedVersionIsRecognisedOnce() throws BackendException {
    backend.apply(new ApplyRequest("c1", "i1", "be_web", "v41", "v42", "test"));
    SimConfigChange own = run.loadBalancer().drainConfigChanges().get(0);
    assertThat(backend.isOwnActivation(own)).isTrue();
    assertThat(backend.isOwnActivation(own)).isFalse();
    assertThat(backend.isOwnActivation(new SimConfigChange(0, "be_web", "v41", null, "")))
        .isFalse();
  }

  @Test
  void unknownVersionsAndPoolsAreRefusedWithAReason() {
    assertThat(backend.hasVersion("be_web", "v41")).isTrue();
    assertThat(backend.hasVersion("be_web", "v99")).isFalse();
    assertThat(backend.hasVersion("be_api", "v41")).isFalse();
    assertThatThrownBy(
            () -> backend.apply(new ApplyRequest("c1", "i1", "be_web", "v41", "v99", "x")))
        .isInstanceOf(BackendException.class)
        .hasMessage("the simulated load balancer has no version v99 of be_web");
    assertThatThrownBy(() -> backend.activeVersion("be_api")).isInstanceOf(BackendException.class);
  }
}
