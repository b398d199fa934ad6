package io.fulcrum.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fulcrum.avro.AnomalyStatus;
import io.fulcrum.avro.IncidentState;
import io.fulcrum.query.LocalReader.PoolSummary;
import io.fulcrum.query.Views.AnomalyView;
import io.fulcrum.query.Views.ChangeView;
import io.fulcrum.query.Views.IncidentView;
import io.fulcrum.query.Views.WindowView;
import org.junit.jupiter.api.Test;

class LocalReaderTest {
  private final RecentFixture f = new RecentFixture();
  private final LocalReader reader = f.reader();

  @Test
  void aPoolShowsItsLatestWindowOpenIncidentAndUnclearedAnomalies() {
    f.window("web", 0);
    f.window("web", 1);
    f.incident("web", 0, IncidentState.RESOLVED);
    f.incident("web", 1, IncidentState.ROLLBACK_ISSUED);
    f.anomaly("web", "cleared", AnomalyStatus.CLEARED);
    f.anomaly("web", "ongoing", AnomalyStatus.ONGOING);

    PoolSummary web = reader.pool("web");
    assertThat(web.window().windowStart())
        .isEqualTo(java.time.Instant.ofEpochMilli(RecentFixture.T0 + 10_000).toString());
    assertThat(web.openIncident().incidentId()).isEqualTo(RecentFixture.id("web", 1));
    assertThat(web.activeAnomalies()).extracting(AnomalyView::id).containsExactly("ongoing");
    assertThat(reader.pool("nope")).isNull();
  }

  @Test
  void anIncidentAwaitingApprovalIsThePoolsOpenIncident() {
    f.window("web", 0);
    f.incident("web", 0, IncidentState.AWAITING_APPROVAL);

    assertThat(reader.pool("web").openIncident().state()).isEqualTo("AWAITING_APPROVAL");
  }

  @Test
  void listsPoolsByNameAndWindowsNewestFirst() {
    f.window("web", 0);
    f.window("api", 0);
    for (int n = 1; n < 5; n++) {
      f.window("web", n);
    }
    assertThat(reader.pools().pools()).extracting(PoolSummary::pool).containsExactly("api", "web");
    assertThat(reader.windows("web", 3).windows())
        .extracting(WindowView::windowStart)
        .isSortedAccordingTo((a, b) -> b.compareTo(a))
        .hasSize(3);
    assertThat(reader.windows("nope", 3)).isNull();
  }

  @Test
  void findsAnIncidentByIdWithItsTimelineAndListsNewestUpdateFirst() {
    f.incident("web", 0, IncidentState.OPEN);
    f.incident("api", 1, IncidentState.ESCALATED);

    IncidentView one = reader.incident("web", RecentFixture.id("web", 0));
    assertThat(one.state()).isEqualTo("OPEN");
    assertThat(one.timeline()).isNotNull();
    assertThat(reader.incident("web", RecentFixture.id("web", 7))).isNull();
    assertThat(reader.incidents().incidents())
        .extracting(IncidentView::pool)
        .containsExactly("api", "web");
  }

  @Test
  void listsAPoolsConfigDeploysOldestFirstAndNoneForAPoolWithoutChanges() {
    f.deploy("web", "v42", 60);
    f.deploy("web", "v41", 120); // a rollback is the older version deployed again

    assertThat(reader.changes("web").changes())
        .extracting(ChangeView::version, ChangeView::at, ChangeView::author)
        .containsExactly(
            tuple(
                "v42",
                java.time.Instant.ofEpochMilli(RecentFixture.T0 + 60_000).toString(),
                "alice"),
            tuple(
                "v41",
                java.time.Instant.ofEpochMilli(RecentFixture.T0 + 120_000).toString(),
                "alice"));
    assertThat(reader.changes("nope").changes()).isEmpty();
  }

  @Test
  void anAnomalyCarriesTheStatisticsThatFired() {
    f.anomaly("web", "a1", AnomalyStatus.STARTED);

    AnomalyView a = reader.anomalies().anomalies().get(0);
    assertThat(a.evidence().test()).isEqualTo("G-test");
    assertThat(a.evidence().pValue()).isEqualTo(1e-9);
    assertThat(a.evidence().effectMeasure()).isEqualTo("tvd");
  }
}
