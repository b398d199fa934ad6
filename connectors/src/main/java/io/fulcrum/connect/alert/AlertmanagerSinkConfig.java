package io.fulcrum.connect.alert;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/** Settings of the Alertmanager sink connector, declared once. */
public record AlertmanagerSinkConfig(
    List<URI> alertmanagers,
    long requestTimeoutMs,
    long backoffInitialMs,
    long backoffMaxMs,
    long resendIntervalMs,
    String anomalyAlertName,
    String incidentAlertName,
    Map<String, String> extraLabels,
    String generatorUrl,
    int maxAlertsPerRequest,
    String uiUrl) {

  public static final String URLS = "alertmanager.urls";
  public static final String TIMEOUT_MS = "alertmanager.timeout.ms";
  public static final String BACKOFF_INITIAL_MS = "retry.backoff.initial.ms";
  public static final String BACKOFF_MAX_MS = "retry.backoff.max.ms";
  public static final String RESEND_INTERVAL_MS = "alert.resend.interval.ms";
  public static final String ANOMALY_ALERT_NAME = "alert.name.anomaly";
  public static final String INCIDENT_ALERT_NAME = "alert.name.incident";
  public static final String EXTRA_LABELS = "alert.extra.labels";
  public static final String GENERATOR_URL = "alert.generator.url";
  public static final String MAX_ALERTS_PER_REQUEST = "alertmanager.max.alerts.per.request";
  public static final String UI_URL = "alert.ui.url";

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  public static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              URLS,
              Type.LIST,
              ConfigDef.NO_DEFAULT_VALUE,
              AlertmanagerSinkConfig::validateUrls,
              Importance.HIGH,
              "Alertmanager base URLs (http(s)://host:9093), comma separated. Every alert goes to each of them, as "
                  + "Prometheus does for an Alertmanager cluster; a batch counts as delivered once one accepts it.")
          .define(
              TIMEOUT_MS,
              Type.LONG,
              10_000L,
              Range.between(100L, 300_000L),
              Importance.MEDIUM,
              "Timeout of one POST to /api/v2/alerts.")
          .define(
              BACKOFF_INITIAL_MS,
              Type.LONG,
              500L,
              Range.between(1L, 600_000L),
              Importance.MEDIUM,
              "First wait before Connect redelivers a batch no Alertmanager accepted; doubles on each failure.")
          .define(
              BACKOFF_MAX_MS,
              Type.LONG,
              30_000L,
              Range.between(1L, 3_600_000L),
              Importance.MEDIUM,
              "Longest wait between redeliveries. Retries never stop: an alert is only committed once delivered.")
          .define(
              RESEND_INTERVAL_MS,
              Type.LONG,
              60_000L,
              Range.atLeast(0L),
              Importance.MEDIUM,
              "Re-send alerts still firing this often, so Alertmanager's resolve_timeout does not close them. 0 disables.")
          .define(
              ANOMALY_ALERT_NAME,
              Type.STRING,
              "FulcrumAnomaly",
              new ConfigDef.NonEmptyString(),
              Importance.LOW,
              "alertname label of alerts from fulcrum.anomalies.")
          .define(
              INCIDENT_ALERT_NAME,
              Type.STRING,
              "FulcrumIncident",
              new ConfigDef.NonEmptyString(),
              Importance.LOW,
              "alertname label of alerts from fulcrum.incidents.")
          .define(
              EXTRA_LABELS,
              Type.LIST,
              "",
              AlertmanagerSinkConfig::validateLabels,
              Importance.LOW,
              "Labels added to every alert, as name=value pairs, comma separated (e.g. env=prod,team=edge).")
          .define(
              GENERATOR_URL,
              Type.STRING,
              "",
              AlertmanagerSinkConfig::validateGenerator,
              Importance.LOW,
              "generatorURL of every alert (e.g. a dashboard). Empty leaves it out.")
          .define(
              MAX_ALERTS_PER_REQUEST,
              Type.INT,
              500,
              Range.between(1, 100_000),
              Importance.LOW,
              "Most alerts in one POST.")
          .define(
              UI_URL,
              Type.STRING,
              "",
              AlertmanagerSinkConfig::validateGenerator,
              Importance.MEDIUM,
              "Base URL of Fulcrum's web UI as operators reach it (e.g. https://fulcrum.example.com). When set, an "
                  + "incident alert's generatorURL is <base>/incidents/<id> and it gets an incident_url annotation; an "
                  + "anomaly alert links to <base>/pools/<pool> (annotation pool_url). These links replace "
                  + GENERATOR_URL
                  + ". Empty: no UI links.");

  public static AlertmanagerSinkConfig from(Map<String, String> props) {
    AbstractConfig c = new AbstractConfig(DEFINITION, props);
    long initial = c.getLong(BACKOFF_INITIAL_MS);
    long max = c.getLong(BACKOFF_MAX_MS);
    if (max < initial) {
      throw new ConfigException(
          BACKOFF_MAX_MS, max, "must be at least " + BACKOFF_INITIAL_MS + " (" + initial + ")");
    }
    return new AlertmanagerSinkConfig(
        c.getList(URLS).stream().map(AlertmanagerSinkConfig::baseUri).toList(),
        c.getLong(TIMEOUT_MS),
        initial,
        max,
        c.getLong(RESEND_INTERVAL_MS),
        c.getString(ANOMALY_ALERT_NAME),
        c.getString(INCIDENT_ALERT_NAME),
        labels(c.getList(EXTRA_LABELS)),
        c.getString(GENERATOR_URL).trim(),
        c.getInt(MAX_ALERTS_PER_REQUEST),
        stripSlash(c.getString(UI_URL).trim()));
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  private static URI baseUri(String s) {
    String trimmed = s.trim();
    return URI.create(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
  }

  private static Map<String, String> labels(List<String> pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String p : pairs) {
      int eq = p.indexOf('=');
      out.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
    }
    return Map.copyOf(out);
  }

  private static void validateUrls(String name, Object value) {
    List<?> urls = (List<?>) value;
    if (urls == null || urls.isEmpty()) {
      throw new ConfigException(
          name, value, "list at least one Alertmanager URL, e.g. http://alertmanager:9093");
    }
    for (Object u : urls) {
      URI uri;
      try {
        uri = URI.create(u.toString().trim());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name, u, "not a URL: " + e.getMessage());
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new ConfigException(name, u, "must be an http(s)://host:port URL");
      }
    }
  }

  private static void validateLabels(String name, Object value) {
    for (Object o : (List<?>) value) {
      String p = o.toString();
      int eq = p.indexOf('=');
      if (eq <= 0
          || !LABEL_NAME.matcher(p.substring(0, eq).trim()).matches()
          || p.substring(eq + 1).isBlank()) {
        throw new ConfigException(
            name, p, "expected label=value with a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
      }
      if (List.of("alertname", "pool", "kind", "severity", "server")
          .contains(p.substring(0, eq).trim())) {
        throw new ConfigException(name, p, "this label is set by the connector itself");
      }
    }
  }

  private static void validateGenerator(String name, Object value) {
    String s = String.valueOf(value).trim();
    if (!s.isEmpty() && !(s.startsWith("http://") || s.startsWith("https://"))) {
      throw new ConfigException(name, value, "must be an http(s) URL or empty");
    }
  }
}
