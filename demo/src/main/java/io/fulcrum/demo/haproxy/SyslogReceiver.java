package io.fulcrum.demo.haproxy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * HAProxy's access log, received as syslog datagrams on a loopback UDP port (HAProxy's {@code log}
 * target), one line per datagram, handed on without its trailing newline. The demo's stand-in for a
 * log shipper.
 */
public final class SyslogReceiver implements AutoCloseable {
  private final DatagramSocket socket;
  private final Thread thread;

  public SyslogReceiver(Consumer<String> lines) throws SocketException {
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.thread = new Thread(() -> loop(lines), "fulcrum-demo-syslog");
    thread.setDaemon(true);
    thread.start();
  }

  public int port() {
    return socket.getLocalPort();
  }

  private void loop(Consumer<String> lines) {
    byte[] buf = new byte[8192];
    DatagramPacket packet = new DatagramPacket(buf, buf.length);
    while (!socket.isClosed()) {
      try {
        socket.receive(packet);
      } catch (IOException e) {
        return; // closed
      }
      String line =
          new String(
                  packet.getData(), packet.getOffset(), packet.getLength(), StandardCharsets.UTF_8)
              .stripTrailing();
      if (!line.isEmpty()) {
        lines.accept(line);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    socket.close();
    thread.join(5_000);
  }
}
