package io.fulcrum.serde.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Builds a registry client from Confluent-style serde settings. */
public final class SchemaRegistries {
  public static final String URL = "schema.registry.url";
  public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String TIMEOUT_MS = "schema.registry.request.timeout.ms";
  public static final String MOCK_PREFIX = "mock://";

  private SchemaRegistries() {}

  /**
   * {@code schema.registry.url} is {@code mock://<scope>} (in-memory, shared per scope) or a comma
   * separated list of http(s) URLs. Basic auth comes from {@code basic.auth.user.info} (source
   * USER_INFO, the default when it is set) or from the URL's user info (source URL).
   */
  public static SchemaRegistryClient fromConfig(Map<String, ?> configs) {
    Object raw = configs.get(URL);
    if (raw == null || raw.toString().isBlank()) {
      throw new IllegalArgumentException(URL + " is required (http://host:8081 or mock://<scope>)");
    }
    String url = raw.toString().trim();
    if (url.startsWith(MOCK_PREFIX)) {
      return MockRegistryScopes.scope(url.substring(MOCK_PREFIX.length()));
    }
    List<URI> uris =
        Arrays.stream(url.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(s -> parse(s))
            .toList();
    String source = setting(configs, BASIC_AUTH_SOURCE, "USER_INFO");
    String userInfo =
        switch (source) {
          case "USER_INFO" -> (String) configs.get(BASIC_AUTH_USER_INFO);
          case "URL" -> uris.get(0).getUserInfo();
          default ->
              throw new IllegalArgumentException(
                  BASIC_AUTH_SOURCE + ": unsupported value '" + source + "' (USER_INFO or URL)");
        };
    long timeoutMs = Long.parseLong(setting(configs, TIMEOUT_MS, "10000"));
    List<URI> withoutUserInfo = uris.stream().map(SchemaRegistries::stripUserInfo).toList();
    return new CachingSchemaRegistryClient(
        new HttpSchemaRegistryClient(withoutUserInfo, userInfo, Duration.ofMillis(timeoutMs)));
  }

  private static String setting(Map<String, ?> configs, String key, String dflt) {
    Object v = configs.get(key);
    return v == null ? dflt : v.toString();
  }

  private static URI parse(String s) {
    URI uri = URI.create(s);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(URL + ": '" + s + "' is neither http(s):// nor mock://");
    }
    return uri;
  }

  private static URI stripUserInfo(URI u) {
    try {
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(URL + ": " + u, e);
    }
  }
}
