package io.fulcrum.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fulcrum.actuator.backend.ApplyReport;
import io.fulcrum.actuator.backend.ApplyRequest;
import io.fulcrum.actuator.backend.Backend;
import io.fulcrum.actuator.backend.BackendException;
import io.fulcrum.avro.RemediationOutcome;
import io.fulcrum.avro.RemediationResult;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.testkit.KafkaClusterExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The actuator dies between the backend's apply and the transaction that publishes the result and
 * commits the command's offset. The restarted actuator gets the command again and must not apply it
 * a second time.
 */
class CrashRecoveryIT {
  @RegisterExtension static final KafkaClusterExtension kafka = new KafkaClusterExtension();

  /** Stands for a kill: an Error no layer of the actuator handles, so nothing after it runs. */
  static final class SimulatedCrash extends Error {
    SimulatedCrash() {
      super("simulated crash");
    }
  }

  /** Delegates to a real backend and crashes right after (or instead of) its apply. */
  record CrashingBackend(Backend delegate, boolean applyFirst) implements Backend {
    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public String activeVersion(String pool) throws BackendException {
      return delegate.activeVersion(pool);
    }

    @Override
    public boolean hasVersion(String pool, String version) throws BackendException {
      return delegate.hasVersion(pool, version);
    }

    @Override
    public ApplyReport apply(ApplyRequest request) throws BackendException {
      if (applyFirst) {
        delegate.apply(request);
      }
      throw new SimulatedCrash();
    }
  }

  private ActuatorKafkaFixture fx;
  private ActuatorSettings settings;
  private final InMemoryBackend lb = new InMemoryBackend("be_web", "v42", "v41");
  private final RollbackCommand command = TestCommands.signed("cmd-crash", "be_web", "v42", "v41");

  @BeforeEach
  void topics() {
    fx = new ActuatorKafkaFixture(kafka);
    settings = fx.settings(Map.of("fulcrum.actuator.backends", "be_web:mem"));
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private void crashOnce(boolean applyFirst) throws InterruptedException {
    ActuatorService first =
        fx.start(
            settings,
            Map.of("mem", new CrashingBackend(lb, applyFirst)),
            new SimpleMeterRegistry());
    fx.publish(command);
    await().atMost(Duration.ofSeconds(60)).until(() -> !first.isRunning());
    assertThat(first.failure()).containsInstanceOf(SimulatedCrash.class);
  }

  @Test
  void aCommandAppliedJustBeforeACrashIsNotAppliedAgainAfterRestart() throws Exception {
    crashOnce(true);
    assertThat(lb.applies).hasSize(1);
    assertThat(lb.active).containsEntry("be_web", "v41");

    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    fx.start(settings, Map.of("mem", lb), meters);
    RemediationResult result = fx.awaitResult(1);

    assertThat(result.getOutcome()).isEqualTo(RemediationOutcome.NOOP_ALREADY_ACTIVE);
    assertThat(result.getCommandId()).isEqualTo("cmd-crash");
    assertThat(lb.applies).as("applied once, before the crash").hasSize(1);

    fx.publish(command);
    assertThat(fx.awaitResult(2)).isEqualTo(result);
    assertThat(fx.results).as("the crashed attempt published nothing").hasSize(2);
    assertThat(lb.applies).hasSize(1);
    assertThat(meters.counter("fulcrum.actuator.commands.duplicate").count()).isEqualTo(1);
  }

  @Test
  void aCrashInTheMiddleOfAnApplyIsReportedAndNotRetried() throws Exception {
    crashOnce(false);

    fx.start(settings, Map.of("mem", lb), new SimpleMeterRegistry());
    RemediationResult result = fx.awaitResult(1);

    assertThat(result.getOutcome()).isEqualTo(RemediationOutcome.FAILED);
    assertThat(result.getReason())
        .contains("interrupted", "be_web is at v42, not v41", "at most once");
    assertThat(lb.applies).isEmpty();
    assertThat(lb.active).containsEntry("be_web", "v42");
  }
}
