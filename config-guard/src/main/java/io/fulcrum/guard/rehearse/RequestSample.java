package io.fulcrum.guard.rehearse;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests a rehearsal sends, cycled: method, path and Host header. Read from an access log's
 * request lines ({@code "GET /path HTTP/1.1"}, HAProxy's httplog and nginx's combined format alike)
 * with the Host from nginx's {@code host=} field or HAProxy's first captured request header ({@code
 * {example.com|...}}) when there is one.
 */
public record RequestSample(List<Request> requests) {
  public static final RequestSample DEFAULT =
      new RequestSample(List.of(new Request("GET", "/", null)));
  private static final int MAX_LINES = 100_000;
  private static final Pattern REQUEST =
      Pattern.compile("\"([A-Z]{3,7}) (\\S+) HTTP/\\d(?:\\.\\d)?\"");
  private static final Pattern NGINX_HOST = Pattern.compile("\\bhost=([A-Za-z0-9.:-]+)");
  private static final Pattern HAPROXY_CAPTURE =
      Pattern.compile("\\{([A-Za-z0-9.-]+(?::\\d+)?)[|}]");

  /**
   * @param host null: the entry point's own (server_name) or {@code localhost}
   */
  public record Request(String method, String path, String host) {}

  public RequestSample {
    requests = List.copyOf(requests);
    if (requests.isEmpty()) {
      throw new IllegalArgumentException("a request sample needs at least one request");
    }
  }

  public static RequestSample read(Path log) {
    List<Request> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null && n++ < MAX_LINES) {
        parse(line).ifPresent(out::add);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("--sample-log: " + log + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--sample-log: cannot read " + log + ": " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "--sample-log: " + log + " has no request line like \"GET /path HTTP/1.1\"");
    }
    return new RequestSample(out);
  }

  static java.util.Optional<Request> parse(String line) {
    Matcher m = REQUEST.matcher(line);
    if (!m.find() || !m.group(2).startsWith("/")) {
      return java.util.Optional.empty();
    }
    Matcher h = NGINX_HOST.matcher(line);
    String host = h.find() ? h.group(1) : null;
    if (host == null) {
      Matcher c = HAPROXY_CAPTURE.matcher(line.substring(0, m.start()));
      host = c.find() && c.group(1).contains(".") ? c.group(1) : null;
    }
    return java.util.Optional.of(new Request(m.group(1), m.group(2), host));
  }

  public Request get(int i) {
    return requests.get(i % requests.size());
  }
}
