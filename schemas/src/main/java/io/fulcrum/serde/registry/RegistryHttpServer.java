package io.fulcrum.serde.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Serves a {@link MockSchemaRegistry} over the Confluent Schema Registry REST API, so that clients
 * nobody here wrote (Confluent's Python AvroProducer/AvroConsumer, kcat, Connect) can use the
 * demo's in-memory registry. Implements the endpoints those clients call; binds to loopback by
 * default.
 */
public final class RegistryHttpServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final MockSchemaRegistry registry;
  private final HttpServer server;
  private final ExecutorService executor;
  private final Optional<String> expectedAuth;

  /**
   * @param port 0 for an ephemeral port
   * @param userInfo {@code user:password} to require HTTP basic auth, or null for none
   */
  public RegistryHttpServer(MockSchemaRegistry registry, String host, int port, String userInfo)
      throws IOException {
    this.registry = registry;
    this.expectedAuth =
        Optional.ofNullable(userInfo)
            .map(
                u ->
                    "Basic "
                        + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)));
    this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
    this.executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "schema-registry-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI url() {
    return URI.create(
        "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      if (expectedAuth.isPresent()
          && !expectedAuth.get().equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        send(ex, 401, error(40101, "Unauthorized"));
        return;
      }
      Object body = route(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex);
      send(ex, 200, body);
    } catch (SchemaRegistryException e) {
      int status = e.status() > 0 ? e.status() : 500;
      send(ex, status, error(e.errorCode() > 0 ? e.errorCode() : status * 100, e.getMessage()));
    } catch (SchemaParseException | IllegalArgumentException e) {
      send(
          ex,
          422,
          error(SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage()));
    } catch (RuntimeException e) {
      send(ex, 500, error(50001, e.toString()));
    } finally {
      ex.close();
    }
  }

  private Object route(String method, String rawPath, HttpExchange ex) throws IOException {
    String[] p = rawPath.replaceAll("^/+|/+$", "").split("/");
    String subject = p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : null;
    if (method.equals("GET") && p.length == 3 && p[0].equals("schemas") && p[1].equals("ids")) {
      return Map.of("schema", registry.schemaById(Integer.parseInt(p[2])).toString());
    }
    if (method.equals("GET") && p.length == 1 && p[0].equals("subjects")) {
      return registry.subjects();
    }
    if (method.equals("GET") && p.length == 1 && p[0].equals("config")) {
      return Map.of("compatibilityLevel", "BACKWARD");
    }
    if (p.length >= 2 && p[0].equals("subjects")) {
      if (method.equals("POST") && p.length == 3 && p[2].equals("versions")) {
        return Map.of("id", registry.register(subject, readSchema(ex)));
      }
      if (method.equals("POST") && p.length == 2) {
        Schema schema = readSchema(ex);
        int id = registry.lookup(subject, schema);
        return versionBody(
            registry.versions(subject).stream()
                .map(v -> registry.version(subject, v))
                .filter(v -> v.id() == id)
                .findFirst()
                .orElseThrow());
      }
      if (method.equals("GET") && p.length == 3 && p[2].equals("versions")) {
        return registry.versions(subject);
      }
      if (method.equals("GET") && p.length == 4 && p[2].equals("versions")) {
        int v = p[3].equals("latest") ? -1 : Integer.parseInt(p[3]);
        return versionBody(registry.version(subject, v));
      }
    }
    throw new SchemaRegistryException(404, 404, "HTTP 404 Not Found: " + method + " " + rawPath);
  }

  private static Schema readSchema(HttpExchange ex) throws IOException {
    JsonNode body = JSON.readTree(ex.getRequestBody());
    String type = body.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw new SchemaRegistryException(
          422,
          SchemaRegistryException.INVALID_SCHEMA,
          "only AVRO schemas are supported, got " + type);
    }
    String text = body.path("schema").asText(null);
    if (text == null) {
      throw new SchemaRegistryException(
          422, SchemaRegistryException.INVALID_SCHEMA, "request body has no 'schema' field");
    }
    return new Schema.Parser().parse(text);
  }

  private static Map<String, Object> versionBody(MockSchemaRegistry.Version v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("subject", v.subject());
    m.put("version", v.version());
    m.put("id", v.id());
    m.put("schema", v.schema().toString());
    return m;
  }

  private static Map<String, Object> error(int code, String message) {
    return Map.of("error_code", code, "message", message);
  }

  private static void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }
}
