package io.fulcrum.guard;

/** The section keywords of an HAProxy config, shared by the parser and the rehearsal's rewriter. */
public final class HaproxyParserSections {
  private HaproxyParserSections() {}

  public static boolean is(String keyword) {
    return HaproxyParser.SECTIONS.contains(keyword);
  }
}
