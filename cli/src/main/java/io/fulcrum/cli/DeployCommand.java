package io.fulcrum.cli;

import io.fulcrum.actuator.ActuatorSettings;
import io.fulcrum.actuator.ChangePublisher;
import io.fulcrum.actuator.DeployRequest;
import io.fulcrum.actuator.DeployResult;
import io.fulcrum.actuator.Deployer;
import io.fulcrum.actuator.backend.BackendRoutes;
import io.fulcrum.config.ConfigException;
import io.fulcrum.config.RawConfig;
import io.fulcrum.guard.check.GuardSettings;
import io.fulcrum.guard.check.ReportText;
import io.fulcrum.guard.rehearse.RequestSample;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Deploys a stored config version through the change guard and announces it: the actuator's apply
 * path.
 */
// No mixinStandardHelpOptions: its -V/--version would clash with --version V (a store version).
@Command(
    name = "deploy",
    sortOptions = false,
    usageHelpWidth = 110,
    description = {
      "Deploy a stored load-balancer config version through the change guard, then announce it.",
      "Checks versions/<pool>/<V> against the pool's active version like 'fulcrum check' (and rehearses it with",
      "--rehearse). A blocked candidate is refused unless --force --reason TEXT is given. Then the actuator's own",
      "apply path (validate, switch, reload, verify) makes it live, and an LbConfigChange with the declared",
      "weights, the author, the guard's verdict and findings and the forced reason goes to fulcrum.config-changes.",
      "Settings come from the actuator's --config file (Kafka, registry, topics, fulcrum.haproxy.*/nginx.*,",
      "fulcrum.guard.*), then FULCRUM_* variables.",
      "",
      "Exit codes: 0 applied (or already active), 1 blocked (nothing changed), 2 bad input (unknown pool or",
      "version, a config that does not parse, a bad setting), 3 apply failed (the previous config stays).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  fulcrum deploy --config actuator.properties --pool be_web --version v43",
      "  fulcrum deploy --config actuator.properties --store /var/lib/fulcrum/lb-store --pool be_web --version v42 \\",
      "      --force --reason 'web-2..4 are being reimaged' --author alice"
    })
