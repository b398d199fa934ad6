package io.fulcrum.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.fulcrum.app.FulcrumSettings;
import io.fulcrum.avro.AnomalyEvent;
import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.DiagnosisEntry;
import io.fulcrum.avro.DiagnosisTheory;
import io.fulcrum.avro.DiagnosisVerdict;
import io.fulcrum.avro.Incident;
import io.fulcrum.remediate.TimelineText;
import io.fulcrum.sim.Scenario;
import io.fulcrum.sim.Scenarios;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The postmortems' incident and their favourite wrong theory, end to end: the anomaly and the
 * incident of the all-to-one typo say routing fits and rule out the database and a surge; a
 * database outage says the opposite; a server at a wrong port is one bad server.
 */
class DiagnosisScenarioTest {
  private static final long START = 1_781_000_000_000L;

  private record Run(List<AnomalyEvent> started, List<Incident> incidents) {}

  private static Run replay(String scenario, long seed) {
    Scenario s = Scenarios.byName(scenario);
    try (FastReplay replay = new FastReplay(FulcrumSettings.defaultsWith(Map.of()))) {
      SimFeeder.play(s.events(START, seed), replay);
      List<AnomalyEvent> started =
          replay.anomalies().stream().filter(a -> a.getStatus() == AnomalyStatus.STARTED).toList();
      return new Run(started, replay.driver().incidents());
    }
  }

  private static Map<DiagnosisTheory, DiagnosisVerdict> verdicts(List<DiagnosisEntry> d) {
    Map<DiagnosisTheory, DiagnosisVerdict> out = new EnumMap<>(DiagnosisTheory.class);
    d.forEach(e -> out.put(e.getTheory(), e.getVerdict()));
    return out;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2})
  void theTypoThatSendsEverythingToOneServerIsRoutingNotADatabaseNorASurge(long seed) {
    Run run = replay("all-to-one", seed);

    assertThat(run.started()).isNotEmpty();
    assertThat(verdicts(run.started().get(0).getDiagnosis()))
        .containsEntry(DiagnosisTheory.ROUTING, DiagnosisVerdict.FITS)
        .containsEntry(DiagnosisTheory.ONE_SERVER, DiagnosisVerdict.RULED_OUT)
        .containsEntry(DiagnosisTheory.SHARED_DEPENDENCY, DiagnosisVerdict.RULED_OUT)
        .containsEntry(DiagnosisTheory.TRAFFIC_SURGE, DiagnosisVerdict.RULED_OUT);
    Incident incident = run.incidents().get(run.incidents().size() - 1);
    assertThat(verdicts(incident.getDiagnosis()))
        .containsEntry(DiagnosisTheory.ROUTING, DiagnosisVerdict.FITS)
        .containsEntry(DiagnosisTheory.SHARED_DEPENDENCY, DiagnosisVerdict.RULED_OUT);
    assertThat(TimelineText.render(incident))
        .contains(
            "Diagnosis:\n  fits: load-balancer routing or config: shares moved",
            "ruled out: a traffic surge (DDoS or flash crowd): ");
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2})
  void aDatabaseOutageIsASharedDependencyNotRoutingNorOneServerNorASurge(long seed) {
    Run run = replay("database-outage", seed);

    Incident incident = run.incidents().get(run.incidents().size() - 1);
    assertThat(verdicts(incident.getDiagnosis()))
        .containsEntry(DiagnosisTheory.SHARED_DEPENDENCY, DiagnosisVerdict.FITS)
        .containsEntry(DiagnosisTheory.ROUTING, DiagnosisVerdict.RULED_OUT)
        .containsEntry(DiagnosisTheory.ONE_SERVER, DiagnosisVerdict.RULED_OUT)
        .containsEntry(DiagnosisTheory.TRAFFIC_SURGE, DiagnosisVerdict.RULED_OUT);
    assertThat(run.started())
        .allSatisfy(
            a ->
                assertThat(verdicts(a.getDiagnosis()))
                    .containsEntry(DiagnosisTheory.ROUTING, DiagnosisVerdict.RULED_OUT));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2})
  void aServerAtTheWrongPortIsOneBadServerNotRoutingNorADatabase(long seed) {
    Run run = replay("wrong-port", seed);

    Incident incident = run.incidents().get(run.incidents().size() - 1);
    assertThat(verdicts(incident.getDiagnosis()))
        .containsEntry(DiagnosisTheory.ONE_SERVER, DiagnosisVerdict.FITS)
        .containsEntry(DiagnosisTheory.ROUTING, DiagnosisVerdict.RULED_OUT)
        .containsEntry(DiagnosisTheory.SHARED_DEPENDENCY, DiagnosisVerdict.RULED_OUT);
    assertThat(incident.getDiagnosis())
        .filteredOn(d -> d.getTheory() == DiagnosisTheory.ONE_SERVER)
        .singleElement()
        .satisfies(d -> assertThat(d.getReason()).startsWith("web-3: 100% 5xx against"));
  }
}
