package io.fulcrum.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kafka's own {@code ConsumerPerformance} on a topic, in a child JVM as {@code
 * kafka-consumer-perf-test.sh} runs it: the ceiling a consumer of this broker reaches on this
 * machine. Reported as records/s of the fetch phase (the tool's {@code fetch.nMsg.sec}, without the
 * group join), the highest figure it prints.
 */
final class ConsumerCeiling {
  /** The tool's summary: rates over the whole run and over the fetch phase. */
  record Result(
      long records, double megabytes, double recordsPerSecond, double fetchRecordsPerSecond) {}

  private ConsumerCeiling() {}

  static Result run(String bootstrapServers, String topic, long records, Path workDir)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path out = Files.createTempFile(workDir, "consumer-perf", ".txt");
    Path err = Files.createTempFile(workDir, "consumer-perf", ".log");
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx1g",
                    "-Dlog4j2.configurationFile=" + Bench.LOG_CONFIG,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "org.apache.kafka.tools.ConsumerPerformance",
                    "--bootstrap-server",
                    bootstrapServers,
                    "--topic",
                    topic,
                    "--num-records",
                    Long.toString(records),
                    "--timeout",
                    "60000",
                    "--command-property",
                    "fetch.max.bytes=52428800",
                    "--command-property",
                    "max.poll.records=2000"))
            .redirectError(err.toFile())
            .redirectOutput(out.toFile())
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException(
          "ConsumerPerformance did not finish within 10 minutes; output in " + out);
    }
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(
          "ConsumerPerformance failed (exit "
              + p.exitValue()
              + "); output in "
              + out
              + " and "
              + err);
    }
    return parse(lines, out);
  }

  /**
   * The header is {@code start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg,
   * nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec}; the values follow on
   * the next line.
   */
  static Result parse(List<String> lines, Path source) throws IOException {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("start.time")) {
        List<String> header = List.of(lines.get(i).split(",\\s*"));
        String[] v =
            lines.stream()
                .skip(i + 1)
                .map(l -> l.split(",\\s*"))
                .filter(f -> f.length == header.size())
                .findFirst()
                .orElseThrow(
                    () ->
                        new IOException(
                            "no values after ConsumerPerformance's header in " + source));
        return new Result(
            Long.parseLong(v[header.indexOf("data.consumed.in.nMsg")]),
            Double.parseDouble(v[header.indexOf("data.consumed.in.MB")]),
            Double.parseDouble(v[header.indexOf("nMsg.sec")]),
            Double.parseDouble(v[header.indexOf("fetch.nMsg.sec")]));
      }
    }
    throw new IOException("no summary line in ConsumerPerformance's output " + source);
  }
}
