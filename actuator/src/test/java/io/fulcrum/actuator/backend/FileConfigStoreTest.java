package io.fulcrum.actuator.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileConfigStoreTest {
  @TempDir Path root;

  private FileConfigStore store() throws IOException {
    FileConfigStore s = new FileConfigStore(root, ".cfg");
    s.put("be_web", "v41", "backend be_web\n");
    s.put("be_web", "v42", "backend be_web\n");
    s.put("be_api", "v7", "backend be_api\n");
    return s;
  }

  @Test
  void switchesTheActivePointerWithARelativeSymlink() throws Exception {
    FileConfigStore s = store();
    assertThat(s.active("be_web")).isNull();

    s.activate("be_web", "v42");
    s.activate("be_web", "v41");

    assertThat(s.active("be_web")).isEqualTo("v41");
    assertThat(Files.readSymbolicLink(s.pointer("be_web")))
        .isEqualTo(Path.of("../versions/be_web/v41.cfg"));
    try (var files = Files.list(s.activeDir())) {
      assertThat(files).as("no temporary links left behind").containsExactly(s.pointer("be_web"));
    }
  }

  @Test
  void restoreGoesBackToTheVersionOrToNone() throws Exception {
    FileConfigStore s = store();
    s.activate("be_web", "v42");
    s.restore("be_web", null);
    assertThat(s.active("be_web")).isNull();
    s.restore("be_web", "v41");
    assertThat(s.active("be_web")).isEqualTo("v41");
  }

  @Test
  void refusesMissingVersionsAndNamesThatLeaveTheStore() throws Exception {
    FileConfigStore s = store();

    assertThat(s.hasVersion("be_web", "v40")).isFalse();
    assertThatThrownBy(() -> s.activate("be_web", "v40"))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("no version v40");
    assertThatThrownBy(() -> s.versionFile("be_web", "../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.pointer("../be_web")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPointerThatIsNotASymlinkIsAnError() throws Exception {
    FileConfigStore s = store();
    Files.createDirectories(s.activeDir());
    Files.writeString(s.pointer("be_web"), "backend be_web\n");

    assertThatThrownBy(() -> s.active("be_web"))
        .isInstanceOf(BackendException.class)
        .hasMessageContaining("must be a symlink");
  }

  @Test
  void listsTheCandidateFilesInLoadOrderWithTheTargetSwappedIn() throws Exception {
    FileConfigStore s = store();
    s.activate("be_web", "v42");
    s.activate("be_api", "v7");

    assertThat(s.activeFilesWith("be_web", "v41"))
        .containsExactly(s.pointer("be_api"), s.versionFile("be_web", "v41"));
  }
}
