package io.fulcrum.actuator.haproxy;

import io.fulcrum.actuator.lab.LoopbackPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real HAProxy (master-worker) in front of a {@link LoopbackPool}, with a config store holding
 * v41 (the good version: four servers), v42 (the postmortems' typo: only web-1 left) and v40 (does
 * not validate); v41 active.
 */
final class HaproxyLab implements AutoCloseable {
  static final String POOL = LoopbackPool.POOL;
  final LoopbackPool pool;
  final HaproxySettings settings;
  final HaproxyBackend backend;
  final HaproxyProcess process;

  private HaproxyLab(Path dir, Path binary, LoopbackPool pool) throws Exception {
    this.pool = pool;
    Path base =
        Files.writeString(
            dir.resolve("base.cfg"),
            String.join(
                "\n",
                "global",
                "  stats socket " + dir.resolve("stats.sock") + " level admin expose-fd listeners",
                "defaults",
                "  mode http",
                "  timeout connect 1s",
                "  timeout client 5s",
                "  timeout server 5s",
                "frontend fe",
                "  bind 127.0.0.1:" + pool.frontendPort,
                "  default_backend " + POOL,
                ""));
    settings =
        new HaproxySettings(
            binary,
            Files.createDirectories(dir.resolve("store")),
            List.of(base),
            dir.resolve("master.sock"),
            dir.resolve("stats.sock"),
            Duration.ofSeconds(10),
            Duration.ofSeconds(10));
    backend = new HaproxyBackend(settings);
    backend.store().put(POOL, "v41", backendSection(4));
    backend
        .store()
        .put(
            POOL,
            "v42",
            "# v42: a typo in the pool definition leaves only web-1\n" + backendSection(1));
    backend
        .store()
        .put(
            POOL,
            "v40",
            "backend " + POOL + "\n  server web-1 127.0.0.1:" + pool.port(0) + " wieght 1\n");
    backend.store().activate(POOL, "v41");
    process = HaproxyProcess.start(settings, dir.resolve("haproxy.log"), Duration.ofSeconds(10));
  }

  static HaproxyLab start(Path dir, Path binary) throws Exception {
    LoopbackPool pool = new LoopbackPool();
    try {
      return new HaproxyLab(dir, binary, pool);
    } catch (Exception e) {
      pool.close();
      throw e;
    }
  }

  private String backendSection(int members) {
    StringBuilder b = new StringBuilder("backend " + POOL + "\n  balance roundrobin\n");
    for (int i = 0; i < members; i++) {
      b.append("  server web-")
          .append(i + 1)
          .append(" 127.0.0.1:")
          .append(pool.port(i))
          .append('\n');
    }
    return b.toString();
  }

  List<Integer> spread(int n) throws IOException {
    return pool.spread(n);
  }

  @Override
  public void close() {
    process.close();
    pool.close();
  }
}
