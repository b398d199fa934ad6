package io.fulcrum.guard;

/**
 * Where a frontend sends requests: HAProxy {@code default_backend} / {@code use_backend}, a {@code
 * listen} section to itself, nginx {@code proxy_pass http://<upstream>}.
 *
 * @param from the frontend ({@code fe_main}), or for nginx the server block and location ({@code
 *     example.com:80 location /api})
 * @param condition {@code default}, or the condition as written ({@code if host_api}, {@code if
 *     ($x)})
 * @param pool the pool, or the expression as written when {@code dynamic}
 * @param dynamic the pool is computed per request (a map, a variable): not predicted
 */
public record Route(String from, String condition, String pool, boolean dynamic, int line) {
  public static final String DEFAULT = "default";

  /** Identifies "the same route" across two versions of a config. */
  public String key() {
    return from + " " + condition;
  }
}
