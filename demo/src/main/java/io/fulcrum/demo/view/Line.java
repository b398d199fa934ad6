package io.fulcrum.demo.view;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of the view: styled spans, rendered plain or with ANSI colors cut to the terminal's
 * width.
 */
public record Line(List<Span> spans) {
  public record Span(String text, Style style) {}

  public Line {
    spans = List.copyOf(spans);
  }

  public static Line of(String text) {
    return new Line(List.of(new Span(text, Style.PLAIN)));
  }

  public static Builder builder() {
    return new Builder();
  }

  public String plain() {
    StringBuilder sb = new StringBuilder();
    spans.forEach(s -> sb.append(s.text()));
    return sb.toString();
  }

  /**
   * With colors, at most {@code width} visible characters (a wrapped line would break the in-place
   * redraw).
   */
  public String ansi(int width) {
    StringBuilder sb = new StringBuilder();
    int left = width;
    for (Span s : spans) {
      if (left <= 0) {
        break;
      }
      String text = s.text().length() > left ? s.text().substring(0, left) : s.text();
      left -= text.length();
      if (s.style() == Style.PLAIN) {
        sb.append(text);
      } else {
        sb.append(s.style().sgr()).append(text).append(Style.RESET);
      }
    }
    return sb.toString();
  }

  public static final class Builder {
    private final List<Span> spans = new ArrayList<>();

    public Builder add(String text, Style style) {
      spans.add(new Span(text, style));
      return this;
    }

    public Builder add(String text) {
      return add(text, Style.PLAIN);
    }

    public Line build() {
      return new Line(spans);
    }
  }
}
