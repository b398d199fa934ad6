package io.fulcrum.actuator.haproxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One command on an HAProxy CLI socket (master or stats): write it, half-close, read until HAProxy
 * closes. The half-close is what makes HAProxy answer once and hang up instead of waiting for more
 * commands.
 */
final class UnixSocketCli {
  private UnixSocketCli() {}

  static String send(Path socket, String command, Duration timeout) throws IOException {
    if (command.indexOf('\n') >= 0 || command.indexOf(';') >= 0) {
      throw new IllegalArgumentException("one CLI command per call, without ';' or newlines");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII));
      while (out.hasRemaining()) {
        ch.write(out);
      }
      ch.shutdownOutput();
      ch.configureBlocking(false);
      ch.register(selector, SelectionKey.OP_READ);
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer buf = ByteBuffer.allocate(8192);
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw new IOException(
              "no complete answer to '"
                  + command
                  + "' on "
                  + socket
                  + " within "
                  + timeout.toMillis()
                  + " ms");
        }
        selector.select(left);
        selector.selectedKeys().clear();
        int n = ch.read(buf);
        if (n < 0) {
          return answer.toString(StandardCharsets.UTF_8);
        }
        answer.write(buf.array(), 0, buf.position());
        buf.clear();
      }
    }
  }
}
