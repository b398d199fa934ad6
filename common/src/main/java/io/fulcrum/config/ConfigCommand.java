package io.fulcrum.config;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code COMMAND [--config FILE]} as {@code ./fulcrum COMMAND} takes it, for an app's own main (the
 * container images run the apps without the command line): 2 and a one-line reason on stderr for a
 * usage or settings error, else what the app returns.
 */
public final class ConfigCommand {
  /** The app, given its config file (null when none was named). */
  @FunctionalInterface
  public interface App {
    int run(Path config) throws Exception;
  }

  private ConfigCommand() {}

  /**
   * @param args what follows the command's name
   */
  public static int run(String command, String[] args, PrintStream err, App app)
      throws InterruptedException {
    Path config = null;
    if (args.length == 2 && args[0].equals("--config")) {
      config = Path.of(args[1]);
    } else if (args.length == 1 && args[0].startsWith("--config=")) {
      config = Path.of(args[0].substring("--config=".length()));
    } else if (args.length != 0) {
      err.println("usage: " + command + " [--config FILE]");
      return 2;
    }
    try {
      return app.run(config);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      err.println("fulcrum " + command + ": " + e.getMessage());
      return 2;
    }
  }
}
