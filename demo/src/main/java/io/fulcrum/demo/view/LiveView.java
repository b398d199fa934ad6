package io.fulcrum.demo.view;

import io.fulcrum.avro.PoolWindow;
import io.fulcrum.demo.story.Story;
import io.fulcrum.demo.story.StoryState;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's screen. On a terminal it redraws one frame in place (cursor up, clear, draw);
 * otherwise it appends a line per closed window, per story event and per status change, so a log or
 * a CI job reads top to bottom.
 */
public final class LiveView implements AutoCloseable {
  private static final String CURSOR_HIDE = "\u001b[?25l";
  private static final String CURSOR_SHOW = "\u001b[?25h";
  private static final String CLEAR_DOWN = "\u001b[J";

  private final PrintStream out;
  private final boolean ansi;
  private final int width;
  private final String title;
  private final String subtitle;
  private final StoryState state;
  private final Status status;
  private final Thread thread;
  private volatile boolean running = true;
  // Guarded by this: what has been drawn so far.
  private int frameLines;
  private int eventsPrinted;
  private String lastStatus;
  private final Map<String, Long> windowPrinted = new HashMap<>();

  public LiveView(
      PrintStream out,
      boolean ansi,
      int width,
      String title,
      String subtitle,
      StoryState state,
      Status status) {
    this.out = out;
    this.ansi = ansi;
    this.width = Math.max(40, width);
    this.title = title;
    this.subtitle = subtitle;
    this.state = state;
    this.status = status;
    this.thread = new Thread(this::loop, "fulcrum-demo-view");
    thread.setDaemon(true);
  }

  /** The bottom line of the view. */
  @FunctionalInterface
  public interface Status {
    /**
     * @param live true for the in-place view (countdowns welcome); false when each change prints a
     *     line
     */
    String text(boolean live);
  }

  public LiveView start() {
    if (ansi) {
      out.print(CURSOR_HIDE);
    } else {
      out.println(title);
      out.println(subtitle);
    }
    thread.start();
    return this;
  }

  private void loop() {
    while (running) {
      refresh();
      try {
        Thread.sleep(ansi ? 500 : 250);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Draws what changed (plain) or the whole frame (terminal). */
  public synchronized void refresh() {
    Story story = state.snapshot();
    if (ansi) {
      drawFrame(story);
    } else {
      appendNew(story);
    }
    out.flush();
  }

  private void drawFrame(Story story) {
    List<Line> lines = ViewRenderer.frame(title, subtitle, story, status.text(true));
    StringBuilder sb = new StringBuilder();
    if (frameLines > 0) {
      sb.append("\u001b[").append(frameLines).append('F');
    }
    sb.append(CLEAR_DOWN);
    for (Line l : lines) {
      sb.append(l.ansi(width - 1)).append('\n');
    }
    out.print(sb);
    frameLines = lines.size();
  }

  private void appendNew(Story story) {
    for (PoolWindow w : story.windows()) {
      long start = w.getWindowStart().toEpochMilli();
      Long printed = windowPrinted.get(w.getPool());
      if (printed == null || printed < start) {
        out.println(ViewRenderer.plainWindow(w));
        windowPrinted.put(w.getPool(), start);
      }
    }
    for (int i = eventsPrinted; i < story.events().size(); i++) {
      out.println(ViewRenderer.plainEvent(story.events().get(i)));
    }
    eventsPrinted = story.events().size();
    String s = status.text(false);
    if (!s.equals(lastStatus)) {
      out.println("-- " + s);
      lastStatus = s;
    }
  }

  /** Stops refreshing after one last draw; the final frame stays on screen. */
  @Override
  public void close() throws InterruptedException {
    if (!running) {
      return;
    }
    running = false;
    thread.interrupt();
    thread.join(5_000);
    refresh();
    if (ansi) {
      out.print(CURSOR_SHOW);
      out.flush();
    }
  }
}
