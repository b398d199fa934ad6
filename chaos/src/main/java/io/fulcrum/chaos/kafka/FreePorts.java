package io.fulcrum.chaos.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for brokers that must get the same port again after a restart. They are picked
 * below the kernel's ephemeral range: a port from {@code new ServerSocket(0)} comes from that
 * range, and while its broker is down any outgoing connection (a client retrying that very broker)
 * may be given it.
 */
final class FreePorts {
  private static final int SPAN = 10_000;

  private FreePorts() {}

  /**
   * The first port of Linux's ephemeral range, or 32768 (its default) where that is unknown or too
   * low.
   */
  static int ephemeralRangeStart() {
    try {
      // Not Files.readString: procfs reports a size of 0 and the JDK then reads only the first
      // bytes.
      String range =
          Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
      int start = Integer.parseInt(range.split("\\s+")[0]);
      return start > 1024 + SPAN ? start : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }

  /** {@code count} distinct ports in {@code [limit - 10000, limit)} that are free right now. */
  static int[] below(int limit, int count) {
    int low = Math.max(1024, limit - SPAN);
    Set<Integer> ports = new LinkedHashSet<>();
    for (int attempt = 0; ports.size() < count; attempt++) {
      if (attempt > 1000) {
        throw new IllegalStateException(
            "no " + count + " free loopback ports in [" + low + ", " + limit + ")");
      }
      int port = ThreadLocalRandom.current().nextInt(low, limit);
      if (!ports.contains(port) && isFree(port)) {
        ports.add(port);
      }
    }
    return ports.stream().mapToInt(Integer::intValue).toArray();
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort() == port;
    } catch (IOException e) {
      return false;
    }
  }
}
