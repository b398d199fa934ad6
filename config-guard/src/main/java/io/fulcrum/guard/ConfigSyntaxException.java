package io.fulcrum.guard;

/**
 * A config the load balancer itself would refuse, or that cannot be read: the message names file
 * and line.
 */
public final class ConfigSyntaxException extends RuntimeException {
  private final int line;

  public ConfigSyntaxException(int line, String problem) {
    super("line " + line + ": " + problem);
    this.line = line;
  }

  public int line() {
    return line;
  }
}
