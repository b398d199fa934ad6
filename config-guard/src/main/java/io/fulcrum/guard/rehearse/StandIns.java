package io.fulcrum.guard.rehearse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback HTTP servers standing in for a config's servers: one per (pool, server), each on a free
 * port, answering 200 to any request and counting them. Deliberately minimal: one request per
 * connection, read to its end before the answer, so the load balancer never sees a reset (nginx
 * would mark the server failed and skew the count). {@link #close} stops them all.
 */
final class StandIns implements AutoCloseable {
  private final Map<String, Map<String, StandIn>> byPool = new LinkedHashMap<>();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fulcrum-rehearsal-standin");
            t.setDaemon(true);
            return t;
          });

  private record StandIn(ServerSocket socket, AtomicInteger hits) {}

  /** The port of the stand-in for {@code server} of {@code pool}, started on first use. */
  int port(String pool, String server) throws IOException {
    Map<String, StandIn> servers = byPool.computeIfAbsent(pool, p -> new LinkedHashMap<>());
    StandIn s = servers.get(server);
    if (s == null) {
      ServerSocket socket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
      s = new StandIn(socket, new AtomicInteger());
      servers.put(server, s);
      byte[] body = (pool + "/" + server + "\n").getBytes(StandardCharsets.UTF_8);
      StandIn in = s;
      executor.execute(() -> accept(in, body));
    }
    return s.socket().getLocalPort();
  }

  private void accept(StandIn s, byte[] body) {
    while (!s.socket().isClosed()) {
      try {
        Socket c = s.socket().accept();
        executor.execute(() -> answer(c, s.hits(), body));
      } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
        return; // closed
      }
    }
  }

  private static void answer(Socket c, AtomicInteger hits, byte[] body) {
    try (c) {
      c.setSoTimeout(5000);
      InputStream in = c.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return; // a connection probe without a request
      }
      long length = contentLength(head);
      for (long left = length; left > 0; ) {
        long k = in.skip(left);
        if (k <= 0 && in.read() < 0) {
          break;
        }
        left -= Math.max(k, 1);
      }
      hits.incrementAndGet();
      OutputStream out = c.getOutputStream();
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                  + body.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      c.shutdownOutput();
      while (in.read() >= 0) {
        // wait for the peer to close first: closing with unread bytes would send a reset
      }
    } catch (IOException e) {
      // the peer went away; nothing to count
    }
  }

  /** The request line and headers, or null when the connection closed before a full request. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int last = 0; // the last four bytes
    int c;
    while ((c = in.read()) >= 0) {
      b.write(c);
      last = (last << 8) | c;
      if (last == 0x0d0a0d0a || (last & 0xffff) == 0x0a0a || b.size() > 65536) {
        return b.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  private static long contentLength(String head) {
    for (String line : head.split("\r?\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        try {
          return Long.parseLong(line.substring(15).trim());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  /** Hits per server, per pool, in the order the stand-ins were made. */
  Map<String, Map<String, Integer>> hits() {
    Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
    byPool.forEach(
        (pool, servers) -> {
          Map<String, Integer> m = new LinkedHashMap<>();
          servers.forEach((name, s) -> m.put(name, s.hits().get()));
          out.put(pool, m);
        });
    return out;
  }

  @Override
  public void close() {
    byPool
        .values()
        .forEach(
            m ->
                m.values()
                    .forEach(
                        s -> {
                          try {
                            s.socket().close();
                          } catch (IOException e) {
                            // closing anyway
                          }
                        }));
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
