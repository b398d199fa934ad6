package io.fulcrum.actuator.haproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real HAProxy (master-worker) in front of four loopback HTTP servers, with a config store holding
 * v41 (the good version: four servers) and v42 (the postmortems' typo: only web-1 left), v41 active at start.
 */
final class HaproxyLab implements AutoCloseable {
  static final String POOL = "be_web";
  final List<CountingHttpServer> servers = new ArrayList<>();
  final HaproxySettings settings;
  final HaproxyBackend backend;
  final int port;
  final HaproxyProcess process;

  private HaproxyLab(Path dir, Path binary) throws Exception {
    for (int i = 1; i <= 4; i++) {
      servers.add(new CountingHttpServer("web-" + i));
    }
    port = freePort();
    Path base = Files.writeString(dir.resolve("base.cfg"), String.join("\n",
        "global",
        "  stats socket " + dir.resolve("stats.sock") + " level admin expose-fd listeners",
        "defaults",
        "  mode http",
        "  timeout connect 1s",
        "  timeout client 5s",
        "  timeout server 5s",
        "frontend fe",
        "  bind 127.0.0.1:" + port,
        "  default_backend " + POOL, ""));
    settings = new HaproxySettings(binary, Files.createDirectories(dir.resolve("store")), List.of(base),
        dir.resolve("master.sock"), dir.resolve("stats.sock"), Duration.ofSeconds(10), Duration.ofSeconds(10));
    backend = new HaproxyBackend(settings);
    backend.store().put(POOL, "v41", backendSection(servers));
    backend.store().put(POOL, "v42", "# v42: a typo in the pool definition leaves only web-1\n" + backendSection(servers.subList(0, 1)));
    backend.store().put(POOL, "v40", "backend " + POOL + "\n  server web-1 127.0.0.1:" + servers.get(0).port() + " wieght 1\n");
    backend.store().activate(POOL, "v41");
    try {
      process = HaproxyProcess.start(settings, dir.resolve("haproxy.log"), Duration.ofSeconds(10));
    } catch (IOException e) {
      servers.forEach(CountingHttpServer::close);
      throw e;
    }
  }

  static HaproxyLab start(Path dir, Path binary) throws Exception {
    return new HaproxyLab(dir, binary);
  }

  private static String backendSection(List<CountingHttpServer> members) {
    StringBuilder b = new StringBuilder("backend " + POOL + "\n  balance roundrobin\n");
    for (int i = 0; i < members.size(); i++) {
      b.append("  server web-").append(i + 1).append(" 127.0.0.1:").append(members.get(i).port()).append('\n');
    }
    return b.toString();
  }

  /** One request on a new connection: the HTTP status, or an exception (connection refused, reset...). */
  int get() throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      if (!response.startsWith("HTTP/1.")) {
        throw new IOException("no HTTP response: '" + response + "'");
      }
      return Integer.parseInt(response.substring(9, 12));
    }
  }

  /** Sends {@code n} requests and returns how many each server received meanwhile. */
  List<Integer> spread(int n) throws IOException {
    List<Integer> before = hits();
    for (int i = 0; i < n; i++) {
      int status = get();
      if (status != 200) {
        throw new IOException("HTTP " + status + " from haproxy");
      }
    }
    List<Integer> after = hits();
    List<Integer> delta = new ArrayList<>();
    for (int i = 0; i < after.size(); i++) {
      delta.add(after.get(i) - before.get(i));
    }
    return delta;
  }

  List<Integer> hits() {
    return servers.stream().map(CountingHttpServer::hits).collect(Collectors.toList());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.close();
    servers.forEach(CountingHttpServer::close);
  }
}
