package io.fulcrum.cli;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/** The demo owns the terminal: logs (broker, Streams, actuator) go to a file instead of stderr. */
final class DemoLogging {
  private DemoLogging() {}

  static void toFile(Path file) {
    ConfigurationBuilder<BuiltConfiguration> b =
        ConfigurationBuilderFactory.newConfigurationBuilder();
    b.add(
        b.newAppender("file", "File")
            .addAttribute("fileName", file.toString())
            .addAttribute("append", false)
            .add(
                b.newLayout("PatternLayout")
                    .addAttribute("pattern", "%d{HH:mm:ss.SSS} %-5level [%t] %c{1} - %msg%n")));
    b.add(b.newLogger("io.fulcrum", Level.INFO));
    b.add(b.newLogger("org.apache.kafka", Level.WARN));
    b.add(b.newRootLogger(Level.WARN).add(b.newAppenderRef("file")));
    Configurator.reconfigure(b.build());
  }
}
