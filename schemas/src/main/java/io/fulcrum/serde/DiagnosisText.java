package io.fulcrum.serde;

import io.fulcrum.avro.DiagnosisEntry;
import io.fulcrum.avro.DiagnosisVerdict;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A differential diagnosis in words, the same in the timeline, the alert and the demo. */
public final class DiagnosisText {
  private DiagnosisText() {}

  /**
   * "fits: load-balancer routing or config: shares moved 75 points (...)" or "ruled out: a traffic
   * surge: ...".
   */
  public static String line(DiagnosisEntry d) {
    String verdict =
        switch (d.getVerdict()) {
          case FITS -> "fits";
          case RULED_OUT -> "ruled out";
          default -> "unclear";
        };
    return verdict + ": " + label(d) + ": " + d.getReason();
  }

  /**
   * The theories that fit first, then the ruled-out ones; unclear ones only when nothing else is
   * known.
   */
  public static String summary(List<DiagnosisEntry> diagnosis) {
    List<DiagnosisEntry> decided =
        Stream.of(DiagnosisVerdict.FITS, DiagnosisVerdict.RULED_OUT)
            .flatMap(v -> diagnosis.stream().filter(d -> d.getVerdict() == v))
            .toList();
    List<DiagnosisEntry> shown = decided.isEmpty() ? diagnosis : decided;
    String text = shown.stream().map(DiagnosisText::line).collect(Collectors.joining("; "));
    boolean fits = diagnosis.stream().anyMatch(d -> d.getVerdict() == DiagnosisVerdict.FITS);
    return fits || diagnosis.isEmpty() ? text : "none of the usual theories fits; " + text;
  }

  private static String label(DiagnosisEntry d) {
    return switch (d.getTheory()) {
      case ROUTING -> "load-balancer routing or config";
      case ONE_SERVER -> "one bad server";
      case SHARED_DEPENDENCY -> "a shared dependency (database)";
      case TRAFFIC_SURGE -> "a traffic surge (DDoS or flash crowd)";
      default -> "an unknown theory";
    };
  }
}
