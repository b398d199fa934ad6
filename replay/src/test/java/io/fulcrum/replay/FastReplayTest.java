package io.fulcrum.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.app.DeadLetterHandler;
import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.Incident;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.PoolWindow;
import io.fulcrum.avro.RollbackCommand;
import io.fulcrum.sim.HaproxyLogFormatter;
import io.fulcrum.sim.NginxLogFormatter;
import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.Scenarios;
import io.fulcrum.sim.SimConfigChange;
import io.fulcrum.sim.SimEvent;
import io.fulcrum.sim.SimRequest;
import io.fulcrum.sim.SimRun;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fast replay must be the topology, only faster: same windows, anomalies and dead letters as
 * the driver.
 */
class FastReplayTest {
  private static final long START = 1_781_000_000_000L;

  /** Everything a replay emits, in emission order. */
  private record Outputs(
      List<PoolWindow> windows,
      List<AnomalyEvent> anomalies,
      List<String> deadLetters,
      List<RollbackCommand> commands,
      List<Incident> incidents) {}

  @ParameterizedTest(name = "{0} as {1} lines, seed {2}")
  @CsvSource({
    "all-to-one, haproxy, 1",
    "two-pools-one-broken, haproxy, 2",
    "good-then-bad, nginx, 3",
    "pool-silent, haproxy, 4",
    "night-trickle, nginx, 5"
  })
  void emitsExactlyWhatTheDriverEmitsOnTheSameLog(String scenario, String format, long seed) {
    Scenario s = Scenarios.byName(scenario);
    List<String> log = new ArrayList<>();
    List<LbConfigChange> changes = new ArrayList<>();
    render(s.events(START, seed), format, log, changes);
    // Malformed lines must be dead-lettered the same way, without disturbing the rest.
    log.add(log.size() / 3, "this is not an access log line");
    log.add(log.size() / 2, "");

    Outputs slow = viaDriver(log, changes);
    Outputs fast = viaFastReplay(log, changes);

    assertThat(slow.windows()).as("the scenario produces windows at all").hasSizeGreaterThan(20);
    assertThat(slow.deadLetters()).hasSize(2);
    assertThat(slow.commands().isEmpty())
        .as("rollback commands")
        .isEqualTo(!s.expectation().rollbackExpected());
    assertThat(fast.windows()).isEqualTo(slow.windows());
    assertThat(fast.anomalies()).isEqualTo(slow.anomalies());
    assertThat(fast.deadLetters()).isEqualTo(slow.deadLetters());
    assertThat(fast.commands()).isEqualTo(slow.commands());
    assertThat(fast.incidents()).isEqualTo(slow.incidents());
  }

  private static void render(
      SimRun run, String format, List<String> log, List<LbConfigChange> changes) {
    HaproxyLogFormatter haproxy = new HaproxyLogFormatter();
    NginxLogFormatter nginx = new NginxLogFormatter(run.scenario().servers());
    boolean isNginx = format.equals("nginx");
    while (run.hasNext()) {
      SimEvent e = run.next();
      if (e instanceof SimConfigChange c) {
        // nginx logs name servers by $upstream_addr, so declared weights must use those names too.
        changes.add(SimFeeder.toAvro(c, isNginx ? nginx.upstreamAddresses() : null));
      } else if (e instanceof SimRequest r) {
        log.add(isNginx ? nginx.format(r) : haproxy.format(r));
      }
    }
  }

  private static Outputs viaDriver(List<String> log, List<LbConfigChange> changes) {
    try (ReplayDriver d = new ReplayDriver(FulcrumSettings.defaultsWith(Map.of()))) {
      changes.forEach(d::configChange);
      List<RollbackCommand> commands = new ArrayList<>();
      for (String line : log) {
        d.line(line, 0L);
        answer(d, commands);
      }
      d.finish();
      answer(d, commands);
      List<String> reasons =
          d.deadLetters().stream()
              .map(
                  r -> {
                    Header h = r.headers().lastHeader(DeadLetterHandler.REASON_HEADER);
                    return new String(h.value(), StandardCharsets.UTF_8);
                  })
              .toList();
      return new Outputs(d.poolWindows(), d.anomalies(), reasons, commands, d.incidents());
    }
  }

  /**
   * The replay's dry-run actuator, answering commands as soon as they appear (as {@code fulcrum
   * replay} does).
   */
  private static void answer(ReplayDriver d, List<RollbackCommand> commands) {
    if (d.hasCommands()) {
      for (RollbackCommand c : d.commands()) {
        commands.add(c);
        ReplayActuator.respond(c, ReplayActuator.Mode.APPLIED).ifPresent(d::remediationResult);
      }
    }
  }

  private static Outputs viaFastReplay(List<String> log, List<LbConfigChange> changes) {
    try (FastReplay f = new FastReplay(FulcrumSettings.defaultsWith(Map.of()))) {
      changes.forEach(f::configChange);
      List<RollbackCommand> commands = new ArrayList<>();
      for (String line : log) {
        f.line(line);
        answer(f.driver(), commands);
      }
      f.finish();
      answer(f.driver(), commands);
      return new Outputs(
          f.poolWindows(), f.anomalies(), f.deadLetterReasons(), commands, f.driver().incidents());
    }
  }
}
