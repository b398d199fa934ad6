package io.fulcrum.bench;

import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.app.FulcrumTopology;
import io.fulcrum.app.PipelineMetrics;
import io.fulcrum.app.StreamsApp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Runs the full Fulcrum app ({@link StreamsApp} with its real topology) from offset 0 of pre-produced input
 * until every input record is processed and committed and its partials are consumed downstream.
 *
 * <p>Two rates: <em>sustained</em>, the slope of the input counter between 10% and 90% of the records
 * (what the app keeps up with once running), and <em>end to end</em>, all records over the time from
 * start to zero lag (start-up, group join and the last commit included).
 */
final class PipelineRun {
  private static final long SAMPLE_MS = 100;

  /** The figures of one run. */
  record Result(long records, double sustainedPerSecond, double endToEndPerSecond, double seconds) {}

  private PipelineRun() {}

  static Result run(FulcrumSettings settings, Admin admin, String inputTopic, long records, Duration timeout)
      throws Exception {
    PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
    String group = settings.kafka().get("application.id");
    List<long[]> samples = new ArrayList<>();
    long t0 = System.nanoTime();
    long deadline = t0 + timeout.toNanos();
    try (StreamsApp app = new StreamsApp(settings, metrics).start()) {
      Lag lag = new Lag(admin, group, inputTopic,
          List.of(group + "-" + FulcrumTopology.PARTIALS_REPARTITION + "-repartition"));
      long nextLagCheck = 0;
      while (true) {
        long now = System.nanoTime();
        long processed = processed(metrics);
        samples.add(new long[] {now, processed});
        if (app.state() == KafkaStreams.State.ERROR || app.state() == KafkaStreams.State.NOT_RUNNING) {
          throw new IllegalStateException("Kafka Streams stopped (" + app.state() + ") after " + processed + " records");
        }
        if (processed >= records && now >= nextLagCheck) {
          if (lag.caughtUp()) {
            double seconds = (now - t0) / 1e9;
            return new Result(records, sustained(samples, records), records / seconds, seconds);
          }
          nextLagCheck = now + 200_000_000L;
        }
        if (now > deadline) {
          throw new IllegalStateException("the pipeline processed " + processed + " of " + records
              + " records in " + timeout.toSeconds() + " s");
        }
        Thread.sleep(SAMPLE_MS);
      }
    }
  }

  private static long processed(PipelineMetrics metrics) {
    return (long) metrics.registry().find("fulcrum.records.in").counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Records per second between the samples where 10% and 90% of the records had been processed. */
  static double sustained(List<long[]> samples, long records) {
    long[] from = null;
    long[] to = null;
    for (long[] s : samples) {
      if (from == null && s[1] >= records / 10) {
        from = s;
      }
      if (to == null && s[1] >= records * 9 / 10) {
        to = s;
      }
    }
    if (from == null || to == null || to[0] <= from[0]) {
      return Double.NaN;
    }
    return (to[1] - from[1]) / ((to[0] - from[0]) / 1e9);
  }
}
