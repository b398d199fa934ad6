package io.fulcrum.connect.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.testkit.RequiredPrograms;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager (Debian prometheus-alertmanager) on loopback, clustering off, state in a temp
 * dir.
 */
public final class AlertmanagerProcess implements AutoCloseable {
  private final Process process;
  private final URI url;
  private final Path log;

  private AlertmanagerProcess(Process process, URI url, Path log) {
    this.process = process;
    this.url = url;
    this.log = log;
  }

  /** The program, or skip (laptop) / fail (CI) when it is not installed. */
  public static Path binary() {
    return RequiredPrograms.require("prometheus-alertmanager", "prometheus-alertmanager");
  }

  public static AlertmanagerProcess start(Path dir, int port) throws IOException {
    Path binary = binary();
    Path config =
        Files.writeString(
            dir.resolve("alertmanager.yml"),
            "route:\n  receiver: \"null\"\nreceivers:\n  - name: \"null\"\n");
    Path storage = Files.createDirectories(dir.resolve("alertmanager-data"));
    Path log = dir.resolve("alertmanager.log");
    Process p =
        new ProcessBuilder(
                binary.toString(),
                "--config.file=" + config,
                "--storage.path=" + storage,
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    AlertmanagerProcess am =
        new AlertmanagerProcess(p, URI.create("http://127.0.0.1:" + port), log);
    await("alertmanager ready")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!p.isAlive()) {
                throw new IllegalStateException("alertmanager exited: " + Files.readString(log));
              }
              HttpResponse<String> r = Http.get(am.url.resolve("/-/ready"));
              return r != null && r.statusCode() == 200;
            });
    return am;
  }

  public URI url() {
    return url;
  }

  /** The alerts Alertmanager holds as not resolved ({@code GET /api/v2/alerts}). */
  public List<JsonNode> activeAlerts() {
    List<JsonNode> out = new ArrayList<>();
    Http.getJson(url.resolve("/api/v2/alerts")).forEach(out::add);
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
