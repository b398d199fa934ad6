package io.fulcrum.demo.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.avro.ExpectedSource;
import io.fulcrum.avro.PoolWindow;
import io.fulcrum.avro.ServerShare;
import io.fulcrum.demo.story.Story;
import io.fulcrum.demo.story.StoryEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

public class ViewRendererTest {
  public static final Instant T = Instant.parse("2026-03-14T09:02:00Z");

  public static ServerShare share(
      String server, long count, long errors, double share, Double expected) {
    return ServerShare.newBuilder()
        .setServer(server)
        .setCount(count)
        .setErrors5xx(errors)
        .setShare(share)
        .setExpectedShare(expected)
        .build();
  }

  public static PoolWindow allToOne() {
    return PoolWindow.newBuilder()
        .setPool("be_web")
        .setWindowStart(T)
        .setWindowEnd(T.plusSeconds(5))
        .setClosedAt(T.plusSeconds(6))
        .setTotalCount(500)
        .setTotalErrors5xx(250)
        .setNoServerCount(0)
        .setConfigVersion("v42")
        .setExpectedSource(ExpectedSource.BASELINE)
        .setHealthy(false)
        .setServers(List.of(share("web-1", 500, 250, 1.0, 0.25), share("web-2", 0, 0, 0.0, 0.25)))
        .build();
  }

  @Test
  void barsRoundToTheNearestCellAndClampOutOfRangeShares() {
    assertThat(Bars.bar(0.25, 8, '#', '.')).isEqualTo("##......");
    assertThat(Bars.bar(0.99, 10, '#', '.')).isEqualTo("##########");
    assertThat(Bars.bar(0.04, 10, '#', '.')).isEqualTo("..........");
    assertThat(Bars.bar(1.7, 4, '#', '.')).isEqualTo("####");
    assertThat(Bars.bar(Double.NaN, 4, '#', '.')).isEqualTo("....");
  }

  @Test
  void percentagesKeepOneDecimalBelowTenPercent() {
    assertThat(Bars.percent(0.25)).isEqualTo("25%");
    assertThat(Bars.percent(0.004)).isEqualTo("0.4%");
    assertThat(Bars.percent(0)).isEqualTo("0%");
    assertThat(Bars.percent(1)).isEqualTo("100%");
  }

  @Test
  void aServerFarAboveItsExpectedShareIsBadAndAStarvedOneAWarning() {
    assertThat(Bars.shareStyle(1.0, 0.25)).isEqualTo(Style.BAD);
    assertThat(Bars.shareStyle(0.0, 0.25)).isEqualTo(Style.WARN);
    assertThat(Bars.shareStyle(0.27, 0.25)).isEqualTo(Style.GOOD);
    assertThat(Bars.shareStyle(0.9, null)).isEqualTo(Style.GOOD);
    assertThat(Bars.errorStyle(0.5)).isEqualTo(Style.BAD);
  }

  @Test
  void frameShowsTheActiveVersionTheServersBarsAndTheStory() {
    Story story =
        new Story(
            List.of(allToOne()),
            List.of(
                new StoryEvent(
                    T.plusSeconds(6).toEpochMilli(),
                    StoryEvent.Kind.ANOMALY,
                    "IMBALANCE STARTED (CRITICAL): be_web: web-1 got 100% of traffic")),
            List.of(),
            0,
            0,
            1);

    List<String> lines =
        ViewRenderer.frame("Fulcrum demo", "the postmortem", story, "incident under way").stream()
            .map(Line::plain)
            .toList();

    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("be_web")
                    .contains("config v42")
                    .contains("09:02:00-09:02:05 UTC")
                    .contains("5xx 50%"));
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("  web-1")
                    .contains("\u2588".repeat(30))
                    .contains("100%")
                    .contains("expected  25%"));
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).startsWith("  web-2").contains("\u2591".repeat(30)));
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .isEqualTo(
                        "09:02:06  ANOMALY  IMBALANCE STARTED (CRITICAL): "
                            + "be_web: web-1 got 100% of traffic"));
    assertThat(lines.get(lines.size() - 1)).isEqualTo("incident under way");
  }

  @Test
  void frameKeepsOnlyTheLatestStoryLines() {
    List<StoryEvent> many = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      many.add(new StoryEvent(T.toEpochMilli(), StoryEvent.Kind.DEPLOY, "event " + i));
    }
    List<String> lines =
        ViewRenderer.frame("t", "s", new Story(List.of(), many, List.of(), 0, 0, 0), "status")
            .stream()
            .map(Line::plain)
            .toList();
    assertThat(lines)
        .noneMatch(l -> l.endsWith("event 17"))
        .anyMatch(l -> l.endsWith("event 18"))
        .anyMatch(l -> l.endsWith("event 29"));
  }

  @Test
  void plainWindowLineHasAsciiBarsAndNoEscapes() {
    String line = ViewRenderer.plainWindow(allToOne());
    assertThat(line)
        .isEqualTo(
            "09:02:00 WINDOW   be_web v42 5xx 50% | web-1 ########## 100% | web-2 .......... 0%");
  }

  @Test
  void ansiLinesAreColouredAndCutToTheWidthWhilePlainLinesAreNot() {
    Line line = Line.builder().add("be_web ", Style.BOLD).add("x".repeat(50)).build();
    String ansi = line.ansi(20);
    assertThat(ansi).startsWith("\u001b[1mbe_web \u001b[0m").endsWith("x".repeat(13));
    assertThat(ansi.replaceAll("\u001b\\[[0-9;]*m", "")).hasSize(20);
    assertThat(line.plain()).hasSize(57).doesNotContain("\u001b");
  }
}
