package io.fulcrum.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fulcrum.config.ConfigException;
import io.fulcrum.query.JsonSerde;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fulcrum approve} and {@code fulcrum decline}: one POST to the query API's {@code
 * /api/v1/incidents/{id}/approve|decline}, authenticated with {@code fulcrum.api.approve-token}.
 */
abstract class DecisionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "INCIDENT",
      description = "The incident id, e.g. be_web@2026-03-14T09:02:00Z.")
  String incident;

  @Option(
      names = "--by",
      paramLabel = "NAME",
      defaultValue = "${sys:user.name}",
      description = "Who decides, for the timeline (default: your user name, ${DEFAULT-VALUE}).")
  String by;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:FULCRUM_API_APPROVE_TOKEN}",
      description = "The app's fulcrum.api.approve-token (default: env FULCRUM_API_APPROVE_TOKEN).")
  String token;

  @Option(
      names = "--api",
      paramLabel = "URL",
      description =
          "Base URL of an instance's query API (default: from --config, else http://127.0.0.1:9406).")
  String api;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The app's properties file, for fulcrum.api.*.")
  Path config;

  /** "approve" or "decline": the endpoint and the command's name. */
  abstract String verb();

  /** The reason, or null. */
  abstract String reason();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String name = "fulcrum " + verb();
    if (token == null || token.isBlank()) {
      err.println(
          name
              + ": no token: pass --token or set FULCRUM_API_APPROVE_TOKEN "
              + "(the app's fulcrum.api.approve-token)");
      return 1;
    }
    String base;
    try {
      base = (api != null ? api : StatusCommand.defaultApi(config)).replaceAll("/+$", "");
    } catch (ConfigException e) {
      err.println(name + ": " + e.getMessage());
      return 1;
    }
    ObjectNode body = JsonSerde.MAPPER.createObjectNode().put("by", by);
    if (reason() != null) {
      body.put("reason", reason());
    }
    // The id's '@' and ':' are legal in a path; encode anything else a typo might bring.
    String path =
        "/api/v1/incidents/"
            + URLEncoder.encode(incident, StandardCharsets.UTF_8)
                .replace("%40", "@")
                .replace("%3A", ":")
            + "/"
            + verb();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
      HttpResponse<String> res =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .timeout(Duration.ofSeconds(15))
                  .header("Authorization", "Bearer " + token.trim())
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode json = parse(res.body());
      if (res.statusCode() != 202) {
        err.println(
            name
                + ": "
                + (json == null ? res.body() : json.path("error").asText(res.body()))
                + " [HTTP "
                + res.statusCode()
                + "]");
        return 1;
      }
      out.println(
          verb()
              + " of "
              + incident
              + " accepted (request "
              + (json == null ? "?" : json.path("requestId").asText("?"))
              + "); `fulcrum status` and the incident's timeline show the outcome");
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      err.println(
          name
              + ": cannot reach the query API at "
              + base
              + ": "
              + (e instanceof ConnectException ? "connection refused" : e.getMessage())
              + " (is `fulcrum run` up? --api URL names another instance)");
      return 1;
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JsonSerde.MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }
}
