package io.fulcrum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.demo.DemoConfig;
import io.fulcrum.demo.LbMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {
  static DemoConfig parse(boolean interactive, String... args) {
    DemoCommand cmd = new DemoCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd.config(interactive);
  }

  @Test
  void defaultsPlayThePostmortemOnTheBestLbWithTheLiveViewOnATerminal() {
    DemoConfig c = parse(true);
    assertThat(c.scenario().name()).isEqualTo("postmortem");
    assertThat(c.scenario().scenarioName()).isEqualTo("all-to-one");
    assertThat(c.lb()).isEqualTo(LbMode.AUTO);
    assertThat(c.ansi()).isTrue();
    assertThat(c.keepRunning()).isFalse();
    assertThat(c.duration()).isEqualTo(Duration.ofSeconds(150));
  }

  @Test
  void noColorOrNoTerminalGivePlainLines() {
    assertThat(parse(true, "--no-color").ansi()).isFalse();
    assertThat(parse(false).ansi()).isFalse();
  }

  @Test
  void optionsMapToTheConfig() {
    DemoConfig c =
        parse(
            false,
            "--scenario",
            "uneven-skew",
            "--lb",
            "simulated",
            "--duration",
            "3m",
            "--keep-running");
    assertThat(c.scenario().scenarioName()).isEqualTo("skew-two-of-six");
    assertThat(c.lb()).isEqualTo(LbMode.SIMULATED);
    assertThat(c.duration()).isEqualTo(Duration.ofMinutes(3));
    assertThat(c.keepRunning()).isTrue();
  }

  @Test
  void badOptionsFailBeforeAnythingStartsAndNameTheOption() {
    assertThat(CliRun.of("demo", "--scenario", "nope").err())
        .startsWith("fulcrum demo: unknown scenario 'nope'; known: postmortem, uneven-skew");
    assertThat(CliRun.of("demo", "--lb", "nginx").err())
        .startsWith("fulcrum demo: --lb: 'nginx' is not one of auto, haproxy, simulated");
    assertThat(CliRun.of("demo", "--duration", "soon").err())
        .startsWith("fulcrum demo: --duration: 'soon' is not a duration");
    CliRun tooShort = CliRun.of("demo", "--duration", "20s");
    assertThat(tooShort.exit()).isEqualTo(2);
    assertThat(tooShort.err()).startsWith("fulcrum demo: --duration 20s is too short");
  }

  @Test
  void listShowsEveryScenarioWithItsStory() {
    CliRun r = CliRun.of("demo", "--list");
    assertThat(r.exit()).isZero();
    assertThat(r.out().lines())
        .hasSize(5)
        .anyMatch(l -> l.startsWith("postmortem ") && l.contains("pool typo"))
        .anyMatch(l -> l.startsWith("database-outage ") && l.contains("alert only"));
  }

  @Test
  void helpDescribesEveryOption() {
    CliRun r = CliRun.of("demo", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(
            "--scenario=NAME",
            "--duration=DURATION",
            "--keep-running",
            "--no-color",
            "--lb=auto|haproxy|simulated",
            "--list");
  }
}
