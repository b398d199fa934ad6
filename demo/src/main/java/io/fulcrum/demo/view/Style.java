package io.fulcrum.demo.view;

/** How a span is shown on an ANSI terminal; plain output ignores it. */
public enum Style {
  PLAIN(""),
  DIM("\u001b[2m"),
  BOLD("\u001b[1m"),
  GOOD("\u001b[32m"),
  WARN("\u001b[33m"),
  BAD("\u001b[1;31m"),
  INFO("\u001b[36m");

  static final String RESET = "\u001b[0m";
  private final String sgr;

  Style(String sgr) {
    this.sgr = sgr;
  }

  String sgr() {
    return sgr;
  }
}
