package io.fulcrum.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.config.ConfigException;
import io.fulcrum.config.RawConfig;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The query API of a running {@code fulcrum run}, as tables in the terminal. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Show pools, their current window and open incidents from a running `fulcrum run`.",
      "Asks the query API (docs/operations.md, Query API); any instance answers for every pool.",
      "",
      "Exit codes: 0 shown, 1 the API answered with an error or could not be reached.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  fulcrum status",
      "  fulcrum status --pool be_web --windows 30",
      "  fulcrum status --api http://fulcrum-1:9406 --json"
    })
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

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

  @Option(
      names = "--pool",
      paramLabel = "NAME",
      description = "One pool: its recent windows, server by server.")
  String pool;

  @Option(
      names = "--windows",
      paramLabel = "N",
      defaultValue = "12",
      description = "With --pool: how many recent windows (default: ${DEFAULT-VALUE}).")
  int windows;

  @Option(names = "--json", description = "Print the API's JSON as it came.")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String base;
    try {
      base = (api != null ? api : defaultApi(config)).replaceAll("/+$", "");
    } catch (ConfigException e) {
      err.println("fulcrum status: " + e.getMessage());
      return 1;
    }
    try {
      if (pool == null) {
        JsonNode pools = get(base, "/api/v1/pools", out, err);
        if (pools == null) {
          return 1;
        }
        if (!json) {
          StatusFormat.pools(pools, out);
        }
        return 0;
      }
      String p = URLEncoder.encode(pool, StandardCharsets.UTF_8);
      JsonNode ws = get(base, "/api/v1/pools/" + p + "/windows?limit=" + windows, out, err);
      if (ws == null) {
        return 1;
      }
      if (!json) {
        StatusFormat.windows(ws, out);
      }
      return 0;
    } catch (IOException e) {
      err.println(
          "fulcrum status: cannot reach the query API at "
              + base
              + ": "
              + (e instanceof ConnectException ? "connection refused" : e.getMessage())
              + " (is `fulcrum run` up, with fulcrum.api.port set? --api URL names another instance)");
      return 1;
    }
  }

  /** The body as JSON on 200 (printed as is with --json); null after printing the API's error. */
  private JsonNode get(String base, String path, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    HttpResponse<String> res =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      String why;
      try {
        why = JsonSerde.MAPPER.readTree(res.body()).path("error").asText(res.body());
      } catch (IOException e) {
        why = res.body();
      }
      String retry =
          res.headers().firstValue("Retry-After").map(s -> " (retry in " + s + " s)").orElse("");
      err.println("fulcrum status: " + why + retry + " [HTTP " + res.statusCode() + "]");
      return null;
    }
    if (json) {
      out.println(res.body());
    }
    return JsonSerde.MAPPER.readTree(res.body());
  }

  /**
   * Only the fulcrum.api.* keys: the rest of the app's settings (its signing secret...) are not
   * needed here.
   */
  static String defaultApi(Path config) {
    RawConfig c = RawConfig.load(FulcrumSettings.DEFAULTS, config, System.getenv());
    String bind = c.string("fulcrum.api.host");
    boolean wildcard = bind.equals("0.0.0.0") || bind.equals("::");
    String host = c.stringOr("fulcrum.api.advertised-host", wildcard ? "127.0.0.1" : bind);
    int port = c.port("fulcrum.api.port");
    return "http://" + host + ":" + (port == 0 ? FulcrumSettings.DEFAULT_API_PORT : port);
  }
}
