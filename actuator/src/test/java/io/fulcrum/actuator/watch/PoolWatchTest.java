package io.fulcrum.actuator.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.actuator.backend.RuntimeServer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoolWatchTest {
  private static final Observed.FileState V41 =
      file("a41", Map.of("web-1", 1, "web-2", 1, "web-3", 1, "web-4", 1));
  private static final Observed.FileState V42 = file("b42", Map.of("web-1", 1));
  private final PoolWatch watch = new PoolWatch("be_web", "active/be_web.cfg");

  @Test
  void aPoolAnnouncedAlreadyIsNotAnnouncedAgainRoundAfterRound() {
    Announced v41 = new Announced("v41", hash("a41"), 1, "deploy-bot");

    assertThat(watch.observe(new Observed(V41, "v41", "w1", running(V41)), v41)).isEmpty();
    assertThat(watch.observe(new Observed(V41, "v41", "w1", running(V41)), v41)).isEmpty();
  }

  @Test
  void anAnnouncementWithoutHashFromAnOlderToolCountsForItsVersion() {
    assertThat(
            watch.observe(
                new Observed(V41, "v41", "w1", running(V41)),
                new Announced("v41", null, 1, "script")))
        .isEmpty();
  }

  @Test
  void aPoolNobodyAnnouncedIsAnnouncedAsDetectedWithItsDeclaredWeights() {
    Announcement a =
        watch.observe(new Observed(V41, "v41", "w1", running(V41)), null).orElseThrow();

    assertThat(a.version()).isEqualTo("v41");
    assertThat(a.author()).isEqualTo("detected");
    assertThat(a.servers()).isEqualTo(V41.declared());
    assertThat(a.configHash()).isEqualTo(hash("a41"));
    assertThat(a.description()).contains("active/be_web.cfg is v41");
  }

  @Test
  void aSwitchedPointerIsAnnouncedOnlyOnceTheLoadBalancerHasReloaded() {
    Announced v41 = new Announced("v41", hash("a41"), 1, "deploy-bot");
    watch.observe(new Observed(V41, "v41", "w1", running(V41)), v41);

    // switched by hand, not reloaded yet: HAProxy still runs v41, and its servers are no drift from
    // v41
    assertThat(watch.observe(new Observed(V42, "v42", "w1", running(V41)), v41)).isEmpty();
    Announcement a = watch.observe(new Observed(V42, "v42", "w2", running(V42)), v41).orElseThrow();

    assertThat(a.version()).isEqualTo("v42");
    assertThat(a.author()).isEqualTo("detected");
    assertThat(a.servers()).isEqualTo(Map.of("web-1", 1));
  }

  @Test
  void aChangeItsAuthorAnnouncedIsNotAnnouncedAgain() {
    watch.observe(
        new Observed(V41, "v41", "w1", running(V41)), new Announced("v41", hash("a41"), 1, "bot"));

    Announced deployed = new Announced("v42", hash("b42"), 2, "alice");
    assertThat(watch.observe(new Observed(V42, "v42", "w2", running(V42)), deployed)).isEmpty();
    Announced rolledBack = new Announced("v41", hash("a41"), 3, "fulcrum-actuator");
    assertThat(watch.observe(new Observed(V41, "v41", "w3", running(V41)), rolledBack)).isEmpty();
  }

  @Test
  void withoutAGenerationAFileChangeIsTakenAtOnce() {
    watch.observe(
        new Observed(V41, "v41", null, null), new Announced("v41", hash("a41"), 1, "bot"));

    assertThat(
            watch.observe(
                new Observed(V42, "v42", null, null), new Announced("v41", hash("a41"), 1, "bot")))
        .map(Announcement::version)
        .contains("v42");
  }

  @Test
  void aFileThatIsNoStoredVersionIsNamedByItsHashAndAVersionEditedInPlaceGetsTheHashAppended() {
    Announcement regular = watch.observe(new Observed(V42, null, "w1", null), null).orElseThrow();
    assertThat(regular.version()).isEqualTo("sha-" + hash("b42").substring(0, 8));

    PoolWatch other = new PoolWatch("be_web", "active/be_web.cfg");
    Announcement edited =
        other
            .observe(
                new Observed(V42, "v41", "w1", null), new Announced("v41", hash("a41"), 1, "bot"))
            .orElseThrow();
    assertThat(edited.version()).isEqualTo("v41+sha-" + hash("b42").substring(0, 8));
  }

  @Test
  void runtimeMaintenanceIsDriftWithTheWeightsTheLoadBalancerReallyUsesAndItsEndIsAnnouncedToo() {
    Announced v41 = new Announced("v41", hash("a41"), 1, "bot");
    watch.observe(new Observed(V41, "v41", "w1", running(V41)), v41);
    Map<String, RuntimeServer> maint = running(V41);
    maint.put("web-2", new RuntimeServer(1, "MAINT"));

    Announcement drift = watch.observe(new Observed(V41, "v41", "w1", maint), v41).orElseThrow();
    assertThat(drift.version()).startsWith("v41+runtime-");
    assertThat(drift.author()).isEqualTo("runtime");
    assertThat(drift.servers()).isEqualTo(Map.of("web-1", 1, "web-2", 0, "web-3", 1, "web-4", 1));
    assertThat(drift.description())
        .contains("differs from v41", "web-2 MAINT (weight 1 in the file)");

    Announced driftSeen = new Announced(drift.version(), drift.configHash(), 2, "runtime");
    assertThat(watch.observe(new Observed(V41, "v41", "w1", maint), driftSeen))
        .as("said once")
        .isEmpty();

    Announcement back =
        watch.observe(new Observed(V41, "v41", "w1", running(V41)), driftSeen).orElseThrow();
    assertThat(back.version()).isEqualTo("v41");
    assertThat(back.author()).isEqualTo("runtime");
    assertThat(back.servers()).isEqualTo(V41.declared());
    assertThat(back.description()).contains("matches v41 again");
  }

  @Test
  void aWeightSetAtRuntimeIsNamedWithBothWeightsAndTheSameStateGivesTheSameVersion() {
    watch.observe(new Observed(V41, "v41", "w1", running(V41)), null);
    Map<String, RuntimeServer> heavy = running(V41);
    heavy.put("web-3", new RuntimeServer(50, null));

    Announcement a = watch.observe(new Observed(V41, "v41", "w1", heavy), null).orElseThrow();
    Optional<Announcement> again =
        new PoolWatch("be_web", "x").observe(new Observed(V41, "v41", "w1", heavy), null);

    assertThat(a.description()).contains("web-3 weight 1 -> 50");
    assertThat(a.servers()).containsEntry("web-3", 50);
    assertThat(again).map(Announcement::version).contains(a.version());
  }

  private static Observed.FileState file(String content, Map<String, Integer> weights) {
    return new Observed.FileState(
        hash(content), weights, new LinkedHashMap<>(new java.util.TreeMap<>(weights)));
  }

  private static String hash(String content) {
    return io.fulcrum.actuator.backend.ConfigChanges.sha256(content.getBytes());
  }

  private static Map<String, RuntimeServer> running(Observed.FileState f) {
    Map<String, RuntimeServer> m = new LinkedHashMap<>();
    f.weights().forEach((k, v) -> m.put(k, new RuntimeServer(v, null)));
    return m;
  }
}
