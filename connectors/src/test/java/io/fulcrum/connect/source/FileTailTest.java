package io.fulcrum.connect.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.connect.it.LogFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTailTest {
  @TempDir Path dir;
  private LogFile log;
  private final TailStats stats = new TailStats();
  private final List<FileTail> open = new ArrayList<>();

  /** Lines read so far, and the position after the last one: what Connect would have stored. */
  private final List<String> read = new ArrayList<>();

  private TailPosition stored;

  @BeforeEach
  void setUp() {
    log = new LogFile(dir.resolve("access.log"));
  }

  @AfterEach
  void closeTails() throws IOException {
    for (FileTail t : open) {
      t.close();
    }
  }

  private FileTail tail(TailPosition from) throws IOException {
    return tail(from, false, 65_536);
  }

  private FileTail tail(TailPosition from, boolean fromEnd, int maxLineBytes) throws IOException {
    FileTail t = new FileTail(log.path(), maxLineBytes, stats);
    t.resume(from, fromEnd);
    open.add(t);
    return t;
  }

  /**
   * Polls until a poll returns nothing (twice, so a drained rotated file is followed by its
   * successor).
   */
  private List<String> drain(FileTail t) throws IOException {
    int empty = 0;
    while (empty < 2) {
      List<LineReader.Line> lines = t.poll(7);
      empty = lines.isEmpty() ? empty + 1 : 0;
      for (LineReader.Line l : lines) {
        read.add(l.text());
        stored = l.next();
      }
    }
    return read;
  }

  @Test
  void emitsOnlyCompleteLinesAndWaitsForTheRestOfAPartialOne() throws IOException {
    log.append("a", 3);
    log.startPartial("half ");
    FileTail t = tail(null);
    assertThat(drain(t)).containsExactlyElementsOf(log.lines());
    log.finishPartial("and the rest");
    assertThat(drain(t))
        .containsExactlyElementsOf(log.lines())
        .last()
        .isEqualTo("half and the rest");
  }

  @Test
  void followsARenameRotationFinishingTheOldFileFirst() throws IOException {
    log.append("a", 10);
    FileTail t = tail(null);
    drain(t);
    Path rotated = log.rename("access.log.1");
    log.append(rotated, "late", 5);
    assertThat(drain(t)).containsExactlyElementsOf(log.lines());
    log.append("b", 10);
    assertThat(drain(t)).containsExactlyElementsOf(log.lines());
    assertThat(stats.rotations).hasValue(1);
  }

  @Test
  void copytruncateReadsTheUnreadRestFromTheCopyThenTheFileFromItsStart() throws IOException {
    log.append("a", 10);
    FileTail t = tail(null);
    drain(t);
    log.append("b", 10); // not read before the truncation
    log.copyTruncate("access.log.1");
    log.append("c", 3);
    assertThat(drain(t)).containsExactlyElementsOf(log.lines());
    assertThat(stats.truncations).hasValue(1);
  }

  @Test
  void aFileTruncatedAndRefilledPastThePositionIsStillSeenAsTruncated() throws IOException {
    log.append("a", 3);
    FileTail t = tail(null);
    drain(t);
    log.copyTruncate("access.log.1");
    log.append("much longer lines than before, so the file grows past the old position", 10);
    assertThat(drain(t)).containsExactlyElementsOf(log.lines());
    assertThat(stats.truncations).hasValue(1);
  }

  @Test
  void resumesAfterTheStoredLineWithoutRepeatingIt() throws IOException {
    log.append("a", 10);
    drain(tail(null));
    log.append("b", 10);
    assertThat(drain(tail(stored))).containsExactlyElementsOf(log.lines());
  }

  @Test
  void resumesInTheRotatedFileWhenTheLogWasRotatedWhileStopped() throws IOException {
    log.append("a", 10);
    drain(tail(null));
    log.append("b", 4);
    Path rotated = log.rename("access.log.1");
    log.append(rotated, "late", 2);
    log.append("c", 5);
    assertThat(drain(tail(stored))).containsExactlyElementsOf(log.lines());
  }

  @Test
  void resumesInTheCopyWhenTheLogWasCopyTruncatedWhileStopped() throws IOException {
    log.append("a", 10);
    drain(tail(null));
    log.append("b", 4);
    log.copyTruncate("access.log-20260314");
    log.append("c", 5);
    assertThat(drain(tail(stored))).containsExactlyElementsOf(log.lines());
  }

  @Test
  void startingAtTheEndSkipsExistingLinesAndAPartialOne() throws IOException {
    log.append("old", 5);
    Files.writeString(log.path(), "half a li", java.nio.file.StandardOpenOption.APPEND);
    FileTail t = tail(null, true, 65_536);
    Files.writeString(log.path(), "ne\nnew line\n", java.nio.file.StandardOpenOption.APPEND);
    assertThat(drain(t)).containsExactly("half a line", "new line");
  }

  @Test
  void skipsALineLongerThanTheLimitWholeAndKeepsTheNext() throws IOException {
    Files.writeString(log.path(), "short\n" + "x".repeat(1000) + "\nafter\r\n");
    assertThat(drain(tail(null, false, 256))).containsExactly("short", "after");
    assertThat(stats.oversizedLines).hasValue(1);
  }

  @Test
  void waitsForAFileThatDoesNotExistYet() throws IOException {
    FileTail t = tail(null);
    assertThat(drain(t)).isEmpty();
    log.append("a", 2);
    assertThat(drain(t)).containsExactlyElementsOf(log.lines());
  }
}
