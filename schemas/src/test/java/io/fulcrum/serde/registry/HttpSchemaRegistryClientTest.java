package io.fulcrum.serde.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.RequestEvent;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpSchemaRegistryClientTest {
  private final MockSchemaRegistry backing = new MockSchemaRegistry("http-test");
  private RegistryHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpSchemaRegistryClient client(String serverAuth, String clientAuth) throws Exception {
    server = new RegistryHttpServer(backing, "127.0.0.1", 0, serverAuth);
    return new HttpSchemaRegistryClient(List.of(server.url()), clientAuth, Duration.ofSeconds(5));
  }

  @Test
  void registersUnderTheSubjectAndFetchesTheSchemaBackById() throws Exception {
    HttpSchemaRegistryClient client = client(null, null);
    int id = client.register("fulcrum.anomalies-value", AnomalyEvent.getClassSchema());
    assertThat(client.schemaById(id)).isEqualTo(AnomalyEvent.getClassSchema());
    assertThat(client.lookup("fulcrum.anomalies-value", AnomalyEvent.getClassSchema()))
        .isEqualTo(id);
    assertThat(backing.subjects()).containsExactly("fulcrum.anomalies-value");
  }

  @Test
  void givesTheSameIdToTheSameSchemaUnderTwoSubjects() throws Exception {
    HttpSchemaRegistryClient client = client(null, null);
    int a = client.register("a-value", RequestEvent.getClassSchema());
    int b = client.register("b-value", RequestEvent.getClassSchema());
    assertThat(a).isEqualTo(b);
  }

  @Test
  void reportsAnUnknownIdWithStatusAndConfluentErrorCode() throws Exception {
    HttpSchemaRegistryClient client = client(null, null);
    assertThatThrownBy(() -> client.schemaById(77))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.errorCode()).isEqualTo(40403);
            })
        .hasMessageContaining("GET /schemas/ids/77")
        .hasMessageContaining("HTTP 404");
  }

  @Test
  void sendsBasicAuthCredentials() throws Exception {
    HttpSchemaRegistryClient client = client("fulcrum:s3cret", "fulcrum:s3cret");
    assertThat(client.register("t-value", RequestEvent.getClassSchema())).isPositive();
  }

  @Test
  void explainsAnAuthFailure() throws Exception {
    HttpSchemaRegistryClient client = client("fulcrum:s3cret", "fulcrum:wrong");
    assertThatThrownBy(() -> client.register("t-value", RequestEvent.getClassSchema()))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(401))
        .hasMessageContaining("basic.auth.user.info");
  }

  @Test
  void rejectsAnIncompatibleNewVersionWith409() throws Exception {
    HttpSchemaRegistryClient client = client(null, null);
    Schema v1 = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
    Schema v2 = SchemaBuilder.record("R").fields().requiredString("a").requiredInt("b").endRecord();
    client.register("r-value", v1);
    assertThatThrownBy(() -> client.register("r-value", v2))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(409))
        .hasMessageContaining("BACKWARD");
  }

  @Test
  void failsOverToTheNextUrlAndNamesAllWhenNoneAnswers() throws Exception {
    client(null, null);
    URI dead = URI.create("http://127.0.0.1:1");
    HttpSchemaRegistryClient failover =
        new HttpSchemaRegistryClient(List.of(dead, server.url()), null, Duration.ofSeconds(2));
    assertThat(failover.register("f-value", RequestEvent.getClassSchema())).isPositive();

    HttpSchemaRegistryClient none =
        new HttpSchemaRegistryClient(List.of(dead), null, Duration.ofSeconds(2));
    assertThatThrownBy(() -> none.schemaById(1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("unreachable")
        .hasMessageContaining("127.0.0.1:1");
  }

  @Test
  void cachesAnswersSoTheRegistryIsAskedOnce() throws Exception {
    SchemaRegistryClient cached = new CachingSchemaRegistryClient(client(null, null));
    int id = cached.register("c-value", RequestEvent.getClassSchema());
    server.close();
    server = null;
    assertThat(cached.register("c-value", RequestEvent.getClassSchema())).isEqualTo(id);
    assertThat(cached.schemaById(id)).isEqualTo(RequestEvent.getClassSchema());
  }

  @Test
  void buildsClientsFromConfluentStyleSettings() throws Exception {
    client("u:p", null);
    SchemaRegistryClient fromUserInfo =
        SchemaRegistries.fromConfig(
            Map.of("schema.registry.url", server.url().toString(), "basic.auth.user.info", "u:p"));
    assertThat(fromUserInfo.register("s-value", RequestEvent.getClassSchema())).isPositive();
    String withCreds = server.url().toString().replace("http://", "http://u:p@");
    SchemaRegistryClient fromUrl =
        SchemaRegistries.fromConfig(
            Map.of("schema.registry.url", withCreds, "basic.auth.credentials.source", "URL"));
    assertThat(fromUrl.schemaById(1)).isEqualTo(RequestEvent.getClassSchema());
    assertThat(SchemaRegistries.fromConfig(Map.of("schema.registry.url", "mock://x")))
        .isSameAs(MockRegistryScopes.scope("x"));
    assertThatThrownBy(() -> SchemaRegistries.fromConfig(Map.of()))
        .hasMessageContaining("schema.registry.url is required");
    assertThatThrownBy(() -> SchemaRegistries.fromConfig(Map.of("schema.registry.url", "ftp://x")))
        .hasMessageContaining("neither http(s):// nor mock://");
  }
}
