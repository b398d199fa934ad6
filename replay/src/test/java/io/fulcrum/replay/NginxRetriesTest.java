package io.fulcrum.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.avro.PoolWindow;
import io.fulcrum.avro.ServerShare;
import io.fulcrum.sim.NginxLogFormatter;
import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.Scenarios;
import io.fulcrum.sim.SimConfigChange;
import io.fulcrum.sim.SimEvent;
import io.fulcrum.sim.SimRequest;
import io.fulcrum.sim.SimRun;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * nginx retries a request on the next upstream when the first fails to connect or times out, and
 * logs both addresses ({@code upstream="a:80, b:80"}). In normal operation a few percent of
 * requests are retried: each is counted once, for the server that answered, and raises no anomaly,
 * around a harmless change as well.
 */
class NginxRetriesTest {
  private static final long START = 1_781_000_000_000L;

  @Test
  void retriedRequestsAreCountedOnceForTheServerThatAnsweredAndRaiseNothing() {
    Scenario s = Scenarios.byName("harmless-change");
    NginxLogFormatter nginx = new NginxLogFormatter(s.servers());
    List<String> addresses = List.copyOf(nginx.upstreamAddresses().values());
    SplittableRandom rnd = new SplittableRandom(3);
    Map<String, Long> answered = new HashMap<>();
    long retried = 0;
    long requests = 0;
    try (FastReplay f = new FastReplay(FulcrumSettings.defaultsWith(Map.of()))) {
      SimRun run = s.events(START, 1);
      List<PoolWindow> windows = new ArrayList<>();
      while (run.hasNext()) {
        SimEvent e = run.next();
        if (e instanceof SimConfigChange c) {
          f.configChange(SimFeeder.toAvro(c, nginx.upstreamAddresses()));
          continue;
        }
        SimRequest r = (SimRequest) e;
        String line = nginx.format(r);
        String final_ = nginx.upstreamOf(r.server());
        if (r.server() != null && rnd.nextDouble() < 0.03) {
          String first = addresses.get((addresses.indexOf(final_) + 1) % addresses.size());
          line =
              line.replace(
                  "upstream=\"" + final_ + "\"", "upstream=\"" + first + ", " + final_ + "\"");
          retried++;
        }
        requests++;
        if (r.server() != null) {
          answered.merge(final_, 1L, Long::sum);
        }
        f.line(line);
        windows.addAll(f.poolWindows());
      }
      f.finish();
      windows.addAll(f.poolWindows());

      assertThat(retried).as("retried lines in the log").isGreaterThan(500);
      assertThat(f.deadLetterReasons()).isEmpty();
      assertThat(f.anomalies()).as("anomalies").isEmpty();
      assertThat(f.driver().incidents()).isEmpty();
      assertThat(windows.stream().mapToLong(PoolWindow::getTotalCount).sum()).isEqualTo(requests);
      Map<String, Long> counted = new HashMap<>();
      windows.forEach(
          w ->
              w.getServers()
                  .forEach(sv -> counted.merge(sv.getServer(), sv.getCount(), Long::sum)));
      counted.values().removeIf(c -> c == 0);
      assertThat(counted).isEqualTo(answered);
      assertThat(windows)
          .allSatisfy(
              w ->
                  assertThat(w.getServers())
                      .extracting(ServerShare::getServer)
                      .doesNotHaveDuplicates());
    }
  }
}
