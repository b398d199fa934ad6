package io.fulcrum.actuator;

import io.fulcrum.actuator.backend.ApplyReport;
import io.fulcrum.actuator.backend.ApplyRequest;
import io.fulcrum.actuator.backend.Backend;
import io.fulcrum.actuator.backend.BackendException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A load balancer held in memory, recording every apply: the test stand-in for a real LB in handler
 * tests.
 */
public class InMemoryBackend implements Backend {
  public final Map<String, String> active = new ConcurrentHashMap<>();
  public final Set<String> versions = ConcurrentHashMap.newKeySet();
  public final List<ApplyRequest> applies = new CopyOnWriteArrayList<>();
  public volatile String failWith;
  public volatile String notServing;

  public InMemoryBackend(String pool, String activeVersion, String... otherVersions) {
    active.put(pool, activeVersion);
    versions.add(activeVersion);
    versions.addAll(List.of(otherVersions));
  }

  @Override
  public String name() {
    return "mem";
  }

  @Override
  public String activeVersion(String pool) {
    return active.get(pool);
  }

  @Override
  public boolean hasVersion(String pool, String version) {
    return versions.contains(version);
  }

  @Override
  public ApplyReport apply(ApplyRequest r) throws BackendException {
    applies.add(r);
    if (failWith != null) {
      throw new BackendException(failWith);
    }
    String before = active.put(r.pool(), r.toVersion());
    return new ApplyReport(
        before, r.toVersion(), Map.of("web-1", 1.0, "web-2", 1.0), "switched in memory");
  }

  @Override
  public String confirmServing(String pool, String version) {
    return notServing;
  }
}
