package io.fulcrum.bench;

import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.app.FulcrumTopology;
import io.fulcrum.app.PipelineMetrics;
import io.fulcrum.app.StreamsApp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Runs the full Fulcrum app ({@link StreamsApp} with its real topology) from offset 0 of
 * pre-produced input until every input record is processed and committed and its partials are
 * consumed downstream.
 *
 * <p>Two rates: <em>sustained</em>, the slope of the input counter between 10% and 90% of the
 * records (what the app keeps up with once running), and <em>end to end</em>, all records over the
 * time from start to zero lag (start-up, group join and the last commit included). Also the CPU
 * time this JVM (the app; the broker runs in its own) spent per record over the same stretch: on a
 * shared machine the rates depend on what else runs, the CPU cost per record much less.
 */
final class PipelineRun {
  private static final long SAMPLE_MS = 100;

  /** The figures of one run. */
  record Result(
      long records,
      double sustainedPerSecond,
      double endToEndPerSecond,
      double seconds,
      double cpuMicrosPerRecord,
      double streamThreadCpuMicrosPerRecord) {}

  private PipelineRun() {}

  static Result run(
      FulcrumSettings settings, Admin admin, String inputTopic, long records, Duration timeout)
      throws Exception {
    PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
    String group = settings.kafka().get("application.id");
    List<long[]> samples = new ArrayList<>();
    long t0 = System.nanoTime();
    long deadline = t0 + timeout.toNanos();
    try (StreamsApp app = new StreamsApp(settings, metrics).start()) {
      Lag lag =
          new Lag(
              admin,
              group,
              inputTopic,
              FulcrumTopology.PARTIALS_REPARTITIONS.stream()
                  .map(t -> group + "-" + t + "-repartition")
                  .toList());
      long nextLagCheck = 0;
      while (true) {
        long now = System.nanoTime();
        long processed = processed(metrics);
        samples.add(new long[] {now, processed, processCpuNanos(), streamThreadCpuNanos()});
        if (app.state() == KafkaStreams.State.ERROR
            || app.state() == KafkaStreams.State.NOT_RUNNING) {
          throw new IllegalStateException(
              "Kafka Streams stopped (" + app.state() + ") after " + processed + " records");
        }
        if (processed >= records && now >= nextLagCheck) {
          if (lag.caughtUp()) {
            double seconds = (now - t0) / 1e9;
            return new Result(
                records,
                sustained(samples, records),
                records / seconds,
                seconds,
                cpuMicrosPerRecord(samples, records, 2),
                cpuMicrosPerRecord(samples, records, 3));
          }
          nextLagCheck = now + 200_000_000L;
        }
        if (now > deadline) {
          throw new IllegalStateException(
              "the pipeline processed "
                  + processed
                  + " of "
                  + records
                  + " records in "
                  + timeout.toSeconds()
                  + " s");
        }
        Thread.sleep(SAMPLE_MS);
      }
    }
  }

  /**
   * Runs the app until it has processed {@code records} input records, then stops it; nothing is
   * measured.
   */
  static void warmUp(FulcrumSettings settings, long records, Duration timeout) throws Exception {
    PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
    long deadline = System.nanoTime() + timeout.toNanos();
    try (StreamsApp app = new StreamsApp(settings, metrics).start()) {
      while (processed(metrics) < records) {
        if (app.state() == KafkaStreams.State.ERROR
            || app.state() == KafkaStreams.State.NOT_RUNNING
            || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the warm-up run stopped ("
                  + app.state()
                  + ") after "
                  + processed(metrics)
                  + " of "
                  + records
                  + " records");
        }
        Thread.sleep(SAMPLE_MS);
      }
    }
  }

  private static long processed(PipelineMetrics metrics) {
    return (long)
        metrics.registry().find("fulcrum.records.in").counters().stream()
            .mapToDouble(Counter::count)
            .sum();
  }

  /** Records per second between the samples where 10% and 90% of the records had been processed. */
  static double sustained(List<long[]> samples, long records) {
    long[][] w = steadyStretch(samples, records);
    return w == null ? Double.NaN : (w[1][1] - w[0][1]) / ((w[1][0] - w[0][0]) / 1e9);
  }

  /**
   * CPU microseconds (sample field {@code field}, in ns) per record between the 10% and 90%
   * samples.
   */
  static double cpuMicrosPerRecord(List<long[]> samples, long records, int field) {
    long[][] w = steadyStretch(samples, records);
    return w == null || w[1][field] < 0 || w[0][field] < 0
        ? Double.NaN
        : (w[1][field] - w[0][field]) / 1e3 / (w[1][1] - w[0][1]);
  }

  /**
   * The first samples at 10% and 90% of the records; when one sample covers both (a tiny run), the
   * sample before it and that one, which still excludes start-up before the first record.
   */
  private static long[][] steadyStretch(List<long[]> samples, long records) {
    int from = -1;
    int to = -1;
    for (int i = 0; i < samples.size(); i++) {
      if (from < 0 && samples.get(i)[1] >= records / 10) {
        from = i;
      }
      if (to < 0 && samples.get(i)[1] >= records * 9 / 10) {
        to = i;
      }
    }
    if (from >= 0 && from == to && from > 0) {
      from--;
    }
    return from < 0 || to < 0 || samples.get(to)[0] <= samples.get(from)[0]
        ? null
        : new long[][] {samples.get(from), samples.get(to)};
  }

  /**
   * CPU time of the live Kafka Streams threads (names contain {@code StreamThread}), or -1: the
   * part of the app's CPU that is the pipeline itself, without the JIT compiler, GC and client I/O
   * threads.
   */
  private static long streamThreadCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    if (!threads.isThreadCpuTimeSupported()) {
      return -1;
    }
    long sum = 0;
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
      if (t != null && t.getThreadName().contains("StreamThread")) {
        sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  /** CPU time of this JVM so far, or -1 where the platform does not tell. */
  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : -1;
  }
}
