package io.fulcrum.actuator.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Four loopback HTTP servers that count their hits, and a free port for the load balancer in front
 * of them; requests go to that port on a new connection each, so a listener dropped during a reload
 * shows as an error.
 */
public final class LoopbackPool implements AutoCloseable {
  public static final String POOL = "be_web";
  public final List<CountingHttpServer> servers = new ArrayList<>();
  public final int frontendPort;

  public LoopbackPool() throws IOException {
    for (int i = 1; i <= 4; i++) {
      servers.add(new CountingHttpServer("web-" + i));
    }
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      frontendPort = s.getLocalPort();
    }
  }

  /**
   * One request on a new connection: the HTTP status, or an exception (connection refused,
   * reset...).
   */
  public int get() throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", frontendPort), 2000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(
          "GET / HTTP/1.1\r\nHost: lab\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      if (!response.startsWith("HTTP/1.")) {
        throw new IOException("no HTTP response: '" + response + "'");
      }
      return Integer.parseInt(response.substring(9, 12));
    }
  }

  /**
   * Sends {@code n} requests (all must be 200) and returns how many each server received meanwhile.
   */
  public List<Integer> spread(int n) throws IOException {
    List<Integer> before = hits();
    for (int i = 0; i < n; i++) {
      int status = get();
      if (status != 200) {
        throw new IOException("HTTP " + status + " from the load balancer");
      }
    }
    List<Integer> after = hits();
    List<Integer> delta = new ArrayList<>();
    for (int i = 0; i < after.size(); i++) {
      delta.add(after.get(i) - before.get(i));
    }
    return delta;
  }

  public List<Integer> hits() {
    return servers.stream().map(CountingHttpServer::hits).toList();
  }

  /** The port of the i-th server (0-based). */
  public int port(int i) {
    return servers.get(i).port();
  }

  @Override
  public void close() {
    servers.forEach(CountingHttpServer::close);
  }
}
