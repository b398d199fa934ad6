package io.fulcrum.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Declines the rollback an incident proposes: no command, the incident stays an alert. */
@Command(
    name = "decline",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Decline the rollback an incident awaits (fulcrum.remediation.mode=approve).",
      "No command is issued; the incident becomes ALERT_ONLY with your reason.",
      "",
      "Exit codes: 0 accepted, 1 refused by the API or it could not be reached.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  fulcrum decline be_web@2026-03-14T09:02:00Z --reason \"v42 is the security fix\""
    })
final class DeclineCommand extends DecisionCommand {
  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      required = true,
      description = "Why, for the timeline.")
  String reason;

  @Override
  String verb() {
    return "decline";
  }

  @Override
  String reason() {
    return reason;
  }
}
