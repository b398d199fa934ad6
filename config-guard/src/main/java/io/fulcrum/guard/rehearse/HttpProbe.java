package io.fulcrum.guard.rehearse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request on a new loopback connection, as a client would send it; returns the status
 * (0 on failure).
 */
final class HttpProbe {
  private HttpProbe() {}

  static int send(int port, RequestSample.Request r, String defaultHost) {
    String host = r.host() != null ? r.host() : defaultHost;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(
          (r.method()
                  + " "
                  + r.path()
                  + " HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nUser-Agent: fulcrum-check\r\n"
                  + "Content-Length: 0\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] head = new byte[12];
      int n = 0;
      while (n < head.length) {
        int k = in.read(head, n, head.length - n);
        if (k < 0) {
          break;
        }
        n += k;
      }
      in.readAllBytes();
      String status = new String(head, 0, n, StandardCharsets.ISO_8859_1);
      return status.startsWith("HTTP/1.") && n == 12
          ? Integer.parseInt(status.substring(9, 12))
          : 0;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** Whether something accepts connections on the port. */
  static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
