package io.fulcrum.actuator.nginx;

import io.fulcrum.actuator.backend.FileConfigStore;
import io.fulcrum.actuator.backend.Processes;
import io.fulcrum.actuator.lab.LoopbackPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real nginx (master and one worker, in the foreground) in front of a {@link LoopbackPool}; the
 * store holds v41 (four servers), v42 (only web-1) and v40 (does not pass nginx -t), with v41
 * active.
 */
final class NginxLab implements AutoCloseable {
  static final String POOL = LoopbackPool.POOL;
  final LoopbackPool pool;
  final NginxSettings settings;
  final NginxBackend backend;
  final Process master;

  private NginxLab(Path dir, Path binary, LoopbackPool pool) throws Exception {
    this.pool = pool;
    Path store = Files.createDirectories(dir.resolve("store"));
    Files.createDirectories(dir.resolve("tmp"));
    Path conf =
        Files.writeString(
            dir.resolve("nginx.conf"),
            String.join(
                "\n",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + ";",
                "worker_processes 1;",
                "events { worker_connections 256; }",
                "http {",
                "  access_log off;",
                "  client_body_temp_path " + dir.resolve("tmp/body") + ";",
                "  proxy_temp_path " + dir.resolve("tmp/proxy") + ";",
                "  include " + store.resolve("active") + "/*.conf;",
                "  server {",
                "    listen 127.0.0.1:" + pool.frontendPort + ";",
                "    location / { proxy_pass http://" + POOL + "; }",
                "  }",
                "}",
                ""));
    settings =
        new NginxSettings(
            binary,
            store,
            conf,
            dir,
            dir.resolve("nginx.pid"),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10));
    backend = new NginxBackend(settings);
    FileConfigStore s = backend.store();
    s.put(POOL, "v41", upstream(4, ""));
    s.put(POOL, "v42", upstream(1, ""));
    s.put(POOL, "v40", upstream(1, " wieght=1"));
    s.activate(POOL, "v41");
    List<String> cmd = new ArrayList<>(settings.baseCommand());
    cmd.addAll(List.of("-g", "daemon off;"));
    master =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nginx.out").toFile()))
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(settings.pidFile()) || master.children().findAny().isEmpty()) {
      if (!master.isAlive() || System.nanoTime() > deadline) {
        close();
        throw new IOException("nginx did not start; see " + dir.resolve("nginx.out"));
      }
      LockSupport.parkNanos(20_000_000L);
    }
  }

  static NginxLab start(Path dir, Path binary) throws Exception {
    LoopbackPool pool = new LoopbackPool();
    try {
      return new NginxLab(dir, binary, pool);
    } catch (Exception e) {
      pool.close();
      throw e;
    }
  }

  private String upstream(int members, String extra) {
    StringBuilder b = new StringBuilder("upstream " + POOL + " {\n");
    for (int i = 0; i < members; i++) {
      b.append("  server 127.0.0.1:").append(pool.port(i)).append(extra).append(";\n");
    }
    return b.append("}\n").toString();
  }

  List<Long> workers() {
    return master.children().map(ProcessHandle::pid).toList();
  }

  @Override
  public void close() {
    Processes.stopTree(master, Duration.ofSeconds(5));
    pool.close();
  }
}
