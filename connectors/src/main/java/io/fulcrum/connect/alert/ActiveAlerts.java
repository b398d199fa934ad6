package io.fulcrum.connect.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts still firing, by the anomaly or incident they stand for. Changes are planned on a copy
 * ({@link #plan()}) and kept only once Alertmanager accepted them, so a batch Connect redelivers
 * after a failure produces the same alerts again.
 */
final class ActiveAlerts {
  private volatile Map<String, Alert> firing = new LinkedHashMap<>();

  Plan plan() {
    return new Plan(new LinkedHashMap<>(firing));
  }

  void commit(Plan plan) {
    firing = plan.firing;
  }

  int size() {
    return firing.size();
  }

  /** The alerts of one delivery, with the firing set they leave behind. */
  static final class Plan {
    private final Map<String, Alert> firing;

    /**
     * Keyed by labels: a later alert with the same labels supersedes an earlier one in the same
     * POST.
     */
    private final Map<Map<String, String>, Alert> toSend = new LinkedHashMap<>();

    private Plan(Map<String, Alert> firing) {
      this.firing = firing;
    }

    /**
     * Adds the alert; if the object's labels changed (e.g. severity), the alert under the old
     * labels ends now.
     */
    void apply(String identity, Alert alert, Instant now) {
      Alert previous = firing.get(identity);
      if (previous != null && !previous.labels().equals(alert.labels())) {
        add(previous.resolvedAt(now));
      }
      add(alert);
      if (alert.resolved()) {
        firing.remove(identity);
      } else {
        firing.put(identity, alert);
      }
    }

    /**
     * Re-sends every alert still firing (Alertmanager closes alerts not refreshed within
     * resolve_timeout).
     */
    void refreshFiring() {
      for (Alert a : firing.values()) {
        toSend.putIfAbsent(a.labels(), a);
      }
    }

    private void add(Alert a) {
      toSend.remove(a.labels());
      toSend.put(a.labels(), a);
    }

    List<Alert> alerts() {
      return new ArrayList<>(toSend.values());
    }

    Collection<Alert> firing() {
      return firing.values();
    }
  }
}
