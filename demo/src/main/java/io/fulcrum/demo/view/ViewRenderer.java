package io.fulcrum.demo.view;

import io.fulcrum.avro.PoolWindow;
import io.fulcrum.avro.ServerShare;
import io.fulcrum.demo.story.Story;
import io.fulcrum.demo.story.StoryEvent;
import io.fulcrum.remediate.TimelineText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the story so far into lines: a full frame for the in-place terminal view, or single lines
 * for the plain, append-only output. Pure, so the tests pin it down.
 */
public final class ViewRenderer {
  static final int FRAME_BAR = 30;
  static final int PLAIN_BAR = 10;

  /** Story lines kept on screen; older ones scroll off the top. */
  static final int FRAME_EVENTS = 12;

  private ViewRenderer() {}

  /** The whole screen: header, one panel per pool, the story's latest lines, the status line. */
  public static List<Line> frame(String title, String subtitle, Story story, String status) {
    List<Line> out = new ArrayList<>();
    out.add(Line.builder().add(title, Style.BOLD).build());
    out.add(Line.builder().add(subtitle, Style.DIM).build());
    out.add(Line.of(""));
    if (story.windows().isEmpty()) {
      out.add(Line.builder().add("waiting for the first closed window...", Style.DIM).build());
    }
    for (PoolWindow w : story.windows()) {
      out.add(poolHeader(w));
      for (ServerShare s : w.getServers()) {
        out.add(serverLine(s));
      }
    }
    out.add(Line.of(""));
    out.add(Line.builder().add("What the topics say (read_committed):", Style.BOLD).build());
    List<StoryEvent> events = story.events();
    for (StoryEvent e : events.subList(Math.max(0, events.size() - FRAME_EVENTS), events.size())) {
      out.add(event(e));
    }
    out.add(Line.of(""));
    out.add(Line.builder().add(status, Style.INFO).build());
    return out;
  }

  static Line poolHeader(PoolWindow w) {
    double errors = rate(w.getTotalErrors5xx(), w.getTotalCount());
    return Line.builder()
        .add(w.getPool(), Style.BOLD)
        .add("  config ")
        .add(w.getConfigVersion() == null ? "?" : w.getConfigVersion(), Style.BOLD)
        .add(
            "  "
                + w.getTotalCount()
                + " requests in "
                + TimelineText.hms(w.getWindowStart().toEpochMilli())
                + "-"
                + TimelineText.hms(w.getWindowEnd().toEpochMilli())
                + " UTC  5xx ")
        .add(Bars.percent(errors), Bars.errorStyle(errors))
        .build();
  }

  static Line serverLine(ServerShare s) {
    double errors = rate(s.getErrors5xx(), s.getCount());
    Double expected = s.getExpectedShare();
    Style style = Bars.shareStyle(s.getShare(), expected);
    return Line.builder()
        .add(String.format(Locale.ROOT, "  %-8s ", s.getServer()))
        .add(Bars.bar(s.getShare(), FRAME_BAR, '\u2588', '\u2591'), style)
        .add(String.format(Locale.ROOT, " %4s", Bars.percent(s.getShare())), style)
        .add(
            expected == null
                ? "               "
                : String.format(Locale.ROOT, "  expected %4s", Bars.percent(expected)),
            Style.DIM)
        .add("  5xx ")
        .add(String.format(Locale.ROOT, "%5s", Bars.percent(errors)), Bars.errorStyle(errors))
        .build();
  }

  static Line event(StoryEvent e) {
    return Line.builder()
        .add(TimelineText.hms(e.atMs()) + "  ", Style.DIM)
        .add(String.format(Locale.ROOT, "%-8s ", e.kind()), kindStyle(e))
        .add(e.text())
        .build();
  }

  /**
   * One append-only line per closed window: "09:02:05 be_web v41 5xx 0.2% | web-1 ###....... 25% |
   * ...".
   */
  public static String plainWindow(PoolWindow w) {
    StringBuilder sb = new StringBuilder();
    sb.append(TimelineText.hms(w.getWindowStart().toEpochMilli()))
        .append(" WINDOW   ")
        .append(w.getPool())
        .append(' ')
        .append(w.getConfigVersion() == null ? "?" : w.getConfigVersion())
        .append(" 5xx ")
        .append(Bars.percent(rate(w.getTotalErrors5xx(), w.getTotalCount())));
    for (ServerShare s : w.getServers()) {
      sb.append(" | ")
          .append(s.getServer())
          .append(' ')
          .append(Bars.bar(s.getShare(), PLAIN_BAR, '#', '.'))
          .append(' ')
          .append(Bars.percent(s.getShare()));
    }
    return sb.toString();
  }

  public static String plainEvent(StoryEvent e) {
    return event(e).plain();
  }

  private static Style kindStyle(StoryEvent e) {
    return switch (e.kind()) {
      case ANOMALY -> e.text().contains(" CLEARED ") ? Style.GOOD : Style.BAD;
      case COMMAND -> Style.WARN;
      case RESULT ->
          e.text().startsWith("APPLIED") || e.text().startsWith("NOOP") ? Style.GOOD : Style.BAD;
      case INCIDENT -> e.text().startsWith("RESOLVED") ? Style.GOOD : Style.WARN;
      case DEPLOY -> Style.INFO;
    };
  }

  private static double rate(long part, long total) {
    return total == 0 ? 0 : (double) part / total;
  }
}
