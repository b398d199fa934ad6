package io.fulcrum.app;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.Map;

/** The Streams app as its own JVM, so a test can kill it like a crash (SIGKILL), not a clean close. */
public final class StreamsAppProcess {
  private StreamsAppProcess() {}

  public static void main(String[] args) throws InterruptedException {
    FulcrumSettings settings = FulcrumSettings.load(Path.of(args[0]), Map.of());
    StreamsApp app = new StreamsApp(settings, new PipelineMetrics(new SimpleMeterRegistry())).start();
    Runtime.getRuntime().addShutdownHook(new Thread(app::close));
    app.awaitStop();
  }
}
