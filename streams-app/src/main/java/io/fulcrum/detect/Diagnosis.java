package io.fulcrum.detect;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The usual theories of an outage, each judged from the same window as the anomaly: the postmortems
 * lost most of their hours on the database and DDoS theories while the load balancer sent
 * everything to one server.
 *
 * @param hypotheses one per {@link Theory}, in its order
 */
public record Diagnosis(List<Hypothesis> hypotheses) {
  public static final Diagnosis NONE = new Diagnosis(List.of());

  /** A theory, named as an operator would. */
  public enum Theory {
    ROUTING("load-balancer routing or config"),
    ONE_SERVER("one bad server"),
    SHARED_DEPENDENCY("a shared dependency (database)"),
    TRAFFIC_SURGE("a traffic surge (DDoS or flash crowd)");

    private final String label;

    Theory(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public enum Verdict {
    FITS,
    RULED_OUT,
    UNCLEAR
  }

  /**
   * @param reason the one number behind the verdict, in words
   */
  public record Hypothesis(Theory theory, Verdict verdict, String reason) {
    public Hypothesis {
      Objects.requireNonNull(theory, "theory");
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
      return switch (verdict) {
        case FITS -> theory.label() + " fits: " + reason;
        case RULED_OUT -> "not " + theory.label() + ": " + reason;
        case UNCLEAR -> theory.label() + " unclear: " + reason;
      };
    }
  }

  public Diagnosis {
    hypotheses = List.copyOf(hypotheses);
  }

  /** Whether no theory fits (the evidence rules them out or cannot tell). */
  public boolean noneFits() {
    return hypotheses.stream().noneMatch(h -> h.verdict() == Verdict.FITS);
  }

  public Hypothesis of(Theory theory) {
    return hypotheses.stream().filter(h -> h.theory() == theory).findFirst().orElse(null);
  }

  /** One line: the theories that fit first, then the ruled-out ones, then the unclear ones. */
  public String summary() {
    if (hypotheses.isEmpty()) {
      return "";
    }
    String text =
        java.util.stream.Stream.of(Verdict.FITS, Verdict.RULED_OUT, Verdict.UNCLEAR)
            .flatMap(v -> hypotheses.stream().filter(h -> h.verdict() == v))
            .map(Hypothesis::toString)
            .collect(Collectors.joining("; "));
    return noneFits() ? "none of the usual theories fits; " + text : text;
  }
}
