package io.fulcrum.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Approves the rollback an incident proposes (fulcrum.remediation.mode=approve). */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Approve the rollback an incident awaits (fulcrum.remediation.mode=approve).",
      "The first approval issues the signed command; a second one is only noted in the timeline.",
      "",
      "Exit codes: 0 accepted, 1 refused by the API or it could not be reached.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  fulcrum approve be_web@2026-03-14T09:02:00Z",
      "  fulcrum approve be_web@2026-03-14T09:02:00Z --by alice --api http://fulcrum-1:9406"
    })
final class ApproveCommand extends DecisionCommand {
  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why, for the timeline (optional).")
  String reason;

  @Override
  String verb() {
    return "approve";
  }

  @Override
  String reason() {
    return reason;
  }
}