final class DeployCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The actuator's properties file (Kafka keys, topics, backends, fulcrum.guard.* thresholds).")
  Path config;

  @Option(
      names = "--store",
      paramLabel = "DIR",
      description =
          "The config store (default: fulcrum.haproxy.store or fulcrum.nginx.store of the pool's backend).")
  Path store;

  @Option(
      names = "--pool",
      paramLabel = "NAME",
      required = true,
      description = "The pool, e.g. be_web.")
  String pool;

  @Option(
      names = "--version",
      paramLabel = "V",
      required = true,
      description = "The stored version to deploy.")
  String version;

  @Option(
      names = "--rehearse",
      description = "Also run both configs in a real haproxy/nginx on loopback and measure.")
  boolean rehearse;

  @Option(
      names = "--sample-log",
      paramLabel = "FILE",
      description = "Rehearsal requests from an access log.")
  Path sampleLog;

  @Option(names = "--force", description = "Apply even when the guard blocks (needs --reason).")
  boolean force;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why the guard's verdict is overruled.")
  String reason;

  @Option(names = "--author", paramLabel = "NAME", description = "Who deploys (default: $USER).")
  String author;

  @Override
  public Integer call() throws IOException {
    Map<String, String> env = System.getenv();
    Map<String, String> values = load(env);
    GuardSettings guard = GuardSettings.from(values);
    ActuatorSettings settings = actuatorSettings(values);
    for (String key : new String[] {"bootstrap.servers", "schema.registry.url"}) {
      if (!settings.kafka().containsKey(key)) {
        throw new ConfigException(
            key,
            "is required to announce the change (set it in --config or FULCRUM_KAFKA_"
                + key.toUpperCase(Locale.ROOT).replace('.', '_')
                + ")");
      }
    }
    String who =
        author != null
            ? author
            : env.getOrDefault("USER", System.getProperty("user.name", "unknown"));
    DeployRequest request =
        new DeployRequest(
            pool,
            version,
            rehearse,
            sampleLog == null ? null : RequestSample.read(sampleLog),
            force,
            reason,
            who);
    DeployResult r;
    try (ChangePublisher publisher = ChangePublisher.kafka(settings)) {
      r = new Deployer(settings, Map.of(), guard, publisher, Clock.systemUTC()).deploy(request);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "fulcrum deploy: "
            + pool
            + " "
            + (r.versionBefore() == null ? "(none)" : r.versionBefore())
            + " -> "
            + version);
    ReportText.lines(r.report()).forEach(out::println);
    out.println(
        switch (r.outcome()) {
          case APPLIED ->
              "deployed: "
                  + r.detail()
                  + (r.announced()
                      ? "; announced on " + settings.topics().configChanges()
                      : "; NOT announced (the actuator's watcher will announce it as detected)")
                  + (r.change() != null && r.change().getForcedReason() != null
                      ? " (forced past the guard)"
                      : "");
          case UNCHANGED -> "unchanged: " + r.detail();
          case BLOCKED -> "refused: " + r.detail();
          case FAILED -> "failed: " + r.detail();
        });
    out.flush();
    if (r.outcome() == DeployResult.Outcome.APPLIED && !r.announced()) {
      spec.commandLine().getErr().println("fulcrum deploy: applied but not announced");
    }
    return r.exitCode();
  }

  /** Defaults of the actuator and the guard, then --config, then FULCRUM_* variables. */
  private Map<String, String> load(Map<String, String> env) {
    Map<String, String> defaults = new LinkedHashMap<>(ActuatorSettings.kafkaDefaults());
    defaults.putAll(ActuatorSettings.DEFAULTS);
    defaults.putAll(GuardSettings.DEFAULTS);
    // a deploy verifies no command: a signing secret is not needed, only accepted
    defaults.put(
        "fulcrum.signing.secret", HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));
    return new LinkedHashMap<>(RawConfig.load(defaults, config, env).asMap());
  }

  /**
   * The actuator's settings. --store points the pool's backend at DIR; a pool the settings do not
   * route to a store backend (the default {@code *:dry-run}) is routed by the store's files: {@code
   * .conf} nginx, else haproxy.
   */
  private ActuatorSettings actuatorSettings(Map<String, String> values) {
    Map<String, String> m = new LinkedHashMap<>(values);
    m.keySet().removeIf(k -> k.startsWith(GuardSettings.PREFIX));
    if (store != null) {
      if (!Files.isDirectory(store)) {
        throw new IllegalArgumentException("--store: " + store + " is not a directory");
      }
      BackendRoutes routes = BackendRoutes.parse(m.get(BackendRoutes.KEY));
      String routed = routes.backendFor(pool);
      String backend = routed;
      if (!"haproxy".equals(routed) && !"nginx".equals(routed)) {
        if (routes.byPool().containsKey(pool)) {
          throw new IllegalArgumentException(
              "pool "
                  + pool
                  + " is routed to "
                  + routed
                  + " in "
                  + BackendRoutes.KEY
                  + "; deploy needs a config store: haproxy or nginx");
        }
        backend = hasConf(store, pool) ? "nginx" : "haproxy";
        m.put(BackendRoutes.KEY, pool + ":" + backend + "," + m.get(BackendRoutes.KEY));
      }
      m.put("fulcrum." + backend + ".store", store.toString());
    }
    return ActuatorSettings.from(RawConfig.of(m));
  }

  private static boolean hasConf(Path store, String pool) {
    if (Files.exists(store.resolve("active").resolve(pool + ".conf"))) {
      return true;
    }
    try (Stream<Path> s = Files.list(store.resolve("versions").resolve(pool))) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".conf"));
    } catch (IOException e) {
      return false;
    }
  }
}
