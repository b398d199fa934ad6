package io.fulcrum.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's web UI: three pages ({@code /}, {@code /pools/{pool}}, {@code /incidents/{id}})
 * and their assets under {@code /ui/}, all read from the jar once. A page is the same HTML whatever
 * the pool or incident: its script reads the id from the address and asks the query API. Assets are
 * looked up by exact name in a fixed set, so no request path ever becomes a file or resource path
 * (no traversal). Pure, so it is tested without a server.
 */
public final class WebUi {
  public static final String ASSETS = "/ui/";
  private static final String ROOT = "io/fulcrum/ui/";
  private static final List<String> FILES =
      List.of(
          "fleet.html",
          "pool.html",
          "incident.html",
          "app.css",
          "common.js",
          "chart.js",
          "fleet.js",
          "pool.js",
          "incident.js",
          "favicon.svg");
  private static final Map<String, String> TYPES =
      Map.of(
          "html",
          "text/html; charset=utf-8",
          "css",
          "text/css; charset=utf-8",
          "js",
          "text/javascript; charset=utf-8",
          "svg",
          "image/svg+xml");

  /** Scripts and styles only from this server, no inline script: API data can never run as code. */
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private record Asset(byte[] body, String type, String etag) {}

  private final Map<String, Asset> assets;

  private WebUi(Map<String, Asset> assets) {
    this.assets = assets;
  }

  /**
   * Reads every asset from the classpath; fails at startup, not on a request, if one is missing.
   */
  public static WebUi load() {
    Map<String, Asset> m = new LinkedHashMap<>();
    for (String name : FILES) {
      try (InputStream in = WebUi.class.getClassLoader().getResourceAsStream(ROOT + name)) {
        if (in == null) {
          throw new IllegalStateException(
              "the web UI's " + ROOT + name + " is missing from the jar");
        }
        byte[] body = in.readAllBytes();
        m.put(
            name,
            new Asset(body, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), etag(body)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + ROOT + name, e);
      }
    }
    return new WebUi(Map.copyOf(m));
  }

  /** Whether {@code path} is the UI's rather than the API's. */
  public static boolean owns(String path) {
    return path == null || !(path.equals("/api") || path.startsWith("/api/"));
  }

  /**
   * @param path the decoded request path
   * @param ifNoneMatch the If-None-Match header, or null
   */
  public ApiResponse serve(String method, String path, String ifNoneMatch) {
    String name = page(path);
    if (name == null) {
      return ApiResponse.error(
          404,
          "no such page: "
              + path
              + " (pages: /, /pools/{pool}, /incidents/{id}; API under "
              + QueryRouter.PREFIX
              + "/)");
    }
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      return ApiResponse.error(405, "the web UI's pages are read with GET")
          .withHeader("Allow", "GET, HEAD");
    }
    Asset a = assets.get(name);
    if (a.etag().equals(ifNoneMatch)) {
      return new ApiResponse(304, new byte[0], headers(a, name));
    }
    return new ApiResponse(200, "HEAD".equals(method) ? new byte[0] : a.body(), headers(a, name));
  }

  /** The asset a path shows, or null for a path that is no page. */
  private String page(String path) {
    if (path == null) {
      return null;
    }
    if (path.equals("/")) {
      return "fleet.html";
    }
    if (oneSegmentUnder(path, "/pools/")) {
      return "pool.html";
    }
    if (oneSegmentUnder(path, "/incidents/")) {
      return "incident.html";
    }
    if (path.startsWith(ASSETS)) {
      String name = path.substring(ASSETS.length());
      return name.endsWith(".html") || !assets.containsKey(name) ? null : name;
    }
    return null;
  }

  private static boolean oneSegmentUnder(String path, String prefix) {
    return path.startsWith(prefix)
        && path.length() > prefix.length()
        && path.indexOf('/', prefix.length()) < 0;
  }

  private static Map<String, String> headers(Asset a, String name) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", a.type());
    // Revalidate every time: cheap with the ETag, and a new version is never mixed with an old
    // script.
    h.put("Cache-Control", "no-cache");
    h.put("ETag", a.etag());
    h.put("X-Content-Type-Options", "nosniff");
    if (name.endsWith(".html")) {
      h.put("Content-Security-Policy", CSP);
      h.put("Referrer-Policy", "no-referrer");
    }
    return Map.copyOf(h);
  }

  private static String etag(byte[] body) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
      return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
