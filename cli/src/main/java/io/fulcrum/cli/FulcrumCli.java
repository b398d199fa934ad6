package io.fulcrum.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./fulcrum}: dispatches to one subcommand per app. */
@Command(
    name = "fulcrum",
    mixinStandardHelpOptions = true,
    versionProvider = FulcrumCli.Version.class,
    description = "Detects load-balancer misconfigurations from traffic and rolls them back.",
    subcommands = {
      CommandLine.HelpCommand.class,
      RunCommand.class,
      ReplayCommand.class,
      SimulateCommand.class,
      SchemasCommand.class,
      ActuatorCommand.class,
      CheckCommand.class,
      DeployCommand.class,
      StatusCommand.class,
      ApproveCommand.class,
      DeclineCommand.class,
      DemoCommand.class,
      io.fulcrum.bench.Bench.class,
      io.fulcrum.chaos.ChaosCommand.class
    })
public final class FulcrumCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by main and the tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new FulcrumCli());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr()
              .println(
                  cmd.getColorScheme()
                      .errorText("fulcrum " + cmd.getCommandName() + ": " + e.getMessage()));
          return 2;
        });
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = FulcrumCli.class.getPackage().getImplementationVersion();
      return new String[] {"fulcrum " + (v == null ? "dev" : v)};
    }
  }
}
