package io.fulcrum.serde.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Confluent Schema Registry REST client (the calls Confluent's own serializers make). Several base
 * URLs may be given; each call tries them in order until one answers. No caching here: wrap it in
 * {@link CachingSchemaRegistryClient}.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> baseUrls;
  private final Optional<String> authorization;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param baseUrls registry URLs, e.g. {@code http://registry:8081}
   * @param userInfo {@code user:password} for HTTP basic auth, or null
   */
  public HttpSchemaRegistryClient(List<URI> baseUrls, String userInfo, Duration timeout) {
    if (baseUrls.isEmpty()) {
      throw new IllegalArgumentException("schema.registry.url: at least one URL is required");
    }
    this.baseUrls = List.copyOf(baseUrls);
    this.authorization =
        Optional.ofNullable(userInfo)
            .filter(u -> !u.isBlank())
            .map(
                u ->
                    "Basic "
                        + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)));
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public int register(String subject, Schema schema) {
    JsonNode body = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
    return body.path("id").asInt();
  }

  @Override
  public int lookup(String subject, Schema schema) {
    JsonNode body = call("POST", "/subjects/" + encode(subject), schemaBody(schema));
    return body.path("id").asInt();
  }

  @Override
  public Schema schemaById(int id) {
    JsonNode body = call("GET", "/schemas/ids/" + id, null);
    String text = body.path("schema").asText(null);
    if (text == null) {
      throw new SchemaRegistryException(
          200, -1, describe() + ": GET /schemas/ids/" + id + " returned no schema");
    }
    String type = body.path("schemaType").asText("AVRO");
    if (!"AVRO".equals(type)) {
      throw new SchemaRegistryException(200, -1, "schema id " + id + " is " + type + ", not AVRO");
    }
    return new Schema.Parser().parse(text);
  }

  @Override
  public String describe() {
    return baseUrls.toString();
  }

  private static String schemaBody(Schema schema) {
    try {
      return JSON.writeValueAsString(Map.of("schema", schema.toString()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode call(String method, String path, String body) {
    IOException lastFailure = null;
    for (URI base : baseUrls) {
      HttpRequest.Builder req =
          HttpRequest.newBuilder(base.resolve(stripSlash(base) + path))
              .timeout(timeout)
              .header(
                  "Accept",
                  CONTENT_TYPE + ", application/vnd.schemaregistry+json, application/json");
      authorization.ifPresent(a -> req.header("Authorization", a));
      if (body != null) {
        req.header("Content-Type", CONTENT_TYPE)
            .method(method, HttpRequest.BodyPublishers.ofString(body));
      } else {
        req.method(method, HttpRequest.BodyPublishers.noBody());
      }
      try {
        HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        return parse(base, method, path, resp);
      } catch (IOException e) {
        lastFailure = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException("interrupted calling schema registry " + base, e);
      }
    }
    throw new SchemaRegistryException(
        "schema registry "
            + describe()
            + " unreachable: "
            + method
            + " "
            + path
            + ": "
            + lastFailure,
        lastFailure);
  }

  private static JsonNode parse(URI base, String method, String path, HttpResponse<String> resp)
      throws IOException {
    int status = resp.statusCode();
    JsonNode node;
    try {
      node = resp.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(resp.body());
    } catch (IOException e) {
      node = JSON.createObjectNode();
    }
    if (status / 100 == 2) {
      return node;
    }
    int code = node.path("error_code").asInt(-1);
    String message = node.path("message").asText(resp.body().strip());
    String hint = status == 401 || status == 403 ? " (check basic.auth.user.info)" : "";
    throw new SchemaRegistryException(
        status,
        code,
        "schema registry "
            + base
            + ": "
            + method
            + " "
            + path
            + " -> HTTP "
            + status
            + (code > 0 ? " (error " + code + ")" : "")
            + ": "
            + message
            + hint);
  }

  private static String stripSlash(URI base) {
    String p = base.getPath() == null ? "" : base.getPath();
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8);
  }
}
