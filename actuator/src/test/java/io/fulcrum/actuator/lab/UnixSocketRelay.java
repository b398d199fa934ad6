package io.fulcrum.actuator.lab;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Stands between a client and a UNIX socket (HAProxy's master CLI) and passes every byte through,
 * telling {@code onCommand} each command line it forwards, after HAProxy has it and before the
 * reply goes back: the moment to kill a client between "the load balancer did it" and "the client
 * knows".
 */
public final class UnixSocketRelay implements AutoCloseable {
  private final Path target;
  private final ServerSocketChannel server;
  private final Consumer<String> onCommand;
  private final Thread acceptor;
  private final AtomicInteger connections = new AtomicInteger();

  public UnixSocketRelay(Path listen, Path target, Consumer<String> onCommand) throws IOException {
    this.target = target;
    this.onCommand = onCommand;
    Files.deleteIfExists(listen);
    this.server =
        ServerSocketChannel.open(StandardProtocolFamily.UNIX)
            .bind(UnixDomainSocketAddress.of(listen));
    this.acceptor = new Thread(this::accept, "relay-" + listen.getFileName());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void accept() {
    try {
      while (server.isOpen()) {
        SocketChannel client = server.accept();
        SocketChannel upstream = SocketChannel.open(UnixDomainSocketAddress.of(target));
        connections.incrementAndGet();
        pump(client, upstream, true);
        pump(upstream, client, false);
      }
    } catch (IOException e) {
      // closed
    }
  }

  private void pump(SocketChannel from, SocketChannel to, boolean commands) {
    Thread t =
        new Thread(
            () -> {
              ByteBuffer buf = ByteBuffer.allocate(8192);
              StringBuilder line = new StringBuilder();
              try {
                while (from.read(buf) >= 0) {
                  buf.flip();
                  String text =
                      commands ? StandardCharsets.UTF_8.decode(buf.duplicate()).toString() : "";
                  while (buf.hasRemaining()) {
                    to.write(buf);
                  }
                  buf.clear();
                  for (char c : text.toCharArray()) {
                    if (c == '\n' || c == ';') {
                      if (!line.toString().isBlank()) {
                        onCommand.accept(line.toString().trim());
                      }
                      line.setLength(0);
                    } else {
                      line.append(c);
                    }
                  }
                }
                // The client half-closes after its command (HAProxy's CLI protocol): pass that on,
                // then the last line.
                to.shutdownOutput();
                if (commands && !line.toString().isBlank()) {
                  onCommand.accept(line.toString().trim());
                }
                if (!commands) {
                  close(from);
                  close(to);
                }
              } catch (IOException e) {
                close(from);
                close(to);
              }
            },
            "relay-pump");
    t.setDaemon(true);
    t.start();
  }

  public int connections() {
    return connections.get();
  }

  private static void close(SocketChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // best effort
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
