package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fulcrum deploy}'s bad input: a clear message and exit 2, before anything changes or is
 * published.
 */
class DeployCommandTest {
  @TempDir Path dir;

  private Path store;
  private Path config;

  @BeforeEach
  void store() throws Exception {
    store = Files.createDirectories(dir.resolve("store"));
    Path versions = Files.createDirectories(store.resolve("versions/be_web"));
    Files.writeString(versions.resolve("v41.cfg"), "backend be_web\n  server web-1 127.0.0.1:1\n");
    Files.writeString(versions.resolve("v44.cfg"), "backend be_web\n  server web-1\n");
    Files.createDirectories(store.resolve("active"));
    Files.createSymbolicLink(
        store.resolve("active/be_web.cfg"), Path.of("../versions/be_web/v41.cfg"));
    // nothing here is reached: bad input stops the deploy before the LB or the broker is asked
    config =
        Files.writeString(
            dir.resolve("actuator.properties"),
            String.join(
                "\n",
                "bootstrap.servers=127.0.0.1:1",
                "schema.registry.url=mock://deploy-command-test",
                "fulcrum.haproxy.master-socket=" + dir.resolve("master.sock"),
                "fulcrum.haproxy.binary=/bin/true",
                ""));
  }

  @Test
  void anUnknownVersionIsBadInputNamingTheVersionsThereAre() {
    CliRun r = deploy("--pool", "be_web", "--version", "v99");

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err())
        .contains("fulcrum deploy: no version v99 of pool be_web", "(versions: v41, v44)");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void anUnknownPoolIsBadInput() {
    CliRun r = deploy("--pool", "be_api", "--version", "v1");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no version v1 of pool be_api", "none: unknown pool");
  }

  @Test
  void aCandidateThatDoesNotParseIsBadInputNamingFileAndLine() {
    CliRun r = deploy("--pool", "be_web", "--version", "v44");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "v44.cfg: not a valid haproxy config: line 2: 'server' needs a name and an address");
    assertThat(store.resolve("active/be_web.cfg")).isSymbolicLink();
  }

  @Test
  void aMissingStoreOrSettingIsBadInput() {
    CliRun noStore =
        CliRun.of(
            "deploy",
            "--config",
            config.toString(),
            "--store",
            dir.resolve("nope").toString(),
            "--pool",
            "be_web",
            "--version",
            "v41");
    CliRun noConfigFile =
        CliRun.of(
            "deploy",
            "--config",
            dir.resolve("missing.properties").toString(),
            "--store",
            store.toString(),
            "--pool",
            "be_web",
            "--version",
            "v41");

    assertThat(noStore.exit()).isEqualTo(2);
    assertThat(noStore.err()).contains("is not a directory");
    assertThat(noConfigFile.exit()).isEqualTo(2);
    assertThat(noConfigFile.err()).contains("cannot read");
  }

  @Test
  void forceWithoutAReasonIsBadInput() {
    CliRun r = deploy("--pool", "be_web", "--version", "v41", "--force");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--force needs --reason TEXT");
  }

  private CliRun deploy(String... args) {
    return CliRun.of(withStore(args));
  }

  private String[] withStore(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "deploy";
    all[1] = "--config";
    all[2] = config.toString();
    all[3] = "--store";
    all[4] = store.toString();
    System.arraycopy(args, 0, all, 5, args.length);
    return all;
  }
}
