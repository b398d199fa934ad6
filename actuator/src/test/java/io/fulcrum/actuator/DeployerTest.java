package io.fulcrum.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fulcrum.actuator.backend.ApplyReport;
import io.fulcrum.actuator.backend.ApplyRequest;
import io.fulcrum.actuator.backend.BackendException;
import io.fulcrum.actuator.backend.ConfigChanges;
import io.fulcrum.actuator.backend.FileConfigStore;
import io.fulcrum.actuator.backend.StoreBackend;
import io.fulcrum.avro.LbConfigChange;
import io.fulcrum.guard.LbFormat;
import io.fulcrum.guard.check.GuardSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deploy's decisions on a config store, with a backend that only switches the pointer. */
class DeployerTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-14T09:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private SwitchingBackend backend;
  private final List<LbConfigChange> published = new ArrayList<>();
  private Deployer deployer;

  @BeforeEach
  void store() throws Exception {
    backend = new SwitchingBackend(new FileConfigStore(dir, ".cfg"));
    backend.store().put("be_web", "v41", section(4));
    backend.store().put("be_web", "v42", "# the typo\n" + section(1));
    backend
        .store()
        .put(
            "be_web", "v43", section(4).replace("web-4 10.0.0.4:80", "web-4 10.0.0.4:80 weight 0"));
    backend.store().put("be_web", "v44", "backend be_web\n  server web-1\n");
    backend.store().put("be_web", "v45", "backend be_other\n  server o-1 10.0.0.9:80\n");
    backend.store().activate("be_web", "v41");
    deployer =
        new Deployer(
            TestCommands.settings(Map.of("fulcrum.actuator.backends", "be_web:switch")),
            Map.of("switch", backend),
            GuardSettings.defaultSettings(),
            published::add,
            CLOCK);
  }

  @Test
  void aBlockedCandidateChangesNothingAndIsNotAnnounced() throws Exception {
    DeployResult r = deployer.deploy(request("v42", false, null));

    assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.BLOCKED);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.report().verdict()).isEqualTo("BLOCK");
    assertThat(backend.store().active("be_web")).isEqualTo("v41");
    assertThat(backend.applies).isZero();
    assertThat(published).isEmpty();
  }

  @Test
  void aForcedCandidateIsAppliedAndAnnouncedAsSuspectWithVerdictFindingsReasonWeightsAndHash()
      throws Exception {
    DeployResult r = deployer.deploy(request("v42", true, "web-2..4 are being reimaged"));

    assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
    assertThat(r.exitCode()).isZero();
    assertThat(backend.store().active("be_web")).isEqualTo("v42");
    LbConfigChange c = published.get(0);
    assertThat(c).isSameAs(r.change());
    assertThat(c.getPool()).isEqualTo("be_web");
    assertThat(c.getVersion()).isEqualTo("v42");
    assertThat(c.getAuthor()).isEqualTo("alice");
    assertThat(c.getTimestamp()).isEqualTo(CLOCK.instant());
    assertThat(c.getServers()).isEqualTo(Map.of("web-1", 1.0));
    assertThat(c.getGuardVerdict()).isEqualTo("BLOCK");
    assertThat(c.getGuardFindings())
        .anyMatch(f -> f.contains("only web-1 would get traffic") && f.endsWith("BLOCK"));
    assertThat(c.getForcedReason()).isEqualTo("web-2..4 are being reimaged");
    assertThat(c.getDescription())
        .contains("v41 -> v42", "FORCED past the guard: web-2..4 are being reimaged");
    assertThat(c.getConfigHash())
        .isEqualTo(ConfigChanges.fileHash(backend.store().versionFile("be_web", "v42")));
  }

  @Test
  void aHarmlessCandidatePassesAndIsAnnouncedWithoutForcedReason() throws Exception {
    DeployResult r = deployer.deploy(request("v43", false, null));

    assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
    assertThat(published.get(0).getGuardVerdict()).isEqualTo("PASS");
    assertThat(published.get(0).getForcedReason()).isNull();
    assertThat(published.get(0).getServers())
        .isEqualTo(Map.of("web-1", 1.0, "web-2", 1.0, "web-3", 1.0));
  }

  @Test
  void theActiveVersionIsNothingToDo() throws Exception {
    DeployResult r = deployer.deploy(request("v41", false, null));

    assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.UNCHANGED);
    assertThat(r.exitCode()).isZero();
    assertThat(backend.applies).isZero();
    assertThat(published).isEmpty();
  }

  @Test
  void aFailedApplyIsExitThreeAndNotAnnounced() throws Exception {
    backend.failWith = "haproxy -c: [ALERT] something";

    DeployResult r = deployer.deploy(request("v43", false, null));

    assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.FAILED);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.detail()).contains("[ALERT] something");
    assertThat(published).isEmpty();
  }

  @Test
  void badInputIsRefusedBeforeAnythingChanges() {
    assertThatThrownBy(() -> deployer.deploy(request("v99", false, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no version v99 of pool be_web")
        .hasMessageContaining("v41, v42, v43, v44, v45");
    assertThatThrownBy(
            () ->
                deployer.deploy(
                    new DeployRequest("be_api", "v1", false, null, false, null, "alice")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no backend for pool be_api");
    assertThatThrownBy(() -> deployer.deploy(request("v44", false, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("v44.cfg: not a valid haproxy config");
    assertThatThrownBy(() -> deployer.deploy(request("v45", false, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("defines no pool be_web");
    assertThatThrownBy(() -> deployer.deploy(request("../v41", false, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid name");
    assertThatThrownBy(() -> request("v42", true, null))
        .hasMessageContaining("--force needs --reason");
    assertThatThrownBy(() -> request("v42", false, "because"))
        .hasMessageContaining("--reason goes with --force");
    assertThat(backend.applies).isZero();
    assertThat(published).isEmpty();
  }

  @Test
  void aFailedAnnouncementLeavesTheChangeAppliedAndSaysSo() throws Exception {
    Deployer failing =
        new Deployer(
            TestCommands.settings(Map.of("fulcrum.actuator.backends", "be_web:switch")),
            Map.of("switch", backend),
            GuardSettings.defaultSettings(),
            c -> {
              throw new IllegalStateException("broker down");
            },
            CLOCK);

    DeployResult r = failing.deploy(request("v43", false, null));

    assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.APPLIED);
    assertThat(r.announced()).isFalse();
    assertThat(Files.readSymbolicLink(backend.store().pointer("be_web")).toString())
        .endsWith("v43.cfg");
  }

  private static DeployRequest request(String version, boolean force, String reason) {
    return new DeployRequest("be_web", version, false, null, force, reason, "alice");
  }

  private static String section(int servers) {
    StringBuilder b = new StringBuilder("backend be_web\n  balance roundrobin\n");
    for (int i = 1; i <= servers; i++) {
      b.append("  server web-").append(i).append(" 10.0.0.").append(i).append(":80\n");
    }
    return b.toString();
  }

  /** Applies by switching the pointer, or fails as told. */
  static final class SwitchingBackend extends StoreBackend {
    int applies;
    String failWith;

    SwitchingBackend(FileConfigStore store) {
      super(store);
    }

    @Override
    public String name() {
      return "switch";
    }

    @Override
    public LbFormat format() {
      return LbFormat.HAPROXY;
    }

    @Override
    public ApplyReport apply(ApplyRequest r) throws BackendException {
      if (failWith != null) {
        throw new BackendException(failWith);
      }
      applies++;
      String before = store.active(r.pool());
      store.activate(r.pool(), r.toVersion());
      return new ApplyReport(before, r.toVersion(), null, "switched");
    }
  }
}
