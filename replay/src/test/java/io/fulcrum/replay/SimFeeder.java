package io.fulcrum.replay;

import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.avro.RequestEvent;
import io.fulcrum.sim.HaproxyLogFormatter;
import io.fulcrum.sim.NginxLogFormatter;
import io.fulcrum.sim.SimAvro;
import io.fulcrum.sim.SimConfigChange;
import io.fulcrum.sim.SimEvent;
import io.fulcrum.sim.SimRequest;
import io.fulcrum.sim.SimRun;
import java.util.function.Consumer;

/**
 * Plays a simulated run into a {@link ReplayDriver} in emission order, as Avro events or as log
 * lines.
 */
public final class SimFeeder {
  /** How requests reach the pipeline. */
  public enum Input {
    AVRO,
    HAPROXY,
    NGINX
  }

  private SimFeeder() {}

  public static void play(SimRun run, ReplayDriver driver, Input input) {
    play(run, driver, input, e -> {});
  }

  /**
   * @param beforeEach called with every event before it is fed (lets a test react mid-run)
   */
  public static void play(
      SimRun run, ReplayDriver driver, Input input, Consumer<SimEvent> beforeEach) {
    HaproxyLogFormatter haproxy = new HaproxyLogFormatter();
    NginxLogFormatter nginx = new NginxLogFormatter(run.scenario().servers());
    while (run.hasNext()) {
      SimEvent e = run.next();
      beforeEach.accept(e);
      if (e instanceof SimConfigChange c) {
        // nginx logs name servers by $upstream_addr, so declared weights must use those names too.
        driver.configChange(
            input == Input.NGINX ? toAvro(c, nginx.upstreamAddresses()) : toAvro(c));
      } else if (e instanceof SimRequest r) {
        switch (input) {
          case AVRO -> driver.request(toAvro(r));
          case HAPROXY -> driver.line(haproxy.format(r), r.endMs());
          case NGINX -> driver.line(nginx.format(r), r.endMs());
        }
      }
    }
  }

  /**
   * The same run as HAProxy lines through the fast replay, without its end of input ({@link
   * FastReplayTest} shows it is the topology).
   */
  public static void play(SimRun run, FastReplay replay) {
    HaproxyLogFormatter haproxy = new HaproxyLogFormatter();
    while (run.hasNext()) {
      SimEvent e = run.next();
      if (e instanceof SimConfigChange c) {
        replay.configChange(toAvro(c));
      } else if (e instanceof SimRequest r) {
        replay.line(haproxy.format(r));
      }
    }
  }

  public static RequestEvent toAvro(SimRequest r) {
    return SimAvro.toAvro(r);
  }

  public static LbConfigChange toAvro(SimConfigChange c) {
    return SimAvro.toAvro(c);
  }

  /**
   * @param rename server name to the identifier the logs use, or null to keep names
   */
  public static LbConfigChange toAvro(SimConfigChange c, java.util.Map<String, String> rename) {
    return SimAvro.toAvro(c, rename);
  }
}
